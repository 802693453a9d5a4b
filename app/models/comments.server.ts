/**
 * Comments on letter versions and proposed changes to a passage, from office members (by session)
 * and invited signatories (by their personal link). The office resolves each one. Accepting a
 * proposal either records it (the office edits the draft itself) or, through
 * app/services/proposals.server.ts, applies it to the working draft after showing the diff; either
 * way only the draft changes, and signers see the text when a person publishes the next version.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { comments, letters, letterVersions } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { getSigningContext } from "./signing.server";
import { signingOpen } from "#app/domain/signature-status";
import type { Actor } from "./scope";
import { fullName } from "#app/domain/names";

export const COMMENT_LIMITS = { body: 5000, quote: 2000, proposal: 5000, note: 2000, name: 200 } as const;

export type CommentInput = { body: string; quote?: string | null; proposal?: string | null };

export type CommentError = "not-found" | "locked" | "no-version" | "invalid";

/** Trims, bounds and checks a comment; a proposal needs the passage it replaces. */
export function normaliseCommentInput(
  input: CommentInput,
):
  | { ok: true; value: { body: string; quote: string | null; proposal: string | null } }
  | { ok: false; field: "body" | "quote" | "proposal" } {
  const clean = (s: string | null | undefined) => {
    const v = (s ?? "")
      .replace(/\r\n/g, "\n")
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "")
      .trim();
    return v === "" ? null : v;
  };
  const body = clean(input.body);
  const quote = clean(input.quote);
  const proposal = clean(input.proposal);
  if (quote && quote.length > COMMENT_LIMITS.quote) return { ok: false, field: "quote" };
  if (proposal && proposal.length > COMMENT_LIMITS.proposal) return { ok: false, field: "proposal" };
  if (proposal && !quote) return { ok: false, field: "quote" };
  // A proposed change may stand on its own; a plain comment needs words.
  if (!body && !proposal) return { ok: false, field: "body" };
  if (body && body.length > COMMENT_LIMITS.body) return { ok: false, field: "body" };
  return { ok: true, value: { body: body ?? "", quote, proposal } };
}

/** A comment by an office member on one version of the letter (the newest when `versionNumber` is omitted). */
export async function addMemberComment(
  tx: Queryable,
  actor: Actor & { name: string },
  input: CommentInput & { letterId: string; versionNumber?: number | null },
) {
  const norm = normaliseCommentInput(input);
  if (!norm.ok) return { ok: false as const, error: "invalid" as const, field: norm.field };
  const [letter] = await tx
    .select({ id: letters.id, status: letters.status })
    .from(letters)
    .where(and(eq(letters.id, input.letterId), eq(letters.officeId, actor.officeId)))
    .limit(1);
  if (!letter) return { ok: false as const, error: "not-found" as const };
  if (letter.status === "sent") return { ok: false as const, error: "locked" as const };
  const versionQuery = tx
    .select({ id: letterVersions.id, number: letterVersions.number })
    .from(letterVersions)
    .where(
      and(
        eq(letterVersions.letterId, letter.id),
        eq(letterVersions.officeId, actor.officeId),
        input.versionNumber ? eq(letterVersions.number, input.versionNumber) : undefined,
      ),
    )
    .orderBy(desc(letterVersions.number))
    .limit(1);
  const [version] = await versionQuery;
  if (!version)
    return { ok: false as const, error: input.versionNumber ? ("not-found" as const) : ("no-version" as const) };
  const [row] = await tx
    .insert(comments)
    .values({
      letterId: letter.id,
      officeId: actor.officeId,
      versionId: version.id,
      authorUserId: actor.userId,
      authorName: actor.name.slice(0, COMMENT_LIMITS.name),
      ...norm.value,
    })
    .returning();
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "comment.added",
    data: { commentId: row.id, version: version.number, proposal: norm.value.proposal !== null },
  });
  return { ok: true as const, comment: row, versionNumber: version.number };
}

/**
 * A comment by an invited signatory, found by the token alone. It is attached to the version the
 * signatory was shown (the newest), and carries the invitation so the office sees who wrote it.
 */
