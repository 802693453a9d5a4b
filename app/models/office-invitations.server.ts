/**
 * Invitations to join an office (issue 10): nobody is made a member of an office without saying yes. An
 * administrator invites an address; the person accepts or declines through the emailed link. The personal
 * token is the link's only secret and is stored as SHA-256; an invitation works once and for a week.
 */
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { memberships, officeInvitations, offices, users, type Role } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { randomToken, sha256Hex } from "#app/infra/crypto.server";
import { audit } from "#app/infra/audit.server";
import { normaliseEmail } from "./auth.server";
import type { Actor } from "./scope";

export const OFFICE_INVITATION_DAYS = 7;

export type NewOfficeInvitation = { invitationId: string; token: string; email: string; name: string; role: Role };

/**
 * Invites an address to the actor's office with a role. An address that is already a member is refused
 * ("exists"); an earlier pending invitation of the same address is replaced (its link stops working). No
 * account and no membership is created here: that happens only when the person accepts.
 */
export async function createOfficeInvitation(
  tx: Queryable,
  actor: Actor,
  input: { email: string; name: string; role: Role; now?: Date },
): Promise<{ ok: true; invitation: NewOfficeInvitation } | { ok: false; error: "exists" | "pending" }> {
  const email = normaliseEmail(input.email);
  const now = input.now ?? new Date();
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.officeId, actor.officeId), eq(users.email, email)))
    .limit(1);
  if (member) return { ok: false, error: "exists" };
  await tx
    .update(officeInvitations)
    .set({ status: "revoked", respondedAt: now })
    .where(
      and(
        eq(officeInvitations.officeId, actor.officeId),
        eq(officeInvitations.email, email),
        eq(officeInvitations.status, "pending"),
      ),
    );
  const token = randomToken();
  const [row] = await tx
    .insert(officeInvitations)
    .values({
      officeId: actor.officeId,
      email,
      name: input.name.trim(),
      role: input.role,
      tokenHash: sha256Hex(token),
      invitedBy: actor.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + OFFICE_INVITATION_DAYS * 86_400_000),
    })
    // Another administrator invited the same address at the same moment: theirs stands.
    .onConflictDoNothing()
    .returning({ id: officeInvitations.id });
  if (!row) return { ok: false, error: "pending" };
  await audit(tx, {
    officeId: actor.officeId,
    actorUserId: actor.userId,
    action: "member.invited",
    data: { invitationId: row.id, role: input.role },
  });
  return { ok: true, invitation: { invitationId: row.id, token, email, name: input.name.trim(), role: input.role } };
}

/**
 * What the link opens: the pending, unexpired invitation, its office and who sent it, and whether the address
 * already has an account that can sign in (one with a membership somewhere). Null for anything else.
 */
export async function getOfficeInvitation(db: Queryable, token: string, now = new Date()) {
  const [row] = await db
    .select({
      id: officeInvitations.id,
      officeId: officeInvitations.officeId,
      officeName: offices.name,
      email: officeInvitations.email,
      name: officeInvitations.name,
      role: officeInvitations.role,
      expiresAt: officeInvitations.expiresAt,
      inviterName: sql<string | null>`(select u.name from users u where u.id = ${officeInvitations.invitedBy})`,
      accountId: sql<string | null>`(select u.id from users u where u.email = ${officeInvitations.email})`,
      accountCanSignIn: sql<boolean>`exists (select 1 from users u join memberships m on m.user_id = u.id
        where u.email = ${officeInvitations.email})`,
    })
    .from(officeInvitations)
    .innerJoin(offices, eq(offices.id, officeInvitations.officeId))
    .where(
      and(
        eq(officeInvitations.tokenHash, sha256Hex(token)),
        eq(officeInvitations.status, "pending"),
        gt(officeInvitations.expiresAt, now),
      ),
    )
    .limit(1);
  return row ? { ...row, accountCanSignIn: Boolean(row.accountCanSignIn) } : null;
}

export type OfficeInvitationAnswer =
  | { ok: true; officeId: string; userId: string; created: boolean }
  | { ok: false; error: "invalid" | "wrong-person" | "sign-in" };

/** The pending invitation behind a token, locked: two answers at once take turns, the second finds it answered. */
async function lockPending(tx: Queryable, token: string, now: Date) {
  const [row] = await tx
    .select()
    .from(officeInvitations)
    .where(
      and(
        eq(officeInvitations.tokenHash, sha256Hex(token)),
        eq(officeInvitations.status, "pending"),
        gt(officeInvitations.expiresAt, now),
      ),
    )
    .for("update")
    .limit(1);
  return row ?? null;
}

