/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or a throwaway
 * schema-isolated database on PostgreSQL when TEST_DATABASE_URL is set.
 *
 * With TEST_APP_DATABASE_URL as well (a login role that owns nothing, as .ci/run creates), the database is migrated
 * by TEST_DATABASE_URL's role and the app's handle connects as that role with only the grants the app gets in
 * production (MIGRATION_DATABASE_URL apart from DATABASE_URL), so every suite runs with the app's real privileges.
 * `owner` is a handle as the owning role, for tests that tamper as only an owner or a superuser can.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { inject } from "vitest";
import postgres from "postgres";
import { openDb, type Db, type DbHandle } from "#db/client.server";
import { setDbHandle } from "#app/infra/db.server";
import { registerJobHandlers } from "#app/services/job-handlers.server";

let template: Blob | null | undefined;
function templateBlob(): Blob | null {
  if (template !== undefined) return template;
  let file: string | null = null;
  try {
    file = inject("pgliteTemplate");
  } catch {
    file = null; // not under vitest's global setup
  }
  template = file && existsSync(file) ? new Blob([readFileSync(file)]) : null;
  return template;
}

export type TestDb = DbHandle & { name: string; owner: Db };

export async function createTestDb(): Promise<TestDb> {
  // As startServices does in the app: the worker in a test runs the same handlers.
  registerJobHandlers();
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    // The migrated database from the global setup (tests/setup/pglite-template.ts); still migrated here, which
    // is a no-op on it and the full run when a file is run without the setup.
    const template = templateBlob();
    const h = await openDb({ dataDir: "memory://", ...(template ? { loadDataDir: template } : {}) });
    setDbHandle(h);
    return { ...h, name: "pglite-memory", owner: h.db };
  }
  // One database per test file, so files can run in parallel without seeing each other's rows.
  const name = `t_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const appBase = process.env.TEST_APP_DATABASE_URL;
  let h: DbHandle;
  let owner: DbHandle | null = null;
  if (appBase) {
    const app = new URL(appBase);
    app.pathname = `/${name}`;
    h = await openDb({ url: app.toString(), migrationUrl: url.toString() });
    owner = await openDb({ url: url.toString(), migrate: false });
  } else {
    h = await openDb({ url: url.toString() });
  }
  setDbHandle(h);
  return {
    ...h,
    name,
    owner: owner?.db ?? h.db,
    close: async () => {
      await h.close();
      await owner?.close();
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export const usingPostgres = () => Boolean(process.env.TEST_DATABASE_URL);
/** Whether the app's handle runs as a role that owns nothing (TEST_APP_DATABASE_URL). */
export const usingAppRole = () => usingPostgres() && Boolean(process.env.TEST_APP_DATABASE_URL);

/** The database the tests run on, for test names: "postgres" or "pglite". */
export const dbLabel = () => (usingPostgres() ? "postgres" : "pglite");

let fileHandle: TestDb | undefined;

/**
 * The test file's database, once openTestDb has run. An ES module live binding: importing files see the value it
 * is given, so read it in hooks and tests, not at import time.
 */
export let db: Db;

/** One fresh database for the whole test file, as `db`: `beforeAll(openTestDb); afterAll(closeTestDb);`. */
export async function openTestDb() {
  fileHandle = await createTestDb();
  db = fileHandle.db;
}

export async function closeTestDb() {
  await fileHandle?.close();
  fileHandle = undefined;
}
