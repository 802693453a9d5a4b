/**
 * The office archive (issue 14): everything an office owns as one JSON document, and its import into a database
 * that does not have the office yet, losslessly: ids kept, timestamps with their microseconds (ISO strings in UTC),
 * dates as dates, jsonb as it is, bytea as base64, version hashes and the audit chain (events and heads) as they
 * are, so `npm run db:verify` verifies the copy (heads are sealed with APP_SECRET: under another secret, run
 * `npm run db:verify -- --seal` once after the import).
 *
 * A copy grants nobody anything: no sessions, sign-in codes, link or feed token hashes, platform-admin flags or
 * queue plumbing (TABLE_DECISIONS says why for each table; WITHHELD the columns left out of included tables).
 * Shared rows the office's rows point at (the Members, the people, the parliamentary questions) travel with it so
 * the copy stands on its own; on import an existing shared row with the same id is kept when it is the same thing
 * (same address, same EP id ...) and refused otherwise.
 */
import { randomBytes } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import * as schema from "#db/schema";
import type { Db, Queryable } from "#db/client.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { audit } from "#app/infra/audit.server";
import {
  advanceSequence,
  columnIn,
  insertRowsFromJson,
  readCatalog,
  selectRowsAsJson,
  type Catalog,
  type TableInfo,
} from "#app/models/office-archive.server";

export const ARCHIVE_FORMAT = "undersigned-office-archive";
export const ARCHIVE_VERSION = 1;

type Decision = "included" | `excluded: ${string}`;

/**
 * Every table of db/schema.ts, included in the archive or excluded with the reason. A table missing here fails
 * tests/integration/office-archive.test.ts and makes exportOffice refuse, so a new table cannot be forgotten.
 */
export const TABLE_DECISIONS: Record<string, Decision> = {
  offices: "included",
  users: "included",
  memberships: "included",
  office_invitations:
    "excluded: a pending invitation's token hash is a live way into the office; accepted ones are memberships and the audit chain records them all",
  sessions: "excluded: live sign-in credentials",
  login_codes: "excluded: live sign-in codes and magic-link hashes (and not per office)",
  form_submissions: "excluded: double-submit plumbing, swept after a week",
  rate_limits: "excluded: rate-limit counters",
  meps: "included",
  mep_affiliations: "included",
  campaigns: "included",
  letters: "included",
  letter_versions: "included",
  addressees: "included",
  invitations: "included",
  invitation_links:
    "excluded: only the token hashes of superseded signing links, live credentials; a resend issues a new link",
  signatures: "included",
  comments: "included",
  signature_decisions: "included",
  signature_confirmations: "included",
  letter_templates: "included",
  sends: "included",
  emails: "excluded: the outbox; a queued message would be sent again from the copy, and sealed secrets are live links",
  jobs: "excluded: the job queue (plumbing, and a copy must not rerun jobs)",
  webhook_events: "excluded: provider delivery plumbing, not per office",
  replies: "included",
  reply_addressees: "included",
  reply_files: "included",
  reply_revisions: "included",
  reply_not_expected: "included",
  reply_email_tokens: "excluded: token hashes of live 'did they reply?' and unsubscribe links",
  reply_email_prefs: "included",
  test_clock: "excluded: the test clock of an installation, not office data",
  parliamentary_questions: "included",
  question_participants: "included",
  question_follows: "included",
  question_drafts: "included",
  question_imports: "excluded: runs of the platform's EP Open Data import (platform jobs, not office data)",
  directory_imports: "excluded: runs of the platform's directory import (platform jobs, not office data)",
  ep_mep_records: "excluded: a cache of EP records, fetched again when needed",
  question_links: "included",
  press_items: "included",
  publications: "included",
  audit_events: "included",
  calendar_feeds: "excluded: the keyed hash of a live calendar-feed URL",
  audit_heads: "included",
};

/**
 * Columns of included tables that a copy does not carry, and what the import puts there instead. A token hash is
 * replaced by the hash of a random value nobody holds (the link is dead in the copy; the office can resend).
 */
export const WITHHELD: Record<string, Record<string, "random-token-hash" | "false">> = {
  users: { is_platform_admin: "false" },
  invitations: { token_hash: "random-token-hash" },
  signature_confirmations: { token_hash: "random-token-hash" },
};

