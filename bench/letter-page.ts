/**
 * Requests/second and latency of the letter page (GET /letters/<id>, a letter with 700 signatures) against a page of
 * the same layout with (almost) nothing in it, measured in the same run on the same server: GET /campaigns for an
 * office that has no campaigns (same root layout, same session lookup, one query that returns no rows).
 *
 *   npm run bench:letter-page                            # on .data/bench-pglite (npm run bench:data fills it)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench npm run bench:letter-page
 *   npm run bench:letter-page -- --small                 # self-generated small dataset in a temporary database
 *   options: --duration 10 (seconds per measurement)  --connections 10  --build (force npm run build)
 *
 * If the database is empty, a small dataset is generated into it; if it has no letter with 700 live signatures,
 * one is created through the app's own model functions (createLetter, publishVersion, inviteMeps, signByToken).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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
import {
  addEmptyOffice,
  createCollectingLetter,
  createOfficeWithStaff,
  findLetterWithSignatures,
  invitableMepIds,
  sessionFor,
  signAll,
} from "./lib/fixtures.server";
import { ensureProductionBuild, startServer } from "./lib/app-server.server";
import { load, printLoadTable, type LoadFigures } from "./lib/load";
import { startBareServer } from "./lib/bare-server";

const SIGNATURES = 700;
const duration = Number(argValue("duration") ?? 10);
const connections = Number(argValue("connections") ?? 10);

const build = ensureProductionBuild(argValue("build") === "true");
if (build.built) console.log("built the app (npm run build)");

// ---------------------------------------------------------------- database
let target: DbTarget = targetFromEnv();
let cleanup = async () => {};
if (argValue("small")) {
  if (target.url) {
    const scratch = await createScratchPostgres(target.url, "bench_letter_page");
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
let letterCount = await countRows(db, "letters");
if (letterCount === 0) {
  console.log("empty database: generating a small dataset (scale 0.02) …");
  const r = await generateDataset(db, scaledSpec(0.02));
  console.log(`  ${Object.values(r.counts).reduce((s, n) => s + n, 0)} rows in ${fmtMs(r.elapsedMs)}`);
  letterCount = r.counts.letters;
}
let big = await findLetterWithSignatures(db, SIGNATURES);
if (!big) {
  console.log(`no letter with ${SIGNATURES} signatures: creating one through the models …`);
  const actor = await createOfficeWithStaff(db, "Benchmark office (letter page)");
  const ids = await invitableMepIds(db, SIGNATURES);
  if (ids.length < SIGNATURES) throw new Error(`only ${ids.length} MEPs with an e-mail address; need ${SIGNATURES}`);
  const letter = await createCollectingLetter(db, actor, ids, `Letter with ${SIGNATURES} signatures`);
  const signed = await signAll(db, letter, 10);
  if (signed.ok !== SIGNATURES) throw new Error(`only ${signed.ok} signatures recorded (${signed.firstError})`);
  big = { letterId: letter.letterId, ...actor };
}
const letterActor = { userId: big.userId, officeId: big.officeId };
const emptyOfficeId = await addEmptyOffice(db, big.userId, `Empty office ${new Date().toISOString()}`);
const letterToken = await sessionFor(db, letterActor);
const emptyToken = await sessionFor(db, { userId: big.userId, officeId: emptyOfficeId });
const counts = {
  letters: letterCount,
  signatures: await countRows(db, "signatures"),
  invitations: await countRows(db, "invitations"),
};
await handle.close(); // PGlite: one process per folder, and the server is about to open it.

// ---------------------------------------------------------------- server and load
const server = await startServer(target);
// As a browser asks: compressed if the server offers it; kB/resp in the table are the bytes on the wire.
const cookie = (t: string) => ({ cookie: `undersigned=${t}`, "accept-encoding": "br, gzip" });
const letterUrl = `${server.origin}/letters/${big.letterId}`;
const emptyUrl = `${server.origin}/campaigns`;
try {
  console.log(
    `server: pid ${server.pid}, ${server.origin} (NODE_ENV=production), dataset: ${counts.letters} letters, ${counts.invitations} invitations, ${counts.signatures} signatures`,
  );
  let slowestMedian = 0;
  for (const [label, url, token] of [
    ["letter page", letterUrl, letterToken],
    ["empty page", emptyUrl, emptyToken],
  ] as const) {
    const res = await fetch(url, { headers: { cookie: `undersigned=${token}` }, redirect: "manual" });
    const html = await res.text();
    if (res.status !== 200)
      throw new Error(
        `${label}: HTTP ${res.status} for ${url}\n${html.slice(0, 500)}\n${server.output().slice(-2000)}`,
      );
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await (await fetch(url, { headers: cookie(token) })).arrayBuffer();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    slowestMedian = Math.max(slowestMedian, times[2]);
    console.log(
      `  ${label.padEnd(12)} ${url.replace(server.origin, "")}: ${(html.length / 1024).toFixed(1)} kB of HTML, one request at a time: median ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)})`,
    );
  }
  const rssBefore = server.memory();

  // A run must complete a good number of the slow page's requests; on a loaded machine a 700-signature page can take
  // seconds, so the run length grows to about 20 sequential-request times per connection (same for both pages).
  const runSeconds = Math.max(duration, Math.ceil((slowestMedian * 20) / 1000));
  console.log(
    `warming up (3 s each), then ${runSeconds} s per run, ${connections} connections: empty, letter, empty, letter`,
  );
  await load("warm-up", { url: emptyUrl, headers: cookie(emptyToken), connections, duration: 3 });
  await load("warm-up", { url: letterUrl, headers: cookie(letterToken), connections, duration: 3 });
  // autocannon stops sending at the deadline, but the server may still be working through slow requests; let it
  // drain before the next measurement so one page's backlog is not charged to the other.
  const settle = async () => {
    const t0 = Date.now();
    for (let quick = 0; quick < 3 && Date.now() - t0 < 60_000;) {
      const s = performance.now();
      await (await fetch(`${server.origin}/healthz`)).arrayBuffer();
      quick = performance.now() - s < 50 ? quick + 1 : 0;
    }
  };
  const runs: LoadFigures[] = [];
  // The baseline row: a bare node:http server answering 7.3 kB (the size issue 16 measured it with), same connections.
  const bare = await startBareServer(7_300);
  try {
    await load("warm-up", { url: bare.url, connections, duration: 2 });
    runs.push(
      await load("bare node:http (7.3 kB)", {
        url: bare.url,
        connections,
        duration: 5,
      }),
    );
  } finally {
    await bare.stop();
  }
  for (let i = 1; i <= 2; i++) {
    await settle();
    runs.push(
      await load(`empty page (/campaigns) #${i}`, {
        url: emptyUrl,
        headers: cookie(emptyToken),
        connections,
        duration: runSeconds,
      }),
    );
    await settle();
    runs.push(
      await load(`letter page (${SIGNATURES} sigs) #${i}`, {
        url: letterUrl,
        headers: cookie(letterToken),
        connections,
        duration: runSeconds,
      }),
    );
  }
  const mem = server.memory();
  console.log("");
  printLoadTable(runs);
  const avg = (xs: LoadFigures[], k: "rps" | "p50" | "p99" | "bytes") =>
    xs.reduce((s, x) => s + (k === "bytes" ? x.bytesPerReq : x[k]), 0) / xs.length;
  const empty = runs.filter((r) => r.label.startsWith("empty"));
  const letter = runs.filter((r) => r.label.startsWith("letter"));
  const bad = runs.reduce((s, r) => s + r.non2xx + r.errors, 0) + runs.filter((r) => r.requests === 0).length;
  console.log("");
  console.log(
    `empty page:  ${avg(empty, "rps").toFixed(1)} req/s, p50 ${avg(empty, "p50").toFixed(1)} ms, p99 ${avg(empty, "p99").toFixed(1)} ms`,
  );
  console.log(
    `letter page: ${avg(letter, "rps").toFixed(1)} req/s, p50 ${avg(letter, "p50").toFixed(1)} ms, p99 ${avg(letter, "p99").toFixed(1)} ms`,
  );
  console.log(
    `RATIO letter/empty throughput: ${(avg(letter, "rps") / avg(empty, "rps")).toFixed(3)} (1/${(avg(empty, "rps") / avg(letter, "rps")).toFixed(1)})`,
  );
  console.log(`RATIO letter/empty p50 latency: ${(avg(letter, "p50") / Math.max(avg(empty, "p50"), 0.5)).toFixed(1)}x`);
  const bareRps = runs.find((r) => r.label.startsWith("bare"))!.rps;
  console.log(
    `RATIO empty/bare node:http throughput: ${(avg(empty, "rps") / bareRps).toFixed(4)} (1/${(bareRps / avg(empty, "rps")).toFixed(0)}; target at least 1/60)`,
  );
  console.log(
    `bytes on the wire per response (br): empty ${(avg(empty, "bytes") / 1024).toFixed(1)} kB, letter ${(avg(letter, "bytes") / 1024).toFixed(1)} kB`,
  );
  console.log(`non-2xx + errors + runs without a single completed request: ${bad}`);
  if (rssBefore && mem)
    console.log(
      `server RSS: ${rssBefore.rssMb.toFixed(0)} MB before load, ${mem.rssMb.toFixed(0)} MB after (peak ${mem.peakMb.toFixed(0)} MB)`,
    );
  if (bad > 0) process.exitCode = 1;
} finally {
  await server.stop();
  await cleanup();
}
