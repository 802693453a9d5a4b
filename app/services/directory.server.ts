/**
 * Directory workflows: importing the Parliament's list of Members, and the contact addresses an office sets by
 * hand, each recorded in the audit log.
 */
import type { Queryable } from "#db/client.server";
import { CONTACT_AUDIT_ACTION, importMeps, lockMep, setMepContact, type ContactField } from "#app/models/meps.server";
import { audit } from "#app/infra/audit.server";

type ImportList = { format: string; term: number; meps: Parameters<typeof importMeps>[1] };

/** Applies a parsed Members' list and writes one audit event with its counts, in one transaction. */
export async function importDirectory(
  db: Queryable,
  list: ImportList,
  opts: { today: Date; full: boolean; actorUserId: string | null },
) {
  return db.transaction(async (tx) => {
    const summary = await importMeps(tx, list.meps, { term: list.term, today: opts.today, full: opts.full });
    await audit(tx, {
      officeId: null,
      actorUserId: opts.actorUserId,
      action: "directory.imported",
      data: {
        format: list.format,
        term: list.term,
        full: opts.full,
        read: list.meps.length,
        added: summary.added,
        updated: summary.updated,
        unchanged: summary.unchanged,
        left: summary.left,
        groupChanges: summary.groupChanges.length,
        unknownGroups: summary.unknownGroups,
      },
    });
    return summary;
  });
}

export type ContactResult = { ok: true; changed: ContactField[] } | { ok: false; error: "not-found" };

/**
 * Sets a Member's own address and their office's address, as a person of an office typed them (null removes
 * one). Only what changed is written, with who and when, and one audit event per address (in the office of the
 * person who changed it; the directory itself is shared by every office). Addresses set here survive imports.
 */
export async function updateMepContact(
  db: Queryable,
  actor: { userId: string; officeId: string },
  mepId: number,
  input: Record<ContactField, string | null>,
): Promise<ContactResult> {
  return db.transaction(async (tx) => {
    const mep = await lockMep(tx, mepId);
    if (!mep) return { ok: false as const, error: "not-found" as const };
    const changes: Partial<Record<ContactField, string | null>> = {};
    for (const field of ["email", "officeEmail"] as const)
      if ((mep[field] ?? null) !== input[field]) changes[field] = input[field];
    const changed = Object.keys(changes) as ContactField[];
    if (!changed.length) return { ok: true as const, changed };
    await setMepContact(tx, mep.id, changes, { userId: actor.userId, at: new Date() });
    for (const field of changed)
      await audit(tx, {
        officeId: actor.officeId,
        actorUserId: actor.userId,
        action: CONTACT_AUDIT_ACTION,
        data: { mepId: mep.id, epId: mep.epId, field, from: mep[field] ?? null, to: changes[field] ?? null },
      });
    return { ok: true as const, changed };
  });
}
