/**
 * Letters, drafts and versions against the database: optimistic locking,
 * hashed versions the database refuses to rewrite, the audit chain and its all-or-nothing writes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { addressees, auditEvents, letters, letterVersions } from "#db/schema";
import { verifyAuditChain } from "#app/infra/audit.server";
import { hashInputOf } from "#app/domain/version-hash";
import { versionHash } from "#app/domain/version-hash.server";
import { createLetter, getLetter, publishVersion, saveDraft, verifyVersionHashes } from "#app/models/letters.server";
import * as editRoute from "#app/routes/letters.$letterId.edit";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, sessionCookieFor } from "#tests/setup/routes";
import { changedTables, tableFingerprints } from "#tests/setup/db-state";
import {
  bodyJson,
  createDraftLetter,
  createOffice,
  createUser,
  publish,
  publishNewText,
  tag,
  type Actor,
} from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let actor: Actor;
let user: { id: string };

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  const office = await createOffice(db);
  user = await createUser(db, { officeId: office.id, role: "staff" });
  actor = { userId: user.id, officeId: office.id };
});
afterAll(async () => {
  await handle?.close();
});

/**
 * Runs `fn` in a transaction that is always rolled back (to look at states the app must never leave behind), as the
 * tables' owner: only an owner can disable a trigger.
 */
