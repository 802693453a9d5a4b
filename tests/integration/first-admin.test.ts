import { openEmailSecrets } from "#app/infra/email-secrets.server";
/**
 * First install: `npm run admin:create` on an empty database creates the platform administrator, the office
 * and the membership; a second run changes nothing; the new admin can sign in with a code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { emails, memberships, offices, users } from "#db/schema";
import { checkFirstAdminInput, createFirstAdmin } from "#app/services/first-admin.server";
import * as loginRoute from "#app/routes/login";
import * as loginCodeRoute from "#app/routes/login_.code";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, outcomeOf } from "#tests/setup/routes";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

describe(`first admin (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  const input = { email: " Anna.Admin@Example.EU ", name: "Anna Admin", office: "Office of Jan Jansen MEP" };

  it("creates the platform admin, the office and the admin membership, and a second run changes nothing", async () => {
    const first = await createFirstAdmin(db, input);
    expect(first).toMatchObject({ createdUser: true, createdOffice: true, createdMembership: true });
    const [u] = await db.select().from(users).where(eq(users.id, first.userId));
    expect(u).toMatchObject({ email: "anna.admin@example.eu", isPlatformAdmin: true });
    const [m] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, u.id), eq(memberships.officeId, first.officeId)));
    expect(m.role).toBe("admin");

    const second = await createFirstAdmin(db, input);
    expect(second).toEqual({
      userId: first.userId,
      officeId: first.officeId,
      createdUser: false,
      madePlatformAdmin: false,
      createdOffice: false,
      createdMembership: false,
      madeOfficeAdmin: false,
    });
    expect(await db.select().from(offices).where(eq(offices.name, input.office))).toHaveLength(1);
  });

  it("promotes an existing staff member instead of failing or duplicating", async () => {
    const [office] = await db.insert(offices).values({ name: "Existing office" }).returning();
    const [u] = await db.insert(users).values({ email: "staff.person@example.eu", name: "Staff Person" }).returning();
    await db.insert(memberships).values({ officeId: office.id, userId: u.id, role: "staff" });
    const r = await createFirstAdmin(db, { email: u.email, name: "Ignored Rename", office: "Existing office" });
    expect(r).toMatchObject({
      createdUser: false,
      madePlatformAdmin: true,
      createdOffice: false,
      madeOfficeAdmin: true,
    });
    const [after] = await db.select().from(users).where(eq(users.id, u.id));
    expect(after.name).toBe("Staff Person");
    const [m] = await db.select().from(memberships).where(eq(memberships.userId, u.id));
    expect(m.role).toBe("admin");
  });

  it("refuses missing or malformed arguments", () => {
    expect(checkFirstAdminInput({})).toHaveLength(3);
    expect(checkFirstAdminInput({ email: "not-an-address", name: "A", office: "B" })).toEqual([
      "--email must be an e-mail address",
    ]);
    expect(checkFirstAdminInput(input)).toEqual([]);
  });

  it("the new admin signs in with the code sent to that address", async () => {
    await callAction(loginRoute, { path: "/login", form: { email: input.email.trim(), redirectTo: "/letters" } });
    const [mail] = await db
      .select()
      .from(emails)
      .where(and(eq(emails.toAddress, "anna.admin@example.eu"), eq(emails.kind, "login-code")));
    const code = /\b(\d{6})\b/.exec(openEmailSecrets(mail).text)![1];
    const res = await callAction(loginCodeRoute, {
      path: "/login/code",
      form: { email: "anna.admin@example.eu", code, redirectTo: "/letters" },
    });
    expect(outcomeOf(res)).toBe("redirect");
  });
});

describe("the sign-in code page without a mail provider", () => {
  it("says the code is in the server log and the local outbox", async () => {
    const res = await callLoader(loginCodeRoute, { path: "/login/code?email=anna.admin%40example.eu" });
    expect((res.data as { localDelivery: boolean }).localDelivery).toBe(true);
  });
});
