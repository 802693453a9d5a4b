/**
 * Rate limiting held in Postgres, so the limit holds across app instances. Counts are kept per fixed
 * window, and a check weighs the previous window by how much of it still overlaps the last
 * `windowSeconds` (a sliding-window estimate): a burst split across a window boundary is still
 * one burst, where plain fixed windows would let twice the limit through. One upsert and one read
 * per check; old windows are swept by the maintenance job.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "#db/client.server";

export type Limit = { limit: number; windowSeconds: number };

export const LIMITS = {
  /** Token routes (signing links, login links): about 10 requests a minute per IP. */
  tokenPerIp: { limit: 10, windowSeconds: 60 },
  /** Viewing token pages (GET): more generous than posting, still per IP. */
  tokenViewPerIp: { limit: 60, windowSeconds: 60 },
  /** Failed token lookups per IP: guessing gets a 429 after a few misses. */
  badTokenPerIp: { limit: 5, windowSeconds: 600 },
  loginPerEmail: { limit: 5, windowSeconds: 900 },
  loginPerIp: { limit: 20, windowSeconds: 900 },
  resendInvitation: { limit: 3, windowSeconds: 3600 },
} satisfies Record<string, Limit>;

function windowsAt(now: Date, windowSeconds: number) {
  const size = windowSeconds * 1000;
  const start = Math.floor(now.getTime() / size) * size;
  // The share of the previous window that still lies within the last `windowSeconds`.
  const previousWeight = 1 - (now.getTime() - start) / size;
  return { current: new Date(start), previous: new Date(start - size), previousWeight, end: start + size };
}

async function countIn(db: Queryable, key: string, windowStart: Date) {
  const res = await db.execute(
    sql`select count from rate_limits where key = ${key} and window_start = ${windowStart.toISOString()}`,
  );
  return Number(rowsOf<{ count: number }>(res)[0]?.count ?? 0);
}

/** Counts one hit and says whether it is within the limit. */
export async function hit(db: Queryable, key: string, { limit, windowSeconds }: Limit, now = new Date()) {
  const w = windowsAt(now, windowSeconds);
  const res = await db.execute(sql`
    insert into rate_limits (key, window_start, count) values (${key}, ${w.current.toISOString()}, 1)
    on conflict (key, window_start) do update set count = rate_limits.count + 1
    returning count`);
  const current = Number(rowsOf<{ count: number }>(res)[0]?.count ?? 0);
  const previous = await countIn(db, key, w.previous);
  const count = current + Math.ceil(previous * w.previousWeight);
  return {
    ok: count <= limit,
    count,
    retryAfterSeconds: Math.max(1, Math.ceil((w.end - now.getTime()) / 1000)),
  };
}

/** Reads without counting (e.g. "is this IP already blocked for bad tokens?"). */
export async function peek(db: Queryable, key: string, { limit, windowSeconds }: Limit, now = new Date()) {
  const w = windowsAt(now, windowSeconds);
  const count =
    (await countIn(db, key, w.current)) + Math.ceil((await countIn(db, key, w.previous)) * w.previousWeight);
  return { ok: count < limit, count };
}

export async function sweepRateLimits(db: Queryable, olderThan = new Date(Date.now() - 24 * 3600 * 1000)) {
  await db.execute(sql`delete from rate_limits where window_start < ${olderThan.toISOString()}`);
}
