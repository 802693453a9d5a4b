/**
 * Invitations and signatures: the evidence that a named MEP approved an exact version.
 * The personal token is the only credential on the signing side; it is stored as SHA-256.
 */
import { and, asc, desc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import {
  invitationLinks,
  invitations,
  letters,
  meps,
  offices,
  signatures,
  letterVersions,
  signatureConfirmations,
} from "#db/schema";
import type { Queryable } from "#db/client.server";
import { randomToken, sha256Hex } from "#app/infra/crypto.server";
import { audit } from "#app/infra/audit.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { signatureStatus, signingOpen, type SignatureStatus } from "#app/domain/signature-status";
import { staffConfirmationRequired } from "#app/domain/staff-signatures";
import { getCurrentVersion, lockLetter } from "./letters.server";
import type { Actor } from "./scope";
import type { Invitation, Letter } from "#db/rows";
import { fullName } from "#app/domain/names";

/** The invitation a personal link opens: its current link, or one it superseded (still valid until revoked). */
export function invitationTokenMatches(token: string) {
  const h = sha256Hex(token);
  return or(
    eq(invitations.tokenHash, h),
    inArray(
      invitations.id,
      sql`(select ${invitationLinks.invitationId} from ${invitationLinks} where ${invitationLinks.tokenHash} = ${h})`,
    ),
  )!;
}

export async function listInvitations(
  db: Queryable,
  {
    letterId,
    officeId,
    unsignedOnly = false,
    limit,
  }: { letterId: string; officeId: string; unsignedOnly?: boolean; limit?: number },
) {
  return db
    .select({
      id: invitations.id,
      mepId: invitations.mepId,
      inviteeName: invitations.inviteeName,
      inviteeEmail: invitations.inviteeEmail,
      inviteeKind: invitations.inviteeKind,
      status: invitations.status,
      declineReason: invitations.declineReason,
      remindersOff: invitations.remindersOff,
      sendCount: invitations.sendCount,
      createdAt: invitations.createdAt,
      lastSentAt: invitations.lastSentAt,
      respondedAt: invitations.respondedAt,
      mepName: sql<string>`${meps.givenName} || ' ' || ${meps.familyName}`,
      politicalGroup: meps.politicalGroup,
      country: meps.country,
    })
    .from(invitations)
    .innerJoin(meps, eq(meps.id, invitations.mepId))
    .where(
      and(
        eq(invitations.letterId, letterId),
        eq(invitations.officeId, officeId),
        unsignedOnly ? ne(invitations.status, "signed") : undefined,
      ),
    )
    .orderBy(asc(meps.sortKey))
    .limit(limit ?? 100_000);
}

/** Counts for the letter page without loading every row: invitations by status and the breadth of signatures. */
export async function signingSummary(db: Queryable, { letterId, officeId }: { letterId: string; officeId: string }) {
  const [inv] = await db
    .select({
      total: sql<number>`count(*)::int`,
      pending: sql<number>`(count(*) filter (where ${invitations.status} = 'pending'))::int`,
      signed: sql<number>`(count(*) filter (where ${invitations.status} = 'signed'))::int`,
      declined: sql<number>`(count(*) filter (where ${invitations.status} = 'declined'))::int`,
    })
    .from(invitations)
    .where(and(eq(invitations.letterId, letterId), eq(invitations.officeId, officeId)));
  const [sig] = await db
    .select({
      count: sql<number>`count(*)::int`,
      groups: sql<number>`(count(distinct ${signatures.groupAtSigning}) filter (where ${signatures.groupAtSigning} <> 'NI'))::int`,
      nonAttached: sql<number>`(count(*) filter (where ${signatures.groupAtSigning} = 'NI'))::int`,
      countries: sql<number>`count(distinct ${signatures.countryAtSigning})::int`,
    })
    .from(signatures)
    .where(and(eq(signatures.letterId, letterId), eq(signatures.officeId, officeId), isNull(signatures.withdrawnAt)));
  return { invitations: inv, countLine: sig };
}

export type NewInvitation = { invitationId: string; token: string; mepId: number; name: string; email: string };

/**
 * Invites MEPs to sign. MEPs already invited on this letter (or without an address) are skipped.
 * Returns the raw tokens so the caller can put them in the emails, in the same transaction.
 */
export async function inviteMeps(
  tx: Queryable,
  actor: Actor,
  input: {
    letterId: string;
    mepIds: number[];
    /** By default an MEP with any invitation (their own or their staff's) is skipped; true skips only those invited at their own address. */
    evenIfStaffInvited?: boolean;
  },
) {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  if (letter.status !== "collecting")
    return { ok: false as const, error: letter.status === "draft" ? ("no-version" as const) : ("closed" as const) };
  const ids = [...new Set(input.mepIds)].filter((n) => Number.isInteger(n) && n > 0);
  if (!ids.length) return { ok: true as const, invited: [] as NewInvitation[], skipped: 0 };
  const people = await tx.select().from(meps).where(inArray(meps.id, ids));
  const already = new Set(
    (
      await tx
        .select({ mepId: invitations.mepId })
        .from(invitations)
        .where(
          and(
            eq(invitations.letterId, letter.id),
            inArray(invitations.mepId, ids),
            input.evenIfStaffInvited ? eq(invitations.inviteeKind, "mep") : undefined,
          ),
        )
    ).map((r) => r.mepId),
  );
  // A Member who already signed (by any link, or on a pasted list) is never invited again.
  const signed = new Set(
    (
      await tx
        .select({ mepId: signatures.mepId })
        .from(signatures)
        .where(and(eq(signatures.letterId, letter.id), inArray(signatures.mepId, ids), isNull(signatures.withdrawnAt)))
    ).map((r) => r.mepId),
  );
  const invited: NewInvitation[] = [];
  for (const m of people) {
    // The Member's own address, else their office's (set on the directory page).
    const address = (m.email ?? m.officeEmail)?.toLowerCase();
    if (already.has(m.id) || signed.has(m.id) || !address) continue;
    const token = randomToken();
    const [row] = await tx
      .insert(invitations)
      .values({
        letterId: letter.id,
        officeId: actor.officeId,
        mepId: m.id,
        inviteeName: fullName(m),
        inviteeEmail: address,
        tokenHash: sha256Hex(token),
        createdBy: actor.userId,
        sendCount: 1,
        lastSentAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: invitations.id });
    if (!row) continue;
    invited.push({
      invitationId: row.id,
      token,
      mepId: m.id,
      name: fullName(m),
      email: address,
    });
  }
  if (invited.length) {
    await audit(tx, {
      officeId: actor.officeId,
      letterId: letter.id,
      actorUserId: actor.userId,
      action: "invitations.created",
      data: { mepIds: invited.map((i) => i.mepId) },
    });
  }
  return { ok: true as const, invited, skipped: ids.length - invited.length };
}

/** Everything the signing page needs, found by the token alone. Null for unknown or revoked tokens. */
export async function getSigningContext(db: Queryable, token: string) {
  const [row] = await db
    .select({
      invitation: invitations,
      letter: letters,
      officeName: offices.name,
      officeEmail: offices.contactEmail,
      mep: meps,
    })
    .from(invitations)
    .innerJoin(letters, eq(letters.id, invitations.letterId))
    .innerJoin(offices, eq(offices.id, invitations.officeId))
    .innerJoin(meps, eq(meps.id, invitations.mepId))
    .where(invitationTokenMatches(token))
    .limit(1);
  if (!row || row.invitation.status === "revoked") return null;
  const version = await getCurrentVersion(db, row.letter.id);
  const [live] = await db
    .select()
    .from(signatures)
    .where(
      and(eq(signatures.letterId, row.letter.id), eq(signatures.mepId, row.mep.id), isNull(signatures.withdrawnAt)),
    )
    .limit(1);
  let signedVersionNumber: number | null = null;
  let signedPlainText: string | null = null;
  if (live) {
    const [v] = await db
      .select({ number: letterVersions.number, plainText: letterVersions.plainText })
      .from(letterVersions)
      .where(eq(letterVersions.id, live.versionId));
    signedVersionNumber = v?.number ?? null;
    signedPlainText = v?.plainText ?? null;
  }
  const versions = await listVersionKinds(db, row.letter.id);
  const status: SignatureStatus | null =
    signedVersionNumber === null ? null : signatureStatus(versions, signedVersionNumber);
  return {
    ...row,
    version,
    signature: live ?? null,
    signedVersionNumber,
    /** 'current', 'carried' (editorial changes only since) or 'needs-reconfirm'; null when not signed. */
    signatureStatus: status,
    /** Plain text of the version the signer signed, for the diff when the text changed since (carried or not). */
    signedPlainText: status === "needs-reconfirm" || status === "carried" ? signedPlainText : null,
  };
}

/** Number and kind of every version of a letter (for signature status). */
export async function listVersionKinds(db: Queryable, letterId: string) {
  return db
    .select({ number: letterVersions.number, kind: letterVersions.kind })
    .from(letterVersions)
    .where(eq(letterVersions.letterId, letterId))
    .orderBy(asc(letterVersions.number));
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
  | {
      ok: false;
      error: "invalid-link" | "closed" | "deadline-passed" | "signing-closed" | "text-changed" | "no-version";
    };

/**
 * Records a signature bound to the version the signer saw. If the office published a newer version
 * meanwhile, nothing is recorded ("text-changed", answered 409). The partial unique index makes a
 * double submit produce one row; the second answer is "already-signed".
 */
export async function signByToken(tx: Queryable, input: SignInput): Promise<SignResult> {
  const [inv] = await tx.select().from(invitations).where(invitationTokenMatches(input.token)).limit(1);
  if (!inv || inv.status === "revoked") return { ok: false, error: "invalid-link" };
  // Serialise with publishing and sending on the letter row.
  const letter = await lockLetter(tx, { id: inv.letterId, officeId: inv.officeId });
  if (!letter) return { ok: false, error: "invalid-link" };
  if (letter.status !== "collecting") return { ok: false, error: "closed" };
  const now = input.now ?? new Date();
  if (letter.signatureDeadline && letter.signatureDeadline < now) return { ok: false, error: "deadline-passed" };
  if (letter.signingClosedAt) return { ok: false, error: "signing-closed" };
  const version = await getCurrentVersion(tx, letter.id);
  if (!version) return { ok: false, error: "no-version" };
  if (version.sha256 !== input.versionHash) return { ok: false, error: "text-changed" };
  const [existing] = await tx
    .select({ id: signatures.id, versionId: signatures.versionId })
    .from(signatures)
    .where(and(eq(signatures.letterId, letter.id), eq(signatures.mepId, inv.mepId), isNull(signatures.withdrawnAt)))
    .limit(1);
  if (existing && existing.versionId === version.id)
    return { ok: true, status: "already-signed", signatureId: existing.id };
  if (existing) {
    // Only editorial versions since: the signature carries over, nothing to re-sign.
    const [signed] = await tx
      .select({ number: letterVersions.number })
      .from(letterVersions)
      .where(eq(letterVersions.id, existing.versionId));
    if (signed && signatureStatus(await listVersionKinds(tx, letter.id), signed.number) !== "needs-reconfirm") {
      return { ok: true, status: "already-signed", signatureId: existing.id };
    }
  }
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
  await tx
    .update(invitations)
    .set({ status: "signed", respondedAt: now, declineReason: null })
    .where(eq(invitations.id, inv.id));
  await audit(tx, {
    officeId: letter.officeId,
    letterId: letter.id,
    actorLabel: `${input.signerName} (${input.capacity === "mep" ? "Member" : `on behalf of ${fullName(mep)}`})`,
    action: existing ? "signature.reconfirmed" : "signature.recorded",
    data: {
      signatureId: row.id,
      mepId: inv.mepId,
      version: version.number,
      versionHash: version.sha256,
      capacity: input.capacity,
    },
  });
  return { ok: true, status: "signed", signatureId: row.id };
}

export async function declineByToken(tx: Queryable, input: { token: string; reason: string | null; now?: Date }) {
  const [inv] = await tx.select().from(invitations).where(invitationTokenMatches(input.token)).limit(1);
  if (!inv || inv.status === "revoked") return { ok: false as const, error: "invalid-link" as const };
  const letter = await lockLetter(tx, { id: inv.letterId, officeId: inv.officeId });
  if (!letter || letter.status !== "collecting") return { ok: false as const, error: "closed" as const };
  const now = input.now ?? new Date();
  if (!signingOpen(letter, now)) return { ok: false as const, error: "signing-closed" as const };
  const [live] = await tx
    .select({ id: signatures.id })
    .from(signatures)
    .where(and(eq(signatures.letterId, inv.letterId), eq(signatures.mepId, inv.mepId), isNull(signatures.withdrawnAt)));
  if (live) await tx.update(signatures).set({ withdrawnAt: now }).where(eq(signatures.id, live.id));
  await tx
    .update(invitations)
    .set({ status: "declined", declineReason: input.reason, respondedAt: now })
    .where(eq(invitations.id, inv.id));
  await audit(tx, {
    officeId: inv.officeId,
    letterId: inv.letterId,
    actorLabel: inv.inviteeName,
    action: "invitation.declined",
    data: { mepId: inv.mepId, reason: input.reason },
  });
  return { ok: true as const };
}

/** Withdraws a live signature while the letter is not yet sent. */
export async function withdrawByToken(tx: Queryable, input: { token: string; now?: Date }) {
  const [inv] = await tx.select().from(invitations).where(invitationTokenMatches(input.token)).limit(1);
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
  await audit(tx, {
    officeId: inv.officeId,
    letterId: inv.letterId,
    actorLabel: inv.inviteeName,
    action: "signature.withdrawn",
    data: { mepId: inv.mepId, signatureId: withdrawn[0].id },
  });
  return { ok: true as const, status: "withdrawn" as const };
}

export async function listSignatures(
  db: Queryable,
  {
    letterId,
    officeId,
    liveOnly = true,
    limit,
  }: { letterId: string; officeId: string; liveOnly?: boolean; limit?: number },
) {
  return (
    db
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
        /** The office's decision on this signature for the final letter, or null (the default rule applies). */
        decision: sql<
          boolean | null
        >`(select d.include from signature_decisions d where d.signature_id = ${signatures.id})`,
        /** For a signature given by staff: the Member's answer to the confirmation email, or null if none was asked. */
        memberConfirmation: sql<"confirmed" | "rejected" | "awaiting" | null>`(
        select case when c.confirmed_at is not null then 'confirmed' when c.rejected_at is not null then 'rejected' else 'awaiting' end
          from signature_confirmations c where c.signature_id = ${signatures.id}
         order by c.requested_at desc limit 1)`,
      })
      .from(signatures)
      .innerJoin(meps, eq(meps.id, signatures.mepId))
      // letter_id in the join lets the planner use the (letter_id, number) index instead of scanning all versions.
      .innerJoin(
        letterVersions,
        and(eq(letterVersions.id, signatures.versionId), eq(letterVersions.letterId, signatures.letterId)),
      )
      .where(
        and(
          eq(signatures.letterId, letterId),
          eq(signatures.officeId, officeId),
          liveOnly ? isNull(signatures.withdrawnAt) : undefined,
        ),
      )
      .orderBy(asc(meps.sortKey))
      .limit(limit ?? 100_000)
  );
}

