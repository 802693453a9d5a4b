/**
 * Every email the app sends is composed here: which template, in which language, with which links, to whom.
 * Each function renders its React Email template and queues the message in the caller's transaction, so a
 * rolled-back change sends nothing. Links are built from PUBLIC_ORIGIN, never from the request.
 *
 * Language: messages about a letter are in the letter's language (English when it is not an EU one); sign-in
 * messages are in the user's. `localeOrEnglish` is the one place that rule is written.
 */
import { createElement, type ReactElement } from "react";
import type { Queryable } from "#db/client.server";
import { localeOrEnglish, type Locale } from "#app/i18n/locales";
import { translate, type MessageKey } from "#app/i18n";
import { publicUrl } from "#app/infra/public-url.server";
import { sha256Hex } from "#app/infra/crypto.server";
import {
  cleanHeaderText,
  listUnsubscribeHeaders,
  queueEmail,
  queueEmailsBatch,
  renderEmail,
  type OutgoingEmail,
} from "#app/infra/mailer.server";
import { escapeHtml } from "#app/infra/html";
import { getOffice } from "#app/models/offices.server";
import { LoginCodeEmail, loginCodeSubject } from "#emails/login-code";
import { InvitationEmail, invitationSubject } from "#emails/invitation";
import { ReminderEmail, reminderSubject } from "#emails/reminder";
import { CosigningNoticeEmail, cosigningNoticeSubject, type CosigningNoticeEmailProps } from "#emails/cosigning-notice";
import { LetterToAddresseeEmail, letterToAddresseeSubject } from "#emails/letter-to-addressee";
import { SignatoryNoticeEmail, signatoryNoticeSubject } from "#emails/signatory-notice";
import { OfficeInvitationEmail, officeInvitationSubject } from "#emails/office-invitation";
import { ReplyAlertEmail, replyAlertSubject, type ReplyAlertEmailProps } from "#emails/reply-alert";
import { ReplyNudgeEmail, replyNudgeSubject, type ReplyNudgeEmailProps } from "#emails/reply-nudge";
import { ReplyDigestEmail, replyDigestSubject, type ReplyDigestEmailProps } from "#emails/reply-digest";
import { QuestionAlertEmail, questionAlertSubject, type QuestionAlertEmailProps } from "#emails/question-alert";

export { publicUrl };

/** The letter fields every letter-related message needs. */
export type LetterForMail = { id: string; officeId: string; subject: string; language: string };
export type OfficeForMail = { name: string; contactEmail: string | null };
type Person = { email: string; name: string };

async function render(element: ReactElement) {
  return renderEmail(element);
}

// ---------------------------------------------------------------- sign-in

export async function sendLoginCodeEmail(
  tx: Queryable,
  input: { email: string; name: string; code: string; linkToken: string; locale?: Locale },
) {
  const props = {
    locale: input.locale ?? "en",
    code: input.code,
    magicLink: publicUrl(`/login/link/${input.linkToken}`),
    validMinutes: 10,
  };
  const { html, text } = await render(createElement(LoginCodeEmail, props));
  return queueEmail(tx, {
    kind: "login-code",
    to: { email: input.email, name: input.name },
    secrets: [input.code, input.linkToken],
    subject: loginCodeSubject(props),
    html,
    text,
  });
}

// ---------------------------------------------------------------- joining an office

/**
 * The invitation to join an office: its link is the only way in, kept sealed like every personal link. The
 * message is the office's own (the office's administrators see it in the development outbox); in the
 * person's language when they already have an account with one, otherwise English.
 */
export async function sendOfficeInvitationEmail(
  tx: Queryable,
  input: {
    office: { id: string; name: string };
    inviter: { name: string } | null;
    invitee: Person & { role: "mep" | "staff" | "campaign_lead" | "admin"; locale?: string | null };
    token: string;
    validDays: number;
  },
) {
  const props = {
    locale: localeOrEnglish(input.invitee.locale ?? "en"),
    inviteeName: input.invitee.name,
    officeName: input.office.name,
    inviterName: input.inviter?.name ?? null,
    role: input.invitee.role,
    joinUrl: publicUrl(`/join/${input.token}`),
    validDays: input.validDays,
  };
  const { html, text } = await render(createElement(OfficeInvitationEmail, props));
  return queueEmail(tx, {
    kind: "office-invitation",
    to: { email: input.invitee.email, name: input.invitee.name },
    secrets: [input.token],
    subject: officeInvitationSubject(props),
    html,
    text,
    officeId: input.office.id,
  });
}