/**
 * Included tables that are shared between offices: only the rows the office's rows point at travel, with the rows
 * that describe them (`childOf`). On import an existing row with the same key is kept if `identity` agrees.
 * Listed in the order they are worked out (questions before their participants, participants before the Members).
 */
const SHARED: Array<{ table: string; identity: string[]; childOf?: { column: string; parent: string } }> = [
  { table: "parliamentary_questions", identity: ["type", "term", "year", "number"] },
  {
    table: "question_participants",
    identity: ["question_id", "role"],
    childOf: { column: "question_id", parent: "parliamentary_questions" },
  },
  { table: "meps", identity: ["ep_id", "given_name", "family_name"] },
  { table: "mep_affiliations", identity: ["mep_id", "valid_from"], childOf: { column: "mep_id", parent: "meps" } },
  { table: "users", identity: ["email"] },
];
/** In a shared row, references to people outside the archive are cleared rather than exporting those people. */
const DETACH_USERS: Record<string, string[]> = { meps: ["email_changed_by", "office_email_changed_by"] };
const SHARED_TABLES = new Set(SHARED.map((s) => s.table));
/** Office tables whose rows may also belong to the office through a letter (the audit chain of a letter). */
const THROUGH_LETTER = new Set(["audit_events", "audit_heads"]);

export type OfficeArchive = {
  format: typeof ARCHIVE_FORMAT;
  version: typeof ARCHIVE_VERSION;
  exportedAt: string;
  office: { id: string; name: string };
  tables: Record<string, Record<string, unknown>[]>;
};

export class ArchiveError extends Error {
  constructor(public problems: string[]) {
    super(`Not a usable office archive: ${problems.join("; ")}`);
    this.name = "ArchiveError";
  }
}

/** The tables db/schema.ts defines, by SQL name. */
export function schemaTableNames(): string[] {
  return (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable)).map((t) => getTableName(t));
}

/** Tables neither included nor excluded (in the schema or the database), and decisions about tables that are gone. */
export function undecidedTables(names: Iterable<string>): { undecided: string[]; unknown: string[] } {
  const all = new Set(names);
  return {
    undecided: [...all].filter((n) => !(n in TABLE_DECISIONS)).sort(),
    unknown: Object.keys(TABLE_DECISIONS)
      .filter((n) => !all.has(n))
      .sort(),
  };
}

const includedTables = () => Object.keys(TABLE_DECISIONS).filter((t) => TABLE_DECISIONS[t] === "included");

/** Included tables, parents before children (foreign keys), ties in TABLE_DECISIONS order. */
function insertOrder(catalog: Catalog): string[] {
  const included = includedTables();
  const set = new Set(included);
  const deps = new Map(included.map((t) => [t, new Set<string>()]));
  for (const fk of catalog.foreignKeys)
    if (set.has(fk.table) && set.has(fk.refTable) && fk.table !== fk.refTable) deps.get(fk.table)!.add(fk.refTable);
  const out: string[] = [];
  const done = new Set<string>();
  while (out.length < included.length) {
    const next = included.find((t) => !done.has(t) && [...deps.get(t)!].every((d) => done.has(d)));
    if (!next)
      throw new Error(`office archive: foreign keys form a cycle among ${included.filter((t) => !done.has(t))}`);
    out.push(next);
    done.add(next);
  }
  return out;
}

function checkCatalog(catalog: Catalog) {
  const { undecided, unknown } = undecidedTables([...catalog.tables.keys(), ...schemaTableNames()]);
  if (undecided.length || unknown.length)
    throw new Error(
      `office archive: decide each table in TABLE_DECISIONS (undecided: ${undecided.join(", ") || "none"}; ` +
        `no such table: ${unknown.join(", ") || "none"})`,
    );
  for (const fk of catalog.foreignKeys)
    if (fk.columns.length !== 1) throw new Error(`office archive: composite foreign key on ${fk.table}`);
}

const table = (catalog: Catalog, name: string): TableInfo => {
  const t = catalog.tables.get(name);
  if (!t) throw new Error(`office archive: no table ${name}`);
  return t;
};

