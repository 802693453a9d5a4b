/**
 * Drafting against the database (PGlite, or Postgres with TEST_DATABASE_URL): comments from members
 * and from signatories' links and their resolution, templates and copies of earlier letters,
 * restoring a version, autosave conflicts, addressee order, comparing versions, and search.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "#db/client.server";
import {
  addressees,
  auditEvents,
  comments,
  invitations,
  letters,
  letterTemplates,
  letterVersions,
  signatures,
} from "#db/schema";
import { verifyAuditChain } from "#app/infra/audit.server";
import {
  copyLetter,
  getLetter,
  listAddressees,
  moveAddressee,
  restoreVersion,
  saveDraft,
} from "#app/models/letters.server";
import { addCommentByToken, addMemberComment, listComments, resolveComment } from "#app/models/comments.server";
import { createLetterFromTemplate, listTemplates, saveLetterAsTemplate } from "#app/models/templates.server";
import { HIT_END, HIT_START, searchLetters, searchLettersSql, snippetParts } from "#app/models/search.server";
import { diffSides } from "#app/domain/word-diff";
import * as commentsRoute from "#app/routes/letters.$letterId.comments";
import * as signCommentRoute from "#app/routes/sign.$token_.comment";
import * as compareRoute from "#app/routes/letters.$letterId.compare";
import * as editRoute from "#app/routes/letters.$letterId.edit";
import * as newRoute from "#app/routes/letters.new";
import * as templatesRoute from "#app/routes/templates";
import * as searchRoute from "#app/routes/search";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, sessionCookieFor } from "#tests/setup/routes";
import {
  bodyJson,
  createDraftLetter,
  createWorld,
  publish,
  publishNewText,
  tag,
  type World,
} from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let w: World;
let cookieA: string;
let cookieB: string;
let cookieLeadA: string;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  w = await createWorld(db);
  cookieA = (await sessionCookieFor(db, w.a.staff, w.officeA.id)).cookie;
  cookieB = (await sessionCookieFor(db, w.b.staff, w.officeB.id)).cookie;
  cookieLeadA = (await sessionCookieFor(db, w.a.campaign_lead, w.officeA.id)).cookie;
});
afterAll(async () => {
  await handle?.close();
});

async function auditActions(letterId: string) {
  return await db
    .select({ action: auditEvents.action, data: auditEvents.data })
    .from(auditEvents)
    .where(eq(auditEvents.letterId, letterId))
    .orderBy(auditEvents.id);
}

async function revisionOf(letterId: string) {
  const [l] = await db
    .select({ r: letters.draftRevision, json: letters.draftJson })
    .from(letters)
    .where(eq(letters.id, letterId));
  return l;
}

/** A letter of office A with v1 and v2 published. */
async function twoVersionLetter(
  first = "The first text of the letter.",
  second = "The second text of the letter, changed.",
) {
  const letter = await createDraftLetter(db, w.actorA, { body: first });
  const v1 = await publish(db, w.actorA, letter.id);
  const v2 = await publishNewText(db, w.actorA, letter.id, second);
  return { letter, v1, v2 };
}

