/**
 * 700 invitees signing one letter, 50 at a time, through signByToken inside db.transaction (what POST /sign/<token>
 * does after its checks), against a bare insert loop into a scratch table on the same database, in the same run,
 * with the same concurrency: postgres.js on PostgreSQL, PGlite's own query() on PGlite (the drizzle handle's
 * $client in both cases). Errors must be 0, every invitee must end with one live signature, and the letter's audit
 * chain must verify.
 *
 *   npx tsx bench/signing.ts                       # PGlite (temporary folder), then PostgreSQL if reachable
 *   npx tsx bench/signing.ts --only postgres       # or --only pglite
 *   npx tsx bench/signing.ts --http                # also sign through HTTP POST /sign/<token> on the real server
 *   options: --n 700  --concurrency 50
 *
 * PostgreSQL: a scratch database is created on DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * and dropped afterwards. HTTP: the server runs with TRUST_PROXY=true and each signer sends its own
 * X-Forwarded-For, because the per-IP limit (LIMITS.tokenPerIp, 10 a minute) would otherwise answer 429.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  argValue,
  canConnect,
  createScratchPostgres,
  describeTarget,
  fmtMs,
  openTarget,
  type DbTarget,
} from "./lib/db.server";
import { generateMeps } from "./lib/dataset.server";
import {
  countLiveSignatures,
  createCollectingLetter,
  createOfficeWithStaff,
  runPool,
  signAll,
  type CollectingLetter,
  type PoolResult,
} from "./lib/fixtures.server";
import { ensureProductionBuild, startServer } from "./lib/app-server.server";
import { verifyAuditChain } from "#app/infra/audit.server";
import type { Db, DbHandle } from "#db/client.server";

const N = Number(argValue("n") ?? 700);
const CONCURRENCY = Number(argValue("concurrency") ?? 50);
const only = argValue("only");
const withHttp = argValue("http") === "true";
const pgUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

type BareClient = { insert(i: number): Promise<void>; setup(): Promise<void>; teardown(): Promise<void> };

/** The driver underneath drizzle, used without drizzle: the baseline. */
function bareClient(handle: DbHandle): BareClient {
  const client = (handle.db as unknown as { $client: unknown }).$client;
  const create =
    "create table if not exists bench_scratch (id bigserial primary key, letter_id uuid not null, mep_id integer not null, signer_name text not null, signed_at timestamptz not null default now())";
  if (handle.driver === "postgres") {
    const sql = client as import("postgres").Sql;
    return {
      setup: async () => void (await sql.unsafe(create)),
      insert: async (i) =>
        void (await sql`insert into bench_scratch (letter_id, mep_id, signer_name) values (${crypto.randomUUID()}, ${i}, ${`Signer ${i}`})`),
      teardown: async () => void (await sql.unsafe("drop table bench_scratch")),
    };
  }
  const pg = client as import("@electric-sql/pglite").PGlite;
  return {
    setup: async () => void (await pg.exec(create)),
    insert: async (i) =>
      void (await pg.query("insert into bench_scratch (letter_id, mep_id, signer_name) values ($1, $2, $3)", [
        crypto.randomUUID(),
        i,
        `Signer ${i}`,
      ])),
    teardown: async () => void (await pg.exec("drop table bench_scratch")),
  };
}

async function baseline(bare: BareClient): Promise<PoolResult> {
  return runPool(
    Array.from({ length: N }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      await bare.insert(i);
      return true;
    },
  );
}

const perSecond = (r: PoolResult) => (r.ok / r.ms) * 1000;

async function httpSign(
  origin: string,
  letter: CollectingLetter,
): Promise<PoolResult & { statuses: Record<string, number>; latency: string }> {
  const statuses: Record<string, number> = {};
  let firstBad: string | null = null;
  const latencies: Array<{ ms: number; status: number }> = [];
  let n = 0;
  const res = await runPool(letter.invitations, CONCURRENCY, async (inv) => {
    const i = n++;
    const body = new URLSearchParams({
      intent: "sign",
      versionHash: letter.versionHash,
      typedName: inv.name,
      capacity: "mep",
      confirm: "yes",
    });
    const t0 = performance.now();
    const r = await fetch(`${origin}/sign/${inv.token}`, {
      method: "POST",
      body,
      redirect: "manual",
      headers: {
        origin,
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": `10.77.${i >> 8}.${i & 255}`,
        "user-agent": "bench",
      },
    });
    const text = await r.text();
    latencies.push({ ms: performance.now() - t0, status: r.status });
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status !== 200 && !firstBad)
      firstBad = `HTTP ${r.status}: ${text
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .slice(0, 400)}`;
    return r.status === 200;
  });
  const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const bad = latencies.filter((l) => l.status !== 200).map((l) => l.ms);
  const latency = `p50 ${pct(0.5).toFixed(0)} ms, p99 ${pct(0.99).toFixed(0)} ms${bad.length ? `; failed requests took ${Math.min(...bad).toFixed(0)}–${Math.max(...bad).toFixed(0)} ms` : ""}`;
  return { ...res, statuses, latency, firstError: res.firstError ?? firstBad };
}

