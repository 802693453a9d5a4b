import { Button, Link, Section, Text } from "@react-email/components";
import { formatDate, makeT, translate } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";
import { EmailLayout, styles } from "./components/layout";

/**
 * To the lead office: an addressee's reply is overdue, or very overdue. Sent once per addressee,
 * clock and level. The caller sets the List-Unsubscribe headers to `unsubscribeUrl` (one click, this
 * kind of alert only).
 */
export interface ReplyAlertEmailProps {
  locale: Locale;
  level: "overdue" | "very-overdue";
  recipientName?: string | null;
  officeName: string;
  letterSubject: string;
  /** Who owes the reply: the addressee, or the sender a referral named. */
  owedBy: string;
  sentOn: string;
  dueOn: string;
  daysLate: number;
  repliesUrl: string;
  unsubscribeUrl: string;
}

export function replyAlertSubject(p: Pick<ReplyAlertEmailProps, "locale" | "level" | "owedBy" | "letterSubject">) {
  return translate(
    p.locale,
    p.level === "overdue" ? "replies.email.overdue.subject" : "replies.email.veryOverdue.subject",
    {
      owedBy: p.owedBy,
      letterSubject: p.letterSubject,
    },
  );
}

export function ReplyAlertEmail(props: ReplyAlertEmailProps) {
  const t = makeT(props.locale);
  const heading = t(props.level === "overdue" ? "replies.email.overdue.heading" : "replies.email.veryOverdue.heading");
  return (
    <EmailLayout
      locale={props.locale}
      preview={heading}
      heading={heading}
      officeName={props.officeName}
      footer={
        <Text style={styles.small}>
          <Link href={props.unsubscribeUrl} style={styles.link}>
            {t(
              props.level === "overdue"
                ? "replies.email.unsubscribe.overdue"
                : "replies.email.unsubscribe.very-overdue",
            )}
          </Link>
        </Text>
      }
    >
      {props.recipientName ? (
        <Text style={styles.text}>{t("replies.email.greeting", { name: props.recipientName })}</Text>
      ) : null}
      <Text style={styles.text}>
        {t("replies.email.alert.body", {
          owedBy: props.owedBy,
          letterSubject: props.letterSubject,
          sentOn: formatDate(props.locale, props.sentOn),
          dueOn: formatDate(props.locale, props.dueOn),
          count: props.daysLate,
        })}
      </Text>
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={props.repliesUrl} style={styles.button}>
          {t("replies.email.openReplies")}
        </Button>
      </Section>
    </EmailLayout>
  );
}

ReplyAlertEmail.PreviewProps = {
  locale: "en",
  level: "overdue",
  recipientName: "Anna de Vries",
  officeName: "Office of Bart Groothuis",
  letterSubject: "Nuctech and the CCEI",
  owedBy: "Ursula von der Leyen",
  sentOn: "2022-12-05",
  dueOn: "2023-01-03",
  daysLate: 4,
  repliesUrl: "http://localhost:3000/letters/preview/replies",
  unsubscribeUrl: "http://localhost:3000/unsubscribe/replies/preview-token",
} satisfies ReplyAlertEmailProps;

export default ReplyAlertEmail;
