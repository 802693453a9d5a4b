import { Button, Link, Section, Text } from "@react-email/components";
import { formatDate, makeT, translate } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";
import { EmailLayout, styles } from "./components/layout";

/**
 * To an office: a written question in its register is overdue (no answer within the Rule's deadline). Sent
 * once per office, question and due date. The caller sets the List-Unsubscribe headers to `unsubscribeUrl`
 * (one click, question alerts only).
 */
export interface QuestionAlertEmailProps {
  locale: Locale;
  recipientName?: string | null;
  officeName: string;
  reference: string;
  title: string | null;
  /** What the clock ran from: forwarding to the addressee, or tabling when that date is not known. */
  basis: "forwarded" | "tabled";
  from: string;
  dueOn: string;
  daysLate: number;
  questionUrl: string;
  unsubscribeUrl: string;
}

export function questionAlertSubject(p: Pick<QuestionAlertEmailProps, "locale" | "reference" | "title">) {
  return translate(p.locale, "question.email.overdue.subject", {
    reference: p.reference,
    title: p.title ?? "",
  });
}

export function QuestionAlertEmail(props: QuestionAlertEmailProps) {
  const t = makeT(props.locale);
  const heading = t("question.email.overdue.heading");
  return (
    <EmailLayout
      locale={props.locale}
      preview={heading}
      heading={heading}
      officeName={props.officeName}
      footer={
        <Text style={styles.small}>
          <Link href={props.unsubscribeUrl} style={styles.link}>
            {t("question.email.unsubscribe")}
          </Link>
        </Text>
      }
    >
      {props.recipientName ? (
        <Text style={styles.text}>{t("replies.email.greeting", { name: props.recipientName })}</Text>
      ) : null}
      <Text style={styles.text}>
        {t(props.basis === "forwarded" ? "question.email.overdue.bodyForwarded" : "question.email.overdue.bodyTabled", {
          reference: props.reference,
          title: props.title ?? "",
          from: formatDate(props.locale, props.from),
          dueOn: formatDate(props.locale, props.dueOn),
          count: props.daysLate,
        })}
      </Text>
      <Text style={styles.text}>{t("question.clock.committeeNote")}</Text>
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={props.questionUrl} style={styles.button}>
          {t("question.email.open")}
        </Button>
      </Section>
    </EmailLayout>
  );
}

QuestionAlertEmail.PreviewProps = {
  locale: "en",
  recipientName: "Anna de Vries",
  officeName: "Office of Bart Groothuis",
  reference: "E-000213/2022",
  title: "Nuctech and EU-funded customs scanners",
  basis: "tabled",
  from: "2022-01-14",
  dueOn: "2022-02-25",
  daysLate: 12,
  questionUrl: "http://localhost:3000/questions/preview",
  unsubscribeUrl: "http://localhost:3000/unsubscribe/replies/preview-token",
} satisfies QuestionAlertEmailProps;

export default QuestionAlertEmail;