/**
 * Who may answer: the person signed in as the invited address; or, when that address has no account that can
 * sign in, whoever holds the link (it was sent to that address). Anyone else is refused.
 */
async function answerer(tx: Queryable, email: string, signedIn: { userId: string; email: string } | null) {
  if (signedIn) return normaliseEmail(signedIn.email) === email ? ("ok" as const) : ("wrong-person" as const);
  const [usable] = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.email, email))
    .limit(1);
  return usable ? ("sign-in" as const) : ("ok" as const);
}

/**
 * Accepts: the membership is created now, with the invited role (an account first, for an address that has
 * none). Audited in the office's chain.
 */
export async function acceptOfficeInvitation(
  tx: Queryable,
  input: { token: string; signedIn: { userId: string; email: string } | null; now?: Date },
): Promise<OfficeInvitationAnswer> {
  const now = input.now ?? new Date();
  const inv = await lockPending(tx, input.token, now);
  if (!inv) return { ok: false, error: "invalid" };
  const who = await answerer(tx, inv.email, input.signedIn);
  if (who !== "ok") return { ok: false, error: who };
  const inserted = await tx
    .insert(users)
    .values({ email: inv.email, name: inv.name })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  const [user] = inserted.length
    ? inserted
    : await tx.select({ id: users.id }).from(users).where(eq(users.email, inv.email));
  await tx
    .insert(memberships)
    .values({ officeId: inv.officeId, userId: user.id, role: inv.role })
    .onConflictDoNothing();
  await tx
    .update(officeInvitations)
    .set({ status: "accepted", respondedAt: now })
    .where(eq(officeInvitations.id, inv.id));
  await audit(tx, {
    officeId: inv.officeId,
    actorUserId: user.id,
    action: "member.joined",
    data: { invitationId: inv.id, userId: user.id, role: inv.role, newAccount: inserted.length > 0 },
  });
  return { ok: true, officeId: inv.officeId, userId: user.id, created: inserted.length > 0 };
}

/** Declines: nothing but the invitation changes; the link stops working. */
export async function declineOfficeInvitation(
  tx: Queryable,
  input: { token: string; signedIn: { userId: string; email: string } | null; now?: Date },
): Promise<{ ok: true } | { ok: false; error: "invalid" | "wrong-person" | "sign-in" }> {
  const now = input.now ?? new Date();
  const inv = await lockPending(tx, input.token, now);
  if (!inv) return { ok: false, error: "invalid" };
  const who = await answerer(tx, inv.email, input.signedIn);
  if (who !== "ok") return { ok: false, error: who };
  await tx
    .update(officeInvitations)
    .set({ status: "declined", respondedAt: now })
    .where(eq(officeInvitations.id, inv.id));
  await audit(tx, {
    officeId: inv.officeId,
    actorLabel: inv.email,
    action: "member.declined",
    data: { invitationId: inv.id },
  });
  return { ok: true };
}

/** The office's invitations still waiting for an answer (the administration page). */
export async function listPendingOfficeInvitations(db: Queryable, officeId: string, now = new Date()) {
  return db
    .select({
      id: officeInvitations.id,
      email: officeInvitations.email,
      name: officeInvitations.name,
      role: officeInvitations.role,
      createdAt: officeInvitations.createdAt,
      expiresAt: officeInvitations.expiresAt,
    })
    .from(officeInvitations)
    .where(
      and(
        eq(officeInvitations.officeId, officeId),
        eq(officeInvitations.status, "pending"),
        gt(officeInvitations.expiresAt, now),
      ),
    )
    .orderBy(asc(officeInvitations.createdAt));
}

/** Withdraws a pending invitation of the actor's office: its link stops working. */
export async function revokeOfficeInvitation(tx: Queryable, actor: Actor, invitationId: string, now = new Date()) {
  const rows = await tx
    .update(officeInvitations)
    .set({ status: "revoked", respondedAt: now })
    .where(
      and(
        eq(officeInvitations.id, invitationId),
        eq(officeInvitations.officeId, actor.officeId),
        eq(officeInvitations.status, "pending"),
      ),
    )
    .returning({ id: officeInvitations.id });
  if (!rows.length) return { ok: false as const };
  await audit(tx, {
    officeId: actor.officeId,
    actorUserId: actor.userId,
    action: "member.invitation-revoked",
    data: { invitationId },
  });
  return { ok: true as const };
}
