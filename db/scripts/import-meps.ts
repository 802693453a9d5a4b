/**
 * Imports the EP's MEP list into the directory. Without --term the term is taken from the file or its groups
 * (Identity and Democracy: 9th; Patriots for Europe, Europe of Sovereign Nations: 10th); when they cannot tell, it
 * asks for --term.
 *   npx tsx db/scripts/import-meps.ts <file.xml|file.jsonld> [--term 9|10] [--partial] [--today YYYY-MM-DD]
 *   npx tsx db/scripts/import-meps.ts --live    (from EP_OPEN_DATA_URL: the list, then each Member's record; cached)
 * Uses DATABASE_URL (Postgres) or PGLITE_DIR (embedded; stop the app first: one process per folder).
 * --partial: the file is not the complete list, so nobody is marked as having left.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseMepFile } from "#app/domain/mep-import";
import { importMeps } from "#app/models/meps.server";
import { closeDb, getDbHandle } from "#app/infra/db.server";
import { importDirectoryLive, openDataClient } from "#app/services/directory-import.server";

async function live() {
  const client = openDataClient();
  if (!client) {
    console.error("--live needs EP_OPEN_DATA_URL (e.g. https://data.europarl.europa.eu/api/v2)");
    return 2;
  }
  const handle = await getDbHandle();
  try {
    const r = await importDirectoryLive(handle.db, client);
    const s = r.summary;
    console.log(
      `EP Open Data: ${r.listed} Members listed (term ${r.term}), ${r.fetched} records fetched, ${r.fromCache} from the cache, ${client.requestCount()} calls.`,
    );
    console.log(`added ${s.added}, updated ${s.updated}, unchanged ${s.unchanged}, left the Parliament ${s.left}`);
    for (const g of s.groupChanges) console.log(`  group change: ${g.name}: ${g.from} → ${g.to}`);
    for (const p of r.problems) console.log(`  ${p.epId ?? ""} ${p.message}`);
  } finally {
    await closeDb();
  }
  return 0;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      term: { type: "string" },
      partial: { type: "boolean", default: false },
      today: { type: "string" },
      live: { type: "boolean", default: false },
    },
  });
  if (values.live) return live();
  const file = positionals[0];
  if (!file) {
    console.error(
      "Usage: npx tsx db/scripts/import-meps.ts <file.xml|file.jsonld> [--term 9|10] [--partial] [--today YYYY-MM-DD]",
    );
    return 2;
  }
  const term = values.term === undefined ? undefined : Number(values.term);
  if (term !== undefined && term !== 9 && term !== 10) {
    console.error("--term must be 9 or 10");
    return 2;
  }
  const today = values.today ?? new Date();
  const parsed = parseMepFile(readFileSync(file, "utf8"), { term, today });
  if (!parsed.ok) {
    console.error(`Cannot import ${file}: ${parsed.error}${parsed.needsTerm ? " (--term 9 or --term 10)" : ""}`);
    return parsed.needsTerm ? 2 : 1;
  }
  const list = parsed.value;
  if (list.groupTerm.term && list.groupTerm.term !== list.term) {
    console.error(
      `Cannot import ${file} as term ${list.term}: it has ${list.groupTerm.markers.join("; ")}, which existed only in term ${list.groupTerm.term}.`,
    );
    return 2;
  }
  const how = list.termSource === "groups" ? ` (from the groups: ${list.groupTerm.markers.join("; ")})` : "";
  console.log(`${file}: ${list.format}, term ${list.term}${how}, ${list.meps.length} Members read.`);
  for (const p of list.problems)
    console.log(`  entry ${p.entry}${p.epId ? ` (id ${p.epId})` : ""}: ${p.kind}: ${p.message}`);

  const handle = await getDbHandle();
  try {
    const s = await importMeps(handle.db, list.meps, { term: list.term, today, full: !values.partial });
    console.log(`added ${s.added}, updated ${s.updated}, unchanged ${s.unchanged}, left the Parliament ${s.left}`);
    for (const g of s.groupChanges) console.log(`  group change: ${g.name}: ${g.from} → ${g.to}`);
    for (const l of s.leftMeps) console.log(`  left: ${l.name} (id ${l.epId})`);
    if (s.unknownGroups.length)
      console.log(`  unknown groups (kept under their full name): ${s.unknownGroups.join("; ")}`);
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
