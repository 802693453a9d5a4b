/**
 * The reply register's workflows: logging and correcting replies (with their file), the clocks, the
 * per-addressee states, and the reply emails (overdue alerts, "did they reply?", the weekly digest)
 * sent by an idempotent scheduler.
 *
 * Alerts are sent once each: the scheduler (`reply.scan`, every hour, and again whenever the clock
 * is moved) enqueues one `reply.alert` job per (addressee, clock, event) under a dedupe key that
 * stays taken, and the job queues its emails under an idempotency key derived from it. Running the
 * scheduler twice, or a job twice after a crash, sends nothing twice.
 */
import { stringify } from "csv-stringify/sync";
import type { Db, Queryable } from "#db/client.server";
import type { ReplyKind } from "#db/schema";
import { audit } from "#app/infra/audit.server";
import { randomToken, sha256Hex } from "#app/infra/crypto.server";
import { enqueue, registerHandler } from "#app/infra/jobs.server";
import { getEnv, isProduction } from "#app/infra/env.server";
import { extractDocumentText } from "#app/infra/document-text.server";
import { sendReplyAlertEmail, sendReplyDigestEmail, sendReplyNudgeEmail } from "#app/services/notifications.server";
import { getLetter, lockLetter } from "#app/models/letters.server";
import { getOffice } from "#app/models/offices.server";
import { once, type FormClaim } from "#app/models/form-submissions.server";
import {
  answerEmailToken,
  getEmailToken,
  getOfficeClock,
  getReply,
  getReplyFileContent,
  getReplyFileText,
  getTestClockOffsetMs,
  insertEmailToken,
  insertReply,
  insertReplyFile,
  insertReplyRevision,
  isMember,
  letterAddresseeIds,
  listAlertRecipients,
  listDigestSubscribers,
  listExpectations,
  searchTextOf,
  setEmailPref,
  setNotExpected,
  setReplyAddressees,
  setTestClockOffsetMs,
  updateLetterClock,
  updateOfficeClock,
  updateReplyRow,
  type ExpectationRow,
  type ReplyFields,
  type ReplyFileInput,
} from "#app/models/replies.server";
import { readReplyFile, storeReplyFile } from "#app/infra/reply-file-store.server";
import { logError } from "#app/infra/log.server";
import {
  addDays,
  addresseeStatus,
  effectiveClock,
  explainDue,
  latenessScore,
  replyAlertEvents,
  toIsoDate,
  type AddresseeStatus,
  type IsoDate,
  type OfficeClock,
  type ReplyAlertEvent,
} from "#app/domain/reply-clock";
import { replyStatistics, type StatRow } from "#app/domain/reply-statistics";
import { questionStatistics, type QuestionStatRow } from "#app/domain/question-statistics";
import { listRegisterClockFacts } from "#app/models/questions.server";
import { CorrectionReasonSchema, REPLY_FILE_MAX_BYTES, replyFormSchema } from "#app/domain/reply-forms";
import { translate } from "#app/i18n";
import { scanQuestionClocks } from "./question-alerts.server";

type Actor = { userId: string; officeId: string };

export const REPLY_SCAN_QUEUE = "reply.scan";
export const REPLY_ALERT_QUEUE = "reply.alert";
export const REPLY_DIGEST_QUEUE = "reply.digest";
const SCAN_EVERY_MS = 60 * 60 * 1000;

/** Reply email kinds a user can turn off (digest: on only when asked for). */
export const REPLY_EMAIL_KINDS = ["overdue", "very-overdue", "nudge", "digest", "question-overdue"] as const;
export type ReplyEmailKind = (typeof REPLY_EMAIL_KINDS)[number];
const DEFAULT_ON: Record<ReplyEmailKind, boolean> = {
  overdue: true,
  "very-overdue": true,
  nudge: true,
  digest: false,
  // Overdue parliamentary questions of the register (app/services/question-alerts.server.ts).
  "question-overdue": true,
};

// ---------------------------------------------------------------- the clock the register runs on

/** Now, moved forward by the test clock outside production (browser tests advance it; never sleep). */
export async function replyNow(db: Queryable): Promise<Date> {
  const offset = testClockAllowed() ? await getTestClockOffsetMs(db) : 0;
  return new Date(Date.now() + offset);
}

export function testClockAllowed() {
  return !isProduction() || getEnv().ALLOW_TEST_CLOCK === "true";
}

