/**
 * A letter's audit trail as the office reads it: every event of the letter's chain, oldest first, with who acted,
 * the Member it concerns and the version in force (the one the event names, else the newest published before it).
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { auditEvents, meps, users } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { fullName } from "#app/domain/names";
import type { LetterScope } from "./scope";

export type AuditRow = {
  id: number;
  /** 1 for the oldest event of the chain. */
  position: number;
  at: Date;
  action: string;
  /** The user who acted, or the label recorded for someone without an account (a signer by link, the system). */
  actor: { kind: "user" | "label" | "system"; name: string | null };
  member: string | null;
  version: number | null;
  /** A reason recorded with the event (an override of a Member's answer, a decline). */
  reason: string | null;
};

/** At most this many events are shown; the whole chain is always verified. */
export const AUDIT_PAGE_ROWS = 2000;

const num = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? v : null);

export async function listLetterAudit(db: Queryable, scope: LetterScope, limit = AUDIT_PAGE_ROWS) {
  const rows = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.createdAt,
      action: auditEvents.action,
      actorLabel: auditEvents.actorLabel,
      actorName: users.name,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.letterId, scope.letterId), eq(auditEvents.officeId, scope.officeId)))
    .orderBy(asc(auditEvents.id))
    .limit(limit + 1);
  const mepIds = [...new Set(rows.map((r) => num(r.data.mepId)).filter((n): n is number => n !== null))];
  const people = mepIds.length
    ? await db
        .select({ id: meps.id, givenName: meps.givenName, familyName: meps.familyName })
        .from(meps)
        .where(inArray(meps.id, mepIds))
    : [];
  const names = new Map(people.map((p) => [p.id, fullName(p)]));
  let current: number | null = null;
  const out: AuditRow[] = rows.slice(0, limit).map((r, i) => {
    const d = r.data;
    const named = r.action === "version.published" ? num(d.number) : num(d.version);
    if (r.action === "version.published" && named !== null) current = named;
    const mepId = num(d.mepId);
    const override = d.override as { reason?: unknown } | undefined;
    const reason =
      typeof override?.reason === "string" ? override.reason : typeof d.reason === "string" ? d.reason : null;
    return {
      id: r.id,
      position: i + 1,
      at: r.at,
      action: r.action,
      actor: r.actorName
        ? { kind: "user", name: r.actorName }
        : r.actorLabel
          ? { kind: "label", name: r.actorLabel }
          : { kind: "system", name: null },
      member: mepId !== null ? (names.get(mepId) ?? `#${mepId}`) : null,
      version: named ?? current,
      reason,
    };
  });
  return { rows: out, truncated: rows.length > limit };
}
