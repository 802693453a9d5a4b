/** Directory workflows: importing the Parliament's list of Members, recorded in the audit log. */
import type { Queryable } from "#db/client.server";
import { importMeps } from "#app/models/meps.server";
import { audit } from "#app/infra/audit.server";

type ImportList = { format: string; term: number; meps: Parameters<typeof importMeps>[1] };

/** Applies a parsed Members' list and writes one audit event with its counts, in one transaction. */
export async function importDirectory(
  db: Queryable,
  list: ImportList,
  opts: { today: Date; full: boolean; actorUserId: string },
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
