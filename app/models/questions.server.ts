/**
 * Parliamentary questions: the shared public record (questions, authors and supporters), and per
 * office the register (what its Member authored or supported, what it follows or linked to a letter),
 * its drafts, and the runs of the EP Open Data import. Queries only; workflows are in
 * app/services/questions.server.ts.
 */
import { and, asc, desc, eq, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import {
  letters,
  meps,
  offices,
  parliamentaryQuestions,
  questionDrafts,
  questionFollows,
  questionImports,
  questionLinks,
  questionParticipants,
} from "#db/schema";
import { rowsOf, type Queryable } from "#db/client.server";
import type { EpQuestion } from "#app/domain/ep-questions";

export type Question = typeof parliamentaryQuestions.$inferSelect;
export type QuestionDraft = typeof questionDrafts.$inferSelect;
export type QuestionImport = typeof questionImports.$inferSelect;
type Actor = { userId: string; officeId: string };

export async function getOfficeMepId(db: Queryable, officeId: string): Promise<number | null> {
  const [o] = await db.select({ mepId: offices.mepId }).from(offices).where(eq(offices.id, officeId));
  return o?.mepId ?? null;
}

/** The condition "this question is in the office's register". */
function inRegister(officeId: string, mepId: number | null): SQL {
  const conds: SQL[] = [
    sql`exists (select 1 from ${questionFollows} f where f.office_id = ${officeId} and f.question_id = ${parliamentaryQuestions.id})`,
    sql`exists (select 1 from ${questionLinks} l where l.office_id = ${officeId} and l.question_id = ${parliamentaryQuestions.id})`,
  ];
  if (mepId !== null)
    conds.push(
      sql`exists (select 1 from ${questionParticipants} p where p.question_id = ${parliamentaryQuestions.id} and p.mep_id = ${mepId})`,
    );
  return or(...conds)!;
}

/** Qualified on purpose: in a select list drizzle renders a column unqualified, which a subquery would rebind. */
const QID = sql.raw(`"parliamentary_questions"."id"`);

export type RegisterRow = Question & { followed: boolean; roles: string[] };

export const REGISTER_PAGE = 500;

export async function listRegister(
  db: Queryable,
  { officeId, mepId }: { officeId: string; mepId: number | null },
): Promise<RegisterRow[]> {
  const rows = await db
    .select({
      q: parliamentaryQuestions,
      followed: sql<boolean>`exists (select 1 from ${questionFollows} f where f.office_id = ${officeId} and f.question_id = ${QID})`,
      roles: sql<
        string[] | null
      >`(select array_agg(distinct p.role) from ${questionParticipants} p where p.question_id = ${QID} and p.mep_id = ${mepId ?? -1})`,
    })
    .from(parliamentaryQuestions)
    .where(inRegister(officeId, mepId))
    .orderBy(sql`${parliamentaryQuestions.tabledOn} desc nulls last`, desc(parliamentaryQuestions.number))
    .limit(REGISTER_PAGE);
  return rows.map((r) => ({ ...r.q, followed: r.followed, roles: r.roles ?? [] }));
}

export async function getRegisterQuestion(
  db: Queryable,
  { id, officeId, mepId }: { id: string; officeId: string; mepId: number | null },
) {
  const [row] = await db
    .select({
      q: parliamentaryQuestions,
      followed: sql<boolean>`exists (select 1 from ${questionFollows} f where f.office_id = ${officeId} and f.question_id = ${QID})`,
    })
    .from(parliamentaryQuestions)
    .where(and(eq(parliamentaryQuestions.id, id), inRegister(officeId, mepId)));
  return row ? { ...row.q, followed: row.followed } : null;
}

export async function findQuestion(db: Queryable, ref: { type: string; term: number; year: number; number: number }) {
  const [q] = await db
    .select()
    .from(parliamentaryQuestions)
    .where(
      and(
        eq(parliamentaryQuestions.type, ref.type),
        eq(parliamentaryQuestions.term, ref.term),
        eq(parliamentaryQuestions.year, ref.year),
        eq(parliamentaryQuestions.number, ref.number),
      ),
    );
  return q ?? null;
}

export async function listParticipants(db: Queryable, questionIds: string[]) {
  if (!questionIds.length) return [];
  return db
    .select({
      questionId: questionParticipants.questionId,
      role: questionParticipants.role,
      epPersonId: questionParticipants.epPersonId,
      bodyCode: questionParticipants.bodyCode,
      name: questionParticipants.name,
      mepId: questionParticipants.mepId,
      givenName: meps.givenName,
      familyName: meps.familyName,
      politicalGroup: meps.politicalGroup,
    })
    .from(questionParticipants)
    .leftJoin(meps, eq(meps.id, questionParticipants.mepId))
    .where(inArray(questionParticipants.questionId, questionIds))
    .orderBy(asc(questionParticipants.role), asc(meps.sortKey));
}

export type QuestionFactsInput = {
  type: string;
  number: number;
  year: number;
  term: number;
  reference: string;
  title?: string | null;
  body?: string | null;
  addressee?: string | null;
  tabledOn?: string | null;
  forwardedOn?: string | null;
};

/** Creates the public record of a question entered in the register; an existing record is kept as it is. */
export async function ensureQuestion(
  tx: Queryable,
  q: QuestionFactsInput,
): Promise<{ question: Question; created: boolean }> {
  const inserted = await tx
    .insert(parliamentaryQuestions)
    .values({
      type: q.type,
      number: q.number,
      year: q.year,
      term: q.term,
      reference: q.reference,
      title: q.title ?? null,
      body: q.body ?? null,
      addressee: q.addressee ?? null,
      tabledOn: q.tabledOn ?? null,
      forwardedOn: q.forwardedOn ?? null,
      source: "register",
    })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { question: inserted[0], created: true };
  return { question: (await findQuestion(tx, q))!, created: false };
}

/** Fills facts the record does not have yet (a register entry never overwrites what the EP published). */
export async function fillQuestionFacts(
  tx: Queryable,
  id: string,
  f: {
    title?: string | null;
    body?: string | null;
    addressee?: string | null;
    tabledOn?: string | null;
    forwardedOn?: string | null;
  },
) {
  await tx
    .update(parliamentaryQuestions)
    .set({
      title: sql`coalesce(${parliamentaryQuestions.title}, ${f.title ?? null})`,
      body: sql`coalesce(${parliamentaryQuestions.body}, ${f.body ?? null})`,
      addressee: sql`coalesce(${parliamentaryQuestions.addressee}, ${f.addressee ?? null})`,
      tabledOn: sql`coalesce(${parliamentaryQuestions.tabledOn}, ${f.tabledOn ?? null}::date)`,
      forwardedOn: sql`coalesce(${parliamentaryQuestions.forwardedOn}, ${f.forwardedOn ?? null}::date)`,
      updatedAt: new Date(),
    })
    .where(eq(parliamentaryQuestions.id, id));
}

export async function setForwarded(tx: Queryable, id: string, forwardedOn: string | null) {
  await tx
    .update(parliamentaryQuestions)
    .set({ forwardedOn, updatedAt: new Date() })
    .where(eq(parliamentaryQuestions.id, id));
}

export async function recordAnswer(
  tx: Queryable,
  id: string,
  a: { answeredOn: string; answerText: string | null; answerUrl: string | null },
) {
  await tx
    .update(parliamentaryQuestions)
    .set({ answeredOn: a.answeredOn, answerText: a.answerText, answerUrl: a.answerUrl, updatedAt: new Date() })
    .where(eq(parliamentaryQuestions.id, id));
}

/** Adds directory Members as authors or supporters (the EP person id is kept with them). */
export async function addParticipants(
  tx: Queryable,
  questionId: string,
  people: Array<{ mepId: number; role: "author" | "supporter" }>,
) {
  if (!people.length) return;
  const ids = [...new Set(people.map((p) => p.mepId))];
  const rows = await tx.select({ id: meps.id, epId: meps.epId }).from(meps).where(inArray(meps.id, ids));
  const epIdOf = new Map(rows.map((r) => [r.id, r.epId]));
  for (const p of people) {
    if (!epIdOf.has(p.mepId)) continue;
    await tx
      .insert(questionParticipants)
      .values({ questionId, role: p.role, mepId: p.mepId, epPersonId: epIdOf.get(p.mepId) ?? null })
      .onConflictDoNothing();
  }
}

export async function setFollow(tx: Queryable, actor: Actor, questionId: string, follow: boolean) {
  if (follow)
    await tx
      .insert(questionFollows)
      .values({ officeId: actor.officeId, questionId, createdBy: actor.userId })
      .onConflictDoNothing();
  else
    await tx
      .delete(questionFollows)
      .where(and(eq(questionFollows.officeId, actor.officeId), eq(questionFollows.questionId, questionId)));
}

export async function listQuestionLetters(
  db: Queryable,
  { questionId, officeId }: { questionId: string; officeId: string },
) {
  return db
    .select({ letterId: letters.id, subject: letters.subject, note: questionLinks.note })
    .from(questionLinks)
    .innerJoin(letters, and(eq(letters.id, questionLinks.letterId), eq(letters.officeId, officeId)))
    .where(and(eq(questionLinks.questionId, questionId), eq(questionLinks.officeId, officeId)));
}

// ---------------------------------------------------------------- quota

/** Recent questions (tabled in the last four months, wider than the rolling three) of the authors matched by `who`. */
function recentParticipations(db: Queryable, who: SQL | undefined) {
  return db
    .selectDistinct({
      bodyCode: questionParticipants.bodyCode,
      key: parliamentaryQuestions.documentId,
      type: parliamentaryQuestions.type,
      tabledOn: parliamentaryQuestions.tabledOn,
      role: questionParticipants.role,
    })
    .from(questionParticipants)
    .innerJoin(parliamentaryQuestions, eq(parliamentaryQuestions.id, questionParticipants.questionId))
    .where(and(who, sql`${parliamentaryQuestions.tabledOn} > current_date - interval '4 months'`));
}

/** Everything a Member recently authored or supported, register and imported alike (one row per question). */
export async function quotaEntriesFor(db: Queryable, mepId: number) {
  return recentParticipations(db, eq(questionParticipants.mepId, mepId));
}

/** The same for political groups or committees (by body code), for their quotas: one query for any number of them. */
export async function bodyQuotaEntries(db: Queryable, bodyCodes: string[]) {
  if (!bodyCodes.length) return [];
  return recentParticipations(db, inArray(questionParticipants.bodyCode, bodyCodes));
}

// ---------------------------------------------------------------- drafts

export type DraftInput = {
  authorMepId: number | null;
  type: "E" | "P";
  addressee: string;
  title: string;
  body: string;
  ongoingProcedure: boolean;
  supporterMepIds: number[];
  letterId?: string | null;
};

export async function createDraft(tx: Queryable, actor: Actor, input: DraftInput) {
  const [d] = await tx
    .insert(questionDrafts)
    .values({ ...input, letterId: input.letterId ?? null, officeId: actor.officeId, createdBy: actor.userId })
    .returning();
  return d;
}

export async function updateDraft(
  tx: Queryable,
  { id, officeId }: { id: string; officeId: string },
  input: DraftInput,
) {
  const { letterId: _ignored, ...rest } = input;
  const [d] = await tx
    .update(questionDrafts)
    .set({ ...rest, updatedAt: new Date() })
    .where(and(eq(questionDrafts.id, id), eq(questionDrafts.officeId, officeId), eq(questionDrafts.status, "draft")))
    .returning();
  return d ?? null;
}

export async function getDraft(db: Queryable, { id, officeId }: { id: string; officeId: string }) {
  const [d] = await db
    .select()
    .from(questionDrafts)
    .where(and(eq(questionDrafts.id, id), eq(questionDrafts.officeId, officeId)));
  return d ?? null;
}

/** Locks the draft row for marking it tabled (two clicks cannot table it twice). */
export async function lockDraft(tx: Queryable, { id, officeId }: { id: string; officeId: string }) {
  const [d] = await tx
    .select()
    .from(questionDrafts)
    .where(and(eq(questionDrafts.id, id), eq(questionDrafts.officeId, officeId)))
    .for("update");
  return d ?? null;
}

export async function markDraftTabled(tx: Queryable, id: string, questionId: string) {
  await tx
    .update(questionDrafts)
    .set({ status: "tabled", questionId, updatedAt: new Date() })
    .where(eq(questionDrafts.id, id));
}

export async function listDrafts(db: Queryable, officeId: string) {
  return db
    .select()
    .from(questionDrafts)
    .where(and(eq(questionDrafts.officeId, officeId), eq(questionDrafts.status, "draft")))
    .orderBy(desc(questionDrafts.updatedAt))
    .limit(100);
}

// ---------------------------------------------------------------- import

export type SaveCounts = { added: number; updated: number; unchanged: number };

/**
 * Upserts a batch of EP records with their authors, in the caller's transaction (a record and its
 * authors are saved together or not at all). A record that changes nothing is not written, so a
 * second import of the same file reports everything unchanged.
 */
export async function saveEpQuestions(tx: Queryable, batch: EpQuestion[], fetchedAt = new Date()): Promise<SaveCounts> {
  if (!batch.length) return { added: 0, updated: 0, unchanged: 0 };
  const q = parliamentaryQuestions;
  const values = batch.map((e) => ({
    type: e.type,
    number: e.number,
    year: e.year,
    term: e.term,
    reference: e.reference,
    title: e.title,
    addressee: e.addressee,
    addresseeCodes: e.addresseeCodes,
    tabledOn: e.tabledOn,
    answeredOn: e.answer?.answeredOn ?? null,
    answerDocumentId: e.answer?.documentId ?? null,
    source: "ep-open-data" as const,
    fetchedAt,
  }));
  const ex = (c: string) => sql.raw(`excluded.${c}`);
  const changed = sql`(${q.title}, ${q.addressee}, ${q.addresseeCodes}, ${q.tabledOn}, ${q.answeredOn}, ${q.answerDocumentId}, ${q.reference})
    is distinct from (coalesce(${ex("title")}, ${q.title}), coalesce(${ex("addressee")}, ${q.addressee}), ${ex("addressee_codes")},
      coalesce(${ex("tabled_on")}, ${q.tabledOn}), coalesce(${ex("answered_on")}, ${q.answeredOn}),
      coalesce(${ex("answer_document_id")}, ${q.answerDocumentId}), ${ex("reference")})`;
  const written = await tx
    .insert(q)
    .values(values)
    .onConflictDoUpdate({
      target: [q.type, q.term, q.year, q.number],
      set: {
        reference: sql`excluded.reference`,
        title: sql`coalesce(excluded.title, ${q.title})`,
        addressee: sql`coalesce(excluded.addressee, ${q.addressee})`,
        addresseeCodes: sql`excluded.addressee_codes`,
        tabledOn: sql`coalesce(excluded.tabled_on, ${q.tabledOn})`,
        answeredOn: sql`coalesce(excluded.answered_on, ${q.answeredOn})`,
        answerDocumentId: sql`coalesce(excluded.answer_document_id, ${q.answerDocumentId})`,
        fetchedAt: sql`excluded.fetched_at`,
        updatedAt: sql`now()`,
      },
      setWhere: changed,
    })
    .returning({ id: q.id, inserted: sql<boolean>`(xmax = 0)` });
  const added = written.filter((w) => w.inserted).length;
  const updated = written.length - added;

  // Authors of every record in the batch (also of unchanged ones: the directory may know them now).
  const docIds = batch.map((e) => e.documentId);
  const idRows = await tx.select({ id: q.id, documentId: q.documentId }).from(q).where(inArray(q.documentId, docIds));
  const idOf = new Map(idRows.map((r) => [r.documentId!, r.id]));
  const personIds = [
    ...new Set(batch.flatMap((e) => e.authors.flatMap((a) => ("epPersonId" in a ? [a.epPersonId] : [])))),
  ];
  const mepRows = personIds.length
    ? await tx.select({ id: meps.id, epId: meps.epId }).from(meps).where(inArray(meps.epId, personIds))
    : [];
  const mepOf = new Map(mepRows.map((m) => [m.epId!, m.id]));
  const persons: Array<typeof questionParticipants.$inferInsert> = [];
  const bodies: Array<typeof questionParticipants.$inferInsert> = [];
  for (const e of batch) {
    const questionId = idOf.get(e.documentId);
    if (!questionId) continue;
    for (const a of e.authors)
      if ("epPersonId" in a)
        persons.push({
          questionId,
          role: "author",
          epPersonId: a.epPersonId,
          mepId: mepOf.get(a.epPersonId) ?? null,
          name: a.name,
        });
      else bodies.push({ questionId, role: "author", bodyCode: a.bodyCode, name: a.name });
  }
  const p = questionParticipants;
  for (let i = 0; i < persons.length; i += 1000)
    await tx
      .insert(p)
      .values(persons.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: [p.questionId, p.role, p.epPersonId],
        set: { mepId: sql`coalesce(excluded.mep_id, ${p.mepId})`, name: sql`coalesce(excluded.name, ${p.name})` },
        setWhere: sql`(${p.mepId}, ${p.name}) is distinct from (coalesce(excluded.mep_id, ${p.mepId}), coalesce(excluded.name, ${p.name}))`,
      });
  if (bodies.length) await tx.insert(p).values(bodies).onConflictDoNothing();
  return { added, updated, unchanged: batch.length - written.length };
}

