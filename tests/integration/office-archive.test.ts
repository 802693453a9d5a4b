/**
 * The office archive (issue 14): the demo office exported, imported into a fresh empty database, exported again and
 * compared; the copy's evidence verifies the way `npm run db:verify` checks it; a bad document writes nothing; an
 * office that is already there is refused; and every table of db/schema.ts is either included or excluded.
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import { memberships, offices, replies, users } from "#db/schema";
import { rowsOf, type Db } from "#db/client.server";
import { seedDemo, DEMO_EMAIL_DOMAIN } from "#db/seed.server";
import { verifyDatabase } from "#app/models/integrity.server";
import {
  ArchiveError,
  TABLE_DECISIONS,
  exportOffice,
  importOffice,
  schemaTableNames,
  undecidedTables,
  type OfficeArchive,
} from "#app/services/office-archive.server";
import { createTestDb, dbLabel, type TestDb } from "#tests/setup/db";
import { callLoader, sessionCookieFor } from "#tests/setup/routes";
import { setDbHandle } from "#app/infra/db.server";
import { auditEvents } from "#db/schema";
import * as officeJson from "#app/routes/exports.office[.]json";

let source: TestDb;
let target: TestDb;
let officeId: string;
let first: OfficeArchive;
/** The importing handle: the tables' owner (moving a sequence past imported ids takes more than the app's grants). */
let targetDb: Db;

const withoutDate = (a: OfficeArchive) => ({ ...a, exportedAt: undefined });

async function tableCounts(db: Db) {
  const res = await db.execute(sql`select tablename as t from pg_tables where schemaname = 'public' order by 1`);
  const names = rowsOf<{ t: string }>(res).map((r) => r.t);
  const out: Record<string, number> = {};
  for (const n of names) {
    const [{ c }] = rowsOf<{ c: number }>(await db.execute(sql`select count(*)::int as c from ${sql.identifier(n)}`));
    out[n] = Number(c);
  }
  return out;
}

beforeAll(async () => {
  source = await createTestDb();
  await seedDemo(source.db);
  const [u] = await source.db
    .select()
    .from(users)
    .where(eq(users.email, `anna.staff@${DEMO_EMAIL_DOMAIN}`));
  const [m] = await source.db.select().from(memberships).where(eq(memberships.userId, u.id));
  officeId = m.officeId;
  // A received file (bytea with NUL and high bytes) and a timestamp with microseconds, which a Date would round.
  const [reply] = await source.db.select().from(replies).where(eq(replies.officeId, officeId)).limit(1);
  await source.db.execute(sql`
    insert into reply_files (reply_id, office_id, filename, content_type, byte_size, sha256, content, extracted_text, created_at)
    values (${reply.id}, ${officeId}, 'answer.pdf', 'application/pdf', 5, 'x', '\\x00ff10fe00'::bytea, 'text',
            '2023-01-02 03:04:05.123456+00')`);
  first = await exportOffice(source.db, officeId);
  target = await createTestDb();
  targetDb = target.owner;
});
afterAll(async () => {
  await target?.close();
  await source?.close();
});

