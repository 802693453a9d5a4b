import { Button, Link, Section, Text } from "@react-email/components";
import { formatDate, makeT, translate } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";
import { EmailLayout, styles } from "./components/layout";

export interface InvitationEmailProps {
  locale: Locale;
  inviteeName?: string | null;
  /** The lead office. */
  officeName: string;
  /** The person who sent the invitation, if it should be named. */
  inviterName?: string | null;
  letterSubject: string;
  /** The invitee's personal `/sign/<token>` link, built from PUBLIC_ORIGIN. */
  signUrl: string;
  deadline?: Date | string | null;
  /** Contact at the lead office (never another invitee). */
  contact: { name?: string | null; email: string };
  /** A short plain-text note from the office. */
  note?: string | null;
}

export function invitationSubject({ locale, letterSubject }: Pick<InvitationEmailProps, "locale" | "letterSubject">) {
  return translate(locale, "emails.invitation.subject", { letterSubject });
}

export function InvitationEmail(props: InvitationEmailProps) {
  const { locale, inviteeName, officeName, inviterName, letterSubject, signUrl, deadline, contact, note } = props;
  const t = makeT(locale);
  return (
    <EmailLayout
      locale={locale}
      preview={t("emails.invitation.preview", { office: officeName })}
      heading={t("emails.invitation.heading")}
      officeName={officeName}
    >
      <Text style={styles.text}>
        {inviteeName ? t("emails.invitation.greeting", { name: inviteeName }) : t("emails.invitation.greetingNoName")}
      </Text>
      <Text style={styles.text}>{t("emails.invitation.intro", { office: officeName, letterSubject })}</Text>
      {inviterName ? <Text style={styles.text}>{t("emails.invitation.from", { inviter: inviterName })}</Text> : null}
      {note ? (
        <Section style={{ borderLeft: "3px solid #e4e4e7", margin: "0 0 14px", paddingLeft: "12px" }}>
          <Text style={styles.small}>{t("emails.invitation.note")}</Text>
          <Text style={{ ...styles.text, whiteSpace: "pre-line" }}>{note}</Text>
        </Section>
      ) : null}
      <Text style={styles.text}>
        {deadline
          ? t("emails.invitation.deadline", { deadline: formatDate(locale, deadline) })
          : t("emails.invitation.noDeadline")}
      </Text>
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={signUrl} style={styles.button}>
          {t("emails.invitation.button")}
        </Button>
      </Section>
      <Text style={styles.small}>{t("emails.invitation.linkFallback")}</Text>
      <Text style={styles.small}>
        <Link href={signUrl} style={styles.link}>
          {signUrl}
        </Link>
      </Text>
      <Text style={styles.small}>{t("emails.invitation.personal")}</Text>
      <Text style={styles.small}>
        {contact.name
          ? t("emails.invitation.contact", { contactName: contact.name, contactEmail: contact.email })
          : t("emails.invitation.contactNoName", { contactEmail: contact.email })}
      </Text>
    </EmailLayout>
  );
}

InvitationEmail.PreviewProps = {
  locale: "en",
  inviteeName: "Ana Gomes",
  officeName: "Office of Reinhard Bütikofer",
  inviterName: "Jana Novák",
  letterSubject: "Security risks of Nuctech scanners at EU borders",
  signUrl: "http://localhost:3000/sign/preview-token",
  deadline: "2022-01-14T17:00:00Z",
  contact: { name: "Jana Novák", email: "jana.novak@ep.example" },
  note: "We would be grateful for your support before the Christmas recess.",
} satisfies InvitationEmailProps;

export default InvitationEmail;
