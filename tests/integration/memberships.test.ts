/**
 * Joining an office takes the person's yes (issue 10): an office administrator adding an address, whether new
 * to Undersigned or a member of another office, only invites it. The person gets an email with a link; the
 * membership exists only once they accept, signed in with the invited address (or, for an address without an
 * account, through the link itself, which creates the account). Opening the link changes nothing; anyone else
 * is refused; a used, declined, withdrawn, replaced or expired link is the generic invalid page.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { auditEvents, memberships, officeInvitations, offices, sessions, users } from "#db/schema";
import { latestEmailTo } from "#app/infra/email-outbox.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import {
  callAction,
  callLoader,
  cookieFromSetCookie,
  sessionCookieFor,
  type RouteModule,
  type RouteResult,
} from "#tests/setup/routes";
import { changedTables, tableFingerprints } from "#tests/setup/db-state";
import { routeModule } from "#tests/setup/route-files";
import { createOffice, createUser, createWorld, tag, type World } from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let w: World;
let admin: RouteModule;
let join: RouteModule;
let adminCookieA: string;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  w = await createWorld(db);
  admin = await routeModule("admin.tsx");
  join = await routeModule("join.$token.tsx");
  adminCookieA = (await sessionCookieFor(db, w.a.admin, w.officeA.id)).cookie;
});
afterAll(async () => handle?.close());

const label = usingPostgres() ? "postgres" : "pglite";

const membershipsOf = (userId: string) =>
  db
    .select({ officeId: memberships.officeId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId));

/** Office A's administrator adds `email`; returns the answer and the token of the link emailed to the person. */
async function addToOfficeA(email: string, name = "Invited Person", role = "staff") {
  const res = await callAction(admin, {
    path: "/admin",
    cookie: adminCookieA,
    form: { intent: "add-member", email, name, role },
  });
  const mail = await latestEmailTo(db, email, "office-invitation");
  const token = mail ? (/\/join\/([A-Za-z0-9_-]+)/.exec(mail.html)?.[1] ?? null) : null;
  return { res, mail, token };
}

const page = (token: string, cookie?: string) => callLoader(join, { path: "/join/x", params: { token }, cookie });
const answer = (token: string, intent: "accept" | "decline", cookie?: string) =>
  callAction(join, { path: "/join/x", params: { token }, cookie, form: { intent } });
const stateOf = (r: RouteResult) => (r.data as { state: string }).state;