/** Moves the test clock forward (or back to the real time with `reset`) and runs the scheduler at the new time. */
export async function advanceTestClock(db: Db, days: number, reset = false) {
  if (!testClockAllowed()) return { ok: false as const };
  const offset = reset ? 0 : (await getTestClockOffsetMs(db)) + Math.round(days * 86_400_000);
  await setTestClockOffsetMs(db, Math.max(0, offset));
  const now = await replyNow(db);
  const queued = await scanReplyClocks(db, { now });
  return { ok: true as const, now, queued };
}

// ---------------------------------------------------------------- logging and correcting

export type UploadedFile = { filename: string; bytes: Uint8Array };
export type ReplyFormResult =
  { ok: true; replyId: string } | { ok: false; status: 400 | 404 | 409 | 413; fieldErrors: Record<string, string> };

type PreparedFile = ReplyFileInput;

async function prepareFile(
  file: UploadedFile | null,
): Promise<
  { ok: true; file: PreparedFile | null } | { ok: false; status: 400 | 413; fieldErrors: Record<string, string> }
> {
  if (!file || file.bytes.length === 0) return { ok: true, file: null };
  if (file.bytes.length > REPLY_FILE_MAX_BYTES)
    return { ok: false, status: 413, fieldErrors: { file: "replies.file.tooLarge" } };
  const extracted = await extractDocumentText(file.bytes);
  if (!extracted.ok)
    return {
      ok: false,
      status: 400,
      fieldErrors: { file: extracted.error === "type" ? "replies.file.type" : "replies.file.unreadable" },
    };
  const content = Buffer.from(file.bytes);
  const base = file.filename.replace(/[\u0000-\u001f\u007f/\\]/g, "").slice(-120) || `reply.${extracted.kind}`;
  const sha256 = sha256Hex(content);
  // Written before the transaction (REPLY_FILES_DIR): content-addressed, so a failed transaction leaves a harmless file.
  const location = await storeReplyFile(content, sha256);
  return {
    ok: true,
    file: {
      filename: base,
      contentType: extracted.contentType,
      byteSize: content.length,
      sha256,
      extractedText: extracted.text,
      ...location,
    },
  };
}

function parseForm(raw: unknown, today: IsoDate) {
  const parsed = replyFormSchema(today).safeParse(raw);
  if (parsed.success) return { ok: true as const, values: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "form");
    fieldErrors[key] ??= issue.message;
  }
  return { ok: false as const, fieldErrors };
}

function fieldsOf(v: ReturnType<typeof replyFormSchema>["_output"]): ReplyFields {
  return {
    receivedOn: v.receivedOn,
    senderName: v.senderName,
    senderRole: v.senderRole,
    onBehalfOf: v.onBehalfOf,
    theirReference: v.theirReference,
    theirReferenceDate: v.theirReferenceDate,
    theirRegistration: v.theirRegistration,
    ourRegistration: v.ourRegistration,
    kind: v.kind as ReplyKind,
    referredToName: v.referredToName,
    referredToRole: v.referredToRole,
    body: v.body,
  };
}

/**
 * Logs a reply to a sent letter for one or more of its addressees, with an optional PDF or .docx
 * (its text extracted for search). Nothing is saved when anything is wrong.
 */
export async function logReply(
  db: Db,
  actor: Actor,
  input: {
    letterId: string;
    form: unknown;
    file: UploadedFile | null;
    now?: Date;
    /** The form's key: sent twice, the reply is logged once (the file is read outside the transaction). */
    claim?: FormClaim | null;
  },
): Promise<ReplyFormResult> {
  const now = input.now ?? (await replyNow(db));
  const parsed = parseForm(input.form, toIsoDate(now));
  if (!parsed.ok) return { ok: false, status: 400, fieldErrors: parsed.fieldErrors };
  const prepared = await prepareFile(input.file);
  if (!prepared.ok) return prepared;
  const v = parsed.values;
  if (!v.body && !prepared.file) return { ok: false, status: 400, fieldErrors: { body: "replies.error.body" } };
  return db.transaction((tx) =>
    once(tx, input.claim ?? null, async (): Promise<ReplyFormResult> => {
      const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
      if (!letter) return { ok: false, status: 404, fieldErrors: { form: "replies.error.notFound" } };
      if (letter.status !== "sent" || !letter.sentAt)
        return { ok: false, status: 409, fieldErrors: { form: "replies.error.notSent" } };
      if (v.receivedOn < toIsoDate(letter.sentAt))
        return { ok: false, status: 400, fieldErrors: { receivedOn: "replies.error.beforeSent" } };
      const ids = await letterAddresseeIds(tx, { letterId: letter.id, officeId: actor.officeId, ids: v.addresseeIds });
      if (ids.length !== new Set(v.addresseeIds).size)
        return { ok: false, status: 400, fieldErrors: { addresseeIds: "replies.error.addressees" } };
      const fields = fieldsOf(v);
      const reply = await insertReply(tx, {
        ...fields,
        letterId: letter.id,
        officeId: actor.officeId,
        createdBy: actor.userId,
        searchText: searchTextOf(fields, prepared.file?.extractedText),
      });
      await setReplyAddressees(tx, {
        replyId: reply.id,
        letterId: letter.id,
        officeId: actor.officeId,
        addresseeIds: ids,
      });
      if (prepared.file)
        await insertReplyFile(tx, {
          ...prepared.file,
          replyId: reply.id,
          officeId: actor.officeId,
          createdBy: actor.userId,
        });
      await audit(tx, {
        officeId: actor.officeId,
        letterId: letter.id,
        actorUserId: actor.userId,
        action: "reply.logged",
        data: {
          replyId: reply.id,
          kind: fields.kind,
          from: fields.senderName,
          receivedOn: fields.receivedOn,
          theirReference: fields.theirReference,
          addresseeIds: ids,
          referredTo: fields.referredToName,
          file: prepared.file ? { name: prepared.file.filename, sha256: prepared.file.sha256 } : null,
        },
      });
      return { ok: true, replyId: reply.id };
    }),
  );
}

