/**
 * Comments on a letter: from office members on the comments page and from invited signatories through their
 * link (with a proposed change), and the office resolving them; another office sees and resolves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { comments, invitations, letters } from "#db/schema";
import { verifyAuditChain } from "#app/infra/audit.server";
import { addCommentByToken, addMemberComment, listComments, resolveComment } from "#app/models/comments.server";
import * as commentsRoute from "#app/routes/letters.$letterId.comments";
import * as signCommentRoute from "#app/routes/sign.$token_.comment";
import { closeTestDb, db, dbLabel } from "#tests/setup/db";
import { callAction, callLoader } from "#tests/setup/routes";
import {
  auditActions,
  cookieA,
  cookieB,
  cookieLeadA,
  openWorldFixture,
  revisionOf,
  twoVersionLetter,
  w,
} from "#tests/setup/world-fixture";
import { createDraftLetter, publish } from "#tests/factories/index";

beforeAll(openWorldFixture);
afterAll(closeTestDb);

describe(`comments (${dbLabel()})`, () => {
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
