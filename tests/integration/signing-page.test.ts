/**
 * The signing page after an answer: a Member who declined and opens the link again is told when, and can still
 * sign; the page carries the declined date for the reader's language. Runs on PGlite, and on PostgreSQL with
 * TEST_DATABASE_URL. (Focus moving to the result is a browser matter: tests/e2e/consent.spec.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { invitations } from "#db/schema";
import * as signRoute from "#app/routes/sign.$token";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, freshIp } from "#tests/setup/routes";
import { createDraftLetter, createMep, createOffice, createUser, invite, publish } from "#tests/factories/index";

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

type PageData = {
  declinedOn: string | null;
  signedVersion: number | null;
  invitation: { status: string };
  i18n: { messages: Record<string, string> };
};

describe(`declining is not final (${label})`, () => {
  it("re-opening the link after declining says when, and signing still works", async () => {
    const office = await createOffice(db);
    const user = await createUser(db, { officeId: office.id });
    const actor = { userId: user.id, officeId: office.id };
    const letter = await createDraftLetter(db, actor);
    const v1 = await publish(db, actor, letter.id);
    const mep = await createMep(db, { givenName: "Greta", familyName: `Mindchanger${Date.now()}` });
    const [inv] = await invite(db, actor, letter.id, [mep.id]);
    const at = { path: `/sign/${inv.token}`, params: { token: inv.token } };
    const page = async () => (await callLoader(signRoute, { ...at, ip: freshIp() })).data as PageData;

    expect((await page()).declinedOn).toBeNull();
    const declined = await callAction(signRoute, { ...at, ip: freshIp(), form: { intent: "decline", reason: "" } });
    expect(declined.data).toMatchObject({ ok: true, message: "sign.declined" });
    const [row] = await db.select().from(invitations).where(eq(invitations.id, inv.invitationId));
    const after = await page();
    expect(after.declinedOn).toBe(row.respondedAt!.toISOString());
    expect(after.invitation.status).toBe("declined");
    expect(after.i18n.messages["sign.declinedOn"]).toBe("You declined to sign on {date}.");
    expect(after.i18n.messages["sign.declinedOn.changeMind"]).toBeTruthy();

    // Changing their mind: the sign form is there and works.
    const signed = await callAction(signRoute, {
      ...at,
      ip: freshIp(),
      form: { intent: "sign", versionHash: v1.sha256, typedName: inv.name, capacity: "mep", confirm: "yes" },
    });
    expect(signed.data).toMatchObject({ ok: true, message: "sign.done" });
    const now = await page();
    expect(now).toMatchObject({ declinedOn: null, signedVersion: 1, invitation: { status: "signed" } });
  });

  it("the declined notice is in every invitee language", async () => {
    const office = await createOffice(db);
    const user = await createUser(db, { officeId: office.id });
    const actor = { userId: user.id, officeId: office.id };
    const letter = await createDraftLetter(db, actor);
    await publish(db, actor, letter.id);
    const mep = await createMep(db);
    const [inv] = await invite(db, actor, letter.id, [mep.id]);
    await callAction(signRoute, {
      path: `/sign/${inv.token}`,
      params: { token: inv.token },
      form: { intent: "decline" },
    });
    const texts = new Set<string>();
    for (const lang of ["de", "fr", "pl", "el", "ga"]) {
      const d = (
        await callLoader(signRoute, {
          path: `/sign/${inv.token}?lang=${lang}`,
          params: { token: inv.token },
          ip: freshIp(),
        })
      ).data as PageData;
      expect(d.i18n.messages["sign.declinedOn"], lang).toContain("{date}");
      texts.add(d.i18n.messages["sign.declinedOn"]);
    }
    expect(texts.size).toBe(5);
  });
});
