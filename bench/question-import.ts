/**
 * The question importer (issue 13) against a bare insert loop of the same rows, on PGlite and on PostgreSQL, in the
 * same run. Target: the importer at ≥ 0.3× the bare loop's rows/s.
 *
 *   npx tsx bench/question-import.ts                    # PGlite (temporary folder), then PostgreSQL if reachable
 *   npx tsx bench/question-import.ts --only pglite      # or --only postgres
 *   options: --n 60000 (questions)  --write file.jsonld (also save the generated file, for npm run import:questions)
 *
 * Per database (a fresh one: a temporary PGlite folder, or a scratch database on DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres): the 720-Member directory of the dataset generator, then
 * 1. the file: `n` questions as saved v2 JSON-LD responses (bench/lib/question-records.ts), 50 per detail line;
 * 2. the importer, `importQuestionsFromText` as `npm run import:questions` runs it (parsing, batched upserts of
 *    questions and authors in transactions of IMPORT_BATCH, author matching against the directory);
 * 3. the same file again (idempotent: everything unchanged, nothing written);
 * 4. the baseline: the same rows (each question's columns as the importer writes them, and its author rows) inserted
 *    one INSERT per row through the driver underneath drizzle (postgres.js / PGlite `query()`), no transaction, into
 *    scratch tables made `like` parliamentary_questions and question_participants (same columns, defaults, unique
 *    indexes; no foreign keys); and, for reference, the same loop in transactions of IMPORT_BATCH questions.
 * rows/s counts question rows plus author rows, the same number on both sides.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { DbHandle } from "#db/client.server";
import { rowsOf } from "#db/client.server";
import { parseSavedQuestions, type EpQuestion } from "#app/domain/ep-questions";
import { IMPORT_BATCH, importQuestionsFromText } from "#app/services/questions.server";
import {
  argValue,
  canConnect,
  countRows,
  createScratchPostgres,
  fmtMs,
  openTarget,
  type DbTarget,
} from "./lib/db.server";
import { generateMeps } from "./lib/dataset.server";
import { questionRecordsFile } from "./lib/question-records";

const N = Number(argValue("n") ?? 60_000);
const only = argValue("only");
const writeTo = argValue("write");
const pgUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

type Exec = (text: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

type Raw = {
  exec: Exec;
  run(text: string): Promise<void>;
  transaction(fn: (exec: Exec) => Promise<void>): Promise<void>;
};

/** The driver underneath drizzle, used without drizzle. */
function rawExec(handle: DbHandle): Raw {
  const client = (handle.db as unknown as { $client: unknown }).$client;
  if (handle.driver === "postgres") {
    const pg = client as import("postgres").Sql;
    const execOn =
      (c: import("postgres").Sql | import("postgres").TransactionSql): Exec =>
      async (text, params) => [...(await c.unsafe(text, params as never[]))];
    return {
      exec: execOn(pg),
      run: async (text) => void (await pg.unsafe(text)),
      transaction: async (fn) => void (await pg.begin((tx) => fn(execOn(tx)))),
    };
  }
  const pg = client as import("@electric-sql/pglite").PGlite;
  const execOn =
    (c: Pick<import("@electric-sql/pglite").PGlite, "query">): Exec =>
    async (text, params) =>
      (await c.query<Record<string, unknown>>(text, params)).rows;
  return {
    exec: execOn(pg),
    run: async (text) => void (await pg.exec(text)),
    transaction: async (fn) => void (await pg.transaction((tx) => fn(execOn(tx)))),
  };
}

const Q_INSERT =
  "insert into bench_import_questions (type, number, year, term, reference, title, addressee, addressee_codes, tabled_on, answered_on, answer_document_id, source, fetched_at) " +
  "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'ep-open-data', now()) returning id";
const P_INSERT =
  "insert into bench_import_participants (question_id, role, ep_person_id, mep_id, body_code, name) values ($1, 'author', $2, $3, $4, $5)";

async function bareLoop(handle: DbHandle, questions: EpQuestion[], mepOf: Map<number, number>, batched: boolean) {
  const raw = rawExec(handle);
  const { run } = raw;
  await run("drop table if exists bench_import_participants; drop table if exists bench_import_questions");
  await run(
    "create table bench_import_questions (like parliamentary_questions including all); " +
      "create table bench_import_participants (like question_participants including all)",
  );
  let rows = 0;
  const insertAll = async (exec: Exec, slice: EpQuestion[]) => {
    for (const e of slice) {
      const [q] = await exec(Q_INSERT, [
        e.type,
        e.number,
        e.year,
        e.term,
        e.reference,
        e.title,
        e.addressee,
        JSON.stringify(e.addresseeCodes),
        e.tabledOn,
        e.answer?.answeredOn ?? null,
        e.answer?.documentId ?? null,
      ]);
      rows++;
      for (const a of e.authors) {
        await exec(
          P_INSERT,
          "epPersonId" in a
            ? [q.id, a.epPersonId, mepOf.get(a.epPersonId) ?? null, null, a.name]
            : [q.id, null, null, a.bodyCode, a.name],
        );
        rows++;
      }
    }
  };
  const t0 = performance.now();
  for (let i = 0; i < questions.length; i += IMPORT_BATCH) {
    const slice = questions.slice(i, i + IMPORT_BATCH);
    if (batched) await raw.transaction((exec) => insertAll(exec, slice));
    else await insertAll(raw.exec, slice);
  }
  const ms = performance.now() - t0;
  await run("drop table bench_import_participants; drop table bench_import_questions");
  return { rows, ms, perSecond: (rows / ms) * 1000 };
}

