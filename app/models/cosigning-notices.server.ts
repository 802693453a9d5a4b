/**
 * Emails about signatures already given: the text was corrected (signature carries over), the text
 * changed (please re-confirm, with a fresh personal link), and "confirm a signature your staff gave".
 * Each is one message to one person, queued in the caller's transaction.
 */
import { createElement } from "react";
import { eq } from "drizzle-orm";
import { offices } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { isLocale, type Locale } from "#app/i18n/locales";
import { queueEmail, renderEmail } from "#app/infra/mailer.server";
import { publicUrl } from "#app/services/notifications.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { signatureStatus } from "#app/domain/signature-status";
import { CosigningNoticeEmail, cosigningNoticeSubject, type CosigningNoticeEmailProps } from "#emails/cosigning-notice";
import { listLinkSigners, listVersionKinds, rotateInvitationToken } from "./signing.server";

type LetterLike = { id: string; officeId: string; subject: string; language: string };

const localeOf = (letter: { language: string }): Locale => (isLocale(letter.language) ? letter.language : "en");

async function officeOf(db: Queryable, officeId: string) {
  const [o] = await db
    .select({ name: offices.name, contactEmail: offices.contactEmail })
    .from(offices)
    .where(eq(offices.id, officeId))
    .limit(1);
  return o ?? { name: "", contactEmail: null };
}

async function queueNotice(
  tx: Queryable,
  letter: LetterLike,
  to: { email: string; name: string },
  props: Omit<CosigningNoticeEmailProps, "locale" | "officeName" | "letterSubject">,
  office: { name: string; contactEmail: string | null },
  idempotencyKey: string,
) {
  const full: CosigningNoticeEmailProps = {
    ...props,
    locale: localeOf(letter),
    officeName: office.name,
    letterSubject: letter.subject,
  };
  const { html, text } = await renderEmail(createElement(CosigningNoticeEmail, full));
  return queueEmail(tx, {
    kind: `cosign-${props.variant}`,
    to,
    subject: cosigningNoticeSubject(full),
    html,
    text,
    officeId: letter.officeId,
    letterId: letter.id,
    replyTo: office.contactEmail,
    idempotencyKey,
  });
}

/**
 * Tells everyone who signed through a personal link about a newly published version: a signature
 * that carries over (editorial changes only) gets the "text corrected" notice; one that now needs
 * re-confirmation gets a request with a new personal link (the old one stops working: only the hash
 * of a link is stored). Call it in the publishing transaction, after `publishVersion`.
 */
export async function notifySignersOfNewVersion(
  tx: Queryable,
  input: { letter: LetterLike; version: { id: string; number: number; kind: string }; now?: Date },
): Promise<{ corrected: number; reconfirm: number }> {
  const counts = { corrected: 0, reconfirm: 0 };
  if (input.version.kind === "initial") return counts;
  const scope = { letterId: input.letter.id, officeId: input.letter.officeId };
  const [signers, versions, office] = await Promise.all([
    listLinkSigners(tx, scope),
    listVersionKinds(tx, input.letter.id),
    officeOf(tx, input.letter.officeId),
  ]);
  for (const s of signers) {
    if (s.signedNumber >= input.version.number) continue;
    const status = signatureStatus(versions, s.signedNumber);
    const key = `version-notice:${input.version.id}:${s.signatureId}`;
    const to = { email: s.inviteeEmail, name: s.inviteeName };
    if (status === "carried") {
      await queueNotice(
        tx,
        input.letter,
        to,
        {
          variant: "corrected",
          recipientName: s.inviteeName,
          number: input.version.number,
          signedNumber: s.signedNumber,
        },
        office,
        key,
      );
      counts.corrected++;
    } else if (status === "needs-reconfirm") {
      const rotated = await rotateInvitationToken(tx, s.invitationId, input.now);
      if (!rotated) continue;
      await queueNotice(
        tx,
        input.letter,
        to,
        {
          variant: "reconfirm",
          recipientName: s.inviteeName,
          number: input.version.number,
          signedNumber: s.signedNumber,
          url: publicUrl(`/sign/${rotated.token}`),
        },
        office,
        key,
      );
      counts.reconfirm++;
    }
  }
  return counts;
}

/** Emails the Member the link to confirm (or reject) a signature their staff gave; to the Member's directory address only. */
export async function sendMemberConfirmationEmail(
  tx: Queryable,
  input: { letter: LetterLike; mep: { name: string; email: string }; signerName: string; token: string },
) {
  const office = await officeOf(tx, input.letter.officeId);
  return queueNotice(
    tx,
    input.letter,
    input.mep,
    {
      variant: "confirm-request",
      recipientName: input.mep.name,
      signerName: input.signerName,
      url: publicUrl(`/confirm/${input.token}`),
    },
    office,
    `confirm-request:${sha256Hex(input.token)}`,
  );
}
