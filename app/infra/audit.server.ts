/**
 * Audit trail: one append-only row per state change, written in the caller's transaction, so a
 * failed audit write rolls the change back. Rows are hash-chained per letter (or per office for
 * events outside a letter, or one global chain), and every append moves the chain's head
 * (audit_heads: newest id, hash and number of events, sealed with an HMAC keyed by APP_SECRET), so
 * that a deleted newest event or a truncated table shows. `verifyAuditChain` recomputes the links;
 * `verifyChain` also checks them against the head.
 */
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { auditEvents, auditHeads } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { keyedHash, safeEqualHex, sha256Hex } from "./crypto.server";
import { canonicalJson } from "#app/domain/canonical-json";

export type AuditInput = {
  officeId: string | null;
  letterId?: string | null;
  actorUserId?: string | null;
  actorLabel?: string | null;
  action: string;
  data?: Record<string, unknown>;
};

export type ChainScope = { officeId: string | null; letterId?: string | null };

function eventHash(prevHash: string | null, e: AuditInput, createdAt: string) {
  return sha256Hex(
    canonicalJson({
      prev: prevHash,
      officeId: e.officeId,
      letterId: e.letterId ?? null,
      actorUserId: e.actorUserId ?? null,
      actorLabel: e.actorLabel ?? null,
      action: e.action,
      data: e.data ?? {},
      createdAt,
    }),
  );
}

function chainScope(e: ChainScope) {
  return e.letterId
    ? eq(auditEvents.letterId, e.letterId)
    : and(
        isNull(auditEvents.letterId),
        e.officeId ? eq(auditEvents.officeId, e.officeId) : isNull(auditEvents.officeId),
      );
}

/** The name of a chain in audit_heads. */
export function chainName(e: ChainScope) {
  return e.letterId ? `letter:${e.letterId}` : e.officeId ? `office:${e.officeId}` : "global";
}

/** The seal of a chain head: a database copy without APP_SECRET cannot make one for a head it rewrote. */
export function headMac(h: { chain: string; lastId: number; lastHash: string; events: number }) {
  return keyedHash("audit-head", `${h.chain}\n${h.lastId}\n${h.lastHash}\n${h.events}`);
}

/** Must be called inside a transaction. Serialises appends per chain with a transaction-scoped advisory lock. */
export async function audit(tx: Queryable, e: AuditInput) {
  const chainKey = e.letterId ?? e.officeId ?? "global";
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"audit:" + chainKey}))`);
  const chain = chainName(e);
  const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.chain, chain)).limit(1);
  // The head is the anchor: if the newest event was deleted, the next one still links to it (and shows the gap).
  let prevHash: string | null = head?.lastHash ?? null;
  let before = head?.events ?? 0;
  if (!head) {
    const [last] = await tx
      .select({ hash: auditEvents.hash, n: sql<number>`count(*) over ()::int` })
      .from(auditEvents)
      .where(chainScope(e))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    prevHash = last?.hash ?? null;
    before = Number(last?.n ?? 0);
  }
  const createdAt = new Date().toISOString();
  const hash = eventHash(prevHash, e, createdAt);
  const [row] = await tx
    .insert(auditEvents)
    .values({
      officeId: e.officeId,
      letterId: e.letterId ?? null,
      actorUserId: e.actorUserId ?? null,
      actorLabel: e.actorLabel ?? null,
      action: e.action,
      data: e.data ?? {},
      createdAt: new Date(createdAt),
      prevHash,
      hash,
    })
    .returning({ id: auditEvents.id });
  const next = { chain, lastId: row.id, lastHash: hash, events: before + 1 };
  const values = { ...next, mac: headMac(next), updatedAt: new Date(createdAt) };
  await tx
    .insert(auditHeads)
    .values({ ...values, officeId: e.officeId, letterId: e.letterId ?? null })
    .onConflictDoUpdate({ target: auditHeads.chain, set: values });
}

/** Recomputes a letter's chain; returns the ids of rows whose hash or link does not match. */
export async function verifyAuditChain(db: Queryable, scope: ChainScope) {
  const rows = await db.select().from(auditEvents).where(chainScope(scope)).orderBy(asc(auditEvents.id));
  const broken: number[] = [];
  let prev: string | null = null;
  for (const r of rows) {
    const expected = eventHash(prev, { ...r, data: r.data }, r.createdAt.toISOString());
    if (r.prevHash !== prev || r.hash !== expected) broken.push(r.id);
    prev = r.hash;
  }
  return { count: rows.length, broken };
}

export type HeadStatus = "ok" | "missing" | "unsealed" | "bad-seal" | "mismatch";

export type ChainReport = {
  chain: string;
  officeId: string | null;
  letterId: string | null;
  count: number;
  /** Ids of events whose hash or link does not match, oldest first. */
  broken: number[];
  /** Position (1 = oldest) of the first broken event, or null. */
  brokenAt: number | null;
  /** How the chain's newest event compares with its anchored head. */
  head: HeadStatus;
  /** What the head says (null without one), for the report. */
  anchored: { lastId: number; events: number } | null;
  ok: boolean;
};

/** Recomputes one chain and checks it against its head: links, hashes, the newest event, the count and the seal. */
export async function verifyChain(db: Queryable, scope: ChainScope): Promise<ChainReport> {
  const chain = chainName(scope);
  const [{ count, broken }, [head]] = await Promise.all([
    verifyAuditChain(db, scope),
    db.select().from(auditHeads).where(eq(auditHeads.chain, chain)).limit(1),
  ]);
  const [last] = await db
    .select({ id: auditEvents.id, hash: auditEvents.hash })
    .from(auditEvents)
    .where(chainScope(scope))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  let headStatus: HeadStatus = "ok";
  if (!head) headStatus = count ? "missing" : "ok";
  else if (!last || head.lastId !== last.id || head.lastHash !== last.hash || head.events !== count)
    headStatus = "mismatch";
  else if (!head.mac) headStatus = "unsealed";
  else if (!safeEqualHex(head.mac, headMac(head))) headStatus = "bad-seal";
  let brokenAt: number | null = null;
  if (broken.length) {
    const ids = await db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(chainScope(scope))
      .orderBy(asc(auditEvents.id));
    brokenAt = ids.findIndex((r) => r.id === broken[0]) + 1;
  } else if (headStatus === "mismatch") {
    // The first event the head counts that is not there (deleted, truncated), or the first one it does not count.
    brokenAt = Math.min(count, head?.events ?? count) + 1;
  }
  return {
    chain,
    officeId: scope.officeId,
    letterId: scope.letterId ?? null,
    count,
    broken,
    brokenAt,
    head: headStatus,
    anchored: head ? { lastId: head.lastId, events: head.events } : null,
    ok: !broken.length && headStatus === "ok",
  };
}

/**
 * Seals a head the upgrade migration filled in (or one sealed under an earlier APP_SECRET), only when its chain
 * verifies against it. Returns whether it sealed.
 */
export async function sealHead(tx: Queryable, scope: ChainScope): Promise<boolean> {
  const r = await verifyChain(tx, scope);
  if (!r.broken.length && (r.head === "unsealed" || r.head === "bad-seal") && r.anchored) {
    const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.chain, r.chain)).limit(1);
    await tx
      .update(auditHeads)
      .set({ mac: headMac(head) })
      .where(eq(auditHeads.chain, r.chain));
    return true;
  }
  return false;
}
