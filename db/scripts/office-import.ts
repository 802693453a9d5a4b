/**
 * `npm run office:import -- <office.json>`: restores an office archive (npm run office:export) into this database,
 * all or nothing, refusing an office that is already here. Runs as the tables' owner (MIGRATION_DATABASE_URL when
 * set, else DATABASE_URL; or PGLITE_DIR): moving the id sequences past the imported ids takes more than the app's
 * grants. Afterwards `npm run db:verify` checks the copy; under another APP_SECRET than the source's, seal the
 * imported chain heads first with `npm run db:verify -- --seal`. Invitation links are dead in the copy (resend).
 */
import { readFileSync } from "node:fs";
import { openDb } from "#db/client.server";
import { getEnv } from "#app/infra/env.server";
import { ArchiveError, importOffice } from "#app/services/office-archive.server";

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error("Usage: npm run office:import -- <office-archive.json>");
    return 2;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`Cannot read ${file} as JSON: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const env = getEnv();
  const handle = await openDb({ url: env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL, dataDir: env.PGLITE_DIR });
  try {
    const r = await importOffice(handle.db, doc);
    const total = Object.values(r.rows).reduce((a, b) => a + b, 0);
    console.log(`Imported office ${r.officeId}: ${total} rows.`);
    for (const [t, n] of Object.entries(r.rows)) if (n) console.log(`  ${t}: ${n}`);
    return 0;
  } catch (e) {
    if (!(e instanceof ArchiveError)) throw e;
    console.error("Nothing was imported:");
    for (const p of e.problems) console.error(`  ${p}`);
    return 1;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
