/** What happened after sending: replies, parliamentary questions, and the letter's timeline. */
import { and, asc, desc, eq } from "drizzle-orm";
import {
  auditEvents,
  emails,
  invitations,
  letterVersions,
  parliamentaryQuestions,
  questionLinks,
  replies,
  sends,
  signatures,
  meps,
} from "#db/schema";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/utils/audit.server";
import { getLetter } from "./letters.server";

type Actor = { userId: string; officeId: string };

export async function addReply(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; receivedOn: string; senderName: string; senderRole?: string | null; theirReference?: string | null; kind: "reply" | "holding"; body: string },
) {
  const letter = await getLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  const [row] = await tx
    .insert(replies)
    .values({ ...input, officeId: actor.officeId, senderRole: input.senderRole ?? null, theirReference: input.theirReference ?? null, createdBy: actor.userId })
    .returning();
  await audit(tx, { officeId: actor.officeId, letterId: letter.id, actorUserId: actor.userId, action: "reply.logged", data: { replyId: row.id, from: input.senderName, receivedOn: input.receivedOn } });
  return { ok: true as const, reply: row };
}

export async function listReplies(db: Queryable, { letterId, officeId }: { letterId: string; officeId: string }) {
  return db.select().from(replies).where(and(eq(replies.letterId, letterId), eq(replies.officeId, officeId))).orderBy(asc(replies.receivedOn));
}

export type QuestionFacts = { type: string; number: number; year: number; term: number; reference: string; title?: string | null; tabledOn?: string | null; answeredOn?: string | null };

/** Links a question (created once, shared) to a letter and optionally a reply, for this office. */
export async function linkQuestion(tx: Queryable, actor: Actor, input: { letterId: string; question: QuestionFacts; replyId?: string | null; note?: string | null }) {
  const letter = await getLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  if (input.replyId) {
    const [r] = await tx.select({ id: replies.id }).from(replies).where(and(eq(replies.id, input.replyId), eq(replies.letterId, letter.id), eq(replies.officeId, actor.officeId)));
    if (!r) return { ok: false as const, error: "reply" as const };
  }
  const q = input.question;
  await tx
    .insert(parliamentaryQuestions)
    .values({ type: q.type, number: q.number, year: q.year, term: q.term, reference: q.reference, title: q.title ?? null, tabledOn: q.tabledOn ?? null, answeredOn: q.answeredOn ?? null })
    .onConflictDoNothing({ target: parliamentaryQuestions.reference });
  const [question] = await tx.select().from(parliamentaryQuestions).where(eq(parliamentaryQuestions.reference, q.reference));
  const [existing] = await tx
    .select({ id: questionLinks.id })
    .from(questionLinks)
    .where(and(eq(questionLinks.officeId, actor.officeId), eq(questionLinks.letterId, letter.id), eq(questionLinks.questionId, question.id)));
  if (existing) return { ok: true as const, question, alreadyLinked: true };
  await tx.insert(questionLinks).values({
    officeId: actor.officeId,
    questionId: question.id,
    letterId: letter.id,
    replyId: input.replyId ?? null,
    campaignId: letter.campaignId,
    note: input.note ?? null,
    createdBy: actor.userId,
  });
  await audit(tx, { officeId: actor.officeId, letterId: letter.id, actorUserId: actor.userId, action: "question.linked", data: { reference: q.reference } });
  return { ok: true as const, question, alreadyLinked: false };
}

export async function listLinkedQuestions(db: Queryable, { letterId, officeId }: { letterId: string; officeId: string }) {
  return db
    .select({ linkId: questionLinks.id, note: questionLinks.note, replyId: questionLinks.replyId, linkedAt: questionLinks.createdAt, question: parliamentaryQuestions })
    .from(questionLinks)
    .innerJoin(parliamentaryQuestions, eq(parliamentaryQuestions.id, questionLinks.questionId))
    .where(and(eq(questionLinks.letterId, letterId), eq(questionLinks.officeId, officeId)))
    .orderBy(asc(parliamentaryQuestions.reference));
}

export type TimelineEntry = { at: Date; kind: string; title: string; detail?: string; href?: string };

