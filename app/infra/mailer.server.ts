/**
 * The one email module. Every message is first a row in the `emails` outbox, written in the caller's
 * transaction together with the job that sends it, so a rolled-back change sends nothing. The job
 * ('email.send', or 'email.batch' for many small notices) delivers it:
 *  - with RESEND_API_KEY through the Resend SDK (which honours RESEND_BASE_URL), using the row's
 *    idempotency key, so a retry after a timeout or a crash never sends a second copy;
 *  - without it through the local transport: the row itself is the message, readable in the app.
 * Every message has exactly one recipient.
 */
import { createHash, randomUUID } from "node:crypto";
import type { ReactElement } from "react";
import { render, toPlainText } from "@react-email/render";
import { Resend, type ErrorResponse } from "resend";
import type { Db, Queryable } from "#db/client.server";
import { getEnv } from "./env.server";
import { enqueue, HoldJob, RetryLater, wakeWorkers, type JobContext } from "./jobs.server";
import { logInfo } from "./log.server";
import { openEmailSecrets, sealEmailSecrets } from "./email-secrets.server";
import {
  getEmail,
  insertEmail,
  markEmailFailed,
  markEmailHeld,
  markEmailSending,
  markEmailSent,
  noteEmailError,
  requeueFailedEmail,
  unholdEmails,
  type Email,
} from "#app/infra/email-outbox.server";

export const EMAIL_SEND_QUEUE = "email.send";
export const EMAIL_BATCH_QUEUE = "email.batch";
/** Resend accepts at most 100 messages per batch call. */
export const BATCH_LIMIT = 100;

export type MailTransportName = "resend" | "local";

export type OutgoingEmail = {
  /** What the message is, for the outbox and tests: "login-code", "invitation", "letter", … */
  kind: string;
  to: { email: string; name?: string | null };
  subject: string;
  html: string;
  text: string;
  officeId?: string | null;
  letterId?: string | null;
  replyTo?: string | null;
  headers?: Record<string, string>;
  /** Personal links and codes in the message: stored only sealed, deleted once delivered (email-secrets). */
  secrets?: string[];
  /** Stable key for this message; a second queueEmail with the same key returns the first row. Default `email-<row id>`. */
  idempotencyKey?: string;
};

export type QueuedEmail = { id: string; created: boolean; status: "queued" | "failed" };

export function getMailTransportName(): MailTransportName {
  return getEnv().RESEND_API_KEY ? "resend" : "local";
}

// ---------------------------------------------------------------- rendering

const headingSelectors = ["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

// Bidirectional embeddings, overrides and isolates: in a name they can make "gnp.exe" read as "exe.png".
// No EU language needs them, so they are removed from everything we render.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
// React 18's renderToReadableStream (used by @react-email/render) pads a 2 KB chunk with a NUL byte
// when a multi-byte character does not fit (e.g. inside the Preview's whitespace); Postgres then
// refuses the row ("invalid byte sequence for encoding UTF8: 0x00"). NUL never belongs in an email.
const NUL = /\u0000/g;

/**
 * Renders a React Email element to its HTML and plain-text parts. React escapes every string prop;
 * headings keep their case in the text part (html-to-text upper-cases them by default).
 */
export async function renderEmail(element: ReactElement): Promise<{ html: string; text: string }> {
  const html = (await render(element)).replace(BIDI_CONTROLS, "").replace(NUL, "");
  const text = toPlainText(html, { selectors: headingSelectors });
  return { html, text: text.trim() };
}

// ---------------------------------------------------------------- cleaning what goes into headers

// CR/LF, other control characters, and bidirectional overrides that could disguise a subject or name.
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]+/g;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g;

export function cleanHeaderText(s: string, max = 300): string {
  return s
    .replace(CONTROL, " ")
    .replace(BIDI, "")
    .replace(/\s{2,}/g, " ")
    .trim()
    .slice(0, max);
}

// One address, nothing that could add a second recipient or a header. Apostrophes stay allowed
// in the local part (o'brien@…).
const SINGLE_ADDRESS = /^[^\s@,;:<>"()[\]\\]+@[^\s@,;:<>"'()[\]\\]+\.[^\s@,;:<>"'()[\]\\]+$/;

export function isSingleAddress(email: string): boolean {
  return email.length <= 254 && SINGLE_ADDRESS.test(email);
}

