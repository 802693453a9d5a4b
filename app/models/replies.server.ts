/**
 * Queries of the reply register: replies and the addressees they answer, their files and
 * corrections, the clocks, the office-wide and instance-wide rows the states and statistics are
 * derived from, and the tokens and preferences of reply emails. Every function is office-scoped
 * except the scheduler's and the platform admins' aggregate reads, which say so.
 */
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import {
  addressees,
  letters,
  memberships,
  offices,
  replies,
  replyAddressees,
  replyEmailPrefs,
  replyEmailTokens,
  replyFiles,
  replyNotExpected,
  replyRevisions,
  testClock,
  users,
  type ReplyDayKind,
  type ReplyKind,
} from "#db/schema";
import { rowsOf, type Queryable } from "#db/client.server";
import type { OfficeClock } from "#app/domain/reply-clock";

type Scope = { officeId: string };

export type ReplyFields = {
  receivedOn: string;
  senderName: string;
  senderRole: string | null;
  onBehalfOf: string | null;
  theirReference: string | null;
  theirReferenceDate: string | null;
  theirRegistration: string | null;
  ourRegistration: string | null;
  kind: ReplyKind;
  referredToName: string | null;
  referredToRole: string | null;
  body: string;
};

export type ReplyFileInput = {
  filename: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  extractedText: string;
} & (
  | { storage: "database"; storageKey: null; content: Buffer }
  | { storage: "directory"; storageKey: string; content: null }
);

export const searchTextOf = (
  f: Pick<ReplyFields, "senderName" | "senderRole" | "onBehalfOf" | "body">,
  fileText = "",
) => [f.senderName, f.senderRole, f.onBehalfOf, f.body, fileText].filter(Boolean).join("\n");

// ---------------------------------------------------------------- clocks

export async function getOfficeClock(db: Queryable, { officeId }: Scope): Promise<OfficeClock> {
  const [o] = await db
    .select({
      dueDays: offices.replyDueDays,
      veryOverdueDays: offices.replyVeryOverdueDays,
      dayKind: offices.replyDayKind,
    })
    .from(offices)
    .where(eq(offices.id, officeId));
  return o;
}

export async function updateOfficeClock(tx: Queryable, { officeId }: Scope, clock: OfficeClock) {
  await tx
    .update(offices)
    .set({ replyDueDays: clock.dueDays, replyVeryOverdueDays: clock.veryOverdueDays, replyDayKind: clock.dayKind })
    .where(eq(offices.id, officeId));
}

export async function updateLetterClock(
  tx: Queryable,
  { letterId, officeId }: { letterId: string } & Scope,
  clock: OfficeClock | null,
) {
  await tx
    .update(letters)
    .set({
      replyDueDays: clock?.dueDays ?? null,
      replyVeryOverdueDays: clock?.veryOverdueDays ?? null,
      replyDayKind: clock?.dayKind ?? null,
    })
    .where(and(eq(letters.id, letterId), eq(letters.officeId, officeId)));
}

/** Outside production the app's clock may be moved forward (browser tests); 0 otherwise. */
export async function getTestClockOffsetMs(db: Queryable): Promise<number> {
  const [row] = await db.select({ offsetMs: testClock.offsetMs }).from(testClock).where(eq(testClock.id, 1));
  return Number(row?.offsetMs ?? 0);
}

export async function setTestClockOffsetMs(db: Queryable, offsetMs: number) {
  await db
    .insert(testClock)
    .values({ id: 1, offsetMs })
    .onConflictDoUpdate({ target: testClock.id, set: { offsetMs } });
}

// ---------------------------------------------------------------- replies

export async function insertReply(
  tx: Queryable,
  input: ReplyFields & { letterId: string; officeId: string; createdBy: string | null; searchText: string },
) {
  const [row] = await tx.insert(replies).values(input).returning();
  return row;
}

export async function setReplyAddressees(
  tx: Queryable,
  input: { replyId: string; letterId: string; officeId: string; addresseeIds: string[] },
) {
  await tx.delete(replyAddressees).where(eq(replyAddressees.replyId, input.replyId));
  if (!input.addresseeIds.length) return;
  await tx.insert(replyAddressees).values(
    input.addresseeIds.map((addresseeId) => ({
      replyId: input.replyId,
      addresseeId,
      letterId: input.letterId,
      officeId: input.officeId,
    })),
  );
}