describe(`invitations to join an office (${label})`, () => {
  it("adding a member of another office invites them: no membership, one email whose link is the only way in", async () => {
    const person = w.b.staff;
    const { res, mail, token } = await addToOfficeA(person.email, person.name, "admin");
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ ok: true, message: "admin.invited" });
    expect(await membershipsOf(person.id)).toEqual([{ officeId: w.officeB.id, role: "staff" }]);
    expect(mail?.subject).toContain(w.officeA.name);
    expect(mail?.html).toContain(`http://localhost:3000/join/${token}`);
    // Stored as SHA-256 only; the row never holds the token.
    const [row] = await db
      .select()
      .from(officeInvitations)
      .where(eq(officeInvitations.tokenHash, sha256Hex(token!)));
    expect(row).toMatchObject({ officeId: w.officeA.id, email: person.email, role: "admin", status: "pending" });
    expect(JSON.stringify(row)).not.toContain(token);
    // The administration page lists it as waiting.
    const list = await callLoader(admin, { path: "/admin", cookie: adminCookieA });
    expect((list.data as { pending: { email: string }[] }).pending.map((p) => p.email)).toContain(person.email);
  });

  it("opening the link changes nothing; signed in with the invited address, accepting makes the membership and switches the session", async () => {
    const person = await createUser(db, { officeId: w.officeB.id, role: "staff" });
    const { token } = await addToOfficeA(person.email, person.name, "campaign_lead");
    const { cookie, token: sessionToken } = await sessionCookieFor(db, person, w.officeB.id);
    const before = await tableFingerprints(db);
    const shown = await page(token!, cookie);
    expect(shown.status).toBe(200);
    expect(shown.data).toMatchObject({ state: "answer", office: w.officeA.name, role: "campaign_lead" });
    expect(changedTables(before, await tableFingerprints(db))).toEqual([]);

    const accepted = await answer(token!, "accept", cookie);
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe("/letters");
    expect((await membershipsOf(person.id)).sort((a, b) => a.officeId.localeCompare(b.officeId))).toEqual(
      [
        { officeId: w.officeA.id, role: "campaign_lead" },
        { officeId: w.officeB.id, role: "staff" },
      ].sort((a, b) => a.officeId.localeCompare(b.officeId)),
    );
    const [s] = await db
      .select()
      .from(sessions)
      .where(eq(sessions.idHash, sha256Hex(sessionToken)));
    expect(s.officeId).toBe(w.officeA.id);
    const joined = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.officeId, w.officeA.id), eq(auditEvents.action, "member.joined")));
    expect(joined.length).toBeGreaterThan(0);
    // Used: the link is now the generic invalid page.
    expect((await page(token!, cookie)).status).toBe(404);
    expect((await answer(token!, "accept", cookie)).status).toBe(404);
  });

  it("declining leaves no membership; the link stops working", async () => {
    const person = await createUser(db, { officeId: w.officeB.id });
    const { token } = await addToOfficeA(person.email);
    const { cookie } = await sessionCookieFor(db, person, w.officeB.id);
    const declined = await answer(token!, "decline", cookie);
    expect(declined.data).toMatchObject({ ok: true, message: "membership.declined" });
    expect(await membershipsOf(person.id)).toEqual([{ officeId: w.officeB.id, role: "staff" }]);
    expect((await page(token!, cookie)).status).toBe(404);
  });

  it("nobody else can answer: another signed-in person, or the link alone for an address that has an account", async () => {
    const person = await createUser(db, { officeId: w.officeB.id });
    const { token } = await addToOfficeA(person.email);
    const stranger = (await sessionCookieFor(db, w.b.admin, w.officeB.id)).cookie;
    const before = await tableFingerprints(db);
    expect(stateOf(await page(token!, stranger))).toBe("other-person");
    for (const intent of ["accept", "decline"] as const) {
      expect((await answer(token!, intent, stranger)).status).toBe(403);
      // Without a session: the address has an account, so its owner must sign in first.
      const anonymous = await answer(token!, intent);
      expect(anonymous).toMatchObject({ status: 403, data: { message: "membership.signIn" } });
    }
    expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
    const anonymousPage = await page(token!);
    expect(anonymousPage.data).toMatchObject({ state: "sign-in" });
    expect((anonymousPage.data as { signIn: string }).signIn).toBe(
      `/login?redirectTo=${encodeURIComponent(`/join/x`)}`,
    );
  });

  it("a new address: no account until the person accepts through the link, which creates it and signs them in", async () => {
    const email = `newcomer.${tag()}@office.test`;
    const { token } = await addToOfficeA(email, "New Comer", "staff");
    expect(await db.select().from(users).where(eq(users.email, email))).toEqual([]);
    expect(stateOf(await page(token!))).toBe("new-account");
    const accepted = await answer(token!, "accept");
    expect(accepted.status).toBe(302);
    const cookie = cookieFromSetCookie(accepted.headers.get("set-cookie"));
    expect(cookie).toBeTruthy();
    const [u] = await db.select().from(users).where(eq(users.email, email));
    expect(u.name).toBe("New Comer");
    expect(await membershipsOf(u.id)).toEqual([{ officeId: w.officeA.id, role: "staff" }]);
    const [s] = await db.select().from(sessions).where(eq(sessions.userId, u.id));
    expect(s.officeId).toBe(w.officeA.id);
  });

  it("accepting twice at once: one membership, one answer each, the second a clean refusal", async () => {
    const email = `twice.${tag()}@office.test`;
    const { token } = await addToOfficeA(email);
    const answers = await Promise.all(Array.from({ length: 6 }, () => answer(token!, "accept")));
    expect(answers.filter((a) => a.status === 302)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 404)).toHaveLength(5);
    const [u] = await db.select().from(users).where(eq(users.email, email));
    expect(await membershipsOf(u.id)).toHaveLength(1);
  });

  it("withdrawn, replaced and expired invitations: their links are the generic invalid page", async () => {
    const email = `changing.${tag()}@office.test`;
    const first = await addToOfficeA(email);
    const second = await addToOfficeA(email);
    expect(first.token).not.toBe(second.token);
    expect((await page(first.token!)).status).toBe(404);
    expect((await page(second.token!)).status).toBe(200);
    const [row] = await db
      .select()
      .from(officeInvitations)
      .where(eq(officeInvitations.tokenHash, sha256Hex(second.token!)));
    const revoked = await callAction(admin, {
      path: "/admin",
      cookie: adminCookieA,
      form: { intent: "revoke-invitation", invitationId: row.id },
    });
    expect(revoked.data).toMatchObject({ ok: true, message: "admin.pending.revoked" });
    expect((await page(second.token!)).status).toBe(404);
    // Another office's administrator cannot withdraw A's invitation (the same answer as a missing one).
    const third = await addToOfficeA(email);
    const [r3] = await db
      .select()
      .from(officeInvitations)
      .where(eq(officeInvitations.tokenHash, sha256Hex(third.token!)));
    const adminB = (await sessionCookieFor(db, w.b.admin, w.officeB.id)).cookie;
    const foreign = await callAction(admin, {
      path: "/admin",
      cookie: adminB,
      form: { intent: "revoke-invitation", invitationId: r3.id },
    });
    expect(foreign.status).toBe(404);
    await db.execute(sql`update office_invitations set expires_at = now() - interval '1 minute' where id = ${r3.id}`);
    expect((await page(third.token!)).status).toBe(404);
    expect((await answer(third.token!, "accept")).status).toBe(404);
    expect(await db.select().from(users).where(eq(users.email, email))).toEqual([]);
  });

  it("a member already is refused with a message; the form sent twice invites once", async () => {
    const again = await callAction(admin, {
      path: "/admin",
      cookie: adminCookieA,
      form: { intent: "add-member", email: w.a.staff.email, name: "Already", role: "staff" },
    });
    expect(again).toMatchObject({ status: 409, data: { fieldErrors: { email: "admin.exists" } } });
    const email = `double.${tag()}@office.test`;
    const form = { intent: "add-member", email, name: "Double", role: "staff", formKey: randomUUID() };
    const a = await callAction(admin, { path: "/admin", cookie: adminCookieA, form });
    const b = await callAction(admin, { path: "/admin", cookie: adminCookieA, form });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await db.select().from(officeInvitations).where(eq(officeInvitations.email, email))).toHaveLength(1);
  });

  it("a new office's first administrator is invited too: the office has no member until they accept", async () => {
    const platform = (await sessionCookieFor(db, w.a.platform, w.officeA.id)).cookie;
    const officeName = `Created office ${tag()}`;
    const existing = await createUser(db, { officeId: (await createOffice(db)).id, role: "staff" });
    const res = await callAction(admin, {
      path: "/admin",
      cookie: platform,
      form: {
        intent: "create-office",
        officeName,
        contactEmail: "",
        adminEmail: existing.email,
        adminName: existing.name,
      },
    });
    expect(res.data).toMatchObject({ ok: true, message: "admin.officeCreated" });
    const [office] = await db.select().from(offices).where(eq(offices.name, officeName));
    expect(await db.select().from(memberships).where(eq(memberships.officeId, office.id))).toEqual([]);
    const mail = await latestEmailTo(db, existing.email, "office-invitation");
    const token = /\/join\/([A-Za-z0-9_-]+)/.exec(mail!.html)![1];
    const { cookie } = await sessionCookieFor(db, existing, (await membershipsOf(existing.id))[0].officeId);
    expect((await answer(token, "accept", cookie)).status).toBe(302);
    expect(
      await db.select({ role: memberships.role }).from(memberships).where(eq(memberships.officeId, office.id)),
    ).toEqual([{ role: "admin" }]);
  });
});

