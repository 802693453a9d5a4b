/**
 * Creating things is idempotent (issue 10, checklist 55): every form that creates something carries the
 * key its page was given, and the same submission sent again (a double click, a browser resending the
 * POST, a client retrying after a timeout, or all of them at once) creates one row and gets the first
 * answer. A refusal does not use the key up; a malformed key is refused; one person's key is not another's.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { addressees, formSubmissions, invitations, letters, letterTemplates, replies } from "#db/schema";
import { toIsoDate } from "#app/domain/reply-clock";
import { runMaintenance } from "#app/services/job-handlers.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, sessionCookieFor, type RouteModule, type RouteResult } from "#tests/setup/routes";
import { changedTables, countRows, tableFingerprints } from "#tests/setup/db-state";
import { routeModule } from "#tests/setup/route-files";
import { createWorld, tag, type World } from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let w: World;
let cookie: string;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  w = await createWorld(db);
  cookie = (await sessionCookieFor(db, w.a.staff, w.officeA.id)).cookie;
});
afterAll(async () => handle?.close());

const label = usingPostgres() ? "postgres" : "pglite";

type Post = { mod: RouteModule; path: string; params?: Record<string, string>; form: Record<string, string> };

/** The same submission (same form, same key) sent `times` times in a row, then `parallel` times at once. */
async function sendAgain(p: Post, key: string, { times = 2, parallel = 0, as = cookie } = {}) {
  const one = () =>
    callAction(p.mod, { path: p.path, params: p.params, cookie: as, form: { ...p.form, formKey: key } });
  const answers: RouteResult[] = [];
  for (let i = 0; i < times; i++) answers.push(await one());
  answers.push(...(await Promise.all(Array.from({ length: parallel }, one))));
  return answers;
}

/** What the person is shown: the redirect, or the message and its values. */
const shown = (r: RouteResult) =>
  r.location ?? JSON.stringify({ status: r.status, ...(r.data as object), replayed: undefined });

async function expectOnce(p: Post, table: Parameters<typeof countRows>[1], opts: { parallel?: number } = {}) {
  const before = await countRows(db, table);
  const answers = await sendAgain(p, randomUUID(), { times: 2, parallel: opts.parallel ?? 0 });
  expect(await countRows(db, table)).toBe(before + 1);
  for (const a of answers) expect(a.status, JSON.stringify(a.data)).toBeLessThan(400);
  // Every retry is answered as the first one was: the same page, the same letter, the same message.
  expect(new Set(answers.map(shown)).size).toBe(1);
  return answers[0];
}

