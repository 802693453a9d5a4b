/** What happened after sending: replies, parliamentary questions, and the letter's timeline. */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  auditEvents,
  comments,
  emails,
  invitations,
  letterVersions,
  parliamentaryQuestions,
  questionLinks,
  replies,
  sends,
  signatures,
  meps,
  type ReplyKind,
} from "#db/schema";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { nextAttemptAt } from "#app/infra/email-outbox.server";
import { getLetter } from "./letters.server";
import type { Actor } from "./scope";
import { letterAddresseeIds, searchTextOf, setReplyAddressees } from "./replies.server";

export async function addReply(
  tx: Queryable,
  actor: Actor,
  input: {
    letterId: string;
    receivedOn: string;
    senderName: string;
    senderRole?: string | null;
    theirReference?: string | null;
    kind: ReplyKind;
    body: string;
  },
) {
  const letter = await getLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  const [row] = await tx
    .insert(replies)
    .values({
      ...input,
      officeId: actor.officeId,
      senderRole: input.senderRole ?? null,
      theirReference: input.theirReference ?? null,
      searchText: searchTextOf({
        senderName: input.senderName,
        senderRole: input.senderRole ?? null,
        onBehalfOf: null,
        body: input.body,
      }),
      createdBy: actor.userId,
    })
    .returning();
  // A reply logged this way answers the whole letter.
  await setReplyAddressees(tx, {
    replyId: row.id,
    letterId: letter.id,
    officeId: actor.officeId,
    addresseeIds: await letterAddresseeIds(tx, { letterId: letter.id, officeId: actor.officeId }),
  });
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "reply.logged",
    data: { replyId: row.id, from: input.senderName, receivedOn: input.receivedOn },
  });
  return { ok: true as const, reply: row };
}

export async function listReplies(db: Queryable, { letterId, officeId }: { letterId: string; officeId: string }) {
  return db
    .select()
    .from(replies)
    .where(and(eq(replies.letterId, letterId), eq(replies.officeId, officeId)))
    .orderBy(asc(replies.receivedOn));
}

export type QuestionFacts = {
  type: string;
  number: number;
  year: number;
  term: number;
  reference: string;
  title?: string | null;
  tabledOn?: string | null;
  answeredOn?: string | null;
};

/** Links a question (created once, shared) to a letter and optionally a reply, for this office. */
export async function linkQuestion(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; question: QuestionFacts; replyId?: string | null; note?: string | null },
) {
  const letter = await getLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  if (input.replyId) {
    const [r] = await tx
      .select({ id: replies.id })
      .from(replies)
      .where(and(eq(replies.id, input.replyId), eq(replies.letterId, letter.id), eq(replies.officeId, actor.officeId)));
    if (!r) return { ok: false as const, error: "reply" as const };
  }
  const q = input.question;
  await tx
    .insert(parliamentaryQuestions)
    .values({
      type: q.type,
      number: q.number,
      year: q.year,
      term: q.term,
      reference: q.reference,
      title: q.title ?? null,
      tabledOn: q.tabledOn ?? null,
      answeredOn: q.answeredOn ?? null,
    })
    .onConflictDoNothing();
  const [question] = await tx
    .select()
    .from(parliamentaryQuestions)
    .where(
      and(
        eq(parliamentaryQuestions.type, q.type),
        eq(parliamentaryQuestions.term, q.term),
        eq(parliamentaryQuestions.year, q.year),
        eq(parliamentaryQuestions.number, q.number),
      ),
    );
  const [existing] = await tx
    .select({ id: questionLinks.id })
    .from(questionLinks)
    .where(
      and(
        eq(questionLinks.officeId, actor.officeId),
        eq(questionLinks.letterId, letter.id),
        eq(questionLinks.questionId, question.id),
      ),
    );
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
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "question.linked",
    data: { reference: q.reference },
  });
  return { ok: true as const, question, alreadyLinked: false };
}

export async function listLinkedQuestions(
  db: Queryable,
  { letterId, officeId }: { letterId: string; officeId: string },
) {
  return db
    .select({
      linkId: questionLinks.id,
      note: questionLinks.note,
      replyId: questionLinks.replyId,
      linkedAt: questionLinks.createdAt,
      question: parliamentaryQuestions,
    })
    .from(questionLinks)
    .innerJoin(parliamentaryQuestions, eq(parliamentaryQuestions.id, questionLinks.questionId))
    .where(and(eq(questionLinks.letterId, letterId), eq(questionLinks.officeId, officeId)))
    .orderBy(asc(parliamentaryQuestions.reference));
}

