/**
 * Snapshots of database state for "nothing changed" assertions: every public table's row count and
 * an md5 of its rows, or only the rows of one office.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Queryable } from "#db/client.server";

export type Fingerprint = Record<string, { rows: number; md5: string }>;

async function publicTables(db: Queryable): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`),
  );
  return rows.map((r) => r.name);
}

async function tablesWithColumn(db: Queryable, column: string): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`select c.table_name as name from information_schema.columns c
      join pg_tables t on t.tablename = c.table_name and t.schemaname = c.table_schema
      where c.table_schema = 'public' and c.column_name = ${column} order by 1`),
  );
  return rows.map((r) => r.name);
}

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

/**
 * Every table's count and content hash. `rate_limits` is left out by default: counting requests
 * (also GETs, so token guessing is slowed) is its purpose, not a change of data.
 */
export async function tableFingerprints(db: Queryable, opts: { exclude?: string[] } = {}): Promise<Fingerprint> {
  const exclude = new Set(opts.exclude ?? ["rate_limits"]);
  const tables = (await publicTables(db)).filter((t) => !exclude.has(t));
  return fingerprintMany(
    db,
    tables.map((t) => ({ table: t, where: sql`` })),
  );
}

/** All tables in one statement (one round trip instead of one per table). */
async function fingerprintMany(
  db: Queryable,
  parts: { table: string; where: ReturnType<typeof sql> }[],
): Promise<Fingerprint> {
  if (!parts.length) return {};
  const selects = parts.map(
    ({ table, where }) =>
      sql`select ${table}::text as name, count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from public.${ident(table)} t ${where}`,
  );
  const rows = rowsOf<{ name: string; n: number | string; h: string | null }>(
    await db.execute(sql.join(selects, sql` union all `)),
  );
  const out: Fingerprint = {};
  for (const r of rows) out[r.name] = { rows: Number(r.n), md5: r.h ?? "" };
  return out;
}

/** Only one office's rows, in every table that has an office_id column. */
export async function officeFingerprints(db: Queryable, officeId: string): Promise<Fingerprint> {
  const parts = (await tablesWithColumn(db, "office_id")).map((t) => ({
    table: t,
    where: sql`where t.office_id = ${officeId}`,
  }));
  parts.push({ table: "offices", where: sql`where t.id = ${officeId}` });
  return fingerprintMany(db, parts);
}

/** Tables whose fingerprint differs (for readable failure messages). */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n]?.md5 !== after[n]?.md5 || before[n]?.rows !== after[n]?.rows).sort();
}

export async function countRows(db: Queryable, table: string, where = sql``): Promise<number> {
  const [r] = rowsOf<{ n: number | string }>(
    await db.execute(sql`select count(*)::int as n from public.${ident(table)} t ${where}`),
  );
  return Number(r.n);
}
