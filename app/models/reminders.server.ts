/**
 * Signature deadline, closing and reopening signing, and reminders to invitees who have not answered.
 *
 * Reminders are jobs on the shared queue, one per (invitation, days-before, deadline), enqueued with
 * run_at = the reminder time (app/domain/reminder-schedule.ts) and the dedupe key
 * `reminder:<letterId>:<invitationId>:<N>:<deadlineISO>`: planning again (new invitees, a saved
 * schedule) never makes a second job, and a moved deadline makes new keys while the old jobs find the
 * deadline changed and do nothing. The handler re-checks everything before sending.
 *
 * Links: only the SHA-256 of a personal token is stored, so a reminder carries a fresh personal link
 * (the invitation's token is rotated in the same transaction that queues the email). Earlier links
 * keep working (invitation_links) until the invitation is revoked. The unsubscribe link does not
 * contain the signing token: it is `<invitationId>.<mac>` with mac = HMAC(APP_SECRET, "unsubscribe",
 * invitation id, the hash of the link sent in that message), truncated to 32 base64url characters.
 * It cannot be forged without the server secret, is useless for signing, and only ever turns
 * reminders off; it is checked against the current and every superseded link of the invitation.
 */

import { and, eq, inArray, sql } from "drizzle-orm";
import { emails, invitationLinks, invitations, jobs, letters, meps } from "#db/schema";
import type { Queryable } from "#db/client.server";

import { audit } from "#app/infra/audit.server";
import { keyedHash, safeEqualHex } from "#app/infra/crypto.server";
import { enqueue } from "#app/infra/jobs.server";

import { reminderRunAt } from "#app/domain/reminder-schedule";
import { signingOpen } from "#app/domain/signature-status";

import { lockLetter } from "./letters.server";

import type { Actor } from "./scope";

export const REMINDER_QUEUE = "reminder.send";

export type ReminderPayload = { letterId: string; invitationId: string; days: number; deadline: string };

export function reminderDedupeKey(p: ReminderPayload) {
  return `reminder:${p.letterId}:${p.invitationId}:${p.days}:${p.deadline}`;
}

// ---------------------------------------------------------------- planning

/**
 * Enqueues the reminders of every pending, not opted-out invitation of an open letter with a
 * deadline. Reminders whose time has already passed are not sent late. Idempotent; returns the
 * number of new jobs.
 */
export async function planReminders(
  tx: Queryable,
  input: { letterId: string; officeId: string; now?: Date },
): Promise<number> {
  const [letter] = await tx
    .select()
    .from(letters)
    .where(and(eq(letters.id, input.letterId), eq(letters.officeId, input.officeId)))
    .limit(1);
  const now = input.now ?? new Date();
  if (!letter || !letter.signatureDeadline || !signingOpen(letter, now)) return 0;
  const days = letter.reminderDays ?? [];
  if (!days.length) return 0;
  const pending = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(eq(invitations.letterId, letter.id), eq(invitations.status, "pending"), eq(invitations.remindersOff, false)),
    );
  const deadline = letter.signatureDeadline.toISOString();
  let created = 0;
  for (const n of days) {
    const runAt = reminderRunAt(letter.signatureDeadline, n);
    if (runAt.getTime() <= now.getTime()) continue;
    for (const inv of pending) {
      const payload: ReminderPayload = { letterId: letter.id, invitationId: inv.id, days: n, deadline };
      const id = await enqueue(tx, REMINDER_QUEUE, payload, {
        runAt,
        dedupeKey: reminderDedupeKey(payload),
        maxAttempts: 5,
      });
      if (id !== null) created++;
    }
  }
  return created;
}

// ---------------------------------------------------------------- the office's controls

export type ScheduleResult =
  { ok: true; scheduled: number } | { ok: false; error: "not-found" | "not-collecting" | "past-deadline" };

/** Sets (or extends, or removes) the deadline and the reminder days, then plans the reminders. */
export async function updateSigningSchedule(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; deadline: Date | null; reminderDays: number[]; now?: Date },
): Promise<ScheduleResult> {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false, error: "not-found" };
  if (letter.status !== "collecting" && letter.status !== "draft") return { ok: false, error: "not-collecting" };
  const now = input.now ?? new Date();
  if (input.deadline && input.deadline.getTime() <= now.getTime()) return { ok: false, error: "past-deadline" };
  await tx
    .update(letters)
    .set({ signatureDeadline: input.deadline, reminderDays: input.reminderDays, updatedAt: now })
    .where(eq(letters.id, letter.id));
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "signing.schedule",
    data: {
      from: letter.signatureDeadline?.toISOString() ?? null,
      to: input.deadline?.toISOString() ?? null,
      reminderDays: input.reminderDays,
    },
  });
  return { ok: true, scheduled: await planReminders(tx, { letterId: letter.id, officeId: actor.officeId, now }) };
}

