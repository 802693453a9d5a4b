/**
 * Start-up as a real deployment runs it: the built server registers a handler for every job kind by one
 * explicit call (nothing relies on a module imported for its side effects, which the build drops), and two
 * instances started together on one empty PostgreSQL database both come up, migrated and seeded once.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { JOB_QUEUES } from "#app/services/job-handlers.server";
import { BUILD, ensureBuild } from "#tests/support/ensure-build";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

function withoutDatabaseUrl(env: NodeJS.ProcessEnv) {
  const { DATABASE_URL: _omit, ...rest } = env;
  return rest;
}

/** Every queue name a module declares as `export const X_QUEUE = "…"`. */
function declaredQueues() {
  const names = new Set<string>();
  for (const f of sourceFiles(path.join(root, "app"))) {
    for (const m of readFileSync(f, "utf8").matchAll(/export const \w+_QUEUE = "([^"]+)"/g)) names.add(m[1]);
  }
  return [...names].sort();
}

describe("job handlers", () => {
  it("JOB_QUEUES lists every queue the code declares", () => {
    expect([...JOB_QUEUES].sort()).toEqual(declaredQueues());
  });

  it("the built server registers a handler for every job kind at start-up", { timeout: 180_000 }, async () => {
    // Built when missing or older than any app file, under a lock shared with the other tests that start the server.
    await ensureBuild();
    const build = BUILD;
    const script = `const b = await import(${JSON.stringify(build)}); const m = b.entry.module;
      await m.startServices(); console.log(JSON.stringify({ queues: m.registeredQueues(), kinds: m.JOB_QUEUES }));
      await m.stopServices(); process.exit(0);`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
      env: { ...withoutDatabaseUrl(process.env), PGLITE_DIR: "memory://", RUN_WORKER: "false", SEED_DEMO: "never" },
    });
    const out = JSON.parse(stdout.trim().split("\n").pop()!) as { queues: string[]; kinds: string[] };
    expect(out.kinds.sort()).toEqual(declaredQueues());
    for (const kind of out.kinds) expect(out.queues, `handler for ${kind}`).toContain(kind);
  });
});

const base = process.env.TEST_DATABASE_URL;

describe.skipIf(!base)("two instances starting together on an empty PostgreSQL database", () => {
  it("both start; the database is migrated and seeded once", { timeout: 180_000 }, async () => {
    const name = `t_start_${randomBytes(4).toString("hex")}`;
    const admin = postgres(base!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(base!);
    url.pathname = `/${name}`;
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: url.toString(),
        RUN_WORKER: "false",
        SEED_DEMO: "always",
      };
      // With an app role (as .ci/run runs it): the instances migrate as the owner and run, and seed, as the app.
      if (process.env.TEST_APP_DATABASE_URL) {
        const app = new URL(process.env.TEST_APP_DATABASE_URL);
        app.pathname = `/${name}`;
        env.MIGRATION_DATABASE_URL = url.toString();
        env.DATABASE_URL = app.toString();
      }
      const start = () =>
        run("npx", ["tsx", path.join(root, "tests/support/start-services.ts")], { cwd: root, env }).then(
          (r) => JSON.parse(r.stdout.trim().split("\n").pop()!),
          (e: { stdout?: string; message: string }) => ({ ok: false, error: e.stdout || e.message }),
        );
      const results = await Promise.all([start(), start()]);
      expect(results).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);
      const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const [{ n }] = await db`select count(*)::int as n from users where email = 'anna.staff@demo.undersigned.test'`;
      const [{ m }] = await db`select count(*)::int as m from drizzle.__drizzle_migrations`;
      await db.end();
      expect(n).toBe(1);
      expect(m).toBeGreaterThan(0);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