/** The letter's story, oldest first, assembled from the records themselves (not from free text). */
export async function letterTimeline(db: Queryable, { letterId, officeId }: { letterId: string; officeId: string }): Promise<TimelineEntry[]> {
  const scope = { letterId, officeId };
  const [versions, invs, sigs, sendRows, replyRows, questions] = await Promise.all([
    db.select().from(letterVersions).where(and(eq(letterVersions.letterId, letterId), eq(letterVersions.officeId, officeId))).orderBy(asc(letterVersions.number)),
    db.select({ createdAt: invitations.createdAt, name: invitations.inviteeName, status: invitations.status, respondedAt: invitations.respondedAt }).from(invitations).where(and(eq(invitations.letterId, letterId), eq(invitations.officeId, officeId))),
    db
      .select({ signedAt: signatures.signedAt, withdrawnAt: signatures.withdrawnAt, name: signatures.signerName, capacity: signatures.signerCapacity, given: meps.givenName, family: meps.familyName, method: signatures.method })
      .from(signatures)
      .innerJoin(meps, eq(meps.id, signatures.mepId))
      .where(and(eq(signatures.letterId, letterId), eq(signatures.officeId, officeId))),
    db.select().from(sends).where(and(eq(sends.letterId, letterId), eq(sends.officeId, officeId))),
    listReplies(db, scope),
    listLinkedQuestions(db, scope),
  ]);
  const out: TimelineEntry[] = [];
  for (const v of versions) out.push({ at: v.createdAt, kind: "version", title: `Version ${v.number} published (${v.kind})`, detail: `SHA-256 ${v.sha256.slice(0, 12)}…`, href: `versions/${v.number}` });
  const invitedByDay = new Map<string, { at: Date; names: string[] }>();
  for (const i of invs) {
    const key = i.createdAt.toISOString().slice(0, 16);
    const e = invitedByDay.get(key) ?? { at: i.createdAt, names: [] };
    e.names.push(i.name);
    invitedByDay.set(key, e);
    if (i.status === "declined" && i.respondedAt) out.push({ at: i.respondedAt, kind: "declined", title: `${i.name} declined` });
  }
  for (const e of invitedByDay.values()) out.push({ at: e.at, kind: "invitations", title: `${e.names.length} invited`, detail: e.names.slice(0, 5).join(", ") + (e.names.length > 5 ? ", …" : "") });
  for (const s of sigs) {
    const who = `${s.given} ${s.family}`;
    out.push({ at: s.signedAt, kind: "signature", title: `${who} signed`, detail: s.capacity === "staff" ? `by ${s.name} on their behalf` : s.method === "outside" ? "collected outside the app" : undefined });
    if (s.withdrawnAt) out.push({ at: s.withdrawnAt, kind: "withdrawn", title: `${who}'s signature withdrawn` });
  }
  for (const s of sendRows) out.push({ at: s.createdAt, kind: "sent", title: `Letter sent with ${s.signatoryCount} signatories`, detail: s.status });
  for (const r of replyRows) out.push({ at: new Date(`${r.receivedOn}T12:00:00Z`), kind: "reply", title: `${r.kind === "holding" ? "Holding reply" : "Reply"} from ${r.senderName}`, detail: r.theirReference ?? undefined });
  for (const q of questions) out.push({ at: q.linkedAt, kind: "question", title: `Question ${q.question.reference} linked`, detail: q.question.title ?? undefined });
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export async function listSends(db: Queryable, { letterId, officeId }: { letterId: string; officeId: string }) {
  return db.select().from(sends).where(and(eq(sends.letterId, letterId), eq(sends.officeId, officeId)));
}

export async function listLetterEmails(db: Queryable, { letterId, officeId, kind }: { letterId: string; officeId: string; kind?: string }) {
  return db
    .select({ id: emails.id, kind: emails.kind, toAddress: emails.toAddress, toName: emails.toName, status: emails.status, deliveryStatus: emails.deliveryStatus, sentAt: emails.sentAt, providerMessageId: emails.providerMessageId, lastError: emails.lastError })
    .from(emails)
    .where(and(eq(emails.letterId, letterId), eq(emails.officeId, officeId), kind ? eq(emails.kind, kind) : undefined))
    .orderBy(asc(emails.createdAt));
}

export async function listAudit(db: Queryable, { letterId, officeId }: { letterId: string; officeId: string }) {
  return db.select().from(auditEvents).where(and(eq(auditEvents.letterId, letterId), eq(auditEvents.officeId, officeId))).orderBy(desc(auditEvents.id));
}
