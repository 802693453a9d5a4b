import { describe, expect, it } from "vitest";
import { renderEmail } from "#app/infra/mailer.server";
import LoginCodeEmail, { loginCodeSubject } from "./login-code";
import InvitationEmail, { invitationSubject } from "./invitation";
import LetterToAddresseeEmail from "./letter-to-addressee";
import SignatoryNoticeEmail, { signatoryNoticeSubject } from "./signatory-notice";
import ReminderEmail, { reminderSubject } from "./reminder";
import QuestionAlertEmail from "./question-alert";

const hostile = `Eve <img src=x onerror=alert(1)> \u202Egnp.exe`;

describe("email templates", () => {
  it("every template renders its preview props to HTML and text", async () => {
    for (const T of [
      LoginCodeEmail,
      InvitationEmail,
      LetterToAddresseeEmail,
      SignatoryNoticeEmail,
      ReminderEmail,
      QuestionAlertEmail,
    ] as const) {
      const { html, text } = await renderEmail(<T {...(T.PreviewProps as any)} />);
      expect(html).toMatch(/^<!DOCTYPE html/);
      expect(html).toContain('lang="en"');
      expect(text.length).toBeGreaterThan(50);
      expect(text).not.toContain("emails."); // no untranslated keys
    }
  });

  it("login code: the code, the link and the validity, headings not upper-cased in the text part", async () => {
    const link = "https://undersigned.example/login/verify?token=abc";
    const { html, text } = await renderEmail(<LoginCodeEmail locale="en" code="123456" magicLink={link} />);
    expect(html).toContain("123456");
    expect(html).toContain(`href="${link}"`);
    expect(text).toContain("123456");
    expect(text).toContain(link);
    expect(text).toContain("valid for 10 minutes");
    expect(text).toContain("Sign in to Undersigned");
    // The subject never carries the code (it is shown in notifications and kept by every relay).
    expect(loginCodeSubject({ locale: "en" })).toBe("Sign in to Undersigned");
  });

  it("invitation: personal link, deadline, lead office contact, user text escaped", async () => {
    const { html, text } = await renderEmail(
      <InvitationEmail
        locale="en"
        inviteeName={hostile}
        officeName="Office of A. Member"
        letterSubject={`Scanners <script>alert(1)</script>`}
        signUrl="https://undersigned.example/sign/tok123"
        deadline="2022-01-14T16:00:00Z"
        contact={{ name: "Jana Novák", email: "jana@ep.example" }}
        note={"Please sign.\nThanks"}
      />,
    );
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain('href="https://undersigned.example/sign/tok123"');
    expect(text).toContain("Please respond by 14 January 2022.");
    expect(text).toContain("onerror=alert(1)> gnp.exe"); // bidi override removed
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain("jana@ep.example");
    expect(text).toContain("Opening it does not sign anything");
    expect(invitationSubject({ locale: "en", letterSubject: "Scanners" })).toBe("Invitation to co-sign: Scanners");
  });

  it("letter: body, undersigned block with on-behalf-of, verification footer", async () => {
    const { html, text } = await renderEmail(
      <LetterToAddresseeEmail
        {...LetterToAddresseeEmail.PreviewProps}
        bodyHtml="<p>First paragraph.</p><p>Second paragraph.</p>"
        signatories={[
          { name: "Reinhard Bütikofer", description: "Greens/EFA, Germany" },
          { name: hostile, onBehalfOf: "Ana Gomes" },
        ]}
      />,
    );
    expect(html).toContain("<p>First paragraph.</p><p>Second paragraph.</p>");
    expect(html).not.toContain("<img src=x");
    expect(text).toContain("Dear President von der Leyen");
    expect(text).toContain("2 signatories");
    expect(text).toContain("Reinhard Bütikofer, Greens/EFA, Germany");
    expect(text).toContain("on behalf of Ana Gomes");
    expect(text).toContain(LetterToAddresseeEmail.PreviewProps.versionHash);
    expect(text).toContain("Verification code: K7Q2-9XWD");
    expect(text).toContain("http://localhost:3000/verify/K7Q2-9XWD");
    expect(text).toContain("Brussels, 17 January 2022");
  });

  it("letter: every addressee at the head, one salutation per line, the copies named, the date in EU order", async () => {
    const { html, text } = await renderEmail(<LetterToAddresseeEmail {...LetterToAddresseeEmail.PreviewProps} />);
    expect(text).toContain("Ursula von der Leyen");
    expect(text).toContain("Thierry Breton");
    expect(text).toMatch(/Dear President von der Leyen,\s*\n+\s*Dear Commissioner Breton,/);
    expect(text).toContain("Cc: Paolo Gentiloni, Commissioner for Economy, European Commission");
    expect(text.match(/January 2022/g)).toHaveLength(1); // one date line
    expect(html).not.toContain("January 17");
    const fr = await renderEmail(<LetterToAddresseeEmail {...LetterToAddresseeEmail.PreviewProps} locale="fr" />);
    expect(fr.text).toContain("Brussels, 17 janvier 2022");
    expect(fr.text).toContain("Copie : Paolo Gentiloni");
  });

  it("signatory notice and reminder: links, and the reminder's visible unsubscribe link", async () => {
    const notice = await renderEmail(<SignatoryNoticeEmail {...SignatoryNoticeEmail.PreviewProps} />);
    expect(notice.text).toContain("56 signatories");
    expect(notice.html).toContain('href="http://localhost:3000/letters/preview/pdf"');
    expect(signatoryNoticeSubject({ locale: "en", letterSubject: "X" })).toBe("Sent: X");

    const reminder = await renderEmail(<ReminderEmail {...ReminderEmail.PreviewProps} />);
    expect(reminder.html).toContain('href="http://localhost:3000/unsubscribe/preview-token"');
    expect(reminder.text).toContain("Stop reminders for this letter");
    expect(reminderSubject({ locale: "en", letterSubject: "X" })).toBe("Reminder: co-sign “X”");
  });
});
