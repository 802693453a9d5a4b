/**
 * Sending the final letter, once. The slow part (the PDF and every email) is rendered before the letter's row
 * lock is taken, from the same checklist the office saw; under the lock the checklist is read again and, only if
 * it still produces the identical document and recipients, the send is recorded, the document frozen (in the
 * append-only "letter.sent" audit event) and one email per recipient plus one notice per signatory queued.
 * If something changed in between (a signature, an addressee), the rendering is done again.
 *
 * The PDF is never stored: it is rendered again, byte for byte, from the frozen document whenever it is needed
 * (the email attachment on every retry, downloads, the verification hash).
 */
import { randomUUID } from "node:crypto";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { isUniqueViolation } from "#app/infra/errors.server";
import type { OutgoingEmail } from "#app/infra/mailer.server";
import { lockLetter } from "#app/models/letters.server";
import type { Actor } from "#app/models/scope";
import {
  isRecentlyVerified,
  letterDocumentFrom,
  recordSend,
  sendReadiness,
  signatoryPdfPath,
  type FrozenSignatory,
  type NotReadyReason,
  type Readiness,
} from "#app/models/sending.server";
import type { LetterDocument } from "#app/pdf/letter-document";
import { renderLetterPdf } from "#app/pdf/letter-pdf.server";
import { publicUrl, queueRendered, renderLetterEmails, renderSignatoryNotices } from "./notifications.server";
import { fullName } from "#app/domain/names";

export type SendResult =
  | { ok: true; sendId: string; emails: number; notices: number; pdfSha256: string }
  | { ok: false; error: "not-found" | "already-sent" | "version-changed" | "reauth-required" }
  | { ok: false; error: "not-ready"; reasons: NotReadyReason[] };

type Prepared = {
  sendId: string;
  fingerprint: string;
  document: LetterDocument;
  pdfSha256: string;
  htmlSha256: string;
  letters: OutgoingEmail[];
  notices: OutgoingEmail[];
};

/** What the rendered output depends on: if this is unchanged under the lock, the prepared messages are right. */
function fingerprintOf(ready: Readiness, document: LetterDocument) {
  return JSON.stringify({
    document,
    version: ready.version?.id,
    recipients: ready.recipients.map((r) => [r.id, r.email, r.name, r.role, r.institution, r.kind]),
    signatories: ready.signatories.map((s) => [s.signatureId, s.email]),
    replyTo: ready.sender.replyTo,
    office: ready.office?.name,
  });
}

async function prepare(ready: Readiness, now: Date): Promise<Prepared> {
  const version = ready.version!;
  const office = ready.office!;
  const letter = ready.letter;
  const sendId = randomUUID();
  const document = letterDocumentFrom(ready, now);
  const pdf = await renderLetterPdf(document);
  const mailLetter = { id: letter.id, officeId: letter.officeId, subject: version.subject, language: letter.language };
  const mailOffice = { name: office.name, contactEmail: office.contactEmail };
  const replyTo = ready.sender.replyTo;
  const letterEmails = await renderLetterEmails(
    {
      letter: { ...mailLetter, verificationCode: letter.verificationCode },
      office: mailOffice,
      replyTo,
      place: document.place,
      date: now,
      addressees: document.addressees,
      salutations: document.salutations,
      cc: document.cc ?? [],
      bodyHtml: version.html,
      signatoryLines:
        document.undersigned.format === "by-group"
          ? document.undersigned.sections.flatMap((s) => s.names)
          : document.undersigned.lines,
      reference: document.reference,
      versionHash: version.sha256,
      verifyUrl: document.verifyUrl,
    },
    ready.recipients,
    (recipientId) => `letter:${sendId}:${recipientId}`,
  );
  const notices = await renderSignatoryNotices(
    {
      letter: mailLetter,
      office: mailOffice,
      replyTo,
      sentAt: now,
      addressees: version.addressees.map((a) => [a.name, a.role].filter(Boolean).join(", ")),
      pdfUrl: publicUrl(signatoryPdfPath(letter.verificationCode, sendId)),
      verifyUrl: document.verifyUrl,
    },
    ready.signatories.map((s) => ({ mepId: s.mepId, email: s.email, name: fullName(s) })),
    (mepId) => `notice:${sendId}:${mepId}`,
  );
  return {
    sendId,
    fingerprint: fingerprintOf(ready, document),
    document,
    pdfSha256: sha256Hex(pdf),
    htmlSha256: sha256Hex(version.html),
    letters: letterEmails,
    notices,
  };
}

