/** Offices and their members (administration). */
import { and, asc, count, eq } from "drizzle-orm";
import { memberships, offices, users, type Role } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";

export async function getOffice(db: Queryable, officeId: string) {
  const [o] = await db.select().from(offices).where(eq(offices.id, officeId));
  return o ?? null;
}

export async function listMembers(db: Queryable, officeId: string) {
  return db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.officeId, officeId))
    .orderBy(asc(users.name));
}

export async function removeMember(tx: Queryable, actor: { userId: string; officeId: string }, membershipId: string) {
  const [m] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.officeId, actor.officeId)));
  if (!m) return { ok: false as const, error: "not-found" as const };
  if (m.userId === actor.userId) return { ok: false as const, error: "self" as const };
  await tx.delete(memberships).where(eq(memberships.id, m.id));
  await audit(tx, {
    officeId: actor.officeId,
    actorUserId: actor.userId,
    action: "member.removed",
    data: { userId: m.userId },
  });
  return { ok: true as const };
}

export async function changeRole(
  tx: Queryable,
  actor: { userId: string; officeId: string },
  membershipId: string,
  role: Role,
) {
  const rows = await tx
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.id, membershipId), eq(memberships.officeId, actor.officeId)))
    .returning({ userId: memberships.userId });
  if (!rows.length) return { ok: false as const };
  await audit(tx, {
    officeId: actor.officeId,
    actorUserId: actor.userId,
    action: "member.role",
    data: { userId: rows[0].userId, role },
  });
  return { ok: true as const };
}

/** Platform administrators only. */
export async function listOffices(db: Queryable) {
  return db
    .select({ id: offices.id, name: offices.name, createdAt: offices.createdAt, members: count(memberships.id) })
    .from(offices)
    .leftJoin(memberships, eq(memberships.officeId, offices.id))
    .groupBy(offices.id)
    .orderBy(asc(offices.name));
}

/** A new, empty office (its first administrator is invited by the caller: app/services/memberships.server.ts). */
export async function createOffice(
  tx: Queryable,
  actor: { userId: string },
  input: { name: string; contactEmail: string | null },
) {
  const [office] = await tx.insert(offices).values({ name: input.name, contactEmail: input.contactEmail }).returning();
  await audit(tx, {
    officeId: office.id,
    actorUserId: actor.userId,
    action: "office.created",
    data: { name: input.name },
  });
  return office;
}

// ---------------------------------------------------------------- the office's settings

export type OfficeSettingsRow = {
  mepId: number | null;
  letterhead: string | null;
  defaultPlaceLine: string | null;
  timeZone: string;
  staffSignatureConfirmation: "outside-domain" | "always";
};

/** The settings an office administrator edits on /office (the reply clock is read with getOfficeClock). */
export async function getOfficeSettings(db: Queryable, officeId: string): Promise<OfficeSettingsRow | null> {
  const [o] = await db
    .select({
      mepId: offices.mepId,
      letterhead: offices.letterhead,
      defaultPlaceLine: offices.defaultPlaceLine,
      timeZone: offices.timeZone,
      staffSignatureConfirmation: offices.staffSignatureConfirmation,
    })
    .from(offices)
    .where(eq(offices.id, officeId));
  return o ?? null;
}

export async function updateOfficeSettings(tx: Queryable, officeId: string, settings: OfficeSettingsRow) {
  await tx
    .update(offices)
    .set({
      mepId: settings.mepId,
      letterhead: settings.letterhead,
      defaultPlaceLine: settings.defaultPlaceLine,
      timeZone: settings.timeZone,
      staffSignatureConfirmation: settings.staffSignatureConfirmation,
    })
    .where(eq(offices.id, officeId));
}

/** The zone the office reads times in (send status, retries); Brussels when the office is unknown. */
export async function getOfficeTimeZone(db: Queryable, officeId: string): Promise<string> {
  const [o] = await db.select({ tz: offices.timeZone }).from(offices).where(eq(offices.id, officeId));
  return o?.tz ?? "Europe/Brussels";
}