/** Document ids (of those given) already answered: never fetched again. */
export async function answeredDocumentIds(db: Queryable, docIds: string[]): Promise<Set<string>> {
  if (!docIds.length) return new Set();
  const rows = await db
    .select({ d: parliamentaryQuestions.documentId })
    .from(parliamentaryQuestions)
    .where(
      and(
        inArray(parliamentaryQuestions.documentId, docIds),
        or(isNotNull(parliamentaryQuestions.answeredOn), isNotNull(parliamentaryQuestions.answerDocumentId)),
      ),
    );
  return new Set(rows.map((r) => r.d!));
}

/** Unanswered, fetched within `days`: polled again only after that (the slow schedule). */
export async function recentlyFetchedIds(db: Queryable, docIds: string[], days: number): Promise<Set<string>> {
  if (!docIds.length) return new Set();
  const rows = await db
    .select({ d: parliamentaryQuestions.documentId })
    .from(parliamentaryQuestions)
    .where(
      and(
        inArray(parliamentaryQuestions.documentId, docIds),
        sql`${parliamentaryQuestions.fetchedAt} > now() - make_interval(days => ${days})`,
      ),
    );
  return new Set(rows.map((r) => r.d!));
}

export async function createImportRun(
  tx: Queryable,
  input: { source: "file" | "live"; fileName: string | null; content: string | null; startedBy: string | null },
) {
  const [r] = await tx.insert(questionImports).values(input).returning();
  return r;
}

