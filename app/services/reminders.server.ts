/**
 * The reminder job: in one transaction, re-checks that the invitation is still pending and not opted out, the
 * letter still collecting with the same deadline and reminder day, then rotates the personal link and queues the
 * email. The idempotency key is the job's dedupe key, checked first, so a re-run after a crash neither rotates the
 * link again nor sends twice. Planning the jobs is in app/models/reminders.server.ts.
 */
import type { Db } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { signingOpen } from "#app/domain/signature-status";
import { lockLetter } from "#app/models/letters.server";
import { getOffice } from "#app/models/offices.server";
import {
  getInvitationForReminder,
  reminderAlreadyQueued,
  reminderDedupeKey,
  unsubscribeToken,
  type ReminderPayload,
} from "#app/models/reminders.server";
import { answerStillOpen, rotateInvitationToken } from "#app/models/signing.server";
import { sendReminderEmail } from "./notifications.server";

export type ReminderOutcome =
  | "sent"
  | "already-sent"
  | "not-pending"
  | "answered"
  | "opted-out"
  | "closed"
  | "deadline-changed"
  | "day-removed"
  | "gone";

export async function sendReminder(db: Db, payload: ReminderPayload, now = new Date()): Promise<ReminderOutcome> {
  return db.transaction(async (tx) => {
    const inv0 = await getInvitationForReminder(tx, payload.invitationId);
    if (!inv0 || inv0.letterId !== payload.letterId) return "gone";
    const letter = await lockLetter(tx, { id: inv0.letterId, officeId: inv0.officeId });
    if (!letter) return "gone";
    const key = reminderDedupeKey(payload);
    if (await reminderAlreadyQueued(tx, key)) return "already-sent";
    // Read again under the letter's lock: a signature or an opt-out may have landed meanwhile.
    const inv = (await getInvitationForReminder(tx, payload.invitationId))!;
    if (inv.status !== "pending") return "not-pending";
    if (inv.remindersOff) return "opted-out";
    // The Member answered another way (their own link, their staff's, a pasted list): no reminder.
    if (!(await answerStillOpen(tx, { letterId: inv.letterId, mepId: inv.mepId }))) return "answered";
    if (!signingOpen(letter, now)) return "closed";
    if (letter.signatureDeadline?.toISOString() !== payload.deadline) return "deadline-changed";
    if (!(letter.reminderDays ?? []).includes(payload.days)) return "day-removed";
    const rotated = await rotateInvitationToken(tx, inv.id, now);
    if (!rotated) return "gone";
    const office = await getOffice(tx, letter.officeId);
    await sendReminderEmail(tx, {
      letter,
      office: { name: office?.name ?? "", contactEmail: office?.contactEmail ?? null },
      invitee: { email: inv.inviteeEmail, name: inv.inviteeName },
      token: rotated.token,
      unsubscribeToken: unsubscribeToken(rotated.invitation),
      idempotencyKey: key,
    });
    await audit(tx, {
      officeId: letter.officeId,
      letterId: letter.id,
      actorLabel: "reminders",
      action: "invitation.reminded",
      data: { invitationId: inv.id, mepId: inv.mepId, daysBefore: payload.days },
    });
    return "sent";
  });
}
