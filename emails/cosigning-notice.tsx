import { Button, Link, Section, Text } from "@react-email/components";
import { makeT, translate } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";
import { EmailLayout, styles } from "./components/layout";

/**
 * Small notices about a signature already given:
 *  - "corrected": an editorial version was published; the signature carries over; the changed words and a link
 *    on which withdrawing is one button;
 *  - "reconfirm": a substantive version was published; the signer is asked to re-confirm (personal link);
 *  - "confirm-request": staff signed on the Member's behalf; the Member is asked to confirm (confirmation link).
 */
export type CosigningNoticeVariant = "corrected" | "reconfirm" | "confirm-request";

export interface CosigningNoticeEmailProps {
  locale: Locale;
  variant: CosigningNoticeVariant;
  recipientName?: string | null;
  officeName: string;
  letterSubject: string;
  /** The version now current, and the one that was signed. */
  number?: number;
  signedNumber?: number;
  /** For confirm-request: who signed on the Member's behalf. */
  signerName?: string | null;
  /** Personal link (corrected, reconfirm) or confirmation link (confirm-request), from PUBLIC_ORIGIN. */
  url?: string | null;
  /** For confirm-request: the SHA-256 of the text signed, and whether the signature waits for the Member. */
  fingerprint?: string | null;
  confirmationRequired?: boolean;
  /** For corrected: the changed words, old and new. */
  changes?: Array<{ before: string; after: string }>;
}

export function cosigningNoticeSubject({
  locale,
  variant,
  letterSubject,
}: Pick<CosigningNoticeEmailProps, "locale" | "variant" | "letterSubject">) {
  const key =
    variant === "corrected"
      ? "emails.cosign.corrected.subject"
      : variant === "reconfirm"
        ? "emails.cosign.reconfirm.subject"
        : "emails.cosign.confirmRequest.subject";
  return translate(locale, key, { letterSubject });
}

export function CosigningNoticeEmail(props: CosigningNoticeEmailProps) {
  const {
    locale,
    variant,
    recipientName,
    officeName,
    letterSubject,
    number,
    signedNumber,
    signerName,
    url,
    changes,
    fingerprint,
    confirmationRequired,
  } = props;
  const t = makeT(locale);
  const heading =
    variant === "corrected"
      ? t("emails.cosign.corrected.heading")
      : variant === "reconfirm"
        ? t("emails.cosign.reconfirm.heading")
        : t("emails.cosign.confirmRequest.heading");
  const vars = {
    office: officeName,
    letterSubject,
    number: number ?? "",
    signed: signedNumber ?? "",
    signer: signerName ?? "",
  };
  const body =
    variant === "corrected"
      ? t("emails.cosign.corrected.body", vars)
      : variant === "reconfirm"
        ? t("emails.cosign.reconfirm.body", vars)
        : t("emails.cosign.confirmRequest.body", vars);
  const button =
    variant === "corrected"
      ? t("emails.cosign.corrected.button")
      : variant === "reconfirm"
        ? t("emails.cosign.reconfirm.button")
        : variant === "confirm-request"
          ? t("emails.cosign.confirmRequest.button")
          : null;
  return (
    <EmailLayout locale={locale} preview={heading} heading={heading} officeName={officeName}>
      {recipientName ? <Text style={styles.text}>{t("emails.cosign.greeting", { name: recipientName })}</Text> : null}
      <Text style={styles.text}>{body}</Text>
      {variant === "corrected" ? (
        changes?.length ? (
          <>
            <Text style={styles.text}>{t("emails.cosign.corrected.changes")}</Text>
            {changes.map((c, i) => (
              <Text key={i} style={styles.small}>
                {t("emails.cosign.corrected.change", { before: c.before, after: c.after })}
              </Text>
            ))}
          </>
        ) : (
          <Text style={styles.small}>{t("emails.cosign.corrected.formatting")}</Text>
        )
      ) : null}
      {variant === "confirm-request" ? (
        <>
          <Text style={styles.text}>
            {confirmationRequired ? t("emails.cosign.confirmRequest.waits") : t("emails.cosign.confirmRequest.counts")}
          </Text>
          {fingerprint ? (
            <Text style={styles.small}>{t("emails.cosign.confirmRequest.fingerprint", { hash: fingerprint })}</Text>
          ) : null}
        </>
      ) : null}
      {url && button ? (
        <>
          <Section style={{ margin: "0 0 16px" }}>
            <Button href={url} style={styles.button}>
              {button}
            </Button>
          </Section>
          <Text style={styles.small}>{t("emails.cosign.linkFallback")}</Text>
          <Text style={styles.small}>
            <Link href={url} style={styles.link}>
              {url}
            </Link>
          </Text>
          {variant !== "confirm-request" ? <Text style={styles.small}>{t("emails.cosign.newLink")}</Text> : null}
        </>
      ) : null}
    </EmailLayout>
  );
}

CosigningNoticeEmail.PreviewProps = {
  locale: "en",
  variant: "reconfirm",
  recipientName: "Ana Gomes",
  officeName: "Office of Reinhard Bütikofer",
  letterSubject: "Security risks of Nuctech scanners at EU borders",
  number: 4,
  signedNumber: 3,
  url: "http://localhost:3000/sign/preview-token",
} satisfies CosigningNoticeEmailProps;

export default CosigningNoticeEmail;