describe(`a form sent twice creates one thing (${label})`, () => {
  it("a new letter: twice in a row and eight times at once, one letter; every answer goes to it", async () => {
    const mod = await routeModule("letters.new.tsx");
    const page = await callLoader(mod, { path: "/letters/new", cookie });
    const key = (page.data as { formKey: string }).formKey;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const subject = `Idempotent letter ${tag()}`;
    const form = { subject, language: "en", bodyText: "Sent twice.", campaignId: "" };
    const answers = await sendAgain({ mod, path: "/letters/new", form }, key, { times: 2, parallel: 8 });
    const made = await db.select({ id: letters.id }).from(letters).where(eq(letters.subject, subject));
    expect(made).toHaveLength(1);
    for (const a of answers) expect(a.location).toBe(`/letters/${made[0].id}/edit`);
    // The page shows a fresh key each time: the next letter is a new submission.
    const next = await callLoader(mod, { path: "/letters/new", cookie });
    expect((next.data as { formKey: string }).formKey).not.toBe(key);
  });

  it("a letter copied from an earlier one, and one from a template", async () => {
    const mod = await routeModule("letters.new.tsx");
    await expectOnce(
      { mod, path: "/letters/new", form: { intent: "copy-letter", sourceLetterId: w.letterA.id } },
      "letters",
    );
    const edit = await routeModule("letters.$letterId.edit.tsx");
    const tpl = await callAction(edit, {
      path: `/letters/${w.letterA.id}/edit`,
      params: { letterId: w.letterA.id },
      cookie,
      form: { intent: "save-as-template", templateName: `Template ${tag()}` },
    });
    expect(tpl.status).toBe(200);
    const [t] = await db
      .select({ id: letterTemplates.id })
      .from(letterTemplates)
      .where(eq(letterTemplates.officeId, w.officeA.id));
    await expectOnce({ mod, path: "/letters/new", form: { intent: "from-template", templateId: t.id } }, "letters");
  });

  it("a campaign", async () => {
    const mod = await routeModule("campaigns._index.tsx");
    await expectOnce({ mod, path: "/campaigns", form: { title: `Campaign ${tag()}`, summary: "" } }, "campaigns", {
      parallel: 4,
    });
  });

  it("an office member's comment and an invitee's comment", async () => {
    const staff = await routeModule("letters.$letterId.comments.tsx");
    await expectOnce(
      {
        mod: staff,
        path: `/letters/${w.letterA.id}/comments`,
        params: { letterId: w.letterA.id },
        form: { intent: "comment", version: "1", body: `Shorter, please ${tag()}.` },
      },
      "comments",
      { parallel: 4 },
    );
    const invitee = await routeModule("sign.$token_.comment.tsx");
    const page = await callLoader(invitee, { path: "/sign/x/comment", params: { token: w.invA2.token } });
    const key = (page.data as { formKey: string }).formKey;
    const before = await countRows(db, "comments");
    const post = () =>
      callAction(invitee, {
        path: "/sign/x/comment",
        params: { token: w.invA2.token },
        form: { authorName: "", body: "Mention the 2022 question.", quote: "", proposal: "", formKey: key },
      });
    const answers = [await post(), await post(), ...(await Promise.all([post(), post(), post()]))];
    for (const a of answers) expect(a.data).toMatchObject({ ok: true, message: "comments.posted" });
    expect(await countRows(db, "comments")).toBe(before + 1);
    // The key is the invitation's: the same key from another invitee's link is that invitee's own comment.
    const other = await callAction(invitee, {
      path: "/sign/x/comment",
      params: { token: w.invA1.token },
      form: { authorName: "", body: "Another person.", quote: "", proposal: "", formKey: key },
    });
    expect(other.data).toMatchObject({ ok: true });
    expect(await countRows(db, "comments")).toBe(before + 2);
  });

  it("a reply logged on a sent letter", async () => {
    await db
      .update(letters)
      .set({ status: "sent", sentAt: new Date(Date.now() - 3 * 86_400_000) })
      .where(eq(letters.id, w.letterB.id));
    const cookieB = (await sessionCookieFor(db, w.b.staff, w.officeB.id)).cookie;
    const mod = await routeModule("letters.$letterId.replies._index.tsx");
    const before = await countRows(db, "replies");
    const form = {
      intent: "log",
      addresseeId: w.addresseeB.id,
      kind: "substantive",
      receivedOn: toIsoDate(new Date(Date.now() - 86_400_000)),
      senderName: `Sender ${tag()}`,
      body: "Thank you for your letter.",
    };
    const answers = await sendAgain(
      { mod, path: `/letters/${w.letterB.id}/replies`, params: { letterId: w.letterB.id }, form },
      randomUUID(),
      { times: 2, parallel: 3, as: cookieB },
    );
    for (const a of answers) expect(a.data).toMatchObject({ ok: true, message: "replies.logged" });
    expect(await countRows(db, "replies")).toBe(before + 1);
    expect(await db.select().from(replies).where(eq(replies.senderName, form.senderName))).toHaveLength(1);
  });

  it("a question draft", async () => {
    const mod = await routeModule("questions.drafts.new.tsx");
    await expectOnce(
      {
        mod,
        path: "/questions/drafts/new",
        form: { intent: "save", type: "E", addressee: "commission", title: `Question ${tag()}`, body: "Why?" },
      },
      "question_drafts",
      { parallel: 3 },
    );
  });

  it("an addressee added and a template saved from the editor", async () => {
    const draft = await routeModule("letters.new.tsx");
    const made = await callAction(draft, {
      path: "/letters/new",
      cookie,
      form: { subject: `For addressees ${tag()}`, language: "en", bodyText: "Text.", campaignId: "" },
    });
    const letterId = made.location!.split("/")[2];
    const mod = await routeModule("letters.$letterId.edit.tsx");
    const at = { mod, path: `/letters/${letterId}/edit`, params: { letterId } };
    await expectOnce(
      {
        ...at,
        form: {
          intent: "add-addressee",
          name: `Ms Example ${tag()}`,
          role: "",
          institution: "",
          salutation: "",
          email: "",
          kind: "to",
        },
      },
      "addressees",
      { parallel: 3 },
    );
    expect(await db.select().from(addressees).where(eq(addressees.letterId, letterId))).toHaveLength(1);
    await expectOnce(
      { ...at, form: { intent: "save-as-template", templateName: `Saved ${tag()}` } },
      "letter_templates",
    );
  });

  it("invitations: a staff invitation and a resent link (one new email, not two)", async () => {
    const mod = await routeModule("letters.$letterId.invite.tsx");
    const at = { mod, path: `/letters/${w.letterA.id}/invite`, params: { letterId: w.letterA.id } };
    const staffEmail = `assistant.${tag()}@ep.test`;
    await expectOnce(
      { ...at, form: { intent: "staff", mepId: String(w.meps.a3.id), staffName: "Assistant Person", staffEmail } },
      "invitations",
      { parallel: 2 },
    );
    expect(await db.select().from(invitations).where(eq(invitations.inviteeEmail, staffEmail))).toHaveLength(1);
    await expectOnce({ ...at, form: { intent: "resend", invitationId: w.invA2.invitationId } }, "emails", {
      parallel: 2,
    });
  });
});

