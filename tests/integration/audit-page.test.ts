/**
 * The letter's audit page (/letters/:letterId/audit): every event in order with who, what, the Member and the
 * version in force, and the chain's status, "verified" or "broken at event N". Runs on PGlite, and on PostgreSQL with
 * TEST_DATABASE_URL. Who may open it is in tests/authz-matrix.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { auditEvents } from "#db/schema";
import * as auditRoute from "#app/routes/letters.$letterId.audit";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callLoader, sessionCookieFor } from "#tests/setup/routes";
import {
  createDraftLetter,
  createMep,
  createOffice,
  createUser,
  invite,
  publish,
  publishNewText,
  sign,
} from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
const label = usingPostgres() ? "postgres" : "pglite";

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

type Page = {
  events: Array<{
    position: number;
    action: string;
    actor: { kind: string; name: string | null };
    member: string | null;
    version: number | null;
    broken: boolean;
  }>;
  chain: { ok: boolean; count: number; brokenAt: number | null; head: string };
  problems: Array<{ kind: string }>;
};

async function world() {
  const office = await createOffice(db);
  const user = await createUser(db, { officeId: office.id, role: "staff", name: `Anna Auditor ${Date.now()}` });
  const actor = { userId: user.id, officeId: office.id };
  const letter = await createDraftLetter(db, actor);
  const v1 = await publish(db, actor, letter.id);
  const mep = await createMep(db, { givenName: "Vera", familyName: `Verifiable${Date.now()}` });
  const [inv] = await invite(db, actor, letter.id, [mep.id]);
  expect((await sign(db, inv.token, v1.sha256, "Vera the signer")).ok).toBe(true);
  const v2 = await publishNewText(db, actor, letter.id, "A substantively different text.", "substantive");
  expect((await sign(db, inv.token, v2.sha256, "Vera the signer")).ok).toBe(true);
  const { cookie } = await sessionCookieFor(db, user, office.id);
  const page = async () =>
    (
      await callLoader(auditRoute, {
        path: `/letters/${letter.id}/audit`,
        params: { letterId: letter.id },
        cookie,
      })
    ).data as Page;
  return { user, mep, letter, page };
}

describe(`the audit page (${label})`, () => {
  it("lists who did what, when, on which version, and says the chain verifies", async () => {
    const { user, mep, page } = await world();
    const d = await page();
    expect(d.events.map((e) => e.action)).toEqual([
      "letter.created",
      "version.published",
      "invitations.created",
      "signature.recorded",
      "version.published",
      "signature.reconfirmed",
    ]);
    expect(d.events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.events.map((e) => e.version)).toEqual([null, 1, 1, 1, 2, 2]);
    expect(d.events[1].actor).toEqual({ kind: "user", name: user.name });
    expect(d.events[3].actor.kind).toBe("label");
    expect(d.events[3].actor.name).toContain("Vera the signer");
    expect(d.events[3].member).toBe(`Vera ${mep.familyName}`);
    expect(d.chain).toMatchObject({ ok: true, count: 6, brokenAt: null, head: "ok" });
    expect(d.problems).toEqual([]);
    expect(d.events.some((e) => e.broken)).toBe(false);
  });

  it("says where the chain breaks when an event was changed outside the app", async () => {
    const { letter, page } = await world();
    const events = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.letterId, letter.id))
      .orderBy(asc(auditEvents.id));
    // As only the tables' owner could: the immutability trigger off, one event rewritten, the trigger back on.
    await handle.owner.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_events disable trigger audit_events_immutable`);
      await tx.execute(sql`update audit_events set actor_label = 'Somebody else' where id = ${events[3].id}`);
      await tx.execute(sql`alter table audit_events enable trigger audit_events_immutable`);
    });
    const d = await page();
    expect(d.chain).toMatchObject({ ok: false, brokenAt: 4 });
    expect(d.events.filter((e) => e.broken).map((e) => e.position)).toEqual([4]);
  });
});