/** The "to" addressees of the letter among `ids` (others, cc and foreign ids are dropped). */
export async function letterAddresseeIds(
  db: Queryable,
  { letterId, officeId, ids }: { letterId: string; ids?: string[] } & Scope,
) {
  const rows = await db
    .select({ id: addressees.id })
    .from(addressees)
    .where(
      and(
        eq(addressees.letterId, letterId),
        eq(addressees.officeId, officeId),
        eq(addressees.kind, "to"),
        ids ? (ids.length ? inArray(addressees.id, ids) : sql`false`) : undefined,
      ),
    );
  return rows.map((r) => r.id);
}

export async function insertReplyFile(
  tx: Queryable,
  input: ReplyFileInput & { replyId: string; officeId: string; createdBy: string | null },
) {
  await tx.delete(replyFiles).where(eq(replyFiles.replyId, input.replyId));
  const [row] = await tx.insert(replyFiles).values(input).returning({ id: replyFiles.id });
  return row;
}

const fileMeta = {
  id: replyFiles.id,
  replyId: replyFiles.replyId,
  filename: replyFiles.filename,
  contentType: replyFiles.contentType,
  byteSize: replyFiles.byteSize,
  sha256: replyFiles.sha256,
  createdAt: replyFiles.createdAt,
};

/** Replies of a letter, oldest first, each with the ids of the addressees it answers and its file (without bytes). */
export async function listLetterReplies(db: Queryable, { letterId, officeId }: { letterId: string } & Scope) {
  const [rows, links, files] = await Promise.all([
    db
      .select()
      .from(replies)
      .where(and(eq(replies.letterId, letterId), eq(replies.officeId, officeId)))
      .orderBy(asc(replies.receivedOn), asc(replies.createdAt)),
    db
      .select({ replyId: replyAddressees.replyId, addresseeId: replyAddressees.addresseeId })
      .from(replyAddressees)
      .where(and(eq(replyAddressees.letterId, letterId), eq(replyAddressees.officeId, officeId))),
    db
      .select(fileMeta)
      .from(replyFiles)
      .innerJoin(replies, eq(replies.id, replyFiles.replyId))
      .where(and(eq(replies.letterId, letterId), eq(replyFiles.officeId, officeId))),
  ]);
  return rows.map((r) => ({
    ...r,
    addresseeIds: links.filter((l) => l.replyId === r.id).map((l) => l.addresseeId),
    file: files.find((f) => f.replyId === r.id) ?? null,
  }));
}

export async function getReply(
  db: Queryable,
  {
    replyId,
    letterId,
    officeId,
    forUpdate = false,
  }: { replyId: string; letterId: string; forUpdate?: boolean } & Scope,
) {
  const q = db
    .select()
    .from(replies)
    .where(and(eq(replies.id, replyId), eq(replies.letterId, letterId), eq(replies.officeId, officeId)));
  const [row] = forUpdate ? await q.for("update") : await q;
  if (!row) return null;
  const [links, [file]] = await Promise.all([
    db
      .select({ addresseeId: replyAddressees.addresseeId })
      .from(replyAddressees)
      .where(eq(replyAddressees.replyId, row.id)),
    db.select(fileMeta).from(replyFiles).where(eq(replyFiles.replyId, row.id)),
  ]);
  return { ...row, addresseeIds: links.map((l) => l.addresseeId), file: file ?? null };
}

export async function updateReplyRow(
  tx: Queryable,
  input: ReplyFields & { replyId: string; revision: number; updatedBy: string; searchText: string; updatedAt: Date },
) {
  const { replyId, ...set } = input;
  await tx.update(replies).set(set).where(eq(replies.id, replyId));
}

export async function insertReplyRevision(
  tx: Queryable,
  input: {
    replyId: string;
    officeId: string;
    revision: number;
    snapshot: Record<string, unknown>;
    reason: string;
    editedBy: string;
  },
) {
  await tx.insert(replyRevisions).values(input);
}