export async function revokeInvitation(tx: Queryable, actor: Actor, input: { letterId: string; invitationId: string }) {
  const rows = await tx
    .update(invitations)
    .set({ status: "revoked" })
    .where(
      and(
        eq(invitations.id, input.invitationId),
        eq(invitations.letterId, input.letterId),
        eq(invitations.officeId, actor.officeId),
      ),
    )
    .returning({ id: invitations.id, mepId: invitations.mepId });
  if (!rows.length) return { ok: false as const };
  await audit(tx, {
    officeId: actor.officeId,
    letterId: input.letterId,
    actorUserId: actor.userId,
    action: "invitation.revoked",
    data: { mepId: rows[0].mepId },
  });
  return { ok: true as const };
}

// ---------------------------------------------------------------- staff invitees, resending

export type StaffInviteResult =
  | { ok: true; invitation: NewInvitation }
  | { ok: false; error: "not-found" | "no-version" | "closed" | "no-mep" | "duplicate" | "answered" };

/**
 * Invites a member of an MEP's staff: the link goes to their address, the signature is the MEP's.
 * The unique (letter, address) index makes a second invitation of the same address a "duplicate"; a Member who
 * already answered for the current text (signed, on a pasted list, or declined) is "answered".
 */
export async function inviteStaff(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; mepId: number; staffName: string; staffEmail: string },
): Promise<StaffInviteResult> {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false, error: "not-found" };
  if (letter.status !== "collecting") return { ok: false, error: letter.status === "draft" ? "no-version" : "closed" };
  const [mep] = await tx.select().from(meps).where(eq(meps.id, input.mepId)).limit(1);
  if (!mep) return { ok: false, error: "no-mep" };
  if (!(await answerStillOpen(tx, { letterId: letter.id, mepId: mep.id }))) return { ok: false, error: "answered" };
  const email = input.staffEmail.trim().toLowerCase();
  const token = randomToken();
  const [row] = await tx
    .insert(invitations)
    .values({
      letterId: letter.id,
      officeId: actor.officeId,
      mepId: mep.id,
      inviteeName: input.staffName.trim(),
      inviteeKind: "staff",
      inviteeEmail: email,
      tokenHash: sha256Hex(token),
      createdBy: actor.userId,
      sendCount: 1,
      lastSentAt: new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: invitations.id });
  if (!row) return { ok: false, error: "duplicate" };
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "invitations.created",
    data: { mepIds: [mep.id], inviteeKind: "staff" },
  });
  return { ok: true, invitation: { invitationId: row.id, token, mepId: mep.id, name: input.staffName.trim(), email } };
}

