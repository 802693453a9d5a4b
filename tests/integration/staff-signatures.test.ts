/**
 * A Member's staff signing on the Member's behalf: the Member is asked to confirm at the directory address,
 * opening the link changes nothing, confirming is recorded and rejecting withdraws the signature.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEvents, invitations, signatureConfirmations } from "#db/schema";
import { getCurrentVersion } from "#app/models/letters.server";
import {
  answerConfirmation,
  getConfirmationContext,
  inviteStaff,
  listSignatures,
  requestMemberConfirmation,
} from "#app/models/signing.server";
import { sendMemberConfirmationEmail } from "#app/services/notifications.server";
import * as signRoute from "#app/routes/sign.$token";
import * as confirmRoute from "#app/routes/confirm.$token";
import {
  createMep,
  createOfficeActor,
  createPublishedLetter,
  inviteResult,
  signAtCurrentVersion,
  tag,
} from "#tests/factories/index";
import { closeTestDb, db, dbLabel, openTestDb } from "#tests/setup/db";
import { emailsTo, tokenFromEmail } from "#tests/setup/outbox";
import { callAction, callLoader } from "#tests/setup/routes";

beforeAll(openTestDb);
afterAll(closeTestDb);

describe(`signing on behalf, confirmed by the Member (${dbLabel()})`, () => {
  it("staff signs with 'ask to confirm': the Member gets a confirmation link at the directory address; GET changes nothing; POST confirm is recorded with audit", async () => {
    const { actor } = await createOfficeActor(db);
    const letter = await createPublishedLetter(db, actor, "Text to sign on behalf.");
    const m = await createMep(db);
    const staff = await db.transaction((tx) =>
      inviteStaff(tx, actor, {
        letterId: letter.id,
        mepId: m.id,
        staffName: "Sam Staff",
        staffEmail: `sam.${tag()}@ep.test`,
      }),
    );
    if (!staff.ok) throw new Error(staff.error);
    const [staffInv] = await db.select().from(invitations).where(eq(invitations.id, staff.invitation.invitationId));
    expect(staffInv.inviteeKind).toBe("staff");
    // Sign through the route as staff, with the confirmation box ticked.
    const token = staff.invitation.token;
    const version = (await getCurrentVersion(db, letter.id))!;
    const res = await callAction<any>(signRoute, {
      path: `/sign/${token}`,
      params: { token },
      form: {
        intent: "sign",
        versionHash: version.sha256,
        typedName: `${m.givenName} ${m.familyName}`,
        capacity: "staff",
        staffName: "Sam Staff",
        staffRole: "Accredited assistant",
        askConfirm: "yes",
        confirm: "yes",
      },
    });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ ok: true, confirmationAsked: true });
    const mails = (await emailsTo(db, m.email!, letter.id)).filter((e) => e.kind === "cosign-confirm-request");
    expect(mails).toHaveLength(1);
    const confirmToken = tokenFromEmail(mails[0].html, "confirm");
    let sigs = await listSignatures(db, { letterId: letter.id, officeId: actor.officeId });
    expect(sigs[0]).toMatchObject({ signerCapacity: "staff", signerName: "Sam Staff", memberConfirmation: "awaiting" });

    // Opening the link (a mail scanner too) changes nothing.
    const get = await callLoader<any>(confirmRoute, {
      path: `/confirm/${confirmToken}`,
      params: { token: confirmToken },
    });
    expect(get.status).toBe(200);
    expect(get.data).toMatchObject({ answer: null, signer: { name: "Sam Staff" } });
    const [row0] = await db
      .select()
      .from(signatureConfirmations)
      .where(eq(signatureConfirmations.signatureId, sigs[0].id));
    expect(row0.confirmedAt).toBeNull();

    const post = await callAction<any>(confirmRoute, {
      path: `/confirm/${confirmToken}`,
      params: { token: confirmToken },
      form: { intent: "confirm" },
    });
    expect(post).toMatchObject({ status: 200, data: { ok: true, message: "confirmation.page.confirmed" } });
    sigs = await listSignatures(db, { letterId: letter.id, officeId: actor.officeId });
    expect(sigs[0].memberConfirmation).toBe("confirmed");
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, letter.id), eq(auditEvents.action, "signature.member-confirmed")));
    expect(audits).toHaveLength(1);
    // A second answer changes nothing.
    expect(await db.transaction((tx) => answerConfirmation(tx, { token: confirmToken, answer: "reject" }))).toEqual({
      ok: true,
      status: "already-confirmed",
    });
    expect(await listSignatures(db, { letterId: letter.id, officeId: actor.officeId })).toHaveLength(1);
  });

  it("the Member rejecting withdraws the staff signature; the signer cannot stop the Member's email; an unknown token is 404", async () => {
    const { actor } = await createOfficeActor(db);
    const letter = await createPublishedLetter(db, actor, "Another text.");
    const m = await createMep(db);
    const m2 = await createMep(db);
    const inv = await inviteResult(db, actor, letter.id, [m.id, m2.id]);
    const t1 = inv.invited.find((i) => i.mepId === m.id)!.token;
    const t2 = inv.invited.find((i) => i.mepId === m2.id)!.token;
    const s1 = await signAtCurrentVersion(db, t1, letter.id, { capacity: "staff", signerName: "Alex Aide" });
    if (!s1.ok) throw new Error("sign");
    const req = await db.transaction(async (tx) => {
      const c = await requestMemberConfirmation(tx, { signatureId: s1.signatureId });
      if (c.ok)
        await sendMemberConfirmationEmail(tx, {
          letter: c.letter,
          mep: c.mep,
          signerName: c.signerName,
          token: c.token,
        });
      return c;
    });
    if (!req.ok) throw new Error(req.error);
    expect(req.mep.email).toBe(m.email!.toLowerCase());
    expect((await getConfirmationContext(db, req.token))?.signature.id).toBe(s1.signatureId);
    expect(await db.transaction((tx) => answerConfirmation(tx, { token: req.token, answer: "reject" }))).toEqual({
      ok: true,
      status: "rejected",
    });
    const live = await listSignatures(db, { letterId: letter.id, officeId: actor.officeId });
    expect(live).toHaveLength(0);
    const [i1] = await db
      .select()
      .from(invitations)
      .where(and(eq(invitations.letterId, letter.id), eq(invitations.mepId, m.id)));
    expect(i1.status).toBe("pending");

    // Without any box ticked (the box is gone): the Member is still emailed at the directory address.
    const version = (await getCurrentVersion(db, letter.id))!;
    const res = await callAction<any>(signRoute, {
      path: `/sign/${t2}`,
      params: { token: t2 },
      form: {
        intent: "sign",
        versionHash: version.sha256,
        typedName: `${m2.givenName} ${m2.familyName}`,
        capacity: "staff",
        staffName: "Pat Aide",
        confirm: "yes",
      },
    });
    expect(res.data).toMatchObject({ ok: true, confirmationAsked: true });
    expect((await emailsTo(db, m2.email!, letter.id)).filter((e) => e.kind === "cosign-confirm-request")).toHaveLength(
      1,
    );

    const bad = "A".repeat(43);
    expect((await callLoader<any>(confirmRoute, { path: `/confirm/${bad}`, params: { token: bad } })).status).toBe(404);
  });
});