export async function listReplyRevisions(db: Queryable, { replyId, officeId }: { replyId: string } & Scope) {
  return db
    .select({
      revision: replyRevisions.revision,
      snapshot: replyRevisions.snapshot,
      reason: replyRevisions.reason,
      createdAt: replyRevisions.createdAt,
      editedByName: users.name,
    })
    .from(replyRevisions)
    .leftJoin(users, eq(users.id, replyRevisions.editedBy))
    .where(and(eq(replyRevisions.replyId, replyId), eq(replyRevisions.officeId, officeId)))
    .orderBy(desc(replyRevisions.revision));
}

export async function getReplyFileContent(
  db: Queryable,
  { replyId, letterId, officeId }: { replyId: string; letterId: string } & Scope,
) {
  const [row] = await db
    .select({
      filename: replyFiles.filename,
      contentType: replyFiles.contentType,
      byteSize: replyFiles.byteSize,
      storage: replyFiles.storage,
      storageKey: replyFiles.storageKey,
      content: replyFiles.content,
      sha256: replyFiles.sha256,
    })
    .from(replyFiles)
    .innerJoin(replies, eq(replies.id, replyFiles.replyId))
    .where(and(eq(replyFiles.replyId, replyId), eq(replies.letterId, letterId), eq(replyFiles.officeId, officeId)));
  return row ?? null;
}

export async function getReplyFileText(db: Queryable, { replyId, officeId }: { replyId: string } & Scope) {
  const [f] = await db
    .select({ text: replyFiles.extractedText })
    .from(replyFiles)
    .where(and(eq(replyFiles.replyId, replyId), eq(replyFiles.officeId, officeId)));
  return f?.text ?? "";
}

// ---------------------------------------------------------------- not expected

export async function listNotExpected(db: Queryable, { letterId, officeId }: { letterId: string } & Scope) {
  const rows = await db
    .select({ addresseeId: replyNotExpected.addresseeId })
    .from(replyNotExpected)
    .where(and(eq(replyNotExpected.letterId, letterId), eq(replyNotExpected.officeId, officeId)));
  return new Set(rows.map((r) => r.addresseeId));
}

export async function setNotExpected(
  tx: Queryable,
  input: { letterId: string; officeId: string; addresseeId: string; userId: string | null; on: boolean },
) {
  if (!input.on) {
    const gone = await tx
      .delete(replyNotExpected)
      .where(and(eq(replyNotExpected.addresseeId, input.addresseeId), eq(replyNotExpected.officeId, input.officeId)))
      .returning({ id: replyNotExpected.addresseeId });
    return gone.length > 0;
  }
  const made = await tx
    .insert(replyNotExpected)
    .values({ addresseeId: input.addresseeId, letterId: input.letterId, officeId: input.officeId, setBy: input.userId })
    .onConflictDoNothing()
    .returning({ id: replyNotExpected.addresseeId });
  return made.length > 0;
}

// ---------------------------------------------------------------- rows the states are derived from

export type ExpectationRow = {
  officeId: string;
  letterId: string;
  subject: string;
  sentAt: Date;
  createdBy: string | null;
  letterClock: { dueDays: number | null; veryOverdueDays: number | null; dayKind: ReplyDayKind | null };
  officeClock: OfficeClock;
  addresseeId: string;
  name: string;
  role: string | null;
  institution: string | null;
  notExpected: boolean;
  replies: Array<{
    id: string;
    receivedOn: string;
    kind: ReplyKind;
    referredToName: string | null;
    referredToRole: string | null;
  }>;
};

/**
 * One row per (sent letter, "to" addressee) with the replies that answer it, in ONE statement: the
 * office's cross-letter view, the scheduler and the statistics all read this, so their query count
 * does not grow with the number of letters. `officeId` null reads every office (scheduler, platform
 * statistics); `letterId` narrows to one letter.
 */