const SNAPSHOT_FIELDS = [
  "receivedOn",
  "senderName",
  "senderRole",
  "onBehalfOf",
  "theirReference",
  "theirReferenceDate",
  "theirRegistration",
  "ourRegistration",
  "kind",
  "referredToName",
  "referredToRole",
  "body",
] as const;

/**
 * Corrects a reply: the state before is kept in reply_revisions (which the database refuses to
 * change), the change is audited with the fields it touched, and the revision number goes up.
 * A new file replaces the old one (the old file's hash stays in the snapshot).
 */
export async function correctReply(
  db: Db,
  actor: Actor,
  input: { letterId: string; replyId: string; form: unknown; reason: unknown; file: UploadedFile | null; now?: Date },
): Promise<ReplyFormResult> {
  const now = input.now ?? (await replyNow(db));
  const parsed = parseForm(input.form, toIsoDate(now));
  const reason = CorrectionReasonSchema.safeParse(input.reason);
  if (!parsed.ok || !reason.success)
    return {
      ok: false,
      status: 400,
      fieldErrors: {
        ...(parsed.ok ? {} : parsed.fieldErrors),
        ...(reason.success ? {} : { reason: "replies.error.reason" }),
      },
    };
  const prepared = await prepareFile(input.file);
  if (!prepared.ok) return prepared;
  const v = parsed.values;
  return db.transaction(async (tx): Promise<ReplyFormResult> => {
    const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
    if (!letter) return { ok: false, status: 404, fieldErrors: { form: "replies.error.notFound" } };
    const before = await getReply(tx, {
      replyId: input.replyId,
      letterId: letter.id,
      officeId: actor.officeId,
      forUpdate: true,
    });
    if (!before) return { ok: false, status: 404, fieldErrors: { form: "replies.error.notFound" } };
    if (!v.body && !prepared.file && !before.file)
      return { ok: false, status: 400, fieldErrors: { body: "replies.error.body" } };
    if (letter.sentAt && v.receivedOn < toIsoDate(letter.sentAt))
      return { ok: false, status: 400, fieldErrors: { receivedOn: "replies.error.beforeSent" } };
    const ids = await letterAddresseeIds(tx, { letterId: letter.id, officeId: actor.officeId, ids: v.addresseeIds });
    if (ids.length !== new Set(v.addresseeIds).size)
      return { ok: false, status: 400, fieldErrors: { addresseeIds: "replies.error.addressees" } };
    const fields = fieldsOf(v);
    const changed: string[] = SNAPSHOT_FIELDS.filter(
      (k) => String(before[k] ?? "") !== String((fields as Record<string, unknown>)[k] ?? ""),
    );
    if ([...before.addresseeIds].sort().join() !== [...ids].sort().join()) changed.push("addressees");
    if (prepared.file && prepared.file.sha256 !== before.file?.sha256) changed.push("file");
    if (!changed.length) return { ok: false, status: 400, fieldErrors: { form: "replies.error.unchanged" } };
    const snapshot: Record<string, unknown> = Object.fromEntries(SNAPSHOT_FIELDS.map((k) => [k, before[k] ?? null]));
    snapshot.addresseeIds = before.addresseeIds;
    snapshot.file = before.file ? { filename: before.file.filename, sha256: before.file.sha256 } : null;
    await insertReplyRevision(tx, {
      replyId: before.id,
      officeId: actor.officeId,
      revision: before.revision,
      snapshot,
      reason: reason.data,
      editedBy: actor.userId,
    });
    const fileText =
      prepared.file?.extractedText ??
      (before.file ? await getReplyFileText(tx, { replyId: before.id, officeId: actor.officeId }) : "");
    await updateReplyRow(tx, {
      ...fields,
      replyId: before.id,
      revision: before.revision + 1,
      updatedBy: actor.userId,
      updatedAt: now,
      searchText: searchTextOf(fields, fileText),
    });
    await setReplyAddressees(tx, {
      replyId: before.id,
      letterId: letter.id,
      officeId: actor.officeId,
      addresseeIds: ids,
    });
    if (prepared.file)
      await insertReplyFile(tx, {
        ...prepared.file,
        replyId: before.id,
        officeId: actor.officeId,
        createdBy: actor.userId,
      });
    await audit(tx, {
      officeId: actor.officeId,
      letterId: letter.id,
      actorUserId: actor.userId,
      action: "reply.corrected",
      data: { replyId: before.id, revision: before.revision + 1, changed, reason: reason.data },
    });
    return { ok: true, replyId: before.id };
  });
}

