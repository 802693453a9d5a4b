/**
 * Accepting a proposed change by applying it to the draft (issue 14): the office previews the word diff of the whole
 * draft, then one button applies it and marks the comment accepted, together; a draft saved in between is a
 * conflict; a passage that is not in the draft, or twice, is refused with a reason; nothing is published, another
 * office can do none of it, and a campaign lead (who may not draft) gets no preview.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { comments } from "#db/schema";
import { renderLetterBody } from "#app/editor/render.server";
import { addMemberComment } from "#app/models/comments.server";
import { listVersions, saveDraft } from "#app/models/letters.server";
import * as commentsRoute from "#app/routes/letters.$letterId.comments";
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

beforeAll(openWorldFixture);
afterAll(closeTestDb);

const draftText = async (letterId: string) => {
  const r = renderLetterBody((await revisionOf(letterId)).json);
  if (!r.ok) throw new Error(r.error);
  return r.plainText;
};

async function proposal(letterId: string, quote: string, text: string) {
  const r = await db.transaction((tx) =>
    addMemberComment(tx, { ...w.actorA, name: "A" }, { letterId, body: "", quote, proposal: text }),
  );
  if (!r.ok) throw new Error("setup");
  return r.comment.id;
}

type PreviewData = {
  preview:
    | { ok: true; commentId: string; revision: number; diff: Array<{ op: string; text: string }> }
    | { ok: false; commentId: string; error: string }
    | null;
};

describe(`applying a proposed change to the draft (${dbLabel()})`, () => {
  it("previews the diff, then applies it and accepts the comment in one step; no version is published", async () => {
    const { letter } = await twoVersionLetter("First text.", "The second text of the letter, changed.");
    const id = await proposal(letter.id, "second text", "revised second text");
    const base = { path: `/letters/${letter.id}/comments?apply=${id}`, params: { letterId: letter.id } };
    const before = await revisionOf(letter.id);

    const page = await callLoader(commentsRoute, { ...base, cookie: cookieA });
    const preview = (page.data as PreviewData).preview;
    expect(preview).toMatchObject({ ok: true, commentId: id, revision: before.r });
    if (!preview?.ok) throw new Error("no preview");
    expect(preview.diff.filter((o) => o.op === "insert").map((o) => o.text.trim())).toEqual(["revised"]);
    expect(preview.diff.filter((o) => o.op === "delete")).toEqual([]);
    // Previewing changes nothing.
    expect(await revisionOf(letter.id)).toEqual(before);

    const r = await callAction(commentsRoute, {
      ...base,
      cookie: cookieA,
      form: { intent: "apply", commentId: id, revision: String(before.r), note: "Thank you" },
    });
    expect(r.status).toBe(200);
    expect(await draftText(letter.id)).toBe("The revised second text of the letter, changed.");
    expect((await revisionOf(letter.id)).r).toBe(before.r + 1);
    const [c] = await db.select().from(comments).where(eq(comments.id, id));
    expect(c).toMatchObject({ status: "accepted", resolutionNote: "Thank you" });
    expect((await listVersions(db, { letterId: letter.id, officeId: w.officeA.id })).length).toBe(2);
    const actions = (await auditActions(letter.id)).map((e) => e.action);
    expect(actions.slice(-2)).toEqual(["comment.accepted", "comment.applied"]);

    // Applying the same comment again: already resolved, nothing changes.
    const again = await callAction(commentsRoute, {
      ...base,
      cookie: cookieA,
      form: { intent: "apply", commentId: id, revision: String(before.r + 1) },
    });
    expect(again.status).toBe(422);
    expect((await revisionOf(letter.id)).r).toBe(before.r + 1);
  });

  it("a draft saved after the preview is a conflict: nothing is applied and the comment stays open", async () => {
    const { letter } = await twoVersionLetter("First text.", "Second text with a target of 40 per cent.");
    const id = await proposal(letter.id, "40 per cent", "55 per cent");
    const seen = await revisionOf(letter.id);
    const saved = await db.transaction((tx) =>
      saveDraft(tx, w.actorA, { letterId: letter.id, baseRevision: seen.r, json: seen.json }),
    );
    expect(saved.ok).toBe(true);
    const r = await callAction(commentsRoute, {
      path: `/letters/${letter.id}/comments`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "apply", commentId: id, revision: String(seen.r) },
    });
    expect(r.status).toBe(409);
    expect(await draftText(letter.id)).toContain("40 per cent");
    const [c] = await db.select().from(comments).where(eq(comments.id, id));
    expect(c.status).toBe("open");
  });

  it("a passage the draft no longer has, or has twice, is refused with its reason and the comment stays open", async () => {
    const { letter } = await twoVersionLetter("First.", "The Commission and the Commission.");
    const twice = await proposal(letter.id, "the Commission", "the Council");
    const gone = await proposal(letter.id, "The Commission and", "Neither");
    const cur = await revisionOf(letter.id);
    // The draft moves on, so the second passage is gone.
    const json = renderLetterBody(cur.json);
    if (!json.ok) throw new Error("render");
    const { editorJsonFromBlocks } = await import("#app/editor/build");
    await db.transaction((tx) =>
      saveDraft(tx, w.actorA, {
        letterId: letter.id,
        baseRevision: cur.r,
        json: editorJsonFromBlocks([{ type: "p", text: "the Commission or the Commission." }]),
      }),
    );
    const path = (id: string) => `/letters/${letter.id}/comments?apply=${id}`;
    const p1 = await callLoader(commentsRoute, { path: path(twice), params: { letterId: letter.id }, cookie: cookieA });
    expect((p1.data as PreviewData).preview).toEqual({ ok: false, commentId: twice, error: "ambiguous" });
    const p2 = await callLoader(commentsRoute, { path: path(gone), params: { letterId: letter.id }, cookie: cookieA });
    expect((p2.data as PreviewData).preview).toEqual({ ok: false, commentId: gone, error: "not-found" });
    const rev = (await revisionOf(letter.id)).r;
    const r = await callAction(commentsRoute, {
      path: `/letters/${letter.id}/comments`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "apply", commentId: twice, revision: String(rev) },
    });
    expect(r.status).toBe(422);
    expect((await revisionOf(letter.id)).r).toBe(rev);
    const rows = await db.select({ status: comments.status }).from(comments).where(eq(comments.letterId, letter.id));
    expect(rows.every((x) => x.status === "open")).toBe(true);
  });

  it("another office gets 404; a campaign lead sees no preview and cannot apply; a bad revision is a 400", async () => {
    const { letter } = await twoVersionLetter("First.", "Second text.");
    const id = await proposal(letter.id, "Second", "Third");
    const rev = String((await revisionOf(letter.id)).r);
    const base = { path: `/letters/${letter.id}/comments?apply=${id}`, params: { letterId: letter.id } };
    const other = await callAction(commentsRoute, {
      ...base,
      cookie: cookieB,
      form: { intent: "apply", commentId: id, revision: rev },
    });
    expect(other.status).toBe(404);
    const lead = await callLoader(commentsRoute, { ...base, cookie: cookieLeadA });
    expect((lead.data as PreviewData).preview).toBeNull();
    const leadApply = await callAction(commentsRoute, {
      ...base,
      cookie: cookieLeadA,
      form: { intent: "apply", commentId: id, revision: rev },
    });
    expect(leadApply.status).toBe(403);
    const bad = await callAction(commentsRoute, {
      ...base,
      cookie: cookieA,
      form: { intent: "apply", commentId: id, revision: "1e23" },
    });
    expect(bad.status).toBe(400);
    expect(await draftText(letter.id)).toBe("Second text.");
  });
});