/**
 * Gives an invitation a new personal token (the old link stops working) and returns it, with what
 * an email needs. Used by resend, reminders and re-confirmation requests: only the SHA-256 of a token
 * is stored, so a message that carries a link must carry a new one.
 */
export async function rotateInvitationToken(tx: Queryable, invitationId: string, now = new Date()) {
  const token = randomToken();
  // The link being replaced stays valid (an older email must still open the page).
  await tx
    .insert(invitationLinks)
    .select(
      tx
        .select({
          tokenHash: invitations.tokenHash,
          invitationId: invitations.id,
          supersededAt: sql`${now.toISOString()}::timestamptz`.as("superseded_at"),
        })
        .from(invitations)
        .where(eq(invitations.id, invitationId)),
    )
    .onConflictDoNothing();
  const [row] = await tx
    .update(invitations)
    .set({ tokenHash: sha256Hex(token), sendCount: sql`${invitations.sendCount} + 1`, lastSentAt: now })
    .where(and(eq(invitations.id, invitationId), ne(invitations.status, "revoked")))
    .returning();
  return row ? { token, invitation: row } : null;
}

export type ResendResult =
  | { ok: true; token: string; invitation: Invitation }
  | { ok: false; error: "not-found" | "not-pending" | "closed" | "rate-limited"; retryAfterSeconds?: number };

