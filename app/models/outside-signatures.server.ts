/**
 * Signatures collected outside the app (an email, a paper list): the office pastes names, the
 * directory match is proposed per name, and only the Members the office explicitly chose are
 * recorded, with method "outside" and a note of the source, bound to the current version.
 */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { invitations, letterVersions, meps, signatures } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import {
  buildNameIndex,
  matchName,
  readPastedNames,
  type MatchLevel,
  type NameIndex,
  type NameMatch,
} from "#app/domain/name-matcher";
import { signatureStatus } from "#app/domain/signature-status";
import { getCurrentVersion, lockLetter } from "./letters.server";
import { listVersionKinds } from "./signing.server";
import { searchMeps, type Mep } from "./meps.server";
import type { Actor } from "./scope";
import { fullName } from "#app/domain/names";

/**
 * What the Member already answered on this letter, when it stands against recording a pasted signature: they
 * declined through their own link, withdrew (or told us a staff signature was not them), or signed an older text
 * that changed since. Recording over such an answer needs an explicit override with a reason, kept in the audit log.
 */
export type MemberAnswer =
  | { kind: "declined"; on: string }
  | { kind: "withdrew"; on: string }
  | { kind: "signed-older"; on: string; version: number };

export type ProposedMep = {
  id: number;
  name: string;
  group: string;
  country: string;
  score: number | null;
  alreadySigned: boolean;
  /** An answer that needs an override before this Member can be recorded as signed, or null. */
  answer: MemberAnswer | null;
};

export type Proposal = {
  input: string;
  level: MatchLevel;
  /** The proposal itself, or null when nothing is close enough. */
  best: ProposedMep | null;
  alternatives: ProposedMep[];
  /** Results of the office's own search for this line, if it gave one. */
  searched: ProposedMep[];
  /** Pre-selected only for exact and strong matches; weak and none wait for a person's choice. */
  preselectedId: number | null;
};

/** At most this many names per paste: the Parliament has 720 Members. Names beyond it are shown back, not dropped. */
export const MAX_NAMES = 800;

async function directory(db: Queryable) {
  const rows = await db.select().from(meps).where(eq(meps.active, true));
  const index = buildNameIndex(
    rows.map((m) => ({
      id: m.id,
      givenName: m.givenName,
      familyName: m.familyName,
      country: m.country,
      politicalGroup: m.politicalGroup,
    })),
  );
  return { byId: new Map(rows.map((m) => [m.id, m])), index };
}

type Signers = { live: Set<number>; answers: Map<number, MemberAnswer> };

/** Members with a live signature that stands for the current text, and the answers that need an override. */
async function liveSigners(db: Queryable, letterId: string, officeId: string): Promise<Signers> {
  const [current, sigs, invs] = await Promise.all([
    getCurrentVersion(db, letterId),
    db
      .select({
        mepId: signatures.mepId,
        withdrawnAt: signatures.withdrawnAt,
        signedAt: signatures.signedAt,
        number: letterVersions.number,
      })
      .from(signatures)
      .innerJoin(letterVersions, eq(letterVersions.id, signatures.versionId))
      .where(and(eq(signatures.letterId, letterId), eq(signatures.officeId, officeId)))
      .orderBy(desc(signatures.signedAt)),
    db
      .select({ mepId: invitations.mepId, status: invitations.status, respondedAt: invitations.respondedAt })
      .from(invitations)
      .where(and(eq(invitations.letterId, letterId), eq(invitations.officeId, officeId))),
  ]);
  const versions = current ? await listVersionKinds(db, letterId) : [];
  const live = new Set<number>();
  const answers = new Map<number, MemberAnswer>();
  const iso = (d: Date | null) => (d ?? new Date(0)).toISOString();
  for (const i of invs) if (i.status === "declined") answers.set(i.mepId, { kind: "declined", on: iso(i.respondedAt) });
  const seen = new Set<number>();
  for (const s of sigs) {
    if (seen.has(s.mepId)) continue; // newest signature of each Member first
    seen.add(s.mepId);
    if (s.withdrawnAt) {
      if (!answers.has(s.mepId)) answers.set(s.mepId, { kind: "withdrew", on: iso(s.withdrawnAt) });
    } else if (signatureStatus(versions, s.number) === "needs-reconfirm") {
      answers.set(s.mepId, { kind: "signed-older", on: iso(s.signedAt), version: s.number });
    } else {
      live.add(s.mepId);
      answers.delete(s.mepId);
    }
  }
  return { live, answers };
}

