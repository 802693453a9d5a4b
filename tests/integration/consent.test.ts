/**
 * No name may appear under a text its Member did not approve: the kind of a version follows from the change, every
 * list of signatories is the one that is (or was) sent, staff signatures are told to the Member, pasted lists do
 * not override a Member's own answer, and invitations go only to those whose answer is still open.
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmailSecrets } from "#app/infra/email-secrets.server";
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { auditEvents, emails, letterVersions, offices } from "#db/schema";
import * as editRoute from "#app/routes/letters.$letterId.edit";
import * as undersignedRoute from "#app/routes/letters.$letterId.undersigned";
import * as signRoute from "#app/routes/sign.$token";
import * as outsideRoute from "#app/routes/letters.$letterId.outside";
import { proposeFromText, recordOutsideSignatures } from "#app/models/outside-signatures.server";
import {
  decideSignature,
  letterDocumentFrom,
  renderSentLetterPdf,
  sendReadiness,
  signatoriesInLetter,
} from "#app/models/sending.server";
import { sendLetter } from "#app/services/sending.server";
import { answerConfirmation, declineByToken, inviteStaff, listSignatures } from "#app/models/signing.server";
import type { UndersignedBlock } from "#app/domain/undersigned-block";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, freshIp, sessionCookieFor } from "#tests/setup/routes";
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
import { closeSigning, createSendingWorld } from "./sending.fixtures";

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

async function makeOffice() {
  const office = await createOffice(db);
  const user = await createUser(db, { officeId: office.id, role: "staff" });
  return { office, user, actor: { userId: user.id, officeId: office.id } };
}

const DEMAND =
  "We therefore ask the Commission to exclude Nuctech from every public tender financed by the Union budget now.";
const BODY = `We write to you about scanners at the external borders. ${DEMAND} We look forward to your answer.`;

describe(`the kind of a version is the consequence of the change (${label})`, () => {
  it("a 'spelling' change that removes the main demand is published as substantive and signers must re-confirm", async () => {
    const { user, actor } = await makeOffice();
    const letter = await createDraftLetter(db, actor, { body: BODY });
    const v1 = await publish(db, actor, letter.id);
    const mep = await createMep(db);
    const [inv] = await invite(db, actor, letter.id, [mep.id]);
    expect((await sign(db, inv.token, v1.sha256, inv.name)).ok).toBe(true);

    const { cookie } = await sessionCookieFor(db, user, actor.officeId);
    const [l] = await db.query.letters.findMany({ where: (x, { eq: e }) => e(x.id, letter.id) });
    const r = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie,
      form: {
        intent: "publish",
        kind: "editorial",
        revision: String(l.draftRevision),
        subject: l.subject,
        language: "en",
        bodyText: BODY.replace(`${DEMAND} `, ""),
      },
    });
    expect(r.status).toBe(302);
    expect(r.location).toMatch(/published=2&overruled=1/);
    const [v2] = await db
      .select()
      .from(letterVersions)
      .where(and(eq(letterVersions.letterId, letter.id), eq(letterVersions.number, 2)));
    expect(v2.kind).toBe("substantive");
    // The signer is asked to re-confirm, never told "editorial corrections only".
    const mail = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, letter.id), eq(emails.toAddress, inv.email)));
    expect(mail.map((m) => m.kind)).toContain("cosign-reconfirm");
    expect(mail.map((m) => m.kind)).not.toContain("cosign-corrected");
    // The audit row keeps what the office asked for and what the change allowed.
    const [published] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, letter.id), eq(auditEvents.action, "version.published")))
      .orderBy(auditEvents.id)
      .offset(1);
    expect(published.data).toMatchObject({
      kind: "substantive",
      requestedKind: "editorial",
      changeKind: "substantive",
    });
    expect(published.data.reasons).toContain("words-removed");
  });

  it("a real punctuation fix carries the signature over, and the signer still gets the change and a link to withdraw", async () => {
    const { actor } = await makeOffice();
    const letter = await createDraftLetter(db, actor, { body: "We recieve many complaints about scanners." });
    const v1 = await publish(db, actor, letter.id);
    const mep = await createMep(db);
    const [inv] = await invite(db, actor, letter.id, [mep.id]);
    expect((await sign(db, inv.token, v1.sha256, inv.name)).ok).toBe(true);
    const { publishDraft } = await import("#app/services/versions.server");
    const { saveDraft } = await import("#app/models/letters.server");
    const { bodyJson } = await import("#tests/factories/index");
    const [l] = await db.query.letters.findMany({ where: (x, { eq: e }) => e(x.id, letter.id) });
    await db.transaction((tx) =>
      saveDraft(tx, actor, {
        letterId: letter.id,
        baseRevision: l.draftRevision,
        json: bodyJson("We receive many complaints about scanners!"),
      }),
    );
    const p = await publishDraft(db, actor, { letterId: letter.id, kind: "editorial" });
    expect(p.ok && p.version.kind).toBe("editorial");
    const [notice] = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, letter.id), eq(emails.kind, "cosign-corrected")));
    expect(notice.toAddress).toBe(inv.email);
    expect(notice.text).toContain("“recieve” became “receive”");
    expect(openEmailSecrets(notice).html).toMatch(/\/sign\/[A-Za-z0-9_-]{20,}/);
  });
});

describe(`one list of who is in the letter (${label})`, () => {
  it("the block page, the preview PDF, the send and the sent PDF all print exactly the set signatoriesInLetter gives", async () => {
    const w = await createSendingWorld(db, { signers: 3, closeSigning: false });
    const scope = { letterId: w.letter.id, officeId: w.office.id };
    const { cookie } = await sessionCookieFor(db, w.user, w.office.id);
    const blockPage = async () =>
      (
        await callLoader(undersignedRoute, {
          path: `/letters/${w.letter.id}/undersigned`,
          params: { letterId: w.letter.id },
          cookie,
        })
      ).data as { block: UndersignedBlock; source: string };

    // A substantive version: nobody counts until they re-confirm; one re-confirms, one is left out by the office.
    const v2 = await publishNewText(db, w.actor, w.letter.id, "We now ask for a complete ban.", "substantive");
    const reconfirming = w.invitations[1];
    expect((await sign(db, reconfirming.token, v2.sha256, reconfirming.name)).ok).toBe(true);
    const excluded = w.invitations[2];
    expect((await sign(db, excluded.token, v2.sha256, excluded.name)).ok).toBe(true);
    const live = await listSignatures(db, scope);
    const excludedSig = live.find((s) => s.mepId === excluded.mepId)!;
    expect(
      (
        await db.transaction((tx) =>
          decideSignature(tx, w.actor, { ...scope, signatureId: excludedSig.id, include: false }),
        )
      ).ok,
    ).toBe(true);
    expect(live).toHaveLength(4);

    const before = await signatoriesInLetter(db, scope);
    expect(before.source).toBe("to-send");
    expect(before.signatories!.map((s) => s.mepId)).toEqual([reconfirming.mepId]);
    const page = await blockPage();
    expect(page.source).toBe("to-send");
    expect(page.block).toEqual(before.block);
    const ready = (await sendReadiness(db, scope))!;
    expect(ready.signatories.map((s) => s.signatureId)).toEqual(before.signatories!.map((s) => s.signatureId));
    expect(letterDocumentFrom(ready, new Date()).undersigned).toEqual(before.block);

    await closeSigning(db, w.letter.id);
    const sent = await sendLetter(db, w.actor, { letterId: w.letter.id });
    expect(sent.ok).toBe(true);
    const after = await signatoriesInLetter(db, scope);
    expect(after.source).toBe("sent");
    expect(after.signatories?.map((s) => s.mepId)).toEqual([reconfirming.mepId]);
    expect(after.block).toEqual(before.block);
    expect((await blockPage()).block).toEqual(after.block);
    const pdf = (await renderSentLetterPdf(db, scope))!;
    expect(pdf.document.undersigned).toEqual(after.block);
    expect(after.block.countLine.count).toBe(1);
  });
});

describe(`a staff signature is never the office's or the signer's word alone (${label})`, () => {
  async function staffSigns(opts: { staffEmail: string; memberEmail: string; setting?: "always" | "outside-domain" }) {
    const w = await createSendingWorld(db, { signers: 1, closeSigning: false });
    if (opts.setting)
      await db.update(offices).set({ staffSignatureConfirmation: opts.setting }).where(eq(offices.id, w.office.id));
    const member = await createMep(db, { email: opts.memberEmail });
    const staff = await db.transaction((tx) =>
      inviteStaff(tx, w.actor, {
        letterId: w.letter.id,
        mepId: member.id,
        staffName: "Eve Forger",
        staffEmail: opts.staffEmail,
      }),
    );
    if (!staff.ok) throw new Error(staff.error);
    const token = staff.invitation.token;
    // The hostile form: capacity staff, no box about the Member at all.
    const res = await callAction(signRoute, {
      path: `/sign/${token}`,
      params: { token },
      ip: freshIp(),
      form: {
        intent: "sign",
        versionHash: w.version.sha256,
        typedName: `${member.givenName} ${member.familyName}`,
        capacity: "staff",
        staffName: "Eve Forger",
        confirm: "yes",
      },
    });
    expect(res.status).toBe(200);
    const scope = { letterId: w.letter.id, officeId: w.office.id };
    const inLetter = async () =>
      ((await signatoriesInLetter(db, scope)).signatories ?? []).some((s) => s.mepId === member.id);
    // Stored links are sealed (app/infra/email-secrets); opened here as they were sent.
    const mails = (
      await db
        .select()
        .from(emails)
        .where(and(eq(emails.letterId, w.letter.id), eq(emails.kind, "cosign-confirm-request")))
    ).map(openEmailSecrets);
    return { w, member, mails, inLetter, scope };
  }

  it("staff at an outside address: the Member is emailed at the directory address with the fingerprint; it counts only once confirmed", async () => {
    const { w, member, mails, inLetter } = await staffSigns({
      staffEmail: "eve@forger.test",
      memberEmail: `member.${Date.now()}@europarl.test`,
    });
    expect(mails.map((m) => m.toAddress)).toEqual([member.email!.toLowerCase()]);
    expect(mails[0].text).toContain(w.version.sha256);
    expect(await inLetter()).toBe(false);
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mails[0].text)![1];
    expect(await db.transaction((tx) => answerConfirmation(tx, { token, answer: "confirm" }))).toMatchObject({
      ok: true,
      status: "confirmed",
    });
    expect(await inLetter()).toBe(true);
  });

  it("'this was not me' withdraws it", async () => {
    const { mails, inLetter, scope, member } = await staffSigns({
      staffEmail: "eve@forger.test",
      memberEmail: `member.${Date.now()}@europarl.test`,
    });
    const token = /\/confirm\/([A-Za-z0-9_-]+)/.exec(mails[0].text)![1];
    await db.transaction((tx) => answerConfirmation(tx, { token, answer: "reject" }));
    expect(await inLetter()).toBe(false);
    expect((await listSignatures(db, scope)).some((s) => s.mepId === member.id)).toBe(false);
  });

  it("staff on the Member's own domain counts at once, but the Member is still told; the office can require confirmation always", async () => {
    const domain = `ep${Date.now()}.test`;
    const same = await staffSigns({ staffEmail: `aide@${domain}`, memberEmail: `member@${domain}` });
    expect(same.mails).toHaveLength(1);
    expect(same.mails[0].toAddress).toBe(`member@${domain}`);
    expect(await same.inLetter()).toBe(true);
    const strict = await staffSigns({
      staffEmail: `aide@x${domain}`,
      memberEmail: `member@x${domain}`,
      setting: "always",
    });
    expect(strict.mails).toHaveLength(1);
    expect(await strict.inLetter()).toBe(false);
  });
});

describe(`a pasted list does not override a Member's own answer (${label})`, () => {
  it("a Member who declined, or signed an older text, is shown as such and is recorded only with an override and a reason, audited", async () => {
    const w = await createSendingWorld(db, { signers: 1, closeSigning: false });
    const scope = { letterId: w.letter.id, officeId: w.office.id };
    // Names of their own, so the directory match is unambiguous.
    const m1 = await createMep(db, { givenName: "Declan", familyName: `Decliner${Date.now()}` });
    const m2 = await createMep(db, { givenName: "Olga", familyName: `Olderversion${Date.now()}` });
    const [decliner, older] = await invite(db, w.actor, w.letter.id, [m1.id, m2.id]);
    expect((await sign(db, older.token, w.version.sha256, older.name)).ok).toBe(true);
    // One declines through their own link; then a substantive version leaves the other on an older text.
    expect((await db.transaction((tx) => declineByToken(tx, { token: decliner.token, reason: "No." }))).ok).toBe(true);
    await publishNewText(db, w.actor, w.letter.id, "We now ask for a complete ban.", "substantive");
    const names = [decliner.name, older.name].join("\n");
    const { proposals } = await proposeFromText(db, scope, names);
    expect(proposals.map((p) => p.best?.answer?.kind)).toEqual(["declined", "signed-older"]);
    expect(proposals.map((p) => p.preselectedId)).toEqual([null, null]);

    const choices = [
      { mepId: decliner.mepId, input: decliner.name },
      { mepId: older.mepId, input: older.name },
    ];
    const refused = await db.transaction((tx) =>
      recordOutsideSignatures(tx, w.actor, { letterId: w.letter.id, sourceNote: "A pasted list", choices }),
    );
    expect(refused).toMatchObject({ ok: false, error: "needs-override" });
    expect((await signatoriesInLetter(db, scope)).signatories!.map((s) => s.mepId)).not.toContain(decliner.mepId);
    const liveBefore = await listSignatures(db, scope);
    expect(liveBefore.some((s) => s.mepId === decliner.mepId)).toBe(false);

    const reason = "Confirmed by phone with the Member on 3 December";
    const ok = await db.transaction((tx) =>
      recordOutsideSignatures(tx, w.actor, {
        letterId: w.letter.id,
        sourceNote: "A pasted list",
        choices: choices.map((c) => ({ ...c, overrideReason: reason })),
      }),
    );
    expect(ok).toMatchObject({ ok: true });
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, w.letter.id), eq(auditEvents.action, "signature.recorded-outside")));
    expect(audits.map((a) => (a.data.override as { answer: { kind: string } }).answer.kind).sort()).toEqual([
      "declined",
      "signed-older",
    ]);
    expect(audits.every((a) => (a.data.override as { reason: string }).reason === reason)).toBe(true);
  });

  it("the review page shows the Member's answer and refuses to record without the override (409)", async () => {
    const w = await createSendingWorld(db, { signers: 1, closeSigning: false });
    const [, decliner] = w.invitations;
    await db.transaction((tx) => declineByToken(tx, { token: decliner.token, reason: null }));
    const { cookie } = await sessionCookieFor(db, w.user, w.office.id);
    const path = `/letters/${w.letter.id}/outside`;
    const r = await callAction(outsideRoute, {
      path,
      params: { letterId: w.letter.id },
      cookie,
      form: {
        intent: "confirm",
        rows: "1",
        source: "Email from the group",
        versionHash: w.version.sha256,
        "input-0": decliner.name,
        "choice-0": String(decliner.mepId),
        "search-0": "",
      },
    });
    expect(r.status).toBe(409);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors["choice-0"]).toBe("outside.error.override");
    // Nothing recorded: only the lead Member's own signature is live (the decliner's was withdrawn).
    expect((await listSignatures(db, { letterId: w.letter.id, officeId: w.office.id })).length).toBe(1);
  });
});
