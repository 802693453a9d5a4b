/**
 * Whether the evidence still says what it said: what `npm run db:verify` runs over the whole database, and the
 * audit page over one letter. Unscoped on purpose for the whole-database check (it reads every office); the
 * per-letter check takes the office scope like every other model function.
 *
 * What it catches, with what it cross-checks:
 * - a version whose stored fields no longer give its SHA-256 (the hash covers every field a signer's text is shown
 *   or sent from: app/domain/version-hash.ts);
 * - a version whose content and SHA-256 were both rewritten: its signatures still carry the hash they were given,
 *   and its "version.published" audit event the hash and format it was published with;
 * - an audit chain whose events were changed, deleted or truncated, letter chains and office chains alike: every
 *   event links to the one before, and the chain's head (audit_heads, sealed with APP_SECRET) names its newest event
 *   and how many there are;
 * - a letter with no audit trail at all (both audit tables emptied).
 */
import { and, asc, eq, isNull, isNotNull } from "drizzle-orm";
import { auditEvents, auditHeads, letterVersions, letters, signatures } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { sealHead, verifyChain, type ChainReport, type ChainScope, type HeadStatus } from "#app/infra/audit.server";
import { hashInputOf } from "#app/domain/version-hash";
import { versionHash } from "#app/domain/version-hash.server";
import type { OfficeScope } from "./scope";

export type IntegrityProblem =
  | { kind: "version-hash"; letterId: string; versionId: string; number: number }
  | {
      kind: "version-audit";
      letterId: string;
      versionId: string;
      number: number;
      detail: "no-event" | "hash" | "format";
    }
  | {
      kind: "signature-hash";
      letterId: string;
      signatureId: string;
      mepId: number;
      number: number;
    }
  | {
      kind: "chain";
      chain: string;
      letterId: string | null;
      officeId: string | null;
      brokenAt: number | null;
      broken: number[];
      head: HeadStatus;
    }
  | { kind: "letter-unaudited"; letterId: string };

export type IntegrityReport = {
  ok: boolean;
  versions: number;
  signatures: number;
  chains: number;
  letters: number;
  problems: IntegrityProblem[];
};

/** Versions: their hash recomputed, and compared with the hash and format their audit event recorded. */
async function checkVersions(
  db: Queryable,
  letterId?: string,
): Promise<{ checked: number; problems: IntegrityProblem[] }> {
  const rows = await db
    .select()
    .from(letterVersions)
    .where(letterId ? eq(letterVersions.letterId, letterId) : undefined)
    .orderBy(asc(letterVersions.letterId), asc(letterVersions.number));
  const events = await db
    .select({ letterId: auditEvents.letterId, data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "version.published"), letterId ? eq(auditEvents.letterId, letterId) : undefined));
  const published = new Map<string, Record<string, unknown>>();
  for (const e of events) published.set(`${e.letterId}:${String(e.data.number)}`, e.data);
  const problems: IntegrityProblem[] = [];
  for (const v of rows) {
    const at = { letterId: v.letterId, versionId: v.id, number: v.number };
    if (versionHash(hashInputOf(v)) !== v.sha256) problems.push({ kind: "version-hash", ...at });
    const e = published.get(`${v.letterId}:${v.number}`);
    if (!e) problems.push({ kind: "version-audit", ...at, detail: "no-event" });
    else if (e.sha256 !== v.sha256) problems.push({ kind: "version-audit", ...at, detail: "hash" });
    else if (Number(e.hashFormat ?? 1) !== v.hashFormat)
      problems.push({ kind: "version-audit", ...at, detail: "format" });
  }
  return { checked: rows.length, problems };
}