export type TimelineEntry = {
  at: Date;
  kind:
    | "version"
    | "invitations"
    | "declined"
    | "signatures"
    | "reconfirmed"
    | "pasted"
    | "withdrawn"
    | "comments"
    | "closed"
    | "reopened"
    | "sent"
    | "reply"
    | "question";
  /** Message key in app/i18n/en/letters.ts ("timeline.*") and its variables; the route translates. */
  key: string;
  vars: Record<string, string | number>;
  href?: string;
  /** For an entry known only by its day (a reply's date of receipt): shown without a time. */
  day?: string;
};

/** Audit actions that are a withdrawal of a signature by whoever may withdraw it (not a signature making way). */
const WITHDRAWALS = ["signature.withdrawn", "signature.member-rejected"];

/**
 * The letter's story, oldest first, assembled from the records themselves and, for what only the audit trail keeps
 * (declines since changed, withdrawals, the closing and reopening of signing), from the letter's audit events.
 * Invitations, signatures and the rest are grouped in SQL (per minute or per day), so a letter with 700 signatures
 * costs a few rows here, not 700. Within an entry a Member is named once; a signature that replaced the Member's
 * earlier one (signing again on a new version) is a re-confirmation, not a second signature, and the earlier one
 * making way is not a withdrawal.
 */