export async function listExpectations(
  db: Queryable,
  opts: { officeId: string | null; letterId?: string },
): Promise<ExpectationRow[]> {
  // The replies are aggregated once per office (or letter) and joined, not looked up per addressee: on the
  // statistics page of an office with 400 replies the correlated subquery cost more than everything else. The
  // office (letter) is named on both tables so each is read through its own index (PostgreSQL otherwise
  // scanned all of `replies` for the hash join).
  const result = await db.execute(sql`
    with reps as (
      select ra.addressee_id,
             json_agg(json_build_object('id', r.id, 'receivedOn', r.received_on, 'kind', r.kind,
                      'referredToName', r.referred_to_name, 'referredToRole', r.referred_to_role)
                    order by r.received_on) as replies
        from reply_addressees ra join replies r on r.id = ra.reply_id
       where true
         ${opts.officeId ? sql`and ra.office_id = ${opts.officeId} and r.office_id = ${opts.officeId}` : sql``}
         ${opts.letterId ? sql`and ra.letter_id = ${opts.letterId} and r.letter_id = ${opts.letterId}` : sql``}
       group by ra.addressee_id)
    select l.office_id, l.id as letter_id, l.subject, l.sent_at, l.created_by,
           l.reply_due_days as l_due, l.reply_very_overdue_days as l_very, l.reply_day_kind as l_kind,
           o.reply_due_days as o_due, o.reply_very_overdue_days as o_very, o.reply_day_kind as o_kind,
           a.id as addressee_id, a.name, a.role, a.institution,
           (ne.addressee_id is not null) as not_expected,
           coalesce(reps.replies, '[]'::json) as replies
      from letters l
      join offices o on o.id = l.office_id
      join addressees a on a.letter_id = l.id and a.kind = 'to'
      left join reply_not_expected ne on ne.addressee_id = a.id
      left join reps on reps.addressee_id = a.id
     where l.status = 'sent' and l.sent_at is not null
       ${opts.officeId ? sql`and l.office_id = ${opts.officeId}` : sql``}
       ${opts.letterId ? sql`and l.id = ${opts.letterId}` : sql``}
     order by l.sent_at, l.id, a.position`);
  return rowsOf<Record<string, unknown>>(result).map((r) => {
    const reps = (typeof r.replies === "string" ? JSON.parse(r.replies) : r.replies) as ExpectationRow["replies"];
    return {
      officeId: String(r.office_id),
      letterId: String(r.letter_id),
      subject: String(r.subject),
      sentAt: r.sent_at instanceof Date ? r.sent_at : new Date(String(r.sent_at)),
      createdBy: (r.created_by as string | null) ?? null,
      letterClock: {
        dueDays: r.l_due === null ? null : Number(r.l_due),
        veryOverdueDays: r.l_very === null ? null : Number(r.l_very),
        dayKind: (r.l_kind as ReplyDayKind | null) ?? null,
      },
      officeClock: { dueDays: Number(r.o_due), veryOverdueDays: Number(r.o_very), dayKind: r.o_kind as ReplyDayKind },
      addresseeId: String(r.addressee_id),
      name: String(r.name),
      role: (r.role as string | null) ?? null,
      institution: (r.institution as string | null) ?? null,
      notExpected: r.not_expected === true || r.not_expected === "t",
      replies: reps.map((x) => ({ ...x, receivedOn: String(x.receivedOn).slice(0, 10) })),
    };
  });
}

// ---------------------------------------------------------------- search

export async function searchReplies(db: Queryable, { officeId, q, limit = 50 }: { q: string; limit?: number } & Scope) {
  const query = sql`websearch_to_tsquery('simple', ${q})`;
  const vector = sql`to_tsvector('simple', ${replies.searchText})`;
  return db
    .select({
      replyId: replies.id,
      letterId: replies.letterId,
      subject: letters.subject,
      senderName: replies.senderName,
      receivedOn: replies.receivedOn,
      kind: replies.kind,
      snippet: sql<string>`ts_headline('simple', ${replies.searchText}, ${query}, 'MaxWords=25, MinWords=10, MaxFragments=2, StartSel=«, StopSel=»')`,
    })
    .from(replies)
    .innerJoin(letters, eq(letters.id, replies.letterId))
    .where(and(eq(replies.officeId, officeId), sql`${vector} @@ ${query}`))
    .orderBy(sql`ts_rank(${vector}, ${query}) desc`, desc(replies.receivedOn))
    .limit(limit);
}

