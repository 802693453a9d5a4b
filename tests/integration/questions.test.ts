import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { letters, meps, offices, questionLinks } from "#db/schema";
import type { Db, DbHandle } from "#db/client.server";
import { createTestDb } from "#tests/setup/db";
import { createDraftLetter, createMep, createOffice, createUser } from "#tests/factories/index";
import { callAction, callLoader, sessionCookieFor, type RouteModule } from "#tests/setup/routes";
import { addReply, letterTimeline } from "#app/models/tracking.server";
import { createCampaign } from "#app/models/campaigns.server";
import { campaignPage } from "#app/services/campaigns.server";
import { importQuestionsFromText, quotaPlanFor } from "#app/services/questions.server";
import * as registerRoute from "#app/routes/questions._index";
import * as questionRoute from "#app/routes/questions.$questionId";
import * as newDraftRoute from "#app/routes/questions.drafts.new";
import * as draftRoute from "#app/routes/questions.drafts.$draftId";
// Dates as the app reads them: the calendar day in Brussels, not in UTC (they differ after 22:00 UTC).
import { toIsoDate } from "#app/domain/reply-clock";

let handle: DbHandle & { name: string };
let db: Db;
let cookie: string;
let officeId: string;
let userId: string;
let mepId: number;
const TODAY = new Date();
const year = TODAY.getUTCFullYear();

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  const mep = await createMep(db, { givenName: "Bart", familyName: "Groothuis" });
  await db.update(meps).set({ epId: 990032 }).where(eq(meps.id, mep.id));
  mepId = mep.id;
  const office = await createOffice(db, { mepId });
  officeId = office.id;
  const user = await createUser(db, { officeId, role: "staff" });
  userId = user.id;
  cookie = (await sessionCookieFor(db, user, officeId)).cookie;
});
afterAll(async () => {
  await handle?.close();
});

const post = (mod: RouteModule, path: string, form: Record<string, string>, params: Record<string, string> = {}) =>
  callAction(mod, { path, params, cookie, form });

describe("the register", () => {
  it("refuses a future year, offers the full form of a short one, and asks for the term when needed", async () => {
    const future = await post(registerRoute, "/questions", { reference: `E-000001/${year + 1}`, ourRole: "none" });
    expect(future.status).toBe(400);
    expect(future.data).toMatchObject({ fieldErrors: { reference: "question.error.future" } });
    const short = await post(registerRoute, "/questions", { reference: "E-213/22", ourRole: "none" });
    expect(short.data).toMatchObject({ suggestion: "E-000213/2022", values: { reference: "E-000213/2022" } });
    const oral = await post(registerRoute, "/questions", { reference: "O-000045/2024", ourRole: "none" });
    expect(oral.data).toMatchObject({ fieldErrors: { term: "question.error.termNeeded" }, terms: [9, 10] });
    const withTerm = await post(registerRoute, "/questions", {
      reference: "O-000045/2024",
      term: "10",
      ourRole: "none",
    });
    expect(withTerm.status).toBe(302);
  });

  it("lists the Member's imported questions with their states, and a question page with -ASW link data", async () => {
    const { readFileSync } = await import("node:fs");
    await importQuestionsFromText(db, readFileSync("db/data/questions-sample.jsonld", "utf8"));
    const page = await callLoader(registerRoute, { path: "/questions", cookie });
    const d = page.data as Awaited<ReturnType<typeof registerRoute.loader>>;
    const refs = d.questions.map((q) => q.reference);
    expect(refs).toEqual(expect.arrayContaining(["E-000213/2022", "E-004100/2026", "P-003900/2026", "E-004200/2026"]));
    expect(refs).not.toContain("E-001357/2024");
    const e213 = d.questions.find((q) => q.reference === "E-000213/2022")!;
    expect(e213).toMatchObject({ state: "answered-late", roles: ["author"] });
    expect(d.overdue.map((q) => q.reference)).toContain("E-004100/2026");
    const detail = await callLoader(questionRoute, {
      path: `/questions/${e213.id}`,
      params: { questionId: e213.id },
      cookie,
    });
    expect(detail.data).toMatchObject({
      question: { documentId: "E-9-2022-000213", answerDocumentId: "E-9-2022-000213-ASW" },
      clock: { rule: "138", basis: "tabled" },
    });
  });

  it("records forwarding: the clock then runs from it", async () => {
    const page = (await callLoader(registerRoute, { path: "/questions", cookie })).data as Awaited<
      ReturnType<typeof registerRoute.loader>
    >;
    const q = page.questions.find((x) => x.reference === "E-004100/2026")!;
    const r = await post(
      questionRoute,
      `/questions/${q.id}`,
      { intent: "dates", forwardedOn: "2026-09-09", answeredOn: "", answerText: "", answerUrl: "" },
      { questionId: q.id },
    );
    expect(r.status).toBe(200);
    const detail = await callLoader(questionRoute, {
      path: `/questions/${q.id}`,
      params: { questionId: q.id },
      cookie,
    });
    expect(detail.data).toMatchObject({
      clock: { basis: "forwarded", from: "2026-09-09", dueOn: "2026-10-21", rule: "144" },
    });
  });
});

