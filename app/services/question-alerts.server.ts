/**
 * Parliamentary questions in the background (issue 13): the overdue alerts to the offices whose register holds
 * a question, and the slow re-poll of unanswered questions from EP Open Data.
 *
 * Alerts are sent once each, like the reply alerts: the scheduler (run with the reply scan, every hour and
 * whenever the test clock moves) enqueues one `question.alert` job per (office, question, state, due date)
 * under a dedupe key that stays taken, and the job queues its emails under idempotency keys derived from it.
 * Running the scheduler twice, or a job twice after a crash, sends nothing twice. A question whose clock moves
 * (its forwarding date becomes known) and falls due again is a new alert.
 *
 * The re-poll (`questions.repoll`, daily, when EP_OPEN_DATA_URL is set) asks the API again for the details of
 * questions not answered yet: daily for those past their deadline, weekly for the others; answered questions
 * are never asked for again.
 */
import type { Db, Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { randomToken, sha256Hex } from "#app/infra/crypto.server";
import { enqueue, registerHandler } from "#app/infra/jobs.server";
import { logInfo } from "#app/infra/log.server";
import type { EpClient, EpRecord } from "#app/infra/ep-open-data.server";
import { mapEpQuestion, type EpQuestion } from "#app/domain/ep-questions";
import { questionClock, type QuestionClock } from "#app/domain/question-clock";
import { ANSWER_DEADLINE_WEEKS } from "#app/domain/question-reference";
import { addDays, toIsoDate } from "#app/domain/reply-clock";
import * as m from "#app/models/questions.server";
import { getOffice } from "#app/models/offices.server";
import { insertEmailToken, listAlertRecipients } from "#app/models/replies.server";
import { sendQuestionAlertEmail } from "#app/services/notifications.server";
import { liveClient } from "#app/services/questions.server";

export const QUESTION_ALERT_QUEUE = "question.alert";
export const QUESTION_REPOLL_QUEUE = "questions.repoll";

/** The email kind a member can turn off (reply email preferences, one-click unsubscribe); on by default. */
export const QUESTION_ALERT_KIND = "question-overdue";

/** The states a question alert is sent for (one email per state). */
export type QuestionAlertState = "overdue";

export type QuestionAlertPayload = {
  officeId: string;
  questionId: string;
  state: QuestionAlertState;
  dueOn: string;
  /** When the scheduler found the alert due (the job re-checks the clock as of then). */
  asOf: string;
};

export function questionAlertKey(p: Pick<QuestionAlertPayload, "officeId" | "questionId" | "state" | "dueOn">) {
  return `question-alert:${p.officeId}:${p.questionId}:${p.state}:${p.dueOn}`;
}

/** The shortest written-answer deadline: a question whose clock started more recently cannot be overdue. */
const SHORTEST_WEEKS = Math.min(...Object.values(ANSWER_DEADLINE_WEEKS).filter((w): w is number => Boolean(w)));

function clockOfRow(r: m.RegisterClockRow, today: string): QuestionClock {
  return questionClock({ type: r.type, term: r.term, tabledOn: r.tabledOn, forwardedOn: r.forwardedOn, today });
}

/** Due at once; a clock in the past (tests) makes the job due at that time, one moved forward does not delay it. */
const runAtFor = (now: Date) => (now.getTime() < Date.now() ? now : undefined);

/**
 * Enqueues an alert for every overdue question of every office's register, each under its dedupe key. Safe to
 * run any number of times; returns how many jobs it created.
 */
export async function scanQuestionClocks(db: Queryable, { now }: { now: Date }): Promise<number> {
  const today = toIsoDate(now);
  const rows = await m.listOpenRegisterClocks(db, { startedBefore: addDays(today, -7 * SHORTEST_WEEKS) });
  let created = 0;
  for (const r of rows) {
    const clock = clockOfRow(r, today);
    if (!clock.applies || clock.state !== "overdue") continue;
    const payload: QuestionAlertPayload = {
      officeId: r.officeId,
      questionId: r.questionId,
      state: "overdue",
      dueOn: clock.dueOn,
      asOf: now.toISOString(),
    };
    const id = await enqueue(db, QUESTION_ALERT_QUEUE, payload, {
      dedupeKey: questionAlertKey(payload),
      maxAttempts: 5,
      runAt: runAtFor(now),
    });
    if (id !== null) created++;
  }
  return created;
}

export type QuestionAlertOutcome = "sent" | "no-longer-due" | "gone";

/** One alert job: re-checks the clock, then queues one email per member who wants this kind. */
export async function sendQuestionAlert(db: Db, payload: QuestionAlertPayload): Promise<QuestionAlertOutcome> {
  const today = toIsoDate(new Date(payload.asOf));
  return db.transaction(async (tx) => {
    const [row] = await m.listOpenRegisterClocks(tx, {
      startedBefore: addDays(today, 1),
      officeId: payload.officeId,
      questionId: payload.questionId,
    });
    if (!row) return "gone";
    const clock = clockOfRow(row, today);
    if (!clock.applies || clock.state !== payload.state || clock.dueOn !== payload.dueOn) return "no-longer-due";
    const office = await getOffice(tx, payload.officeId);
    const key = questionAlertKey(payload);
    const recipients = (await listAlertRecipients(tx, { officeId: payload.officeId })).filter(
      (r) => r.prefs[QUESTION_ALERT_KIND] ?? true,
    );
    for (const r of recipients) {
      const token = randomToken();
      await insertEmailToken(tx, {
        purpose: "unsubscribe",
        userId: r.userId,
        officeId: payload.officeId,
        kind: QUESTION_ALERT_KIND,
        tokenHash: sha256Hex(token),
      });
      await sendQuestionAlertEmail(tx, {
        officeId: payload.officeId,
        questionId: row.questionId,
        idempotencyKey: `${key}:${r.userId}`,
        to: r,
        content: {
          officeName: office?.name ?? "",
          reference: row.reference,
          title: row.title,
          basis: clock.basis,
          from: clock.from,
          dueOn: clock.dueOn,
          daysLate: clock.daysLate,
        },
        unsubscribeToken: token,
      });
    }
    await audit(tx, {
      officeId: payload.officeId,
      actorLabel: "question clock",
      action: `question.alert.${payload.state}`,
      data: {
        reference: row.reference,
        questionId: row.questionId,
        dueOn: payload.dueOn,
        recipients: recipients.length,
      },
    });
    return "sent";
  });
}

// ---------------------------------------------------------------- the slow re-poll

/** Past their deadline: asked again every day. Not yet due: every week. */
export const REPOLL_OVERDUE_DAYS = 1;
export const REPOLL_OTHER_DAYS = 7;
/** Questions tabled longer ago than this are not polled any more (an answer that late is imported by hand). */
export const REPOLL_MAX_AGE_DAYS = 730;
/** Questions asked for per run (in calls of at most 50 ids); the rest wait for the next day. */
export const REPOLL_PER_RUN = 2000;
const REPOLL_HOUR_UTC = 4;

export type RepollSummary = { asked: number; updated: number; unchanged: number; missing: number; problems: number };

const idOfRecord = (r: EpRecord) =>
  typeof r.identifier === "string" ? r.identifier : typeof r.id === "string" ? (r.id.split("/").pop() ?? null) : null;

/**
 * Asks the API again for the questions whose poll is due (unanswered only) and saves what changed, in one
 * transaction per call of 50 ids. Every id asked is marked fetched, answered or not, found or not, so that it
 * waits for its next turn.
 */
export async function repollUnansweredQuestions(
  db: Db,
  client: EpClient,
  opts: { now?: Date; limit?: number; language?: string } = {},
): Promise<RepollSummary> {
  const now = opts.now ?? new Date();
  const ids = await m.listQuestionsToRepoll(db, {
    now,
    overdueDays: REPOLL_OVERDUE_DAYS,
    otherDays: REPOLL_OTHER_DAYS,
    maxAgeDays: REPOLL_MAX_AGE_DAYS,
    limit: opts.limit ?? REPOLL_PER_RUN,
    weeksE: ANSWER_DEADLINE_WEEKS.E ?? 6,
    weeksP: ANSWER_DEADLINE_WEEKS.P ?? 3,
  });
  const out: RepollSummary = { asked: ids.length, updated: 0, unchanged: 0, missing: 0, problems: 0 };
  for (let i = 0; i < ids.length; i += 50) {
    const batch = ids.slice(i, i + 50);
    const { records, missing } = await client.details(
      "/parliamentary-questions",
      batch,
      { language: opts.language ?? "en" },
      { idOf: idOfRecord },
    );
    const mapped: EpQuestion[] = [];
    for (const r of records) {
      const q = mapEpQuestion(r, { language: opts.language });
      if (q.ok) mapped.push(q.value);
      else out.problems++;
    }
    await db.transaction(async (tx) => {
      const c = await m.saveEpQuestions(tx, mapped, now);
      out.updated += c.updated + c.added;
      out.unchanged += c.unchanged;
      await m.markFetched(tx, batch, now);
    });
    out.missing += missing.length;
  }
  if (ids.length) logInfo("questions re-polled", out);
  return out;
}

/** The next REPOLL_HOUR_UTC strictly after `now`. */
export function nextRepollRun(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), REPOLL_HOUR_UTC));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/**
 * Queues the next daily re-poll when the live API is configured. The dedupe key names the day, so instances
 * starting together and the job re-queueing itself leave one per day.
 */
export async function scheduleQuestionRepoll(db: Queryable, now = new Date(), configured = liveClient() !== null) {
  if (!configured) return null;
  const at = nextRepollRun(now);
  return enqueue(
    db,
    QUESTION_REPOLL_QUEUE,
    {},
    { runAt: at, dedupeKey: `${QUESTION_REPOLL_QUEUE}:${at.toISOString().slice(0, 10)}`, maxAttempts: 3 },
  );
}

export function registerQuestionAlertJobs() {
  registerHandler(QUESTION_ALERT_QUEUE, async (payload: QuestionAlertPayload, ctx) => {
    await sendQuestionAlert(ctx.db, payload);
  });
  registerHandler(QUESTION_REPOLL_QUEUE, async (_payload, ctx) => {
    const client = liveClient();
    if (client) await repollUnansweredQuestions(ctx.db, client);
    await scheduleQuestionRepoll(ctx.db, new Date(Date.now() + 1000));
  });
}