describe(`comments (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("an office member comments on a version through the comments page; the comment shows its version and leaves an audit row", async () => {
    const { letter } = await twoVersionLetter();
    const r = await callAction(commentsRoute, {
      path: `/letters/${letter.id}/comments`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "comment", version: "1", body: "Could we soften the second sentence?" },
    });
    expect(r.status).toBe(200);
    const page = await callLoader(commentsRoute, {
      path: `/letters/${letter.id}/comments`,
      params: { letterId: letter.id },
      cookie: cookieA,
    });
    const list = (
      page.data as {
        comments: Array<{
          body: string;
          versionNumber: number;
          authorName: string;
          status: string;
          invitationId: string | null;
        }>;
      }
    ).comments;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      body: "Could we soften the second sentence?",
      versionNumber: 1,
      authorName: w.a.staff.name,
      status: "open",
      invitationId: null,
    });
    expect((await auditActions(letter.id)).map((e) => e.action)).toContain("comment.added");
    // A campaign lead (a member, not a drafter) may comment but not resolve.
    const lead = await callAction(commentsRoute, {
      path: `/letters/${letter.id}/comments`,
      params: { letterId: letter.id },
      cookie: cookieLeadA,
      form: { intent: "comment", body: "Looks good." },
    });
    expect(lead.status).toBe(200);
    const comment = (await listComments(db, { letterId: letter.id, officeId: w.officeA.id }))[0];
    const forbidden = await callAction(commentsRoute, {
      path: `/letters/${letter.id}/comments`,
      params: { letterId: letter.id },
      cookie: cookieLeadA,
      form: { intent: "resolve", commentId: comment.id, decision: "accepted" },
    });
    expect(forbidden.status).toBe(403);
  });

  it("a proposal needs the passage it replaces, and an empty comment is refused, both with a 400 and nothing stored", async () => {
    const { letter } = await twoVersionLetter();
    const base = { path: `/letters/${letter.id}/comments`, params: { letterId: letter.id }, cookie: cookieA };
    const noQuote = await callAction(commentsRoute, { ...base, form: { intent: "comment", proposal: "new words" } });
    expect(noQuote.status).toBe(400);
    expect((noQuote.data as { fieldErrors: Record<string, string> }).fieldErrors.quote).toBe("comments.error.quote");
    const empty = await callAction(commentsRoute, { ...base, form: { intent: "comment", body: "   " } });
    expect(empty.status).toBe(400);
    const badVersion = await callAction(commentsRoute, {
      ...base,
      form: { intent: "comment", version: "9", body: "x" },
    });
    expect(badVersion.status).toBe(404);
    expect(await listComments(db, { letterId: letter.id, officeId: w.officeA.id })).toHaveLength(0);
  });

  it("an invited signatory comments and proposes a change through their link; it is attached to the current version and their invitation", async () => {
    const before = await listComments(db, { letterId: w.letterA.id, officeId: w.officeA.id });
    const r = await callAction(signCommentRoute, {
      path: `/sign/${w.invA2.token}/comment`,
      params: { token: w.invA2.token },
      form: { body: "Please name the directive.", quote: "the directive", proposal: "Directive (EU) 2019/1937" },
    });
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ ok: true, message: "comments.posted", vars: { number: w.versionA.number } });
    const after = await listComments(db, { letterId: w.letterA.id, officeId: w.officeA.id });
    expect(after).toHaveLength(before.length + 1);
    const c = after[after.length - 1];
    expect(c).toMatchObject({
      invitationId: w.invA2.invitationId,
      versionNumber: w.versionA.number,
      quote: "the directive",
      proposal: "Directive (EU) 2019/1937",
      status: "open",
    });
    expect(c.authorName).toContain(w.meps.a2.familyName);
    const events = await auditActions(w.letterA.id);
    const added = events.filter((e) => e.action === "comment.added").pop();
    expect(added?.data).toMatchObject({ commentId: c.id, invitationId: w.invA2.invitationId });
    // The signatory's page shows their own comments, nobody else's.
    const page = await callLoader(signCommentRoute, {
      path: `/sign/${w.invA2.token}/comment`,
      params: { token: w.invA2.token },
    });
    expect(page.status).toBe(200);
    const mine = (page.data as { comments: Array<{ id: string }> }).comments;
    expect(mine.map((m) => m.id)).toEqual([c.id]);
    expect((await verifyAuditChain(db, { officeId: w.officeA.id, letterId: w.letterA.id })).broken).toEqual([]);
  });

  it("a bad, malformed or revoked token gets the same 404 and stores nothing", async () => {
    const count = async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(comments)).map((r) => Number(r.n))[0];
    const before = await count();
    const wrong = "A".repeat(43);
    for (const token of [wrong, "short", "../../etc"]) {
      const post = await callAction(signCommentRoute, {
        path: `/sign/${encodeURIComponent(token)}/comment`,
        params: { token },
        form: { body: "hi" },
      });
      expect(post.status, token).toBe(404);
      expect(post.data).toEqual({ state: "invalid" });
      const get = await callLoader(signCommentRoute, {
        path: `/sign/${encodeURIComponent(token)}/comment`,
        params: { token },
      });
      expect(get.status, token).toBe(404);
    }
    // Revoked link: the invitation still exists, but the answer is the same generic 404.
    const letter = await createDraftLetter(db, w.actorA);
    await publish(db, w.actorA, letter.id);
    const [inv] = await db.transaction(async (tx) => {
      const { inviteMeps } = await import("#app/models/signing.server");
      const r = await inviteMeps(tx, w.actorA, { letterId: letter.id, mepIds: [w.meps.a3.id] });
      if (!r.ok) throw new Error("invite");
      return r.invited;
    });
    await db.update(invitations).set({ status: "revoked" }).where(eq(invitations.id, inv.invitationId));
    const revoked = await callAction(signCommentRoute, {
      path: `/sign/${inv.token}/comment`,
      params: { token: inv.token },
      form: { body: "hi" },
    });
    expect(revoked.status).toBe(404);
    expect(await count()).toBe(before);
  });

  it("the signatory comment route is rate-limited per address", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await callAction(signCommentRoute, {
        path: `/sign/${w.invA2.token}/comment`,
        params: { token: w.invA2.token },
        form: { body: "" },
        ip,
      });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("another office's member can neither see nor resolve the comments: 404, and nothing changes", async () => {
    const c = await db.transaction((tx) =>
      addMemberComment(tx, { ...w.actorA, name: "A" }, { letterId: w.letterA.id, body: "private to office A" }),
    );
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const page = await callLoader(commentsRoute, {
      path: `/letters/${w.letterA.id}/comments`,
      params: { letterId: w.letterA.id },
      cookie: cookieB,
    });
    expect(page.status).toBe(404);
    expect(page.body).not.toContain("private to office A");
    const resolve = await callAction(commentsRoute, {
      path: `/letters/${w.letterA.id}/comments`,
      params: { letterId: w.letterA.id },
      cookie: cookieB,
      form: { intent: "resolve", commentId: c.comment.id, decision: "declined", note: "no" },
    });
    expect(resolve.status).toBe(404);
    // Office B's own letter with office A's comment id: still not found.
    const forged = await callAction(commentsRoute, {
      path: `/letters/${w.letterB.id}/comments`,
      params: { letterId: w.letterB.id },
      cookie: cookieB,
      form: { intent: "resolve", commentId: c.comment.id, decision: "accepted" },
    });
    expect(forged.status).toBe(404);
    const direct = await db.transaction((tx) =>
      resolveComment(tx, w.actorB, { letterId: w.letterA.id, commentId: c.comment.id, decision: "accepted" }),
    );
    expect(direct).toEqual({ ok: false, error: "not-found" });
    const [row] = await db.select().from(comments).where(eq(comments.id, c.comment.id));
    expect(row.status).toBe("open");
  });

  it("the office accepts (the draft is not touched) or declines with a reason; a resolved comment stays resolved", async () => {
    const { letter } = await twoVersionLetter();
    const proposal = await db.transaction((tx) =>
      addMemberComment(
        tx,
        { ...w.actorA, name: "A" },
        { letterId: letter.id, body: "", quote: "second text", proposal: "SECOND TEXT" },
      ),
    );
    const plain = await db.transaction((tx) =>
      addMemberComment(tx, { ...w.actorA, name: "A" }, { letterId: letter.id, versionNumber: 1, body: "Too long." }),
    );
    if (!proposal.ok || !plain.ok) throw new Error("setup");
    expect(proposal.versionNumber).toBe(2);
    expect(plain.versionNumber).toBe(1);
    const draftBefore = await revisionOf(letter.id);
    const base = { path: `/letters/${letter.id}/comments`, params: { letterId: letter.id }, cookie: cookieA };

    const accept = await callAction(commentsRoute, {
      ...base,
      form: { intent: "resolve", commentId: proposal.comment.id, decision: "accepted", note: "Agreed" },
    });
    expect(accept.status).toBe(200);
    const draftAfter = await revisionOf(letter.id);
    expect(draftAfter).toEqual(draftBefore);

    const noReason = await callAction(commentsRoute, {
      ...base,
      form: { intent: "resolve", commentId: plain.comment.id, decision: "declined", note: " " },
    });
    expect(noReason.status).toBe(400);
    const decline = await callAction(commentsRoute, {
      ...base,
      form: { intent: "resolve", commentId: plain.comment.id, decision: "declined", note: "It is the usual length." },
    });
    expect(decline.status).toBe(200);
    const again = await callAction(commentsRoute, {
      ...base,
      form: { intent: "resolve", commentId: plain.comment.id, decision: "accepted" },
    });
    expect(again.status).toBe(409);

    const list = await listComments(db, { letterId: letter.id, officeId: w.officeA.id });
    expect(list.map((c) => [c.versionNumber, c.status, c.resolutionNote])).toEqual([
      [2, "accepted", "Agreed"],
      [1, "declined", "It is the usual length."],
    ]);
    expect(list.every((c) => c.resolvedAt instanceof Date)).toBe(true);
    const actions = (await auditActions(letter.id)).map((e) => e.action);
    expect(actions.filter((a) => a === "comment.accepted")).toHaveLength(1);
    expect(actions.filter((a) => a === "comment.declined")).toHaveLength(1);
  });

  it("a signatory cannot comment on a letter that has no version or has been sent", async () => {
    const letter = await createDraftLetter(db, w.actorA);
    await publish(db, w.actorA, letter.id);
    const { inviteMeps } = await import("#app/models/signing.server");
    const r = await db.transaction((tx) => inviteMeps(tx, w.actorA, { letterId: letter.id, mepIds: [w.meps.a1.id] }));
    if (!r.ok) throw new Error("invite");
    await db.update(letters).set({ status: "sent" }).where(eq(letters.id, letter.id));
    const res = await db.transaction((tx) => addCommentByToken(tx, { token: r.invited[0].token, body: "late" }));
    expect(res).toEqual({ ok: false, error: "locked" });
  });
});

describe(`templates and starting points (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("save as template keeps subject, language and text; the list is per office; a new letter from it copies exactly those", async () => {
    const letter = await createDraftLetter(db, w.actorA, {
      subject: `Templated ${tag()}`,
      body: "Template body text.",
    });
    await db.update(letters).set({ language: "fr" }).where(eq(letters.id, letter.id));
    const saved = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "save-as-template", templateName: "Standard letter to the Commission" },
    });
    expect(saved.status).toBe(200);
    const mine = await listTemplates(db, { officeId: w.officeA.id });
    const tp = mine.find((x) => x.name === "Standard letter to the Commission");
    expect(tp).toMatchObject({ subject: letter.subject, language: "fr" });
    expect((await listTemplates(db, { officeId: w.officeB.id })).some((x) => x.id === tp!.id)).toBe(false);
    expect((await auditActions(letter.id)).map((e) => e.action)).toContain("template.saved");

    const created = await callAction(newRoute, {
      path: "/letters/new",
      cookie: cookieA,
      form: { intent: "from-template", templateId: tp!.id },
    });
    expect(created.status).toBe(302);
    const newId = /\/letters\/([0-9a-f-]{36})\/edit/.exec(created.location ?? "")![1];
    const copy = await getLetter(db, { id: newId, officeId: w.officeA.id });
    expect(copy).toMatchObject({ subject: letter.subject, language: "fr", status: "draft", draftRevision: 1 });
    const [orig] = await db.select({ json: letters.draftJson }).from(letters).where(eq(letters.id, letter.id));
    expect(copy!.draftJson).toEqual(orig.json);
    expect(await listAddressees(db, { letterId: newId, officeId: w.officeA.id })).toEqual([]);
  });

  it("another office cannot use or delete a template (404), and an empty name is refused", async () => {
    const r = await db.transaction((tx) =>
      saveLetterAsTemplate(tx, w.actorA, { letterId: w.letterA.id, name: `A only ${tag()}` }),
    );
    if (!r.ok) throw new Error("setup");
    const use = await callAction(newRoute, {
      path: "/letters/new",
      cookie: cookieB,
      form: { intent: "from-template", templateId: r.template.id },
    });
    expect(use.status).toBe(404);
    expect(await db.transaction((tx) => createLetterFromTemplate(tx, w.actorB, { templateId: r.template.id }))).toEqual(
      { ok: false, error: "not-found" },
    );
    const del = await callAction(templatesRoute, {
      path: "/templates",
      cookie: cookieB,
      form: { intent: "delete", templateId: r.template.id },
    });
    expect(del.status).toBe(404);
    expect(await db.select().from(letterTemplates).where(eq(letterTemplates.id, r.template.id))).toHaveLength(1);
    const own = await callAction(templatesRoute, {
      path: "/templates",
      cookie: cookieA,
      form: { intent: "delete", templateId: r.template.id },
    });
    expect(own.status).toBe(200);
    expect(await db.select().from(letterTemplates).where(eq(letterTemplates.id, r.template.id))).toHaveLength(0);
    const noName = await db.transaction((tx) =>
      saveLetterAsTemplate(tx, w.actorA, { letterId: w.letterA.id, name: " \u202e " }),
    );
    expect(noName).toEqual({ ok: false, error: "name" });
  });

  it("starting from an earlier letter copies subject, details, addressees in order and the draft, never versions, invitations, signatures or comments", async () => {
    // letterA has a version, two invitations, a signature and comments.
    await db
      .update(letters)
      .set({
        placeLine: "Brussels, 5 December 2022",
        ourReference: "REF/42",
        signatureDeadline: new Date(Date.now() - 86_400_000),
      })
      .where(eq(letters.id, w.letterA.id));
    await db.transaction((tx) =>
      addMemberComment(tx, { ...w.actorA, name: "A" }, { letterId: w.letterA.id, body: "not copied" }),
    );
    await db.transaction(async (tx) => {
      const { addAddressee } = await import("#app/models/letters.server");
      await addAddressee(tx, w.actorA, w.letterA.id, {
        name: `Cc person ${tag()}`,
        kind: "cc",
        institution: "Council",
      });
    });
    const r = await callAction(newRoute, {
      path: "/letters/new",
      cookie: cookieA,
      form: { intent: "copy-letter", sourceLetterId: w.letterA.id },
    });
    expect(r.status).toBe(302);
    const newId = /\/letters\/([0-9a-f-]{36})\/edit/.exec(r.location ?? "")![1];
    const [src] = await db.select().from(letters).where(eq(letters.id, w.letterA.id));
    const copy = (await getLetter(db, { id: newId, officeId: w.officeA.id }))!;
    expect(copy).toMatchObject({
      subject: src.subject,
      language: src.language,
      placeLine: "Brussels, 5 December 2022",
      ourReference: "REF/42",
      campaignId: w.campaignA.id,
      status: "draft",
      signatureDeadline: null, // the source's deadline had passed
      draftRevision: 1,
    });
    expect(copy.draftJson).toEqual(src.draftJson);
    expect(copy.verificationCode).not.toBe(src.verificationCode);
    const strip = (
      rows: Array<{
        name: string;
        role: string | null;
        institution: string | null;
        salutation: string | null;
        email: string | null;
        kind: string;
        position: number;
      }>,
    ) => rows.map((a) => [a.position, a.name, a.role, a.institution, a.salutation, a.email, a.kind]);
    expect(strip(await listAddressees(db, { letterId: newId, officeId: w.officeA.id }))).toEqual(
      strip(await listAddressees(db, { letterId: w.letterA.id, officeId: w.officeA.id })),
    );
    for (const [table, col] of [
      [letterVersions, letterVersions.letterId],
      [invitations, invitations.letterId],
      [signatures, signatures.letterId],
      [comments, comments.letterId],
    ] as const) {
      expect(await db.select().from(table).where(eq(col, newId))).toHaveLength(0);
    }
    expect((await auditActions(newId)).map((e) => e.action)).toEqual(["letter.created", "letter.copied"]);
  });

  it("a future deadline is copied; another office's letter cannot be copied (404)", async () => {
    const deadline = new Date(Date.now() + 10 * 86_400_000);
    const src = await createDraftLetter(db, w.actorA, { deadline });
    const r = await db.transaction((tx) => copyLetter(tx, w.actorA, { sourceLetterId: src.id }));
    expect(r.ok && r.letter.signatureDeadline?.getTime()).toBe(deadline.getTime());
    const forged = await callAction(newRoute, {
      path: "/letters/new",
      cookie: cookieB,
      form: { intent: "copy-letter", sourceLetterId: src.id },
    });
    expect(forged.status).toBe(404);
    const bad = await callAction(newRoute, {
      path: "/letters/new",
      cookie: cookieB,
      form: { intent: "copy-letter", sourceLetterId: "not-a-uuid" },
    });
    expect(bad.status).toBe(400);
  });
});