export async function getImportRun(db: Queryable, id: string) {
  const [r] = await db.select().from(questionImports).where(eq(questionImports.id, id));
  return r ?? null;
}

export async function listImportRuns(db: Queryable, limit = 10) {
  return db
    .select({
      id: questionImports.id,
      source: questionImports.source,
      fileName: questionImports.fileName,
      status: questionImports.status,
      total: questionImports.total,
      processed: questionImports.processed,
      added: questionImports.added,
      updated: questionImports.updated,
      unchanged: questionImports.unchanged,
      skipped: questionImports.skipped,
      problems: questionImports.problems,
      unknownAddressees: questionImports.unknownAddressees,
      error: questionImports.error,
      createdAt: questionImports.createdAt,
      finishedAt: questionImports.finishedAt,
    })
    .from(questionImports)
    .orderBy(desc(questionImports.createdAt))
    .limit(limit);
}

export async function updateImportRun(db: Queryable, id: string, patch: Partial<typeof questionImports.$inferInsert>) {
  await db.update(questionImports).set(patch).where(eq(questionImports.id, id));
}

/** Adds to the counters (a batch done) without reading the row first. */
export async function addImportProgress(db: Queryable, id: string, c: SaveCounts & { processed: number }) {
  const t = questionImports;
  await db
    .update(t)
    .set({
      processed: sql`${t.processed} + ${c.processed}`,
      added: sql`${t.added} + ${c.added}`,
      updated: sql`${t.updated} + ${c.updated}`,
      unchanged: sql`${t.unchanged} + ${c.unchanged}`,
    })
    .where(eq(t.id, id));
}

