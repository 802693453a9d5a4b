/**
 * The MEP directory: search, lists and the import of the EP's list. The directory is shared by
 * all offices (public facts), so these queries take no officeId.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { auditEvents, mepAffiliations, meps, offices, users } from "#db/schema";
import type { Queryable } from "#db/client.server";
import type { ImportedMep } from "#app/domain/mep-import";
import { epSortKey, normaliseName, searchKeyOf, fullName } from "#app/domain/names";
import { toIsoDate } from "#app/domain/reply-clock";

export type Mep = typeof meps.$inferSelect;
export type MepAffiliation = typeof mepAffiliations.$inferSelect;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Autocomplete over names, ignoring case and diacritics ("stefanec" finds Štefanec): every word
 * of the query must occur in the search key; names where each word starts a name part come first.
 */
export async function searchMeps(
  db: Queryable,
  q: string,
  { limit = 10, includeInactive = false }: { limit?: number; includeInactive?: boolean } = {},
): Promise<Mep[]> {
  const words = normaliseName(q).split(" ").filter(Boolean).slice(0, 6);
  if (!words.length) return [];
  const conds: SQL[] = words.map((w) => sql`${meps.searchKey} like ${`%${escapeLike(w)}%`}`);
  if (!includeInactive) conds.push(eq(meps.active, true));
  const wordStarts = sql.join(
    words.map((w) => sql`(' ' || ${meps.searchKey}) like ${`% ${escapeLike(w)}%`}`),
    sql` and `,
  );
  return db
    .select()
    .from(meps)
    .where(and(...conds))
    .orderBy(sql`case when ${wordStarts} then 0 else 1 end`, asc(meps.sortKey), asc(meps.id))
    .limit(Math.min(Math.max(1, limit), 200));
}

export type MepFilters = { group?: string; country?: string; party?: string; includeInactive?: boolean };

/** Members in the EP's surname order, optionally by group, member state and national party. */
export async function listMeps(db: Queryable, filters: MepFilters = {}): Promise<Mep[]> {
  const conds: SQL[] = [];
  if (filters.group) conds.push(eq(meps.politicalGroup, filters.group));
  if (filters.country) conds.push(eq(meps.country, filters.country));
  if (filters.party) conds.push(eq(meps.nationalParty, filters.party));
  if (!filters.includeInactive) conds.push(eq(meps.active, true));
  return db
    .select()
    .from(meps)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(meps.sortKey), asc(meps.id));
}

/** One Member with their group history (oldest first), or null. */
export async function getMep(db: Queryable, id: number): Promise<(Mep & { affiliations: MepAffiliation[] }) | null> {
  if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) return null;
  const [mep] = await db.select().from(meps).where(eq(meps.id, id)).limit(1);
  if (!mep) return null;
  const affiliations = await db
    .select()
    .from(mepAffiliations)
    .where(eq(mepAffiliations.mepId, id))
    .orderBy(asc(mepAffiliations.validFrom), asc(mepAffiliations.id));
  return { ...mep, affiliations };
}

// ------------------------------------------------------------ contact addresses

/** The two addresses of a directory entry a person may set: the Member's own and the Member's office. */
export type ContactField = "email" | "officeEmail";
export const CONTACT_AUDIT_ACTION = "directory.contact.changed";

/** One Member, locked for an update of their addresses (null when there is no such entry). */
export async function lockMep(tx: Queryable, id: number): Promise<Mep | null> {
  if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) return null;
  const [row] = await tx.select().from(meps).where(eq(meps.id, id)).for("update");
  return row ?? null;
}

/** Sets addresses a person changed, with who and when: an import never overwrites them afterwards. */
export async function setMepContact(
  tx: Queryable,
  id: number,
  changes: Partial<Record<ContactField, string | null>>,
  by: { userId: string; at: Date },
) {
  const set: Partial<typeof meps.$inferInsert> = { updatedAt: by.at };
  if ("email" in changes)
    Object.assign(set, { email: changes.email, emailChangedBy: by.userId, emailChangedAt: by.at });
  if ("officeEmail" in changes)
    Object.assign(set, {
      officeEmail: changes.officeEmail,
      officeEmailChangedBy: by.userId,
      officeEmailChangedAt: by.at,
    });
  await tx.update(meps).set(set).where(eq(meps.id, id));
}

