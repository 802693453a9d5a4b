import { Button, Link, Section, Text } from "@react-email/components";
import { formatDate, makeT, translate } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";
import { EmailLayout, styles } from "./components/layout";

/**
 * A reminder to an invitee who has not answered. The caller also sets the List-Unsubscribe and
 * List-Unsubscribe-Post headers (`listUnsubscribeHeaders(unsubscribeUrl)` in mailer.server) so mail
 * clients offer one-click unsubscribe; the visible link below does the same for people.
 */
export interface ReminderEmailProps {
  locale: Locale;
  inviteeName?: string | null;
  officeName: string;
  letterSubject: string;
  /** The invitee's personal signing link, built from PUBLIC_ORIGIN. */
  signUrl: string;
  deadline?: Date | string | null;
  /** Opt-out link for reminders of this letter; must also accept a one-click POST. */
  unsubscribeUrl: string;
}

export function reminderSubject({ locale, letterSubject }: Pick<ReminderEmailProps, "locale" | "letterSubject">) {
  return translate(locale, "emails.reminder.subject", { letterSubject });
}

export function ReminderEmail(props: ReminderEmailProps) {
  const { locale, inviteeName, officeName, letterSubject, signUrl, deadline, unsubscribeUrl } = props;
  const t = makeT(locale);
  return (
    <EmailLayout
      locale={locale}
      preview={t("emails.reminder.preview")}
      heading={t("emails.reminder.heading")}
      officeName={officeName}
      footer={
        <>
          <Text style={styles.small}>{t("emails.reminder.unsubscribeNote")}</Text>
          <Text style={styles.small}>
            <Link href={unsubscribeUrl} style={styles.link}>
              {t("emails.reminder.unsubscribe")}
            </Link>
          </Text>
        </>
      }
    >
      <Text style={styles.text}>
        {inviteeName ? t("emails.reminder.greeting", { name: inviteeName }) : t("emails.reminder.greetingNoName")}
      </Text>
      <Text style={styles.text}>{t("emails.reminder.body", { office: officeName, letterSubject })}</Text>
      {deadline ? (
        <Text style={styles.text}>{t("emails.reminder.deadline", { deadline: formatDate(locale, deadline) })}</Text>
      ) : null}
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={signUrl} style={styles.button}>
          {t("emails.reminder.button")}
        </Button>
      </Section>
      <Text style={styles.small}>
        <Link href={signUrl} style={styles.link}>
          {signUrl}
        </Link>
      </Text>
    </EmailLayout>
  );
}

ReminderEmail.PreviewProps = {
  locale: "en",
  inviteeName: "Ana Gomes",
  officeName: "Office of Reinhard Bütikofer",
  letterSubject: "Security risks of Nuctech scanners at EU borders",
  signUrl: "http://localhost:3000/sign/preview-token",
  deadline: "2022-01-14T17:00:00Z",
  unsubscribeUrl: "http://localhost:3000/unsubscribe/preview-token",
} satisfies ReminderEmailProps;

export default ReminderEmail;
