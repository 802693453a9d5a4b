import { Button, Link, Section, Text } from "@react-email/components";
import { makeT, translate } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";
import { EmailLayout, styles } from "./components/layout";

export interface LoginCodeEmailProps {
  locale: Locale;
  /** The six-digit one-time code. */
  code: string;
  /** Built by the caller from PUBLIC_ORIGIN, never from the request's Host header. */
  magicLink: string;
  validMinutes?: number;
}

/** Never the code itself: subjects are shown in notifications and lists, and kept by every mail system on the way. */
export function loginCodeSubject({ locale }: Pick<LoginCodeEmailProps, "locale">) {
  return translate(locale, "emails.loginCode.heading");
}

export function LoginCodeEmail({ locale, code, magicLink, validMinutes = 10 }: LoginCodeEmailProps) {
  const t = makeT(locale);
  return (
    <EmailLayout
      locale={locale}
      preview={t("emails.loginCode.preview", { code })}
      heading={t("emails.loginCode.heading")}
    >
      <Text style={styles.text}>{t("emails.loginCode.intro")}</Text>
      <Text style={styles.code} data-testid="login-code">
        {code}
      </Text>
      <Text style={styles.text}>{t("emails.loginCode.orLink")}</Text>
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={magicLink} style={styles.button}>
          {t("emails.loginCode.button")}
        </Button>
      </Section>
      <Text style={styles.small}>
        <Link href={magicLink} style={styles.link}>
          {magicLink}
        </Link>
      </Text>
      <Text style={styles.small}>{t("emails.loginCode.validity", { minutes: validMinutes })}</Text>
      <Text style={styles.small}>{t("emails.loginCode.notYou")}</Text>
    </EmailLayout>
  );
}

LoginCodeEmail.PreviewProps = {
  locale: "en",
  code: "482913",
  magicLink: "http://localhost:3000/login/verify?token=preview-token",
  validMinutes: 10,
} satisfies LoginCodeEmailProps;

export default LoginCodeEmail;