/**
 * Resends one invitation with a new link. Limited per invitation (LIMITS.resendInvitation, held in
 * Postgres) so a mis-click loop or a hostile office member cannot flood an MEP's inbox.
 */
export async function resendInvitation(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; invitationId: string; now?: Date },
): Promise<ResendResult> {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false, error: "not-found" };
  const [inv] = await tx
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.id, input.invitationId),
        eq(invitations.letterId, letter.id),
        eq(invitations.officeId, actor.officeId),
      ),
    )
    .limit(1);
  if (!inv) return { ok: false, error: "not-found" };
  if (letter.status !== "collecting") return { ok: false, error: "closed" };
  if (inv.status !== "pending") return { ok: false, error: "not-pending" };
  // Answered through another link (their staff's, their own) or a pasted list: nothing to ask.
  if (!(await answerStillOpen(tx, { letterId: letter.id, mepId: inv.mepId })))
    return { ok: false, error: "not-pending" };
  const now = input.now ?? new Date();
  const rate = await hit(tx, `resend-invitation:${inv.id}`, LIMITS.resendInvitation, now);
  if (!rate.ok) return { ok: false, error: "rate-limited", retryAfterSeconds: rate.retryAfterSeconds };
  const rotated = await rotateInvitationToken(tx, inv.id, now);
  if (!rotated) return { ok: false, error: "not-found" };
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "invitation.resent",
    data: { invitationId: inv.id, mepId: inv.mepId, sendCount: rotated.invitation.sendCount },
  });
  return { ok: true, token: rotated.token, invitation: rotated.invitation };
}