/** Rows of a raw query, whichever driver. */
export async function countQuestions(db: Queryable): Promise<number> {
  const r = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from parliamentary_questions`));
  return r[0]?.n ?? 0;
}

// ---------------------------------------------------------------- alerts and the slow re-poll

export type RegisterClockRow = {
  officeId: string;
  questionId: string;
  reference: string;
  title: string | null;
  type: string;
  term: number;
  tabledOn: string | null;
  forwardedOn: string | null;
};

/**
 * Unanswered written questions (E, P) of every office's register (or one office's) whose clock started
 * before `startedBefore`: the candidates for an overdue alert. One row per office and question; the
 * clock itself is computed in app/domain/question-clock.ts.
 */
export async function listOpenRegisterClocks(
  db: Queryable,
  {
    startedBefore,
    officeId = null,
    questionId = null,
  }: {
    startedBefore: string;
    officeId?: string | null;
    questionId?: string | null;
  },
): Promise<RegisterClockRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with reg as (
        select f.office_id, f.question_id from question_follows f
        union select k.office_id, k.question_id from question_links k
        union select o.id, p.question_id from question_participants p join offices o on o.mep_id = p.mep_id
      )
      select reg.office_id, q.id, q.reference, q.title, q.type, q.term, q.tabled_on::text as tabled_on,
        q.forwarded_on::text as forwarded_on
      from reg join parliamentary_questions q on q.id = reg.question_id
      where q.type in ('E', 'P') and q.answered_on is null and q.answer_document_id is null
        and coalesce(q.forwarded_on, q.tabled_on) < ${startedBefore}::date
        and (${officeId}::uuid is null or reg.office_id = ${officeId}::uuid)
        and (${questionId}::uuid is null or q.id = ${questionId}::uuid)
      order by reg.office_id, q.id`),
  );
  return rows.map((r) => ({
    officeId: String(r.office_id),
    questionId: String(r.id),
    reference: String(r.reference),
    title: (r.title as string | null) ?? null,
    type: String(r.type),
    term: Number(r.term),
    tabledOn: (r.tabled_on as string | null) ?? null,
    forwardedOn: (r.forwarded_on as string | null) ?? null,
  }));
}

