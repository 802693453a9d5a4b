import { Button, Link, Section, Text } from "@react-email/components";
import { makeT, translate, type MessageKey } from "#app/i18n/index";
import type { Locale } from "#app/i18n/locales";
import { EmailLayout, styles } from "./components/layout";

export interface OfficeInvitationEmailProps {
  locale: Locale;
  inviteeName: string;
  officeName: string;
  inviterName: string | null;
  role: "mep" | "staff" | "campaign_lead" | "admin";
  /** Built by the caller from PUBLIC_ORIGIN, never from the request's Host header. */
  joinUrl: string;
  validDays: number;
}

export function officeInvitationSubject({
  locale,
  officeName,
}: Pick<OfficeInvitationEmailProps, "locale" | "officeName">) {
  return translate(locale, "emails.officeInvitation.subject", { office: officeName });
}

/** An invitation to join an office: nothing changes until the person accepts on the page the link opens. */
export function OfficeInvitationEmail({
  locale,
  inviteeName,
  officeName,
  inviterName,
  role,
  joinUrl,
  validDays,
}: OfficeInvitationEmailProps) {
  const t = makeT(locale);
  const roleName = t(`role.${role}` as MessageKey);
  return (
    <EmailLayout
      locale={locale}
      preview={t("emails.officeInvitation.subject", { office: officeName })}
      heading={t("emails.officeInvitation.subject", { office: officeName })}
      officeName={officeName}
    >
      <Text style={styles.text}>{t("emails.officeInvitation.greeting", { name: inviteeName })}</Text>
      <Text style={styles.text}>
        {inviterName
          ? t("emails.officeInvitation.intro", { inviter: inviterName, office: officeName, role: roleName })
          : t("emails.officeInvitation.introNoName", { office: officeName, role: roleName })}
      </Text>
      <Text style={styles.text}>{t("emails.officeInvitation.consent")}</Text>
      <Section style={{ margin: "0 0 16px" }}>
        <Button href={joinUrl} style={styles.button}>
          {t("emails.officeInvitation.button")}
        </Button>
      </Section>
      <Text style={styles.small}>
        <Link href={joinUrl} style={styles.link}>
          {joinUrl}
        </Link>
      </Text>
      <Text style={styles.small}>{t("emails.officeInvitation.validity", { days: validDays })}</Text>
      <Text style={styles.small}>{t("emails.footer.ignore")}</Text>
    </EmailLayout>
  );
}

OfficeInvitationEmail.PreviewProps = {
  locale: "en",
  inviteeName: "Anna Staff",
  officeName: "Office of A. Member",
  inviterName: "Bram Admin",
  role: "staff",
  joinUrl: "http://localhost:3000/join/preview-token",
  validDays: 7,
} satisfies OfficeInvitationEmailProps;

export default OfficeInvitationEmail;
