/**
 * Audit trail: one append-only row per state change, written in the caller's transaction, so a
 * failed audit write rolls the change back. Rows are hash-chained per letter (or per office for
 * events outside a letter); `verifyAuditChain` recomputes the chain.
 */
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { auditEvents } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { sha256Hex } from "./crypto.server";
import { canonicalJson } from "#app/domain/canonical-json";

export type AuditInput = {
  officeId: string | null;
  letterId?: string | null;
  actorUserId?: string | null;
  actorLabel?: string | null;
  action: string;
  data?: Record<string, unknown>;
};

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

function chainScope(e: { officeId: string | null; letterId?: string | null }) {
  return e.letterId
    ? eq(auditEvents.letterId, e.letterId)
    : and(
        isNull(auditEvents.letterId),
        e.officeId ? eq(auditEvents.officeId, e.officeId) : isNull(auditEvents.officeId),
      );
}

/** Must be called inside a transaction. Serialises appends per chain with a transaction-scoped advisory lock. */
export async function audit(tx: Queryable, e: AuditInput) {
  const chainKey = e.letterId ?? e.officeId ?? "global";
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"audit:" + chainKey}))`);
  const [last] = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .where(chainScope(e))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  const createdAt = new Date().toISOString();
  const prevHash = last?.hash ?? null;
  const hash = eventHash(prevHash, e, createdAt);
  await tx.insert(auditEvents).values({
    officeId: e.officeId,
    letterId: e.letterId ?? null,
    actorUserId: e.actorUserId ?? null,
    actorLabel: e.actorLabel ?? null,
    action: e.action,
    data: e.data ?? {},
    createdAt: new Date(createdAt),
    prevHash,
    hash,
  });
}

/** Recomputes a letter's chain; returns the ids of rows whose hash or link does not match. */
export async function verifyAuditChain(db: Queryable, scope: { officeId: string | null; letterId?: string | null }) {
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