// ---------------------------------------------------------------- clocks and "not expected"

export function setLetterReplyClock(db: Db, actor: Actor, input: { letterId: string; clock: OfficeClock | null }) {
  return db.transaction((tx) => setLetterReplyClockIn(tx, actor, input));
}

async function setLetterReplyClockIn(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; clock: OfficeClock | null },
) {
  const letter = await getLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const };
  await updateLetterClock(tx, { letterId: letter.id, officeId: actor.officeId }, input.clock);
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "reply.clock",
    data: {
      from: {
        dueDays: letter.replyDueDays,
        veryOverdueDays: letter.replyVeryOverdueDays,
        dayKind: letter.replyDayKind,
      },
      to: input.clock,
    },
  });
  return { ok: true as const };
}

export async function setOfficeReplyClock(tx: Queryable, actor: Actor, clock: OfficeClock) {
  const before = await getOfficeClock(tx, { officeId: actor.officeId });
  await updateOfficeClock(tx, { officeId: actor.officeId }, clock);
  await audit(tx, {
    officeId: actor.officeId,
    actorUserId: actor.userId,
    action: "office.reply-clock",
    data: { from: before, to: clock },
  });
}

export function markNotExpected(db: Db, actor: Actor, input: { letterId: string; addresseeId: string; on: boolean }) {
  return db.transaction((tx) => markNotExpectedIn(tx, actor, input));
}

async function markNotExpectedIn(
  tx: Queryable,
  actor: Actor | { officeId: string; userId: null; label: string },
  input: { letterId: string; addresseeId: string; on: boolean },
) {
  const ids = await letterAddresseeIds(tx, {
    letterId: input.letterId,
    officeId: actor.officeId,
    ids: [input.addresseeId],
  });
  if (!ids.length) return { ok: false as const };
  const changed = await setNotExpected(tx, { ...input, officeId: actor.officeId, userId: actor.userId });
  if (changed)
    await audit(tx, {
      officeId: actor.officeId,
      letterId: input.letterId,
      actorUserId: actor.userId,
      actorLabel: "label" in actor ? actor.label : null,
      action: input.on ? "reply.not-expected" : "reply.expected-again",
      data: { addresseeId: input.addresseeId },
    });
  return { ok: true as const, changed };
}

// ---------------------------------------------------------------- states

export type ExpectationStatus = ExpectationRow & {
  status: AddresseeStatus;
  clock: OfficeClock & { overridden: boolean };
};

export function statusesOf(rows: ExpectationRow[], today: IsoDate): ExpectationStatus[] {
  return rows.map((r) => {
    const clock = effectiveClock(r.officeClock, r.letterClock);
    const status = addresseeStatus({
      sentOn: toIsoDate(r.sentAt),
      today,
      clock,
      replies: r.replies,
      notExpected: r.notExpected,
    });
    return { ...r, status, clock };
  });
}

/** The letter's reply matrix: one row per "to" addressee with its derived state. */
export async function letterReplyMatrix(
  db: Queryable,
  { letterId, officeId, now }: { letterId: string; officeId: string; now: Date },
) {
  return statusesOf(await listExpectations(db, { officeId, letterId }), toIsoDate(now));
}

