import { Button, Link, Section, Text } from "@react-email/components";
import { formatDate, makeT, translate } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";
import { EmailLayout, styles } from "./components/layout";

/** The weekly digest (opt-in): who still owes the office a reply, latest first. */
export interface ReplyDigestEmailProps {
  locale: Locale;
  recipientName?: string | null;
  officeName: string;
  rows: Array<{ letterSubject: string; owedBy: string; state: string; dueOn: string; daysLate: number }>;
  repliesUrl: string;
  unsubscribeUrl: string;
}

export function replyDigestSubject(p: Pick<ReplyDigestEmailProps, "locale" | "officeName" | "rows">) {
  return translate(p.locale, "replies.email.digest.subject", { office: p.officeName, count: p.rows.length });
}

export function ReplyDigestEmail(props: ReplyDigestEmailProps) {
  const t = makeT(props.locale);
  return (
    <EmailLayout
      locale={props.locale}
      preview={t("replies.email.digest.heading")}
      heading={t("replies.email.digest.heading")}
      officeName={props.officeName}
      footer={
        <Text style={styles.small}>
          <Link href={props.unsubscribeUrl} style={styles.link}>
            {t("replies.email.unsubscribe.digest")}
          </Link>
        </Text>
      }
    >
      {props.recipientName ? (
        <Text style={styles.text}>{t("replies.email.greeting", { name: props.recipientName })}</Text>
      ) : null}
      {props.rows.length ? (
        props.rows.map((r, i) => (
          <Text key={i} style={styles.text}>
            {t("replies.email.digest.row", {
              owedBy: r.owedBy,
              letterSubject: r.letterSubject,
              state: r.state,
              dueOn: formatDate(props.locale, r.dueOn),
              count: r.daysLate,
            })}
          </Text>
        ))
      ) : (
        <Text style={styles.text}>{t("replies.email.digest.none")}</Text>
      )}
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={props.repliesUrl} style={styles.button}>
          {t("replies.email.openReplies")}
        </Button>
      </Section>
    </EmailLayout>
  );
}

ReplyDigestEmail.PreviewProps = {
  locale: "en",
  recipientName: "Anna de Vries",
  officeName: "Office of Bart Groothuis",
  rows: [
    {
      letterSubject: "Nuctech and the CCEI",
      owedBy: "Paolo Gentiloni",
      state: "Overdue",
      dueOn: "2023-01-03",
      daysLate: 4,
    },
  ],
  repliesUrl: "http://localhost:3000/replies",
  unsubscribeUrl: "http://localhost:3000/unsubscribe/replies/preview-token",
} satisfies ReplyDigestEmailProps;

export default ReplyDigestEmail;