// ---------------------------------------------------------------- invitations and reminders

export async function sendInvitationEmail(
  tx: Queryable,
  input: {
    letter: LetterForMail & { signatureDeadline: Date | null };
    office: OfficeForMail;
    inviter: Person;
    invitee: Person;
    token: string;
  },
) {
  const props = {
    locale: localeOrEnglish(input.letter.language),
    inviteeName: input.invitee.name,
    officeName: input.office.name,
    inviterName: input.inviter.name,
    letterSubject: input.letter.subject,
    signUrl: publicUrl(`/sign/${input.token}`),
    deadline: input.letter.signatureDeadline,
    contact: { name: input.inviter.name, email: input.office.contactEmail ?? input.inviter.email },
  };
  const { html, text } = await render(createElement(InvitationEmail, props));
  return queueEmail(tx, {
    kind: "invitation",
    to: input.invitee,
    secrets: [input.token],
    subject: invitationSubject(props),
    html,
    text,
    officeId: input.letter.officeId,
    letterId: input.letter.id,
    replyTo: input.office.contactEmail ?? input.inviter.email,
  });
}

export async function sendReminderEmail(
  tx: Queryable,
  input: {
    letter: LetterForMail & { signatureDeadline: Date | null };
    office: OfficeForMail;
    invitee: Person;
    token: string;
    unsubscribeToken: string;
    idempotencyKey: string;
  },
) {
  const unsubscribeUrl = publicUrl(`/unsubscribe/${input.unsubscribeToken}`);
  const props = {
    locale: localeOrEnglish(input.letter.language),
    inviteeName: input.invitee.name,
    officeName: input.office.name,
    letterSubject: input.letter.subject,
    signUrl: publicUrl(`/sign/${input.token}`),
    deadline: input.letter.signatureDeadline,
    unsubscribeUrl,
  };
  const { html, text } = await render(createElement(ReminderEmail, props));
  return queueEmail(tx, {
    kind: "reminder",
    to: input.invitee,
    secrets: [input.token, input.unsubscribeToken],
    subject: reminderSubject(props),
    html,
    text,
    officeId: input.letter.officeId,
    letterId: input.letter.id,
    replyTo: input.office.contactEmail,
    headers: listUnsubscribeHeaders(unsubscribeUrl),
    idempotencyKey: input.idempotencyKey,
  });
}

// ---------------------------------------------------------------- notices about a signature already given

type NoticeProps = Omit<CosigningNoticeEmailProps, "locale" | "officeName" | "letterSubject">;

async function sendCosigningNotice(
  tx: Queryable,
  input: {
    letter: LetterForMail;
    office: OfficeForMail;
    to: Person;
    notice: NoticeProps;
    idempotencyKey: string;
    /** The personal token in the notice's link (stored sealed only). */
    token: string;
  },
) {
  const props: CosigningNoticeEmailProps = {
    ...input.notice,
    locale: localeOrEnglish(input.letter.language),
    officeName: input.office.name,
    letterSubject: input.letter.subject,
  };
  const { html, text } = await render(createElement(CosigningNoticeEmail, props));
  return queueEmail(tx, {
    kind: `cosign-${input.notice.variant}`,
    to: input.to,
    subject: cosigningNoticeSubject(props),
    html,
    text,
    officeId: input.letter.officeId,
    letterId: input.letter.id,
    replyTo: input.office.contactEmail,
    idempotencyKey: input.idempotencyKey,
    secrets: [input.token],
  });
}

/**
 * "The text you signed was corrected" (the signature carries over; the changed words are listed and the personal
 * link offers withdrawing in one click) or "the text changed, please re-confirm" (with a fresh personal link).
 */