export async function closeSigning(tx: Queryable, actor: Actor, input: { letterId: string; now?: Date }) {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  if (letter.status !== "collecting") return { ok: false as const, error: "not-collecting" as const };
  if (letter.signingClosedAt) return { ok: true as const, changed: false };
  const now = input.now ?? new Date();
  await tx.update(letters).set({ signingClosedAt: now, updatedAt: now }).where(eq(letters.id, letter.id));
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "signing.closed",
    data: {},
  });
  return { ok: true as const, changed: true };
}

export async function reopenSigning(tx: Queryable, actor: Actor, input: { letterId: string; now?: Date }) {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  if (letter.status !== "collecting") return { ok: false as const, error: "not-collecting" as const };
  if (!letter.signingClosedAt) return { ok: true as const, changed: false, scheduled: 0 };
  const now = input.now ?? new Date();
  await tx.update(letters).set({ signingClosedAt: null, updatedAt: now }).where(eq(letters.id, letter.id));
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "signing.reopened",
    data: {},
  });
  return {
    ok: true as const,
    changed: true,
    scheduled: await planReminders(tx, { letterId: letter.id, officeId: actor.officeId, now }),
  };
}

/** Reminder jobs still waiting for a letter, for the office's page. */
export async function countScheduledReminders(db: Queryable, { letterId }: { letterId: string }) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(jobs)
    .where(
      and(
        eq(jobs.queue, REMINDER_QUEUE),
        inArray(jobs.status, ["queued", "running"]),
        sql`${jobs.payload}->>'letterId' = ${letterId}`,
      ),
    );
  return Number(row?.n ?? 0);
}

// ---------------------------------------------------------------- unsubscribe

// Keyed with the server secret: the stored token hash alone (a database copy) cannot make a valid link.
function mac(invitationId: string, tokenHash: string) {
  return Buffer.from(keyedHash("unsubscribe", `${invitationId}\n${tokenHash}`), "hex")
    .toString("base64url")
    .slice(0, 32);
}

export function unsubscribeToken(inv: { id: string; tokenHash: string }) {
  return `${inv.id}.${mac(inv.id, inv.tokenHash)}`;
}

const UNSUB = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{32})$/;

/** The invitation an unsubscribe token names, or null (unknown, revoked, or replaced by a newer link). */
export async function getUnsubscribeContext(db: Queryable, token: string | undefined) {
  const m = token ? UNSUB.exec(token) : null;
  if (!m) return null;
  const [row] = await db
    .select({
      invitation: invitations,
      letterSubject: letters.subject,
      letterLanguage: letters.language,
      preferredLanguage: meps.preferredLanguage,
    })
    .from(invitations)
    .innerJoin(letters, eq(letters.id, invitations.letterId))
    .innerJoin(meps, eq(meps.id, invitations.mepId))
    .where(eq(invitations.id, m[1]))
    .limit(1);
  if (!row || row.invitation.status === "revoked") return null;
  const earlier = await db
    .select({ tokenHash: invitationLinks.tokenHash })
    .from(invitationLinks)
    .where(eq(invitationLinks.invitationId, row.invitation.id));
  const given = Buffer.from(m[2]).toString("hex");
  const ok = [row.invitation.tokenHash, ...earlier.map((e) => e.tokenHash)].some((h) =>
    safeEqualHex(Buffer.from(mac(row.invitation.id, h)).toString("hex"), given),
  );
  return ok ? row : null;
}

/** One-click unsubscribe (RFC 8058 POST): turns reminders off for this invitation. */
export async function unsubscribeReminders(tx: Queryable, token: string | undefined) {
  const ctx = await getUnsubscribeContext(tx, token);
  if (!ctx) return { ok: false as const };
  if (ctx.invitation.remindersOff) return { ok: true as const, changed: false, letterSubject: ctx.letterSubject };
  await tx.update(invitations).set({ remindersOff: true }).where(eq(invitations.id, ctx.invitation.id));
  await audit(tx, {
    officeId: ctx.invitation.officeId,
    letterId: ctx.invitation.letterId,
    actorLabel: ctx.invitation.inviteeName,
    action: "invitation.reminders-off",
    data: { invitationId: ctx.invitation.id, mepId: ctx.invitation.mepId },
  });
  return { ok: true as const, changed: true, letterSubject: ctx.letterSubject };
}

// ---------------------------------------------------------------- sending (see app/services/reminders.server.ts)

/** Whether a reminder with this key was already queued as an email (a re-run after a crash must not send twice). */
export async function reminderAlreadyQueued(db: Queryable, key: string) {
  const [done] = await db.select({ id: emails.id }).from(emails).where(eq(emails.idempotencyKey, key)).limit(1);
  return Boolean(done);
}

/** The invitation a reminder job names (unscoped: the job carries no session; the letter is checked by the caller). */
export async function getInvitationForReminder(db: Queryable, invitationId: string) {
  const [inv] = await db.select().from(invitations).where(eq(invitations.id, invitationId)).limit(1);
  return inv ?? null;
}