export async function addCommentByToken(
  tx: Queryable,
  input: CommentInput & { token: string; authorName?: string | null },
) {
  const norm = normaliseCommentInput(input);
  if (!norm.ok) return { ok: false as const, error: "invalid" as const, field: norm.field };
  const ctx = await getSigningContext(tx, input.token);
  if (!ctx) return { ok: false as const, error: "not-found" as const };
  // Commenting through the link ends with signing (the route refuses first; this holds for any other caller).
  if (!signingOpen(ctx.letter)) return { ok: false as const, error: "locked" as const };
  if (!ctx.version) return { ok: false as const, error: "no-version" as const };
  const mepName = fullName(ctx.mep);
  const typed = (input.authorName ?? "").trim().slice(0, COMMENT_LIMITS.name);
  // The office must know whose link it was, whoever typed: "Jane Doe (for Anna Member)".
  const authorName = typed && typed !== mepName ? `${typed} (for ${mepName})` : mepName;
  const [row] = await tx
    .insert(comments)
    .values({
      letterId: ctx.letter.id,
      officeId: ctx.letter.officeId,
      versionId: ctx.version.id,
      invitationId: ctx.invitation.id,
      authorName,
      ...norm.value,
    })
    .returning();
  await audit(tx, {
    officeId: ctx.letter.officeId,
    letterId: ctx.letter.id,
    actorLabel: `invitation:${ctx.invitation.id}`,
    action: "comment.added",
    data: {
      commentId: row.id,
      version: ctx.version.number,
      proposal: norm.value.proposal !== null,
      invitationId: ctx.invitation.id,
    },
  });
  return { ok: true as const, comment: row, versionNumber: ctx.version.number };
}

const commentColumns = {
  id: comments.id,
  authorName: comments.authorName,
  authorUserId: comments.authorUserId,
  invitationId: comments.invitationId,
  body: comments.body,
  quote: comments.quote,
  proposal: comments.proposal,
  status: comments.status,
  resolutionNote: comments.resolutionNote,
  createdAt: comments.createdAt,
  resolvedAt: comments.resolvedAt,
  versionNumber: letterVersions.number,
};

/** All comments on a letter of the office, oldest first, each with the version it was made on. */
export async function listComments(db: Queryable, { letterId, officeId }: { letterId: string; officeId: string }) {
  return db
    .select(commentColumns)
    .from(comments)
    .leftJoin(letterVersions, eq(letterVersions.id, comments.versionId))
    .where(and(eq(comments.letterId, letterId), eq(comments.officeId, officeId)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
}

/** What one signatory wrote through their link (they see their own comments and the office's answers, nobody else's). */
export async function listCommentsByInvitation(
  db: Queryable,
  { invitationId, letterId }: { invitationId: string; letterId: string },
) {
  return db
    .select(commentColumns)
    .from(comments)
    .leftJoin(letterVersions, eq(letterVersions.id, comments.versionId))
    .where(and(eq(comments.invitationId, invitationId), eq(comments.letterId, letterId)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
}

export type ResolveInput = {
  letterId: string;
  commentId: string;
  decision: "accepted" | "declined";
  note?: string | null;
  now?: Date;
};

/** Accepts or declines an open comment. Declining needs a reason; a resolved comment stays as it was. */
export async function resolveComment(tx: Queryable, actor: Actor, input: ResolveInput) {
  const note = (input.note ?? "").trim().slice(0, COMMENT_LIMITS.note) || null;
  if (input.decision === "declined" && !note) return { ok: false as const, error: "reason" as const };
  const [current] = await tx
    .select({ id: comments.id, status: comments.status })
    .from(comments)
    .where(
      and(
        eq(comments.id, input.commentId),
        eq(comments.letterId, input.letterId),
        eq(comments.officeId, actor.officeId),
      ),
    )
    .for("update")
    .limit(1);
  if (!current) return { ok: false as const, error: "not-found" as const };
  if (current.status !== "open") return { ok: false as const, error: "resolved" as const };
  const [row] = await tx
    .update(comments)
    .set({ status: input.decision, resolutionNote: note, resolvedAt: input.now ?? new Date() })
    .where(and(eq(comments.id, current.id), eq(comments.officeId, actor.officeId), eq(comments.status, "open")))
    .returning();
  await audit(tx, {
    officeId: actor.officeId,
    letterId: input.letterId,
    actorUserId: actor.userId,
    action: `comment.${input.decision}`,
    data: { commentId: current.id, note },
  });
  return { ok: true as const, comment: row };
}

/** Open comments on a letter of the office (for the letter page's link). */
export async function countOpenComments(db: Queryable, { letterId, officeId }: { letterId: string; officeId: string }) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(comments)
    .where(and(eq(comments.letterId, letterId), eq(comments.officeId, officeId), eq(comments.status, "open")));
  return Number(row?.n ?? 0);
}