// ---------------------------------------------------------------- the Member confirms a signature given on their behalf

export type ConfirmationRequest =
  | {
      ok: true;
      token: string;
      /** Whether the signature counts only once the Member confirms. */
      required: boolean;
      /** The fingerprint of the text signed, for the Member's email. */
      versionHash: string;
      mep: { name: string; email: string };
      signerName: string;
      letter: Letter;
    }
  | { ok: false; error: "not-found" | "not-staff" | "no-address" | "already-asked" };

/**
 * Opens a confirmation for a signature given by staff: a row with the hash of a new token, which the
 * caller emails to the Member's own directory address (never to the staff member who signed).
 */
export async function requestMemberConfirmation(
  tx: Queryable,
  input: { signatureId: string; now?: Date },
): Promise<ConfirmationRequest> {
  const [row] = await tx
    .select({
      signature: signatures,
      mep: meps,
      letter: letters,
      setting: offices.staffSignatureConfirmation,
      staffEmail: invitations.inviteeEmail,
    })
    .from(signatures)
    .innerJoin(meps, eq(meps.id, signatures.mepId))
    .innerJoin(letters, eq(letters.id, signatures.letterId))
    .innerJoin(offices, eq(offices.id, letters.officeId))
    .leftJoin(invitations, eq(invitations.id, signatures.invitationId))
    .where(eq(signatures.id, input.signatureId))
    .limit(1);
  if (!row || row.signature.withdrawnAt) return { ok: false, error: "not-found" };
  if (row.signature.signerCapacity !== "staff") return { ok: false, error: "not-staff" };
  if (!row.mep.email) return { ok: false, error: "no-address" };
  const [open] = await tx
    .select({ id: signatureConfirmations.id })
    .from(signatureConfirmations)
    .where(eq(signatureConfirmations.signatureId, row.signature.id))
    .limit(1);
  if (open) return { ok: false, error: "already-asked" };
  const token = randomToken();
  const required = staffConfirmationRequired({
    setting: row.setting,
    staffEmail: row.staffEmail,
    memberEmail: row.mep.email,
  });
  await tx.insert(signatureConfirmations).values({
    signatureId: row.signature.id,
    letterId: row.letter.id,
    officeId: row.letter.officeId,
    tokenHash: sha256Hex(token),
    required,
    ...(input.now ? { requestedAt: input.now } : {}),
  });
  await audit(tx, {
    officeId: row.letter.officeId,
    letterId: row.letter.id,
    actorLabel: row.signature.signerName,
    action: "signature.confirmation-requested",
    data: { signatureId: row.signature.id, mepId: row.mep.id, required },
  });
  return {
    ok: true,
    token,
    required,
    versionHash: row.signature.versionHash,
    mep: { name: fullName(row.mep), email: row.mep.email.toLowerCase() },
    signerName: row.signature.signerName,
    letter: row.letter,
  };
}

