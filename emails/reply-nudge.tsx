import { Button, Link, Section, Text } from "@react-email/components";
import { formatDate, makeT, translate } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";
import { EmailLayout, styles } from "./components/layout";

/**
 * "Did they reply?", two and three weeks after sending (WriteToThem's rhythm), to the person who
 * sent the letter. Each answer is one link; the page it opens records the answer with one button
 * (mail scanners open links, so opening alone changes nothing).
 */
export interface ReplyNudgeEmailProps {
  locale: Locale;
  recipientName?: string | null;
  officeName: string;
  letterSubject: string;
  addresseeName: string;
  sentOn: string;
  days: number;
  answerUrls: { yes: string; notYet: string; notExpected: string };
  unsubscribeUrl: string;
}

export function replyNudgeSubject(p: Pick<ReplyNudgeEmailProps, "locale" | "addresseeName" | "letterSubject">) {
  return translate(p.locale, "replies.email.nudge.subject", {
    addressee: p.addresseeName,
    letterSubject: p.letterSubject,
  });
}

export function ReplyNudgeEmail(props: ReplyNudgeEmailProps) {
  const t = makeT(props.locale);
  return (
    <EmailLayout
      locale={props.locale}
      preview={t("replies.email.nudge.heading", { addressee: props.addresseeName })}
      heading={t("replies.email.nudge.heading", { addressee: props.addresseeName })}
      officeName={props.officeName}
      footer={
        <Text style={styles.small}>
          <Link href={props.unsubscribeUrl} style={styles.link}>
            {t("replies.email.unsubscribe.nudge")}
          </Link>
        </Text>
      }
    >
      {props.recipientName ? (
        <Text style={styles.text}>{t("replies.email.greeting", { name: props.recipientName })}</Text>
      ) : null}
      <Text style={styles.text}>
        {t("replies.email.nudge.body", {
          letterSubject: props.letterSubject,
          addressee: props.addresseeName,
          sentOn: formatDate(props.locale, props.sentOn),
          count: props.days,
        })}
      </Text>
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={props.answerUrls.yes} style={styles.button}>
          {t("replies.nudge.answer.yes")}
        </Button>
      </Section>
      <Text style={styles.text}>
        <Link href={props.answerUrls.notYet} style={styles.link}>
          {t("replies.nudge.answer.not-yet")}
        </Link>
        {" · "}
        <Link href={props.answerUrls.notExpected} style={styles.link}>
          {t("replies.nudge.answer.not-expected")}
        </Link>
      </Text>
    </EmailLayout>
  );
}

ReplyNudgeEmail.PreviewProps = {
  locale: "en",
  recipientName: "Anna de Vries",
  officeName: "Office of Bart Groothuis",
  letterSubject: "Nuctech and the CCEI",
  addresseeName: "Ursula von der Leyen",
  sentOn: "2022-12-05",
  days: 14,
  answerUrls: {
    yes: "http://localhost:3000/replied/preview?answer=yes",
    notYet: "http://localhost:3000/replied/preview?answer=not-yet",
    notExpected: "http://localhost:3000/replied/preview?answer=not-expected",
  },
  unsubscribeUrl: "http://localhost:3000/unsubscribe/replies/preview-token",
} satisfies ReplyNudgeEmailProps;

export default ReplyNudgeEmail;
