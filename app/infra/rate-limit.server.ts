/**
 * Fixed-window rate limiting held in Postgres, so the limit holds across app instances.
 * One upsert per check; old windows are swept by the maintenance job.
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

/** Counts one hit and says whether it is within the limit. */
export async function hit(db: Queryable, key: string, { limit, windowSeconds }: Limit, now = new Date()) {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000);
  const res = await db.execute(sql`
    insert into rate_limits (key, window_start, count) values (${key}, ${windowStart.toISOString()}, 1)
    on conflict (key, window_start) do update set count = rate_limits.count + 1
    returning count`);
  const count = Number(rowsOf<{ count: number }>(res)[0]?.count ?? 0);
  return {
    ok: count <= limit,
    count,
    retryAfterSeconds: Math.ceil((windowStart.getTime() + windowSeconds * 1000 - now.getTime()) / 1000),
  };
}

/** Reads without counting (e.g. "is this IP already blocked for bad tokens?"). */
export async function peek(db: Queryable, key: string, { limit, windowSeconds }: Limit, now = new Date()) {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000);
  const res = await db.execute(
    sql`select count from rate_limits where key = ${key} and window_start = ${windowStart.toISOString()}`,
  );
  const count = Number(rowsOf<{ count: number }>(res)[0]?.count ?? 0);
  return { ok: count < limit, count };
}

export async function sweepRateLimits(db: Queryable, olderThan = new Date(Date.now() - 24 * 3600 * 1000)) {
  await db.execute(sql`delete from rate_limits where window_start < ${olderThan.toISOString()}`);
}
