import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { jobs, meps, parliamentaryQuestions, questionImports, questionParticipants } from "#db/schema";
import type { Db, DbHandle } from "#db/client.server";
import { createTestDb } from "#tests/setup/db";
import { createMep } from "#tests/factories/index";
import { epQuestionRecord, startFakeEpServer, type FakeEpServer } from "#tests/mocks/fake-ep-server";
import { createEpClient, EpOpenDataError, parseRetryAfter } from "#app/infra/ep-open-data.server";
import {
  importQuestionsFromText,
  importQuestionsLive,
  runQuestionImport,
  startQuestionImport,
} from "#app/services/questions.server";
import { getImportRun } from "#app/models/questions.server";
import { resetEnvCache } from "#app/infra/env.server";
import { runDueJobs } from "#app/infra/jobs.server";
import {
  nextRepollRun,
  QUESTION_REPOLL_QUEUE,
  registerQuestionAlertJobs,
  repollUnansweredQuestions,
  scheduleQuestionRepoll,
} from "#app/services/question-alerts.server";

let handle: DbHandle & { name: string };
let db: Db;
let ep: FakeEpServer;
const sample = readFileSync("db/data/questions-sample.jsonld", "utf8");
const waits: number[] = [];
const client = () =>
  createEpClient({
    baseUrl: ep.url,
    timeoutMs: 2000,
    backoffMs: () => 1,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
const questionCount = async () => (await db.select({ n: count() }).from(parliamentaryQuestions))[0].n;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  ep = await startFakeEpServer();
});
afterAll(async () => {
  await ep?.close();
  await handle?.close();
});
beforeEach(async () => {
  await db.delete(questionParticipants);
  await db.delete(parliamentaryQuestions);
  ep.faults = { list: [], detail: [] };
  ep.log.length = 0;
  waits.length = 0;
});

describe("import from a saved file", () => {
  it("saves the good records, reports the bad ones by line, keeps unknown addressees, and is idempotent", async () => {
    const groothuis = await createMep(db, { givenName: "Bart", familyName: "Groothuis" });
    await db.update(meps).set({ epId: 990032 }).where(eq(meps.id, groothuis.id));
    const first = await importQuestionsFromText(db, sample);
    expect(first).toMatchObject({ added: 7, updated: 0, unchanged: 0, read: 8, skipped: 2, listedOnly: 1 });
    expect(first.problems).toEqual([
      { line: 4, record: 2, message: expect.stringContaining("identifier") },
      { line: 5, message: expect.stringContaining("not JSON") },
    ]);
    expect(first.unknownAddressees).toEqual(["org/XYZ_UNKNOWN"]);
    const [kept] = await db.select().from(parliamentaryQuestions).where(eq(parliamentaryQuestions.number, 4300));
    expect(kept).toMatchObject({ addressee: null, addresseeCodes: ["org/XYZ_UNKNOWN"] });
    // Authors are matched to the directory by EP person id; unknown people keep their name.
    const authors = await db.select().from(questionParticipants);
    expect(authors.filter((a) => a.mepId === groothuis.id)).toHaveLength(4);
    expect(authors.find((a) => a.epPersonId === 257083)).toMatchObject({ mepId: null, name: "João Oliveira" });
    const [answered] = await db.select().from(parliamentaryQuestions).where(eq(parliamentaryQuestions.number, 213));
    expect(answered).toMatchObject({
      documentId: "E-9-2022-000213",
      tabledOn: "2022-01-14",
      answeredOn: "2022-04-07",
      answerDocumentId: "E-9-2022-000213-ASW",
      source: "ep-open-data",
    });

    const second = await importQuestionsFromText(db, sample);
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 7 });
    expect(await questionCount()).toBe(7);
    expect((await db.select({ n: count() }).from(questionParticipants))[0].n).toBe(authors.length);
  });

  it("never half-saves: a record refused by the database costs only itself", async () => {
    const bad = JSON.stringify({
      data: [
        epQuestionRecord("E-10-2025-000001", { title: "ok" }),
        epQuestionRecord("E-10-2025-000002", { title: "x\u0000y" }),
      ],
    });
    const s = await importQuestionsFromText(db, bad);
    expect(s.added).toBe(1);
    expect(s.problems).toEqual([{ line: 1, record: 2, message: expect.stringContaining("not saved") }]);
    expect(await questionCount()).toBe(1);
    expect(await db.select().from(questionParticipants)).toHaveLength(0);
  });

  it("runs as a job with progress on the import row", async () => {
    const run = await startQuestionImport(db, {
      source: "file",
      fileName: "questions-sample.jsonld",
      content: sample,
      userId: null,
    });
    await runQuestionImport(db, run.id);
    const done = await getImportRun(db, run.id);
    expect(done).toMatchObject({ status: "done", total: 7, processed: 7, added: 7, skipped: 2, content: null });
    expect(done!.unknownAddressees).toEqual(["org/XYZ_UNKNOWN"]);
    expect(done!.problems.map((p) => p.line)).toEqual([4, 5]);
    await db.delete(questionImports);
  });
});

