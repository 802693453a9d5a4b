/**
 * `npm run db:verify` (app/models/integrity.server.ts) against the tamperings a superuser could make with a copy of
 * the database: each is done in a transaction that is rolled back, with the guarding trigger disabled as only the
 * table owner can, and the verifier must name it. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "#db/client.server";
import { auditEvents, auditHeads, letterVersions } from "#db/schema";
import { createCampaign } from "#app/models/campaigns.server";
import { verifyDatabase, sealHeads, verifyLetterEvidence } from "#app/models/integrity.server";
import { hashInputOf } from "#app/domain/version-hash";
import { versionHash } from "#app/domain/version-hash.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { createDraftLetter, createMep, createOffice, createUser, invite, publish, sign } from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
const label = usingPostgres() ? "postgres" : "pglite";

let actor: { userId: string; officeId: string };
let letterId: string;
let versionId: string;
let campaignChain: string;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  const office = await createOffice(db);
  const user = await createUser(db, { officeId: office.id, role: "staff" });
  actor = { userId: user.id, officeId: office.id };
  const letter = await createDraftLetter(db, actor, { body: "We ask the Commission to ban these scanners." });
  letterId = letter.id;
  const v1 = await publish(db, actor, letter.id);
  versionId = v1.id;
  const mep = await createMep(db);
  const [inv] = await invite(db, actor, letter.id, [mep.id]);
  expect((await sign(db, inv.token, v1.sha256, inv.name)).ok).toBe(true);
  // Office-level events (outside any letter): two campaigns.
  await db.transaction((tx) => createCampaign(tx, actor, { title: "Border scanners", summary: null }));
  await db.transaction((tx) => createCampaign(tx, actor, { title: "Second campaign", summary: null }));
  campaignChain = `office:${office.id}`;
});
afterAll(async () => {
  await handle?.close();
});

/** Runs `fn` as the tables' owner in a transaction that is always rolled back, and returns what it returned. */
async function tampered<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await handle.owner
    .transaction(async (tx) => {
      out = await fn(tx);
      throw new Error("rollback");
    })
    .catch((e) => {
      if (!(e instanceof Error && e.message === "rollback")) throw e;
    });
  return out as T;
}

const kinds = (r: Awaited<ReturnType<typeof verifyDatabase>>) => r.problems.map((p) => p.kind);