describe(`restore, autosave and addressee order (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("restoring a version replaces the draft through a revision check, keeps every version and writes an audit row", async () => {
    const { letter, v1 } = await twoVersionLetter("Original wording.", "Revised wording.");
    const before = await revisionOf(letter.id);
    const r = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "restore", number: "1", revision: String(before.r) },
    });
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/letters/${letter.id}/edit?restored=1`);
    const after = await revisionOf(letter.id);
    expect(after.r).toBe(before.r + 1);
    expect(after.json).toEqual(v1.editorJson);
    expect(await db.select().from(letterVersions).where(eq(letterVersions.letterId, letter.id))).toHaveLength(2);
    const restored = (await auditActions(letter.id)).filter((e) => e.action === "draft.restored");
    expect(restored).toHaveLength(1);
    expect(restored[0].data).toMatchObject({ number: 1, sha256: v1.sha256, revision: before.r + 1 });
    expect((await verifyAuditChain(db, { officeId: w.officeA.id, letterId: letter.id })).broken).toEqual([]);
  });

  it("a stale restore is a conflict: the draft stays and no audit row is written; unknown versions are 404", async () => {
    const { letter } = await twoVersionLetter();
    const before = await revisionOf(letter.id);
    const stale = await db.transaction((tx) =>
      restoreVersion(tx, w.actorA, { letterId: letter.id, number: 1, baseRevision: before.r - 1 }),
    );
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.error).toBe("conflict");
    expect(await revisionOf(letter.id)).toEqual(before);
    expect((await auditActions(letter.id)).some((e) => e.action === "draft.restored")).toBe(false);
    const route = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "restore", number: "1", revision: String(before.r - 1) },
    });
    expect(route.status).toBe(409);
    const missing = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "restore", number: "7", revision: String(before.r) },
    });
    expect(missing.status).toBe(404);
    const otherOffice = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieB,
      form: { intent: "restore", number: "1", revision: String(before.r) },
    });
    expect(otherOffice.status).toBe(404);
    expect(await revisionOf(letter.id)).toEqual(before);
  });

  it("autosave saves the draft (not a version) and a stale autosave answers 409 with both texts, overwriting nothing", async () => {
    const letter = await createDraftLetter(db, w.actorA, { body: "Start." });
    const base = { path: `/letters/${letter.id}/edit`, params: { letterId: letter.id }, cookie: cookieA };
    const details = {
      subject: letter.subject,
      language: "en",
      campaignId: "",
      placeLine: "",
      ourReference: "",
      signatureDeadline: "",
    };
    const first = await callAction(editRoute, {
      ...base,
      form: {
        ...details,
        intent: "autosave",
        revision: "1",
        bodyJson: JSON.stringify(bodyJson("Mine, typed in tab one.")),
      },
    });
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ ok: true, autosavedRevision: 2, detailsSaved: true });
    expect(await db.select().from(letterVersions).where(eq(letterVersions.letterId, letter.id))).toHaveLength(0);
    const stale = await callAction(editRoute, {
      ...base,
      form: {
        ...details,
        intent: "autosave",
        revision: "1",
        bodyJson: JSON.stringify(bodyJson("Theirs, from tab two.")),
      },
    });
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({
      conflict: { revision: 2, theirs: "Mine, typed in tab one.", mine: "Theirs, from tab two." },
    });
    const now = await revisionOf(letter.id);
    expect(now.r).toBe(2);
    // A half-typed subject does not stop the text being saved; the details wait for a valid value.
    const partial = await callAction(editRoute, {
      ...base,
      form: {
        ...details,
        subject: "",
        intent: "autosave",
        revision: "2",
        bodyJson: JSON.stringify(bodyJson("More text.")),
      },
    });
    expect(partial.data).toMatchObject({ ok: true, autosavedRevision: 3, detailsSaved: false });
    expect((await getLetter(db, { id: letter.id, officeId: w.officeA.id }))!.subject).toBe(letter.subject);
    // Only an explicit choice saves over a newer revision.
    const overwrite = await callAction(editRoute, {
      ...base,
      form: {
        ...details,
        intent: "overwrite",
        revision: "1",
        conflictRevision: "3",
        bodyJson: JSON.stringify(bodyJson("Chosen.")),
      },
    });
    expect(overwrite.status).toBe(200);
    expect((await revisionOf(letter.id)).r).toBe(4);
  });

  it("addressees move up and down by swapping positions; another office gets 404", async () => {
    const letter = await createDraftLetter(db, w.actorA, {
      addressees: [{ name: "First" }, { name: "Second", kind: "cc" }, { name: "Third" }],
    });
    const names = async () =>
      (await listAddressees(db, { letterId: letter.id, officeId: w.officeA.id })).map((a) => `${a.name}:${a.kind}`);
    const [, second] = await listAddressees(db, { letterId: letter.id, officeId: w.officeA.id });
    const up = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "move-addressee", addresseeId: second.id, direction: "up" },
    });
    expect(up.status).toBe(200);
    expect(await names()).toEqual(["Second:cc", "First:to", "Third:to"]);
    expect(
      await db.transaction((tx) =>
        moveAddressee(tx, w.actorA, { letterId: letter.id, addresseeId: second.id, direction: "up" }),
      ),
    ).toEqual({ ok: true, moved: false });
    await db.transaction((tx) =>
      moveAddressee(tx, w.actorA, { letterId: letter.id, addresseeId: second.id, direction: "down" }),
    );
    await db.transaction((tx) =>
      moveAddressee(tx, w.actorA, { letterId: letter.id, addresseeId: second.id, direction: "down" }),
    );
    expect(await names()).toEqual(["First:to", "Third:to", "Second:cc"]);
    const positions = (
      await db.select({ p: addressees.position }).from(addressees).where(eq(addressees.letterId, letter.id))
    )
      .map((r) => r.p)
      .sort();
    expect(new Set(positions).size).toBe(3);
    const forged = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieB,
      form: { intent: "move-addressee", addresseeId: second.id, direction: "up" },
    });
    expect(forged.status).toBe(404);
    expect(
      await db.transaction((tx) =>
        moveAddressee(tx, w.actorB, { letterId: letter.id, addresseeId: second.id, direction: "up" }),
      ),
    ).toEqual({ ok: false, error: "not-found" });
    expect(await names()).toEqual(["First:to", "Third:to", "Second:cc"]);
  });

  it("saveDraft is still the only way the draft changes: a restore racing a save loses cleanly", async () => {
    const { letter } = await twoVersionLetter();
    const { r } = await revisionOf(letter.id);
    const saved = await db.transaction((tx) =>
      saveDraft(tx, w.actorA, { letterId: letter.id, baseRevision: r, json: bodyJson("Someone else's save.") }),
    );
    expect(saved.ok).toBe(true);
    const restore = await db.transaction((tx) =>
      restoreVersion(tx, w.actorA, { letterId: letter.id, number: 1, baseRevision: r }),
    );
    expect(restore.ok).toBe(false);
    expect((await revisionOf(letter.id)).json).toEqual(bodyJson("Someone else's save."));
  });
});