type Check = { ok: true; ready: Readiness } | Exclude<SendResult, { ok: true }>;

function check(ready: Readiness | null, expectedVersionHash: string | undefined): Check {
  if (!ready || !ready.office) return { ok: false, error: "not-found" };
  if (ready.letter.status === "sent") return { ok: false, error: "already-sent" };
  if (expectedVersionHash && ready.version && ready.version.sha256 !== expectedVersionHash)
    return { ok: false, error: "version-changed" };
  if (ready.problems.length || !ready.version) return { ok: false, error: "not-ready", reasons: ready.problems };
  return { ok: true, ready };
}

/**
 * Sends the letter, once. `db` may be the database or a transaction (then the send runs in a savepoint).
 * `expectedVersionHash` is the final version the office reviewed; if another version was published since, nothing
 * is sent. `sessionVerifiedAt` is checked against REAUTH_MINUTES (the route redirects to /reauth before this).
 * Concurrent presses (and other app instances) take turns on the letter's row lock; the unique send per letter
 * is the backstop.
 */
export async function sendLetter(
  db: Queryable,
  actor: Actor,
  input: { letterId: string; expectedVersionHash?: string; sessionVerifiedAt?: Date; now?: Date },
): Promise<SendResult> {
  const now = input.now ?? new Date();
  if (input.sessionVerifiedAt && !isRecentlyVerified(input.sessionVerifiedAt, now))
    return { ok: false, error: "reauth-required" };
  const scope = { letterId: input.letterId, officeId: actor.officeId };
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = check(await sendReadiness(db, scope, now), input.expectedVersionHash);
    if (!before.ok) return before;
    const prepared = await prepare(before.ready, now);
    const result = await db.transaction(async (tx): Promise<SendResult | "changed"> => {
      const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
      if (!letter) return { ok: false, error: "not-found" };
      const now2 = check(await sendReadiness(tx, scope, now), input.expectedVersionHash);
      if (!now2.ok) return now2;
      const ready = now2.ready;
      if (fingerprintOf(ready, letterDocumentFrom(ready, now)) !== prepared.fingerprint) return "changed";
      try {
        await recordSend(tx, actor, {
          id: prepared.sendId,
          letterId: letter.id,
          versionId: ready.version!.id,
          signatoryCount: ready.signatories.length,
          pdfSha256: prepared.pdfSha256,
          htmlSha256: prepared.htmlSha256,
          createdAt: now,
        });
      } catch (e) {
        if (isUniqueViolation(e)) return { ok: false, error: "already-sent" };
        throw e;
      }
      await queueRendered(tx, prepared.letters);
      await queueRendered(tx, prepared.notices, { batch: true });
      await audit(tx, {
        officeId: actor.officeId,
        letterId: letter.id,
        actorUserId: actor.userId,
        action: "letter.sent",
        data: {
          sendId: prepared.sendId,
          version: ready.version!.number,
          versionHash: ready.version!.sha256,
          signatories: ready.signatories.length,
          recipients: prepared.letters.length,
          notices: prepared.notices.length,
          pdfSha256: prepared.pdfSha256,
          htmlSha256: prepared.htmlSha256,
          document: prepared.document,
          // Who is in the letter, frozen with it: every later list of signatories is read from here.
          signatoryList: ready.signatories.map((s): FrozenSignatory => ({
            signatureId: s.signatureId,
            mepId: s.mepId,
            givenName: s.givenName,
            familyName: s.familyName,
            group: s.group,
            country: s.country,
            capacity: s.signerCapacity,
            method: s.method,
          })),
        },
      });
      return {
        ok: true,
        sendId: prepared.sendId,
        emails: prepared.letters.length,
        notices: prepared.notices.length,
        pdfSha256: prepared.pdfSha256,
      };
    });
    if (result !== "changed") return result;
  }
  // Three renderings in a row were overtaken by changes: let the office look again.
  return { ok: false, error: "version-changed" };
}
