/** The Postgres-held rate limiter: a burst across a window boundary is still one burst. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "#db/client.server";
import { hit, peek } from "#app/infra/rate-limit.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";

let handle: DbHandle & { name: string };
let db: Db;
beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

const limit = { limit: 10, windowSeconds: 60 };
const at = (s: number) => new Date(Date.UTC(2026, 0, 5, 10, 0, 0) + s * 1000);

describe(`rate limits (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("refuses a burst split across a window boundary, which fixed windows let through twice", async () => {
    const key = `burst:${Math.random()}`;
    const answers: boolean[] = [];
    for (let i = 0; i < 8; i++) answers.push((await hit(db, key, limit, at(58))).ok);
    for (let i = 0; i < 8; i++) answers.push((await hit(db, key, limit, at(61))).ok);
    expect(answers.slice(0, 8).every(Boolean)).toBe(true);
    // 8 in the last two seconds of one window, then more just after: at most 10 in any minute pass.
    expect(answers.filter(Boolean).length).toBeLessThanOrEqual(10);
    expect(answers.at(-1)).toBe(false);
  });

  it("lets requests through again once the burst is a full window old, and peek agrees", async () => {
    const key = `calm:${Math.random()}`;
    for (let i = 0; i < 12; i++) await hit(db, key, limit, at(10));
    expect((await hit(db, key, limit, at(30))).ok).toBe(false);
    expect((await peek(db, key, limit, at(30))).ok).toBe(false);
    // Half of the next window gone: half of the old burst still counts (12 × 0.5 = 6, plus this one).
    expect((await hit(db, key, limit, at(90))).ok).toBe(true);
    expect((await peek(db, key, limit, at(125))).ok).toBe(true);
  });

  it("says when to retry, never less than a second", async () => {
    const key = `retry:${Math.random()}`;
    const r = await hit(db, key, limit, at(59.9));
    expect(r.retryAfterSeconds).toBe(1);
  });
});
