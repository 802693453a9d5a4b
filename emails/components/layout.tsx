/** The frame shared by every email: preview line, centred column, footer. */
import type { ReactNode } from "react";
import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { translate } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";

export const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: "Georgia, 'Times New Roman', serif", margin: 0, padding: "24px 0" },
  container: {
    backgroundColor: "#ffffff",
    border: "1px solid #e4e4e7",
    borderRadius: "6px",
    maxWidth: "600px",
    padding: "32px",
  },
  heading: { color: "#18181b", fontSize: "22px", fontWeight: 700, margin: "0 0 16px" },
  text: { color: "#27272a", fontSize: "16px", lineHeight: "24px", margin: "0 0 14px" },
  small: { color: "#52525b", fontSize: "13px", lineHeight: "20px", margin: "0 0 8px" },
  button: {
    backgroundColor: "#1e3a8a",
    borderRadius: "4px",
    color: "#ffffff",
    display: "inline-block",
    fontSize: "16px",
    fontWeight: 600,
    padding: "12px 20px",
    textDecoration: "none",
  },
  code: {
    backgroundColor: "#f4f4f5",
    borderRadius: "4px",
    color: "#18181b",
    fontFamily: "Menlo, Consolas, monospace",
    fontSize: "30px",
    fontWeight: 700,
    letterSpacing: "6px",
    margin: "8px 0 20px",
    padding: "12px 16px",
    textAlign: "center" as const,
  },
  link: { color: "#1e3a8a", wordBreak: "break-all" as const },
  hr: { borderColor: "#e4e4e7", margin: "24px 0" },
};

export type EmailLayoutProps = {
  locale: Locale;
  preview: string;
  heading?: string;
  /** Office the message is sent for; shown in the footer. */
  officeName?: string | null;
  children: ReactNode;
  /** Extra footer lines (e.g. an unsubscribe link). */
  footer?: ReactNode;
};

export function EmailLayout({ locale, preview, heading, officeName, children, footer }: EmailLayoutProps) {
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          {heading ? (
            <Heading as="h1" style={styles.heading}>
              {heading}
            </Heading>
          ) : null}
          {children}
          <Hr style={styles.hr} />
          <Section>
            {footer}
            <Text style={styles.small}>
              {officeName
                ? translate(locale, "emails.footer.sentBy", { office: officeName })
                : translate(locale, "emails.footer.automatic")}
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
