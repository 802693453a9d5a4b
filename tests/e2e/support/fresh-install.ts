/**
 * A second copy of the app for the first-install browser test: production mode, no demo data, on a database of
 * its own (a fresh PGlite folder, or a fresh PostgreSQL database when E2E_DATABASE_URL is set, run as the role of
 * E2E_APP_DATABASE_URL when that is set too), prepared exactly as the README's "Running for real" says:
 * `npm run db:migrate`, `npm run admin:create -- …`, then `npm start` (here `node server.js` from the existing build).
 * It sends mail to the same fake Resend server as the main test app.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { RESEND_URL } from "./helpers";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export type FreshInstall = {
  origin: string;
  /** Output of the two set-up commands, as an administrator would read it in their terminal. */
  setupOutput: string;
  stop(): Promise<void>;
};

type Admin = { email: string; name: string; office: string };

function run(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, env });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(" ")} exited ${code}:\n${out}`)),
    );
  });
}

async function waitForHealth(origin: string, child: ChildProcess, log: () => string) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the fresh install exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the fresh install did not answer /healthz within 60 s:\n${log()}`);
}

export async function startFreshInstall(port: number, admin: Admin): Promise<FreshInstall> {
  const origin = `http://127.0.0.1:${port}`;
  const tag = `${process.env.E2E_RUN_ID ?? Date.now()}`.replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    SEED_DEMO: "never",
    PORT: String(port),
    PUBLIC_ORIGIN: origin,
    RESEND_API_KEY: "re_test",
    RESEND_BASE_URL: RESEND_URL,
    APP_SECRET: randomBytes(32).toString("hex"),
    MAIL_FROM: "Undersigned <letters@first-install.test>",
  };
  delete env.DATABASE_URL;
  delete env.MIGRATION_DATABASE_URL;
  delete env.ALLOW_TEST_CLOCK;

  let cleanup: () => Promise<void>;
  const adminUrl = process.env.E2E_DATABASE_URL;
  if (adminUrl) {
    const name = `undersigned_first_${tag}`;
    const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.unsafe(`create database "${name}"`);
    await sql.end();
    const owner = new URL(adminUrl);
    owner.pathname = `/${name}`;
    env.DATABASE_URL = owner.toString();
    if (process.env.E2E_APP_DATABASE_URL) {
      const app = new URL(process.env.E2E_APP_DATABASE_URL);
      app.pathname = `/${name}`;
      env.MIGRATION_DATABASE_URL = owner.toString();
      env.DATABASE_URL = app.toString();
    }
    cleanup = async () => {
      const s = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await s.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await s.end();
      }
    };
  } else {
    const dir = path.join(root, ".data", `e2e-first-${tag}`);
    rmSync(dir, { recursive: true, force: true });
    env.PGLITE_DIR = dir;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }

  // The README's steps, in order. On PGlite they run before the server: one process per data folder.
  let setupOutput = await run(["db/scripts/migrate.ts"], env);
  setupOutput += await run(
    ["db/scripts/create-admin.ts", "--email", admin.email, "--name", admin.name, "--office", admin.office],
    env,
  );

  const child = spawn(process.execPath, [path.join(root, "server.js")], { cwd: root, env });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  try {
    await waitForHealth(origin, child, () => log);
  } catch (e) {
    child.kill("SIGKILL");
    await cleanup();
    throw e;
  }

  return {
    origin,
    setupOutput,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await cleanup();
    },
  };
}