function formatRecipient(email: string, name: string | null) {
  const n = name ? cleanHeaderText(name.replace(/["\\<>]/g, " "), 120) : "";
  return n ? `"${n}" <${email}>` : email;
}

function cleanHeaders(h: Record<string, string> | undefined): Record<string, string> | null {
  if (!h) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(k)) throw new Error(`Invalid email header name: ${JSON.stringify(k)}`);
    out[k] = cleanHeaderText(String(v), 2000);
  }
  return Object.keys(out).length ? out : null;
}

/** Headers for one-click unsubscribe (RFC 8058); the URL must accept a POST. */
export function listUnsubscribeHeaders(url: string, mailto?: string): Record<string, string> {
  const targets = [`<${url}>`, ...(mailto ? [`<mailto:${mailto}>`] : [])];
  return { "List-Unsubscribe": targets.join(", "), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

// ---------------------------------------------------------------- queueing

function toRow(msg: OutgoingEmail) {
  const id = randomUUID();
  const email = msg.to.email.trim();
  const valid = isSingleAddress(email);
  return {
    valid,
    row: {
      id,
      kind: msg.kind,
      officeId: msg.officeId ?? null,
      letterId: msg.letterId ?? null,
      toAddress: email,
      toName: msg.to.name ? cleanHeaderText(msg.to.name, 200) : null,
      fromAddress: getEnv().MAIL_FROM,
      replyTo: msg.replyTo ? msg.replyTo.trim() : null,
      ...sealEmailSecrets(
        {
          subject: cleanHeaderText(msg.subject, 998),
          html: msg.html,
          text: msg.text,
          headers: cleanHeaders(msg.headers),
        },
        msg.secrets,
      ),
      idempotencyKey: msg.idempotencyKey ?? `email-${id}`,
      status: valid ? ("queued" as const) : ("failed" as const),
      lastError: valid ? null : "invalid recipient address",
    },
  };
}

/**
 * Writes the message into the outbox and enqueues its delivery, both in `tx` (pass the transaction
 * of the change that causes the email). A recipient address that is not exactly one valid address
 * gives a `failed` row and no job: it fails only its own message.
 */
export async function queueEmail(tx: Queryable, msg: OutgoingEmail): Promise<QueuedEmail> {
  if (msg.replyTo && !isSingleAddress(msg.replyTo.trim())) throw new Error("replyTo must be one address");
  const { valid, row } = toRow(msg);
  const { id, created } = await insertEmail(tx, row);
  if (created && valid) await enqueue(tx, EMAIL_SEND_QUEUE, { emailId: id });
  return { id, created, status: valid ? "queued" : "failed" };
}

/**
 * Many small messages (e.g. "the letter went out" to every signatory): each is its own row with one
 * recipient; they are delivered by Resend's batch endpoint, at most 100 per call, without attachments.
 */
export async function queueEmailsBatch(tx: Queryable, msgs: OutgoingEmail[]): Promise<QueuedEmail[]> {
  const out: QueuedEmail[] = [];
  const toSend: string[] = [];
  for (const msg of msgs) {
    const { valid, row } = toRow(msg);
    const { id, created } = await insertEmail(tx, row);
    out.push({ id, created, status: valid ? "queued" : "failed" });
    if (created && valid) toSend.push(id);
  }
  for (let i = 0; i < toSend.length; i += BATCH_LIMIT) {
    await enqueue(tx, EMAIL_BATCH_QUEUE, { emailIds: toSend.slice(i, i + BATCH_LIMIT) });
  }
  return out;
}

/** Puts held messages (daily quota, rejected API key) back in the queue, e.g. the next day. */
export async function releaseHeldEmails(db: Db, opts: { officeId?: string } = {}): Promise<number> {
  const ids = await db.transaction(async (tx) => {
    const ids = await unholdEmails(tx, opts);
    for (const emailId of ids) await enqueue(tx, EMAIL_SEND_QUEUE, { emailId });
    return ids;
  });
  if (ids.length) wakeWorkers();
  return ids.length;
}

/**
 * Sends a failed message again, on a person's request (the retry button). It gets a new idempotency key: the
 * provider answered the old one with a refusal, and a repeated key would only repeat that answer.
 */
export async function retryFailedEmail(tx: Queryable, emailId: string): Promise<boolean> {
  const ok = await requeueFailedEmail(tx, emailId, `retry-${randomUUID()}`);
  if (ok) await enqueue(tx, EMAIL_SEND_QUEUE, { emailId });
  return ok;
}

// ---------------------------------------------------------------- attachments

export type MailAttachment = { filename: string; content: Buffer | string; contentType?: string };
type AttachmentLoader = (email: Email, db: Db) => Promise<MailAttachment[]>;
const attachmentLoaders = new Map<string, AttachmentLoader>();

/**
 * The outbox row holds no binary parts; a kind that needs attachments (the letter's PDF) registers a
 * loader that rebuilds them from the database at send time. It must return identical bytes on a
 * retry, or the provider rejects the reused idempotency key.
 */
export function registerAttachmentLoader(kind: string, loader: AttachmentLoader) {
  attachmentLoaders.set(kind, loader);
}

// ---------------------------------------------------------------- the Resend transport

export type MailerOptions = {
  /** Per provider call; a timeout counts as a network failure (retried with the same key). */
  timeoutMs: number;
  /** A rate-limit wait up to this long is slept through; a longer one reschedules the job. */
  rateLimitSleepMaxMs: number;
  /** Delay after a 429 that carries neither retry-after nor ratelimit-reset. */
  defaultRetryAfterMs: number;
  /** Test seam: runs after the provider accepted a message and before the row is marked sent (a throw here is a crash). */
  afterProviderAccepted?: (emailIds: string[]) => void | Promise<void>;
};
const options: MailerOptions = { timeoutMs: 15_000, rateLimitSleepMaxMs: 2_000, defaultRetryAfterMs: 1_000 };

/** Tunes the transport (tests use a short timeout). Returns the previous options. */
export function setMailerOptions(o: Partial<MailerOptions>): MailerOptions {
  const prev = { ...options };
  Object.assign(options, o);
  return prev;
}

let client: { key: string; baseUrl: string | undefined; resend: Resend } | undefined;

/** Constructed lazily and only with a key (the SDK throws without one). The SDK reads RESEND_BASE_URL itself. */
function getResend(key: string): Resend {
  const baseUrl = process.env.RESEND_BASE_URL;
  if (!client || client.key !== key || client.baseUrl !== baseUrl) {
    client = { key, baseUrl, resend: new Resend(key) };
  }
  return client.resend;
}

// Resend answers with ratelimit-remaining / ratelimit-reset (seconds). When the window is used up,
// later sends in this process wait for the reset instead of provoking a 429.
let notBefore = 0;

function noteRateLimit(headers: Record<string, string> | null) {
  if (!headers) return;
  const remaining = headers["ratelimit-remaining"];
  const reset = Number(headers["ratelimit-reset"]);
  if (remaining !== undefined && Number(remaining) <= 0 && Number.isFinite(reset)) {
    notBefore = Math.max(notBefore, Date.now() + Math.max(0, reset) * 1000);
  }
}

/** Forgets a rate-limit wait learnt from the provider's headers (tests). */
export function resetRateLimitGate() {
  notBefore = 0;
}

async function waitForRateLimit() {
  const wait = notBefore - Date.now();
  if (wait <= 0) return;
  if (wait > options.rateLimitSleepMaxMs) throw new RetryLater(wait, `provider rate limit: waiting ${wait} ms`);
  await new Promise((r) => setTimeout(r, wait));
}

/** retry-after in seconds or as an HTTP date; falls back to the default delay. */
export function retryAfterMs(headers: Record<string, string> | null, fallbackMs = options.defaultRetryAfterMs): number {
  const v = headers?.["retry-after"];
  if (v) {
    const secs = Number(v);
    if (Number.isFinite(secs)) return Math.min(Math.max(secs * 1000, 0), 60 * 60 * 1000);
    const at = Date.parse(v);
    if (Number.isFinite(at)) return Math.min(Math.max(at - Date.now(), 0), 60 * 60 * 1000);
  }
  const reset = Number(headers?.["ratelimit-reset"]);
  if (Number.isFinite(reset) && reset > 0) return Math.min(reset * 1000, 60 * 60 * 1000);
  return fallbackMs;
}

type Outcome =
  | { kind: "retry-later"; ms: number; reason: string }
  | { kind: "hold"; reason: string }
  | { kind: "transient"; reason: string }
  | { kind: "fatal"; reason: string };

/** What to do with an error answer. Resend returns errors (it never throws); statusCode null is a network failure or timeout. */
export function classifyResendError(error: ErrorResponse, headers: Record<string, string> | null): Outcome {
  const reason = `${error.statusCode ?? "network"} ${error.name}: ${error.message}`;
  const name = String(error.name);
  if (
    name === "daily_quota_exceeded" ||
    name === "monthly_quota_exceeded" ||
    (error.statusCode === 429 && /quota/i.test(error.message ?? ""))
  ) {
    return { kind: "hold", reason };
  }
  if (error.statusCode === 429) return { kind: "retry-later", ms: retryAfterMs(headers), reason };
  if (name === "concurrent_idempotent_requests") return { kind: "retry-later", ms: retryAfterMs(headers), reason };
  if (error.statusCode === null || error.statusCode >= 500) return { kind: "transient", reason };
  // The account or the sender is misconfigured: every message would fail, so park them for the office.
  if (error.statusCode === 401 || error.statusCode === 403 || name === "invalid_from_address")
    return { kind: "hold", reason };
  return { kind: "fatal", reason };
}

type Attempt = Pick<JobContext["job"], "attempts" | "maxAttempts">;

async function settleError(db: Db, ids: string[], outcome: Outcome, attempt: Attempt | undefined) {
  switch (outcome.kind) {
    case "fatal":
      for (const id of ids) await markEmailFailed(db, id, outcome.reason);
      return;
    case "hold":
      for (const id of ids) await markEmailHeld(db, id, outcome.reason);
      throw new HoldJob(outcome.reason);
    case "retry-later":
      for (const id of ids) await noteEmailError(db, id, outcome.reason);
      throw new RetryLater(outcome.ms, outcome.reason);
    case "transient": {
      const last = attempt && attempt.attempts >= attempt.maxAttempts;
      for (const id of ids)
        await (last ? markEmailFailed(db, id, outcome.reason) : noteEmailError(db, id, outcome.reason));
      throw new Error(outcome.reason);
    }
  }
}

/**
 * In development the local outbox is the only copy of a sign-in code and reading it needs an admin: the code
 * is also written to the server log, so any developer can sign in. Only with NODE_ENV=development (never in
 * production, nor in test runs, whose logs must hold no credential).
 */
function logLocalSignInCode(row: Pick<Email, "kind" | "toAddress" | "text">) {
  if (row.kind !== "login-code" || getEnv().NODE_ENV !== "development") return;
  const code = /\b(\d{6})\b/.exec(row.text)?.[1];
  if (code) logInfo("sign-in code (development, local outbox)", { to: row.toAddress, code });
}

/**
 * Delivers one outbox row (the 'email.send' job). Safe to run again at any point: a row already
 * final is left alone, and a row left "sending" by a crash is sent again with the same idempotency
 * key, which the provider answers with the original message id instead of a second delivery.
 */
export async function sendEmailNow(db: Db, emailId: string, attempt?: Attempt): Promise<void> {
  const sealed = await markEmailSending(db, emailId);
  if (!sealed) return;
  const row = openEmailSecrets(sealed);
  const key = getEnv().RESEND_API_KEY;
  if (!key) {
    await markEmailSent(db, row.id, { transport: "local", providerMessageId: `local-${row.id}` });
    logLocalSignInCode(row);
    return;
  }
  const loader = attachmentLoaders.get(row.kind);
  const attachments = loader ? await loader(row, db) : undefined;
  await waitForRateLimit();
  const resend = getResend(key);
  const res = await resend.emails.send(
    {
      from: row.fromAddress,
      to: [formatRecipient(row.toAddress, row.toName)],
      subject: row.subject,
      html: row.html,
      text: row.text,
      ...(row.replyTo ? { replyTo: row.replyTo } : {}),
      ...(row.headers ? { headers: row.headers } : {}),
      ...(attachments?.length ? { attachments } : {}),
    },
    { idempotencyKey: row.idempotencyKey, signal: AbortSignal.timeout(options.timeoutMs) },
  );
  noteRateLimit(res.headers);
  if (res.error) return settleError(db, [row.id], classifyResendError(res.error, res.headers), attempt);
  await options.afterProviderAccepted?.([row.id]);
  await markEmailSent(db, row.id, { transport: "resend", providerMessageId: res.data.id });
}

function batchKey(ids: string[]) {
  return (
    "batch-" +
    createHash("sha256")
      .update([...ids].sort().join(","))
      .digest("hex")
      .slice(0, 48)
  );
}

/**
 * Delivers up to 100 outbox rows with one batch call ('email.batch' job). One recipient per message,
 * no attachments. The idempotency key is derived from the set of rows still to send, which is the
 * same set on a retry (rows are marked together), so the payload and key repeat exactly.
 * Validation is permissive: a bad address fails only its own row.
 */
export async function sendEmailsBatch(db: Db, emailIds: string[], attempt?: Attempt): Promise<void> {
  if (emailIds.length > BATCH_LIMIT) {
    for (let i = 0; i < emailIds.length; i += BATCH_LIMIT)
      await sendEmailsBatch(db, emailIds.slice(i, i + BATCH_LIMIT), attempt);
    return;
  }
  const rows: Email[] = [];
  for (const id of emailIds) {
    const row = await markEmailSending(db, id);
    if (row) rows.push(openEmailSecrets(row));
  }
  if (!rows.length) return;
  const key = getEnv().RESEND_API_KEY;
  if (!key) {
    for (const row of rows) {
      await markEmailSent(db, row.id, { transport: "local", providerMessageId: `local-${row.id}` });
      logLocalSignInCode(row);
    }
    return;
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await waitForRateLimit();
  const resend = getResend(key);
  const res = await resend.batch.send(
    rows.map((row) => ({
      from: row.fromAddress,
      to: [formatRecipient(row.toAddress, row.toName)],
      subject: row.subject,
      html: row.html,
      text: row.text,
      ...(row.replyTo ? { replyTo: row.replyTo } : {}),
      ...(row.headers ? { headers: row.headers } : {}),
    })),
    {
      idempotencyKey: batchKey(rows.map((r) => r.id)),
      batchValidation: "permissive",
      signal: AbortSignal.timeout(options.timeoutMs),
    },
  );
  noteRateLimit(res.headers);
  if (res.error)
    return settleError(
      db,
      rows.map((r) => r.id),
      classifyResendError(res.error, res.headers),
      attempt,
    );
  // Permissive mode: `errors` names the rejected indexes; `data` lists the created ids of the others, in order.
  const failed = new Map<number, string>();
  for (const e of (res.data as { errors?: { index: number; message: string }[] }).errors ?? [])
    failed.set(e.index, e.message);
  const created = res.data.data ?? [];
  await options.afterProviderAccepted?.(rows.map((r) => r.id));
  await db.transaction(async (tx) => {
    let next = 0;
    for (let i = 0; i < rows.length; i++) {
      const f = failed.get(i);
      if (f !== undefined) {
        await markEmailFailed(tx, rows[i].id, `422 validation_error: ${f}`);
        continue;
      }
      const id = created[next++]?.id;
      if (id) await markEmailSent(tx, rows[i].id, { transport: "resend", providerMessageId: id });
      else await markEmailFailed(tx, rows[i].id, "provider returned no id for this message");
    }
  });
}

// ---------------------------------------------------------------- job handlers

type SettledListener = (
  db: Db,
  email: { id: string; kind: string; letterId: string | null; officeId: string | null },
) => Promise<void>;
const settledListeners = new Map<string, SettledListener>();

/**
 * Called after a message of this kind was sent, failed or held (not after a retry is scheduled), so
 * the record that caused it (a letter's send) can update its own state in the worker, not in a loader.
 */
export function onEmailSettled(kind: string, listener: SettledListener) {
  settledListeners.set(kind, listener);
}

/** The job that sends one queued message, then tells the kind's settled-listener (registered in app/services/job-handlers.server.ts). */
export async function handleEmailSendJob(payload: { emailId: string }, ctx: JobContext) {
  try {
    await sendEmailNow(ctx.db, payload.emailId, ctx.job);
  } finally {
    const row = await getEmail(ctx.db, payload.emailId);
    const listener =
      row && row.status !== "queued" && row.status !== "sending" ? settledListeners.get(row.kind) : undefined;
    if (listener && row) await listener(ctx.db, row);
  }
}

/** The job that sends up to BATCH_LIMIT notices in one provider call. */
export async function handleEmailBatchJob(payload: { emailIds: string[] }, ctx: JobContext) {
  await sendEmailsBatch(ctx.db, payload.emailIds, ctx.job);
}
