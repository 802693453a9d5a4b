/**
 * Contact addresses in the directory: an office sets a Member's own address and the Member's office address on the
 * directory page, with who changed them and when (audit); imports never blank or overwrite them; invitations use
 * them (the office address when the Member's own is unknown).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEvents, meps } from "#db/schema";
import { parseMepFile, type ImportedMep } from "#app/domain/mep-import";
import { importMeps } from "#app/models/meps.server";
import { closeTestDb, db, openTestDb } from "#tests/setup/db";
import { callAction, callLoader, sessionCookieFor } from "#tests/setup/routes";
import { createOffice, createPublishedLetter, createUser, inviteResult } from "#tests/factories/index";
import * as memberRoute from "#app/routes/directory_.$mepId";
import * as listRoute from "#app/routes/directory";

function sample(file: string): ImportedMep[] {
  const r = parseMepFile(readFileSync(`db/data/${file}`, "utf8"), { term: 9, today: "2022-12-01" });
  if (!r.ok) throw new Error(r.error);
  return r.value.meps;
}
const xml = sample("meps-sample.xml");
const jsonld = sample("meps-sample.jsonld");

let staffCookie: string;
let leadCookie: string;
let otherCookie: string;
let staff: { id: string; name: string };
let officeId: string;
let officeName: string;

const byFamily = async (familyName: string) => (await db.select().from(meps).where(eq(meps.familyName, familyName)))[0];

function save(cookie: string, mepId: number, form: Record<string, string>) {
  return callAction<any>(memberRoute, {
    path: `/directory/${mepId}`,
    params: { mepId: String(mepId) },
    cookie,
    form: { intent: "contact", ...form },
  });
}
const page = (cookie: string, mepId: number) =>
  callLoader<any>(memberRoute, { path: `/directory/${mepId}`, params: { mepId: String(mepId) }, cookie });

beforeAll(async () => {
  await openTestDb();
  await importMeps(db, xml, { term: 9, today: "2022-12-01" });
  const office = await createOffice(db, { name: "Office of Jan Jansen MEP" });
  officeId = office.id;
  officeName = office.name;
  staff = await createUser(db, { officeId, role: "staff", name: "Anna de Vries" });
  staffCookie = (await sessionCookieFor(db, staff, officeId)).cookie;
  const lead = await createUser(db, { officeId, role: "campaign_lead" });
  leadCookie = (await sessionCookieFor(db, lead, officeId)).cookie;
  const other = await createOffice(db);
  const otherUser = await createUser(db, { officeId: other.id, role: "admin" });
  otherCookie = (await sessionCookieFor(db, otherUser, other.id)).cookie;
});
afterAll(closeTestDb);

describe("contact addresses on the directory page", () => {
  it("an office member sets the Member's and the office's address; the page says who and when", async () => {
    const bas = await byFamily("Eickhout");
    expect(bas.email).toBeNull();
    const r = await save(staffCookie, bas.id, {
      email: " Bas.Eickhout@europarl.europa.eu ",
      officeEmail: "office.eickhout@europarl.europa.eu",
    });
    expect(r.status, JSON.stringify(r.data)).toBe(200);
    expect(r.data).toEqual({ ok: true, changed: ["email", "officeEmail"] });
    const row = await byFamily("Eickhout");
    expect(row).toMatchObject({
      email: "bas.eickhout@europarl.europa.eu",
      officeEmail: "office.eickhout@europarl.europa.eu",
      emailChangedBy: staff.id,
      officeEmailChangedBy: staff.id,
    });
    expect(row.emailChangedAt).toBeInstanceOf(Date);

    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "directory.contact.changed"), eq(auditEvents.officeId, officeId)));
    expect(audits.map((a) => a.data)).toEqual([
      { mepId: bas.id, epId: bas.epId, field: "email", from: null, to: "bas.eickhout@europarl.europa.eu" },
      { mepId: bas.id, epId: bas.epId, field: "officeEmail", from: null, to: "office.eickhout@europarl.europa.eu" },
    ]);
    expect(audits.every((a) => a.actorUserId === staff.id)).toBe(true);

    // Any office sees the addresses (the directory is shared); the person is named only to their own office.
    const ours = await page(staffCookie, bas.id);
    expect(ours.data.contact).toMatchObject({
      email: "bas.eickhout@europarl.europa.eu",
      emailChangedBy: { ours: true, userName: "Anna de Vries" },
      officeEmailChangedBy: { ours: true, userName: "Anna de Vries" },
    });
    expect(ours.data.changes.map((c: { field: string }) => c.field)).toEqual(["officeEmail", "email"]);
    const seen = await page(otherCookie, bas.id);
    expect(seen.status).toBe(200);
    expect(seen.data.contact).toMatchObject({
      email: "bas.eickhout@europarl.europa.eu",
      emailChangedBy: { ours: false, userName: null },
    });
    expect(seen.body).not.toContain("Anna de Vries");
    expect(seen.body).not.toContain(officeName);
    const again = await save(staffCookie, bas.id, {
      email: "bas.eickhout@europarl.europa.eu",
      officeEmail: "office.eickhout@europarl.europa.eu",
    });
    expect(again.data).toEqual({ ok: true, changed: [] });

    const list = await callLoader<any>(listRoute, { path: "/directory?q=eickhout", cookie: staffCookie });
    expect(list.data.meps[0]).toMatchObject({ name: "Bas Eickhout", address: "member" });
  });

  it("refuses bad addresses (400), campaign leads (403) and unknown Members (404), changing nothing", async () => {
    const tineke = await byFamily("Strik");
    const before = await db.select().from(meps).where(eq(meps.id, tineke.id));
    for (const [form, field] of [
      [{ email: "not an address", officeEmail: "" }, "email"],
      [{ email: "a@b.eu, c@d.eu", officeEmail: "" }, "email"],
      [{ email: "", officeEmail: "office@@europarl.eu" }, "officeEmail"],
      [{ email: `${"x".repeat(250)}@ep.eu`, officeEmail: "" }, "email"],
    ] as const) {
      const r = await save(staffCookie, tineke.id, form);
      expect(r.status).toBe(400);
      expect(Object.keys(r.data.fieldErrors)).toEqual([field]);
    }
    expect((await save(leadCookie, tineke.id, { email: "t@ep.eu", officeEmail: "" })).status).toBe(403);
    expect((await save(staffCookie, 99_999_999, { email: "t@ep.eu", officeEmail: "" })).status).toBe(404);
    expect((await page(staffCookie, 99_999_999)).status).toBe(404);
    expect(await db.select().from(meps).where(eq(meps.id, tineke.id))).toEqual(before);
    // The campaign lead still sees the page, without the form.
    const seen = await page(leadCookie, tineke.id);
    expect(seen.status).toBe(200);
    expect(seen.data.canEdit).toBe(false);
  });

  it("survives re-imports: the XML (no e-mail) never blanks it, the Open Data e-mail never overwrites it", async () => {
    const bart = await byFamily("Groothuis");
    // Before anyone edits it, the EP's address fills in.
    await importMeps(db, jsonld, { term: 9, today: "2022-12-01" });
    expect((await byFamily("Groothuis")).email).toBe("bart.groothuis@europarl.example");

    await save(staffCookie, bart.id, { email: "bart.groothuis@europarl.europa.eu", officeEmail: "" });
    await save(staffCookie, (await byFamily("Eickhout")).id, {
      email: "",
      officeEmail: "office.eickhout@europarl.europa.eu",
    });
    for (const list of [xml, jsonld, xml]) await importMeps(db, list, { term: 9, today: "2022-12-02" });

    const b = await byFamily("Groothuis");
    expect(b.email).toBe("bart.groothuis@europarl.europa.eu");
    expect(b.epEmail).toBe("bart.groothuis@europarl.example");
    // An address a person removed stays removed; the office address is never touched by an import.
    const e = await byFamily("Eickhout");
    expect(e.email).toBeNull();
    expect(e.officeEmail).toBe("office.eickhout@europarl.europa.eu");
    // The page shows what the EP lists when it differs from the address kept.
    expect((await page(staffCookie, bart.id)).data.contact.epEmail).toBe("bart.groothuis@europarl.example");
  });

  it("invitations go to the Member's address, else to the office address", async () => {
    const actor = { userId: staff.id, officeId };
    const letter = await createPublishedLetter(db, actor, "Dear President, we write about tenders.");
    const eickhout = await byFamily("Eickhout"); // office address only (see above)
    const azmani = await byFamily("Azmani"); // Open Data address
    const r = await inviteResult(db, actor, letter.id, [eickhout.id, azmani.id]);
    expect(Object.fromEntries(r.invited.map((i) => [i.mepId, i.email]))).toEqual({
      [eickhout.id]: "office.eickhout@europarl.europa.eu",
      [azmani.id]: azmani.email,
    });
  });
});