function describe(m: Mep, score: number | null, signed: Signers): ProposedMep {
  return {
    id: m.id,
    name: fullName(m),
    group: m.politicalGroup,
    country: m.country,
    score,
    alreadySigned: signed.live.has(m.id),
    answer: signed.answers.get(m.id) ?? null,
  };
}

function toProposal(match: NameMatch, byId: Map<number, Mep>, signed: Signers): Proposal {
  const best =
    match.best && byId.get(match.best.id) ? describe(byId.get(match.best.id)!, match.best.score, signed) : null;
  const alternatives = match.alternatives.flatMap((c) =>
    byId.get(c.id) ? [describe(byId.get(c.id)!, c.score, signed)] : [],
  );
  // A Member whose own answer stands against it is never pre-selected.
  const accepted = (match.level === "exact" || match.level === "strong") && !best?.answer;
  return {
    input: match.input,
    level: match.level,
    best,
    alternatives,
    searched: [],
    preselectedId: accepted && best ? best.id : null,
  };
}

/**
 * Splits pasted text and proposes a directory match per name (the first step of the form). Text that was not read
 * as a name comes back as `unmatched` (and recognised labels as `ignored`), so the page can show it.
 */
export async function proposeFromText(db: Queryable, scope: { letterId: string; officeId: string }, text: string) {
  const [{ byId, index }, signed] = await Promise.all([directory(db), liveSigners(db, scope.letterId, scope.officeId)]);
  // One more than the limit, so a longer list is noticed (and the rest shown back).
  const read = readPastedNames(text, index, { maxNames: MAX_NAMES + 1 });
  const over = read.matches.slice(MAX_NAMES);
  return {
    proposals: read.matches.slice(0, MAX_NAMES).map((m) => toProposal(m, byId, signed)),
    truncated: over.length > 0,
    unmatched: [...read.unmatched, ...over.map((m) => m.input)],
    ignored: read.ignored,
  };
}

/**
 * Re-proposes for names already split (the review step, sent back by the form), adding the
 * results of the office's own search where one was typed.
 */
export async function proposeForNames(
  db: Queryable,
  scope: { letterId: string; officeId: string },
  lines: ReadonlyArray<{ input: string; search?: string | null }>,
) {
  const [{ byId, index }, signed] = await Promise.all([directory(db), liveSigners(db, scope.letterId, scope.officeId)]);
  const out: Proposal[] = [];
  for (const line of lines.slice(0, MAX_NAMES)) {
    const p = toProposal(matchName(line.input, index as NameIndex), byId, signed);
    const q = line.search?.trim();
    if (q) p.searched = (await searchMeps(db, q, { limit: 10 })).map((m) => describe(m, null, signed));
    out.push(p);
  }
  return out;
}

export type OutsideChoice = {
  mepId: number;
  input: string;
  /** The office's reason for recording a Member whose own answer stands against it (see MemberAnswer). */
  overrideReason?: string | null;
};

/** An override needs a reason of at least this many characters. */
export const MIN_OVERRIDE_REASON = 10;

export type RecordOutsideResult =
  | {
      ok: true;
      recorded: Array<{ mepId: number; name: string; signatureId: string }>;
      /** Members who already had a live signature on this letter (by link or an earlier paste). */
      skipped: Array<{ mepId: number; name: string }>;
      versionNumber: number;
    }
  | { ok: false; error: "not-found" | "sent" | "no-version" | "unknown-mep" | "text-changed" }
  /** Some chosen Members declined, withdrew or signed an older text, and no override reason was given: nothing recorded. */
  | { ok: false; error: "needs-override"; conflicts: Array<{ mepId: number; name: string; answer: MemberAnswer }> };

/**
 * Records the chosen Members as signatories collected outside the app. Serialised on the letter
 * row with signing and sending; Members with a live signature are skipped (the partial unique
 * index also makes a concurrent duplicate a no-op). A pending invitation of the same Member is
 * marked answered, so reminders stop.
 */