describe("EP Open Data client against the fake server", () => {
  it("pages with offset/limit until 204", async () => {
    ep.records = Array.from({ length: 7 }, (_, i) => epQuestionRecord(`E-10-2025-${String(i + 1).padStart(6, "0")}`));
    const pages = [];
    for await (const p of client().pages("/parliamentary-questions", { year: 2025 }, { limit: 3 })) pages.push(p);
    expect(pages.map((p) => [p.offset, p.records.length])).toEqual([
      [0, 3],
      [3, 3],
      [6, 1],
    ]);
    expect(ep.log.at(-1)).toContain("offset=7");
  });

  it("honours 429 Retry-After, retries a 200 without data and a 500", async () => {
    ep.records = [epQuestionRecord("E-10-2025-000001")];
    ep.retryAfterSeconds = 60;
    ep.faults.list = ["429", "no-data", "500"];
    const got = await client().get("/parliamentary-questions", { year: 2025, offset: 0, limit: 50 });
    expect(got).toHaveLength(1);
    expect(waits[0]).toBe(60_000);
    expect(ep.log).toHaveLength(4);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT"))).toBe(60_000);
  });

  it("gives up on a Retry-After longer than it will wait, so the job can be rescheduled", async () => {
    ep.retryAfterSeconds = 3600;
    ep.faults.list = ["429"];
    await expect(client().get("/parliamentary-questions", {})).rejects.toBeInstanceOf(EpOpenDataError);
  });

  it("asks a short page again and continues after what it received", async () => {
    ep.records = Array.from({ length: 6 }, (_, i) => epQuestionRecord(`E-10-2025-${String(i + 1).padStart(6, "0")}`));
    ep.faults.list = ["short-page", "short-page", "short-page"];
    const ids: string[] = [];
    for await (const p of client().pages("/parliamentary-questions", { year: 2025 }, { limit: 4 }))
      ids.push(...p.records.map((r) => String(r.identifier)));
    expect(ids).toEqual(ep.records.map((r) => r.identifier));
  });

  it("asks for details in calls of at most 50 ids and asks again for ids left out", async () => {
    ep.records = Array.from({ length: 120 }, (_, i) => epQuestionRecord(`E-10-2025-${String(i + 1).padStart(6, "0")}`));
    ep.dropOnce = new Set(["E-10-2025-000007"]);
    const ids = ep.records.map((r) => String(r.identifier));
    const { records, missing } = await client().details(
      "/parliamentary-questions",
      ids,
      {},
      { batchSize: 100, idOf: (r) => String(r.identifier) },
    );
    expect(records).toHaveLength(120);
    expect(missing).toEqual([]);
    const detailCalls = ep.log.filter((l) => l.startsWith("/api/v2/parliamentary-questions/"));
    expect(detailCalls).toHaveLength(4);
    expect(Math.max(...detailCalls.map((l) => decodeURIComponent(l.split("?")[0]).split(",").length))).toBe(50);
  });
});

describe("live import", () => {
  it("imports, skips a malformed record, and does not fetch answered questions again", async () => {
    ep.records = [
      epQuestionRecord("E-10-2025-000001", { answeredOn: "2025-04-01", authors: [990111] }),
      epQuestionRecord("E-10-2025-000002"),
      { ...epQuestionRecord("E-10-2025-000003"), document_date: "not a date" },
      epQuestionRecord("P-10-2025-000004", { addressee: "org/ZZZ" }),
    ];
    ep.faults.list = ["429"];
    ep.retryAfterSeconds = 2;
    const s = await importQuestionsLive(db, client(), { years: [2025] });
    expect(s).toMatchObject({ added: 3, skipped: 1, unknownAddressees: ["org/ZZZ"] });
    expect(s.problems).toEqual([{ line: 3, message: expect.stringContaining("E-10-2025-000003") }]);
    expect(waits).toContain(2000);

    ep.log.length = 0;
    const again = await importQuestionsLive(db, client(), { years: [2025] });
    expect(again.added).toBe(0);
    const details = ep.log.filter((l) => l.startsWith("/api/v2/parliamentary-questions/")).join(" ");
    // Answered: cached for good. Unanswered but fetched just now: waits for the slow schedule.
    expect(details).not.toContain("E-10-2025-000001");
    expect(details).not.toContain("E-10-2025-000002");
    expect(details).toContain("E-10-2025-000003");
  });
});