/** What the confirmation page shows, found by its token alone; null for an unknown token. */
export async function getConfirmationContext(db: Queryable, token: string) {
  const [row] = await db
    .select({
      confirmation: signatureConfirmations,
      signature: signatures,
      letter: letters,
      mep: meps,
      officeName: offices.name,
      version: letterVersions,
    })
    .from(signatureConfirmations)
    .innerJoin(signatures, eq(signatures.id, signatureConfirmations.signatureId))
    .innerJoin(letters, eq(letters.id, signatureConfirmations.letterId))
    .innerJoin(offices, eq(offices.id, signatureConfirmations.officeId))
    .innerJoin(meps, eq(meps.id, signatures.mepId))
    .innerJoin(letterVersions, eq(letterVersions.id, signatures.versionId))
    .where(eq(signatureConfirmations.tokenHash, sha256Hex(token)))
    .limit(1);
  return row ?? null;
}

export type ConfirmationAnswer =
  | { ok: true; status: "confirmed" | "rejected" | "rejected-after-send" | "already-confirmed" | "already-rejected" }
  | { ok: false; error: "invalid-link" | "withdrawn" };

/**
 * Records the Member's answer once. "reject" withdraws the signature while the letter is not sent
 * (signatures are immutable; withdrawal is the one stamp allowed) and puts the invitation back to pending.
 */
