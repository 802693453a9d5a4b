/**
 * `npm run db:verify`: recomputes every version hash and cross-checks it with the signatures and audit events that
 * carry it, recomputes every audit chain (letters, offices, global) against its sealed head, and names whatever no
 * longer matches (app/models/integrity.server.ts). Exit code 1 when anything is off.
 *
 * `npm run db:verify -- --seal` first seals the chain heads an upgrade filled in without a seal (or sealed under an
 * earlier APP_SECRET), each only if its chain verifies; run it once after upgrading or changing APP_SECRET.
 */
import { getDbHandle, closeDb } from "#app/infra/db.server";
import { sealHeads, verifyDatabase, type IntegrityProblem } from "#app/models/integrity.server";

function describe(p: IntegrityProblem): string {
  switch (p.kind) {
    case "version-hash":
      return `VERSION HASH MISMATCH letter ${p.letterId} version ${p.number} (${p.versionId}): its fields no longer give its SHA-256`;
    case "version-audit":
      return `VERSION DISAGREES WITH ITS AUDIT EVENT letter ${p.letterId} version ${p.number} (${p.versionId}): ${
        p.detail === "no-event" ? "no version.published event" : `the event recorded another ${p.detail}`
      }`;
    case "signature-hash":
      return `SIGNATURE HASH MISMATCH letter ${p.letterId} signature ${p.signatureId} (Member ${p.mepId}, version ${p.number}): signed a different text`;
    case "chain":
      return `AUDIT CHAIN BROKEN ${p.chain}${p.brokenAt ? ` at event ${p.brokenAt}` : ""} (head: ${p.head}${
        p.broken.length ? `; events ${p.broken.join(", ")}` : ""
      })`;
    case "letter-unaudited":
      return `LETTER WITHOUT AUDIT TRAIL ${p.letterId}`;
  }
}

const { db } = await getDbHandle();
if (process.argv.includes("--seal")) console.log(`Chain heads sealed: ${await sealHeads(db)}`);
const report = await verifyDatabase(db);
console.log(
  `Versions: ${report.versions}; signatures: ${report.signatures}; audit chains: ${report.chains}; letters: ${report.letters}`,
);
for (const p of report.problems) console.log(`  ${describe(p)}`);
console.log(report.ok ? "Everything verifies." : `Problems: ${report.problems.length}`);
await closeDb();
process.exit(report.ok ? 0 : 1);
