/**
 * Inviting co-signers as one workflow: the invitations, one email each, and their reminders, in one transaction.
 * Members who already signed (outside signatures included) or declined are never invited again (inviteMeps), and a
 * reminder goes out only while the Member's answer is still open for the current version (answerStillOpen).
 * `db` may be a transaction (the invite page claims its form key in one): the workflow then runs in a savepoint.
 */
import type { Db, Queryable } from "#db/client.server";
import type { Actor } from "#app/models/scope";
import { getOffice } from "#app/models/offices.server";
import { planReminders } from "#app/models/reminders.server";
import { inviteMeps, inviteStaff, resendInvitation, type NewInvitation } from "#app/models/signing.server";
import { getFailedInvitationEmail } from "#app/models/tracking.server";
import { audit } from "#app/infra/audit.server";
import { retryFailedEmail } from "#app/infra/mailer.server";
import { sendInvitationEmail } from "./notifications.server";

type LetterForInvite = {
  id: string;
  subject: string;
  language: string;
  signatureDeadline: Date | null;
  officeId: string;
};
type Inviter = { name: string; email: string };

/** Emails every new invitee (one message each) and plans their reminders, in the inviting transaction. */
async function notifyInvitees(
  tx: Queryable,
  actor: Actor,
  letter: LetterForInvite,
  inviter: Inviter,
  invited: NewInvitation[],
) {
  if (!invited.length) return;
  const office = (await getOffice(tx, actor.officeId))!;
  for (const inv of invited) {
    await sendInvitationEmail(tx, {
      letter,
      office: { name: office.name, contactEmail: office.contactEmail },
      inviter,
      invitee: { name: inv.name, email: inv.email },
      token: inv.token,
    });
  }
  await planReminders(tx, { letterId: letter.id, officeId: actor.officeId });
}

export function inviteMembers(
  db: Queryable,
  actor: Actor,
  input: { letter: LetterForInvite; inviter: Inviter; mepIds: number[] },
) {
  return db.transaction(async (tx) => {
    const r = await inviteMeps(tx, actor, { letterId: input.letter.id, mepIds: input.mepIds });
    if (r.ok) await notifyInvitees(tx, actor, input.letter, input.inviter, r.invited);
    return r;
  });
}

export function inviteStaffMember(
  db: Queryable,
  actor: Actor,
  input: {
    letter: LetterForInvite;
    inviter: Inviter;
    mepId: number;
    staffName: string;
    staffEmail: string;
    alsoMep: boolean;
  },
) {
  return db.transaction(async (tx) => {
    const r = await inviteStaff(tx, actor, {
      letterId: input.letter.id,
      mepId: input.mepId,
      staffName: input.staffName,
      staffEmail: input.staffEmail,
    });
    if (!r.ok) return r;
    const invited = [r.invitation];
    if (input.alsoMep) {
      const m = await inviteMeps(tx, actor, {
        letterId: input.letter.id,
        mepIds: [input.mepId],
        evenIfStaffInvited: true,
      });
      if (m.ok) invited.push(...m.invited);
    }
    await notifyInvitees(tx, actor, input.letter, input.inviter, invited);
    return r;
  });
}

export function resendOne(
  db: Queryable,
  actor: Actor,
  input: { letter: LetterForInvite; inviter: Inviter; invitationId: string },
) {
  return db.transaction(async (tx) => {
    const r = await resendInvitation(tx, actor, { letterId: input.letter.id, invitationId: input.invitationId });
    if (r.ok)
      await notifyInvitees(tx, actor, input.letter, input.inviter, [
        {
          invitationId: r.invitation.id,
          token: r.token,
          mepId: r.invitation.mepId,
          name: r.invitation.inviteeName,
          email: r.invitation.inviteeEmail,
        },
      ]);
    return r;
  });
}

/** Sends a failed invitation or reminder message again (the retry button on the invite page). */
export function retryInvitationEmail(db: Db, actor: Actor, input: { letterId: string; emailId: string }) {
  return db.transaction(async (tx) => {
    const email = await getFailedInvitationEmail(tx, { ...input, officeId: actor.officeId });
    if (!email) return { ok: false as const, error: "not-found" as const };
    if (email.status !== "failed" || !(await retryFailedEmail(tx, email.id)))
      return { ok: false as const, error: "not-failed" as const };
    await audit(tx, {
      officeId: actor.officeId,
      letterId: input.letterId,
      actorUserId: actor.userId,
      action: "invitation.email-retried",
      data: { emailId: email.id, kind: email.kind },
    });
    return { ok: true as const, address: email.toAddress };
  });
}
