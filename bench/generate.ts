/**
 * Generates the large benchmark dataset (720 MEPs, 200 offices, 5,000 letters plus 4,000 sent earlier in the term,
 * 150,000 invitations and 150,000 signatures, 25,000 replies, 60,000 parliamentary questions) on the configured database.
 *
 *   npm run bench:data                                  # PGlite in .data/bench-pglite (PGLITE_DIR overrides)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench npm run bench:data
 *   npm run bench:data -- --scale 0.1                   # a tenth of the volume (MEPs stay at 720)
 *   npm run bench:data -- --fresh                       # PGlite only: delete the data folder first
 *
 * The database must hold no letters or MEPs yet (it refuses otherwise), and it is migrated first.
 */
import { rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { argValue, describeTarget, fmtMs, openTarget, targetFromEnv } from "./lib/db.server";
import { DatabaseNotEmptyError, FULL_SPEC, generateDataset, scaledSpec } from "./lib/dataset.server";

const target = targetFromEnv();
const scale = Number(argValue("scale") ?? 1);
if (!(scale > 0 && scale <= 1)) throw new Error("--scale must be in (0, 1]");
const spec = scale === 1 ? FULL_SPEC : scaledSpec(scale);

if (argValue("fresh")) {
  if (!target.dataDir || target.dataDir.startsWith("memory://")) {
    console.error("--fresh only applies to a PGlite data folder; for Postgres, create an empty database yourself.");
    process.exit(2);
  }
  rmSync(target.dataDir, { recursive: true, force: true });
}

console.log(`target: ${describeTarget(target)}`);
console.log(
  `spec: ${spec.meps} MEPs, ${spec.offices} offices, ${spec.letters} letters (${spec.bigLetters} with ${spec.bigLetterSize} signatures) ` +
    `and ${spec.archivedLetters} sent earlier in the term, ${spec.replies} replies, ` +
    `${spec.invitations} invitations, ${spec.signatures} signatures, ${spec.questions} questions, ${spec.questionLinks} question links`,
);
const t0 = performance.now();
const handle = await openTarget(target);
console.log(`opened and migrated in ${fmtMs(performance.now() - t0)} (${handle.driver})`);
try {
  const result = await generateDataset(handle.db, spec, (line) => console.log(line));
  console.log("");
  console.log("rows now in the database:");
  for (const [table, n] of Object.entries(result.counts)) console.log(`  ${table.padEnd(26)} ${String(n).padStart(8)}`);
  const rows = result.steps.reduce((s, x) => s + x.rows, 0);
  console.log(
    `generated ${rows} rows in ${fmtMs(result.elapsedMs)} (${Math.round(rows / (result.elapsedMs / 1000))} rows/s)`,
  );
  console.log(`letters with ${spec.bigLetterSize} signatures: ${result.bigLetterIds.join(", ")}`);
} catch (e) {
  if (e instanceof DatabaseNotEmptyError) {
    console.error(e.message);
    process.exitCode = 2;
  } else throw e;
} finally {
  await handle.close();
}
