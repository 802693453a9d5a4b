/**
 * A campaign's page and list (issue 14): the counts in words (sent, answered, overdue against the office's reply
 * clock, questions open, press items), the timeline of letters, replies, questions and press items with its kind
 * filter, and press items added and removed by the office: bad input is a 400 with nothing written, another
 * office sees and changes nothing, a letter of another campaign cannot be named, and the number of queries the
 * list makes does not grow with the number of campaigns.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { letters, pressItems } from "#db/schema";
import { createCampaign } from "#app/models/campaigns.server";
import { addReply, linkQuestion } from "#app/models/tracking.server";
import { campaignList } from "#app/services/campaigns.server";
import { pressCsv } from "#app/services/exports.server";
import { summaryWords } from "#app/components/campaign-summary";
import { makeT } from "#app/i18n";
import * as campaignRoute from "#app/routes/campaigns.$campaignId";
import * as campaignsRoute from "#app/routes/campaigns._index";
import * as exportsRoute from "#app/routes/exports.$file";
import { closeTestDb, db } from "#tests/setup/db";
import { callAction, callLoader } from "#tests/setup/routes";
import { cookieA, cookieB, cookieLeadA, openWorldFixture, w } from "#tests/setup/world-fixture";
import { createDraftLetter } from "#tests/factories/index";
import { countQueries } from "#tests/support/query-count";
import { audit } from "#app/infra/audit.server";
import { toIsoDate } from "#app/domain/reply-clock";

beforeAll(openWorldFixture);
afterAll(closeTestDb);

const DAY = 86_400_000;

async function seededCampaign() {
  const campaign = await db.transaction((tx) =>
    createCampaign(tx, w.actorA, { title: `Campaign ${Math.random()}`, summary: null }),
  );
  const answered = await createDraftLetter(db, w.actorA, { subject: "Answered letter", campaignId: campaign.id });
  const late = await createDraftLetter(db, w.actorA, { subject: "Late letter", campaignId: campaign.id });
  const draft = await createDraftLetter(db, w.actorA, { subject: "Draft letter", campaignId: campaign.id });
  // Sent 60 days ago: past the default 15 working days, and past the 30 of "very overdue".
  for (const l of [answered, late])
    await db
      .update(letters)
      .set({ status: "sent", sentAt: new Date(Date.now() - 60 * DAY) })
      .where(eq(letters.id, l.id));
  const on = new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10);
  await db.transaction((tx) =>
    addReply(tx, w.actorA, {
      letterId: answered.id,
      receivedOn: on,
      senderName: "Ursula von der Leyen",
      kind: "substantive",
      body: "Thank you for your letter.",
    }),
  );
  await db.transaction((tx) =>
    addReply(tx, w.actorA, {
      letterId: late.id,
      receivedOn: on,
      senderName: "Secretariat-General",
      kind: "acknowledgement",
      body: "We received your letter.",
    }),
  );
  const n = 100 + Math.floor(Math.random() * 800);
  await db.transaction((tx) =>
    linkQuestion(tx, w.actorA, {
      letterId: late.id,
      question: {
        type: "E",
        number: n,
        year: 2022,
        term: 9,
        reference: `E-000${n}/2022`,
        title: "Follow-up to the joint letter",
        tabledOn: on,
      },
    }),
  );
  return { campaign, answered, late, draft };
}

const pressForm = (over: Record<string, string> = {}) => ({
  intent: "add-press",
  title: "MEPs press the Commission",
  outlet: "Le Soir",
  publishedOn: "2022-01-20",
  url: "https://example.org/story",
  note: "",
  letterId: "",
  ...over,
});

describe("the campaign page", () => {
  it("says where the campaign stands in words and lists every event newest first", async () => {
    const { campaign, late: lateLetter, answered } = await seededCampaign();
    // The reply clock's overdue alert about the late letter: the ladder's reminder step.
    await db.transaction((tx) =>
      audit(tx, {
        officeId: w.officeA.id,
        letterId: lateLetter.id,
        actorLabel: "reply clock",
        action: "reply.alert.overdue",
      }),
    );
    const r = await callLoader<any>(campaignRoute, {
      path: `/campaigns/${campaign.id}`,
      params: { campaignId: campaign.id },
      cookie: cookieA,
    });
    expect(r.status).toBe(200);
    expect(r.data.summary).toMatchObject({
      letters: 3,
      sent: 2,
      replied: 1,
      repliesIn: 2,
      overdue: 1,
      veryOverdue: 1,
      questions: 1,
      questionsOpen: 1,
      press: 0,
    });
    expect(summaryWords(makeT("en"), r.data.summary).join(" · ")).toBe(
      "3 letters · 2 sent · 1 answered · 1 overdue (1 of them very overdue) · 2 replies in · 1 question (1 open)",
    );
    const kinds = r.data.timeline.map((i: any) => `${i.kind}${i.event ? `:${i.event}` : ""}`);
    expect(kinds.sort()).toEqual(
      [
        "letter:drafted",
        "letter:drafted",
        "letter:drafted",
        "letter:sent",
        "letter:sent",
        "reply",
        "reply",
        "question:tabled",
      ].sort(),
    );
    const dates = r.data.timeline.map((i: any) => i.on);
    expect(dates).toEqual([...dates].sort().reverse());
    const late = r.data.letters.find((l: any) => l.subject === "Late letter");
    expect(late.clock.state).toBe("very-overdue");
    expect(r.data.letters.find((l: any) => l.subject === "Answered letter").clock.state).toBe("replied");
    expect(r.data.letters.find((l: any) => l.subject === "Draft letter").clock).toBeNull();
    // The ladder: letter → reminder → question for the late letter; the answered one was answered by its reply.
    const today = toIsoDate(new Date());
    expect(r.data.ladder.find((l: any) => l.letterId === lateLetter.id)).toMatchObject({
      reminderOn: today,
      question: { reference: expect.stringMatching(/^E-000\d+\/2022$/) },
      answer: null,
      reached: "question",
    });
    expect(r.data.ladder.find((l: any) => l.letterId === answered.id)).toMatchObject({
      reminderOn: null,
      question: null,
      answer: { kind: "reply", by: "Ursula von der Leyen" },
      reached: "answer",
    });
  });

  it("filters the timeline by kind with a plain GET form", async () => {
    const { campaign } = await seededCampaign();
    const r = await callLoader<any>(campaignRoute, {
      path: `/campaigns/${campaign.id}?kind=reply&kind=question&kind=nonsense`,
      params: { campaignId: campaign.id },
      cookie: cookieA,
    });
    expect(r.data.kinds).toEqual(["reply", "question"]);
    expect(new Set(r.data.timeline.map((i: any) => i.kind))).toEqual(new Set(["reply", "question"]));
  });

  it("is 404 for another office, and its press form changes nothing there", async () => {
    const { campaign } = await seededCampaign();
    const opts = { path: `/campaigns/${campaign.id}`, params: { campaignId: campaign.id }, cookie: cookieB };
    expect((await callLoader(campaignRoute, opts)).status).toBe(404);
    expect((await callAction(campaignRoute, { ...opts, form: pressForm() })).status).toBe(404);
    expect(await db.select().from(pressItems).where(eq(pressItems.campaignId, campaign.id))).toEqual([]);
  });
});

describe("press items", () => {
  it("a campaign lead adds one about a letter; it shows on the timeline, in the counts and in the CSV", async () => {
    const { campaign, late } = await seededCampaign();
    const opts = { path: `/campaigns/${campaign.id}`, params: { campaignId: campaign.id }, cookie: cookieLeadA };
    const added = await callAction<any>(campaignRoute, {
      ...opts,
      form: pressForm({ letterId: late.id, title: "Zäh: Kommission antwortet nicht", note: "front page" }),
    });
    expect(added.status).toBe(200);
    const [row] = await db.select().from(pressItems).where(eq(pressItems.campaignId, campaign.id));
    expect(row).toMatchObject({ outlet: "Le Soir", publishedOn: "2022-01-20", letterId: late.id, note: "front page" });
    const page = await callLoader<any>(campaignRoute, opts);
    expect(page.data.summary.press).toBe(1);
    const press = page.data.timeline.find((i: any) => i.kind === "press");
    expect(press).toMatchObject({ on: "2022-01-20", subject: "Late letter", url: "https://example.org/story" });
    const csv = await callLoader<any>(exportsRoute, {
      path: "/exports/press.csv",
      params: { file: "press.csv" },
      cookie: cookieA,
    });
    expect(csv.status).toBe(200);
    // The route's body is read as text (which drops a byte-order mark); the file itself starts with one.
    expect((await pressCsv(db, { officeId: w.officeA.id }, "en")).body.startsWith("\uFEFF")).toBe(true);
    expect(csv.body).toContain("Zäh: Kommission antwortet nicht");
    expect(csv.body).toContain(campaign.title);
    const other = await callLoader<any>(exportsRoute, {
      path: "/exports/press.csv",
      params: { file: "press.csv" },
      cookie: cookieB,
    });
    expect(other.body).not.toContain("Zäh");
  });

  it.each([
    [{ title: "" }, "title"],
    [{ outlet: " " }, "outlet"],
    [{ publishedOn: "20.01.2022" }, "publishedOn"],
    [{ publishedOn: "2022-02-30" }, "publishedOn"],
    [{ url: "javascript:alert(1)" }, "url"],
    [{ url: "data:text/html,<b>x</b>" }, "url"],
    [{ title: "x".repeat(301) }, "title"],
    [{ letterId: "not-a-uuid" }, "letterId"],
  ])("refuses %j with a field message and writes nothing", async (over, field) => {
    const { campaign } = await seededCampaign();
    const r = await callAction<any>(campaignRoute, {
      path: `/campaigns/${campaign.id}`,
      params: { campaignId: campaign.id },
      cookie: cookieA,
      form: pressForm(over),
    });
    expect(r.status).toBe(400);
    expect(Object.keys(r.data.fieldErrors)).toContain(field);
    expect(await db.select().from(pressItems).where(eq(pressItems.campaignId, campaign.id))).toEqual([]);
  });

  it("cannot name a letter of another campaign", async () => {
    const { campaign } = await seededCampaign();
    const elsewhere = await createDraftLetter(db, w.actorA, { subject: "Elsewhere" });
    const r = await callAction<any>(campaignRoute, {
      path: `/campaigns/${campaign.id}`,
      params: { campaignId: campaign.id },
      cookie: cookieA,
      form: pressForm({ letterId: elsewhere.id }),
    });
    expect(r.status).toBe(400);
    expect(r.data.fieldErrors.letterId).toBe("press.error.letter");
  });

  it("is removed by the office, and a second removal is a 404", async () => {
    const { campaign } = await seededCampaign();
    const opts = { path: `/campaigns/${campaign.id}`, params: { campaignId: campaign.id }, cookie: cookieA };
    await callAction(campaignRoute, { ...opts, form: pressForm() });
    const [row] = await db.select().from(pressItems).where(eq(pressItems.campaignId, campaign.id));
    const remove = { ...opts, form: { intent: "remove-press", pressItemId: row.id } };
    const other = await callAction(campaignRoute, { ...remove, cookie: cookieB });
    expect(other.status).toBe(404);
    expect((await callAction(campaignRoute, remove)).status).toBe(200);
    expect(await db.select().from(pressItems).where(eq(pressItems.id, row.id))).toEqual([]);
    expect((await callAction(campaignRoute, remove)).status).toBe(404);
  });
});

describe("the campaign list", () => {
  it("shows each campaign's counts in words", async () => {
    const { campaign } = await seededCampaign();
    const r = await callLoader<any>(campaignsRoute, { path: "/campaigns", cookie: cookieA });
    const c = r.data.campaigns.find((x: any) => x.id === campaign.id);
    expect(c.counts).toMatchObject({ letters: 3, sent: 2, overdue: 1 });
    expect(r.body).not.toContain("(0/0)");
  });

  it("makes the same number of queries for two campaigns as for many", async () => {
    const few = await countQueries(db, (d) => campaignList(d, w.officeB.id));
    for (let i = 0; i < 3; i++) await seededCampaign();
    const before = await countQueries(db, (d) => campaignList(d, w.officeA.id));
    for (let i = 0; i < 3; i++) await seededCampaign();
    const after = await countQueries(db, (d) => campaignList(d, w.officeA.id));
    expect(after).toBe(before);
    expect(after).toBeLessThanOrEqual(Math.max(few, 1) + 4);
  });
});
