import { Button, Link, Section, Text } from "@react-email/components";
import { formatDate, makeT, translate } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";
import { EmailLayout, styles } from "./components/layout";

export interface SignatoryNoticeEmailProps {
  locale: Locale;
  signatoryName?: string | null;
  officeName: string;
  letterSubject: string;
  sentAt: Date | string;
  signatoryCount: number;
  /** Names only, e.g. "Ursula von der Leyen, President of the European Commission". */
  addressees: string[];
  /** Link to the letter's PDF, built from PUBLIC_ORIGIN. */
  pdfUrl: string;
  verifyUrl?: string | null;
}

export function signatoryNoticeSubject({
  locale,
  letterSubject,
}: Pick<SignatoryNoticeEmailProps, "locale" | "letterSubject">) {
  return translate(locale, "emails.signatoryNotice.subject", { letterSubject });
}

export function SignatoryNoticeEmail(props: SignatoryNoticeEmailProps) {
  const { locale, signatoryName, officeName, letterSubject, sentAt, signatoryCount, addressees, pdfUrl, verifyUrl } =
    props;
  const t = makeT(locale);
  return (
    <EmailLayout
      locale={locale}
      preview={t("emails.signatoryNotice.preview")}
      heading={t("emails.signatoryNotice.heading")}
      officeName={officeName}
    >
      <Text style={styles.text}>
        {signatoryName
          ? t("emails.signatoryNotice.greeting", { name: signatoryName })
          : t("emails.signatoryNotice.greetingNoName")}
      </Text>
      <Text style={styles.text}>
        {t("emails.signatoryNotice.body", {
          letterSubject,
          office: officeName,
          sentAt: formatDate(locale, sentAt),
          count: signatoryCount,
        })}
      </Text>
      {addressees.length ? (
        <Text style={styles.text}>{t("emails.signatoryNotice.addressees", { addressees: addressees.join("; ") })}</Text>
      ) : null}
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={pdfUrl} style={styles.button}>
          {t("emails.signatoryNotice.button")}
        </Button>
      </Section>
      <Text style={styles.small}>
        <Link href={pdfUrl} style={styles.link}>
          {pdfUrl}
        </Link>
      </Text>
      {verifyUrl ? (
        <Text style={styles.small}>
          <Link href={verifyUrl} style={styles.link}>
            {t("emails.signatoryNotice.verify")}
          </Link>
        </Text>
      ) : null}
      <Text style={styles.text}>{t("emails.signatoryNotice.thanks")}</Text>
    </EmailLayout>
  );
}

SignatoryNoticeEmail.PreviewProps = {
  locale: "en",
  signatoryName: "Markéta Gregorová",
  officeName: "Office of Reinhard Bütikofer",
  letterSubject: "Security risks of Nuctech scanners at EU borders",
  sentAt: "2022-01-17T09:00:00Z",
  signatoryCount: 56,
  addressees: ["Ursula von der Leyen", "Thierry Breton", "Paolo Gentiloni"],
  pdfUrl: "http://localhost:3000/letters/preview/pdf",
  verifyUrl: "http://localhost:3000/verify/K7Q2-9XWD",
} satisfies SignatoryNoticeEmailProps;

export default SignatoryNoticeEmail;