export async function letterTimeline(
  db: Queryable,
  { letterId, officeId }: { letterId: string; officeId: string },
): Promise<TimelineEntry[]> {
  const scope = { letterId, officeId };
  // The first three names of a group, each once, in the EP's order (sort key first, cut off after the tab).
  const names = (sortKey: ReturnType<typeof sql>, name: ReturnType<typeof sql>) =>
    sql<string[]>`(array_agg(distinct ${sortKey} || chr(9) || ${name}))[1:3]`;
  const memberName = sql`${meps.givenName} || ' ' || ${meps.familyName}`;
  const earlier = sql`exists (select 1 from signatures e where e.letter_id = ${signatures.letterId}
    and e.mep_id = ${signatures.mepId} and e.signed_at < ${signatures.signedAt})`;
  const signedBy = (kind: "first" | "again") =>
    db
      .select({
        at: sql<Date>`min(${signatures.signedAt})`,
        n: sql<number>`count(distinct ${signatures.mepId})::int`,
        names: names(sql`${meps.sortKey}`, memberName),
      })
      .from(signatures)
      .innerJoin(meps, eq(meps.id, signatures.mepId))
      .where(
        and(
          eq(signatures.letterId, letterId),
          eq(signatures.officeId, officeId),
          eq(signatures.method, "link"),
          kind === "first" ? sql`not ${earlier}` : earlier,
        ),
      )
      .groupBy(sql`date_trunc('day', ${signatures.signedAt})`);
  const mepOfEvent = sql`(${auditEvents.data}->>'mepId')::int`;
  const [versions, invited, signed, again, pastedRows, withdrawn, declined, commentRows, signing, sendRows] =
    await Promise.all([
      db
        .select({
          number: letterVersions.number,
          kind: letterVersions.kind,
          sha256: letterVersions.sha256,
          createdAt: letterVersions.createdAt,
        })
        .from(letterVersions)
        .where(and(eq(letterVersions.letterId, letterId), eq(letterVersions.officeId, officeId)))
        .orderBy(asc(letterVersions.number)),
      db
        .select({
          at: sql<Date>`min(${invitations.createdAt})`,
          n: sql<number>`count(*)::int`,
          names: names(sql`${meps.sortKey}`, sql`${invitations.inviteeName}`),
        })
        .from(invitations)
        .innerJoin(meps, eq(meps.id, invitations.mepId))
        .where(and(eq(invitations.letterId, letterId), eq(invitations.officeId, officeId)))
        .groupBy(sql`date_trunc('minute', ${invitations.createdAt})`),
      signedBy("first"),
      signedBy("again"),
      db
        .select({
          at: sql<Date>`min(${signatures.signedAt})`,
          n: sql<number>`count(distinct ${signatures.mepId})::int`,
          names: names(sql`${meps.sortKey}`, memberName),
          source: signatures.sourceNote,
        })
        .from(signatures)
        .innerJoin(meps, eq(meps.id, signatures.mepId))
        .where(
          and(eq(signatures.letterId, letterId), eq(signatures.officeId, officeId), eq(signatures.method, "outside")),
        )
        .groupBy(signatures.sourceNote, sql`date_trunc('minute', ${signatures.signedAt})`),
      db
        .select({
          at: sql<Date>`min(${auditEvents.createdAt})`,
          n: sql<number>`count(*)::int`,
          names: names(sql`${meps.sortKey}`, memberName),
        })
        .from(auditEvents)
        .innerJoin(meps, eq(meps.id, mepOfEvent))
        .where(
          and(
            eq(auditEvents.letterId, letterId),
            eq(auditEvents.officeId, officeId),
            sql`(${auditEvents.action} = ${WITHDRAWALS[0]} or (${auditEvents.action} = ${WITHDRAWALS[1]}
              and (${auditEvents.data}->>'withdrawn')::boolean))`,
          ),
        )
        .groupBy(sql`date_trunc('day', ${auditEvents.createdAt})`),
      db
        .select({ at: auditEvents.createdAt, name: sql<string>`${memberName}` })
        .from(auditEvents)
        .innerJoin(meps, eq(meps.id, mepOfEvent))
        .where(
          and(
            eq(auditEvents.letterId, letterId),
            eq(auditEvents.officeId, officeId),
            eq(auditEvents.action, "invitation.declined"),
          ),
        )
        .orderBy(asc(auditEvents.id))
        .limit(200),
      db
        .select({
          at: sql<Date>`min(${comments.createdAt})`,
          n: sql<number>`count(*)::int`,
          names: sql<string[]>`(array_agg(distinct ${comments.authorName}))[1:3]`,
        })
        .from(comments)
        .where(and(eq(comments.letterId, letterId), eq(comments.officeId, officeId)))
        .groupBy(sql`date_trunc('day', ${comments.createdAt})`),
      db
        .select({ at: auditEvents.createdAt, action: auditEvents.action })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.letterId, letterId),
            eq(auditEvents.officeId, officeId),
            inArray(auditEvents.action, ["signing.closed", "signing.reopened"]),
          ),
        )
        .orderBy(asc(auditEvents.id)),
      db
        .select()
        .from(sends)
        .where(and(eq(sends.letterId, letterId), eq(sends.officeId, officeId))),
    ]);
  const [replyRows, questions] = await Promise.all([listReplies(db, scope), listLinkedQuestions(db, scope)]);
  const when = (d: Date | string) => (d instanceof Date ? d : new Date(d));
  const who = (g: { n: number; names: string[] | null }) => {
    const listed = (g.names ?? []).map((n) => n.slice(n.indexOf("\t") + 1));
    return listed.join(", ") + (g.n > listed.length ? ", …" : "");
  };
  const out: TimelineEntry[] = [];
  for (const v of versions)
    out.push({
      at: v.createdAt,
      kind: "version",
      key: `timeline.version.${v.kind}`,
      vars: { number: v.number, hash: v.sha256.slice(0, 12) },
      href: `versions/${v.number}`,
    });
  for (const g of invited)
    out.push({ at: when(g.at), kind: "invitations", key: "timeline.invited", vars: { count: g.n, names: who(g) } });
  for (const d of declined)
    out.push({ at: when(d.at), kind: "declined", key: "timeline.declined", vars: { name: d.name } });
  for (const g of signed)
    out.push({ at: when(g.at), kind: "signatures", key: "timeline.signed", vars: { count: g.n, names: who(g) } });
  for (const g of again)
    out.push({ at: when(g.at), kind: "reconfirmed", key: "timeline.reconfirmed", vars: { count: g.n, names: who(g) } });
  for (const g of pastedRows)
    out.push({
      at: when(g.at),
      kind: "pasted",
      key: "timeline.pasted",
      vars: { count: g.n, names: who(g), source: g.source ?? "" },
    });
  for (const g of withdrawn)
    out.push({ at: when(g.at), kind: "withdrawn", key: "timeline.withdrawn", vars: { count: g.n, names: who(g) } });
  for (const g of commentRows)
    out.push({
      at: when(g.at),
      kind: "comments",
      key: "timeline.comments",
      vars: { count: g.n, names: (g.names ?? []).join(", ") + (g.n > (g.names?.length ?? 0) ? ", …" : "") },
      href: "comments",
    });
  for (const e of signing)
    out.push(
      e.action === "signing.closed"
        ? { at: e.at, kind: "closed", key: "timeline.signingClosed", vars: {} }
        : { at: e.at, kind: "reopened", key: "timeline.signingReopened", vars: {} },
    );
  for (const s of sendRows)
    out.push({
      at: s.createdAt,
      kind: "sent",
      key: "timeline.sent",
      vars: { count: s.signatoryCount, status: s.status },
    });
  // A reply answers the letter as it stood: it comes after the send (or the newest version) even when the day it
  // was received, as typed in, is earlier or the same day; it is shown with that day and no time.
  const answered = Math.max(
    0,
    ...versions.map((v) => v.createdAt.getTime()),
    ...sendRows.map((s) => s.createdAt.getTime()),
  );
  for (const r of replyRows)
    out.push({
      at: new Date(Math.max(new Date(`${r.receivedOn}T12:00:00Z`).getTime(), answered + 1)),
      day: r.receivedOn,
      kind: "reply",
      key: r.kind === "substantive" ? "timeline.reply" : "timeline.holdingReply",
      vars: { from: r.senderName, reference: r.theirReference ?? "" },
    });
  for (const q of questions)
    out.push({
      at: q.linkedAt,
      kind: "question",
      key: "timeline.question",
      vars: { reference: q.question.reference, title: q.question.title ?? "" },
    });
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export async function listLetterEmails(
  db: Queryable,
  { letterId, officeId, kind }: { letterId: string; officeId: string; kind?: string },
) {
  return db
    .select({
      id: emails.id,
      kind: emails.kind,
      toAddress: emails.toAddress,
      toName: emails.toName,
      status: emails.status,
      deliveryStatus: emails.deliveryStatus,
      sentAt: emails.sentAt,
      providerMessageId: emails.providerMessageId,
      lastError: emails.lastError,
      retryAt: nextAttemptAt(),
    })
    .from(emails)
    .where(and(eq(emails.letterId, letterId), eq(emails.officeId, officeId), kind ? eq(emails.kind, kind) : undefined))
    .orderBy(asc(emails.createdAt));
}

