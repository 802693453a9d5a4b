/**
 * The office settings page (/office): each setting, saved through the page's action by an administrator, takes
 * effect where it is used; members who are not administrators may read but not change them; bad values change
 * nothing. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db, DbHandle } from "#db/client.server";
import { auditEvents, letters, offices } from "#db/schema";
import * as officeRoute from "#app/routes/office";
import * as newLetterRoute from "#app/routes/letters.new";
import * as undersignedRoute from "#app/routes/letters.$letterId.undersigned";
import * as signRoute from "#app/routes/sign.$token";
import { letterDocumentFrom, sendReadiness, signatoriesInLetter } from "#app/models/sending.server";
import { getOfficeClock } from "#app/models/replies.server";
import { getOfficeTimeZone } from "#app/models/offices.server";
import { inviteStaff } from "#app/models/signing.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, freshIp, sessionCookieFor } from "#tests/setup/routes";
import { createMep, createUser } from "#tests/factories/index";
import { createSendingWorld, type SendingWorld } from "./sending.fixtures";

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => handle?.close());

const label = usingPostgres() ? "postgres" : "pglite";

async function adminOf(w: SendingWorld) {
  const admin = await createUser(db, { officeId: w.office.id, role: "admin" });
  return (await sessionCookieFor(db, admin, w.office.id)).cookie;
}

/** The form as the page sends it, with the office's current values unless overridden. */
async function save(cookie: string, overrides: Record<string, string>) {
  const page = await callLoader<any>(officeRoute, { path: "/office", cookie });
  const s = page.data.settings;
  return callAction<any>(officeRoute, {
    path: "/office",
    cookie,
    form: {
      intent: "save",
      mepId: s.mepId === null ? "" : String(s.mepId),
      letterhead: s.letterhead,
      defaultPlaceLine: s.defaultPlaceLine,
      timeZone: s.timeZone,
      staffSignatureConfirmation: s.staffSignatureConfirmation,
      dueDays: String(s.clock.dueDays),
      veryOverdueDays: String(s.clock.veryOverdueDays),
      dayKind: s.clock.dayKind,
      ...overrides,
    },
  });
}