describe("drafting, tabling and escalation", () => {
  it("drafts from an unanswered letter with Annex III warnings, tables it, links it to the letter, its campaign and the reply it cites, and the quota counts it", async () => {
    const actor = { userId, officeId };
    const campaign = await db.transaction((tx) => createCampaign(tx, actor, { title: "Nuctech", summary: null }));
    const letter = await createDraftLetter(db, actor, {
      subject: "Nuctech scanners in CCEI tenders",
      campaignId: campaign.id,
    });
    await db
      .update(letters)
      .set({ status: "sent", sentAt: new Date(Date.now() - 90 * 86400_000) })
      .where(eq(letters.id, letter.id));
    // A holding reply (the clock runs on), which the question will cite by its reference.
    const holding = await db.transaction((tx) =>
      addReply(tx, actor, {
        letterId: letter.id,
        receivedOn: toIsoDate(new Date(Date.now() - 60 * 86400_000)),
        senderName: "Secretariat-General",
        kind: "holding",
        body: "The Commission will reply in due course.",
        theirReference: "Ares(2026)5550123",
      }),
    );
    const prefill = await callLoader(newDraftRoute, { path: `/questions/drafts/new?letter=${letter.id}`, cookie });
    expect(prefill.data).toMatchObject({
      fromLetter: { subject: "Nuctech scanners in CCEI tenders", overdue: true },
      officeMepId: mepId,
    });

    const long =
      "In its holding reply Ares (2026) 5550123 the Commission promised an answer. " +
      Array.from({ length: 218 }, (_, i) => `word${i}`).join(" ") +
      "?";
    const created = await post(newDraftRoute, "/questions/drafts/new", {
      authorMepId: String(mepId),
      type: "E",
      addressee: "commission",
      title: "Nuctech scanners in CCEI tenders",
      body: long,
      letterId: letter.id,
    });
    expect(created.status).toBe(302);
    const draftId = created.location!.split("/").pop()!.split("?")[0];
    const view = await callLoader(draftRoute, { path: `/questions/drafts/${draftId}`, params: { draftId }, cookie });
    const v = view.data as Awaited<ReturnType<typeof draftRoute.loader>>;
    expect(v.warnings).toEqual([{ key: "question.warning.tooLong", vars: { words: 230, max: 200 } }]);
    const before = v.quota!.used;

    const today = toIsoDate(new Date());
    const short = await post(
      draftRoute,
      `/questions/drafts/${draftId}`,
      { intent: "table", reference: "E-77/26", tabledOn: today },
      { draftId },
    );
    expect(short.data).toMatchObject({ suggestion: "E-000077/2026" });
    const tabled = await post(
      draftRoute,
      `/questions/drafts/${draftId}`,
      { intent: "table", reference: `E-000077/${today.slice(0, 4)}`, tabledOn: today },
      { draftId },
    );
    expect(tabled.status).toBe(302);
    expect((await quotaPlanFor(db, mepId)).used).toBe(before + 1);
    // Tabling twice is one question.
    await post(
      draftRoute,
      `/questions/drafts/${draftId}`,
      { intent: "table", reference: `E-000077/${today.slice(0, 4)}`, tabledOn: today },
      { draftId },
    );
    expect((await quotaPlanFor(db, mepId)).used).toBe(before + 1);

    const timeline = await letterTimeline(db, { letterId: letter.id, officeId });
    expect(timeline.find((e) => e.kind === "question")).toMatchObject({
      vars: { reference: `E-000077/${today.slice(0, 4)}` },
    });
    const links = await db.select().from(questionLinks).where(eq(questionLinks.letterId, letter.id));
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ campaignId: campaign.id, replyId: holding.ok ? holding.reply.id : "?" });
    // The campaign's ladder: the letter reached the question step (no reminder was sent in this test).
    const page = await campaignPage(db, { id: campaign.id, officeId, kinds: ["question"] });
    expect(page!.ladder).toEqual([
      expect.objectContaining({
        letterId: letter.id,
        reminderOn: null,
        question: expect.objectContaining({ reference: `E-000077/${today.slice(0, 4)}`, tabledOn: today }),
        answer: null,
        reached: "question",
      }),
    ]);
  });

  it("a political group that authors a question in the register gets its own quota, counted over all its questions", async () => {
    const day = (ago: number) => new Date(Date.now() - ago * 86_400_000);
    const record = (type: "E" | "P", n: number, tabled: Date, persons: string[], orgs: string[]) => {
      const y = tabled.getUTCFullYear();
      const id = `${type}-10-${y}-${String(n).padStart(6, "0")}`;
      return {
        id: `eli/dl/doc/${id}`,
        type: "Work",
        work_type: "def/ep-document-types/QUESTION_WRITTEN",
        identifier: id,
        parliamentary_term: "org/ep-10",
        document_date: tabled.toISOString().slice(0, 10),
        title_dcterms: { en: `Group question ${n}` },
        workHadParticipation: [
          {
            participation_role: "def/ep-roles/AUTHOR",
            had_participant_person: persons,
            had_participant_organization: orgs,
          },
          { participation_role: "def/ep-roles/ADDRESSEE", had_participant_organization: ["org/COM"] },
        ],
      };
    };
    const data = [
      // In the register: co-authored by the office's Member and the group.
      record("E", 9001, day(10), ["person/990032"], ["org/RENEW"]),
      // Not in the register, but the group's: they count against its quota all the same.
      record("E", 9002, day(20), [], ["org/RENEW"]),
      record("P", 9003, day(2), [], ["org/RENEW"]),
      // Another group, not an author of anything in the register: not shown.
      record("E", 9004, day(5), [], ["org/EPP"]),
    ];
    const before = (await callLoader(registerRoute, { path: "/questions", cookie })).data as Awaited<
      ReturnType<typeof registerRoute.loader>
    >;
    expect(before.bodyQuotas.map((b) => b.code)).not.toContain("org/RENEW");
    await importQuestionsFromText(db, JSON.stringify({ data }));
    const page = (await callLoader(registerRoute, { path: "/questions", cookie })).data as typeof before;
    const renew = page.bodyQuotas.find((b) => b.code === "org/RENEW");
    expect(renew).toBeDefined();
    expect(renew!.plan.used).toBe(3);
    expect(renew!.plan.priority.usedThisMonth).toBe(day(2).getUTCMonth() === new Date().getUTCMonth());
    expect(page.bodyQuotas.map((b) => b.code)).not.toContain("org/EPP");
    // The Member's own quota counts the co-authored question once, not the group's others.
    const mine = await quotaPlanFor(db, mepId);
    expect(mine.counted.map((c) => c.key)).toContain(`E-10-${day(10).getUTCFullYear()}-009001`);
    expect(mine.counted.map((c) => c.key)).not.toContain(`E-10-${day(20).getUTCFullYear()}-009002`);
  });

  it("another office sees none of it", async () => {
    const other = await createOffice(db);
    const u = await createUser(db, { officeId: other.id });
    const c = (await sessionCookieFor(db, u, other.id)).cookie;
    const page = await callLoader(registerRoute, { path: "/questions", cookie: c });
    expect((page.data as { questions: unknown[] }).questions).toEqual([]);
    await db
      .delete(offices)
      .where(eq(offices.id, other.id))
      .catch(() => {});
  });
});
