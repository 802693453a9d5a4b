/**
 * Invitations and signatures: the evidence that a named MEP approved an exact version.
 * The personal token is the only credential on the signing side; it is stored as SHA-256.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { invitations, letters, meps, offices, signatures, letterVersions } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { randomToken, sha256Hex } from "#app/utils/crypto.server";
import { audit } from "#app/utils/audit.server";
import { getCurrentVersion, lockLetter } from "./letters.server";

type Actor = { userId: string; officeId: string };

export async function listInvitations(db: Queryable, { letterId, officeId }: { letterId: string; officeId: string }) {
  return db
    .select({
      id: invitations.id,
      mepId: invitations.mepId,
      inviteeName: invitations.inviteeName,
      inviteeEmail: invitations.inviteeEmail,
      status: invitations.status,
      declineReason: invitations.declineReason,
      createdAt: invitations.createdAt,
      lastSentAt: invitations.lastSentAt,
      respondedAt: invitations.respondedAt,
      mepName: sql<string>`${meps.givenName} || ' ' || ${meps.familyName}`,
      politicalGroup: meps.politicalGroup,
      country: meps.country,
    })
    .from(invitations)
    .innerJoin(meps, eq(meps.id, invitations.mepId))
    .where(and(eq(invitations.letterId, letterId), eq(invitations.officeId, officeId)))
    .orderBy(asc(meps.sortKey));
}

export type NewInvitation = { invitationId: string; token: string; mepId: number; name: string; email: string };

/**
 * Invites MEPs to sign. MEPs already invited on this letter (or without an address) are skipped.
 * Returns the raw tokens so the caller can put them in the emails, in the same transaction.
 */
export async function inviteMeps(tx: Queryable, actor: Actor, input: { letterId: string; mepIds: number[] }) {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  if (letter.status !== "collecting") return { ok: false as const, error: letter.status === "draft" ? ("no-version" as const) : ("closed" as const) };
  const ids = [...new Set(input.mepIds)].filter((n) => Number.isInteger(n) && n > 0);
  if (!ids.length) return { ok: true as const, invited: [] as NewInvitation[], skipped: 0 };
  const people = await tx.select().from(meps).where(inArray(meps.id, ids));
  const already = new Set(
    (
      await tx
        .select({ mepId: invitations.mepId })
        .from(invitations)
        .where(and(eq(invitations.letterId, letter.id), inArray(invitations.mepId, ids)))
    ).map((r) => r.mepId),
  );
  const invited: NewInvitation[] = [];
  for (const m of people) {
    if (already.has(m.id) || !m.email) continue;
    const token = randomToken();
    const [row] = await tx
      .insert(invitations)
      .values({
        letterId: letter.id,
        officeId: actor.officeId,
        mepId: m.id,
        inviteeName: `${m.givenName} ${m.familyName}`,
        inviteeEmail: m.email.toLowerCase(),
        tokenHash: sha256Hex(token),
        createdBy: actor.userId,
        sendCount: 1,
        lastSentAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: invitations.id });
    if (!row) continue;
    invited.push({ invitationId: row.id, token, mepId: m.id, name: `${m.givenName} ${m.familyName}`, email: m.email.toLowerCase() });
  }
  if (invited.length) {
    await audit(tx, { officeId: actor.officeId, letterId: letter.id, actorUserId: actor.userId, action: "invitations.created", data: { mepIds: invited.map((i) => i.mepId) } });
  }
  return { ok: true as const, invited, skipped: ids.length - invited.length };
}

/** Everything the signing page needs, found by the token alone. Null for unknown or revoked tokens. */
export async function getSigningContext(db: Queryable, token: string) {
  const [row] = await db
    .select({ invitation: invitations, letter: letters, officeName: offices.name, officeEmail: offices.contactEmail, mep: meps })
    .from(invitations)
    .innerJoin(letters, eq(letters.id, invitations.letterId))
    .innerJoin(offices, eq(offices.id, invitations.officeId))
    .innerJoin(meps, eq(meps.id, invitations.mepId))
    .where(eq(invitations.tokenHash, sha256Hex(token)))
    .limit(1);
  if (!row || row.invitation.status === "revoked") return null;
  const version = await getCurrentVersion(db, row.letter.id);
  const [live] = await db
    .select()
    .from(signatures)
    .where(and(eq(signatures.letterId, row.letter.id), eq(signatures.mepId, row.mep.id), isNull(signatures.withdrawnAt)))
    .limit(1);
  let signedVersionNumber: number | null = null;
  if (live) {
    const [v] = await db.select({ number: letterVersions.number }).from(letterVersions).where(eq(letterVersions.id, live.versionId));
    signedVersionNumber = v?.number ?? null;
  }
  return { ...row, version, signature: live ?? null, signedVersionNumber };
}

