/**
 * Every background job handler, registered by one explicit call at start-up (`registerJobHandlers`, called by
 * startServices and by tests). Nothing registers itself on import: the server build drops modules imported only
 * for their side effects, and a job with no handler would wait forever.
 */
import type { Db, Queryable } from "#db/client.server";
import { sweepFormSubmissions } from "#app/models/form-submissions.server";
import { enqueue, registerHandler } from "#app/infra/jobs.server";
import {
  EMAIL_BATCH_QUEUE,
  EMAIL_SEND_QUEUE,
  handleEmailBatchJob,
  handleEmailSendJob,
  onEmailSettled,
  registerAttachmentLoader,
} from "#app/infra/mailer.server";
import { sweepRateLimits } from "#app/infra/rate-limit.server";
import { deleteExpiredLoginCodes } from "#app/models/auth.server";
import { REMINDER_QUEUE, type ReminderPayload } from "#app/models/reminders.server";
import { refreshSendStatus, renderSentLetterPdf } from "#app/models/sending.server";
import { sendReminder } from "./reminders.server";
import { QUESTION_IMPORT_QUEUE, registerQuestionJobHandlers } from "./questions.server";
import {
  DIRECTORY_IMPORT_QUEUE,
  DIRECTORY_NIGHTLY_QUEUE,
  registerDirectoryJobHandlers,
} from "./directory-import.server";
import { REPLY_ALERT_QUEUE, REPLY_DIGEST_QUEUE, REPLY_SCAN_QUEUE, registerReplyJobs } from "./replies.server";
import { QUESTION_ALERT_QUEUE, QUESTION_REPOLL_QUEUE, registerQuestionAlertJobs } from "./question-alerts.server";

/** Housekeeping: expired login codes and old rate-limit windows are deleted every hour. */
export const MAINTENANCE_QUEUE = "maintenance.sweep";
const MAINTENANCE_EVERY_MS = 60 * 60 * 1000;

/** Every queue the app enqueues to; a test asserts each has a handler once the built server has started. */
export const JOB_QUEUES = [
  EMAIL_SEND_QUEUE,
  EMAIL_BATCH_QUEUE,
  REMINDER_QUEUE,
  MAINTENANCE_QUEUE,
  QUESTION_IMPORT_QUEUE,
  DIRECTORY_IMPORT_QUEUE,
  DIRECTORY_NIGHTLY_QUEUE,
  REPLY_SCAN_QUEUE,
  REPLY_ALERT_QUEUE,
  REPLY_DIGEST_QUEUE,
  QUESTION_ALERT_QUEUE,
  QUESTION_REPOLL_QUEUE,
] as const;

/**
 * Makes sure the next housekeeping run is queued. The dedupe key names the hour, so any number of instances
 * starting together (or the job re-queueing itself) leave exactly one job per hour.
 */
export async function scheduleMaintenance(db: Queryable, now = new Date()) {
  const next = new Date(Math.ceil((now.getTime() + 1) / MAINTENANCE_EVERY_MS) * MAINTENANCE_EVERY_MS);
  await enqueue(db, MAINTENANCE_QUEUE, {}, { runAt: next, dedupeKey: `${MAINTENANCE_QUEUE}:${next.toISOString()}` });
}

export async function runMaintenance(db: Db, now = new Date()) {
  await deleteExpiredLoginCodes(db, now);
  await sweepRateLimits(db, new Date(now.getTime() - 24 * 3600 * 1000));
  // A retry a week late is a new submission: its form key is forgotten.
  await sweepFormSubmissions(db, new Date(now.getTime() - 7 * 24 * 3600 * 1000));
  await scheduleMaintenance(db, now);
}

export function registerJobHandlers() {
  registerHandler(EMAIL_SEND_QUEUE, handleEmailSendJob);
  registerHandler(EMAIL_BATCH_QUEUE, handleEmailBatchJob);
  registerHandler(REMINDER_QUEUE, async (payload: ReminderPayload, ctx) => {
    await sendReminder(ctx.db, payload);
  });
  registerHandler(MAINTENANCE_QUEUE, async (_payload, ctx) => {
    await runMaintenance(ctx.db);
  });
  registerQuestionJobHandlers();
  registerDirectoryJobHandlers();
  registerReplyJobs();
  registerQuestionAlertJobs();

  // A letter's outbox rows carry no PDF: it is rebuilt, byte for byte, from the frozen document at send time.
  registerAttachmentLoader("letter", async (email, db) => {
    if (!email.letterId || !email.officeId) throw new Error("letter email without letter");
    const pdf = await renderSentLetterPdf(db, { letterId: email.letterId, officeId: email.officeId });
    if (!pdf) throw new Error("letter email without a send record");
    return [{ filename: pdf.filename, content: pdf.bytes, contentType: "application/pdf" }];
  });
  // When the last addressee's message settles, the send's status follows (in the worker, not on page load).
  onEmailSettled("letter", async (db, email) => {
    if (email.letterId && email.officeId)
      await refreshSendStatus(db, { letterId: email.letterId, officeId: email.officeId });
  });
}
