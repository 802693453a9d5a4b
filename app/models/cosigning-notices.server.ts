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
import { CosigningNoticeEmail, cosigningNoticeSubject, type CosigningNoticeEmailProps } from "#emails/cosigning-notice";

export type LetterLike = { id: string; officeId: string; subject: string; language: string };

const localeOf = (letter: { language: string }): Locale => (isLocale(letter.language) ? letter.language : "en");

export async function officeOfLetter(db: Queryable, officeId: string) {
  const [o] = await db
    .select({ name: offices.name, contactEmail: offices.contactEmail })
    .from(offices)
    .where(eq(offices.id, officeId))
    .limit(1);
  return o ?? { name: "", contactEmail: null };
}

/** One notice to one person, queued in the caller's transaction. */
export async function queueCosigningNotice(
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

/** Emails the Member the link to confirm (or reject) a signature their staff gave; to the Member's directory address only. */
export async function sendMemberConfirmationEmail(
  tx: Queryable,
  input: { letter: LetterLike; mep: { name: string; email: string }; signerName: string; token: string },
) {
  const office = await officeOfLetter(tx, input.letter.officeId);
  return queueCosigningNotice(
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