describe(`db:verify catches every tampering (${label})`, () => {
  it("an untouched database verifies, with every chain sealed", async () => {
    const r = await verifyDatabase(db);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.versions).toBe(1);
    expect(r.signatures).toBe(1);
    expect(r.chains).toBeGreaterThanOrEqual(2);
  });

  it("1. a changed byte of a version's HTML", async () => {
    const r = await tampered(async (tx) => {
      await tx.execute(sql`alter table letter_versions disable trigger letter_versions_immutable`);
      await tx.execute(sql`update letter_versions set html = replace(html, 'ban', 'tax') where id = ${versionId}`);
      return verifyDatabase(tx);
    });
    expect(r.problems).toContainEqual({ kind: "version-hash", letterId, versionId, number: 1 });
  });

  it("2. a changed letter audit event", async () => {
    const r = await tampered(async (tx) => {
      const [ev] = await tx
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.letterId, letterId))
        .orderBy(asc(auditEvents.id));
      await tx.execute(sql`alter table audit_events disable trigger audit_events_immutable`);
      await tx.execute(sql`update audit_events set actor_label = 'someone else' where id = ${ev.id}`);
      return verifyDatabase(tx);
    });
    expect(r.problems).toContainEqual(
      expect.objectContaining({ kind: "chain", chain: `letter:${letterId}`, brokenAt: 1 }),
    );
  });

  it("3. a version's HTML changed with its SHA-256 recomputed: its signature and its audit event still carry the old hash", async () => {
    const r = await tampered(async (tx) => {
      const [v] = await tx.select().from(letterVersions).where(eq(letterVersions.id, versionId));
      const html = v.html.replace("ban", "tax");
      const sha256 = versionHash(hashInputOf({ ...v, html }));
      await tx.execute(sql`alter table letter_versions disable trigger letter_versions_immutable`);
      await tx.execute(sql`update letter_versions set html = ${html}, sha256 = ${sha256} where id = ${versionId}`);
      return verifyDatabase(tx);
    });
    expect(kinds(r)).not.toContain("version-hash");
    expect(r.problems).toContainEqual(expect.objectContaining({ kind: "signature-hash", letterId, number: 1 }));
    expect(r.problems).toContainEqual({ kind: "version-audit", letterId, versionId, number: 1, detail: "hash" });
  });

  it("4. a change to a version's editor JSON (outside the HTML)", async () => {
    const r = await tampered(async (tx) => {
      await tx.execute(sql`alter table letter_versions disable trigger letter_versions_immutable`);
      await tx.execute(
        sql`update letter_versions set editor_json = replace(editor_json::text, 'ban', 'tax')::jsonb where id = ${versionId}`,
      );
      return verifyDatabase(tx);
    });
    expect(r.problems).toEqual([{ kind: "version-hash", letterId, versionId, number: 1 }]);
  });

  it("5. a change to a version's plain text (what diffs and emails show)", async () => {
    const r = await tampered(async (tx) => {
      await tx.execute(sql`alter table letter_versions disable trigger letter_versions_immutable`);
      await tx.execute(
        sql`update letter_versions set plain_text = replace(plain_text, 'ban', 'tax') where id = ${versionId}`,
      );
      return verifyDatabase(tx);
    });
    expect(r.problems).toEqual([{ kind: "version-hash", letterId, versionId, number: 1 }]);
  });

  it("6. the newest audit event of a letter deleted: the head still names it", async () => {
    const { r, count } = await tampered(async (tx) => {
      const all = await tx.select().from(auditEvents).where(eq(auditEvents.letterId, letterId));
      const [newest] = await tx
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.letterId, letterId))
        .orderBy(desc(auditEvents.id))
        .limit(1);
      await tx.execute(sql`alter table audit_events disable trigger audit_events_immutable`);
      await tx.execute(sql`delete from audit_events where id = ${newest.id}`);
      return { r: await verifyDatabase(tx), count: all.length };
    });
    expect(r.problems).toEqual([
      expect.objectContaining({
        kind: "chain",
        chain: `letter:${letterId}`,
        head: "mismatch",
        brokenAt: count,
        broken: [],
      }),
    ]);
  });

  it("6b. ... and a forged head to match is refused by its seal", async () => {
    const r = await tampered(async (tx) => {
      const rows = await tx
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.letterId, letterId))
        .orderBy(desc(auditEvents.id));
      await tx.execute(sql`alter table audit_events disable trigger audit_events_immutable`);
      await tx.execute(sql`alter table audit_heads disable trigger audit_heads_guard`);
      await tx.execute(sql`delete from audit_events where id = ${rows[0].id}`);
      await tx
        .update(auditHeads)
        .set({ lastId: rows[1].id, lastHash: rows[1].hash, events: rows.length - 1 })
        .where(eq(auditHeads.chain, `letter:${letterId}`));
      return verifyDatabase(tx);
    });
    expect(r.problems).toEqual([
      expect.objectContaining({ kind: "chain", chain: `letter:${letterId}`, head: "bad-seal" }),
    ]);
  });

  it("7. a change to an office-level audit event (outside any letter)", async () => {
    const r = await tampered(async (tx) => {
      const [first] = await tx
        .select()
        .from(auditEvents)
        .where(sql`${auditEvents.officeId} = ${actor.officeId} and ${auditEvents.letterId} is null`)
        .orderBy(asc(auditEvents.id))
        .limit(1);
      expect(first.action).toBe("campaign.created");
      await tx.execute(sql`alter table audit_events disable trigger audit_events_immutable`);
      await tx.execute(sql`update audit_events set data = '{"title":"Something else"}'::jsonb where id = ${first.id}`);
      return verifyDatabase(tx);
    });
    expect(r.problems).toEqual([expect.objectContaining({ kind: "chain", chain: campaignChain, brokenAt: 1 })]);
  });

  it("8. the audit table truncated, and with it the heads", async () => {
    const onlyEvents = await tampered(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_no_truncate`);
      await tx.execute(sql`truncate audit_events`);
      return verifyDatabase(tx);
    });
    expect(onlyEvents.problems).toContainEqual(
      expect.objectContaining({ kind: "chain", chain: `letter:${letterId}`, head: "mismatch", brokenAt: 1 }),
    );
    expect(onlyEvents.problems).toContainEqual(
      expect.objectContaining({ kind: "chain", chain: campaignChain, head: "mismatch" }),
    );
    const both = await tampered(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_no_truncate`);
      await tx.execute(sql`alter table audit_heads disable trigger audit_heads_no_truncate`);
      await tx.execute(sql`truncate audit_events, audit_heads`);
      return verifyDatabase(tx);
    });
    expect(both.problems).toContainEqual({ kind: "letter-unaudited", letterId });
    expect(both.problems).toContainEqual({ kind: "version-audit", letterId, versionId, number: 1, detail: "no-event" });
  });

  it("the database itself refuses TRUNCATE of evidence and moving a head back", async () => {
    for (const table of ["audit_events", "audit_heads", "letter_versions", "signatures"]) {
      await expect(db.execute(sql.raw(`truncate ${table} cascade`)), table).rejects.toThrow();
    }
    await expect(
      db.execute(sql`update audit_heads set events = events - 1 where chain = ${`letter:${letterId}`}`),
    ).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_heads where chain = ${`letter:${letterId}`}`)).rejects.toThrow();
    expect((await verifyDatabase(db)).ok).toBe(true);
  });

  it("a head filled in by the upgrade (no seal) is reported until sealed; sealing needs a chain that verifies", async () => {
    await db
      .update(auditHeads)
      .set({ mac: null })
      .where(eq(auditHeads.chain, `letter:${letterId}`));
    expect((await verifyDatabase(db)).problems).toEqual([
      expect.objectContaining({ kind: "chain", chain: `letter:${letterId}`, head: "unsealed" }),
    ]);
    expect((await verifyLetterEvidence(db, { letterId, officeId: actor.officeId })).chain.head).toBe("unsealed");
    expect(await sealHeads(db)).toBe(1);
    expect((await verifyDatabase(db)).ok).toBe(true);
  });
});
