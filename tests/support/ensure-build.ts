/**
 * The production build (build/index.js) for tests that start the real server: built when it is missing or
 * older than any file it bundles (a stale build would test old code). Test files run in parallel, so the
 * build is made under a lock directory: one file builds, the others wait for it and then find it fresh.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BUILD = path.join(ROOT, "build", "index.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestSource(p) : /\.(ts|tsx|js)$/.test(name) ? s.mtimeMs : 0);
  }
  return newest;
}

/** The build bundles app/, db/ and emails/ (server.js is not bundled: it is read as it is). */
const SOURCES = ["app", "db", "emails"].map((d) => path.join(ROOT, d));
const fresh = () => existsSync(BUILD) && statSync(BUILD).mtimeMs >= Math.max(...SOURCES.map(newestSource));

export async function ensureBuild(timeoutMs = 170_000): Promise<void> {
  if (fresh()) return;
  const lock = path.join(ROOT, ".data", "build.lock");
  mkdirSync(path.dirname(lock), { recursive: true });
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than the timeout was left by a killed run.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > timeoutMs) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > until) throw new Error("ensureBuild: timed out waiting for another build");
      await new Promise((r) => setTimeout(r, 250));
      if (fresh()) return;
    }
  }
  try {
    // As `npm run build` does: vitest's NODE_ENV=test would give a development build (jsxDEV) that the
    // production server cannot render with.
    if (!fresh())
      execFileSync("npx", ["remix", "build"], {
        cwd: ROOT,
        stdio: "ignore",
        env: { ...process.env, NODE_ENV: "production" },
      });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
