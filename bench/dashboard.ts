/**
 * Requests/second and latency of the dashboard (GET /, the office with the most letters in the dataset) against a
 * page of the same layout with (almost) nothing in it, measured in the same run on the same server: GET /campaigns
 * for an office that has no campaigns. The dashboard's queries each carry a limit, so the ratio should not fall as
 * the office's letters grow (target: at least 0.5 at 10 connections on PostgreSQL).
 *
 *   npm run bench:dashboard                              # on .data/bench-pglite (npm run bench:data fills it)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench npm run bench:dashboard
 *   npm run bench:dashboard -- --small                   # self-generated small dataset in a temporary database
 *   options: --duration 10 (seconds per measurement)  --connections 10  --build (force npm run build)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { rowsOf } from "#db/client.server";
import {
  argValue,
  countRows,
  createScratchPostgres,
  describeTarget,
  fmtMs,
  openTarget,
  targetFromEnv,
  type DbTarget,
} from "./lib/db.server";
import { generateDataset, scaledSpec } from "./lib/dataset.server";
import { addEmptyOffice, sessionFor } from "./lib/fixtures.server";
import { ensureProductionBuild, startServer } from "./lib/app-server.server";
import { load, printLoadTable, type LoadFigures } from "./lib/load";

const duration = Number(argValue("duration") ?? 10);
const connections = Number(argValue("connections") ?? 10);

const build = ensureProductionBuild(argValue("build") === "true");
if (build.built) console.log("built the app (npm run build)");

let target: DbTarget = targetFromEnv();
let cleanup = async () => {};
if (argValue("small")) {
  if (target.url) {
    const scratch = await createScratchPostgres(target.url, "bench_dashboard");
    target = { url: scratch.url };
    cleanup = () => scratch.drop();
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "undersigned-bench-"));
    target = { dataDir: path.join(dir, "pglite") };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`database: ${describeTarget(target)}`);

const handle = await openTarget(target);
const db = handle.db;
if ((await countRows(db, "letters")) === 0) {
  console.log("empty database: generating a small dataset (scale 0.02) …");
  const r = await generateDataset(db, scaledSpec(0.02));
  console.log(`  ${Object.values(r.counts).reduce((s, n) => s + n, 0)} rows in ${fmtMs(r.elapsedMs)}`);
}
const [busiest] = rowsOf<{ office_id: string; letters: number; user_id: string | null }>(
  await db.execute(sql`
    select l.office_id, count(*)::int as letters,
      (select m.user_id from memberships m where m.office_id = l.office_id order by m.role desc limit 1) as user_id
    from letters l group by l.office_id order by count(*) desc limit 1`),
);
if (!busiest?.user_id) throw new Error("no office with letters and a member");
const actor = { userId: busiest.user_id, officeId: busiest.office_id };
const emptyOfficeId = await addEmptyOffice(db, actor.userId, `Empty office ${new Date().toISOString()}`);
const busyToken = await sessionFor(db, actor);
const emptyToken = await sessionFor(db, { userId: actor.userId, officeId: emptyOfficeId });
const totalLetters = await countRows(db, "letters");
await handle.close(); // PGlite: one process per folder, and the server is about to open it.

const server = await startServer(target);
const cookie = (t: string) => ({ cookie: `undersigned=${t}` });
const dashUrl = `${server.origin}/`;
const emptyUrl = `${server.origin}/campaigns`;
try {
  console.log(
    `server: pid ${server.pid}, ${server.origin}; dataset: ${totalLetters} letters, the measured office has ${busiest.letters}`,
  );
  for (const [label, url, token] of [
    ["dashboard", dashUrl, busyToken],
    ["empty page", emptyUrl, emptyToken],
  ] as const) {
    const res = await fetch(url, { headers: cookie(token), redirect: "manual" });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} for ${url}\n${html.slice(0, 500)}`);
    console.log(`  ${label.padEnd(12)} ${url.replace(server.origin, "")}: ${(html.length / 1024).toFixed(1)} kB`);
  }
  await load("warm-up", { url: emptyUrl, headers: cookie(emptyToken), connections, duration: 3 });
  await load("warm-up", { url: dashUrl, headers: cookie(busyToken), connections, duration: 3 });
  const runs: LoadFigures[] = [];
  for (let i = 1; i <= 2; i++) {
    runs.push(await load(`empty page #${i}`, { url: emptyUrl, headers: cookie(emptyToken), connections, duration }));
    runs.push(await load(`dashboard #${i}`, { url: dashUrl, headers: cookie(busyToken), connections, duration }));
  }
  console.log("");
  printLoadTable(runs);
  const avg = (xs: LoadFigures[], k: "rps" | "p50" | "p99") => xs.reduce((s, x) => s + x[k], 0) / xs.length;
  const empty = runs.filter((r) => r.label.startsWith("empty"));
  const dash = runs.filter((r) => r.label.startsWith("dashboard"));
  const bad = runs.reduce((s, r) => s + r.non2xx + r.errors, 0) + runs.filter((r) => r.requests === 0).length;
  console.log(`empty page: ${avg(empty, "rps").toFixed(1)} req/s, p99 ${avg(empty, "p99").toFixed(1)} ms`);
  console.log(`dashboard:  ${avg(dash, "rps").toFixed(1)} req/s, p99 ${avg(dash, "p99").toFixed(1)} ms`);
  console.log(`RATIO dashboard/empty throughput: ${(avg(dash, "rps") / avg(empty, "rps")).toFixed(3)} (target ≥ 0.5)`);
  console.log(`non-2xx + errors + runs without a single completed request: ${bad}`);
  if (bad > 0) process.exitCode = 1;
} finally {
  await server.stop();
  await cleanup();
}
