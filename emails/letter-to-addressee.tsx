import { Hr, Link, Section, Text } from "@react-email/components";
import { formatDate, makeT } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";
import { EmailLayout, styles } from "./components/layout";

export interface LetterSignatory {
  name: string;
  /** e.g. "Member of the European Parliament, Greens/EFA, Germany". */
  description?: string | null;
  /** Set when a staff member signed for the MEP. */
  onBehalfOf?: string | null;
}

export interface LetterToAddresseeEmailProps {
  locale: Locale;
  subject: string;
  /** Lead office, shown as the sender. */
  officeName: string;
  /** The letter's addressees, as the letter names them (every copy of the letter shows them all). */
  addressees: Array<{ name: string; role?: string | null; institution?: string | null }>;
  /** Only the place: the date of sending follows it, in the letter's language. */
  place: string;
  date: Date | string;
  /** One per line, e.g. ["Dear President von der Leyen,", "Dear Commissioner Breton,"]. */
  salutations: string[];
  /** Who receives a copy, named at the foot ("Cc: …"). */
  cc?: string[];
  /** The approved version's body, rendered and sanitised by the server renderer. Inserted as is. */
  bodyHtml: string;
  /** In display order (usually by surname). */
  signatories: LetterSignatory[];
  reference: string;
  versionHash: string;
  verificationCode: string;
  /** Public verification page, built from PUBLIC_ORIGIN. */
  verifyUrl: string;
  hasAttachment?: boolean;
}

export function letterToAddresseeSubject({ subject }: Pick<LetterToAddresseeEmailProps, "subject">) {
  return subject;
}

export function LetterToAddresseeEmail(props: LetterToAddresseeEmailProps) {
  const {
    locale,
    subject,
    officeName,
    addressees,
    place,
    date,
    salutations,
    cc = [],
    bodyHtml,
    signatories,
    reference,
    versionHash,
    verificationCode,
    verifyUrl,
    hasAttachment,
  } = props;
  const t = makeT(locale);
  const when = formatDate(locale, date);
  return (
    <EmailLayout locale={locale} preview={t("emails.letter.preview", { subject })} officeName={officeName}>
      {addressees.map((addressee, i) => (
        <Section key={i} style={{ marginBottom: "8px" }}>
          <Text style={{ ...styles.text, margin: 0 }}>{addressee.name}</Text>
          {addressee.role ? <Text style={{ ...styles.text, margin: 0 }}>{addressee.role}</Text> : null}
          {addressee.institution ? <Text style={{ ...styles.text, margin: 0 }}>{addressee.institution}</Text> : null}
        </Section>
      ))}
      <Text style={{ ...styles.text, margin: "16px 0", textAlign: "right" }}>
        {place}, {when}
      </Text>
      <Text style={{ ...styles.text, fontWeight: 700 }}>{t("emails.letter.subjectLine", { subject })}</Text>
      <Section>
        {salutations.map((line, i) => (
          <Text key={i} style={{ ...styles.text, margin: 0 }}>
            {line}
          </Text>
        ))}
      </Section>
      <Section style={{ color: "#27272a", fontSize: "16px", lineHeight: "24px" }}>
        <div className="letter-body" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
      </Section>
      <Section style={{ marginTop: "20px" }}>
        <Text style={{ ...styles.text, fontWeight: 700, margin: "0 0 4px" }}>{t("emails.letter.undersigned")}</Text>
        <Text style={styles.small}>{t("emails.letter.signatoryCount", { count: signatories.length })}</Text>
        {signatories.map((s, i) => (
          <Text key={i} style={{ ...styles.text, margin: "0 0 6px" }}>
            {s.name}
            {s.description ? <span style={{ color: "#52525b" }}>{`, ${s.description}`}</span> : null}
            {s.onBehalfOf ? (
              <span style={{ color: "#52525b" }}>{` (${t("emails.letter.onBehalfOf", { name: s.onBehalfOf })})`}</span>
            ) : null}
          </Text>
        ))}
      </Section>
      {cc.length ? (
        <Text style={{ ...styles.text, marginTop: "16px" }}>{t("sending.letter.cc", { names: cc.join("; ") })}</Text>
      ) : null}
      <Hr style={styles.hr} />
      <Section>
        <Text style={{ ...styles.small, fontWeight: 700 }}>{t("emails.letter.verifyHeading")}</Text>
        <Text style={styles.small}>{t("emails.letter.reference", { reference })}</Text>
        <Text style={{ ...styles.small, wordBreak: "break-all" }}>
          {t("emails.letter.versionHash", { hash: versionHash })}
        </Text>
        <Text style={styles.small}>{t("emails.letter.verifyCode", { code: verificationCode })}</Text>
        <Text style={styles.small}>
          {t("emails.letter.verifyAt")}{" "}
          <Link href={verifyUrl} style={styles.link}>
            {verifyUrl}
          </Link>
        </Text>
        {hasAttachment ? <Text style={styles.small}>{t("emails.letter.attachment")}</Text> : null}
      </Section>
    </EmailLayout>
  );
}

LetterToAddresseeEmail.PreviewProps = {
  locale: "en",
  subject: "Security risks of Nuctech scanners at EU borders",
  officeName: "Office of Reinhard Bütikofer",
  addressees: [
    { name: "Ursula von der Leyen", role: "President", institution: "European Commission" },
    { name: "Thierry Breton", role: "Commissioner for Internal Market", institution: "European Commission" },
  ],
  place: "Brussels",
  date: "2022-01-17T09:00:00Z",
  salutations: ["Dear President von der Leyen,", "Dear Commissioner Breton,"],
  cc: ["Paolo Gentiloni, Commissioner for Economy, European Commission"],
  bodyHtml:
    "<p>We are writing to express our concern about security scanners supplied by Nuctech.</p><p>Yours sincerely,</p>",
  signatories: [
    { name: "Reinhard Bütikofer", description: "Greens/EFA, Germany" },
    { name: "Markéta Gregorová", description: "Greens/EFA, Czechia", onBehalfOf: null },
  ],
  reference: "US-2022-0001",
  versionHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  verificationCode: "K7Q2-9XWD",
  verifyUrl: "http://localhost:3000/verify/K7Q2-9XWD",
  hasAttachment: true,
} satisfies LetterToAddresseeEmailProps;

export default LetterToAddresseeEmail;
