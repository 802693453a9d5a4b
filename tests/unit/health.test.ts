/**
 * The health check answers even when the database hangs: a stuck ping is reported as
 * "down" after HEALTH_TIMEOUT_MS instead of holding the load balancer's probe for as long as it waits.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
// Only the health check is under test here, not the job handlers that start-up registers.
vi.mock("#app/services/job-handlers.server", () => ({}));

import { closeDb, setDbHandle } from "#app/infra/db.server";
import { health } from "#app/services/lifecycle.server";

afterAll(async () => {
  await closeDb();
});

describe("health check", () => {
  it("reports a database that never answers as down, without waiting for it", async () => {
    setDbHandle({
      db: {} as never,
      driver: "postgres",
      ping: () => new Promise<void>(() => {}),
      close: async () => {},
      withStartupLock: (fn) => fn(),
    });
    const report = await Promise.race([
      health(200),
      new Promise<"still waiting">((r) => setTimeout(() => r("still waiting"), 5_000)),
    ]);
    expect(report).toMatchObject({ ok: false, database: { status: "down" } });
  });
});