export async function answerConfirmation(
  tx: Queryable,
  input: { token: string; answer: "confirm" | "reject"; ip?: string | null; userAgent?: string | null; now?: Date },
): Promise<ConfirmationAnswer> {
  const [c] = await tx
    .select()
    .from(signatureConfirmations)
    .where(eq(signatureConfirmations.tokenHash, sha256Hex(input.token)))
    .limit(1);
  if (!c) return { ok: false, error: "invalid-link" };
  const letter = await lockLetter(tx, { id: c.letterId, officeId: c.officeId });
  if (!letter) return { ok: false, error: "invalid-link" };
  // Re-read under the letter lock so two answers at once settle on one.
  const [fresh] = await tx.select().from(signatureConfirmations).where(eq(signatureConfirmations.id, c.id)).limit(1);
  if (fresh.confirmedAt) return { ok: true, status: "already-confirmed" };
  if (fresh.rejectedAt) return { ok: true, status: "already-rejected" };
  const [sig] = await tx.select().from(signatures).where(eq(signatures.id, c.signatureId)).limit(1);
  const now = input.now ?? new Date();
  if (input.answer === "confirm") {
    if (!sig || sig.withdrawnAt) return { ok: false, error: "withdrawn" };
    await tx.update(signatureConfirmations).set({ confirmedAt: now }).where(eq(signatureConfirmations.id, c.id));
    await audit(tx, {
      officeId: c.officeId,
      letterId: c.letterId,
      actorLabel: "the Member (confirmation link)",
      action: "signature.member-confirmed",
      data: {
        signatureId: c.signatureId,
        mepId: sig.mepId,
        ip: input.ip ?? null,
        userAgent: input.userAgent?.slice(0, 400) ?? null,
      },
    });
    return { ok: true, status: "confirmed" };
  }
  await tx.update(signatureConfirmations).set({ rejectedAt: now }).where(eq(signatureConfirmations.id, c.id));
  let withdrawn = false;
  if (sig && !sig.withdrawnAt && letter.status !== "sent") {
    await tx.update(signatures).set({ withdrawnAt: now }).where(eq(signatures.id, sig.id));
    if (sig.invitationId)
      await tx
        .update(invitations)
        .set({ status: "pending", respondedAt: now })
        .where(and(eq(invitations.id, sig.invitationId), eq(invitations.status, "signed")));
    withdrawn = true;
  }
  await audit(tx, {
    officeId: c.officeId,
    letterId: c.letterId,
    actorLabel: "the Member (confirmation link)",
    action: "signature.member-rejected",
    data: {
      signatureId: c.signatureId,
      mepId: sig?.mepId ?? null,
      withdrawn,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 400) ?? null,
    },
  });
  return { ok: true, status: withdrawn || !sig || sig.withdrawnAt ? "rejected" : "rejected-after-send" };
}

/** Live signatures given through a personal link, with the invitation that carries the signer's address. */
export async function listLinkSigners(db: Queryable, { letterId, officeId }: { letterId: string; officeId: string }) {
  return db
    .select({
      signatureId: signatures.id,
      signedNumber: letterVersions.number,
      invitationId: invitations.id,
      inviteeName: invitations.inviteeName,
      inviteeEmail: invitations.inviteeEmail,
    })
    .from(signatures)
    .innerJoin(letterVersions, eq(letterVersions.id, signatures.versionId))
    .innerJoin(invitations, eq(invitations.id, signatures.invitationId))
    .where(
      and(
        eq(signatures.letterId, letterId),
        eq(signatures.officeId, officeId),
        isNull(signatures.withdrawnAt),
        ne(invitations.status, "revoked"),
      ),
    )
    .orderBy(desc(signatures.signedAt));
}

/**
 * Whether a Member's answer on this letter is still open for the current version: no live signature that stands for
 * it (signed now, or carried over by editorial versions), and no decline. Invitations, reminders and re-confirmation
 * requests go only to Members for whom this is true.
 */
export async function answerStillOpen(db: Queryable, input: { letterId: string; mepId: number }) {
  const declined = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.letterId, input.letterId),
        eq(invitations.mepId, input.mepId),
        eq(invitations.status, "declined"),
      ),
    )
    .limit(1);
  if (declined.length) return false;
  const live = await db
    .select({ number: letterVersions.number })
    .from(signatures)
    .innerJoin(letterVersions, eq(letterVersions.id, signatures.versionId))
    .where(
      and(eq(signatures.letterId, input.letterId), eq(signatures.mepId, input.mepId), isNull(signatures.withdrawnAt)),
    );
  if (!live.length) return true;
  const versions = await listVersionKinds(db, input.letterId);
  return live.every((s) => signatureStatus(versions, s.number) === "needs-reconfirm");
}
