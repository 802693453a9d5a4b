/**
 * Sending through the local outbox (no RESEND_API_KEY): the checklist, exactly one send however often and from
 * however many instances "send" is pressed, the lock afterwards, rollback, the notices, the status and the record.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbHandle } from "#db/client.server";
import { openDb } from "#db/client.server";
import { auditEvents, emails, jobs, letters, sends, signatures, addressees, offices } from "#db/schema";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { resetEnvCache } from "#app/infra/env.server";
import { verifyAuditChain } from "#app/infra/audit.server";
import { addAddressee, publishVersion, saveDraft } from "#app/models/letters.server";
import { declineByToken, inviteMeps, signByToken, withdrawByToken } from "#app/models/signing.server";
import {
  getSendRecord,
  isRecentlyVerified,
  refreshSendStatus,
  sendReadiness,
  signatoryPdfPath,
} from "#app/models/sending.server";
import { sendLetter } from "#app/services/sending.server";
import { editorJsonFromBlocks } from "#app/editor/build";
import { createDraftLetter, createMep, createOffice, createUser, publishNewText } from "#tests/factories/index";
import { createSendingWorld, drain } from "./sending.fixtures";

let handle: DbHandle & { name: string };
let db: Db;

beforeAll(async () => {
  delete process.env.RESEND_API_KEY;
  resetEnvCache();
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  // Jobs of earlier tests would otherwise be run by this test's drain().
  await db.delete(jobs);
});

const scopeOf = (w: { letter: { id: string }; office: { id: string } }) => ({
  letterId: w.letter.id,
  officeId: w.office.id,
});

describe(`sending (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("the checklist names what is missing: version, signatures on the final version, signing closed, addressee emails, a valid reply-to", async () => {
    // A draft with no version.
    const office = await createOffice(db);
    const user = await createUser(db, { officeId: office.id });
    const actor = { userId: user.id, officeId: office.id };
    const draft = await createDraftLetter(db, actor, {
      addressees: [{ name: "Commissioner", salutation: "Dear Commissioner", email: null }],
    });
    let r = await sendReadiness(db, { letterId: draft.id, officeId: office.id });
    expect(r?.problems).toEqual(["sending.reason.noVersion", "sending.reason.signingOpen", "sending.reason.noEmails"]);
    expect(r?.missingEmail.map((a) => a.name)).toEqual(["Commissioner"]);

    // Signed on version 1, then version 2 was published: those signatures do not count until re-confirmed.
    const w = await createSendingWorld(db, { signers: 2, closeSigning: false });
    r = await sendReadiness(db, scopeOf(w));
    expect(r?.problems).toEqual(["sending.reason.signingOpen"]);
    expect(r?.signatories).toHaveLength(3);
    await publishNewText(db, w.actor, w.letter.id, "A new text nobody has signed yet.");
    r = await sendReadiness(db, scopeOf(w));
    expect(r?.problems).toEqual(["sending.reason.noSignatures", "sending.reason.signingOpen"]);
    expect(r?.excluded).toBe(3);
    // Re-confirming binds one signature to the final version.
    const v2 = r!.version!;
    const inv = w.invitations[1];
    expect(
      (
        await db.transaction((tx) =>
          signByToken(tx, {
            token: inv.token,
            versionHash: v2.sha256,
            signerName: inv.name,
            capacity: "mep",
            ip: "203.0.113.1",
            userAgent: null,
          }),
        )
      ).ok,
    ).toBe(true);
    // The deadline passing closes signing as well as closing it by hand.
    await db
      .update(letters)
      .set({ signatureDeadline: new Date(Date.now() - 60_000) })
      .where(eq(letters.id, w.letter.id));
    r = await sendReadiness(db, scopeOf(w));
    expect(r?.problems).toEqual([]);
    expect(r?.signatories.map((s) => s.mepId)).toEqual([inv.mepId]);
    expect(r?.excluded).toBe(2);
    expect(r?.signing).toMatchObject({ deadlinePassed: true, closed: true });
    expect(r?.notices).toBe(1);

    await db.update(offices).set({ contactEmail: "a@ep.test, b@ep.test" }).where(eq(offices.id, w.office.id));
    r = await sendReadiness(db, scopeOf(w));
    expect(r?.problems).toEqual(["sending.reason.badReplyTo"]);
    const refused = await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }));
    expect(refused).toEqual({ ok: false, error: "not-ready", reasons: ["sending.reason.badReplyTo"] });
    expect(await db.select().from(sends).where(eq(sends.letterId, w.letter.id))).toEqual([]);

    // Another office sees nothing.
    expect(await sendReadiness(db, { letterId: w.letter.id, officeId: office.id })).toBeNull();
  });

  it("sends once: one email per recipient, one notice per signatory, hashes stored, the letter locked, the audit chain intact", async () => {
    const w = await createSendingWorld(db);
    const result = await db.transaction((tx) =>
      sendLetter(tx, w.actor, { letterId: w.letter.id, expectedVersionHash: w.version.sha256 }),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result).toMatchObject({ emails: 3, notices: 7 });

    const [letter] = await db.select().from(letters).where(eq(letters.id, w.letter.id));
    expect(letter.status).toBe("sent");
    const [send] = await db.select().from(sends).where(eq(sends.letterId, w.letter.id));
    expect(send).toMatchObject({
      id: result.sendId,
      status: "sending",
      signatoryCount: 7,
      pdfSha256: result.pdfSha256,
      versionId: w.version.id,
    });
    expect(send.htmlSha256).toMatch(/^[0-9a-f]{64}$/);

    const rows = await db.select().from(emails).where(eq(emails.letterId, w.letter.id));
    const letterRows = rows.filter((r) => r.kind === "letter");
    const notices = rows.filter((r) => r.kind === "signatory-notice");
    expect(letterRows.map((r) => r.toAddress).sort()).toEqual([
      `breton.${w.t}@ec.test`,
      `cab.${w.t}@ec.test`,
      `president.${w.t}@ec.test`,
    ]);
    expect(
      letterRows.every(
        (r) => r.idempotencyKey.startsWith(`letter:${result.sendId}:`) && r.replyTo === w.office.contactEmail,
      ),
    ).toBe(true);
    expect(
      letterRows.every((r) => r.html.includes(w.version.sha256) && r.html.includes(w.letter.verificationCode)),
    ).toBe(true);
    expect(letterRows.find((r) => r.toAddress.startsWith("president"))?.html).toContain("Ursula von der Leyen");
    expect(notices).toHaveLength(7);
    expect(new Set(notices.map((n) => n.toAddress)).size).toBe(7);
    expect(notices.every((n) => !n.toAddress.includes(","))).toBe(true);
    // Each notice greets its own signatory, names no other signatory address, and links the PDF.
    for (const n of notices) {
      expect(n.text).toContain(`Dear ${n.toName},`);
      expect(n.text).toContain(signatoryPdfPath(w.letter.verificationCode, result.sendId));
      for (const other of notices) if (other.id !== n.id) expect(n.html).not.toContain(other.toAddress);
    }
    expect(notices.find((n) => n.toName === "Ελένη Σταυρέα")?.html).toContain("Dear Ελένη Σταυρέα,");
    const batchJobs = await db.select().from(jobs).where(eq(jobs.queue, "email.batch"));
    expect(batchJobs).toHaveLength(1);

    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, w.letter.id), eq(auditEvents.action, "letter.sent")));
    expect(event.data).toMatchObject({ sendId: result.sendId, pdfSha256: result.pdfSha256, recipients: 3, notices: 7 });
    expect((await verifyAuditChain(db, { officeId: w.office.id, letterId: w.letter.id })).broken).toEqual([]);

    // Delivered into the local outbox; the send is complete on the next read.
    expect((await refreshSendStatus(db, scopeOf(w)))?.status).toBe("sending");
    await drain(db);
    const status = await refreshSendStatus(db, scopeOf(w));
    expect(status?.status).toBe("sent");
    expect(status?.completedAt).toBeInstanceOf(Date);
    expect((await db.select().from(sends).where(eq(sends.id, result.sendId)))[0].status).toBe("sent");

    const record = await getSendRecord(db, scopeOf(w));
    expect(record?.pdf.sha256).toBe(result.pdfSha256);
    expect(record?.recipients).toHaveLength(3);
    expect(record?.notices).toHaveLength(7);
    expect(
      record?.recipients.every(
        (r) =>
          r.status === "sent" &&
          r.transport === "local" &&
          r.providerMessageId?.startsWith("local-") &&
          /^[0-9a-f]{64}$/.test(r.htmlSha256),
      ),
    ).toBe(true);
    expect(record?.signatories.printed?.[0]).toContain(`Groothuis${w.t}`);
    expect(await getSendRecord(db, { letterId: w.letter.id, officeId: (await createOffice(db)).id })).toBeNull();

    // Pressing send again does nothing.
    expect(await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }))).toEqual({
      ok: false,
      error: "already-sent",
    });
    expect(await db.select().from(emails).where(eq(emails.letterId, w.letter.id))).toHaveLength(10);
  });

  it("after sending the letter is locked: no new versions, drafts, addressees, invitations, signatures, withdrawals or declines", async () => {
    const w = await createSendingWorld(db, { signers: 2 });
    const late = await createMep(db, { givenName: "Late", familyName: `Comer${w.t}` });
    // An invitation still pending when the letter goes out.
    const pending = await db.transaction((tx) => inviteMeps(tx, w.actor, { letterId: w.letter.id, mepIds: [late.id] }));
    if (!pending.ok) throw new Error(pending.error);
    const sent = await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }));
    expect(sent.ok).toBe(true);
    const [{ count: before }] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(signatures)
      .where(eq(signatures.letterId, w.letter.id));

    expect(
      await db.transaction((tx) => publishVersion(tx, w.actor, { letterId: w.letter.id, kind: "substantive" })),
    ).toEqual({ ok: false, error: "locked" });
    expect(
      await db.transaction((tx) =>
        saveDraft(tx, w.actor, {
          letterId: w.letter.id,
          baseRevision: 1,
          json: editorJsonFromBlocks([{ type: "p", text: "changed" }]),
        }),
      ),
    ).toMatchObject({ ok: false });
    expect(
      await db.transaction((tx) =>
        addAddressee(tx, w.actor, w.letter.id, { name: "Someone", email: "someone@ec.test" }),
      ),
    ).toEqual({ ok: false, error: "locked" });
    const another = await createMep(db);
    expect(
      await db.transaction((tx) => inviteMeps(tx, w.actor, { letterId: w.letter.id, mepIds: [another.id] })),
    ).toEqual({ ok: false, error: "closed" });
    const token = pending.invited[0].token;
    expect(
      await db.transaction((tx) =>
        signByToken(tx, {
          token,
          versionHash: w.version.sha256,
          signerName: "Late",
          capacity: "mep",
          ip: "203.0.113.2",
          userAgent: null,
        }),
      ),
    ).toEqual({ ok: false, error: "closed" });
    expect(await db.transaction((tx) => declineByToken(tx, { token, reason: "too late" }))).toEqual({
      ok: false,
      error: "closed",
    });
    expect(await db.transaction((tx) => withdrawByToken(tx, { token: w.invitations[1].token }))).toEqual({
      ok: false,
      error: "closed",
    });

    const [{ count: after }] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(signatures)
      .where(eq(signatures.letterId, w.letter.id));
    expect(after).toBe(before);
    expect(
      (await db.select().from(signatures).where(eq(signatures.letterId, w.letter.id))).every(
        (s) => s.withdrawnAt === null,
      ),
    ).toBe(true);
    expect(await db.select().from(addressees).where(eq(addressees.letterId, w.letter.id))).toHaveLength(3);
  });

  it("a rolled-back send leaves nothing: no send, no emails, no jobs, the letter unchanged", async () => {
    const w = await createSendingWorld(db, { signers: 2 });
    await expect(
      db.transaction(async (tx) => {
        const r = await sendLetter(tx, w.actor, { letterId: w.letter.id });
        expect(r.ok).toBe(true);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await db.select().from(sends).where(eq(sends.letterId, w.letter.id))).toEqual([]);
    expect(await db.select().from(emails).where(eq(emails.letterId, w.letter.id))).toEqual([]);
    expect(await db.select().from(jobs)).toEqual([]);
    expect((await db.select().from(letters).where(eq(letters.id, w.letter.id)))[0].status).toBe("collecting");
    expect(
      await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.letterId, w.letter.id), eq(auditEvents.action, "letter.sent"))),
    ).toEqual([]);
    await drain(db);
    // And it can still be sent afterwards.
    expect((await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }))).ok).toBe(true);
  });

  it("refuses when the final version changed under the reviewer, or the sign-in is too old", async () => {
    const w = await createSendingWorld(db, { signers: 1 });
    expect(
      await db.transaction((tx) =>
        sendLetter(tx, w.actor, { letterId: w.letter.id, expectedVersionHash: "0".repeat(64) }),
      ),
    ).toEqual({ ok: false, error: "version-changed" });
    const old = new Date(Date.now() - 16 * 60_000);
    expect(isRecentlyVerified(old)).toBe(false);
    expect(isRecentlyVerified(new Date(Date.now() - 14 * 60_000))).toBe(true);
    expect(
      await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id, sessionVerifiedAt: old })),
    ).toEqual({ ok: false, error: "reauth-required" });
    expect(await db.select().from(sends).where(eq(sends.letterId, w.letter.id))).toEqual([]);
    expect(await db.select().from(emails).where(eq(emails.letterId, w.letter.id))).toEqual([]);
  });

  it("send pressed 20 times at once: one send, one email per recipient", async () => {
    const w = await createSendingWorld(db, { signers: 2 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }))),
    );
    const values = results.map((r) => (r.status === "fulfilled" ? r.value : { ok: false, error: String(r.reason) }));
    expect(values.filter((v) => v.ok)).toHaveLength(1);
    expect(values.filter((v) => !v.ok).every((v) => "error" in v && v.error === "already-sent")).toBe(true);
    expect(await db.select().from(sends).where(eq(sends.letterId, w.letter.id))).toHaveLength(1);
    const rows = await db.select().from(emails).where(eq(emails.letterId, w.letter.id));
    expect(rows.filter((r) => r.kind === "letter")).toHaveLength(3);
    expect(rows.filter((r) => r.kind === "signatory-notice")).toHaveLength(3);
  });

  it.runIf(usingPostgres())(
    "send pressed on two app instances (two connection pools on one Postgres): one send",
    async () => {
      const w = await createSendingWorld(db, { signers: 2 });
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${handle.name}`;
      const second = await openDb({ url: url.toString(), migrate: false });
      try {
        const attempts = Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? second.db : db).transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id })),
        );
        const values = await Promise.all(attempts);
        expect(values.filter((v) => v.ok)).toHaveLength(1);
        expect(await db.select().from(sends).where(eq(sends.letterId, w.letter.id))).toHaveLength(1);
        expect(
          await db
            .select()
            .from(emails)
            .where(and(eq(emails.letterId, w.letter.id), eq(emails.kind, "letter"))),
        ).toHaveLength(3);
      } finally {
        await second.close();
      }
    },
  );

  it("the notices go out in batches of at most 100, one address per message", async () => {
    const w = await createSendingWorld(db, { signers: 149 });
    const result = await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }));
    if (!result.ok) throw new Error(result.error);
    expect(result.notices).toBe(150);
    const batchJobs = await db.select().from(jobs).where(eq(jobs.queue, "email.batch"));
    expect(batchJobs.map((j) => (j.payload as { emailIds: string[] }).emailIds.length).sort((a, b) => a - b)).toEqual([
      50, 100,
    ]);
    await drain(db);
    const notices = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, w.letter.id), eq(emails.kind, "signatory-notice")));
    expect(notices.every((n) => n.status === "sent")).toBe(true);
  });
});