/** The columns an archive row of `name` carries: all but generated and withheld ones. */
function archivedColumns(t: TableInfo): string[] {
  const withheld = WITHHELD[t.name] ?? {};
  return t.columns.filter((c) => !c.generated && !(c.name in withheld)).map((c) => c.name);
}

function officeWhere(t: TableInfo, officeId: string): SQL {
  if (t.name === "offices") return sql`t.id = ${officeId}`;
  const byOffice = sql`t.office_id = ${officeId}`;
  if (THROUGH_LETTER.has(t.name))
    return sql`(${byOffice} or t.letter_id in (select id from letters where office_id = ${officeId}))`;
  return byOffice;
}

const hexToBase64 = (v: unknown) => Buffer.from(String(v).replace(/^\\x/, ""), "hex").toString("base64");

const parentIds = (catalog: Catalog, rows: Map<string, Record<string, unknown>[]>, parent: string) =>
  (rows.get(parent) ?? []).map((r) => r[table(catalog, parent).primaryKey[0]]);

/** Values of `column` of rows that `fk`s from the given tables point at `refTable` with. */
function referencedIds(
  catalog: Catalog,
  rows: Map<string, Record<string, unknown>[]>,
  refTable: string,
  from: (table: string) => boolean,
) {
  const ids = new Set<string>();
  for (const fk of catalog.foreignKeys) {
    if (fk.refTable !== refTable || !from(fk.table)) continue;
    for (const r of rows.get(fk.table) ?? []) if (r[fk.columns[0]] != null) ids.add(String(r[fk.columns[0]]));
  }
  return ids;
}

/**
 * Everything the office owns, as a versioned JSON document. Reads in one repeatable-read transaction (a consistent
 * snapshot). Throws if a table is undecided, or if a row in the archive points at a row the archive lacks.
 */
