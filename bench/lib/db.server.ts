/**
 * Which database a benchmark uses, and bulk inserts. DATABASE_URL selects PostgreSQL; otherwise PGlite in
 * PGLITE_DIR, defaulting to .data/bench-pglite so a benchmark never writes into the development database.
 */
import { sql, type Table } from "drizzle-orm";
import { openDb, rowsOf, type DbHandle, type Queryable } from "#db/client.server";

export type DbTarget = { url?: string; dataDir?: string };

export const DEFAULT_BENCH_PGLITE_DIR = ".data/bench-pglite";

export function targetFromEnv(): DbTarget {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  return { dataDir: process.env.PGLITE_DIR ?? DEFAULT_BENCH_PGLITE_DIR };
}

export function describeTarget(t: DbTarget): string {
  if (t.url) {
    const u = new URL(t.url);
    if (u.password) u.password = "***";
    return `postgres ${u.toString()}`;
  }
  return `pglite ${t.dataDir}`;
}

export function openTarget(t: DbTarget): Promise<DbHandle> {
  return openDb({ url: t.url, dataDir: t.dataDir });
}

/** Multi-row INSERTs of `chunk` rows each (parameter count stays well under Postgres' 65,535). */
export async function insertChunked<T extends Table>(
  db: Queryable,
  table: T,
  rows: readonly T["$inferInsert"][],
  chunk = 1000,
) {
  for (let i = 0; i < rows.length; i += chunk) {
    await db.insert(table).values(rows.slice(i, i + chunk) as T["$inferInsert"][]);
  }
}

export async function countRows(db: Queryable, table: string): Promise<number> {
  const res = await db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  return Number(rowsOf<{ n: number }>(res)[0]?.n ?? 0);
}

/** Options of the form `--name value` or `--flag`. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  return v && !v.startsWith("--") ? v : "true";
}

export function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** A throwaway database on the server DATABASE_URL points at (as tests/setup/db.ts does), dropped by `drop()`. */
export async function createScratchPostgres(
  baseUrl: string,
  prefix = "bench",
): Promise<{ url: string; drop(): Promise<void> }> {
  const { default: postgres } = await import("postgres");
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export async function canConnect(url: string): Promise<boolean> {
  const { default: postgres } = await import("postgres");
  const c = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await c`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await c.end({ timeout: 1 });
  }
}
