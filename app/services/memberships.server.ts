/**
 * Joining an office as one workflow (issue 10): an administrator's invitation and its email in one
 * transaction, for an address new to Undersigned or already a member of another office alike. Nobody
 * becomes a member without accepting (app/models/office-invitations.server.ts).
 */
import type { Queryable } from "#db/client.server";
import type { Role } from "#db/schema";
import type { Actor } from "#app/models/scope";
import { findUserByEmail, listMembershipsForUser, switchSessionOffice } from "#app/models/auth.server";
import { createOffice, getOffice } from "#app/models/offices.server";
import { createOfficeInvitation, OFFICE_INVITATION_DAYS } from "#app/models/office-invitations.server";
import { sendOfficeInvitationEmail } from "./notifications.server";

type Invitee = { email: string; name: string; role: Role };

/** Invites a person to the actor's office and emails them the link; `db` may be a transaction (then a savepoint). */
export function inviteToOffice(db: Queryable, actor: Actor, input: Invitee & { inviterName: string }) {
  return db.transaction(async (tx) => {
    const r = await createOfficeInvitation(tx, actor, input);
    if (!r.ok) return r;
    const office = (await getOffice(tx, actor.officeId))!;
    const existing = await findUserByEmail(tx, r.invitation.email);
    await sendOfficeInvitationEmail(tx, {
      office: { id: office.id, name: office.name },
      inviter: { name: input.inviterName },
      invitee: { email: r.invitation.email, name: input.name, role: input.role, locale: existing?.locale },
      token: r.invitation.token,
      validDays: OFFICE_INVITATION_DAYS,
    });
    return { ok: true as const, invitationId: r.invitation.invitationId, name: r.invitation.name };
  });
}

/** A platform administrator creates an office; its first administrator is invited like anyone else. */
export function createOfficeWithAdmin(
  db: Queryable,
  actor: { userId: string },
  input: {
    name: string;
    contactEmail: string | null;
    firstAdmin: { email: string; name: string };
    inviterName: string;
  },
) {
  return db.transaction(async (tx) => {
    const office = await createOffice(tx, actor, { name: input.name, contactEmail: input.contactEmail });
    const invited = await inviteToOffice(
      tx,
      { userId: actor.userId, officeId: office.id },
      { ...input.firstAdmin, role: "admin", inviterName: input.inviterName },
    );
    if (!invited.ok) throw new Error("a new office has no members, so its first invitation cannot be refused");
    return { ok: true as const, officeId: office.id };
  });
}

/**
 * Switching the session between a person's offices. The session's office is checked against the person's
 * memberships on every request (getSessionContext joins them), so a switch to an office they do not belong to
 * could never act; it is refused here as "not found" all the same, without a hint.
 */
export async function switchOffice(
  db: Queryable,
  session: { sessionHash: string; userId: string },
  officeId: string,
): Promise<{ ok: true; officeName: string } | { ok: false; error: "not-found" }> {
  const mine = (await listMembershipsForUser(db, session.userId)).find((m) => m.officeId === officeId);
  if (!mine) return { ok: false, error: "not-found" };
  await switchSessionOffice(db, session.sessionHash, officeId);
  return { ok: true, officeName: mine.officeName };
}