describe("the slow re-poll of unanswered questions", () => {
  const NOW = new Date("2025-06-02T04:00:00Z");
  const at = (days: number, hours = 0) => new Date(NOW.getTime() + days * 86_400_000 + hours * 3_600_000);
  const detailCalls = () => ep.log.filter((l) => l.startsWith("/api/v2/parliamentary-questions/")).join(" ");

  it("asks again only for unanswered questions: daily once overdue, weekly before; answered ones never", async () => {
    ep.records = [
      epQuestionRecord("E-10-2025-000001", { date: "2025-03-03", answeredOn: "2025-04-01" }),
      epQuestionRecord("E-10-2025-000002", { date: "2025-03-03" }), // due 14 April: overdue
      epQuestionRecord("E-10-2025-000003", { date: "2025-05-26" }), // due 7 July: not yet
    ];
    await importQuestionsLive(db, client(), { years: [2025] });
    await db.update(parliamentaryQuestions).set({ fetchedAt: at(-2) });

    ep.log.length = 0;
    expect(await repollUnansweredQuestions(db, client(), { now: NOW })).toMatchObject({ asked: 1, updated: 0 });
    expect(detailCalls()).toContain("E-10-2025-000002");
    expect(detailCalls()).not.toMatch(/E-10-2025-00000[13]/);

    // The answer comes: the next day's poll saves it, and after that the question is never asked for again.
    ep.records[1] = epQuestionRecord("E-10-2025-000002", { date: "2025-03-03", answeredOn: "2025-06-02" });
    ep.log.length = 0;
    expect(await repollUnansweredQuestions(db, client(), { now: at(1) })).toMatchObject({ asked: 1, updated: 1 });
    const [b] = await db.select().from(parliamentaryQuestions).where(eq(parliamentaryQuestions.number, 2));
    expect(b).toMatchObject({ answeredOn: "2025-06-02", answerDocumentId: "E-10-2025-000002-ASW" });
    ep.log.length = 0;
    expect(await repollUnansweredQuestions(db, client(), { now: at(2) })).toMatchObject({ asked: 0 });
    expect(ep.log).toEqual([]);
    // A week after its last fetch, the question not yet due is asked for (and only it).
    expect(await repollUnansweredQuestions(db, client(), { now: at(5, 1) })).toMatchObject({ asked: 1 });
    expect(detailCalls()).toContain("E-10-2025-000003");
    expect(detailCalls()).not.toMatch(/E-10-2025-00000[12]/);
  });

  it("runs as a daily job on the queue when the live API is set, one per day however often it is scheduled", async () => {
    registerQuestionAlertJobs();
    const saved = process.env.EP_OPEN_DATA_URL;
    process.env.EP_OPEN_DATA_URL = ep.url;
    resetEnvCache();
    try {
      expect(await scheduleQuestionRepoll(db, NOW, false)).toBeNull();
      const id = await scheduleQuestionRepoll(db, NOW);
      expect(id).not.toBeNull();
      expect(await scheduleQuestionRepoll(db, at(0, 1))).toBeNull();
      ep.records = [epQuestionRecord("E-10-2025-000009", { date: "2025-05-26" })];
      await importQuestionsLive(db, client(), { years: [2025] });
      await db.update(parliamentaryQuestions).set({ fetchedAt: at(-30) });
      ep.log.length = 0;
      expect(await runDueJobs(db, { now: nextRepollRun(NOW), limit: 10 })).toBeGreaterThanOrEqual(1);
      expect(detailCalls()).toContain("E-10-2025-000009");
      const [next] = await db
        .select({ runAt: jobs.runAt })
        .from(jobs)
        .where(and(eq(jobs.queue, QUESTION_REPOLL_QUEUE), eq(jobs.status, "queued")));
      expect(next.runAt.getTime()).toBeGreaterThan(Date.now());
    } finally {
      if (saved === undefined) delete process.env.EP_OPEN_DATA_URL;
      else process.env.EP_OPEN_DATA_URL = saved;
      resetEnvCache();
    }
  });
});