export type SignInput = {
  token: string;
  versionHash: string;
  signerName: string;
  capacity: "mep" | "staff";
  signerRole?: string | null;
  ip: string;
  userAgent: string | null;
  now?: Date;
};

export type SignResult =
  | { ok: true; status: "signed" | "already-signed"; signatureId: string }
  | { ok: false; error: "invalid-link" | "closed" | "deadline-passed" | "text-changed" | "no-version" };

/**
 * Records a signature bound to the version the signer saw. If the office published a newer version
 * meanwhile, nothing is recorded ("text-changed", answered 409). The partial unique index makes a
 * double submit produce one row; the second answer is "already-signed".
 */
export async function signByToken(tx: Queryable, input: SignInput): Promise<SignResult> {
  const tokenHash = sha256Hex(input.token);
  const [inv] = await tx.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).limit(1);
  if (!inv || inv.status === "revoked") return { ok: false, error: "invalid-link" };
  // Serialise with publishing and sending on the letter row.
  const letter = await lockLetter(tx, { id: inv.letterId, officeId: inv.officeId });
  if (!letter) return { ok: false, error: "invalid-link" };
  if (letter.status !== "collecting") return { ok: false, error: "closed" };
  const now = input.now ?? new Date();
  if (letter.signatureDeadline && letter.signatureDeadline < now) return { ok: false, error: "deadline-passed" };
  const version = await getCurrentVersion(tx, letter.id);
  if (!version) return { ok: false, error: "no-version" };
  if (version.sha256 !== input.versionHash) return { ok: false, error: "text-changed" };
  const [existing] = await tx
    .select({ id: signatures.id, versionId: signatures.versionId })
    .from(signatures)
    .where(and(eq(signatures.letterId, letter.id), eq(signatures.mepId, inv.mepId), isNull(signatures.withdrawnAt)))
    .limit(1);
  if (existing && existing.versionId === version.id) return { ok: true, status: "already-signed", signatureId: existing.id };
  if (existing) {
    // Re-confirming a newer version: the old signature is withdrawn and a new one binds to this text.
    await tx.update(signatures).set({ withdrawnAt: now }).where(eq(signatures.id, existing.id));
  }
  const [mep] = await tx.select().from(meps).where(eq(meps.id, inv.mepId));
  const [row] = await tx
    .insert(signatures)
    .values({
      letterId: letter.id,
      officeId: letter.officeId,
      invitationId: inv.id,
      versionId: version.id,
      versionHash: version.sha256,
      mepId: inv.mepId,
      signerName: input.signerName,
      signerCapacity: input.capacity,
      signerRole: input.signerRole ?? null,
      method: "link",
      groupAtSigning: mep.politicalGroup,
      countryAtSigning: mep.country,
      partyAtSigning: mep.nationalParty,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 400) ?? null,
      signedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: signatures.id });
  if (!row) {
    const [again] = await tx
      .select({ id: signatures.id })
      .from(signatures)
      .where(and(eq(signatures.letterId, letter.id), eq(signatures.mepId, inv.mepId), isNull(signatures.withdrawnAt)));
    return { ok: true, status: "already-signed", signatureId: again?.id ?? "" };
  }
  await tx.update(invitations).set({ status: "signed", respondedAt: now, declineReason: null }).where(eq(invitations.id, inv.id));
  await audit(tx, {
    officeId: letter.officeId,
    letterId: letter.id,
    actorLabel: `${input.signerName} (${input.capacity === "mep" ? "Member" : `on behalf of ${mep.givenName} ${mep.familyName}`})`,
    action: existing ? "signature.reconfirmed" : "signature.recorded",
    data: { signatureId: row.id, mepId: inv.mepId, version: version.number, versionHash: version.sha256, capacity: input.capacity },
  });
  return { ok: true, status: "signed", signatureId: row.id };
}