export type ContactChange = {
  at: Date;
  field: ContactField;
  from: string | null;
  to: string | null;
  /** The office of the person who changed it: pages name the person only to members of that office. */
  officeId: string | null;
  userName: string | null;
  officeName: string | null;
};

/**
 * Who changed a Member's addresses and when, newest first, across offices (the audit rows of
 * CONTACT_AUDIT_ACTION): the directory is shared, so every office sees that an address changed and when.
 */
export async function listContactChanges(db: Queryable, mepId: number, limit = 50): Promise<ContactChange[]> {
  const rows = await db
    .select({
      at: auditEvents.createdAt,
      data: auditEvents.data,
      officeId: auditEvents.officeId,
      userName: users.name,
      officeName: offices.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .leftJoin(offices, eq(offices.id, auditEvents.officeId))
    .where(
      and(
        eq(auditEvents.action, CONTACT_AUDIT_ACTION),
        isNull(auditEvents.letterId),
        sql`${auditEvents.data}->>'mepId' = ${String(mepId)}`,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit);
  return rows.map((r) => ({
    at: r.at,
    field: r.data.field === "officeEmail" ? "officeEmail" : "email",
    from: typeof r.data.from === "string" ? r.data.from : null,
    to: typeof r.data.to === "string" ? r.data.to : null,
    officeId: r.officeId,
    userName: r.userName,
    officeName: r.officeName,
  }));
}

/** Distinct national parties, for the invitation filter. */
export async function listNationalParties(db: Queryable, filters: { country?: string } = {}) {
  const rows = await db
    .selectDistinct({ party: meps.nationalParty, country: meps.country })
    .from(meps)
    .where(
      and(
        isNotNull(meps.nationalParty),
        eq(meps.active, true),
        filters.country ? eq(meps.country, filters.country) : undefined,
      ),
    )
    .orderBy(asc(meps.country), asc(meps.nationalParty));
  return rows as Array<{ party: string; country: string }>;
}

// ------------------------------------------------------------ import

export type ImportSummary = {
  added: number;
  updated: number;
  unchanged: number;
  /** Members of an earlier list missing from this full list: marked inactive. */
  left: number;
  groupChanges: Array<{ mepId: number; epId: number; name: string; from: string; to: string }>;
  leftMeps: Array<{ mepId: number; epId: number; name: string }>;
  /** Group names with no short label in the term (the Members are kept under the raw name). */
  unknownGroups: string[];
};

export type ImportOptions = {
  term: number;
  today: Date | string;
  /**
   * The file is the complete current list (default). Then Members with an EP id who are not in
   * it are marked as having left. An empty list never marks anyone as left.
   */
  full?: boolean;
};

type Row = typeof meps.$inferInsert;

function rowFor(m: ImportedMep, term: number, existing?: Mep): Row {
  return {
    epId: m.epId,
    givenName: m.givenName,
    familyName: m.familyName,
    sortKey: epSortKey(m.givenName, m.familyName),
    searchKey: searchKeyOf(m.givenName, m.familyName),
    country: m.country,
    politicalGroup: m.politicalGroup,
    politicalGroupFull: m.politicalGroupFull ?? existing?.politicalGroupFull ?? null,
    // A list that lacks a field (the EP XML has no e-mail, the live JSON-LD no party names)
    // never erases what an earlier import or a person recorded.
    nationalParty: m.nationalParty ?? existing?.nationalParty ?? null,
    epEmail: m.email ?? existing?.epEmail ?? null,
    // An address a person set (or removed) on the directory page wins over every import; until then the EP's.
    email: existing?.emailChangedAt ? existing.email : (m.email ?? existing?.email ?? null),
    term,
    active: true,
  };
}

const COMPARED = [
  "givenName",
  "familyName",
  "sortKey",
  "searchKey",
  "country",
  "politicalGroup",
  "politicalGroupFull",
  "nationalParty",
  "email",
  "epEmail",
  "term",
  "active",
] as const;

/**
 * Idempotent upsert of an imported list, keyed on the EP id, in one transaction. Group or party
 * changes close the open mep_affiliations row (validTo = the first day it no longer held) and
 * open a new one. Importing the same list twice reports everything unchanged the second time.
 */
export async function importMeps(
  db: Queryable,
  imported: readonly ImportedMep[],
  opts: ImportOptions,
): Promise<ImportSummary> {
  const today = toIsoDate(opts.today);
  const full = opts.full ?? true;
  const list = [...new Map(imported.map((m) => [m.epId, m])).values()];

  return db.transaction(async (tx) => {
    // Serialise concurrent imports (two admins, two instances): the second waits and then sees no changes.
    await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
    const existing = await tx.select().from(meps).where(isNotNull(meps.epId));
    const byEp = new Map(existing.map((m) => [m.epId!, m]));
    const open = await tx
      .select()
      .from(mepAffiliations)
      .where(isNull(mepAffiliations.validTo))
      .orderBy(asc(mepAffiliations.validFrom));
    const openByMep = new Map(open.map((a) => [a.mepId, a]));

    const summary: ImportSummary = {
      added: 0,
      updated: 0,
      unchanged: 0,
      left: 0,
      groupChanges: [],
      leftMeps: [],
      unknownGroups: [...new Set(list.filter((m) => !m.groupKnown).map((m) => m.politicalGroup))],
    };
    const startOf = (m: ImportedMep, after?: string) =>
      m.groupSince && m.groupSince <= today && (!after || m.groupSince > after) ? m.groupSince : today;

    const toInsert: ImportedMep[] = [];
    for (const m of list) {
      const old = byEp.get(m.epId);
      if (!old) {
        toInsert.push(m);
        continue;
      }
      const row = rowFor(m, opts.term, old);
      const changed = COMPARED.some((k) => (row[k] ?? null) !== (old[k] ?? null));
      if (!changed && openByMep.has(old.id)) {
        summary.unchanged++;
        continue;
      }
      if (changed) {
        await tx
          .update(meps)
          .set({ ...row, updatedAt: new Date() })
          .where(eq(meps.id, old.id));
        summary.updated++;
      } else {
        summary.unchanged++;
      }
      if (old.politicalGroup !== row.politicalGroup) {
        summary.groupChanges.push({
          mepId: old.id,
          epId: m.epId,
          name: fullName(row),
          from: old.politicalGroup,
          to: row.politicalGroup,
        });
      }
      const aff = openByMep.get(old.id);
      const affChanged =
        !aff ||
        aff.politicalGroup !== row.politicalGroup ||
        (aff.nationalParty ?? null) !== (row.nationalParty ?? null) ||
        aff.term !== opts.term;
      if (affChanged) {
        const from = startOf(m, aff?.validFrom);
        if (aff) await tx.update(mepAffiliations).set({ validTo: from }).where(eq(mepAffiliations.id, aff.id));
        await tx.insert(mepAffiliations).values({
          mepId: old.id,
          politicalGroup: row.politicalGroup,
          nationalParty: row.nationalParty,
          term: opts.term,
          validFrom: from,
        });
      }
    }

    if (toInsert.length) {
      const inserted = await tx
        .insert(meps)
        .values(toInsert.map((m) => rowFor(m, opts.term)))
        .returning({ id: meps.id, epId: meps.epId });
      const idByEp = new Map(inserted.map((r) => [r.epId!, r.id]));
      await tx.insert(mepAffiliations).values(
        toInsert.map((m) => ({
          mepId: idByEp.get(m.epId)!,
          politicalGroup: m.politicalGroup,
          nationalParty: m.nationalParty,
          term: opts.term,
          validFrom: startOf(m),
        })),
      );
      summary.added = inserted.length;
    }

    if (full && list.length > 0) {
      const present = new Set(list.map((m) => m.epId));
      const gone = existing.filter((m) => m.active && !present.has(m.epId!));
      if (gone.length) {
        const ids = gone.map((m) => m.id);
        await tx.update(meps).set({ active: false, updatedAt: new Date() }).where(inArray(meps.id, ids));
        await tx
          .update(mepAffiliations)
          .set({ validTo: today })
          .where(and(inArray(mepAffiliations.mepId, ids), isNull(mepAffiliations.validTo)));
        summary.left = gone.length;
        summary.leftMeps = gone.map((m) => ({ mepId: m.id, epId: m.epId!, name: fullName(m) }));
      }
    }
    return summary;
  });
}
