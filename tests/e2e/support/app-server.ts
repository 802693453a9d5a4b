/**
 * Starts the built app for the browser tests on a database of its own, and removes that database
 * when stopped. Playwright's webServer runs it (see playwright.config.ts):
 *   node --import tsx tests/e2e/support/app-server.ts
 * With E2E_DATABASE_URL (a Postgres server URL; its database is only used to connect) it creates a
 * fresh database `undersigned_e2e_<run>` and drops it afterwards; without it, a fresh PGlite folder
 * under .data/e2e-<run> that is deleted afterwards (kept when E2E_KEEP_DATA=1). With E2E_APP_DATABASE_URL as
 * well (a login role that owns nothing), the app runs as that role and migrates as E2E_DATABASE_URL's, as a
 * production install with MIGRATION_DATABASE_URL does.
 * The app itself is `node server.js` from the existing build/ (the config or .ci/run builds first).
 */
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const run = process.env.E2E_RUN_ID ?? String(Date.now());
const keep = process.env.E2E_KEEP_DATA === "1";
const adminUrl = process.env.E2E_DATABASE_URL;

if (!existsSync(path.join(root, "build", "index.js"))) {
  console.error("e2e: build/index.js is missing; run `npm run build` first");
  process.exit(1);
}

const env: NodeJS.ProcessEnv = { ...process.env };
delete env.DATABASE_URL;
delete env.MIGRATION_DATABASE_URL;
let dropDatabase: (() => Promise<void>) | null = null;
let pgliteDir: string | null = null;

if (adminUrl) {
  const name = `undersigned_e2e_${run.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  const appRole = process.env.E2E_APP_DATABASE_URL;
  if (appRole) {
    const app = new URL(appRole);
    app.pathname = `/${name}`;
    env.MIGRATION_DATABASE_URL = url.toString();
    env.DATABASE_URL = app.toString();
  }
  dropDatabase = async () => {
    if (keep) return;
    const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await sql.end();
    }
  };
  console.log(`e2e: database ${name} on ${url.host}${appRole ? ` (app as ${new URL(appRole).username})` : ""}`);
} else {
  pgliteDir = path.join(root, ".data", `e2e-${run}`);
  env.PGLITE_DIR = pgliteDir;
  console.log(`e2e: PGlite in ${path.relative(root, pgliteDir)}`);
}

// Absolute path: a broad `pkill -f "node server.js"` elsewhere on the machine does not hit this one.
const child = spawn(process.execPath, [path.join(root, "server.js")], { cwd: root, env, stdio: "inherit" });

let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  try {
    await dropDatabase?.();
  } catch (e) {
    console.error("e2e: could not drop the test database:", e);
  }
  if (pgliteDir && !keep) rmSync(pgliteDir, { recursive: true, force: true });
}

child.on("exit", async (code, signal) => {
  await cleanup();
  process.exit(code ?? (signal ? 1 : 0));
});

for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    // The app closes its database on SIGTERM; cleanup runs when it has exited.
    if (child.exitCode === null) child.kill("SIGTERM");
  });
}
