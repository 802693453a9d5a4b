/**
 * One search over the office's records: letters by version text, subject and language (stemming where PostgreSQL has
 * the letter's language), replies by their text and the text of their uploaded file, by an Ares reference in any
 * form and by registration numbers, questions of the register by their parsed reference (short and long forms) and
 * words, question drafts, campaigns and the directory's Members; grouped by kind with highlighted snippets on the
 * page; scoped to the signed-in office (another office's replies, questions and letters never appear); bad input 4xx.
 */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import PDFDocument from "pdfkit";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { rowsOf } from "#db/client.server";
import { campaigns, letters, pressItems } from "#db/schema";
import {
  HIT_END,
  HIT_START,
  searchEverything,
  searchLetters,
  searchLettersSql,
  snippetParts,
} from "#app/models/search.server";
import { logReply } from "#app/services/replies.server";
import { ensureQuestion, setFollow } from "#app/models/questions.server";
import { formatQuestionReference } from "#app/domain/question-reference";
import { parseSearchQuery } from "#app/domain/search-query";
import { LocaleProvider } from "#app/i18n";
import { pageMessages } from "#app/i18n/page-messages.server";
import * as searchRoute from "#app/routes/search";
import { closeTestDb, db, dbLabel } from "#tests/setup/db";
import { callLoader } from "#tests/setup/routes";
import { cookieA, cookieB, openWorldFixture, w } from "#tests/setup/world-fixture";
import { createDraftLetter, createMep, createQuestionDraft, publish, tag, type Actor } from "#tests/factories/index";

beforeAll(openWorldFixture);
afterAll(closeTestDb);

type Groups = {
  letters: Array<{ letterId: string; snippet: Array<{ text: string; hit: boolean }> }>;
  replies: Array<{ replyId: string; snippet: Array<{ text: string; hit: boolean }> }>;
  questions: Array<{ id: string; kind: string; snippet: Array<{ text: string; hit: boolean }> }>;
  campaigns: Array<{ campaignId: string }>;
  press: Array<{ campaignId: string; outlet: string }>;
  people: Array<{ mepId: number }>;
};
type PageData = { q: string; kind: string | null; error: string | null; total: number; groups: Groups };

const page = async (q: string, cookie = cookieA, extra = "") =>
  callLoader<PageData>(searchRoute, { path: `/search?q=${encodeURIComponent(q)}${extra}`, cookie });