/** The office's cross-letter view: who owes what, since when, latest first. */
export async function officeReplyOverview(db: Queryable, { officeId, now }: { officeId: string; now: Date }) {
  return statusesOf(await listExpectations(db, { officeId }), toIsoDate(now)).sort(
    (a, b) => latenessScore(b.status) - latenessScore(a.status) || a.sentAt.getTime() - b.sentAt.getTime(),
  );
}

// ---------------------------------------------------------------- the scheduler

export type ReplyAlertPayload = {
  letterId: string;
  addresseeId: string;
  officeId: string;
  event: ReplyAlertEvent;
  clockId: string;
  /** When the scheduler found the alert due (the job re-checks the state as of then). */
  asOf: string;
};

export function replyAlertKey(p: Pick<ReplyAlertPayload, "addresseeId" | "event" | "clockId">) {
  return p.event.startsWith("nudge-")
    ? `reply-alert:${p.addresseeId}:${p.event}`
    : `reply-alert:${p.addresseeId}:${p.clockId}:${p.event}`;
}

/** Monday of the ISO week of `d`, as the digest's dedupe key. */
function weekOf(d: IsoDate) {
  const w = new Date(`${d}T00:00:00Z`).getUTCDay();
  return addDays(d, -((w + 6) % 7));
}

/**
 * Looks at every expected reply of every office and enqueues the alerts now due, each under its
 * dedupe key, plus this week's digest for each subscriber, and the alerts of overdue questions. Safe to run any number of times.
 * Returns how many jobs it created.
 */
export async function scanReplyClocks(db: Queryable, { now }: { now: Date }): Promise<number> {
  const today = toIsoDate(now);
  let created = 0;
  for (const row of statusesOf(await listExpectations(db, { officeId: null }), today)) {
    for (const event of replyAlertEvents(row.status, toIsoDate(row.sentAt), today)) {
      const payload: ReplyAlertPayload = {
        letterId: row.letterId,
        addresseeId: row.addresseeId,
        officeId: row.officeId,
        event,
        clockId: row.status.clockId,
        asOf: now.toISOString(),
      };
      const id = await enqueue(db, REPLY_ALERT_QUEUE, payload, {
        dedupeKey: replyAlertKey(payload),
        maxAttempts: 5,
        runAt: runAtFor(now),
      });
      if (id !== null) created++;
    }
  }
  const week = weekOf(today);
  for (const s of await listDigestSubscribers(db)) {
    const id = await enqueue(
      db,
      REPLY_DIGEST_QUEUE,
      { userId: s.userId, officeId: s.officeId, week, asOf: now.toISOString() },
      { dedupeKey: `reply-digest:${s.userId}:${s.officeId}:${week}`, maxAttempts: 5, runAt: runAtFor(now) },
    );
    if (id !== null) created++;
  }
  // The register's overdue parliamentary questions are alerted by the same scheduler (issue 13).
  created += await scanQuestionClocks(db, { now });
  return created;
}

/** Due at once; a clock in the past (tests) makes the job due at that time, one moved forward does not delay it. */
const runAtFor = (now: Date) => (now.getTime() < Date.now() ? now : undefined);

/** Enqueues the next scheduler run (idempotent per hour slot); called at start-up and by each run. */
export async function scheduleReplyScan(db: Queryable, now = new Date()) {
  const slot = new Date(Math.ceil(now.getTime() / SCAN_EVERY_MS) * SCAN_EVERY_MS);
  return enqueue(
    db,
    REPLY_SCAN_QUEUE,
    {},
    { runAt: slot, dedupeKey: `reply-scan:${slot.toISOString()}`, maxAttempts: 3 },
  );
}

// ---------------------------------------------------------------- the emails

/** A fresh personal token for a reply email (stored hashed); the raw token goes into the message only. */
async function issueEmailToken(
  tx: Queryable,
  input: {
    purpose: "nudge" | "unsubscribe";
    userId: string;
    officeId: string;
    letterId?: string;
    addresseeId?: string;
    kind: string;
  },
) {
  const token = randomToken();
  await insertEmailToken(tx, { ...input, tokenHash: sha256Hex(token) });
  return token;
}

const unsubscribeToken = (tx: Queryable, r: { userId: string }, officeId: string, kind: ReplyEmailKind) =>
  issueEmailToken(tx, { purpose: "unsubscribe", userId: r.userId, officeId, kind });

const wants = (prefs: Record<string, boolean>, kind: ReplyEmailKind) => prefs[kind] ?? DEFAULT_ON[kind];