describe(`compare route (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("shows a word diff between any two versions", async () => {
    const { letter } = await twoVersionLetter(
      "We ask the Commission to act now.",
      "We urge the Commission to act now and report.",
    );
    await publishNewText(db, w.actorA, letter.id, "We urge the Council to act.");
    const r = await callLoader(compareRoute, {
      path: `/letters/${letter.id}/compare?from=1&to=3`,
      params: { letterId: letter.id },
      cookie: cookieA,
    });
    expect(r.status).toBe(200);
    const c = (
      r.data as {
        compare: {
          from: { number: number };
          to: { number: number };
          body: Array<{ op: string; text: string }>;
          same: boolean;
        };
      }
    ).compare;
    expect([c.from.number, c.to.number]).toEqual([1, 3]);
    expect(diffSides(c.body as never)).toEqual({
      before: "We ask the Commission to act now.",
      after: "We urge the Council to act.",
    });
    expect(c.body.filter((o) => o.op === "delete").map((o) => o.text.trim())).toContain("ask");
    expect(c.body.filter((o) => o.op === "insert").map((o) => o.text.trim())).toContain("urge");
    expect(c.same).toBe(false);
    // Backwards works too, and with no parameters the newest two are compared.
    const back = await callLoader(compareRoute, {
      path: `/letters/${letter.id}/compare?from=3&to=1`,
      params: { letterId: letter.id },
      cookie: cookieA,
    });
    expect(back.status).toBe(200);
    const dflt = await callLoader(compareRoute, {
      path: `/letters/${letter.id}/compare`,
      params: { letterId: letter.id },
      cookie: cookieA,
    });
    expect((dflt.data as { compare: { from: { number: number }; to: { number: number } } }).compare).toMatchObject({
      from: { number: 2 },
      to: { number: 3 },
    });
  });

  it("404 for another office and for bad or unknown version numbers", async () => {
    const { letter } = await twoVersionLetter();
    const other = await callLoader(compareRoute, {
      path: `/letters/${letter.id}/compare?from=1&to=2`,
      params: { letterId: letter.id },
      cookie: cookieB,
    });
    expect(other.status).toBe(404);
    expect(other.body).not.toContain("first text");
    for (const q of [
      "from=abc&to=2",
      "from=0&to=2",
      "from=1&to=3",
      "from=-1&to=2",
      "from=1.5&to=2",
      "from=1&to=99999999",
      "from=1e1&to=2",
    ]) {
      const r = await callLoader(compareRoute, {
        path: `/letters/${letter.id}/compare?${q}`,
        params: { letterId: letter.id },
        cookie: cookieA,
      });
      expect(r.status, q).toBe(404);
    }
    const badLetter = await callLoader(compareRoute, {
      path: `/letters/nope/compare?from=1&to=2`,
      params: { letterId: "nope" },
      cookie: cookieA,
    });
    expect(badLetter.status).toBe(404);
  });
});

describe(`search (${usingPostgres() ? "postgres" : "pglite"})`, () => {
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

  it("the search page is scoped to the signed-in office and never shows raw HTML from the text", async () => {
    const word = `qx${tag()}`;
    const l = await createDraftLetter(db, w.actorA, { body: `<b>bold</b> ${word} <script>alert(1)</script>` });
    await publish(db, w.actorA, l.id);
    const a = await callLoader(searchRoute, { path: `/search?q=${word}`, cookie: cookieA });
    const results = (a.data as { results: Array<{ letterId: string; snippet: Array<{ text: string; hit: boolean }> }> })
      .results;
    expect(results.map((r) => r.letterId)).toEqual([l.id]);
    expect(results[0].snippet.some((p) => p.hit && p.text === word)).toBe(true);
    const b = await callLoader(searchRoute, { path: `/search?q=${word}`, cookie: cookieB });
    expect((b.data as { results: unknown[] }).results).toEqual([]);
    expect(b.body).not.toContain(l.id);
  });

  it("the query uses the GIN index on to_tsvector('simple', plain_text)", async () => {
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const res = await tx.execute(sql`explain ${searchLettersSql({ officeId: w.officeA.id, q: "commission" })}`);
      return rowsOf<Record<string, string>>(res)
        .map((r) => Object.values(r)[0])
        .join("\n");
    });
    expect(plan).toContain("letter_versions_fts_idx");
  });
});