describe(`office archive (${dbLabel()})`, () => {
  it("every table of db/schema.ts and of the migrated database is either included or excluded", async () => {
    const inDb = rowsOf<{ t: string }>(
      await source.db.execute(sql`select tablename as t from pg_tables where schemaname = 'public'`),
    ).map((r) => r.t);
    expect(undecidedTables([...schemaTableNames(), ...inDb])).toEqual({ undecided: [], unknown: [] });
    expect(schemaTableNames().length).toBe(Object.keys(TABLE_DECISIONS).length);
    // The check itself can fail: a table nobody decided about is named.
    expect(undecidedTables([...schemaTableNames(), "new_table"]).undecided).toEqual(["new_table"]);
    for (const [t, d] of Object.entries(TABLE_DECISIONS)) expect(d, t).toMatch(/^(included|excluded: .{10,})$/);
  });

  it("the export holds the office's letters, versions, signatures and audit chain, and no live credential", () => {
    expect(first.format).toBe("undersigned-office-archive");
    expect(first.version).toBe(1);
    expect(first.office.id).toBe(officeId);
    expect(first.tables.offices).toHaveLength(1);
    expect(first.tables.letters.length).toBeGreaterThanOrEqual(2);
    expect(first.tables.letter_versions.length).toBeGreaterThanOrEqual(2);
    expect(first.tables.signatures.length).toBeGreaterThanOrEqual(56);
    expect(first.tables.audit_events.length).toBeGreaterThan(0);
    expect(first.tables.audit_heads.length).toBeGreaterThan(0);
    expect(first.tables.letters.every((l) => l.office_id === officeId)).toBe(true);
    for (const t of Object.keys(first.tables)) expect(TABLE_DECISIONS[t]).toBe("included");
    expect(first.tables.sessions).toBeUndefined();
    const text = JSON.stringify(first);
    expect(text).not.toContain("token_hash");
    expect(text).not.toContain("is_platform_admin");
    const [file] = first.tables.reply_files;
    expect(file.content).toBe(Buffer.from([0, 255, 16, 254, 0]).toString("base64"));
    expect(file.created_at).toBe("2023-01-02T03:04:05.123456+00:00");
    // The other demo office's rows stay out.
    expect(first.tables.memberships.every((m) => m.office_id === officeId)).toBe(true);
  });

  it("imports into an empty database; exporting the copy gives the same document, and its evidence verifies", async () => {
    const before = await tableCounts(targetDb);
    expect(before.offices).toBe(0);
    const result = await importOffice(targetDb, JSON.parse(JSON.stringify(first)));
    expect(result.officeId).toBe(officeId);
    expect(result.rows.signatures).toBe(first.tables.signatures.length);
    const second = await exportOffice(target.db, officeId);
    expect(withoutDate(second)).toEqual(withoutDate(first));
    // What `npm run db:verify` runs: version hashes, signatures against them, every audit chain against its head.
    const report = await verifyDatabase(target.db);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.chains).toBeGreaterThan(0);
    expect(report.letters).toBe(first.tables.letters.length);
    // Nobody is made a platform administrator by a copy, and the invitations' links are dead in it.
    const admins = await target.db.select({ n: count() }).from(users).where(eq(users.isPlatformAdmin, true));
    expect(admins[0].n).toBe(0);
    const srcHashes = rowsOf<{ h: string }>(await source.db.execute(sql`select token_hash as h from invitations`));
    const dstHashes = new Set(
      rowsOf<{ h: string }>(await target.db.execute(sql`select token_hash as h from invitations`)).map((r) => r.h),
    );
    expect(srcHashes.some((r) => dstHashes.has(r.h))).toBe(false);
    // Sequences moved past the imported ids: new audit events and Members get fresh ids.
    const [ev] = rowsOf<{ id: number }>(
      await targetDb.execute(sql`select nextval(pg_get_serial_sequence('audit_events', 'id'))::int as id`),
    );
    const maxEvent = Math.max(...first.tables.audit_events.map((e) => Number(e.id)));
    expect(Number(ev.id)).toBeGreaterThan(maxEvent);
  });

  it("refuses an office that is already there, and writes nothing", async () => {
    const before = await tableCounts(targetDb);
    await expect(importOffice(targetDb, first)).rejects.toThrow(/already exists/);
    expect(await tableCounts(targetDb)).toEqual(before);
  });

  it("an office administrator downloads the archive (audited); staff, Members and campaign leads may not", async () => {
    setDbHandle(source);
    const cookieOf = async (local: string) => {
      const [u] = await source.db
        .select()
        .from(users)
        .where(eq(users.email, `${local}@${DEMO_EMAIL_DOMAIN}`));
      return (await sessionCookieFor(source.db, u, officeId)).cookie;
    };
    const exported = () =>
      source.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "office.exported"));
    const path = "/exports/office.json";
    for (const local of ["anna.staff", "bart.mep", "pieter.lead"])
      expect((await callLoader(officeJson, { path, cookie: await cookieOf(local) })).status, local).toBe(403);
    expect((await exported())[0].n).toBe(0);
    const res = await callLoader<OfficeArchive>(officeJson, { path, cookie: await cookieOf("sophie.admin") });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="office-archive-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(res.data.office.id).toBe(officeId);
    expect(withoutDate(res.data).tables.letters).toEqual(first.tables.letters);
    const [event] = await source.db.select().from(auditEvents).where(eq(auditEvents.action, "office.exported"));
    expect(event.officeId).toBe(officeId);
    expect((event.data as { rows: Record<string, number> }).rows.signatures).toBe(first.tables.signatures.length);
    expect((await verifyDatabase(source.db)).problems).toEqual([]);
  });

  it("refuses a bad document with clear errors, and writes nothing", async () => {
    const fresh = await createTestDb();
    try {
      const before = await tableCounts(fresh.owner);
      await expect(importOffice(fresh.owner, { format: "something-else" })).rejects.toThrow(ArchiveError);
      await expect(importOffice(fresh.owner, "not json")).rejects.toThrow(/not a JSON object/);
      // Well-formed up to the last table, whose row is broken: nothing of the earlier tables stays.
      const broken = JSON.parse(JSON.stringify(first)) as OfficeArchive;
      broken.tables.audit_heads[0] = { ...broken.tables.audit_heads[0], surprise: 1 };
      await expect(importOffice(fresh.owner, broken)).rejects.toThrow(/audit_heads\[0\] has unknown columns surprise/);
      // Valid in shape, refused by the database half-way (a letter pointing at a campaign that is not there).
      const dangling = JSON.parse(JSON.stringify(first)) as OfficeArchive;
      dangling.tables.campaigns = [];
      await expect(importOffice(fresh.owner, dangling)).rejects.toThrow(ArchiveError);
      // Rows of another office are refused.
      const foreign = JSON.parse(JSON.stringify(first)) as OfficeArchive;
      foreign.tables.memberships[0] = { ...foreign.tables.memberships[0], office_id: crypto.randomUUID() };
      await expect(importOffice(fresh.owner, foreign)).rejects.toThrow(/belongs to another office/);
      expect(await tableCounts(fresh.owner)).toEqual(before);
      expect((await fresh.db.select({ n: count() }).from(offices))[0].n).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