export async function exportOffice(db: Db, officeId: string): Promise<OfficeArchive> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read`);
    await tx.execute(sql`set local timezone = 'UTC'`);
    const catalog = await readCatalog(tx);
    checkCatalog(catalog);
    const order = insertOrder(catalog);
    const [office] = await selectRowsAsJson(tx, table(catalog, "offices"), sql`t.id = ${officeId}`);
    if (!office) throw new ArchiveError([`there is no office ${officeId}`]);

    const rows = new Map<string, Record<string, unknown>[]>();
    for (const name of order)
      if (!SHARED_TABLES.has(name))
        rows.set(name, await selectRowsAsJson(tx, table(catalog, name), officeWhere(table(catalog, name), officeId)));
    for (const s of SHARED) {
      const t = table(catalog, s.table);
      const pk = t.primaryKey[0];
      // People come only from the office's own rows; the rest from anything already in the archive.
      const ids = referencedIds(catalog, rows, s.table, (from) => s.table !== "users" || !SHARED_TABLES.has(from));
      const where = s.childOf
        ? sql`(${columnIn(pk, ids)} or ${columnIn(s.childOf.column, parentIds(catalog, rows, s.childOf.parent))})`
        : columnIn(pk, ids);
      rows.set(s.table, await selectRowsAsJson(tx, t, where));
    }
    const people = new Set((rows.get("users") ?? []).map((u) => String(u.id)));
    for (const [name, cols] of Object.entries(DETACH_USERS))
      for (const r of rows.get(name) ?? [])
        for (const c of cols) if (r[c] != null && !people.has(String(r[c]))) r[c] = null;

    assertClosed(catalog, rows);

    const tables: OfficeArchive["tables"] = {};
    for (const name of order) {
      const t = table(catalog, name);
      const keep = archivedColumns(t);
      const bytea = new Set(t.columns.filter((c) => c.type === "bytea").map((c) => c.name));
      tables[name] = rows
        .get(name)!
        .map((r) => Object.fromEntries(keep.map((c) => [c, bytea.has(c) && r[c] != null ? hexToBase64(r[c]) : r[c]])));
    }
    return {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      exportedAt: new Date().toISOString(),
      office: { id: String(office.id), name: String(office.name) },
      tables,
    };
  });
}

/** Every reference from a row of the archive to an included table must land on a row of the archive. */
function assertClosed(catalog: Catalog, rows: Map<string, Record<string, unknown>[]>) {
  const missing: string[] = [];
  for (const fk of catalog.foreignKeys) {
    const from = rows.get(fk.table);
    if (!from || TABLE_DECISIONS[fk.refTable] !== "included") continue;
    const have = new Set((rows.get(fk.refTable) ?? []).map((r) => String(r[fk.refColumns[0]])));
    for (const r of from) {
      const v = r[fk.columns[0]];
      if (v != null && !have.has(String(v)))
        missing.push(`${fk.table}.${fk.columns[0]} = ${String(v)} (not in ${fk.refTable})`);
    }
  }
  if (missing.length)
    throw new Error(`office archive incomplete: ${missing.slice(0, 5).join("; ")}${missing.length > 5 ? " ..." : ""}`);
  for (const fk of catalog.foreignKeys)
    if (rows.has(fk.table) && TABLE_DECISIONS[fk.refTable] !== "included" && TABLE_DECISIONS[fk.refTable]) {
      const bad = rows.get(fk.table)!.find((r) => r[fk.columns[0]] != null);
      if (bad) throw new Error(`office archive: ${fk.table}.${fk.columns[0]} points into excluded ${fk.refTable}`);
    }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The document's shape against the database's tables; every problem found, not just the first. */
function validate(catalog: Catalog, doc: unknown): OfficeArchive {
  const problems: string[] = [];
  if (!isRecord(doc)) throw new ArchiveError(["the document is not a JSON object"]);
  if (doc.format !== ARCHIVE_FORMAT) problems.push(`format is not "${ARCHIVE_FORMAT}"`);
  if (doc.version !== ARCHIVE_VERSION) problems.push(`version ${String(doc.version)} is not ${ARCHIVE_VERSION}`);
  const office = doc.office;
  const officeId = isRecord(office) && typeof office.id === "string" && UUID.test(office.id) ? office.id : null;
  if (!officeId) problems.push("office.id is not an office id");
  if (!isRecord(doc.tables)) problems.push("tables is not an object");
  if (problems.length) throw new ArchiveError(problems);
  const tables = doc.tables as Record<string, unknown>;
  for (const name of Object.keys(tables))
    if (TABLE_DECISIONS[name] !== "included") problems.push(`table ${name} is not part of an office archive`);
  for (const name of includedTables()) {
    const rows = tables[name];
    if (!Array.isArray(rows)) {
      problems.push(`table ${name} is missing`);
      continue;
    }
    const t = table(catalog, name);
    const cols = archivedColumns(t);
    const expected = new Set(cols);
    const bytea = t.columns.filter((c) => c.type === "bytea").map((c) => c.name);
    rows.forEach((r, i) => {
      const at = `${name}[${i}]`;
      if (!isRecord(r)) return problems.push(`${at} is not an object`);
      const extra = Object.keys(r).filter((k) => !expected.has(k));
      const lacking = cols.filter((c) => !(c in r));
      if (extra.length) problems.push(`${at} has unknown columns ${extra.join(", ")}`);
      if (lacking.length) problems.push(`${at} lacks columns ${lacking.join(", ")}`);
      for (const c of bytea)
        if (r[c] != null && (typeof r[c] !== "string" || !BASE64.test(r[c] as string)))
          problems.push(`${at}.${c} is not base64`);
      if (!SHARED_TABLES.has(name) && name !== "offices" && "office_id" in r && r.office_id !== officeId) {
        if (!(THROUGH_LETTER.has(name) && r.office_id === null && r.letter_id != null))
          problems.push(`${at} belongs to another office`);
      }
    });
  }
  const officeRows = tables.offices;
  if (Array.isArray(officeRows) && (officeRows.length !== 1 || (officeRows[0] as { id?: unknown })?.id !== officeId))
    problems.push("tables.offices must hold exactly the archived office");
  if (Array.isArray(tables.letters)) {
    const letterIds = new Set((tables.letters as Array<{ id?: unknown }>).map((l) => l?.id));
    for (const name of THROUGH_LETTER)
      (Array.isArray(tables[name]) ? (tables[name] as Record<string, unknown>[]) : []).forEach((r, i) => {
        if (isRecord(r) && r.letter_id != null && !letterIds.has(r.letter_id))
          problems.push(`${name}[${i}] belongs to a letter outside the archive`);
      });
  }
  if (problems.length) throw new ArchiveError(problems.slice(0, 20));
  return doc as unknown as OfficeArchive;
}

const base64ToHex = (v: string) => `\\x${Buffer.from(v, "base64").toString("hex")}`;
const deadTokenHash = () => sha256Hex(randomBytes(32));

/**
 * Restores an archive into this database, in one transaction: nothing is written unless all of it is. Refuses a
 * malformed document (ArchiveError, with every problem), an office id that already exists, and a shared row whose
 * id exists here as something else. Returns the number of rows written per table.
 */
export async function importOffice(db: Db, doc: unknown): Promise<{ officeId: string; rows: Record<string, number> }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const catalog = await readCatalog(tx);
    checkCatalog(catalog);
    const archive = validate(catalog, doc);
    const officeId = archive.office.id;
    const existing = await selectRowsAsJson(tx, table(catalog, "offices"), sql`t.id = ${officeId}`);
    if (existing.length) throw new ArchiveError([`office ${officeId} already exists in this database`]);
    const written: Record<string, number> = {};
    for (const name of insertOrder(catalog)) {
      const t = table(catalog, name);
      let rows = archive.tables[name];
      const shared = SHARED.find((s) => s.table === name);
      if (shared) rows = await withoutExisting(tx, t, shared.identity, rows);
      const withheld = WITHHELD[name] ?? {};
      const bytea = t.columns.filter((c) => c.type === "bytea").map((c) => c.name);
      const prepared = rows.map((r) => {
        const out: Record<string, unknown> = { ...r };
        for (const c of bytea) if (typeof out[c] === "string") out[c] = base64ToHex(out[c] as string);
        for (const [c, fill] of Object.entries(withheld)) out[c] = fill === "false" ? false : deadTokenHash();
        return out;
      });
      try {
        await insertRowsFromJson(tx, t, [...archivedColumns(t), ...Object.keys(withheld)], prepared);
      } catch (e) {
        throw new ArchiveError([`${name}: ${e instanceof Error ? e.message : String(e)}`]);
      }
      written[name] = prepared.length;
      if (prepared.length) for (const c of t.columns) if (c.sequence) await advanceSequence(tx, name, c.name);
    }
    return { officeId, rows: written };
  });
}

/** Shared rows whose key is already here: kept (not written again) when they are the same thing, refused if not. */
async function withoutExisting(
  tx: Queryable,
  t: TableInfo,
  identity: string[],
  rows: Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  if (!rows.length) return rows;
  const pk = t.primaryKey[0];
  const here = new Map(
    (
      await selectRowsAsJson(
        tx,
        t,
        columnIn(
          pk,
          rows.map((r) => r[pk]),
        ),
      )
    ).map((r) => [String(r[pk]), r]),
  );
  const clash = rows.filter((r) => {
    const h = here.get(String(r[pk]));
    return h && identity.some((c) => JSON.stringify(h[c]) !== JSON.stringify(r[c]));
  });
  if (clash.length)
    throw new ArchiveError(clash.slice(0, 5).map((r) => `${t.name} ${String(r[pk])} exists here as something else`));
  return rows.filter((r) => !here.has(String(r[pk])));
}

/**
 * An export that is recorded: the archive, then an "office.exported" event in the office's audit chain (with the
 * number of rows per table), after the snapshot, so the archive never holds its own export event. `actor` is the
 * administrator downloading it, or a label for the command line.
 */
export async function exportOfficeAudited(db: Db, officeId: string, actor: { userId: string } | { label: string }) {
  const archive = await exportOffice(db, officeId);
  const rows = Object.fromEntries(Object.entries(archive.tables).map(([t, r]) => [t, r.length]));
  await db.transaction((tx) =>
    audit(tx, {
      officeId,
      ...("userId" in actor ? { actorUserId: actor.userId } : { actorLabel: actor.label }),
      action: "office.exported",
      data: { format: archive.format, version: archive.version, exportedAt: archive.exportedAt, rows },
    }),
  );
  return archive;
}
