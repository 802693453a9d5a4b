/**
 * Latency of the search page (GET /search?q=…, every kind for one office) against the empty page measured in the same
 * run on the same server: GET /campaigns for an office that has no campaigns (same root layout, same session lookup,
 * one indexed query that returns no rows; see bench/README.md). The target (issue 14): search p95 within 3× the empty
 * page's p95 on the full-term dataset. Also prints GET /search without a query (the search page's own frame).
 *
 *   npm run bench:search                                 # on .data/bench-pglite (npm run bench:data fills it)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench npm run bench:search
 *   npm run bench:search -- --small                      # self-generated small dataset in a temporary database
 *   options: --duration 10 (seconds per measurement)  --connections 10  --build (force npm run build)
 *
 * The searches cycle through what people type, for the office with the most letters: a word every letter has, a
 * word of a subject, a phrase, a word and an exclusion, a question reference of the office's register in its short
 * form, an Ares reference of one of its replies without the word "Ares", a Member's surname, and a word nothing has.
 * Latencies are measured per request by this script (fetch, `--connections` in flight), so p95 is exact.
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

const duration = Number(argValue("duration") ?? 10);
const connections = Number(argValue("connections") ?? 10);

const build = ensureProductionBuild(argValue("build") === "true");
if (build.built) console.log("built the app (npm run build)");

let target: DbTarget = targetFromEnv();
let cleanup = async () => {};
if (argValue("small")) {
  if (target.url) {
    const scratch = await createScratchPostgres(target.url, "bench_search");
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
  console.log("empty database: generating a small dataset (scale 0.02); npm run bench:data builds the full one …");
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
const officeId = busiest.office_id;
const one = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(q))[0];
const subject = await one<{ subject: string }>(
  sql`select subject from letters where office_id = ${officeId} order by updated_at desc limit 1`,
);
const question = await one<{ type: string; number: number; year: number }>(sql`
  select q.type, q.number, q.year from question_links l join parliamentary_questions q on q.id = l.question_id
  where l.office_id = ${officeId} limit 1`);
const reply = await one<{ their_reference: string }>(
  sql`select their_reference from replies where office_id = ${officeId} and their_reference like 'Ares(%' limit 1`,
);
const mep = await one<{ family_name: string }>(sql`select family_name from meps order by id limit 1`);
const subjectWord = (subject?.subject ?? "letter").split(/\s+/).find((x) => x.length > 5) ?? "letter";
const terms = [
  "commission",
  subjectWord,
  '"the commission"',
  "parliament -council",
  question ? `${question.type.toLowerCase()} ${question.number}/${String(question.year).slice(2)}` : "E-1/2024",
  reply ? reply.their_reference.replace(/^Ares\((\d{4})\)/, "$1/") : "2024/123456",
  mep?.family_name ?? "Müller",
  "xylophonequartz",
];
const actor = { userId: busiest.user_id, officeId };
const emptyOfficeId = await addEmptyOffice(db, actor.userId, `Empty office ${new Date().toISOString()}`);
const busyToken = await sessionFor(db, actor);
const emptyToken = await sessionFor(db, { userId: actor.userId, officeId: emptyOfficeId });
const counts = {
  letters: await countRows(db, "letters"),
  versions: await countRows(db, "letter_versions"),
  replies: await countRows(db, "replies"),
  questions: await countRows(db, "parliamentary_questions"),
  officeLetters: busiest.letters,
};
await handle.close(); // PGlite: one process per folder, and the server is about to open it.

type Run = { label: string; times: number[]; bad: number; seconds: number };

/** `connections` loops, each sending the next path as soon as its previous answer is read, for `seconds`. */
async function measure(label: string, paths: string[], token: string, seconds: number): Promise<Run> {
  const times: number[] = [];
  let bad = 0;
  let next = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const p = paths[next++ % paths.length];
        const s = performance.now();
        try {
          const res = await fetch(`${server.origin}${p}`, { headers: { cookie: `undersigned=${token}` } });
          await res.arrayBuffer();
          if (res.status !== 200) bad++;
        } catch {
          bad++;
        }
        times.push(performance.now() - s);
      }
    }),
  );
  return { label, times, bad, seconds: (performance.now() - t0) / 1000 };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