describe(`form keys: what they do not do (${label})`, () => {
  it("a refusal leaves the key unused: the corrected form, with the same key, creates the letter", async () => {
    const mod = await routeModule("letters.new.tsx");
    const key = randomUUID();
    const subject = `Corrected ${tag()}`;
    const bad = await callAction(mod, {
      path: "/letters/new",
      cookie,
      form: { subject, language: "en", bodyText: "x", campaignId: randomUUID(), formKey: key },
    });
    expect(bad.status).toBe(400);
    const good = await callAction(mod, {
      path: "/letters/new",
      cookie,
      form: { subject, language: "en", bodyText: "x", campaignId: "", formKey: key },
    });
    expect(good.status).toBe(302);
    // And from then on the key is used: sent once more, it creates nothing.
    const again = await callAction(mod, {
      path: "/letters/new",
      cookie,
      form: { subject, language: "en", bodyText: "x", campaignId: "", formKey: key },
    });
    expect(again.location).toBe(good.location);
    expect(await db.select().from(letters).where(eq(letters.subject, subject))).toHaveLength(1);
  });

  it("a malformed key is refused with a message, nothing written", async () => {
    const mod = await routeModule("campaigns._index.tsx");
    const before = await tableFingerprints(db);
    for (const formKey of ["not-a-key", "1", `${randomUUID()}x`]) {
      const r = await callAction(mod, { path: "/campaigns", cookie, form: { title: "T", summary: "", formKey } });
      expect(r.status).toBe(400);
      expect(r.data).toMatchObject({ message: "form.error.broken" });
    }
    expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
  });

  it("one person's key is not another's: the same key from a colleague creates their own letter", async () => {
    const mod = await routeModule("letters.new.tsx");
    const key = randomUUID();
    const subject = `Shared key ${tag()}`;
    const form = { subject, language: "en", bodyText: "x", campaignId: "", formKey: key };
    const mine = await callAction(mod, { path: "/letters/new", cookie, form });
    expect((await callAction(mod, { path: "/letters/new", cookie, form })).location).toBe(mine.location);
    const colleague = (await sessionCookieFor(db, w.a.mep, w.officeA.id)).cookie;
    const theirs = await callAction(mod, { path: "/letters/new", cookie: colleague, form });
    expect(mine.location).not.toBe(theirs.location);
    expect(await db.select().from(letters).where(eq(letters.subject, subject))).toHaveLength(2);
  });

  it("keys hold no secret and are forgotten after a week", async () => {
    const rows = await db.select().from(formSubmissions);
    expect(rows.length).toBeGreaterThan(0);
    const text = JSON.stringify(rows);
    for (const secret of [w.invA1.token, w.invA2.token]) expect(text).not.toContain(secret);
    await db.execute(sql`update form_submissions set created_at = now() - interval '8 days'`);
    await runMaintenance(db);
    expect(await db.select().from(formSubmissions)).toEqual([]);
  });
});
