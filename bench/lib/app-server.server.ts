/**
 * Starts the real app (node server.js, NODE_ENV=production) on a free port with its own database, for HTTP benchmarks.
 * PGlite has no inter-process lock, so the caller must have closed its own handle on the same folder first.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DbTarget } from "./db.server";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs `npm run build` unless a production build is already there (or `force`). */
export function ensureProductionBuild(force = false) {
  const index = path.join(ROOT, "build", "index.js");
  const isProd = existsSync(index) && /var mode = "production"/.test(readFileSync(index, "utf8").slice(-200_000));
  if (isProd && !force) return { built: false };
  const r = spawnSync("npm", ["run", "build"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production", VITE_CJS_IGNORE_WARNING: "true" },
  });
  if (r.status !== 0) throw new Error("npm run build failed");
  return { built: true };
}

export type RunningServer = {
  origin: string;
  pid: number;
  child: ChildProcess;
  /** Resident set size now and its peak (VmHWM), in MB, read from /proc. */
  memory(): { rssMb: number; peakMb: number } | null;
  stop(): Promise<number | null>;
  output(): string;
};

export async function startServer(target: DbTarget, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    NODE_ENV: "production",
    PORT: String(port),
    PUBLIC_ORIGIN: origin,
    SEED_DEMO: "never",
    // Production requires a secret; a fixed one keeps audit seals valid between runs on the same benchmark database.
    APP_SECRET: process.env.APP_SECRET ?? "undersigned-benchmark-secret-not-for-production",
    ...(target.url ? { DATABASE_URL: target.url } : { PGLITE_DIR: target.dataDir! }),
    ...extraEnv,
  } as NodeJS.ProcessEnv;
  const child = spawn(process.execPath, ["server.js"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`server did not become healthy in 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    origin,
    pid: child.pid!,
    child,
    output: () => out,
    memory() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        const kb = (key: string) =>
          Number(/^(\S+):\s+(\d+)/m.exec(status.split("\n").find((l) => l.startsWith(key)) ?? "")?.[2] ?? NaN);
        return { rssMb: kb("VmRSS:") / 1024, peakMb: kb("VmHWM:") / 1024 };
      } catch {
        return null;
      }
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
