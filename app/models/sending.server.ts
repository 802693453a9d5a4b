/**
 * Sending the final letter: a readiness check, then one transaction that locks the letter,
 * records the single send (unique per letter), and queues one email per addressee.
 */
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { letters, offices, sends } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/utils/audit.server";
import { queueEmail, renderEmail } from "#app/utils/mailer.server";
import { publicUrl } from "#app/utils/notify.server";
import { isLocale } from "#app/i18n/locales";
import { LetterToAddresseeEmail, letterToAddresseeSubject } from "#emails/letter-to-addressee";
import { getCurrentVersion, listAddressees, lockLetter } from "./letters.server";
import { listSignatures } from "./signing.server";
import { isUniqueViolation } from "#app/utils/errors.server";

type Actor = { userId: string; officeId: string };
export type NotReadyReason = "send.reason.noVersion" | "send.reason.noSignatures" | "send.reason.noEmails";

export async function sendReadiness(db: Queryable, scope: { letterId: string; officeId: string }) {
  const version = await getCurrentVersion(db, scope.letterId);
  const addressees = await listAddressees(db, scope);
  const sigs = await listSignatures(db, scope);
  const bound = version ? sigs.filter((s) => s.versionHash === version.sha256) : [];
  const withEmail = addressees.filter((a) => a.email);
  const missingEmail = addressees.filter((a) => a.kind === "to" && !a.email);
  const problems: NotReadyReason[] = [];
  if (!version) problems.push("send.reason.noVersion");
  if (!bound.length) problems.push("send.reason.noSignatures");
  if (!withEmail.length) problems.push("send.reason.noEmails");
  return { version, addressees, withEmail, missingEmail, signatures: bound, otherSignatures: sigs.length - bound.length, problems };
}

export type SendResult = { ok: true; sendId: string; emails: number } | { ok: false; error: "not-found" | "already-sent" | "not-ready"; reasons?: NotReadyReason[] };

export async function sendLetter(tx: Queryable, actor: Actor, input: { letterId: string; now?: Date }): Promise<SendResult> {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false, error: "not-found" };
  if (letter.status === "sent") return { ok: false, error: "already-sent" };
  const ready = await sendReadiness(tx, { letterId: letter.id, officeId: actor.officeId });
  if (ready.problems.length || !ready.version) return { ok: false, error: "not-ready", reasons: ready.problems };
  const version = ready.version;
  const now = input.now ?? new Date();
  let sendId: string;
  try {
    const [row] = await tx
      .insert(sends)
      .values({ letterId: letter.id, officeId: actor.officeId, versionId: version.id, requestedBy: actor.userId, status: "sending", signatoryCount: ready.signatures.length, createdAt: now })
      .returning({ id: sends.id });
    sendId = row.id;
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, error: "already-sent" };
    throw e;
  }
  await tx.update(letters).set({ status: "sent", sentAt: now, updatedAt: now }).where(eq(letters.id, letter.id));

  const [office] = await tx.select({ name: offices.name, mepId: offices.mepId, contactEmail: offices.contactEmail }).from(offices).where(eq(offices.id, actor.officeId));
  // The office's own MEP leads the list; everyone else follows in EP order (listSignatures sorts by sort key).
  const ordered = [...ready.signatures].sort((a, b) => Number(b.mepId === office.mepId) - Number(a.mepId === office.mepId));
  const signatories = ordered.map((s) => ({
    name: `${s.givenName} ${s.familyName}`,
    description: `Member of the European Parliament, ${s.group}, ${s.country}`,
    onBehalfOf: null,
  }));
  const locale = isLocale(letter.language) ? letter.language : "en";
  const salutation = ready.addressees.filter((a) => a.kind === "to" && a.salutation).map((a) => a.salutation).join(", ") + ",";
  let count = 0;
  for (const a of ready.withEmail) {
    const props = {
      locale,
      subject: version.subject,
      officeName: office.name,
      addressee: { name: a.name, role: a.role, institution: a.institution },
      place: letter.placeLine ?? "Brussels",
      date: now,
      salutation,
      bodyHtml: version.html,
      signatories,
      reference: letter.ourReference ?? letter.id.slice(0, 8),
      versionHash: version.sha256,
      verificationCode: letter.verificationCode,
      verifyUrl: publicUrl(`/verify/${letter.verificationCode}`),
    };
    const { html, text } = await renderEmail(createElement(LetterToAddresseeEmail, props));
    await queueEmail(tx, {
      kind: "letter",
      to: { email: a.email!, name: a.name },
      subject: letterToAddresseeSubject(props),
      html,
      text,
      officeId: actor.officeId,
      letterId: letter.id,
      replyTo: office.contactEmail,
      idempotencyKey: `letter:${sendId}:${a.id}`,
    });
    count++;
  }
  await audit(tx, { officeId: actor.officeId, letterId: letter.id, actorUserId: actor.userId, action: "letter.sent", data: { sendId, version: version.number, versionHash: version.sha256, signatories: ready.signatures.length, recipients: count } });
  return { ok: true, sendId, emails: count };
}