const server = await startServer(target);
const searchPaths = terms.map((t) => `/search?q=${encodeURIComponent(t)}`);
try {
  console.log(
    `server: pid ${server.pid}, ${server.origin}; dataset: ${counts.letters} letters, ${counts.versions} versions, ${counts.replies} replies, ${counts.questions} questions; the searching office has ${counts.officeLetters} letters`,
  );
  // What each search finds, and one request at a time.
  for (const p of searchPaths) {
    const res = await fetch(`${server.origin}${p}`, { headers: { cookie: `undersigned=${busyToken}` } });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${p}\n${html.slice(0, 500)}`);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      await (await fetch(`${server.origin}${p}`, { headers: { cookie: `undersigned=${busyToken}` } })).arrayBuffer();
      times.push(performance.now() - s);
    }
    const kinds = [...html.matchAll(/data-kind="(\w+)"/g)].map((m) => m[1]);
    console.log(
      `  ${decodeURIComponent(p).padEnd(40)} ${(html.length / 1024).toFixed(1).padStart(6)} kB, median ${pct(times, 50).toFixed(0)} ms, groups: ${kinds.join(", ") || "none"}`,
    );
  }
  const settle = async () => {
    const t0 = Date.now();
    for (let quick = 0; quick < 3 && Date.now() - t0 < 60_000;) {
      const s = performance.now();
      await (await fetch(`${server.origin}/healthz`)).arrayBuffer();
      quick = performance.now() - s < 50 ? quick + 1 : 0;
    }
  };
  console.log(`warming up (3 s each), then ${duration} s per run, ${connections} in flight: empty, search, frame × 2`);
  await measure("warm-up", ["/campaigns"], emptyToken, 3);
  await measure("warm-up", searchPaths, busyToken, 3);
  const runs: Run[] = [];
  for (let i = 1; i <= 2; i++) {
    await settle();
    runs.push(await measure(`empty page (/campaigns) #${i}`, ["/campaigns"], emptyToken, duration));
    await settle();
    runs.push(await measure(`search (${terms.length} queries) #${i}`, searchPaths, busyToken, duration));
    await settle();
    runs.push(await measure(`search page, no query #${i}`, ["/search"], busyToken, duration));
  }
  console.log("");
  console.log(
    `${"".padEnd(34)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"requests".padStart(9)} ${"bad".padStart(5)}`,
  );
  for (const r of runs)
    console.log(
      `${r.label.padEnd(34)} ${(r.times.length / r.seconds).toFixed(1).padStart(8)} ${pct(r.times, 50).toFixed(1).padStart(8)} ${pct(r.times, 95).toFixed(1).padStart(8)} ${pct(r.times, 99).toFixed(1).padStart(8)} ${String(r.times.length).padStart(9)} ${String(r.bad).padStart(5)}`,
    );
  const all = (prefix: string) => runs.filter((r) => r.label.startsWith(prefix)).flatMap((r) => r.times);
  const empty = all("empty");
  const search = all("search (");
  const frame = all("search page");
  const bad = runs.reduce((s, r) => s + r.bad, 0) + runs.filter((r) => r.times.length === 0).length;
  console.log("");
  console.log(`empty page p95 ${pct(empty, 95).toFixed(1)} ms (p50 ${pct(empty, 50).toFixed(1)})`);
  console.log(`search     p95 ${pct(search, 95).toFixed(1)} ms (p50 ${pct(search, 50).toFixed(1)})`);
  console.log(`RATIO search/empty p95: ${(pct(search, 95) / pct(empty, 95)).toFixed(2)}x (target ≤ 3)`);
  console.log(`RATIO search/search-without-query p95: ${(pct(search, 95) / pct(frame, 95)).toFixed(2)}x`);
  console.log(`non-200 + errors + runs without a single completed request: ${bad}`);
  if (bad > 0) process.exitCode = 1;
} finally {
  await server.stop();
  await cleanup();
}