export function sendVersionNotice(
  tx: Queryable,
  input: {
    letter: LetterForMail;
    office: OfficeForMail;
    to: Person;
    variant: "corrected" | "reconfirm";
    number: number;
    signedNumber: number;
    token: string;
    changes?: CosigningNoticeEmailProps["changes"];
    idempotencyKey: string;
  },
) {
  return sendCosigningNotice(tx, {
    letter: input.letter,
    office: input.office,
    to: input.to,
    idempotencyKey: input.idempotencyKey,
    token: input.token,
    notice: {
      variant: input.variant,
      recipientName: input.to.name,
      number: input.number,
      signedNumber: input.signedNumber,
      url: publicUrl(`/sign/${input.token}`),
      ...(input.variant === "corrected" ? { changes: input.changes ?? [] } : {}),
    },
  });
}

/** The office's name and reply address as messages show them. */
export async function officeForMail(db: Queryable, officeId: string): Promise<OfficeForMail> {
  const o = await getOffice(db, officeId);
  return { name: o?.name ?? "", contactEmail: o?.contactEmail ?? null };
}

/**
 * Tells the Member (at the directory address only) that staff signed on their behalf: the fingerprint of the text
 * signed, whether the signature waits for them, and a link to confirm or to say "this was not me" (withdraws it).
 */
export async function sendMemberConfirmationEmail(
  tx: Queryable,
  input: {
    letter: LetterForMail;
    office?: OfficeForMail;
    mep: Person;
    signerName: string;
    token: string;
    versionHash?: string;
    required?: boolean;
  },
) {
  return sendCosigningNotice(tx, {
    letter: input.letter,
    office: input.office ?? (await officeForMail(tx, input.letter.officeId)),
    to: input.mep,
    token: input.token,
    notice: {
      variant: "confirm-request",
      recipientName: input.mep.name,
      signerName: input.signerName,
      url: publicUrl(`/confirm/${input.token}`),
      fingerprint: input.versionHash ?? null,
      confirmationRequired: input.required ?? true,
    },
    idempotencyKey: `confirm-request:${sha256Hex(input.token)}`,
  });
}

// ---------------------------------------------------------------- the letter itself, when it is sent

export type LetterRecipient = {
  id: string;
  email: string;
  name: string;
  role: string | null;
  institution: string | null;
};
export type LetterMailContent = {
  letter: LetterForMail & { verificationCode: string };
  office: OfficeForMail;
  replyTo: string | null;
  place: string;
  date: Date;
  /** The letter's addressees, named at its head in every copy. */
  addressees: Array<{ name: string; role: string | null; institution: string | null }>;
  salutations: string[];
  cc: string[];
  bodyHtml: string;
  signatoryLines: string[];
  reference: string;
  versionHash: string;
  verifyUrl: string;
};

/**
 * Renders one message per addressee (to and cc alike; the PDF is attached by the mailer). Pure rendering, no
 * database: the send workflow calls it before it takes the letter's lock, then queues the result.
 */
export async function renderLetterEmails(
  content: LetterMailContent,
  recipients: LetterRecipient[],
  idempotencyKey: (recipientId: string) => string,
): Promise<OutgoingEmail[]> {
  const out: OutgoingEmail[] = [];
  for (const a of recipients) {
    const props = {
      locale: localeOrEnglish(content.letter.language),
      subject: content.letter.subject,
      officeName: content.office.name,
      addressees: content.addressees,
      place: content.place,
      date: content.date,
      salutations: content.salutations,
      cc: content.cc,
      bodyHtml: content.bodyHtml,
      signatories: content.signatoryLines.map((name) => ({ name })),
      reference: content.reference,
      versionHash: content.versionHash,
      verificationCode: content.letter.verificationCode,
      verifyUrl: content.verifyUrl,
      hasAttachment: true,
    };
    const { html, text } = await render(createElement(LetterToAddresseeEmail, props));
    out.push({
      kind: "letter",
      to: { email: a.email, name: a.name },
      subject: letterToAddresseeSubject(props),
      html,
      text,
      officeId: content.letter.officeId,
      letterId: content.letter.id,
      replyTo: content.replyTo,
      idempotencyKey: idempotencyKey(a.id),
    });
  }
  return out;
}