export type AlertOutcome = "sent" | "no-longer-due" | "gone";

/** One alert job: re-checks the state, then queues one email per recipient who wants this kind. */
export async function sendReplyAlert(db: Db, payload: ReplyAlertPayload): Promise<AlertOutcome> {
  const at = new Date(payload.asOf);
  return db.transaction(async (tx) => {
    const rows = statusesOf(
      await listExpectations(tx, { officeId: payload.officeId, letterId: payload.letterId }),
      toIsoDate(at),
    );
    const row = rows.find((r) => r.addresseeId === payload.addresseeId);
    if (!row) return "gone";
    if (row.status.state === "answered" || row.status.state === "not-expected") return "no-longer-due";
    if (!payload.event.startsWith("nudge-") && row.status.clockId !== payload.clockId) return "no-longer-due";
    const office = await getOffice(tx, payload.officeId);
    const key = replyAlertKey(payload);
    const kind: ReplyEmailKind = payload.event.startsWith("nudge-") ? "nudge" : (payload.event as ReplyEmailKind);
    let recipients = (await listAlertRecipients(tx, { officeId: payload.officeId })).filter((r) =>
      wants(r.prefs, kind),
    );
    // "Did they reply?" asks the person who sent the letter, when they are still in the office.
    if (kind === "nudge" && row.createdBy && recipients.some((r) => r.userId === row.createdBy))
      recipients = recipients.filter((r) => r.userId === row.createdBy);
    const owedBy = row.status.referredTo?.name || row.name;
    const sentOn = toIsoDate(row.sentAt);
    const common = { officeName: office?.name ?? "", letterSubject: row.subject };
    for (const r of recipients) {
      const message = { officeId: payload.officeId, letterId: row.letterId, idempotencyKey: `${key}:${r.userId}` };
      const unsub = await unsubscribeToken(tx, r, payload.officeId, kind);
      if (kind === "nudge") {
        const answerToken = await issueEmailToken(tx, {
          purpose: "nudge",
          userId: r.userId,
          officeId: payload.officeId,
          letterId: row.letterId,
          addresseeId: row.addresseeId,
          kind: payload.event,
        });
        await sendReplyNudgeEmail(tx, {
          ...message,
          to: r,
          content: { ...common, addresseeName: row.name, sentOn, days: Number(payload.event.slice(6, -1)) },
          answerToken,
          unsubscribeToken: unsub,
        });
      } else {
        await sendReplyAlertEmail(tx, {
          ...message,
          to: r,
          content: {
            ...common,
            level: kind as "overdue" | "very-overdue",
            owedBy,
            sentOn,
            dueOn: row.status.due.due,
            daysLate: row.status.daysLate,
          },
          unsubscribeToken: unsub,
        });
      }
    }
    await audit(tx, {
      officeId: payload.officeId,
      letterId: row.letterId,
      actorLabel: "reply clock",
      action: `reply.alert.${payload.event}`,
      data: { addresseeId: row.addresseeId, recipients: recipients.length, clockId: payload.clockId },
    });
    return "sent";
  });
}

export async function sendReplyDigest(
  db: Db,
  payload: { userId: string; officeId: string; week: string; asOf: string },
) {
  const at = new Date(payload.asOf);
  return db.transaction(async (tx) => {
    const recipient = (await listAlertRecipients(tx, { officeId: payload.officeId })).find(
      (r) => r.userId === payload.userId,
    );
    if (!recipient || !wants(recipient.prefs, "digest")) return "opted-out" as const;
    const office = await getOffice(tx, payload.officeId);
    const open = (await officeReplyOverview(tx, { officeId: payload.officeId, now: at })).filter(
      (r) => r.status.state !== "answered" && r.status.state !== "not-expected",
    );
    await sendReplyDigestEmail(tx, {
      officeId: payload.officeId,
      idempotencyKey: `reply-digest:${payload.userId}:${payload.officeId}:${payload.week}`,
      to: recipient,
      officeName: office?.name ?? "",
      rows: open.slice(0, 50).map((r) => ({
        letterSubject: r.subject,
        owedBy: r.status.referredTo?.name || r.name,
        state: r.status.state,
        dueOn: r.status.due.due,
        daysLate: r.status.daysLate,
      })),
      unsubscribeToken: await unsubscribeToken(tx, recipient, payload.officeId, "digest"),
    });
    return "sent" as const;
  });
}

// ---------------------------------------------------------------- answers and unsubscribes from the emails

