/**
 * Consent integrity in the browser (issue 9): the office publishes a "spelling" change that removes a sentence;
 * the app publishes it as substantive, the signer is asked to re-confirm and sees the removed sentence, and the
 * earlier signature does not count silently. On the signing page the answer to each action is in view (on a
 * phone), and a Member who declined is told when and can still sign.
 */
import { expect, test, type Browser } from "@playwright/test";
import {
  SOPHIE,
  APP_ORIGIN,
  createLetter,
  inviteMeps,
  publish,
  signInWithCode,
  signLinkOf,
  waitForEmails,
  waitForInvitation,
} from "./support/helpers";

const signer = "Mohammed Chahim";
const decliner = "Bas Eickhout";
const DEMAND = "We ask the Commission to exclude Nuctech from every tender financed by the Union budget.";

/** An invitee on a phone: a fresh context with a narrow viewport and no session. */
async function phone(browser: Browser) {
  const context = await browser.newContext({ baseURL: APP_ORIGIN, viewport: { width: 390, height: 700 } });
  return { context, page: await context.newPage() };
}

test("a 'spelling' change that removes a sentence is substantive: the signer re-confirms, nothing carries over silently", async ({
  page: staff,
  browser,
}) => {
  await signInWithCode(staff, SOPHIE);
  const subject = `Consent integrity ${Date.now()}`;
  const letterId = await createLetter(staff, {
    subject,
    body: ["We write to you about scanners at the external borders.", DEMAND, "We look forward to your answer."],
    addressee: {
      name: "Ylva Johansson",
      role: "Commissioner",
      salutation: "Dear Commissioner",
      email: "commissioner.johansson@commission.example.eu",
    },
  });
  await publish(staff, letterId);
  const since = Date.now() - 1000;
  await inviteMeps(staff, letterId, [signer, decliner]);
  const invitation = await waitForInvitation(signer, since);
  const declinerInvitation = await waitForInvitation(decliner, since);

  // The signer signs version 1 on a phone: the confirmation is focused and in view, not below the long letter.
  const a = await phone(browser);
  await a.page.goto(new URL(signLinkOf(invitation.mails[0])).pathname);
  await a.page.getByLabel("Type the Member's full name to confirm").fill(signer);
  await a.page.getByRole("checkbox", { name: /I approve this exact text \(version 1\)/ }).check();
  await a.page.getByRole("button", { name: "Sign the letter" }).click();
  const result = a.page.locator("#result");
  await expect(result).toContainText("Your signature on version 1 is recorded");
  await expect(result).toBeFocused();
  await expect(result).toBeInViewport();

  // The office removes the main demand and calls it editorial.
  await staff.goto(`/letters/${letterId}/edit`);
  const editor = staff.getByRole("textbox", { name: "Text of the letter" });
  await editor.click();
  await staff.keyboard.press("ControlOrMeta+a");
  await staff.keyboard.press("Delete");
  await staff.keyboard.type("We write to you about scanners at the external borders.");
  await staff.keyboard.press("Enter");
  await staff.keyboard.type("We look forward to your answer.");
  await expect(editor).not.toContainText("Nuctech");
  await staff.getByRole("radio", { name: /^Editorial/ }).check();
  const reconfirmSince = Date.now() - 1000;
  await staff.getByRole("button", { name: "Publish as new version" }).click();
  await expect(staff).toHaveURL(new RegExp(`/letters/${letterId}\\?published=2&overruled=1`));
  await expect(staff.getByText("was published as substantive, not editorial")).toBeVisible();

  // The earlier signature no longer counts: the block that would be sent is empty.
  await staff.goto(`/letters/${letterId}/undersigned`);
  await expect(staff.getByText("No signatures yet")).toBeVisible();

  // The signer is asked to re-confirm (never told "editorial corrections only") and sees the removed sentence.
  const [reconfirm] = await waitForEmails(invitation.address, {
    since: reconfirmSince,
    match: (d) => d.subject.startsWith("Please re-confirm"),
  });
  await a.page.goto(new URL(signLinkOf(reconfirm)).pathname);
  await expect(a.page.getByText("signed version 1; the current text is version 2")).toBeVisible();
  await expect(a.page.locator("del")).toContainText("Nuctech");
  await a.page.getByLabel("Type the Member's full name to confirm").fill(signer);
  await a.page.getByRole("checkbox", { name: /I approve this exact text \(version 2\)/ }).check();
  await a.page.getByRole("button", { name: "Sign the letter" }).click();
  await expect(result).toContainText("Your signature on version 2 is recorded");
  await expect(result).toBeFocused();
  await expect(result).toBeInViewport();
  await a.context.close();

  await staff.goto(`/letters/${letterId}/undersigned`);
  await expect(staff.getByRole("listitem").filter({ hasText: signer })).toBeVisible();

  // Declining, then opening the link again: the date, and the way back.
  const b = await phone(browser);
  await b.page.goto(new URL(signLinkOf(declinerInvitation.mails[0])).pathname);
  await b.page.locator("summary", { hasText: "Decline" }).click();
  await b.page.getByRole("button", { name: "Decline to sign" }).click();
  const declined = b.page.locator("#result");
  await expect(declined).toContainText("You declined to sign");
  await expect(declined).toBeFocused();
  await expect(declined).toBeInViewport();
  // Opening the link again (a GET; reloading would resubmit the form, since the page is plain HTML forms).
  await b.page.goto(new URL(signLinkOf(declinerInvitation.mails[0])).pathname);
  const today = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "Europe/Brussels" }).format(new Date());
  await expect(b.page.getByText(`You declined to sign on ${today}.`)).toBeVisible();
  await expect(b.page.getByText("If you have changed your mind, you can still sign below.")).toBeVisible();
  await expect(b.page.getByRole("button", { name: "Sign the letter" })).toBeVisible();
  await b.context.close();
});
