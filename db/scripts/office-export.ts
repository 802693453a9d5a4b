/**
 * `npm run office:export -- --office <office id> [--out office.json]`: the whole office as an archive
 * (app/services/office-archive.server.ts), to stdout or a file; recorded in the office's audit chain.
 * Uses DATABASE_URL (PostgreSQL) or PGLITE_DIR (embedded; stop the app first: one process per folder).
 * No sign-in, signing or calendar links travel: see TABLE_DECISIONS in the service.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { closeDb, getDbHandle } from "#app/infra/db.server";
import { isUuid } from "#app/infra/ids";
import { exportOfficeAudited } from "#app/services/office-archive.server";

async function main() {
  const { values } = parseArgs({ options: { office: { type: "string" }, out: { type: "string" } } });
  if (!values.office || !isUuid(values.office)) {
    console.error("Usage: npm run office:export -- --office <office id> [--out <file.json>]");
    return 2;
  }
  const handle = await getDbHandle();
  try {
    const archive = await exportOfficeAudited(handle.db, values.office, { label: "office:export (command line)" });
    const text = JSON.stringify(archive, null, 1);
    if (values.out) {
      writeFileSync(values.out, text);
      const rows = Object.values(archive.tables).reduce((n, r) => n + r.length, 0);
      console.error(`Exported "${archive.office.name}": ${rows} rows to ${values.out}.`);
    } else process.stdout.write(text + "\n");
  } finally {
    await closeDb();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