export const NUDGE_ANSWERS = ["yes", "not-yet", "not-expected"] as const;
export type NudgeAnswer = (typeof NUDGE_ANSWERS)[number];

/** What a token in a reply email names, or null (unknown, or its user left the office). */
export async function getReplyEmailToken(db: Queryable, token: string, purpose: "nudge" | "unsubscribe") {
  const row = await getEmailToken(db, sha256Hex(token));
  if (!row || row.token.purpose !== purpose) return null;
  if (!(await isMember(db, { userId: row.token.userId, officeId: row.token.officeId }))) return null;
  return row;
}

/** Records the answer to "did they reply?"; "not expected" also stops the alerts for that addressee. */
export function answerNudge(db: Db, token: string, answer: NudgeAnswer, now = new Date()) {
  return db.transaction((tx) => answerNudgeIn(tx, token, answer, now));
}

async function answerNudgeIn(tx: Queryable, token: string, answer: NudgeAnswer, now: Date) {
  const row = await getReplyEmailToken(tx, token, "nudge");
  if (!row || !row.token.letterId || !row.token.addresseeId) return { ok: false as const };
  await answerEmailToken(tx, row.token.tokenHash, answer, now);
  if (answer === "not-expected")
    await markNotExpectedIn(
      tx,
      { officeId: row.token.officeId, userId: null, label: row.userName },
      { letterId: row.token.letterId, addresseeId: row.token.addresseeId, on: true },
    );
  await audit(tx, {
    officeId: row.token.officeId,
    letterId: row.token.letterId,
    actorLabel: row.userName,
    action: "reply.nudge-answered",
    data: { addresseeId: row.token.addresseeId, answer, event: row.token.kind },
  });
  return { ok: true as const, letterId: row.token.letterId, addresseeId: row.token.addresseeId };
}

/** One-click unsubscribe from one kind of reply email. */
export function unsubscribeReplyEmails(db: Db, token: string) {
  return db.transaction((tx) => unsubscribeReplyEmailsIn(tx, token));
}

async function unsubscribeReplyEmailsIn(tx: Queryable, token: string) {
  const row = await getReplyEmailToken(tx, token, "unsubscribe");
  if (!row) return { ok: false as const };
  await setEmailPref(tx, {
    userId: row.token.userId,
    officeId: row.token.officeId,
    kind: row.token.kind,
    enabled: false,
  });
  await audit(tx, {
    officeId: row.token.officeId,
    actorLabel: row.userName,
    action: "reply.emails-off",
    data: { userId: row.token.userId, kind: row.token.kind },
  });
  return { ok: true as const, kind: row.token.kind };
}

export function setReplyEmailPrefs(db: Db, actor: Actor, prefs: Partial<Record<ReplyEmailKind, boolean>>) {
  return db.transaction((tx) => setReplyEmailPrefsIn(tx, actor, prefs));
}

async function setReplyEmailPrefsIn(tx: Queryable, actor: Actor, prefs: Partial<Record<ReplyEmailKind, boolean>>) {
  for (const [kind, enabled] of Object.entries(prefs))
    await setEmailPref(tx, { userId: actor.userId, officeId: actor.officeId, kind, enabled: Boolean(enabled) });
  await audit(tx, { officeId: actor.officeId, actorUserId: actor.userId, action: "reply.email-prefs", data: prefs });
}

// ---------------------------------------------------------------- job handlers

/** Registers the reply register's job handlers (called once at start-up from job-handlers.server.ts). */
export function registerReplyJobs() {
  registerHandler(REPLY_SCAN_QUEUE, async (_payload, ctx) => {
    await scanReplyClocks(ctx.db, { now: await replyNow(ctx.db) });
    await scheduleReplyScan(ctx.db, new Date(Date.now() + 1000));
  });
  registerHandler(REPLY_ALERT_QUEUE, async (payload: ReplyAlertPayload, ctx) => {
    await sendReplyAlert(ctx.db, payload);
  });
  registerHandler(
    REPLY_DIGEST_QUEUE,
    async (payload: { userId: string; officeId: string; week: string; asOf: string }, ctx) => {
      await sendReplyDigest(ctx.db, payload);
    },
  );
}

/** A state row as the pages show it (plain, serialisable). */
export function matrixRowView(r: ExpectationStatus) {
  return {
    addresseeId: r.addresseeId,
    letterId: r.letterId,
    subject: r.subject,
    sentAt: r.sentAt,
    name: r.name,
    role: r.role,
    institution: r.institution,
    state: r.status.state,
    dueOn: r.status.due.due,
    veryOverdueOn: r.status.veryOverdue.due,
    explanation: explainDue(r.status.due),
    referredTo: r.status.referredTo,
    answeredOn: r.status.answeredOn,
    daysLate: r.status.daysLate,
    daysWaiting: r.status.daysWaiting,
  };
}