export async function declineByToken(tx: Queryable, input: { token: string; reason: string | null; now?: Date }) {
  const [inv] = await tx.select().from(invitations).where(eq(invitations.tokenHash, sha256Hex(input.token))).limit(1);
  if (!inv || inv.status === "revoked") return { ok: false as const, error: "invalid-link" as const };
  const letter = await lockLetter(tx, { id: inv.letterId, officeId: inv.officeId });
  if (!letter || letter.status !== "collecting") return { ok: false as const, error: "closed" as const };
  const now = input.now ?? new Date();
  const [live] = await tx
    .select({ id: signatures.id })
    .from(signatures)
    .where(and(eq(signatures.letterId, inv.letterId), eq(signatures.mepId, inv.mepId), isNull(signatures.withdrawnAt)));
  if (live) await tx.update(signatures).set({ withdrawnAt: now }).where(eq(signatures.id, live.id));
  await tx.update(invitations).set({ status: "declined", declineReason: input.reason, respondedAt: now }).where(eq(invitations.id, inv.id));
  await audit(tx, { officeId: inv.officeId, letterId: inv.letterId, actorLabel: inv.inviteeName, action: "invitation.declined", data: { mepId: inv.mepId, reason: input.reason } });
  return { ok: true as const };
}

/** Withdraws a live signature while the letter is not yet sent. */
export async function withdrawByToken(tx: Queryable, input: { token: string; now?: Date }) {
  const [inv] = await tx.select().from(invitations).where(eq(invitations.tokenHash, sha256Hex(input.token))).limit(1);
  if (!inv || inv.status === "revoked") return { ok: false as const, error: "invalid-link" as const };
  const letter = await lockLetter(tx, { id: inv.letterId, officeId: inv.officeId });
  if (!letter || letter.status === "sent") return { ok: false as const, error: "closed" as const };
  const now = input.now ?? new Date();
  const withdrawn = await tx
    .update(signatures)
    .set({ withdrawnAt: now })
    .where(and(eq(signatures.letterId, inv.letterId), eq(signatures.mepId, inv.mepId), isNull(signatures.withdrawnAt)))
    .returning({ id: signatures.id });
  if (!withdrawn.length) return { ok: true as const, status: "not-signed" as const };
  await tx.update(invitations).set({ status: "pending", respondedAt: now }).where(eq(invitations.id, inv.id));
  await audit(tx, { officeId: inv.officeId, letterId: inv.letterId, actorLabel: inv.inviteeName, action: "signature.withdrawn", data: { mepId: inv.mepId, signatureId: withdrawn[0].id } });
  return { ok: true as const, status: "withdrawn" as const };
}

export async function listSignatures(db: Queryable, { letterId, officeId, liveOnly = true }: { letterId: string; officeId: string; liveOnly?: boolean }) {
  return db
    .select({
      id: signatures.id,
      mepId: signatures.mepId,
      givenName: meps.givenName,
      familyName: meps.familyName,
      sortKey: meps.sortKey,
      signerName: signatures.signerName,
      signerCapacity: signatures.signerCapacity,
      signerRole: signatures.signerRole,
      method: signatures.method,
      group: signatures.groupAtSigning,
      country: signatures.countryAtSigning,
      party: signatures.partyAtSigning,
      signedAt: signatures.signedAt,
      withdrawnAt: signatures.withdrawnAt,
      versionNumber: letterVersions.number,
      versionHash: signatures.versionHash,
    })
    .from(signatures)
    .innerJoin(meps, eq(meps.id, signatures.mepId))
    .innerJoin(letterVersions, eq(letterVersions.id, signatures.versionId))
    .where(and(eq(signatures.letterId, letterId), eq(signatures.officeId, officeId), liveOnly ? isNull(signatures.withdrawnAt) : undefined))
    .orderBy(asc(meps.sortKey));
}

export async function revokeInvitation(tx: Queryable, actor: Actor, input: { letterId: string; invitationId: string }) {
  const rows = await tx
    .update(invitations)
    .set({ status: "revoked" })
    .where(and(eq(invitations.id, input.invitationId), eq(invitations.letterId, input.letterId), eq(invitations.officeId, actor.officeId)))
    .returning({ id: invitations.id, mepId: invitations.mepId });
  if (!rows.length) return { ok: false as const };
  await audit(tx, { officeId: actor.officeId, letterId: input.letterId, actorUserId: actor.userId, action: "invitation.revoked", data: { mepId: rows[0].mepId } });
  return { ok: true as const };
}