async function runOn(label: string, target: DbTarget) {
  console.log(`\n=== ${label}: ${describeTarget(target)}`);
  let handle = await openTarget(target);
  let db: Db = handle.db;
  await generateMeps(db, Math.max(720, N));
  const actor = await createOfficeWithStaff(db, `Signing benchmark office (${label})`);
  const mepIds = (
    await db.query.meps.findMany({ columns: { id: true }, limit: N, orderBy: (m, { asc }) => [asc(m.id)] })
  ).map((m) => m.id);
  const t0 = performance.now();
  const letter = await createCollectingLetter(db, actor, mepIds, "Signing benchmark");
  console.log(
    `letter published and ${letter.invitations.length} invitations created in ${fmtMs(performance.now() - t0)}`,
  );
  const httpLetter = withHttp ? await createCollectingLetter(db, actor, mepIds, "Signing benchmark (HTTP)") : null;

  const bare = bareClient(handle);
  await bare.setup();
  await baseline(bare); // warm-up: connections, plans, JIT
  const base1 = await baseline(bare);
  const model = await signAll(db, letter, CONCURRENCY);
  const base2 = await baseline(bare);
  await bare.teardown();

  const live = await countLiveSignatures(db, letter.letterId);
  const chain = await verifyAuditChain(db, { officeId: actor.officeId, letterId: letter.letterId });
  const errors = model.failed + model.thrown + (N - live) + chain.broken.length;
  const baseRate = (perSecond(base1) + perSecond(base2)) / 2;
  console.log(
    `bare insert loop (${handle.driver === "postgres" ? "postgres.js" : "PGlite query()"}), ${N} rows, ${CONCURRENCY} at a time: ${perSecond(base1).toFixed(0)} and ${perSecond(base2).toFixed(0)} rows/s (before / after)`,
  );
  console.log(
    `signByToken in db.transaction, ${N} signers, ${CONCURRENCY} at a time: ${fmtMs(model.ms)}, ${perSecond(model).toFixed(0)} signatures/s`,
  );
  console.log(
    `  signed ${model.ok}, refused ${model.failed}, thrown ${model.thrown}${model.firstError ? ` (first: ${model.firstError})` : ""}; live signatures ${live}/${N}; audit chain ${chain.count} events, ${chain.broken.length} broken`,
  );
  console.log(`  ERRORS: ${errors}`);
  console.log(
    `  RATIO signByToken / bare insert throughput: ${(perSecond(model) / baseRate).toFixed(3)} (1/${(baseRate / perSecond(model)).toFixed(1)})`,
  );

  let httpErrors = 0;
  if (httpLetter) {
    await handle.close(); // PGlite: the server must be the only process on the folder
    const server = await startServer(target, { TRUST_PROXY: "true", RUN_WORKER: "false" });
    let http: Awaited<ReturnType<typeof httpSign>>;
    try {
      http = await httpSign(server.origin, httpLetter);
      if (http.failed || http.thrown) {
        const lines = server
          .output()
          .split("\n")
          .filter((l) => /error/i.test(l));
        console.log(
          `  server errors (${lines.length} lines, first 3):\n${lines
            .slice(0, 3)
            .map((l) => `    ${l.slice(0, 600)}`)
            .join("\n")}`,
        );
      }
    } finally {
      await server.stop();
    }
    handle = await openTarget(target);
    db = handle.db;
    const httpLive = await countLiveSignatures(db, httpLetter.letterId);
    httpErrors = http.failed + http.thrown + (N - httpLive);
    console.log(
      `HTTP POST /sign/<token>, ${N} signers, ${CONCURRENCY} at a time: ${fmtMs(http.ms)}, ${perSecond(http).toFixed(0)} signatures/s; statuses ${JSON.stringify(http.statuses)}; live ${httpLive}/${N}`,
    );
    console.log(`  latency per POST: ${http.latency}`);
    console.log(`  ERRORS: ${httpErrors}${http.firstError ? ` (first: ${http.firstError})` : ""}`);
    console.log(
      `  RATIO HTTP signing / bare insert throughput: ${(perSecond(http) / baseRate).toFixed(3)} (1/${(baseRate / perSecond(http)).toFixed(1)})`,
    );
  }
  await handle.close();
  return errors + httpErrors;
}

if (withHttp) ensureProductionBuild();
let failures = 0;
if (!only || only === "pglite") {
  const dir = mkdtempSync(path.join(tmpdir(), "undersigned-signing-"));
  try {
    failures += await runOn("PGlite", { dataDir: path.join(dir, "pglite") });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (!only || only === "postgres") {
  if (await canConnect(pgUrl)) {
    const scratch = await createScratchPostgres(pgUrl, "bench_signing");
    try {
      failures += await runOn("PostgreSQL", { url: scratch.url });
    } finally {
      await scratch.drop();
    }
  } else {
    console.log(`\nPostgreSQL at ${pgUrl} is not reachable: skipped`);
    if (only === "postgres") failures++;
  }
}
console.log(`\ntotal errors: ${failures}`);
if (failures) process.exitCode = 1;