/** Signatures: the hash each was given must still be its version's. */
async function checkSignatures(
  db: Queryable,
  letterId?: string,
): Promise<{ checked: number; problems: IntegrityProblem[] }> {
  const rows = await db
    .select({
      id: signatures.id,
      letterId: signatures.letterId,
      mepId: signatures.mepId,
      given: signatures.versionHash,
      versionLetterId: letterVersions.letterId,
      stored: letterVersions.sha256,
      number: letterVersions.number,
    })
    .from(signatures)
    .innerJoin(letterVersions, eq(letterVersions.id, signatures.versionId))
    .where(letterId ? eq(signatures.letterId, letterId) : undefined);
  const problems: IntegrityProblem[] = rows
    .filter((s) => s.given !== s.stored || s.versionLetterId !== s.letterId)
    .map((s) => ({
      kind: "signature-hash",
      letterId: s.letterId,
      signatureId: s.id,
      mepId: s.mepId,
      number: s.number,
    }));
  return { checked: rows.length, problems };
}

function chainProblem(r: ChainReport): IntegrityProblem[] {
  return r.ok
    ? []
    : [
        {
          kind: "chain",
          chain: r.chain,
          letterId: r.letterId,
          officeId: r.officeId,
          brokenAt: r.brokenAt,
          broken: r.broken,
          head: r.head,
        },
      ];
}

/** Every chain there is evidence of: in the events, or only in a head (its events gone). */
async function allChains(db: Queryable): Promise<ChainScope[]> {
  const [letterChains, officeChains, heads] = await Promise.all([
    db
      .selectDistinct({ letterId: auditEvents.letterId, officeId: auditEvents.officeId })
      .from(auditEvents)
      .where(isNotNull(auditEvents.letterId)),
    db.selectDistinct({ officeId: auditEvents.officeId }).from(auditEvents).where(isNull(auditEvents.letterId)),
    db.select({ officeId: auditHeads.officeId, letterId: auditHeads.letterId }).from(auditHeads),
  ]);
  const out = new Map<string, ChainScope>();
  const add = (s: ChainScope) => out.set(s.letterId ? `l:${s.letterId}` : `o:${s.officeId ?? ""}`, s);
  for (const c of letterChains) add({ officeId: c.officeId, letterId: c.letterId });
  for (const c of officeChains) add({ officeId: c.officeId, letterId: null });
  for (const h of heads) add({ officeId: h.officeId, letterId: h.letterId });
  return [...out.values()];
}

/** The whole database: every version, signature, audit chain (letter, office, global) and letter. */
export async function verifyDatabase(db: Queryable): Promise<IntegrityReport> {
  const [versions, sigs, chains] = await Promise.all([checkVersions(db), checkSignatures(db), allChains(db)]);
  const problems = [...versions.problems, ...sigs.problems];
  const chained = new Set<string>();
  for (const scope of chains) {
    const r = await verifyChain(db, scope);
    if (scope.letterId) chained.add(scope.letterId);
    problems.push(...chainProblem(r));
  }
  const allLetters = await db.select({ id: letters.id }).from(letters);
  for (const l of allLetters) if (!chained.has(l.id)) problems.push({ kind: "letter-unaudited", letterId: l.id });
  return {
    ok: problems.length === 0,
    versions: versions.checked,
    signatures: sigs.checked,
    chains: chains.length,
    letters: allLetters.length,
    problems,
  };
}

/** One letter, for its audit page: its chain against its head, its versions and its signatures. */
export async function verifyLetterEvidence(db: Queryable, scope: { letterId: string } & OfficeScope) {
  const [chain, versions, sigs] = await Promise.all([
    verifyChain(db, { officeId: scope.officeId, letterId: scope.letterId }),
    checkVersions(db, scope.letterId),
    checkSignatures(db, scope.letterId),
  ]);
  const problems = [...versions.problems, ...sigs.problems];
  if (!chain.count && !chain.anchored) problems.push({ kind: "letter-unaudited", letterId: scope.letterId });
  return { ok: chain.ok && problems.length === 0, chain, problems };
}

/**
 * Seals the heads the upgrade migration filled in (or sealed under an earlier APP_SECRET), each only where its chain
 * verifies against it (`npm run db:verify -- --seal`). Returns how many it sealed.
 */
export async function sealHeads(db: Queryable): Promise<number> {
  const heads = await db.select({ officeId: auditHeads.officeId, letterId: auditHeads.letterId }).from(auditHeads);
  let sealed = 0;
  for (const h of heads) if (await sealHead(db, { officeId: h.officeId, letterId: h.letterId })) sealed++;
  return sealed;
}
