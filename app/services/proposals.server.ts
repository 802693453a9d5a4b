/**
 * Accepting a signatory's proposed change by applying it to the working draft. The office sees the word diff of the
 * whole draft first (previewProposal); accepting applies exactly that change (acceptAndApply), refused when the draft
 * was saved by anyone in between. Only the draft changes: signatories approve published versions, so the change
 * reaches them when a person publishes the next version, with the usual notices and re-confirmations.
 */
import { and, eq } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { comments } from "#db/schema";
import { applyProposal, type ApplyProposalResult } from "#app/editor/apply-proposal.server";
import { renderLetterBody } from "#app/editor/render.server";
import { diffWords, type DiffOp } from "#app/domain/word-diff";
import { audit } from "#app/infra/audit.server";
import { getLetter, lockLetter, saveDraft } from "#app/models/letters.server";
import { resolveComment } from "#app/models/comments.server";
import type { Actor } from "#app/models/scope";

export type ProposalProblem = Exclude<ApplyProposalResult, { ok: true }>["error"] | "not-open" | "sent";

export type ProposalPreview =
  | { ok: true; commentId: string; revision: number; diff: DiffOp[] }
  | { ok: false; commentId: string; error: ProposalProblem };

async function openProposal(db: Queryable, actor: Actor, letterId: string, commentId: string, lock = false) {
  const q = db
    .select({ id: comments.id, status: comments.status, quote: comments.quote, proposal: comments.proposal })
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.letterId, letterId), eq(comments.officeId, actor.officeId)))
    .limit(1);
  const [c] = lock ? await q.for("update") : await q;
  return c ?? null;
}

const plain = (json: unknown) => {
  const r = renderLetterBody(json);
  return r.ok ? r.plainText : "";
};

/** The draft as it would be with the proposal applied, as a word diff against the draft now; null if no such comment. */
export async function previewProposal(
  db: Queryable,
  actor: Actor,
  input: { letterId: string; commentId: string },
): Promise<ProposalPreview | null> {
  const [letter, c] = await Promise.all([
    getLetter(db, { id: input.letterId, officeId: actor.officeId }),
    openProposal(db, actor, input.letterId, input.commentId),
  ]);
  if (!letter || !c) return null;
  const base = { commentId: c.id };
  if (letter.status === "sent") return { ...base, ok: false, error: "sent" };
  if (c.status !== "open") return { ...base, ok: false, error: "not-open" };
  const applied = applyProposal(letter.draftJson, c.quote ?? "", c.proposal ?? "");
  if (!applied.ok) return { ...base, ok: false, error: applied.error };
  return {
    ...base,
    ok: true,
    revision: letter.draftRevision,
    diff: diffWords(plain(letter.draftJson), plain(applied.json)),
  };
}

export type AcceptAndApplyResult =
  | { ok: true; revision: number }
  | { ok: false; error: ProposalProblem | "not-found" | "conflict" | "invalid" | "locked" };

/**
 * Applies the proposal to the draft saved at `baseRevision` and marks the comment accepted, in one transaction:
 * both happen or neither. A draft saved since the preview is a conflict (the office looks again).
 */
export async function acceptAndApply(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; commentId: string; baseRevision: number; note?: string },
): Promise<AcceptAndApplyResult> {
  // The letter first, then the comment, both locked: the order saveDraft and resolveComment take them in.
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  const c = letter ? await openProposal(tx, actor, input.letterId, input.commentId, true) : null;
  if (!letter || !c) return { ok: false, error: "not-found" };
  if (letter.status === "sent") return { ok: false, error: "sent" };
  if (c.status !== "open") return { ok: false, error: "not-open" };
  if (letter.draftRevision !== input.baseRevision) return { ok: false, error: "conflict" };
  const applied = applyProposal(letter.draftJson, c.quote ?? "", c.proposal ?? "");
  if (!applied.ok) return { ok: false, error: applied.error };
  const saved = await saveDraft(tx, actor, {
    letterId: input.letterId,
    baseRevision: input.baseRevision,
    json: applied.json,
  });
  if (!saved.ok) return { ok: false, error: saved.error === "invalid" ? "invalid" : saved.error };
  const resolved = await resolveComment(tx, actor, {
    letterId: input.letterId,
    commentId: c.id,
    decision: "accepted",
    note: input.note,
  });
  // Cannot happen while the comment row is locked; if it did, throwing rolls the draft change back with it.
  if (!resolved.ok) throw new Error(`comment ${c.id} could not be resolved after the check: ${resolved.error}`);
  await audit(tx, {
    officeId: actor.officeId,
    letterId: input.letterId,
    actorUserId: actor.userId,
    action: "comment.applied",
    data: { commentId: c.id, draftRevision: saved.revision },
  });
  return { ok: true, revision: saved.revision };
}