async function inRolledBackTx<T>(fn: (tx: Parameters<Parameters<Db["transaction"]>[0]>[0]) => Promise<T>): Promise<T> {
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

/** Makes every audit insert for `action` fail while `fn` runs (a broken audit write); the owner adds the trigger. */
async function withFailingAudit<T>(action: string, fn: () => Promise<T>): Promise<T> {
  const fnName = `test_fail_audit_${tag()}`;
  const owner = handle.owner;
  await owner.execute(
    sql.raw(`create function ${fnName}() returns trigger language plpgsql as $$ begin
      if new.action = '${action}' then raise exception 'audit write failed (test)'; end if; return new; end $$`),
  );
  await owner.execute(
    sql.raw(`create trigger ${fnName} before insert on audit_events for each row execute function ${fnName}()`),
  );
  try {
    return await fn();
  } finally {
    await owner.execute(sql.raw(`drop trigger ${fnName} on audit_events`));
    await owner.execute(sql.raw(`drop function ${fnName}()`));
  }
}

describe(`letters and drafts (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("createLetter stores the letter in the actor's office with its addressees and one audit row", async () => {
    const subject = `Create ${tag()}`;
    const r = await db.transaction((tx) =>
      createLetter(tx, actor, {
        subject,
        language: "en",
        draftJson: bodyJson("Hello."),
        addressees: [{ name: "A" }, { name: "B", kind: "cc" }],
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.letter).toMatchObject({
      officeId: actor.officeId,
      status: "draft",
      subject,
      draftRevision: 1,
      createdBy: actor.userId,
    });
    expect(
      (await db.select().from(addressees).where(eq(addressees.letterId, r.letter.id))).map((a) => [
        a.position,
        a.name,
        a.kind,
      ]),
    ).toEqual([
      [1, "A", "to"],
      [2, "B", "cc"],
    ]);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.letterId, r.letter.id));
    expect(events.map((e) => e.action)).toEqual(["letter.created"]);
  });

  it("a campaign of another office is refused; nothing is written", async () => {
    const other = await createOffice(db);
    const otherUser = await createUser(db, { officeId: other.id });
    const { createCampaign } = await import("#app/models/campaigns.server");
    const c = await db.transaction((tx) =>
      createCampaign(tx, { userId: otherUser.id, officeId: other.id }, { title: "Theirs", summary: null }),
    );
    const before = await tableFingerprints(db);
    const r = await db.transaction((tx) => createLetter(tx, actor, { subject: "x", language: "en", campaignId: c.id }));
    expect(r).toEqual({ ok: false, error: "campaign" });
    expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
  });

  it("two saves from the same base revision: the second is refused with the current text, nothing overwritten", async () => {
    const letter = await createDraftLetter(db, actor);
    const base = letter.draftRevision;
    const first = await db.transaction((tx) =>
      saveDraft(tx, actor, { letterId: letter.id, baseRevision: base, json: bodyJson("Alice's version.") }),
    );
    expect(first).toEqual({ ok: true, revision: base + 1 });
    const second = await db.transaction((tx) =>
      saveDraft(tx, actor, { letterId: letter.id, baseRevision: base, json: bodyJson("Bob's version.") }),
    );
    expect(second.ok).toBe(false);
    if (second.ok || second.error !== "conflict") throw new Error("expected a conflict");
    expect(second.current.revision).toBe(base + 1);
    expect(JSON.stringify(second.current.json)).toContain("Alice's version.");
    const stored = await getLetter(db, { id: letter.id, officeId: actor.officeId });
    expect(stored!.draftRevision).toBe(base + 1);
    expect(JSON.stringify(stored!.draftJson)).toContain("Alice's version.");
    expect(JSON.stringify(stored!.draftJson)).not.toContain("Bob's version.");
  });

  it("two saves from the same base revision at the same time: exactly one wins", async () => {
    const letter = await createDraftLetter(db, actor);
    const base = letter.draftRevision;
    const results = await Promise.all(
      ["One.", "Two.", "Three.", "Four."].map((t) =>
        db.transaction((tx) => saveDraft(tx, actor, { letterId: letter.id, baseRevision: base, json: bodyJson(t) })),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === "conflict")).toHaveLength(3);
    expect((await getLetter(db, { id: letter.id, officeId: actor.officeId }))!.draftRevision).toBe(base + 1);
  });

  it("the edit route answers a stale save with 409, both texts, and keeps the stored text", async () => {
    const letter = await createDraftLetter(db, actor, { body: "Original words." });
    const { cookie } = await sessionCookieFor(db, user, actor.officeId);
    const form = (text: string) => ({
      intent: "save",
      revision: String(letter.draftRevision),
      subject: letter.subject,
      language: "en",
      bodyText: text,
    });
    const ok = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie,
      form: form("Saved first."),
    });
    expect(ok.status).toBe(200);
    const stale = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie,
      form: form("Saved second."),
    });
    expect(stale.status).toBe(409);
    const conflict = (stale.data as { conflict: { theirs: string; mine: string } }).conflict;
    expect(conflict.theirs).toContain("Saved first.");
    expect(conflict.mine).toContain("Saved second.");
    expect(JSON.stringify((await getLetter(db, { id: letter.id, officeId: actor.officeId }))!.draftJson)).toContain(
      "Saved first.",
    );
  });

  it("a sent letter's draft is locked", async () => {
    const letter = await createDraftLetter(db, actor);
    await db.update(letters).set({ status: "sent" }).where(eq(letters.id, letter.id));
    expect(
      await db.transaction((tx) =>
        saveDraft(tx, actor, { letterId: letter.id, baseRevision: letter.draftRevision, json: bodyJson("x") }),
      ),
    ).toEqual({ ok: false, error: "locked" });
    expect(await db.transaction((tx) => publishVersion(tx, actor, { letterId: letter.id, kind: "editorial" }))).toEqual(
      { ok: false, error: "locked" },
    );
  });
});

describe(`versions are hashed evidence (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("publishVersion stores a SHA-256 that can be recomputed; the letter starts collecting", async () => {
    const letter = await createDraftLetter(db, actor);
    const v1 = await publish(db, actor, letter.id);
    expect(v1.number).toBe(1);
    expect(v1.kind).toBe("initial");
    expect(v1.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v1.hashFormat).toBe(2);
    expect(versionHash(hashInputOf(v1))).toBe(v1.sha256);
    expect((await getLetter(db, { id: letter.id, officeId: actor.officeId }))!.status).toBe("collecting");
    // Asked for "editorial", but the words changed: the change decides, and it is substantive.
    const v2 = await publishNewText(db, actor, letter.id, "Second text.", "editorial");
    expect(v2).toMatchObject({ number: 2, kind: "substantive" });
    const v3 = await publishNewText(db, actor, letter.id, "Second text!", "editorial");
    expect(v3).toMatchObject({ number: 3, kind: "editorial" });
    const check = await verifyVersionHashes(db);
    expect(check.mismatched).toEqual([]);
    expect(check.checked).toBeGreaterThanOrEqual(2);
  });

  it("a letter without addressees or text cannot be published", async () => {
    const noAddressees = await createDraftLetter(db, actor, { addressees: [] });
    expect(
      await db.transaction((tx) => publishVersion(tx, actor, { letterId: noAddressees.id, kind: "substantive" })),
    ).toEqual({ ok: false, error: "no-addressees" });
    expect(await db.select().from(letterVersions).where(eq(letterVersions.letterId, noAddressees.id))).toEqual([]);
  });

  it("concurrent publishes take turns: numbers 1..n, no duplicates", async () => {
    const letter = await createDraftLetter(db, actor);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        db.transaction((tx) => publishVersion(tx, actor, { letterId: letter.id, kind: "editorial" })),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const numbers = (
      await db.select({ n: letterVersions.number }).from(letterVersions).where(eq(letterVersions.letterId, letter.id))
    )
      .map((r) => r.n)
      .sort();
    expect(numbers).toEqual([1, 2, 3, 4, 5]);
  });

  it("the database refuses UPDATE and DELETE on letter_versions, through raw SQL too", async () => {
    const letter = await createDraftLetter(db, actor);
    const v = await publish(db, actor, letter.id);
    await expect(db.execute(sql`update letter_versions set html = html || ' ' where id = ${v.id}`)).rejects.toThrow();
    await expect(
      db.execute(sql`update letter_versions set sha256 = ${"0".repeat(64)} where id = ${v.id}`),
    ).rejects.toThrow();
    await expect(db.execute(sql`delete from letter_versions where id = ${v.id}`)).rejects.toThrow();
    const [row] = await db.select().from(letterVersions).where(eq(letterVersions.id, v.id));
    expect(row.html).toBe(v.html);
    expect(row.sha256).toBe(v.sha256);
  });

  it("a changed byte in a stored version is reported by the verifier (trigger bypassed by the table owner)", async () => {
    const letter = await createDraftLetter(db, actor);
    const v = await publish(db, actor, letter.id);
    const mismatched = await inRolledBackTx(async (tx) => {
      await tx.execute(sql`alter table letter_versions disable trigger letter_versions_immutable`);
      await tx.execute(sql`update letter_versions set html = replace(html, 'We write', 'We wrote') where id = ${v.id}`);
      return (await verifyVersionHashes(tx)).mismatched;
    });
    expect(mismatched).toEqual([{ id: v.id, letterId: letter.id, number: 1 }]);
    expect((await verifyVersionHashes(db)).mismatched).toEqual([]);
  });
});

describe(`the audit trail (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("the database refuses UPDATE and DELETE on audit_events", async () => {
    const letter = await createDraftLetter(db, actor);
    const [ev] = await db.select().from(auditEvents).where(eq(auditEvents.letterId, letter.id));
    await expect(db.execute(sql`update audit_events set action = 'forged' where id = ${ev.id}`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_events where id = ${ev.id}`)).rejects.toThrow();
    const [after] = await db.select().from(auditEvents).where(eq(auditEvents.id, ev.id));
    expect(after.action).toBe("letter.created");
  });

  it("each letter's chain verifies, and a tampered row is reported", async () => {
    const letter = await createDraftLetter(db, actor);
    await publish(db, actor, letter.id);
    await publishNewText(db, actor, letter.id, "Revised.");
    const scope = { officeId: actor.officeId, letterId: letter.id };
    const ok = await verifyAuditChain(db, scope);
    expect(ok.count).toBe(3);
    expect(ok.broken).toEqual([]);
    const events = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.letterId, letter.id))
      .orderBy(auditEvents.id);
    expect(events[1].prevHash).toBe(events[0].hash);
    const broken = await inRolledBackTx(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_immutable`);
      await tx.execute(sql`update audit_events set data = '{"number": 99}'::jsonb where id = ${events[1].id}`);
      return (await verifyAuditChain(tx, scope)).broken;
    });
    expect(broken).toEqual([events[1].id]);
  });

  it("parallel changes on one letter keep one unbroken chain", async () => {
    const letter = await createDraftLetter(db, actor);
    await Promise.all(
      Array.from({ length: 6 }, () =>
        db.transaction((tx) => publishVersion(tx, actor, { letterId: letter.id, kind: "editorial" })),
      ),
    );
    const r = await verifyAuditChain(db, { officeId: actor.officeId, letterId: letter.id });
    expect(r).toEqual({ count: 7, broken: [] });
  });

  it("a failed audit write rolls the change back: no letter, no version", async () => {
    const subject = `Audit fails ${tag()}`;
    await withFailingAudit("letter.created", async () => {
      await expect(
        db.transaction((tx) =>
          createLetter(tx, actor, { subject, language: "en", draftJson: bodyJson("x"), addressees: [{ name: "A" }] }),
        ),
      ).rejects.toThrow();
    });
    expect(await db.select().from(letters).where(eq(letters.subject, subject))).toEqual([]);

    const letter = await createDraftLetter(db, actor);
    await withFailingAudit("version.published", async () => {
      await expect(
        db.transaction((tx) => publishVersion(tx, actor, { letterId: letter.id, kind: "substantive" })),
      ).rejects.toThrow();
    });
    expect(await db.select().from(letterVersions).where(eq(letterVersions.letterId, letter.id))).toEqual([]);
    expect((await getLetter(db, { id: letter.id, officeId: actor.officeId }))!.status).toBe("draft");
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, letter.id), eq(auditEvents.action, "version.published")));
    expect(events).toEqual([]);
  });
});
