/**
 * Opens the database: PostgreSQL through postgres.js when a URL is given, otherwise embedded
 * PGlite in a data folder (one process per folder: PGlite has no inter-process lock).
 * Both are typed as the same drizzle PgDatabase, so every query in app/models runs on either.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import * as schema from "./schema";

export const fullSchema = schema;
type FullSchema = typeof fullSchema;
export type Db = PgDatabase<PgQueryResultHKT, FullSchema>;
export type Tx = PgTransaction<PgQueryResultHKT, FullSchema, ExtractTablesWithRelations<FullSchema>>;
/** Anything a model function can run queries on: the database or an open transaction. */
export type Queryable = Db | Tx;

export type DbHandle = {
  db: Db;
  driver: "postgres" | "pglite";
  /** Cheap liveness probe for the health endpoint. */
  ping(): Promise<void>;
  /**
   * Runs `fn` while holding the start-up advisory lock (PostgreSQL), so that work done once per database at
   * start-up (migrations, the demo seed) is serialised across instances starting together. The lock is taken
   * and released on one dedicated connection: a pooled client may lock on one connection and unlock on another.
   */
  withStartupLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** Key of the advisory lock held while migrating and seeding. */
const STARTUP_LOCK = 727274;

export type OpenOptions = {
  url?: string;
  /**
   * PostgreSQL only: the owner role's URL (MIGRATION_DATABASE_URL). When given, migrations and the start-up lock run
   * on it, and the role of `url` (the app's) is granted exactly the privileges it needs (grantAppRole), so the app
   * cannot TRUNCATE, DROP, ALTER or DISABLE TRIGGER on anything, nor UPDATE or DELETE evidence.
   */
  migrationUrl?: string;
  dataDir?: string;
  migrate?: boolean;
  /** PGlite only: start from this dumped data folder (tests load one migrated database instead of migrating each). */
  loadDataDir?: Blob;
};

/** Append-only evidence: the app role may read and add rows, never change or remove them. */
export const APPEND_ONLY_TABLES = ["audit_events", "letter_versions", "reply_revisions"] as const;
/** Evidence the app stamps (a withdrawal, the chain head moving on) but never deletes. */
export const NO_DELETE_TABLES = ["signatures", "audit_heads"] as const;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Grants the app's role what it needs on every table (idempotent, in one transaction, run by the owner after each
 * migration so new tables are covered): SELECT, INSERT, UPDATE, DELETE, minus UPDATE and DELETE on append-only
 * evidence and DELETE on signatures and chain heads. No TRUNCATE, no REFERENCES, no TRIGGER; not being the owner, the
 * role can neither ALTER (disable a trigger) nor DROP.
 */
export async function grantAppRole(owner: import("postgres").Sql, role: string) {
  const r = ident(role);
  await owner.begin(async (sql) => {
    await sql.unsafe(`grant usage on schema public to ${r}`);
    await sql.unsafe(`revoke all on all tables in schema public from ${r}`);
    await sql.unsafe(`grant select, insert, update, delete on all tables in schema public to ${r}`);
    await sql.unsafe(`revoke update, delete on ${APPEND_ONLY_TABLES.map(ident).join(", ")} from ${r}`);
    await sql.unsafe(`revoke delete on ${NO_DELETE_TABLES.map(ident).join(", ")} from ${r}`);
    await sql.unsafe(`grant usage, select on all sequences in schema public to ${r}`);
  });
}

function migrationsFolder() {
  // Works from source (tsx, vitest) and from the Remix build (build/index.js sits one level below the root).
  const fromEnv = process.env.MIGRATIONS_DIR;
  if (fromEnv) return fromEnv;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, "migrations"), path.join(here, "..", "db", "migrations")];
  return candidates.find((c) => existsSyncSafe(path.join(c, "meta"))) ?? candidates[0];
}

function existsSyncSafe(p: string) {
  try {
    return existsSync(p);
  } catch {
    return false;
  }
}

export async function openDb(opts: OpenOptions = {}): Promise<DbHandle> {
  const migrate = opts.migrate ?? true;
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    // Fail fast when PostgreSQL is away or stuck: a request gets its 503 within seconds
    // instead of hanging, and no statement or open transaction outlives the client that waits for it.
    const client = postgres(opts.url, {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
      connect_timeout: Number(process.env.DATABASE_CONNECT_TIMEOUT_SECONDS ?? 3),
      idle_timeout: 60,
      // postgres.js waits before reconnecting: (3^n)/100 s after n failed attempts, counted for the whole pool and
      // reset only by a successful connection. After six refused connections that is 7 s, then 20 s: every query
      // during an outage queued that long (requests hung 5-10 s), and the app came back seconds after the database.
      // A short, bounded pause instead: a query during an outage fails at once (503), and the first one after it
      // reconnects.
      backoff: (retries: number) => Math.min(0.05 * retries, 0.25),
      connection: {
        statement_timeout: Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS ?? 10_000),
        idle_in_transaction_session_timeout: 15_000,
        lock_timeout: 5_000,
      },
    });
    const db = drizzle(client, { schema: fullSchema, casing: "snake_case" }) as unknown as Db;
    // The start-up lock and migrations run as the owner when there is one.
    const ownerUrl = opts.migrationUrl ?? opts.url;
    const withStartupLock = async <T>(fn: (lockDb: Db) => Promise<T>): Promise<T> => {
      const one = postgres(ownerUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
      try {
        await one`select pg_advisory_lock(${STARTUP_LOCK})`;
        try {
          return await fn(drizzle(one, { schema: fullSchema, casing: "snake_case" }) as unknown as Db);
        } finally {
          await one`select pg_advisory_unlock(${STARTUP_LOCK})`;
        }
      } finally {
        await one.end({ timeout: 5 });
      }
    };
    if (migrate) {
      const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
      await withStartupLock(async (lockDb) => {
        await run(lockDb as never, { migrationsFolder: migrationsFolder() });
        if (opts.migrationUrl && opts.migrationUrl !== opts.url) {
          const [{ role }] = await client<{ role: string }[]>`select current_user as role`;
          const owner = postgres(opts.migrationUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
          try {
            const [{ owner: ownerRole }] = await owner<{ owner: string }[]>`select current_user as owner`;
            if (ownerRole !== role) await grantAppRole(owner, role);
          } finally {
            await owner.end({ timeout: 5 });
          }
        }
      });
    }
    return {
      db,
      driver: "postgres",
      ping: async () => {
        await client`select 1`;
      },
      withStartupLock: (fn) => withStartupLock(() => fn()),
      close: () => client.end({ timeout: 5 }),
    };
  }

  const dataDir = opts.dataDir ?? process.env.PGLITE_DIR ?? ".data/pglite";
  if (!dataDir.startsWith("memory://")) mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = opts.loadDataDir ? new PGlite(dataDir, { loadDataDir: opts.loadDataDir }) : new PGlite(dataDir);
  await client.waitReady;
  const db = drizzle(client, { schema: fullSchema, casing: "snake_case" }) as unknown as Db;
  if (migrate) {
    const { migrate: run } = await import("drizzle-orm/pglite/migrator");
    await run(db as never, { migrationsFolder: migrationsFolder() });
  }
  return {
    db,
    driver: "pglite",
    ping: async () => {
      await client.query("select 1");
    },
    // One process per data folder: there is nobody to serialise with.
    withStartupLock: (fn) => fn(),
    close: () => client.close(),
  };
}

/** `db.execute` returns an array on postgres.js and `{ rows }` on PGlite; this hides the difference. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