const NOTICE_NAME_MARK = "ZZSIGNATORYNAMEZZ";

/**
 * Renders the "the letter went out" notice once and fills in each signatory's name (one message per person,
 * never two addresses in a message; duplicates by address are dropped). No database, like renderLetterEmails.
 */
export async function renderSignatoryNotices(
  input: {
    letter: LetterForMail;
    office: OfficeForMail;
    replyTo: string | null;
    sentAt: Date;
    addressees: string[];
    pdfUrl: string;
    verifyUrl: string;
  },
  signatories: { mepId: number; email: string | null; name: string }[],
  idempotencyKey: (mepId: number) => string,
): Promise<OutgoingEmail[]> {
  const props = {
    locale: localeOrEnglish(input.letter.language),
    signatoryName: NOTICE_NAME_MARK,
    officeName: input.office.name,
    letterSubject: input.letter.subject,
    sentAt: input.sentAt,
    signatoryCount: signatories.length,
    addressees: input.addressees,
    pdfUrl: input.pdfUrl,
    verifyUrl: input.verifyUrl,
  };
  const notice = await render(createElement(SignatoryNoticeEmail, props));
  const subject = signatoryNoticeSubject(props);
  const seen = new Set<string>();
  const out: OutgoingEmail[] = [];
  for (const s of signatories) {
    const address = s.email?.trim().toLowerCase();
    if (!address || seen.has(address)) continue;
    seen.add(address);
    const name = cleanHeaderText(s.name, 200);
    out.push({
      kind: "signatory-notice",
      to: { email: address, name },
      subject,
      html: notice.html.split(NOTICE_NAME_MARK).join(escapeHtml(name)),
      text: notice.text.split(NOTICE_NAME_MARK).join(name),
      officeId: input.letter.officeId,
      letterId: input.letter.id,
      replyTo: input.replyTo,
      idempotencyKey: idempotencyKey(s.mepId),
    });
  }
  return out;
}

/** Queues messages rendered earlier (by renderLetterEmails / renderSignatoryNotices) in the caller's transaction. */
export async function queueRendered(tx: Queryable, messages: OutgoingEmail[], opts: { batch?: boolean } = {}) {
  if (!messages.length) return [];
  if (opts.batch) return queueEmailsBatch(tx, messages);
  const out = [];
  for (const m of messages) out.push(await queueEmail(tx, m));
  return out;
}

// ---------------------------------------------------------------- replies: alerts, "did they reply?", digest

/** A staff member the reply clock writes to, in their own language (English when they chose none). */
export type StaffRecipient = { email: string; name: string; locale: string | null };
type StaffMessage = { officeId: string; letterId?: string; idempotencyKey: string };

/** The unsubscribe link of an alert kind; its token is a secret of the message. */
const unsubscribeLink = (token: string) => publicUrl(`/unsubscribe/replies/${token}`);

/** "Did they reply?": three one-click answers, each behind the personal nudge token. */
export async function sendReplyNudgeEmail(
  tx: Queryable,
  input: StaffMessage & {
    to: StaffRecipient;
    content: Omit<ReplyNudgeEmailProps, "locale" | "recipientName" | "answerUrls" | "unsubscribeUrl">;
    answerToken: string;
    unsubscribeToken: string;
  },
) {
  const answer = publicUrl(`/replied/${input.answerToken}`);
  const unsubscribeUrl = unsubscribeLink(input.unsubscribeToken);
  const props: ReplyNudgeEmailProps = {
    ...input.content,
    locale: localeOrEnglish(input.to.locale),
    recipientName: input.to.name,
    answerUrls: {
      yes: `${answer}?answer=yes`,
      notYet: `${answer}?answer=not-yet`,
      notExpected: `${answer}?answer=not-expected`,
    },
    unsubscribeUrl,
  };
  const { html, text } = await render(createElement(ReplyNudgeEmail, props));
  return queueEmail(tx, {
    kind: "reply-nudge",
    to: input.to,
    secrets: [input.answerToken, input.unsubscribeToken],
    subject: replyNudgeSubject(props),
    html,
    text,
    officeId: input.officeId,
    letterId: input.letterId,
    headers: listUnsubscribeHeaders(unsubscribeUrl),
    idempotencyKey: input.idempotencyKey,
  });
}

