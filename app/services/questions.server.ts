/**
 * Parliamentary questions, the workflows: entering a question in the office's register, following
 * one, recording forwarding and answers, drafting and tabling (with the author's quota), escalating
 * an unanswered letter, and importing EP Open Data (a job, from a saved file or the live API).
 */
import type { Db, Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { enqueue, registerHandler } from "#app/infra/jobs.server";
import { getEnv } from "#app/infra/env.server";
import { logInfo } from "#app/infra/log.server";
import { createEpClient, EpOpenDataError, type EpClient, type EpRecord } from "#app/infra/ep-open-data.server";
import { mapEpQuestion, parseSavedQuestions, type EpQuestion, type RecordProblem } from "#app/domain/ep-questions";
import { questionClock, questionListState, type QuestionClock } from "#app/domain/question-clock";
import { questionQuotaPlan, type QuotaEntry, type QuotaPlan } from "#app/domain/question-quota";
import { annexIIIWarnings, citedReply, letterCallsForQuestion } from "#app/domain/question-drafting";
import {
  formatQuestionReference,
  parseQuestionReferenceStrict,
  type QuestionType,
} from "#app/domain/question-reference";
import { toIsoDate } from "#app/domain/reply-clock";
import * as m from "#app/models/questions.server";
import { getLetter, listAddressees } from "#app/models/letters.server";
import { listMeps } from "#app/models/meps.server";
import { linkQuestion, listReplies } from "#app/models/tracking.server";
import { fullName } from "#app/domain/names";

type Actor = { userId: string; officeId: string };

export function clockOf(q: m.Question, today: Date | string): QuestionClock {
  return questionClock({
    type: q.type,
    term: q.term,
    tabledOn: q.tabledOn,
    forwardedOn: q.forwardedOn,
    answeredOn: q.answeredOn,
    hasAnswer: Boolean(q.answerDocumentId),
    today,
  });
}

function personName(p: Awaited<ReturnType<typeof m.listParticipants>>[number]) {
  if (p.givenName) return fullName(p);
  return p.name ?? (p.bodyCode ? p.bodyCode.replace(/^.*\//, "") : p.epPersonId ? `person/${p.epPersonId}` : "?");
}

// ---------------------------------------------------------------- the register

export async function registerView(db: Db, officeId: string, today: Date | string = new Date()) {
  const mepId = await m.getOfficeMepId(db, officeId);
  const rows = await m.listRegister(db, { officeId, mepId });
  const people = await m.listParticipants(
    db,
    rows.map((r) => r.id),
  );
  const byQ = new Map<string, Array<{ role: string; name: string; mepId: number | null }>>();
  for (const p of people) {
    const list = byQ.get(p.questionId) ?? [];
    list.push({ role: p.role, name: personName(p), mepId: p.mepId });
    byQ.set(p.questionId, list);
  }
  // Groups and committees that authored a question here, each once, by its code.
  const bodies = new Map<string, string>();
  for (const p of people)
    if (p.bodyCode && p.role === "author" && !bodies.has(p.bodyCode)) bodies.set(p.bodyCode, personName(p));
  return {
    mepId,
    authorBodies: [...bodies].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name)),
    questions: rows.map((q) => {
      const clock = clockOf(q, today);
      return {
        id: q.id,
        type: q.type,
        number: q.number,
        year: q.year,
        term: q.term,
        reference: q.reference,
        title: q.title,
        addressee: q.addressee,
        tabledOn: q.tabledOn,
        answeredOn: q.answeredOn,
        followed: q.followed,
        roles: q.roles,
        participants: byQ.get(q.id) ?? [],
        clock,
        state: questionListState(clock),
      };
    }),
  };
}

export async function questionDetail(db: Db, { id, officeId }: { id: string; officeId: string }, today = new Date()) {
  const mepId = await m.getOfficeMepId(db, officeId);
  const q = await m.getRegisterQuestion(db, { id, officeId, mepId });
  if (!q) return null;
  const [people, letters] = await Promise.all([
    m.listParticipants(db, [q.id]),
    m.listQuestionLetters(db, { questionId: q.id, officeId }),
  ]);
  return {
    question: q,
    clock: clockOf(q, today),
    participants: people.map((p) => ({ role: p.role, name: personName(p), mepId: p.mepId, group: p.politicalGroup })),
    letters,
  };
}

export type RegisterInput = {
  reference: string;
  term?: number;
  title: string | null;
  addressee: string | null;
  tabledOn: string | null;
  forwardedOn: string | null;
  /** What the office's Member did: attached as author or supporter. */
  ourRole: "author" | "supporter" | "none";
};

export type RegisterResult =
  | { ok: true; questionId: string; created: boolean }
  | { ok: false; fieldErrors: Record<string, string>; suggestion?: string; terms?: number[] };

/** Enters a question in the office's register (strict reference rules) and follows it. */
export async function addToRegister(
  db: Db,
  actor: Actor,
  input: RegisterInput,
  today = new Date(),
): Promise<RegisterResult> {
  const parsed = parseQuestionReferenceStrict(input.reference, {
    today,
    term: input.term,
    date: input.term === undefined && input.tabledOn ? input.tabledOn : undefined,
  });
  if (!parsed.ok)
    return {
      ok: false,
      fieldErrors: { [parsed.terms ? "term" : "reference"]: parsed.error },
      suggestion: parsed.suggestion,
      terms: parsed.terms,
    };
  const ref = parsed.value;
  if (input.tabledOn && Number(input.tabledOn.slice(0, 4)) !== ref.year)
    return { ok: false, fieldErrors: { tabledOn: "question.error.dateYearMismatch" } };
  if (input.tabledOn && input.tabledOn > toIsoDate(today))
    return { ok: false, fieldErrors: { tabledOn: "question.error.futureDate" } };
  return db.transaction(async (tx) => {
    const { question, created } = await m.ensureQuestion(tx, {
      ...ref,
      reference: formatQuestionReference(ref),
      title: input.title,
      addressee: input.addressee,
      tabledOn: input.tabledOn,
      forwardedOn: input.forwardedOn,
    });
    if (!created) await m.fillQuestionFacts(tx, question.id, input);
    const mepId = await m.getOfficeMepId(tx, actor.officeId);
    if (mepId && input.ourRole !== "none") await m.addParticipants(tx, question.id, [{ mepId, role: input.ourRole }]);
    await m.setFollow(tx, actor, question.id, true);
    await audit(tx, {
      officeId: actor.officeId,
      actorUserId: actor.userId,
      action: "question.registered",
      data: { reference: question.reference, documentId: question.documentId },
    });
    return { ok: true as const, questionId: question.id, created };
  });
}

async function requireInRegister(tx: Queryable, actor: Actor, id: string) {
  const mepId = await m.getOfficeMepId(tx, actor.officeId);
  return m.getRegisterQuestion(tx, { id, officeId: actor.officeId, mepId });
}

export async function setFollowing(db: Db, actor: Actor, id: string, follow: boolean) {
  return db.transaction(async (tx) => {
    const q = await requireInRegister(tx, actor, id);
    if (!q) return { ok: false as const };
    await m.setFollow(tx, actor, id, follow);
    return { ok: true as const };
  });
}

export async function updateQuestionDates(
  db: Db,
  actor: Actor,
  id: string,
  input: { forwardedOn: string | null; answeredOn: string | null; answerText: string | null; answerUrl: string | null },
) {
  return db.transaction(async (tx) => {
    const q = await requireInRegister(tx, actor, id);
    if (!q) return { ok: false as const, error: "not-found" as const };
    if (input.forwardedOn && q.tabledOn && input.forwardedOn < q.tabledOn)
      return { ok: false as const, error: "question.error.forwardedBeforeTabled" as const };
    if (input.answeredOn && q.tabledOn && input.answeredOn < q.tabledOn)
      return { ok: false as const, error: "question.error.answeredBeforeTabled" as const };
    await m.setForwarded(tx, id, input.forwardedOn);
    if (input.answeredOn) await m.recordAnswer(tx, id, { ...input, answeredOn: input.answeredOn });
    await audit(tx, {
      officeId: actor.officeId,
      actorUserId: actor.userId,
      action: "question.updated",
      data: { reference: q.reference, forwardedOn: input.forwardedOn, answeredOn: input.answeredOn },
    });
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------- quota

/** The quota planner of a Member: register and imported questions (one row per question) plus tabled drafts. */
export async function quotaPlanFor(
  db: Queryable,
  mepId: number,
  today: Date | string = new Date(),
): Promise<QuotaPlan> {
  const rows = await m.quotaEntriesFor(db, mepId);
  const entries: QuotaEntry[] = rows.map((r) => ({
    key: r.key ?? "",
    type: r.type,
    tabledOn: r.tabledOn,
    role: r.role,
  }));
  return questionQuotaPlan(entries, today);
}

/**
 * The quota of every political group or committee that authored a question in the office's register (the Annex III
 * limits apply to them as authors too), from the same register rows and imported EP data, in two queries.
 */
export async function bodyQuotaPlans(
  db: Queryable,
  bodies: ReadonlyArray<{ code: string; name: string }>,
  today: Date | string = new Date(),
): Promise<Array<{ code: string; name: string; plan: QuotaPlan }>> {
  const rows = await m.bodyQuotaEntries(
    db,
    bodies.map((b) => b.code),
  );
  return bodies.map((b) => ({
    ...b,
    plan: questionQuotaPlan(
      rows
        .filter((r) => r.bodyCode === b.code)
        .map((r) => ({ key: r.key ?? "", type: r.type, tabledOn: r.tabledOn, role: r.role })),
      today,
    ),
  }));
}

// ---------------------------------------------------------------- drafting and tabling

/** Everything the draft page shows: the draft, its Annex III warnings and the quota of the Member tabling it. */
export async function draftView(db: Db, { id, officeId }: { id: string; officeId: string }) {
  const draft = await m.getDraft(db, { id, officeId });
  if (!draft) return null;
  const [quota, letter] = await Promise.all([
    draft.authorMepId ? quotaPlanFor(db, draft.authorMepId) : null,
    draft.letterId ? getLetter(db, { id: draft.letterId, officeId }) : null,
  ]);
  return {
    draft,
    warnings: annexIIIWarnings(draft),
    quota,
    letter: letter ? { id: letter.id, subject: letter.subject } : null,
  };
}

/** Directory Members who can table a question (active), for the author choice. */
export async function authorChoices(db: Db, officeId: string) {
  const [all, officeMepId] = await Promise.all([listMeps(db), m.getOfficeMepId(db, officeId)]);
  return {
    officeMepId,
    members: all.map((x) => ({
      id: x.id,
      name: `${x.familyName.toUpperCase()} ${x.givenName}`,
      group: x.politicalGroup,
    })),
  };
}

/** What "draft a question about this" starts from: the letter's subject, addressee, reference and date. */
export async function draftPrefillFromLetter(
  db: Db,
  { letterId, officeId }: { letterId: string; officeId: string },
  now = new Date(),
) {
  const letter = await getLetter(db, { id: letterId, officeId });
  if (!letter || letter.status !== "sent" || !letter.sentAt) return null;
  const [addressees, replies] = await Promise.all([
    listAddressees(db, { letterId, officeId }),
    listReplies(db, { letterId, officeId }),
  ]);
  const to = addressees.filter((a) => a.kind === "to");
  const institutions = to.map((a) => `${a.institution ?? ""} ${a.role ?? ""}`.toLowerCase());
  const addressee = institutions.some((i) => i.includes("council") && !i.includes("european council"))
    ? "council"
    : institutions.some((i) => i.includes("high representative"))
      ? "vp-hr"
      : "commission";
  return {
    letterId,
    overdue: letterCallsForQuestion(letter.sentAt, replies, now),
    subject: letter.subject,
    addressee,
    addresseeNames: to.map((a) => a.name).join(", "),
    sentOn: toIsoDate(letter.sentAt),
    ourReference: letter.ourReference,
    replied: replies.some((r) => r.kind === "substantive"),
  };
}

/** `db` may be a transaction (the new-draft form claims its form key in one): the save then runs in a savepoint. */
export async function saveDraft(db: Queryable, actor: Actor, id: string | null, input: m.DraftInput) {
  return db.transaction(async (tx) => {
    if (input.letterId) {
      const letter = await getLetter(tx, { id: input.letterId, officeId: actor.officeId });
      if (!letter) return { ok: false as const, error: "not-found" as const };
    }
    const draft = id
      ? await m.updateDraft(tx, { id, officeId: actor.officeId }, input)
      : await m.createDraft(tx, actor, input);
    if (!draft) return { ok: false as const, error: "not-found" as const };
    return { ok: true as const, draft };
  });
}

export type TableResult =
  | { ok: true; questionId: string }
  | { ok: false; fieldErrors: Record<string, string>; suggestion?: string; terms?: number[] };

/**
 * Marks a draft as tabled under the reference the EP gave it: the public record is created (or
 * completed), the author and supporters attached, the office follows it, and when the draft came
 * from a letter the question is linked to that letter, its campaign and the reply it cites (the letter's
 * timeline and the campaign's ladder show the step).
 */
export async function tableDraft(
  db: Db,
  actor: Actor,
  draftId: string,
  input: { reference: string; tabledOn: string; term?: number },
  today = new Date(),
): Promise<TableResult> {
  const parsed = parseQuestionReferenceStrict(input.reference, {
    today,
    term: input.term,
    date: input.term === undefined ? input.tabledOn : undefined,
  });
  if (!parsed.ok)
    return {
      ok: false,
      fieldErrors: { [parsed.terms ? "term" : "reference"]: parsed.error },
      suggestion: parsed.suggestion,
      terms: parsed.terms,
    };
  if (input.tabledOn > toIsoDate(today)) return { ok: false, fieldErrors: { tabledOn: "question.error.futureDate" } };
  const ref = parsed.value;
  return db.transaction(async (tx): Promise<TableResult> => {
    const draft = await m.lockDraft(tx, { id: draftId, officeId: actor.officeId });
    if (!draft) return { ok: false as const, fieldErrors: { form: "error.notFound.title" } };
    if (draft.status === "tabled") return { ok: true as const, questionId: draft.questionId! };
    if (ref.type !== draft.type)
      return { ok: false as const, fieldErrors: { reference: "question.error.typeMismatch" } };
    const reference = formatQuestionReference(ref);
    const facts = {
      title: draft.title,
      body: draft.body || null,
      addressee: draft.addressee,
      tabledOn: input.tabledOn,
      forwardedOn: null,
    };
    const { question, created } = await m.ensureQuestion(tx, { ...ref, reference, ...facts });
    if (!created) await m.fillQuestionFacts(tx, question.id, facts);
    await m.addParticipants(tx, question.id, [
      ...(draft.authorMepId ? [{ mepId: draft.authorMepId, role: "author" as const }] : []),
      ...draft.supporterMepIds.map((mepId) => ({ mepId, role: "supporter" as const })),
    ]);
    await m.setFollow(tx, actor, question.id, true);
    await m.markDraftTabled(tx, draft.id, question.id);
    // Linked to the letter (and so to its campaign), and to the letter's reply the question cites, if any.
    if (draft.letterId) {
      const replies = await listReplies(tx, { letterId: draft.letterId, officeId: actor.officeId });
      await linkQuestion(tx, actor, {
        letterId: draft.letterId,
        question: { type: ref.type, number: ref.number, year: ref.year, term: ref.term, reference, title: draft.title },
        replyId: citedReply(`${draft.title}\n${draft.body}`, replies)?.id ?? null,
        note: null,
      });
    }
    await audit(tx, {
      officeId: actor.officeId,
      actorUserId: actor.userId,
      action: "question.tabled",
      data: { reference, draftId: draft.id, letterId: draft.letterId },
    });
    return { ok: true as const, questionId: question.id };
  });
}

// ---------------------------------------------------------------- import

export const QUESTION_IMPORT_QUEUE = "questions.import";
/** Records saved per transaction: each batch is all-or-nothing. */
export const IMPORT_BATCH = 500;
/** Unanswered questions fetched within this many days are not asked for again (the slow schedule). */
export const UNANSWERED_POLL_DAYS = 7;

export type ImportSummary = m.SaveCounts & {
  read: number;
  skipped: number;
  problems: RecordProblem[];
  unknownAddressees: string[];
  listedOnly: number;
};

async function saveInBatches(
  db: Db,
  items: Array<{ line: number; record?: number; question: EpQuestion }>,
  onBatch: (c: m.SaveCounts & { processed: number }) => Promise<void>,
) {
  const totals = { added: 0, updated: 0, unchanged: 0 };
  const problems: RecordProblem[] = [];
  for (let i = 0; i < items.length; i += IMPORT_BATCH) {
    const slice = items.slice(i, i + IMPORT_BATCH);
    let c: m.SaveCounts;
    try {
      c = await db.transaction((tx) =>
        m.saveEpQuestions(
          tx,
          slice.map((s) => s.question),
        ),
      );
    } catch (e) {
      // A batch the database refuses is retried record by record, so one bad row costs only itself.
      c = { added: 0, updated: 0, unchanged: 0 };
      for (const s of slice) {
        try {
          const one = await db.transaction((tx) => m.saveEpQuestions(tx, [s.question]));
          c.added += one.added;
          c.updated += one.updated;
          c.unchanged += one.unchanged;
        } catch (err) {
          problems.push({
            line: s.line,
            record: s.record,
            message: `not saved: ${(err as Error).message.slice(0, 120)}`,
          });
        }
      }
      logInfo("question import: batch refused, saved one by one", { error: (e as Error).message });
    }
    totals.added += c.added;
    totals.updated += c.updated;
    totals.unchanged += c.unchanged;
    await onBatch({ ...c, processed: slice.length });
  }
  return { totals, problems };
}

const unknownCodesOf = (qs: EpQuestion[]) => [...new Set(qs.flatMap((q) => q.unknownAddresseeCodes))].sort();

/** Imports a saved file of EP Open Data responses; `importId` receives progress as batches land. */
export async function importQuestionsFromText(
  db: Db,
  text: string,
  importId: string | null = null,
): Promise<ImportSummary> {
  const file = parseSavedQuestions(text);
  if (importId) await m.updateImportRun(db, importId, { total: file.questions.length });
  const { totals, problems } = await saveInBatches(db, file.questions, async (c) => {
    if (importId) await m.addImportProgress(db, importId, c);
  });
  const all = [...file.problems, ...problems];
  return {
    ...totals,
    read: file.records,
    skipped: all.length,
    problems: all,
    unknownAddressees: unknownCodesOf(file.questions.map((q) => q.question)),
    listedOnly: file.listedOnly.length,
  };
}

const idOfRecord = (r: EpRecord) =>
  typeof r.identifier === "string" ? r.identifier : typeof r.id === "string" ? (r.id.split("/").pop() ?? null) : null;

/**
 * Imports from the live API: lists the years asked, fetches details (50 ids a call) only for questions
 * not answered yet and not fetched in the last UNANSWERED_POLL_DAYS, and saves them in batches.
 */
export async function importQuestionsLive(
  db: Db,
  client: EpClient,
  opts: { years: number[]; importId?: string | null; language?: string },
): Promise<ImportSummary> {
  const totals = { added: 0, updated: 0, unchanged: 0 };
  const problems: RecordProblem[] = [];
  const unknown = new Set<string>();
  let read = 0;
  let position = 0;
  for (const year of opts.years) {
    for await (const page of client.pages("/parliamentary-questions", { year })) {
      const ids = page.records.map(idOfRecord).filter((x): x is string => Boolean(x));
      const answered = await m.answeredDocumentIds(db, ids);
      const recent = await m.recentlyFetchedIds(db, ids, UNANSWERED_POLL_DAYS);
      const wanted = ids.filter((id) => !answered.has(id) && !recent.has(id));
      const firstLine = position + 1;
      position += page.records.length;
      if (opts.importId) await m.updateImportRun(db, opts.importId, { total: position });
      if (!wanted.length) {
        if (opts.importId)
          await m.addImportProgress(db, opts.importId, {
            processed: ids.length,
            added: 0,
            updated: 0,
            unchanged: ids.length,
          });
        totals.unchanged += ids.length;
        continue;
      }
      const { records, missing } = await client.details(
        "/parliamentary-questions",
        wanted,
        { language: opts.language ?? "en" },
        { idOf: idOfRecord },
      );
      const items: Array<{ line: number; question: EpQuestion }> = [];
      for (const r of records) {
        read++;
        const line = firstLine + ids.indexOf(idOfRecord(r) ?? "");
        const mapped = mapEpQuestion(r, { language: opts.language });
        if (!mapped.ok) problems.push({ line, message: `${idOfRecord(r) ?? "?"}: ${mapped.error}` });
        else {
          items.push({ line, question: mapped.value });
          for (const c of mapped.value.unknownAddresseeCodes) unknown.add(c);
        }
      }
      for (const id of missing)
        problems.push({ line: firstLine + ids.indexOf(id), message: `${id}: no detail record` });
      const saved = await saveInBatches(db, items, async (c) => {
        if (opts.importId) await m.addImportProgress(db, opts.importId, c);
      });
      problems.push(...saved.problems);
      totals.added += saved.totals.added;
      totals.updated += saved.totals.updated;
      totals.unchanged += saved.totals.unchanged + answered.size + recent.size;
    }
  }
  return { ...totals, read, skipped: problems.length, problems, unknownAddressees: [...unknown].sort(), listedOnly: 0 };
}

/** Creates an import run and its job in one transaction. */
export async function startQuestionImport(
  db: Db,
  input: {
    source: "file" | "live";
    fileName: string | null;
    content: string | null;
    userId: string | null;
    years?: number[];
  },
) {
  return db.transaction(async (tx) => {
    const run = await m.createImportRun(tx, {
      source: input.source,
      fileName: input.fileName,
      content: input.content,
      startedBy: input.userId,
    });
    await enqueue(tx, QUESTION_IMPORT_QUEUE, { importId: run.id, years: input.years ?? null }, { maxAttempts: 3 });
    await audit(tx, {
      officeId: null,
      actorUserId: input.userId,
      action: "questions.import.started",
      data: { importId: run.id, source: input.source, fileName: input.fileName },
    });
    return run;
  });
}

export function liveClient(): EpClient | null {
  const url = getEnv().EP_OPEN_DATA_URL;
  return url ? createEpClient({ baseUrl: url }) : null;
}

/** Years a live import lists when none are given: this one and the last. */
export function defaultYears(today = new Date()) {
  const y = Number(toIsoDate(today).slice(0, 4));
  return [y - 1, y];
}

/** The job: runs one import and records its outcome on the run (problems capped at 500 for the page). */
export async function runQuestionImport(
  db: Db,
  importId: string,
  opts: { client?: EpClient | null; years?: number[] | null } = {},
) {
  const run = await m.getImportRun(db, importId);
  if (!run || run.status === "done") return;
  await m.updateImportRun(db, importId, { status: "running", processed: 0, added: 0, updated: 0, unchanged: 0 });
  try {
    let s: ImportSummary;
    if (run.source === "file") s = await importQuestionsFromText(db, run.content ?? "", importId);
    else {
      const client = opts.client ?? liveClient();
      if (!client) throw new EpOpenDataError("EP_OPEN_DATA_URL is not set", null);
      s = await importQuestionsLive(db, client, { years: opts.years ?? defaultYears(), importId });
    }
    await m.updateImportRun(db, importId, {
      status: "done",
      added: s.added,
      updated: s.updated,
      unchanged: s.unchanged,
      skipped: s.skipped,
      problems: s.problems.slice(0, 500),
      unknownAddressees: s.unknownAddressees,
      content: null,
      finishedAt: new Date(),
    });
  } catch (e) {
    await m.updateImportRun(db, importId, {
      status: "failed",
      error: (e as Error).message.slice(0, 500),
      finishedAt: new Date(),
    });
    throw e;
  }
}

export function registerQuestionJobHandlers() {
  registerHandler(QUESTION_IMPORT_QUEUE, async (payload: { importId: string; years?: number[] | null }, { db }) => {
    await runQuestionImport(db, payload.importId, { years: payload.years });
  });
}

export const importRuns = (db: Db) => m.listImportRuns(db);
export const importRun = (db: Db, id: string) => m.getImportRun(db, id);
export type { QuestionType };
