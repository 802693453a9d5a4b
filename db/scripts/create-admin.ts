/**
 * `npm run admin:create -- --email anna@example.eu --name "Anna de Vries" --office "Office of Jan Jansen MEP"`
 * First install: creates the platform administrator, the office and the admin membership, so that the
 * person can sign in with a code sent to that address. Idempotent and safe on a production database.
 * Uses DATABASE_URL (PostgreSQL) or PGLITE_DIR (embedded; stop the app first: one process per folder).
 */
import { parseArgs } from "node:util";
import { closeDb, getDbHandle } from "#app/infra/db.server";
import { checkFirstAdminInput, createFirstAdmin } from "#app/services/first-admin.server";

const USAGE = 'Usage: npm run admin:create -- --email <address> --name "<full name>" --office "<office name>"';

async function main() {
  const { values } = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, office: { type: "string" } },
  });
  const problems = checkFirstAdminInput(values);
  if (problems.length) {
    for (const p of problems) console.error(p);
    console.error(USAGE);
    return 2;
  }
  const handle = await getDbHandle();
  try {
    const r = await createFirstAdmin(handle.db, { email: values.email!, name: values.name!, office: values.office! });
    console.log(
      [
        `${r.createdUser ? "Created" : "Found"} account ${values.email!.trim().toLowerCase()}${r.madePlatformAdmin ? " (now a platform administrator)" : ""}.`,
        `${r.createdOffice ? "Created" : "Found"} office "${values.office!.trim()}".`,
        r.createdMembership
          ? "Added as the office's administrator."
          : r.madeOfficeAdmin
            ? "Made the office's administrator."
            : "Already the office's administrator.",
        "Sign in at /login with this address: a code is sent to it.",
      ].join("\n"),
    );
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
