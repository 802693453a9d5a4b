/**
 * Invitations: in bulk by group, member state or party (skipping those already invited, one email each with
 * nobody else's address), to a Member's staff instead of or as well as the Member, and resending a link.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { listMeps } from "#app/models/meps.server";
import {
  getSigningContext,
  inviteMeps,
  inviteStaff,
  listSignatures,
  resendInvitation,
  revokeInvitation,
} from "#app/models/signing.server";
import { sendInvitationEmail } from "#app/services/notifications.server";
import { LIMITS } from "#app/infra/rate-limit.server";
import {
  createMep,
  createOfficeActor,
  createPublishedLetter,
  inviteResult,
  signAtCurrentVersion,
  tag,
} from "#tests/factories/index";
import { closeTestDb, db, dbLabel, openTestDb } from "#tests/setup/db";
import { emailsTo } from "#tests/setup/outbox";

beforeAll(openTestDb);
afterAll(closeTestDb);

describe(`invitations (${dbLabel()})`, () => {
  it("invite by group / member state / party / all shown, skipping those already invited; one email each with no other address", async () => {
    const { actor, user, office } = await createOfficeActor(db);
    const letter = await createPublishedLetter(db, actor, "Breadth text.");
    const country = `Q${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`;
    const party = `Party ${tag()}`;
    const greens = [
      await createMep(db, { politicalGroup: "Greens/EFA", country, nationalParty: party }),
      await createMep(db, { politicalGroup: "Greens/EFA", country, nationalParty: party }),
      await createMep(db, { politicalGroup: "Greens/EFA", country, nationalParty: null }),
    ];
    const epp = [
      await createMep(db, { politicalGroup: "EPP", country, nationalParty: party }),
      await createMep(db, { politicalGroup: "EPP", country, nationalParty: null, email: null }),
    ];
    await inviteResult(db, actor, letter.id, [greens[0].id]);

    const byGroup = (await listMeps(db, { group: "Greens/EFA", country })).map((m) => m.id);
    expect(byGroup.sort()).toEqual(greens.map((m) => m.id).sort());
    const r1 = await inviteResult(db, actor, letter.id, byGroup);
    expect(r1.invited.map((i) => i.mepId).sort()).toEqual([greens[1].id, greens[2].id].sort());
    expect(r1.skipped).toBe(1);

    const byParty = (await listMeps(db, { party, country })).map((m) => m.id);
    const r2 = await inviteResult(db, actor, letter.id, byParty);
    expect(r2.invited.map((i) => i.mepId)).toEqual([epp[0].id]);

    const all = (await listMeps(db, { country })).map((m) => m.id);
    const r3 = await inviteResult(db, actor, letter.id, all);
    expect(r3.invited).toEqual([]); // everyone with an address is invited; the one without is skipped
    expect(r3.skipped).toBe(5);

    // Emails as the route sends them: one per invitee, one recipient, nobody else's address inside.
    await db.transaction(async (tx) => {
      for (const inv of [...r1.invited, ...r2.invited]) {
        await sendInvitationEmail(tx, {
          letter,
          office,
          inviter: { name: user.name, email: user.email },
          invitee: { name: inv.name, email: inv.email },
          token: inv.token,
        });
      }
    });
    const addresses = [...greens, ...epp].map((m) => m.email).filter(Boolean) as string[];
    for (const inv of [...r1.invited, ...r2.invited]) {
      const mails = await emailsTo(db, inv.email, letter.id);
      expect(mails).toHaveLength(1);
      for (const other of addresses.filter((a) => a.toLowerCase() !== inv.email)) {
        expect(mails[0].html).not.toContain(other.toLowerCase());
        expect(mails[0].text).not.toContain(other.toLowerCase());
      }
    }
  });

  it("staff invitee instead of or as well as the Member; the same address twice is a duplicate", async () => {
    const { actor } = await createOfficeActor(db);
    const letter = await createPublishedLetter(db, actor, "Staff text.");
    const m = await createMep(db);
    const staffEmail = `Aide.${tag()}@EP.test`;
    const r = await db.transaction((tx) =>
      inviteStaff(tx, actor, { letterId: letter.id, mepId: m.id, staffName: "Ada Aide", staffEmail }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.invitation.email).toBe(staffEmail.toLowerCase());
    const ctx = await getSigningContext(db, r.invitation.token);
    expect(ctx?.invitation).toMatchObject({ inviteeKind: "staff", inviteeName: "Ada Aide" });
    expect(ctx?.mep.id).toBe(m.id);
    expect(
      await db.transaction((tx) =>
        inviteStaff(tx, actor, { letterId: letter.id, mepId: m.id, staffName: "Ada Again", staffEmail }),
      ),
    ).toEqual({ ok: false, error: "duplicate" });
    // "instead of": a bulk invitation skips the Member whose staff is invited ...
    expect((await inviteResult(db, actor, letter.id, [m.id])).invited).toHaveLength(0);
    // ... "as well as": the explicit option invites the Member too.
    const both = await db.transaction((tx) =>
      inviteMeps(tx, actor, { letterId: letter.id, mepIds: [m.id], evenIfStaffInvited: true }),
    );
    expect(both.ok && both.invited.map((i) => i.email)).toEqual([m.email!.toLowerCase()]);
    // Either can sign; it is one signature of the Member.
    expect(
      await signAtCurrentVersion(db, r.invitation.token, letter.id, { capacity: "staff", signerName: "Ada Aide" }),
    ).toMatchObject({
      ok: true,
      status: "signed",
    });
    const mepToken = both.ok ? both.invited[0].token : "";
    expect(await signAtCurrentVersion(db, mepToken, letter.id)).toMatchObject({ ok: true, status: "already-signed" });
    expect(await listSignatures(db, { letterId: letter.id, officeId: actor.officeId })).toHaveLength(1);
  });

  it("resend issues a new link (earlier ones keep working until revoked) and is rate-limited per invitation in Postgres", async () => {
    const { actor } = await createOfficeActor(db);
    const letter = await createPublishedLetter(db, actor, "Resend text.");
    const m = await createMep(db);
    const other = await createMep(db);
    const inv = await inviteResult(db, actor, letter.id, [m.id, other.id]);
    const first = inv.invited.find((i) => i.mepId === m.id)!;
    let token = first.token;
    const issued = [token];
    for (let i = 0; i < LIMITS.resendInvitation.limit; i++) {
      const r = await db.transaction((tx) =>
        resendInvitation(tx, actor, { letterId: letter.id, invitationId: first.invitationId }),
      );
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.token).not.toBe(token);
      expect(await getSigningContext(db, token)).not.toBeNull();
      expect(await getSigningContext(db, r.token)).not.toBeNull();
      token = r.token;
      issued.push(token);
    }
    // Revoking the invitation stops every link it ever had (checked inside a transaction that is then undone).
    let afterRevoke: unknown[] = [];
    await db
      .transaction(async (tx) => {
        await revokeInvitation(tx, actor, { letterId: letter.id, invitationId: first.invitationId });
        afterRevoke = await Promise.all(issued.map((t) => getSigningContext(tx, t)));
        tx.rollback();
      })
      .catch(() => undefined);
    expect(afterRevoke).toHaveLength(issued.length);
    expect(afterRevoke.every((c) => c === null)).toBe(true);
    expect(await getSigningContext(db, issued[0])).not.toBeNull();
    const limited = await db.transaction((tx) =>
      resendInvitation(tx, actor, { letterId: letter.id, invitationId: first.invitationId }),
    );
    expect(limited).toMatchObject({ ok: false, error: "rate-limited" });
    expect(await getSigningContext(db, token)).not.toBeNull(); // the limited attempt rotated nothing
    const rows = await db.execute(
      sql`select count from rate_limits where key = ${`resend-invitation:${first.invitationId}`}`,
    );
    expect(Number(((Array.isArray(rows) ? rows : (rows as any).rows)[0] as any).count)).toBe(
      LIMITS.resendInvitation.limit + 1,
    );
    // Another invitation has its own budget.
    const second = inv.invited.find((i) => i.mepId === other.id)!;
    expect(
      (
        await db.transaction((tx) =>
          resendInvitation(tx, actor, { letterId: letter.id, invitationId: second.invitationId }),
        )
      ).ok,
    ).toBe(true);
    // Another office cannot resend it.
    const stranger = await createOfficeActor(db);
    expect(
      await db.transaction((tx) =>
        resendInvitation(tx, stranger.actor, { letterId: letter.id, invitationId: second.invitationId }),
      ),
    ).toMatchObject({ ok: false, error: "not-found" });
  });
});
