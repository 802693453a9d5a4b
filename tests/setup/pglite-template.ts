/**
 * Vitest global setup: one migrated PGlite database, dumped once per set of migrations, which every test
 * file then loads instead of running all migrations again (about 1 s instead of 5–10 s per file on this
 * machine). The dump is keyed by a hash of db/migrations, so a new or edited migration makes a new one.
 * With TEST_DATABASE_URL (PostgreSQL) nothing is done.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string | null;
  }
}

const root = path.resolve(import.meta.dirname, "../..");

function migrationsHash(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, name.name);
      if (name.isDirectory()) walk(p);
      else h.update(path.relative(dir, p)).update("\0").update(readFileSync(p)).update("\0");
    }
  };
  walk(dir);
  return h.digest("hex").slice(0, 16);
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("pgliteTemplate", null);
    return;
  }
  const migrations = path.join(root, "db/migrations");
  const cacheDir = path.join(root, "node_modules/.cache/undersigned");
  const file = path.join(cacheDir, `pglite-${migrationsHash(migrations)}.tar.gz`);
  if (!existsSync(file)) {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    const client = new PGlite("memory://");
    await migrate(drizzle(client) as never, { migrationsFolder: migrations });
    const dump = await client.dumpDataDir("gzip");
    await client.close();
    mkdirSync(cacheDir, { recursive: true });
    // Written under a temporary name and renamed: a parallel run never reads half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file);
  }
  project.provide("pgliteTemplate", file);
}
