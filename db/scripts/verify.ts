/**
 * `npm run db:verify`: recomputes every version hash and every letter's audit chain, and names
 * whatever no longer matches. Exit code 1 when anything is off.
 */
import { getDbHandle, closeDb } from "#app/infra/db.server";
import { verifyVersionHashes } from "#app/models/letters.server";
import { verifyAuditChain } from "#app/infra/audit.server";
import { letters } from "#db/schema";

const { db } = await getDbHandle();
const versions = await verifyVersionHashes(db);
console.log(`Versions checked: ${versions.checked}; mismatched: ${versions.mismatched.length}`);
for (const m of versions.mismatched) console.log(`  MISMATCH letter ${m.letterId} version ${m.number} (${m.id})`);
let broken = 0;
const all = await db.select({ id: letters.id, officeId: letters.officeId }).from(letters);
for (const l of all) {
  const r = await verifyAuditChain(db, { officeId: l.officeId, letterId: l.id });
  if (r.broken.length) {
    broken += r.broken.length;
    console.log(`  AUDIT CHAIN BROKEN letter ${l.id}: events ${r.broken.join(", ")}`);
  }
}
console.log(`Audit chains checked: ${all.length}; broken events: ${broken}`);
await closeDb();
process.exit(versions.mismatched.length || broken ? 1 : 0);
