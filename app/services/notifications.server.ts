/**
 * Composes the app's messages (template + subject + links) and queues them in the caller's
 * transaction. Links are built from PUBLIC_ORIGIN, never from the request.
 */
import { createElement } from "react";
import type { Queryable } from "#db/client.server";
import type { Locale } from "#app/i18n/locales";
import { isLocale } from "#app/i18n/locales";
import { LoginCodeEmail, loginCodeSubject } from "#emails/login-code";
import { InvitationEmail, invitationSubject } from "#emails/invitation";
import { getEnv } from "#app/infra/env.server";
import { queueEmail, renderEmail } from "#app/infra/mailer.server";

export function publicUrl(path: string) {
  return new URL(path, getEnv().PUBLIC_ORIGIN).toString();
}

export async function sendLoginCodeEmail(
  tx: Queryable,
  input: { email: string; name: string; code: string; linkToken: string; locale?: Locale },
) {
  const locale = input.locale ?? "en";
  const props = { locale, code: input.code, magicLink: publicUrl(`/login/link/${input.linkToken}`), validMinutes: 10 };
  const { html, text } = await renderEmail(createElement(LoginCodeEmail, props));
  return queueEmail(tx, {
    kind: "login-code",
    to: { email: input.email, name: input.name },
    subject: loginCodeSubject(props),
    html,
    text,
  });
}

export async function sendInvitationEmail(
  tx: Queryable,
  input: {
    letter: { id: string; subject: string; language: string; signatureDeadline: Date | null; officeId: string };
    office: { name: string; contactEmail: string | null };
    inviter: { name: string; email: string };
    invitee: { name: string; email: string };
    token: string;
  },
) {
  const locale: Locale = isLocale(input.letter.language) ? input.letter.language : "en";
  const props = {
    locale,
    inviteeName: input.invitee.name,
    officeName: input.office.name,
    inviterName: input.inviter.name,
    letterSubject: input.letter.subject,
    signUrl: publicUrl(`/sign/${input.token}`),
    deadline: input.letter.signatureDeadline,
    contact: { name: input.inviter.name, email: input.office.contactEmail ?? input.inviter.email },
  };
  const { html, text } = await renderEmail(createElement(InvitationEmail, props));
  return queueEmail(tx, {
    kind: "invitation",
    to: { email: input.invitee.email, name: input.invitee.name },
    subject: invitationSubject(props),
    html,
    text,
    officeId: input.letter.officeId,
    letterId: input.letter.id,
    replyTo: input.office.contactEmail ?? input.inviter.email,
  });
}