async function runOn(label: string, target: DbTarget, text: string) {
  console.log(`\n== ${label}`);
  const handle = await openTarget(target);
  try {
    const db = handle.db;
    const meps = await generateMeps(db, 720);
    const mepRows = rowsOf<{ id: number; ep_id: number }>(await db.execute(sql`select id, ep_id from meps`));
    const mepOf = new Map(mepRows.map((m) => [Number(m.ep_id), Number(m.id)]));
    const parsed = parseSavedQuestions(text);
    const questions = parsed.questions.map((q) => q.question);
    const authorRows = questions.reduce((s, q) => s + q.authors.length, 0);
    console.log(
      `directory: ${meps.length} Members; file: ${parsed.records} records, ${questions.length} questions, ${authorRows} author rows, ${parsed.problems.length} problems`,
    );

    let t0 = performance.now();
    const first = await importQuestionsFromText(db, text);
    const importMs = performance.now() - t0;
    const written = (await countRows(db, "parliamentary_questions")) + (await countRows(db, "question_participants"));
    const matched = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from question_participants where mep_id is not null`),
    )[0].n;
    t0 = performance.now();
    const again = await importQuestionsFromText(db, text);
    const againMs = performance.now() - t0;

    const loop = await bareLoop(handle, questions, mepOf, false);
    const loopBatched = await bareLoop(handle, questions, mepOf, true);

    const importRate = (written / importMs) * 1000;
    console.log(
      `importer:            ${fmtMs(importMs)} for ${written} rows (${first.added} added, ${first.updated} updated, ${first.unchanged} unchanged, ${first.skipped} skipped; ${matched} authors matched to the directory): ${importRate.toFixed(0)} rows/s`,
    );
    console.log(
      `importer, same file again: ${fmtMs(againMs)} (${again.added} added, ${again.updated} updated, ${again.unchanged} unchanged)`,
    );
    console.log(`bare insert loop:    ${fmtMs(loop.ms)} for ${loop.rows} rows: ${loop.perSecond.toFixed(0)} rows/s`);
    console.log(
      `bare loop, in transactions of ${IMPORT_BATCH} questions: ${fmtMs(loopBatched.ms)}: ${loopBatched.perSecond.toFixed(0)} rows/s`,
    );
    console.log(
      `RATIO importer / bare insert loop: ${(importRate / loop.perSecond).toFixed(2)} (target ≥ 0.3); ` +
        `/ loop in transactions: ${(importRate / loopBatched.perSecond).toFixed(2)}`,
    );
    const bad = first.skipped + (again.added + again.updated) + (written === loop.rows ? 0 : 1);
    if (written !== loop.rows) console.log(`rows differ: importer wrote ${written}, the loop ${loop.rows}`);
    return bad;
  } finally {
    await handle.close();
  }
}

const t0 = performance.now();
const file = questionRecordsFile(
  N,
  Array.from({ length: 720 }, (_, i) => 300_000 + i), // the EP ids generateMeps gives
);
console.log(
  `generated ${file.questions} questions as ${file.lines} response lines, ${(file.text.length / 1e6).toFixed(1)} MB, in ${fmtMs(performance.now() - t0)}`,
);
if (writeTo) {
  writeFileSync(writeTo, file.text);
  console.log(`written to ${writeTo}`);
}

let failures = 0;
if (!only || only === "pglite") {
  const dir = mkdtempSync(path.join(tmpdir(), "undersigned-qimport-"));
  try {
    failures += await runOn("PGlite", { dataDir: path.join(dir, "pglite") }, file.text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (!only || only === "postgres") {
  if (await canConnect(pgUrl)) {
    const scratch = await createScratchPostgres(pgUrl, "bench_qimport");
    try {
      failures += await runOn("PostgreSQL", { url: scratch.url }, file.text);
    } finally {
      await scratch.drop();
    }
  } else {
    console.log(`\nPostgreSQL at ${pgUrl} is not reachable: skipped`);
    if (only === "postgres") failures++;
  }
}
if (failures) {
  console.log(`\nproblems: ${failures}`);
  process.exitCode = 1;
}