/** An addressee's reply is overdue or very overdue. */
export async function sendReplyAlertEmail(
  tx: Queryable,
  input: StaffMessage & {
    to: StaffRecipient;
    content: Omit<ReplyAlertEmailProps, "locale" | "recipientName" | "repliesUrl" | "unsubscribeUrl">;
    unsubscribeToken: string;
  },
) {
  const unsubscribeUrl = unsubscribeLink(input.unsubscribeToken);
  const props: ReplyAlertEmailProps = {
    ...input.content,
    locale: localeOrEnglish(input.to.locale),
    recipientName: input.to.name,
    repliesUrl: publicUrl(`/letters/${input.letterId}/replies`),
    unsubscribeUrl,
  };
  const { html, text } = await render(createElement(ReplyAlertEmail, props));
  return queueEmail(tx, {
    kind: `reply-${input.content.level}`,
    to: input.to,
    secrets: [input.unsubscribeToken],
    subject: replyAlertSubject(props),
    html,
    text,
    officeId: input.officeId,
    letterId: input.letterId,
    headers: listUnsubscribeHeaders(unsubscribeUrl),
    idempotencyKey: input.idempotencyKey,
  });
}

/** The weekly digest of replies still owed. `rows` carry the state as a translation key's suffix. */
export async function sendReplyDigestEmail(
  tx: Queryable,
  input: StaffMessage & {
    to: StaffRecipient;
    officeName: string;
    rows: Array<Omit<ReplyDigestEmailProps["rows"][number], "state"> & { state: string }>;
    unsubscribeToken: string;
  },
) {
  const locale = localeOrEnglish(input.to.locale);
  const unsubscribeUrl = unsubscribeLink(input.unsubscribeToken);
  const props: ReplyDigestEmailProps = {
    locale,
    recipientName: input.to.name,
    officeName: input.officeName,
    rows: input.rows.map((r) => ({ ...r, state: translate(locale, `replies.state.${r.state}` as MessageKey) })),
    repliesUrl: publicUrl("/replies"),
    unsubscribeUrl,
  };
  const { html, text } = await render(createElement(ReplyDigestEmail, props));
  return queueEmail(tx, {
    kind: "reply-digest",
    to: input.to,
    secrets: [input.unsubscribeToken],
    subject: replyDigestSubject(props),
    html,
    text,
    officeId: input.officeId,
    headers: listUnsubscribeHeaders(unsubscribeUrl),
    idempotencyKey: input.idempotencyKey,
  });
}

// ---------------------------------------------------------------- parliamentary questions: overdue alerts

/** A written question in the office's register is overdue; in the recipient's language, one-click unsubscribe. */
export async function sendQuestionAlertEmail(
  tx: Queryable,
  input: Omit<StaffMessage, "letterId"> & {
    questionId: string;
    to: StaffRecipient;
    content: Omit<QuestionAlertEmailProps, "locale" | "recipientName" | "questionUrl" | "unsubscribeUrl">;
    unsubscribeToken: string;
  },
) {
  const unsubscribeUrl = unsubscribeLink(input.unsubscribeToken);
  const props: QuestionAlertEmailProps = {
    ...input.content,
    locale: localeOrEnglish(input.to.locale),
    recipientName: input.to.name,
    questionUrl: publicUrl(`/questions/${input.questionId}`),
    unsubscribeUrl,
  };
  const { html, text } = await render(createElement(QuestionAlertEmail, props));
  return queueEmail(tx, {
    kind: "question-overdue",
    to: input.to,
    secrets: [input.unsubscribeToken],
    subject: questionAlertSubject(props),
    html,
    text,
    officeId: input.officeId,
    headers: listUnsubscribeHeaders(unsubscribeUrl),
    idempotencyKey: input.idempotencyKey,
  });
}
