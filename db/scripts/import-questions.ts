/**
 * Imports parliamentary questions from EP Open Data.
 *   npx tsx db/scripts/import-questions.ts <saved-responses.jsonld>     (one API response per line)
 *   npx tsx db/scripts/import-questions.ts [--year 2026 ...]           (live: needs EP_OPEN_DATA_URL)
 * Uses DATABASE_URL (Postgres) or PGLITE_DIR (embedded; stop the app first: one process per folder).
 * Idempotent: a second run of the same file changes nothing. Bad records are listed by line and skipped.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { closeDb, getDbHandle } from "#app/infra/db.server";
import { defaultYears, importQuestionsFromText, importQuestionsLive, liveClient } from "#app/services/questions.server";

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { year: { type: "string", multiple: true } },
  });
  const file = positionals[0];
  const client = file ? null : liveClient();
  if (!file && !client) {
    console.error("Usage: npm run import:questions -- <file.jsonld>   (or set EP_OPEN_DATA_URL for a live import)");
    return 2;
  }
  const handle = await getDbHandle();
  try {
    const s = file
      ? await importQuestionsFromText(handle.db, readFileSync(file, "utf8"))
      : await importQuestionsLive(handle.db, client!, { years: values.year?.map(Number) ?? defaultYears() });
    console.log(
      `read ${s.read}: added ${s.added}, updated ${s.updated}, unchanged ${s.unchanged}, skipped ${s.skipped}` +
        (s.listedOnly ? `, listed without detail ${s.listedOnly}` : ""),
    );
    for (const p of s.problems) console.log(`  line ${p.line}${p.record ? `, record ${p.record}` : ""}: ${p.message}`);
    if (s.unknownAddressees.length) console.log(`  unknown addressee codes (kept): ${s.unknownAddressees.join(", ")}`);
  } finally {
    await closeDb();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