describe(`the development outbox and invitations (${label})`, () => {
  it("the invitation is in the inviting office's outbox only; another office's administrators, platform ones too, never see it", async () => {
    const email = `outboxed.${tag()}@office.test`;
    const { mail } = await addToOfficeA(email);
    const list = await routeModule("outbox._index.tsx");
    const one = await routeModule("outbox.$emailId.tsx");
    const seenBy = async (user: { id: string }, officeId: string) => {
      const { cookie } = await sessionCookieFor(db, user, officeId);
      const r = await callLoader(list, { path: "/outbox", cookie });
      const ids = (r.data as { emails: { id: string }[] }).emails.map((e) => e.id);
      const opened = await callLoader(one, { path: `/outbox/${mail!.id}`, params: { emailId: mail!.id }, cookie });
      return { listed: ids.includes(mail!.id), opened: opened.status };
    };
    expect(await seenBy(w.a.admin, w.officeA.id)).toEqual({ listed: true, opened: 200 });
    expect(await seenBy(w.b.admin, w.officeB.id)).toEqual({ listed: false, opened: 404 });
    expect(await seenBy(w.b.platform, w.officeB.id)).toEqual({ listed: false, opened: 404 });
    // A platform administrator of A and B, signed in for B, sees B's outbox only.
    await db.insert(memberships).values({ officeId: w.officeB.id, userId: w.a.platform.id, role: "admin" });
    expect(await seenBy(w.a.platform, w.officeB.id)).toEqual({ listed: false, opened: 404 });
  });
});