/** A daily job that ran a little earlier than yesterday's still counts as a day later. */
const SLACK_HOURS = 2;

/**
 * Questions not answered yet (imported, or entered in a register) whose last fetch is older than their poll
 * interval: `overdueDays` for those past their deadline (the answer may come any day), `otherDays` otherwise.
 * Answered questions are never returned (cached for good), nor those tabled more than `maxAgeDays` ago.
 * Never fetched first, then the oldest fetch; at most `limit`.
 */
export async function listQuestionsToRepoll(
  db: Queryable,
  opts: {
    now: Date;
    overdueDays: number;
    otherDays: number;
    maxAgeDays: number;
    limit: number;
    weeksE: number;
    weeksP: number;
  },
): Promise<string[]> {
  const now = opts.now.toISOString();
  const rows = rowsOf<{ document_id: string }>(
    await db.execute(sql`
      select q.document_id from parliamentary_questions q
      where q.document_id is not null and q.answered_on is null and q.answer_document_id is null
        and (q.tabled_on is null or q.tabled_on > ${now}::date - ${opts.maxAgeDays}::int)
        and (q.fetched_at is null or q.fetched_at < ${now}::timestamptz - make_interval(hours =>
          (case when q.type in ('E', 'P') and coalesce(q.forwarded_on, q.tabled_on) is not null
            and (coalesce(q.forwarded_on, q.tabled_on)
              + (case q.type when 'P' then ${opts.weeksP}::int else ${opts.weeksE}::int end) * 7) < ${now}::date
          then ${opts.overdueDays}::int else ${opts.otherDays}::int end) * 24 - ${SLACK_HOURS}::int))
      order by q.fetched_at asc nulls first, q.document_id
      limit ${opts.limit}`),
  );
  return rows.map((r) => r.document_id);
}