function pdfWith(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

/** A published letter marked sent, and a reply logged through the service (the file's text extracted as on upload). */
async function sentLetterWithReply(
  actor: Actor,
  reply: { body?: string; theirReference?: string; theirRegistration?: string; ourRegistration?: string; pdf?: string },
) {
  const letter = await createDraftLetter(db, actor, { subject: `Sent ${tag()}` });
  await publish(db, actor, letter.id);
  await db
    .update(letters)
    .set({ status: "sent", sentAt: new Date("2024-03-01T10:00:00Z") })
    .where(eq(letters.id, letter.id));
  const addressees = await db.query.addressees.findMany({ where: (a, o) => o.eq(a.letterId, letter.id) });
  const r = await logReply(db, actor, {
    letterId: letter.id,
    form: {
      receivedOn: "2024-03-08",
      senderName: "Directorate-General",
      kind: "substantive",
      body: reply.body ?? "",
      theirReference: reply.theirReference,
      theirRegistration: reply.theirRegistration,
      ourRegistration: reply.ourRegistration,
      addresseeIds: addressees.map((a) => a.id),
    },
    file: reply.pdf ? { filename: "reply.pdf", bytes: await pdfWith(reply.pdf) } : null,
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return { letter, replyId: r.replyId };
}

/** A question of the public record with a short number, in `actor`'s register (followed). */
async function followedQuestion(actor: Actor, over: { title?: string; body?: string } = {}) {
  const ref = { type: "E" as const, number: randomInt(1, 99_999), year: 2022, term: 9 };
  const { question } = await ensureQuestion(db, {
    ...ref,
    reference: formatQuestionReference(ref),
    title: over.title ?? `Question ${tag()}`,
    body: over.body ?? null,
  });
  await setFollow(db, actor, question.id, true);
  return { question, ref };
}

describe(`search (${dbLabel()})`, () => {
  it("finds only the office's own letters, by version text and by subject, best first, with a snippet", async () => {
    const word = `zebra${tag()}`;
    const inText = await createDraftLetter(db, w.actorA, {
      subject: `Fisheries ${tag()}`,
      body: `The quota for ${word} fishing in the Baltic must be reviewed.`,
    });
    await publish(db, w.actorA, inText.id);
    const inSubject = await createDraftLetter(db, w.actorA, {
      subject: `On ${word} protection`,
      body: `Nothing relevant here ${tag()}.`,
    });
    await publish(db, w.actorA, inSubject.id);
    const draftOnly = await createDraftLetter(db, w.actorA, {
      subject: `Unpublished ${tag()}`,
      body: `Draft mentions ${word} but was never published.`,
    });
    const otherOffice = await createDraftLetter(db, w.actorB, {
      subject: `B ${word}`,
      body: `Office B also writes about ${word}.`,
    });
    await publish(db, w.actorB, otherOffice.id);

    const hits = await searchLetters(db, { officeId: w.officeA.id, q: word });
    expect(hits.map((h) => h.letterId)).toEqual([inSubject.id, inText.id]);
    expect(hits.map((h) => h.letterId)).not.toContain(draftOnly.id);
    expect(hits.map((h) => h.letterId)).not.toContain(otherOffice.id);
    const textHit = hits.find((h) => h.letterId === inText.id)!;
    expect(textHit.versionNumber).toBe(1);
    expect(textHit.snippet).toContain(`${HIT_START}${word}${HIT_END}`);
    expect(
      snippetParts(textHit.snippet)
        .filter((p) => p.hit)
        .map((p) => p.text),
    ).toEqual([word]);

    const bHits = await searchLetters(db, { officeId: w.officeB.id, q: word });
    expect(bHits.map((h) => h.letterId)).toEqual([otherOffice.id]);

    // Web-search syntax: exclusion and phrases.
    expect((await searchLetters(db, { officeId: w.officeA.id, q: `${word} -baltic` })).map((h) => h.letterId)).toEqual([
      inSubject.id,
    ]);
    expect(
      (await searchLetters(db, { officeId: w.officeA.id, q: `"${word} fishing"` })).map((h) => h.letterId),
    ).toEqual([inText.id]);
    expect(await searchLetters(db, { officeId: w.officeA.id, q: "   " })).toEqual([]);
    expect(await searchLetters(db, { officeId: w.officeA.id, q: "&|!():*" })).toEqual([]);
  });

  it("reads a letter with its language's configuration where PostgreSQL has one, and every word as written", async () => {
    const t = tag();
    const english = await createDraftLetter(db, w.actorA, { body: `We are negotiating ${t}quotas with the Council.` });
    await db.update(letters).set({ language: "en" }).where(eq(letters.id, english.id));
    await publish(db, w.actorA, english.id);
    const polish = await createDraftLetter(db, w.actorA, { body: `Negotiating ${t}quotas in Polish, no stemmer.` });
    await db.update(letters).set({ language: "pl" }).where(eq(letters.id, polish.id));
    await publish(db, w.actorA, polish.id);
    // "negotiated" and "negotiating" share the English stem; the Polish letter is read word for word only.
    const stemmed = await searchLetters(db, { officeId: w.officeA.id, q: `negotiated ${t}quotas` });
    expect(stemmed.map((h) => h.letterId)).toEqual([english.id]);
    expect(
      snippetParts(stemmed[0].snippet)
        .filter((p) => p.hit)
        .map((p) => p.text.toLowerCase()),
    ).toContain("negotiating");
    const exact = await searchLetters(db, { officeId: w.officeA.id, q: `negotiating ${t}quotas` });
    expect(exact.map((h) => h.letterId).sort()).toEqual([english.id, polish.id].sort());
  });

  it("finds a reply by a word that is only in its uploaded file, never another office's", async () => {
    const word = `quaternion${tag()}`;
    const a = await sentLetterWithReply(w.actorA, {
      body: "Please find our answer attached.",
      pdf: `The Commission shares your concerns about ${word} procurement.`,
    });
    const b = await sentLetterWithReply(w.actorB, { body: `Office B's reply mentions ${word} too.` });
    const resA = await page(word);
    expect(resA.status).toBe(200);
    expect(resA.data.groups.replies.map((r) => r.replyId)).toEqual([a.replyId]);
    expect(resA.data.groups.replies[0].snippet.filter((p) => p.hit).map((p) => p.text)).toEqual([word]);
    expect(resA.body).not.toContain(b.replyId);
    const resB = await page(word, cookieB);
    expect(resB.data.groups.replies.map((r) => r.replyId)).toEqual([b.replyId]);
    expect(resB.body).not.toContain(a.replyId);
  });

  it("finds a reply by its Ares reference in any form and by registration numbers", async () => {
    const n = randomInt(1_000_000, 9_999_999);
    const m = randomInt(1_000_000, 9_999_999);
    const ours = `BG/2024/${tag()}`;
    const a = await sentLetterWithReply(w.actorA, {
      body: "Reply with references.",
      theirReference: `Ref. Ares(2024)${n} - 06/03/2024`,
      theirRegistration: `Ares(2024)${m}`,
      ourRegistration: ours,
    });
    const b = await sentLetterWithReply(w.actorB, { body: "B's reply.", theirReference: `Ares(2024)${n}` });
    for (const q of [`Ares(2024)${n}`, `ares (2024) ${n}`, `2024/${n}`, `Ref. Ares(2024)${n} - 06/03/2024`]) {
      const res = await page(q);
      expect(res.status, q).toBe(200);
      expect(
        res.data.groups.replies.map((r) => r.replyId),
        q,
      ).toEqual([a.replyId]);
      expect(res.data.groups.replies[0].snippet.filter((p) => p.hit).map((p) => p.text)).toEqual([`Ares(2024)${n}`]);
      expect(res.body, q).not.toContain(b.replyId);
    }
    expect((await page(`2024/${m}`)).data.groups.replies.map((r) => r.replyId)).toEqual([a.replyId]);
    expect((await page(ours.toLowerCase())).data.groups.replies.map((r) => r.replyId)).toEqual([a.replyId]);
    expect((await page(`2024/${n}`, cookieB)).data.groups.replies.map((r) => r.replyId)).toEqual([b.replyId]);
  });

  it("finds a question of the register by its reference in any accepted form, only in the offices that have it", async () => {
    const word = `tariff${tag()}`;
    const { question, ref } = await followedQuestion(w.actorA, { title: `On ${word} quotas` });
    const other = await followedQuestion(w.actorB);
    const forms = [
      formatQuestionReference(ref),
      `E-${ref.number}/2022`,
      `e ${ref.number}/22`,
      `E-${String(ref.number).padStart(6, "0")}/22`,
      `E-9-2022-${String(ref.number).padStart(6, "0")}`,
    ];
    for (const q of forms) {
      const res = await page(q);
      expect(res.status, q).toBe(200);
      expect(
        res.data.groups.questions.map((x) => x.id),
        q,
      ).toEqual([question.id]);
      expect(res.data.groups.questions[0].snippet.filter((p) => p.hit).map((p) => p.text)).toEqual([
        formatQuestionReference(ref),
      ]);
    }
    // By the stored reference, not by text: the same digits in another year are another question.
    expect((await page(`E-${ref.number}/2023`)).data.groups.questions).toEqual([]);
    // By words of its title.
    expect((await page(word)).data.groups.questions.map((x) => x.id)).toEqual([question.id]);
    // Office B does not have A's question in its register, and A does not see B's.
    expect((await page(formatQuestionReference(ref), cookieB)).data.groups.questions).toEqual([]);
    const bRes = await page(formatQuestionReference(other.ref));
    expect(bRes.data.groups.questions).toEqual([]);
    expect(bRes.body).not.toContain(other.question.id);
    expect((await page(`e ${other.ref.number}/22`, cookieB)).data.groups.questions.map((x) => x.id)).toEqual([
      other.question.id,
    ]);
    // The office's own question drafts are found by their title, never another office's.
    const draft = await createQuestionDraft(db, w.actorA);
    const draftRes = await page(draft.title);
    expect(draftRes.data.groups.questions.map((x) => [x.kind, x.id])).toEqual([["draft", draft.id]]);
    expect((await page(draft.title, cookieB)).data.groups.questions).toEqual([]);
  });

  it("finds campaigns and Members, and groups every kind on the page with highlighted snippets", async () => {
    const word = `pangolin${tag()}`;
    const letter = await createDraftLetter(db, w.actorA, { subject: `Letter on ${word}`, body: `About ${word}.` });
    await publish(db, w.actorA, letter.id);
    const reply = await sentLetterWithReply(w.actorA, { body: `The ${word} reply.` });
    const { question } = await followedQuestion(w.actorA, { title: `Question on ${word}` });
    const [campaign] = await db
      .insert(campaigns)
      .values({ officeId: w.officeA.id, title: `Campaign ${word}`, summary: "Saving them." })
      .returning();
    const [bCampaign] = await db
      .insert(campaigns)
      .values({ officeId: w.officeB.id, title: `B campaign ${word}` })
      .returning();
    await db.insert(pressItems).values([
      {
        officeId: w.officeA.id,
        campaignId: campaign.id,
        title: `The ${word} story`,
        outlet: "Le Soir",
        publishedOn: "2022-01-20",
      },
      {
        officeId: w.officeB.id,
        campaignId: bCampaign.id,
        title: `B ${word} story`,
        outlet: "Politico",
        publishedOn: "2022-01-21",
      },
    ]);
    const family = `Ząbkowski${tag()}`;
    const mep = await createMep(db, { givenName: "Jerzy", familyName: family });

    const res = await page(word);
    expect(res.status).toBe(200);
    const g = res.data.groups;
    expect(g.letters.map((x) => x.letterId)).toEqual([letter.id]);
    expect(g.replies.map((x) => x.replyId)).toEqual([reply.replyId]);
    expect(g.questions.map((x) => x.id)).toEqual([question.id]);
    expect(g.campaigns.map((x) => x.campaignId)).toEqual([campaign.id]);
    expect(g.press.map((x) => [x.campaignId, x.outlet])).toEqual([[campaign.id, "Le Soir"]]);
    expect(res.data.total).toBe(5);
    for (const group of [g.letters, g.replies, g.questions])
      expect(group[0].snippet.some((p) => p.hit && p.text === word)).toBe(true);
    // Members by name, without diacritics or case.
    const people = await page(`jerzy ${family.replace("ą", "a").toLowerCase()}`);
    expect(people.data.groups.people.map((p) => p.mepId)).toEqual([mep.id]);

    // One kind alone.
    const onlyReplies = await page(word, cookieA, "&kind=replies");
    expect(onlyReplies.data.groups.letters).toEqual([]);
    expect(onlyReplies.data.groups.replies.map((x) => x.replyId)).toEqual([reply.replyId]);

    // The page: one section per kind that has results, in order, each result's words marked.
    const html = renderPage(res.data);
    const sections = [...html.matchAll(/<section[^>]*data-kind="(\w+)"/g)].map((m) => m[1]);
    expect(sections).toEqual(["letters", "replies", "questions", "campaigns", "press"]);
    expect(html.match(new RegExp(`<mark>${word}</mark>`, "g"))!.length).toBeGreaterThanOrEqual(4);
    expect(html).toContain(`href="/letters/${letter.id}/versions/1"`);
    expect(html).toContain(`href="/letters/${reply.letter.id}/replies/${reply.replyId}"`);
    expect(html).toContain(`href="/questions/${question.id}"`);
    expect(html).toContain(`href="/campaigns/${campaign.id}"`);
    expect(html).toContain(`href="/campaigns/${campaign.id}#press"`);
    expect(renderPage(people.data)).toContain(`href="/directory/${mep.id}"`);
  });

  it("the search page is scoped to the signed-in office and never shows raw HTML from the text", async () => {
    const word = `qx${tag()}`;
    const l = await createDraftLetter(db, w.actorA, { body: `<b>bold</b> ${word} <script>alert(1)</script>` });
    await publish(db, w.actorA, l.id);
    const a = await page(word);
    const results = a.data.groups.letters;
    expect(results.map((r) => r.letterId)).toEqual([l.id]);
    expect(results[0].snippet.some((p) => p.hit && p.text === word)).toBe(true);
    expect(renderPage(a.data)).not.toContain("<script>alert");
    const b = await page(word, cookieB);
    expect(b.data.total).toBe(0);
    expect(b.body).not.toContain(l.id);
  });

  it("answers bad input with 400 and nothing searched", async () => {
    const long = await page("x".repeat(201));
    expect(long.status).toBe(400);
    expect(long.data.error).toBe("search.everything.error.tooLong");
    expect(long.data.total).toBe(0);
    const kind = await page("anything", cookieA, "&kind=drafts");
    expect(kind.status).toBe(400);
    expect(kind.data.error).toBe("search.everything.error.kind");
    expect((await page("\u0000\uE000")).status).toBe(200);
    expect((await page("x".repeat(200))).status).toBe(200);
    expect(renderPage(long.data)).toContain("200 characters");
  });

  it("parses references from what people type", () => {
    expect(parseSearchQuery("e 213/22").question).toMatchObject({ type: "E", number: 213, year: 2022, term: 9 });
    expect(parseSearchQuery("E-000213/2024").question).toMatchObject({ number: 213, year: 2024, term: null });
    expect(parseSearchQuery("2023/1234567").ares).toBe("Ares(2023)1234567");
    expect(parseSearchQuery("Ref. Ares(2023)1234567 - 06/03/2023").ares).toBe("Ares(2023)1234567");
    expect(parseSearchQuery("fisheries quota")).toMatchObject({ question: null, ares: null, registration: null });
  });

  it("reads only the office's letters, through the office index", async () => {
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const res = await tx.execute(sql`explain ${searchLettersSql({ officeId: w.officeA.id, q: "commission" })}`);
      return rowsOf<Record<string, string>>(res)
        .map((r) => Object.values(r)[0])
        .join("\n");
    });
    expect(plan).toContain("letters_office_idx");
    expect(plan).toContain("letter_versions_letter_number_uq");
  });

  it("searchEverything runs one kind or all", async () => {
    const word = `okapi${tag()}`;
    const l = await createDraftLetter(db, w.actorA, { subject: word });
    const all = await searchEverything(db, { officeId: w.officeA.id, q: word });
    expect(all.letters.map((x) => x.letterId)).toEqual([l.id]);
    const none = await searchEverything(db, { officeId: w.officeA.id, q: word, kind: "people" });
    expect(none.letters).toEqual([]);
  });
});

/** Server-renders the search page with the loader's data, as the browser first receives it. */
function renderPage(data: PageData): string {
  const router = createMemoryRouter(
    [{ path: "/search", element: createElement(searchRoute.default), loader: () => data }],
    { initialEntries: ["/search"], hydrationData: { loaderData: { "0": data } } },
  );
  return renderToString(
    createElement(LocaleProvider, { value: pageMessages("en", "staff") }, createElement(RouterProvider, { router })),
  );
}