describe(`switching between one's offices (${label})`, () => {
  it("a person in two offices sees both and switches the session; an office they do not belong to is a 404 and changes nothing", async () => {
    const offices = await routeModule("settings.offices.tsx");
    const person = await createUser(db, { officeId: w.officeB.id, role: "staff" });
    const { token } = await addToOfficeA(person.email, person.name, "campaign_lead");
    const { cookie, token: sessionToken } = await sessionCookieFor(db, person, w.officeB.id);
    const sessionOffice = async () =>
      (
        await db
          .select()
          .from(sessions)
          .where(eq(sessions.idHash, sha256Hex(sessionToken)))
      )[0].officeId;

    const before = await callLoader(offices, { path: "/settings/offices", cookie });
    expect(before.data).toEqual({
      current: w.officeB.id,
      offices: [{ id: w.officeB.id, name: w.officeB.name, role: "staff" }],
    });
    await answer(token!, "accept", cookie);
    expect(await sessionOffice()).toBe(w.officeA.id);
    const both = (await callLoader(offices, { path: "/settings/offices", cookie })).data as {
      current: string;
      offices: { id: string; role: string }[];
    };
    expect(both.current).toBe(w.officeA.id);
    expect(both.offices.map((o) => [o.id, o.role]).sort()).toEqual(
      [
        [w.officeA.id, "campaign_lead"],
        [w.officeB.id, "staff"],
      ].sort(),
    );

    const back = await callAction(offices, {
      path: "/settings/offices",
      cookie,
      form: { intent: "switch", officeId: w.officeB.id },
    });
    expect(back.status).toBe(302);
    expect(back.location).toBe("/");
    expect(await sessionOffice()).toBe(w.officeB.id);

    // An office of someone else, a random id and a malformed one: refused, the session unchanged.
    const stranger = await createOffice(db, { name: `Stranger ${tag()}` });
    const snapshot = await tableFingerprints(db);
    for (const officeId of [stranger.id, randomUUID()]) {
      const r = await callAction(offices, { path: "/settings/offices", cookie, form: { intent: "switch", officeId } });
      expect(r.status).toBe(404);
    }
    const bad = await callAction(offices, {
      path: "/settings/offices",
      cookie,
      form: { intent: "switch", officeId: "'; drop table sessions; --" },
    });
    expect(bad.status).toBe(400);
    expect(changedTables(snapshot, await tableFingerprints(db))).toEqual([]);
    expect(await sessionOffice()).toBe(w.officeB.id);
  });
});
