/**
 * On PostgreSQL the app runs as a role that owns nothing (DATABASE_URL), apart from the owner that migrates
 * (MIGRATION_DATABASE_URL): it can do its work, but cannot TRUNCATE, ALTER (disable a trigger), DROP, or UPDATE and
 * DELETE evidence, whatever SQL it sends. Uses TEST_APP_DATABASE_URL's role when set (as .ci/run does), otherwise
 * creates one. PostgreSQL only: embedded PGlite has a single superuser and no roles (see the README).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDb, rowsOf, type DbHandle } from "#db/client.server";
import { letterVersions } from "#db/schema";
import { verifyDatabase } from "#app/models/integrity.server";
import { usingPostgres } from "#tests/setup/db";
import { createDraftLetter, createMep, createOffice, createUser, invite, publish, sign } from "#tests/factories/index";

const base = process.env.TEST_DATABASE_URL;
const FALLBACK_ROLE = "undersigned_test_app";

async function appRoleUrl(database: string): Promise<string> {
  const given = process.env.TEST_APP_DATABASE_URL;
  const url = new URL(given ?? base!);
  if (!given) {
    const admin = postgres(base!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`do $$ begin
        if not exists (select from pg_roles where rolname = '${FALLBACK_ROLE}') then
          create role ${FALLBACK_ROLE} login nosuperuser nocreatedb nocreaterole password '${FALLBACK_ROLE}';
        end if; end $$`);
    } finally {
      await admin.end();
    }
    url.username = FALLBACK_ROLE;
    url.password = FALLBACK_ROLE;
  }
  url.pathname = `/${database}`;
  return url.toString();
}

/** The SQLSTATE of a failed statement (drizzle wraps the driver's error in `cause`). */
async function sqlState(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string } };
    return err.cause?.code ?? err.code ?? "unknown";
  }
}

const INSUFFICIENT_PRIVILEGE = "42501";

describe.skipIf(!usingPostgres())("the app's PostgreSQL role owns nothing (postgres)", () => {
  const name = `t_roles_${Date.now()}_${randomBytes(3).toString("hex")}`;
  let ownerUrl: string;
  let app: DbHandle;
  let letterId: string;

  beforeAll(async () => {
    const admin = postgres(base!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const u = new URL(base!);
    u.pathname = `/${name}`;
    ownerUrl = u.toString();
    app = await openDb({ url: await appRoleUrl(name), migrationUrl: ownerUrl });
    // The app's ordinary work goes through: an office, a letter, a version, an invitation, a signature.
    const db = app.db;
    const office = await createOffice(db);
    const user = await createUser(db, { officeId: office.id });
    const actor = { userId: user.id, officeId: office.id };
    const letter = await createDraftLetter(db, actor);
    letterId = letter.id;
    const v = await publish(db, actor, letter.id);
    const mep = await createMep(db);
    const [inv] = await invite(db, actor, letter.id, [mep.id]);
    expect((await sign(db, inv.token, v.sha256, inv.name)).ok).toBe(true);
  });
  afterAll(async () => {
    await app?.close();
    const admin = postgres(base!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it("is a plain role that owns no table", async () => {
    const [me] = rowsOf<{ super: boolean; owned: number }>(
      await app.db.execute(sql`select (select rolsuper from pg_roles where rolname = current_user) as super,
        (select count(*)::int from pg_tables where schemaname = 'public' and tableowner = current_user) as owned`),
    );
    expect(me).toEqual({ super: false, owned: 0 });
  });

  it("cannot TRUNCATE the audit table or any evidence, nor disable the audit trigger, nor drop a table", async () => {
    const db = app.db;
    for (const table of ["audit_events", "audit_heads", "letter_versions", "signatures", "letters"])
      expect(await sqlState(db.execute(sql.raw(`truncate ${table} cascade`))), `truncate ${table}`).toBe(
        INSUFFICIENT_PRIVILEGE,
      );
    expect(await sqlState(db.execute(sql`alter table audit_events disable trigger audit_events_immutable`))).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await sqlState(db.execute(sql`alter table audit_events disable trigger all`))).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await sqlState(db.execute(sql`drop table audit_events`))).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await sqlState(db.execute(sql`drop trigger audit_events_immutable on audit_events`))).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
  });

  it("cannot UPDATE or DELETE evidence (refused by privilege, before any trigger)", async () => {
    const db = app.db;
    const refused = [
      sql`update audit_events set action = 'forged'`,
      sql`delete from audit_events`,
      sql`update letter_versions set html = html || ' '`,
      sql`delete from letter_versions`,
      sql`delete from signatures`,
      sql`delete from audit_heads`,
    ];
    for (const q of refused) expect(await sqlState(db.execute(q))).toBe(INSUFFICIENT_PRIVILEGE);
    // Nothing changed: the database still verifies, and the version is intact.
    expect((await verifyDatabase(db)).problems).toEqual([]);
    expect(await db.select().from(letterVersions)).toHaveLength(1);
    expect(letterId).toBeTruthy();
  });

  it("the grants are applied again, idempotently, by every start", async () => {
    const again = await openDb({ url: await appRoleUrl(name), migrationUrl: ownerUrl });
    try {
      expect(await sqlState(again.db.execute(sql`truncate audit_events`))).toBe(INSUFFICIENT_PRIVILEGE);
      expect((await verifyDatabase(again.db)).ok).toBe(true);
    } finally {
      await again.close();
    }
  });
});
