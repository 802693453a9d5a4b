/**
 * Hole 5 of issue 9: invitations, reminders and "please re-confirm" emails go only to Members whose answer is still
 * open for the current version. Members who signed (outside signatures included), declined, or re-confirmed get none
 * of them, whichever button the office presses ("invite all", resend, invite staff) and whatever the queue runs.
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { emails, invitations, letters } from "#db/schema";
import * as inviteRoute from "#app/routes/letters.$letterId.invite";
import { recordOutsideSignatures } from "#app/models/outside-signatures.server";
import { declineByToken } from "#app/models/signing.server";
import { reminderRunAt } from "#app/domain/reminder-schedule";
import { runDueJobs } from "#app/infra/jobs.server";
import { inviteStaffMember, resendOne } from "#app/services/invitations.server";
import { publishDraft } from "#app/services/versions.server";
import { signWithLink } from "#app/services/signing.server";
import { saveDraft } from "#app/models/letters.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, sessionCookieFor } from "#tests/setup/routes";
import {
  bodyJson,
  createDraftLetter,
  createMep,
  createOffice,
  createUser,
  invite,
  publish,
  sign,
  tag,
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

async function newText(actor: { userId: string; officeId: string }, letterId: string, text: string) {
  const [l] = await db.select({ rev: letters.draftRevision }).from(letters).where(eq(letters.id, letterId));
  const s = await db.transaction((tx) => saveDraft(tx, actor, { letterId, baseRevision: l.rev, json: bodyJson(text) }));
  if (!s.ok) throw new Error(s.error);
}

async function mailsTo(letterId: string, kind: string, addresses: string[]) {
  if (!addresses.length) return [];
  return db
    .select({ to: emails.toAddress, kind: emails.kind })
    .from(emails)
    .where(and(eq(emails.letterId, letterId), eq(emails.kind, kind), inArray(emails.toAddress, addresses)));
}

describe(`only open answers are asked (${label})`, () => {
  it("invite all, resend, staff invitations, reminders and re-confirm requests skip signers, decliners and re-confirmers", async () => {
    const t = tag();
    const party = `Open ${t}`;
    const office = await createOffice(db);
    const user = await createUser(db, { officeId: office.id, role: "staff" });
    const actor = { userId: user.id, officeId: office.id };
    const deadline = new Date(Date.now() + 10 * 86_400_000);
    const letter = await createDraftLetter(db, actor, { body: "We ask for a ban on these scanners.", deadline });
    const v1 = await publish(db, actor, letter.id);

    // One Member per situation; all in one national party, so "invite all" with that filter shows exactly them.
    const mk = (name: string) => createMep(db, { givenName: name, familyName: `Open${t}`, nationalParty: party });
    const reconfirmer = await mk("Rita"); // signed v1, re-confirms v2
    const stale = await mk("Nora"); // signed v1, never re-confirms: still open
    const decliner = await mk("Dirk"); // declined through her own link
    const pending = await mk("Pim"); // invited, no answer: open
    const outside = await mk("Otto"); // on a pasted list for the current text, never invited
    const late = await mk("Sara"); // invited after v2, signs v2
    const viaStaff = await mk("Tom"); // his own invitation pending, his staff signed for him
    const fresh = await mk("Uma"); // never invited: open
    const addr = (m: { email: string | null }) => m.email!.toLowerCase();

    const [invR, invN, invD, invP, invT] = await invite(db, actor, letter.id, [
      reconfirmer.id,
      stale.id,
      decliner.id,
      pending.id,
      viaStaff.id,
    ]);
    expect((await sign(db, invR.token, v1.sha256, invR.name)).ok).toBe(true);
    expect((await sign(db, invN.token, v1.sha256, invN.name)).ok).toBe(true);
    expect((await db.transaction((tx) => declineByToken(tx, { token: invD.token, reason: "No." }))).ok).toBe(true);

    // A substantive version: the re-confirm requests go to the two who signed v1, and to nobody else.
    await newText(actor, letter.id, "We ask for a complete ban on these scanners at every border.");
    const v2 = await publishDraft(db, actor, { letterId: letter.id, kind: "substantive" });
    if (!v2.ok) throw new Error(v2.error);
    expect(v2.version.kind).toBe("substantive");
    const reconfirmV2 = await db
      .select({ to: emails.toAddress })
      .from(emails)
      .where(and(eq(emails.letterId, letter.id), eq(emails.kind, "cosign-reconfirm")));
    expect(reconfirmV2.map((m) => m.to).sort()).toEqual([addr(reconfirmer), addr(stale)].sort());

    // Answers on v2: one re-confirms, one signs for the first time, one is on a pasted list, one is signed by staff.
    expect((await sign(db, invR.token, v2.version.sha256, invR.name)).ok).toBe(true);
    const [invS] = await invite(db, actor, letter.id, [late.id]);
    expect((await sign(db, invS.token, v2.version.sha256, invS.name)).ok).toBe(true);
    expect(
      await db.transaction((tx) =>
        recordOutsideSignatures(tx, actor, {
          letterId: letter.id,
          sourceNote: "Signed list from the group meeting",
          choices: [{ mepId: outside.id, input: `Otto Open${t}` }],
        }),
      ),
    ).toMatchObject({ ok: true, recorded: [{ mepId: outside.id }] });
    const domain = (viaStaff.email ?? "").split("@")[1];
    const inviter = { name: user.name, email: user.email };
    const staffInv = await inviteStaffMember(db, actor, {
      letter,
      inviter,
      mepId: viaStaff.id,
      staffName: "Tess Aide",
      staffEmail: `tess.aide.${t}@${domain}`,
      alsoMep: false,
    });
    if (!staffInv.ok) throw new Error(staffInv.error);
    const staffSigned = await signWithLink(db, {
      token: staffInv.invitation.token,
      versionHash: v2.version.sha256,
      signerName: "Tess Aide",
      capacity: "staff",
      signerRole: "Assistant",
      ip: "203.0.113.5",
      userAgent: "vitest",
    });
    expect(staffSigned).toMatchObject({ ok: true, status: "signed", needsMemberConfirmation: false });

    // An editorial version: the re-confirmer and the others who signed v2 are not asked again, nor is the decliner;
    // only the Member still on v1 is.
    const before = new Set((await db.select({ id: emails.id }).from(emails)).map((e) => e.id));
    await newText(actor, letter.id, "We ask for a complete ban on these scanners at every border!");
    const v3 = await publishDraft(db, actor, { letterId: letter.id, kind: "editorial" });
    if (!v3.ok) throw new Error(v3.error);
    expect(v3.version.kind).toBe("editorial");
    const afterV3 = (
      await db
        .select({ id: emails.id, to: emails.toAddress, kind: emails.kind })
        .from(emails)
        .where(eq(emails.letterId, letter.id))
    ).filter((e) => !before.has(e.id));
    expect(afterV3.filter((e) => e.kind === "cosign-reconfirm").map((e) => e.to)).toEqual([addr(stale)]);
    expect(afterV3.map((e) => e.to)).not.toContain(addr(decliner));

    const answered = [reconfirmer, decliner, outside, late, viaStaff].map(addr);
    const staffAddress = staffInv.invitation.email;
    const invitesBefore = await mailsTo(letter.id, "invitation", answered);

    // "Invite all" with the party filter: only the Member never invited gets an invitation.
    const { cookie } = await sessionCookieFor(db, user, office.id);
    const all = await callAction(inviteRoute, {
      path: `/letters/${letter.id}/invite`,
      params: { letterId: letter.id },
      cookie,
      form: { intent: "all", q: "", group: "", country: "", party },
    });
    expect(all.status).toBe(200);
    expect(all.data).toMatchObject({ ok: true, vars: { count: 1 } });
    const invited = await db
      .select({ mepId: invitations.mepId, email: invitations.inviteeEmail })
      .from(invitations)
      .where(and(eq(invitations.letterId, letter.id), eq(invitations.mepId, fresh.id)));
    expect(invited.map((i) => i.email)).toEqual([addr(fresh)]);
    expect(await mailsTo(letter.id, "invitation", answered)).toEqual(invitesBefore);

    // The office cannot send a Member who answered another invitation or staff link either.
    const resend = await resendOne(db, actor, { letter, inviter, invitationId: invT.invitationId });
    expect(resend).toMatchObject({ ok: false, error: "not-pending" });
    for (const m of [late, decliner, outside]) {
      const r = await inviteStaffMember(db, actor, {
        letter,
        inviter,
        mepId: m.id,
        staffName: "Another Aide",
        staffEmail: `aide.${m.id}.${t}@staff.test`,
        alsoMep: false,
      });
      expect(r, `staff invitation for ${m.givenName}`).toMatchObject({ ok: false, error: "answered" });
    }
    expect(await mailsTo(letter.id, "invitation", answered)).toEqual(invitesBefore);

    // The reminders fall due: only the pending Member and the new invitee get one.
    await runDueJobs(db, { now: new Date(reminderRunAt(deadline, 3).getTime() + 1000), limit: 100 });
    const reminders = await db
      .select({ to: emails.toAddress })
      .from(emails)
      .where(and(eq(emails.letterId, letter.id), eq(emails.kind, "reminder")));
    expect(reminders.map((r) => r.to).sort()).toEqual([addr(pending), addr(fresh)].sort());
    expect(reminders.map((r) => r.to)).not.toContain(staffAddress);
    expect(invP.email).toBe(addr(pending));
  });
});
