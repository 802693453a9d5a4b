/**
 * Requests/second and latency of the reply statistics page (GET /replies/stats, the office with the most replies in
 * the dataset) against a page of the same layout with (almost) nothing in it, measured in the same run on the same
 * server: GET /campaigns for an office that has no campaigns. Target (issue 12): at least 0.5× the empty page's
 * throughput on the full-term dataset (25,000 replies).
 *
 *   npm run bench:reply-stats                              # on .data/bench-pglite (npm run bench:data fills it)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench npm run bench:reply-stats
 *   npm run bench:reply-stats -- --small                   # self-generated dataset (scale 0.05) in a temporary database
 *   options: --duration 10 (seconds per measurement)  --connections 10  --build (force npm run build)
 *            --scale 0.05 (with --small, or on an empty database)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
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
const scale = Number(argValue("scale") ?? 0.05);

const build = ensureProductionBuild(argValue("build") === "true");
if (build.built) console.log("built the app (npm run build)");

let target: DbTarget = targetFromEnv();
let cleanup = async () => {};
if (argValue("small")) {
  if (target.url) {
    const scratch = await createScratchPostgres(target.url, "bench_reply_stats");
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
  console.log(`empty database: generating a dataset at scale ${scale} …`);
  const r = await generateDataset(db, scaledSpec(scale));
  console.log(`  ${Object.values(r.counts).reduce((s, n) => s + n, 0)} rows in ${fmtMs(r.elapsedMs)}`);
}
const [busiest] = rowsOf<{ office_id: string; replies: number; letters: number; user_id: string | null }>(
  await db.execute(sql`
    select r.office_id, count(*)::int as replies,
      (select count(*)::int from letters l where l.office_id = r.office_id and l.status = 'sent') as letters,
      (select m.user_id from memberships m where m.office_id = r.office_id and m.role <> 'admin'
        order by m.role desc limit 1) as user_id
    from replies r group by r.office_id order by count(*) desc limit 1`),
);
if (!busiest?.user_id) throw new Error("no office with replies and a member");
const actor = { userId: busiest.user_id, officeId: busiest.office_id };
const emptyOfficeId = await addEmptyOffice(db, actor.userId, `Empty office ${new Date().toISOString()}`);
const busyToken = await sessionFor(db, actor);
const emptyToken = await sessionFor(db, { userId: actor.userId, officeId: emptyOfficeId });
const totals = { letters: await countRows(db, "letters"), replies: await countRows(db, "replies") };
await handle.close(); // PGlite: one process per folder, and the server is about to open it.

const server = await startServer(target);
const cookie = (t: string) => ({ cookie: `undersigned=${t}` });
const statsUrl = `${server.origin}/replies/stats`;
const emptyUrl = `${server.origin}/campaigns`;
try {
  console.log(
    `server: pid ${server.pid}, ${server.origin}; dataset: ${totals.letters} letters, ${totals.replies} replies; ` +
      `the measured office has ${busiest.letters} sent letters and ${busiest.replies} replies`,
  );
  for (const [label, url, token] of [
    ["statistics", statsUrl, busyToken],
    ["empty page", emptyUrl, emptyToken],
  ] as const) {
    const alone: number[] = [];
    let size = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const res = await fetch(url, { headers: cookie(token), redirect: "manual" });
      const html = await res.text();
      alone.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} for ${url}\n${html.slice(0, 500)}`);
      size = html.length;
    }
    alone.sort((a, b) => a - b);
    console.log(
      `  ${label.padEnd(12)} ${url.replace(server.origin, "")}: ${(size / 1024).toFixed(1)} kB, ` +
        `one at a time (median of 5) ${alone[2].toFixed(0)} ms`,
    );
  }
  await load("warm-up", { url: emptyUrl, headers: cookie(emptyToken), connections, duration: 3 });
  await load("warm-up", { url: statsUrl, headers: cookie(busyToken), connections, duration: 3 });
  const runs: LoadFigures[] = [];
  for (let i = 1; i <= 2; i++) {
    runs.push(await load(`empty page #${i}`, { url: emptyUrl, headers: cookie(emptyToken), connections, duration }));
    runs.push(await load(`statistics #${i}`, { url: statsUrl, headers: cookie(busyToken), connections, duration }));
  }
  console.log("");
  printLoadTable(runs);
  const avg = (xs: LoadFigures[], k: "rps" | "p50" | "p99") => xs.reduce((s, x) => s + x[k], 0) / xs.length;
  const empty = runs.filter((r) => r.label.startsWith("empty"));
  const stats = runs.filter((r) => r.label.startsWith("statistics"));
  const bad = runs.reduce((s, r) => s + r.non2xx + r.errors, 0) + runs.filter((r) => r.requests === 0).length;
  const line = (xs: LoadFigures[]) =>
    `${avg(xs, "rps").toFixed(1)} req/s, p50 ${avg(xs, "p50").toFixed(1)} ms, p99 ${avg(xs, "p99").toFixed(1)} ms`;
  console.log(`empty page: ${line(empty)}`);
  console.log(`statistics: ${line(stats)}`);
  console.log(
    `RATIO statistics/empty throughput: ${(avg(stats, "rps") / avg(empty, "rps")).toFixed(3)} (target ≥ 0.5)`,
  );
  console.log(`non-2xx + errors + runs without a single completed request: ${bad}`);
  if (bad > 0) process.exitCode = 1;
} finally {
  await server.stop();
  await cleanup();
}