describe(`office settings (${label})`, () => {
  it("the office's own Member, picked from the directory, is listed first and the block stops saying he has not signed", async () => {
    const w = await createSendingWorld(db, { signers: 2 });
    await db.update(offices).set({ mepId: null }).where(eq(offices.id, w.office.id));
    const cookie = await adminOf(w);
    const block = () =>
      callLoader<any>(undersignedRoute, {
        path: `/letters/${w.letter.id}/undersigned`,
        params: { letterId: w.letter.id },
        cookie,
      });
    expect((await block()).data.hasLead).toBe(false);

    const page = await callLoader<any>(officeRoute, { path: "/office", cookie });
    expect(page.data.meps.some((m: { id: number }) => m.id === w.leadMep.id)).toBe(true);
    const r = await save(cookie, { mepId: String(w.leadMep.id) });
    expect(r.status).toBe(200);
    expect(r.data.ok).toBe(true);

    const after = await block();
    expect(after.data.hasLead).toBe(true);
    const inLetter = await signatoriesInLetter(db, { letterId: w.letter.id, officeId: w.office.id });
    expect(inLetter.leadMepId).toBe(w.leadMep.id);
    expect(after.data.block.lines[0]).toContain(w.leadMep.familyName);
    const reread = await callLoader<any>(officeRoute, { path: "/office", cookie });
    expect(reread.data.settings.mep.name).toContain(w.leadMep.familyName);
  });

  it("the letterhead lines are what the letter prints at its top", async () => {
    const w = await createSendingWorld(db, { signers: 1 });
    const cookie = await adminOf(w);
    const r = await save(cookie, { letterhead: "Jan Jansen\r\nMember of the European Parliament\n\n  ASP 10G142  " });
    expect(r.data.ok).toBe(true);
    const ready = (await sendReadiness(db, { letterId: w.letter.id, officeId: w.office.id }))!;
    expect(letterDocumentFrom(ready, new Date()).letterhead).toEqual([
      "Jan Jansen",
      "Member of the European Parliament",
      "ASP 10G142",
    ]);
    // Emptied: the office's name again.
    expect((await save(cookie, { letterhead: "" })).data.ok).toBe(true);
    const again = (await sendReadiness(db, { letterId: w.letter.id, officeId: w.office.id }))!;
    expect(letterDocumentFrom(again, new Date()).letterhead).toEqual([w.office.name]);
  });

  it("the default place line fills the new-letter form and is used when a new letter gives none", async () => {
    const w = await createSendingWorld(db, { signers: 1 });
    const cookie = await adminOf(w);
    expect((await save(cookie, { defaultPlaceLine: "Strasbourg" })).data.ok).toBe(true);
    const form = await callLoader<any>(newLetterRoute, { path: "/letters/new", cookie });
    expect(form.data.defaultPlaceLine).toBe("Strasbourg");
    const created = await callAction(newLetterRoute, {
      path: "/letters/new",
      cookie,
      form: { intent: "create", subject: "A letter from Strasbourg", language: "en", bodyText: "Text." },
    });
    expect(created.status).toBe(302);
    const id = created.location!.split("/")[2];
    const [letter] = await db.select().from(letters).where(eq(letters.id, id));
    expect(letter.placeLine).toBe("Strasbourg");
  });

  it("the reply clock is the office's default, and the change is audited", async () => {
    const w = await createSendingWorld(db, { signers: 1 });
    const cookie = await adminOf(w);
    expect((await save(cookie, { dueDays: "10", veryOverdueDays: "25", dayKind: "calendar" })).data.ok).toBe(true);
    expect(await getOfficeClock(db, { officeId: w.office.id })).toEqual({
      dueDays: 10,
      veryOverdueDays: 25,
      dayKind: "calendar",
    });
    const events = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.officeId, w.office.id), eq(auditEvents.action, "office.reply-clock")));
    expect(events).toHaveLength(1);
    // Very overdue before due is refused, and nothing changes.
    const bad = await save(cookie, { dueDays: "20", veryOverdueDays: "5" });
    expect(bad.status).toBe(400);
    expect((await getOfficeClock(db, { officeId: w.office.id })).dueDays).toBe(10);
  });

  it("the time zone is stored only when the runtime knows it", async () => {
    const w = await createSendingWorld(db, { signers: 1 });
    const cookie = await adminOf(w);
    expect((await save(cookie, { timeZone: "Europe/Lisbon" })).data.ok).toBe(true);
    expect(await getOfficeTimeZone(db, w.office.id)).toBe("Europe/Lisbon");
    for (const bad of ["Mars/Olympus_Mons", "UTC; drop table offices", "../../etc/passwd", ""]) {
      const r = await save(cookie, { timeZone: bad });
      expect(r.status, bad).toBe(400);
      expect(r.data.fieldErrors.timeZone).toBe("office.error.timeZone");
    }
    expect(await getOfficeTimeZone(db, w.office.id)).toBe("Europe/Lisbon");
  });

  it("'always' makes a staff signature from the Member's own domain wait for the Member's confirmation", async () => {
    async function staffSignsFromOwnDomain(setting: "always" | "outside-domain") {
      const w = await createSendingWorld(db, { signers: 1, closeSigning: false });
      const cookie = await adminOf(w);
      expect((await save(cookie, { staffSignatureConfirmation: setting })).data.ok).toBe(true);
      const domain = `europarl-${w.t}.test`;
      const member = await createMep(db, { email: `member@${domain}` });
      const staff = await db.transaction((tx) =>
        inviteStaff(tx, w.actor, {
          letterId: w.letter.id,
          mepId: member.id,
          staffName: "Sam Assistant",
          staffEmail: `sam.assistant@${domain}`,
        }),
      );
      if (!staff.ok) throw new Error(staff.error);
      const token = staff.invitation.token;
      const res = await callAction(signRoute, {
        path: `/sign/${token}`,
        params: { token },
        ip: freshIp(),
        form: {
          intent: "sign",
          versionHash: w.version.sha256,
          typedName: `${member.givenName} ${member.familyName}`,
          capacity: "staff",
          staffName: "Sam Assistant",
          confirm: "yes",
        },
      });
      expect(res.status).toBe(200);
      const list = (await signatoriesInLetter(db, { letterId: w.letter.id, officeId: w.office.id })).signatories;
      return (list ?? []).some((s) => s.mepId === member.id);
    }
    expect(await staffSignsFromOwnDomain("outside-domain")).toBe(true);
    expect(await staffSignsFromOwnDomain("always")).toBe(false);
  });

  it("members who are not administrators read the settings and cannot change them; a Member not in the directory is refused", async () => {
    const w = await createSendingWorld(db, { signers: 1 });
    const staffCookie = (await sessionCookieFor(db, w.user, w.office.id)).cookie;
    const page = await callLoader<any>(officeRoute, { path: "/office", cookie: staffCookie });
    expect(page.status).toBe(200);
    expect(page.data.editable).toBe(false);
    expect(page.data.settings.mepId).toBe(w.leadMep.id);
    const refused = await callAction(officeRoute, {
      path: "/office",
      cookie: staffCookie,
      form: { intent: "save", mepId: "", timeZone: "Europe/Lisbon" },
    });
    expect(refused.status).toBe(403);
    expect(await getOfficeTimeZone(db, w.office.id)).toBe("Europe/Brussels");

    const cookie = await adminOf(w);
    const unknown = await save(cookie, { mepId: "2147483000" });
    expect(unknown.status).toBe(400);
    expect(unknown.data.fieldErrors.mepId).toBe("office.error.mep");
    const [o] = await db.select({ mepId: offices.mepId }).from(offices).where(eq(offices.id, w.office.id));
    expect(o.mepId).toBe(w.leadMep.id);
  });
});