// ---------------------------------------------------------------- the file, read back

export type ReplyFileDownload =
  | { ok: true; filename: string; contentType: string; sha256: string; content: Buffer }
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "missing" | "corrupt" };

/**
 * The reply's file as it was uploaded, from the database or REPLY_FILES_DIR, checked against its SHA-256. A file
 * that is gone or no longer matches its hash is reported (and logged), never sent.
 */
export async function replyFileDownload(
  db: Queryable,
  scope: { replyId: string; letterId: string; officeId: string },
): Promise<ReplyFileDownload> {
  const row = await getReplyFileContent(db, scope);
  if (!row) return { ok: false, reason: "not-found" };
  const read = await readReplyFile(row);
  if (!read.ok) {
    logError(new Error(`reply file ${read.reason}: ${read.detail}`), { replyId: scope.replyId, storage: row.storage });
    return { ok: false, reason: read.reason === "mismatch" ? "corrupt" : "missing" };
  }
  return { ok: true, filename: row.filename, contentType: row.contentType, sha256: row.sha256, content: read.content };
}

// ---------------------------------------------------------------- statistics

/**
 * Statistics per institution and per addressee, for one office (`officeId`) or every office
 * (platform admins: aggregates only, no letter content). One query whatever the number of letters.
 */
export async function replyStatisticsFor(db: Queryable, { officeId, now }: { officeId: string | null; now: Date }) {
  const rows = statusesOf(await listExpectations(db, { officeId }), toIsoDate(now));
  const input = rows.map((r) => ({
    answeredAfterDays: r.status.answeredOn ? r.status.daysWaiting : null,
    answeredOnTime: r.status.answeredOn ? !r.status.answeredLate : null,
    late: !r.status.answeredOn && toIsoDate(now) > r.status.due.due && r.status.state !== "not-expected",
    holdingReplies: r.replies.filter((x) => x.kind === "holding").length,
    referrals: r.replies.filter((x) => x.kind === "referral").length,
    institution: r.institution?.trim() || translate("en", "replies.stats.noInstitution"),
    person: r.name,
    role: r.role,
  }));
  return {
    expectations: rows.length,
    byInstitution: replyStatistics(input.map((i) => ({ ...i, group: i.institution }))),
    byAddressee: replyStatistics(input.map((i) => ({ ...i, group: i.person, detail: i.role }))),
  };
}

/**
 * How the addressees answer the parliamentary questions of the office's register (issue 13): per addressee,
 * median days from tabling to answer and the share answered within the Rule's deadline. One query.
 */
export async function questionStatisticsFor(db: Queryable, { officeId, now }: { officeId: string; now: Date }) {
  return questionStatistics(await listRegisterClockFacts(db, officeId), toIsoDate(now));
}

/**
 * The statistics as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the accents right). Questions
 * (grouping "question_addressee", name the addressee code) use the same columns: letters_sent is then the number of
 * questions, median_days counts from tabling to the answer, share_on_time is within the Rule's deadline.
 */
export function replyStatisticsCsv(
  stats: Awaited<ReturnType<typeof replyStatisticsFor>>,
  questions: QuestionStatRow[] = [],
) {
  const header = [
    "grouping",
    "name",
    "role",
    "letters_sent",
    "answered",
    "median_days",
    "p90_days",
    "share_on_time",
    "holding_replies",
    "referrals",
  ];
  const line = (grouping: string) => (s: StatRow) => [
    grouping,
    s.group,
    s.detail ?? "",
    s.sent,
    s.answered,
    s.medianDays ?? "",
    s.p90Days ?? "",
    s.onTimeShare === null ? "" : s.onTimeShare.toFixed(3),
    s.holdingReplies,
    s.referrals,
  ];
  const questionLine = (q: QuestionStatRow) => [
    "question_addressee",
    q.addressee ?? "unknown",
    "",
    q.questions,
    q.answered,
    q.medianDaysToAnswer ?? "",
    "",
    q.onTimeShare === null ? "" : q.onTimeShare.toFixed(3),
    "",
    "",
  ];
  const records = [
    ...stats.byInstitution.map(line("institution")),
    ...stats.byAddressee.map(line("addressee")),
    ...questions.map(questionLine),
  ];
  return "\uFEFF" + stringify(records, { header: true, columns: header, eof: true });
}