// ---------------------------------------------------------------- invitation delivery

export const INVITATION_EMAIL_KINDS = ["invitation", "reminder"] as const;

export type InvitationDelivery = {
  invitationId: string;
  emailId: string;
  kind: string;
  status: string;
  deliveryStatus: string | null;
  lastError: string | null;
  retryAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
};

/**
 * The latest invitation or reminder message of each invitation of the letter (by the invitee's address, which is
 * unique per letter), for the delivery column of the invite and letter pages.
 */
export async function latestInvitationEmails(
  db: Queryable,
  { letterId, officeId }: { letterId: string; officeId: string },
): Promise<Map<string, InvitationDelivery>> {
  const rows = await db
    .select({
      invitationId: invitations.id,
      emailId: emails.id,
      kind: emails.kind,
      status: emails.status,
      deliveryStatus: emails.deliveryStatus,
      lastError: emails.lastError,
      retryAt: nextAttemptAt(),
      sentAt: emails.sentAt,
      createdAt: emails.createdAt,
    })
    .from(emails)
    .innerJoin(
      invitations,
      and(
        eq(invitations.letterId, emails.letterId),
        sql`lower(${invitations.inviteeEmail}) = lower(${emails.toAddress})`,
      ),
    )
    .where(
      and(
        eq(emails.letterId, letterId),
        eq(emails.officeId, officeId),
        eq(invitations.officeId, officeId),
        inArray(emails.kind, [...INVITATION_EMAIL_KINDS]),
      ),
    )
    .orderBy(asc(emails.createdAt), asc(emails.id));
  const latest = new Map<string, InvitationDelivery>();
  for (const r of rows) latest.set(r.invitationId, r);
  return latest;
}

/** One failed invitation or reminder message of the letter, or null. */
export async function getFailedInvitationEmail(
  db: Queryable,
  { letterId, officeId, emailId }: { letterId: string; officeId: string; emailId: string },
) {
  const [row] = await db
    .select({ id: emails.id, toAddress: emails.toAddress, kind: emails.kind, status: emails.status })
    .from(emails)
    .where(
      and(
        eq(emails.id, emailId),
        eq(emails.letterId, letterId),
        eq(emails.officeId, officeId),
        inArray(emails.kind, [...INVITATION_EMAIL_KINDS]),
      ),
    );
  return row ?? null;
}