export async function recordOutsideSignatures(
  tx: Queryable,
  actor: Actor,
  input: {
    letterId: string;
    sourceNote: string;
    choices: readonly OutsideChoice[];
    /** The version the office reviewed against; a newer version published meanwhile refuses the batch. */
    expectedVersionHash?: string;
    now?: Date;
  },
): Promise<RecordOutsideResult> {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false, error: "not-found" };
  if (letter.status === "sent") return { ok: false, error: "sent" };
  const version = await getCurrentVersion(tx, letter.id);
  if (!version) return { ok: false, error: "no-version" };
  if (input.expectedVersionHash !== undefined && input.expectedVersionHash !== version.sha256)
    return { ok: false, error: "text-changed" };
  const now = input.now ?? new Date();

  const choices = [...new Map(input.choices.map((c) => [c.mepId, c])).values()];
  const ids = choices.map((c) => c.mepId);
  if (!ids.length) return { ok: true, recorded: [], skipped: [], versionNumber: version.number };
  const people = await tx.select().from(meps).where(inArray(meps.id, ids));
  if (people.length !== ids.length) return { ok: false, error: "unknown-mep" };
  const byId = new Map(people.map((m) => [m.id, m]));
  const signed = await liveSigners(tx, letter.id, actor.officeId);
  const conflicts = choices.flatMap((c) => {
    const answer = signed.answers.get(c.mepId);
    const m = byId.get(c.mepId)!;
    return answer && (c.overrideReason?.trim().length ?? 0) < MIN_OVERRIDE_REASON
      ? [{ mepId: c.mepId, name: fullName(m), answer }]
      : [];
  });
  if (conflicts.length) return { ok: false, error: "needs-override", conflicts };
  const invs = await tx
    .select({ id: invitations.id, mepId: invitations.mepId, status: invitations.status })
    .from(invitations)
    .where(and(eq(invitations.letterId, letter.id), inArray(invitations.mepId, ids)));

  const recorded: Array<{ mepId: number; name: string; signatureId: string }> = [];
  const skipped: Array<{ mepId: number; name: string }> = [];
  for (const c of choices) {
    const m = byId.get(c.mepId)!;
    const name = fullName(m);
    if (signed.live.has(m.id)) {
      skipped.push({ mepId: m.id, name });
      continue;
    }
    const answer = signed.answers.get(m.id) ?? null;
    if (answer?.kind === "signed-older") {
      // Overridden: the signature on the older text makes way for this one, bound to the current version.
      await tx
        .update(signatures)
        .set({ withdrawnAt: now })
        .where(and(eq(signatures.letterId, letter.id), eq(signatures.mepId, m.id), isNull(signatures.withdrawnAt)));
    }
    const own = invs.filter((i) => i.mepId === m.id && i.status !== "revoked");
    const [row] = await tx
      .insert(signatures)
      .values({
        letterId: letter.id,
        officeId: actor.officeId,
        invitationId: own[0]?.id ?? null,
        versionId: version.id,
        versionHash: version.sha256,
        mepId: m.id,
        signerName: name,
        signerCapacity: "mep",
        method: "outside",
        sourceNote: input.sourceNote,
        groupAtSigning: m.politicalGroup,
        countryAtSigning: m.country,
        partyAtSigning: m.nationalParty,
        signedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: signatures.id });
    if (!row) {
      skipped.push({ mepId: m.id, name });
      continue;
    }
    const pending = own.filter((i) => i.status === "pending").map((i) => i.id);
    if (pending.length) {
      await tx.update(invitations).set({ status: "signed", respondedAt: now }).where(inArray(invitations.id, pending));
    }
    await audit(tx, {
      officeId: actor.officeId,
      letterId: letter.id,
      actorUserId: actor.userId,
      action: "signature.recorded-outside",
      data: {
        signatureId: row.id,
        mepId: m.id,
        listedAs: c.input,
        source: input.sourceNote,
        version: version.number,
        versionHash: version.sha256,
        ...(answer ? { override: { answer, reason: c.overrideReason!.trim() } } : {}),
      },
    });
    recorded.push({ mepId: m.id, name, signatureId: row.id });
  }
  return { ok: true, recorded, skipped, versionNumber: version.number };
}
