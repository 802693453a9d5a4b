/**
 * The queries behind the office archive (app/services/office-archive.server.ts): what the database says its tables,
 * columns and foreign keys are, rows read as the database's own JSON (to_jsonb: timestamps with their microseconds,
 * dates as dates, jsonb as it is, bytea as hex), and rows written back through jsonb_populate_recordset, so every
 * value goes through PostgreSQL's own text form both ways and nothing is rounded by a JavaScript Date.
 * Unscoped on purpose: the service decides which rows belong to the office.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Queryable } from "#db/client.server";

export type ColumnInfo = {
  name: string;
  /** PostgreSQL's type name: uuid, text, timestamptz, bytea, jsonb, int4, int8 ... */
  type: string;
  /** GENERATED ALWAYS AS (...) STORED: derived, never written. */
  generated: boolean;
  /** GENERATED ALWAYS AS IDENTITY: written only with OVERRIDING SYSTEM VALUE. */
  identityAlways: boolean;
  /** Filled from a sequence (serial or identity): the sequence is moved past imported ids. */
  sequence: boolean;
};
export type TableInfo = { name: string; columns: ColumnInfo[]; primaryKey: string[] };
export type ForeignKey = { table: string; columns: string[]; refTable: string; refColumns: string[] };
export type Catalog = { tables: Map<string, TableInfo>; foreignKeys: ForeignKey[] };

const str = (v: unknown) => String(v);

/** The public schema's tables, their columns (in order), primary keys and foreign keys. */
export async function readCatalog(db: Queryable): Promise<Catalog> {
  const [cols, pks, fks] = await Promise.all([
    db.execute(sql`
      select c.table_name, c.column_name, c.udt_name, c.is_generated, c.identity_generation, c.column_default
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       order by c.table_name, c.ordinal_position`),
    db.execute(sql`
      select cl.relname as table_name, a.attname as column_name
        from pg_constraint con
        join pg_class cl on cl.oid = con.conrelid
        join unnest(con.conkey) with ordinality k(attnum, ord) on true
        join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
       where con.contype = 'p' and con.connamespace = 'public'::regnamespace
       order by cl.relname, k.ord`),
    db.execute(sql`
      select con.conname, cl.relname as table_name, rf.relname as ref_table,
             array_to_json(array(select a.attname from unnest(con.conkey) with ordinality k(n, o)
                join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.o)) as cols,
             array_to_json(array(select a.attname from unnest(con.confkey) with ordinality k(n, o)
                join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.o)) as ref_cols
        from pg_constraint con
        join pg_class cl on cl.oid = con.conrelid
        join pg_class rf on rf.oid = con.confrelid
       where con.contype = 'f' and con.connamespace = 'public'::regnamespace
       order by cl.relname, con.conname`),
  ]);
  const tables = new Map<string, TableInfo>();
  for (const r of rowsOf<Record<string, unknown>>(cols)) {
    const name = str(r.table_name);
    const t = tables.get(name) ?? { name, columns: [], primaryKey: [] };
    const def = r.column_default == null ? "" : str(r.column_default);
    t.columns.push({
      name: str(r.column_name),
      type: str(r.udt_name),
      generated: str(r.is_generated) === "ALWAYS",
      identityAlways: r.identity_generation === "ALWAYS",
      sequence: r.identity_generation != null || def.startsWith("nextval("),
    });
    tables.set(name, t);
  }
  for (const r of rowsOf<Record<string, unknown>>(pks))
    tables.get(str(r.table_name))?.primaryKey.push(str(r.column_name));
  const asList = (v: unknown): string[] => (typeof v === "string" ? JSON.parse(v) : (v as string[]));
  const foreignKeys = rowsOf<Record<string, unknown>>(fks).map((r) => ({
    table: str(r.table_name),
    columns: asList(r.cols),
    refTable: str(r.ref_table),
    refColumns: asList(r.ref_cols),
  }));
  return { tables, foreignKeys };
}

const asObject = (v: unknown): Record<string, unknown> =>
  (typeof v === "string" ? JSON.parse(v) : v) as Record<string, unknown>;

/** Rows of `table` (aliased `t` in `where`) as the database's JSON, ordered by the primary key. */
export async function selectRowsAsJson(
  db: Queryable,
  table: TableInfo,
  where: SQL,
): Promise<Record<string, unknown>[]> {
  const order = sql.join(
    table.primaryKey.map((c) => sql`t.${sql.identifier(c)}`),
    sql`, `,
  );
  const res = await db.execute(
    sql`select to_jsonb(t) as r from ${sql.identifier(table.name)} t where ${where} order by ${order}`,
  );
  return rowsOf<{ r: unknown }>(res).map((x) => asObject(x.r));
}

/** A condition on `t.<column>`: its value (as text) is one of `values`. */
export function columnIn(column: string, values: Iterable<unknown>): SQL {
  const list = [...new Set([...values].filter((v) => v != null).map(String))];
  if (!list.length) return sql`false`;
  return sql`t.${sql.identifier(column)}::text in (select jsonb_array_elements_text(${JSON.stringify(list)}::jsonb))`;
}

/** Inserts rows given as the database's JSON (bytea as "\\x…" hex), exactly these columns. */
export async function insertRowsFromJson(
  db: Queryable,
  table: TableInfo,
  columns: string[],
  rows: Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  const list = sql.join(
    columns.map((c) => sql.identifier(c)),
    sql`, `,
  );
  const overriding = table.columns.some((c) => c.identityAlways && columns.includes(c.name))
    ? sql`overriding system value`
    : sql``;
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = JSON.stringify(rows.slice(i, i + 200));
    await db.execute(
      sql`insert into ${sql.identifier(table.name)} (${list}) ${overriding}
          select ${list} from jsonb_populate_recordset(null::${sql.identifier(table.name)}, ${chunk}::jsonb)`,
    );
  }
}

/** Moves the sequence behind `table.column` past the largest id now in the table (never backwards). */
export async function advanceSequence(db: Queryable, table: string, column: string): Promise<void> {
  const [row] = rowsOf<{ s: string | null }>(
    await db.execute(sql`select pg_get_serial_sequence(${["public", table].join(".")}, ${column}) as s`),
  );
  if (!row?.s) return;
  const seq = sql.raw(row.s); // a qualified, quoted name from the catalog
  await db.execute(
    sql`select setval(${row.s}::regclass, greatest(
          coalesce((select max(${sql.identifier(column)}) from ${sql.identifier(table)}), 1),
          (select last_value from ${seq})))`,
  );
}
