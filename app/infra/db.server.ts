/** The process-wide database handle, opened once (server.js awaits it before listening). */
import { openDb, type DbHandle } from "#db/client.server";
import { getEnv } from "./env.server";

declare global {
  var __undersignedDb: Promise<DbHandle> | undefined;
}

export function getDbHandle(): Promise<DbHandle> {
  if (!globalThis.__undersignedDb) {
    const env = getEnv();
    globalThis.__undersignedDb = openDb({
      url: env.DATABASE_URL,
      migrationUrl: env.MIGRATION_DATABASE_URL,
      dataDir: env.PGLITE_DIR,
    });
  }
  return globalThis.__undersignedDb;
}

export async function getDb() {
  return (await getDbHandle()).db;
}

/** Tests install their own handle (PGlite in memory or TEST_DATABASE_URL). */
export function setDbHandle(handle: DbHandle) {
  globalThis.__undersignedDb = Promise.resolve(handle);
}

export async function closeDb() {
  const h = globalThis.__undersignedDb;
  globalThis.__undersignedDb = undefined;
  if (h) await (await h).close();
}