// ---------------------------------------------------------------- reply emails: recipients, preferences, tokens

/** Members of an office who follow replies (every role but the office admin's), with their preferences. */
export async function listAlertRecipients(db: Queryable, { officeId }: Scope) {
  const [members, prefs] = await Promise.all([
    db
      .select({ userId: users.id, email: users.email, name: users.name, locale: users.locale, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.officeId, officeId), sql`${memberships.role} <> 'admin'`)),
    db
      .select({ userId: replyEmailPrefs.userId, kind: replyEmailPrefs.kind, enabled: replyEmailPrefs.enabled })
      .from(replyEmailPrefs)
      .where(eq(replyEmailPrefs.officeId, officeId)),
  ]);
  return members.map((m) => ({
    ...m,
    prefs: Object.fromEntries(prefs.filter((p) => p.userId === m.userId).map((p) => [p.kind, p.enabled])) as Record<
      string,
      boolean
    >,
  }));
}

export async function getEmailPrefs(db: Queryable, { userId, officeId }: { userId: string } & Scope) {
  const rows = await db
    .select({ kind: replyEmailPrefs.kind, enabled: replyEmailPrefs.enabled })
    .from(replyEmailPrefs)
    .where(and(eq(replyEmailPrefs.userId, userId), eq(replyEmailPrefs.officeId, officeId)));
  return Object.fromEntries(rows.map((r) => [r.kind, r.enabled])) as Record<string, boolean>;
}

export async function setEmailPref(
  tx: Queryable,
  input: { userId: string; officeId: string; kind: string; enabled: boolean },
) {
  await tx
    .insert(replyEmailPrefs)
    .values({ ...input, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [replyEmailPrefs.userId, replyEmailPrefs.officeId, replyEmailPrefs.kind],
      set: { enabled: input.enabled, updatedAt: new Date() },
    });
}

/** Users of any office who opted into the weekly digest (the scheduler's read). */
export async function listDigestSubscribers(db: Queryable) {
  return db
    .select({ userId: replyEmailPrefs.userId, officeId: replyEmailPrefs.officeId })
    .from(replyEmailPrefs)
    .innerJoin(
      memberships,
      and(eq(memberships.userId, replyEmailPrefs.userId), eq(memberships.officeId, replyEmailPrefs.officeId)),
    )
    .where(and(eq(replyEmailPrefs.kind, "digest"), eq(replyEmailPrefs.enabled, true)));
}

export async function insertEmailToken(
  tx: Queryable,
  input: {
    tokenHash: string;
    purpose: "nudge" | "unsubscribe";
    userId: string;
    officeId: string;
    letterId?: string | null;
    addresseeId?: string | null;
    kind: string;
  },
) {
  await tx.insert(replyEmailTokens).values(input).onConflictDoNothing();
}

export async function getEmailToken(db: Queryable, tokenHash: string) {
  const [row] = await db
    .select({
      token: replyEmailTokens,
      letterSubject: letters.subject,
      addresseeName: addressees.name,
      userName: users.name,
    })
    .from(replyEmailTokens)
    .innerJoin(users, eq(users.id, replyEmailTokens.userId))
    .leftJoin(letters, eq(letters.id, replyEmailTokens.letterId))
    .leftJoin(addressees, eq(addressees.id, replyEmailTokens.addresseeId))
    .where(eq(replyEmailTokens.tokenHash, tokenHash));
  return row ?? null;
}

export async function answerEmailToken(tx: Queryable, tokenHash: string, answer: string, now: Date) {
  await tx.update(replyEmailTokens).set({ answer, answeredAt: now }).where(eq(replyEmailTokens.tokenHash, tokenHash));
}

/** Whether the user is still a member of the office (a token outlives a membership otherwise). */
export async function isMember(db: Queryable, { userId, officeId }: { userId: string } & Scope) {
  const [m] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.officeId, officeId), isNotNull(memberships.role)));
  return Boolean(m);
}