/** Records that the EP was asked about these questions at `at` (whether or not anything changed). */
export async function markFetched(db: Queryable, docIds: string[], at: Date) {
  if (!docIds.length) return;
  await db
    .update(parliamentaryQuestions)
    .set({ fetchedAt: at })
    .where(inArray(parliamentaryQuestions.documentId, docIds));
}

/**
 * The clock facts of every question in the office's register (authored or supported by the office's Member,
 * followed, or linked to a letter), in one statement: the reply statistics page reads this, so its query count
 * does not grow with the number of questions.
 */
export async function listRegisterClockFacts(db: Queryable, officeId: string) {
  const q = parliamentaryQuestions;
  return db
    .select({
      addressee: q.addressee,
      type: q.type,
      term: q.term,
      tabledOn: q.tabledOn,
      forwardedOn: q.forwardedOn,
      answeredOn: q.answeredOn,
      hasAnswer: sql<boolean>`(${q.answerDocumentId} is not null or ${q.answerText} is not null or ${q.answerUrl} is not null)`,
    })
    .from(q)
    .where(
      // A union of the register's ids, each read through its own index: an OR of EXISTS made PostgreSQL test every
      // one of 60,000 questions (3 s per statistics page on the benchmark dataset).
      sql`${q.id} in (
        select f.question_id from ${questionFollows} f where f.office_id = ${officeId}
        union select l.question_id from ${questionLinks} l where l.office_id = ${officeId}
        union select p.question_id from ${questionParticipants} p join ${offices} o on o.mep_id = p.mep_id
               where o.id = ${officeId})`,
    );
}
