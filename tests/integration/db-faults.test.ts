/**
 * PostgreSQL drops connections mid-flight. A query on a killed connection fails with
 * an error classified as "unavailable" (answered 503, not 500); the next query reconnects without
 * a restart; the health check reports the state. PostgreSQL only (PGlite has no connections).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { DbHandle } from "#db/client.server";
import { offices } from "#db/schema";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { isDbUnavailable } from "#app/infra/errors.server";
import { health } from "#app/services/lifecycle.server";

describe("classifying database errors", () => {
  it("treats connection loss and shutdown codes as unavailable, constraint errors as not", () => {
    for (const code of [
      "ECONNREFUSED",
      "ECONNRESET",
      "CONNECTION_CLOSED",
      "CONNECTION_ENDED",
      "57P01",
      "57P03",
      "08006",
    ]) {
      expect(isDbUnavailable(Object.assign(new Error("x"), { code })), code).toBe(true);
    }
    // drizzle wraps driver errors: the code is found on the cause.
    expect(
      isDbUnavailable(new Error("Failed query", { cause: Object.assign(new Error("gone"), { code: "57P01" }) })),
    ).toBe(true);
    expect(isDbUnavailable(Object.assign(new Error("dup"), { code: "23505" }))).toBe(false);
    expect(isDbUnavailable(new Error("plain"))).toBe(false);
  });
});

describe.skipIf(!usingPostgres())("PostgreSQL connections killed under the app", () => {
  let handle: DbHandle & { name: string };
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => handle?.close());

  async function killConnections() {
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    const killed =
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${handle.name} and pid <> pg_backend_pid()`;
    await admin.end();
    return killed.length;
  }

  it("fails the in-flight query as 'unavailable', then recovers on the next one with zero or one row written", async () => {
    const db = handle.db;
    await db.select().from(offices).limit(1); // open a pooled connection
    // The outcome is observed from the start, so the rejection is never momentarily unhandled.
    const outcome = db
      .transaction(async (tx) => {
        await tx.insert(offices).values({ name: "written during the outage" });
        await tx.execute(sql`select pg_sleep(2)`);
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    await new Promise((r) => setTimeout(r, 300));
    expect(await killConnections()).toBeGreaterThan(0);
    const err = await outcome;
    expect(err).not.toBeNull();
    expect(isDbUnavailable(err)).toBe(true);
    // The transaction never committed: zero rows; a retry writes exactly one.
    const rows = await db.select().from(offices);
    expect(rows.filter((o) => o.name === "written during the outage")).toHaveLength(0);
    await db.insert(offices).values({ name: "written during the outage" });
    expect((await db.select().from(offices)).filter((o) => o.name === "written during the outage")).toHaveLength(1);
  });

  it("the health endpoint reports the database up again after connections were killed", async () => {
    await killConnections();
    // The first ping after the kill may fail; the pool reconnects on the next.
    let report = await health();
    if (!report.ok) report = await health();
    expect(report).toMatchObject({ ok: true, database: { status: "up", driver: "postgres" } });
  });
});
