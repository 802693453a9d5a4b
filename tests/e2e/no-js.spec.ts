/**
 * A co-signer whose browser runs no JavaScript (locked-down EP laptops, text browsers) can still
 * read the letter and sign through the personal link: the signing page is a plain HTML form post.
 */
import { expect, test } from "@playwright/test";
import {
  ANNA,
  createLetter,
  deliveriesTo,
  freshPage,
  inviteMeps,
  isSignInEmail,
  publish,
  signInWithCode,
  signLinkOf,
  waitForEmails,
  waitForInvitation,
} from "./support/helpers";

const mep = { given: "Tom", family: "Berendsen" };
const mepName = `${mep.given} ${mep.family}`;

test("an invitee signs with JavaScript disabled", async ({ page: staff, browser }) => {
  await signInWithCode(staff, ANNA);
  const subject = `No-script signing ${Date.now()}`;
  const letterId = await createLetter(staff, {
    subject,
    body: ["This letter is signed from a browser without JavaScript."],
    addressee: {
      name: "Maroš Šefčovič",
      role: "Vice-President",
      salutation: "Dear Vice-President",
      email: "vp.sefcovic@commission.example.eu",
    },
  });
  await publish(staff, letterId);
  const since = Date.now() - 1000;
  await inviteMeps(staff, letterId, [mepName]);
  const {
    mails: [mail],
  } = await waitForInvitation(mepName, since);

  const { context, page } = await freshPage(browser, { javaScriptEnabled: false });
  const res = await page.goto(new URL(signLinkOf(mail)).pathname);
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("article", { name: subject })).toContainText("signed from a browser without JavaScript");

  // The form is an ordinary POST to this same page.
  const form = page.locator("form").filter({ has: page.locator('input[name="intent"][value="sign"]') });
  await expect(form).toHaveAttribute("method", /post/i);

  await page.getByLabel("Type the Member's full name to confirm").fill(mepName);
  await page.getByRole("checkbox", { name: /I approve this exact text \(version 1\)/ }).check();
  const [post] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/sign/")),
    page.getByRole("button", { name: "Sign the letter" }).click(),
  ]);
  expect(post.status()).toBe(200);
  await expect(page.getByRole("status")).toContainText("Your signature on version 1 is recorded");
  await context.close();

  await staff.goto(`/letters/${letterId}`);
  await expect(staff.getByRole("heading", { name: "Signatures (1)" })).toBeVisible();
  await expect(
    staff.getByRole("region", { name: /Signatures/ }).getByRole("row", { name: new RegExp(mepName) }),
  ).toBeVisible();
});

test("a sign-in link from the email works with JavaScript disabled", async ({ browser }) => {
  const email = "pieter.lead@demo.undersigned.test";
  const { context, page } = await freshPage(browser, { javaScriptEnabled: false });
  const since = Date.now() - 1000;
  await page.goto("/login");
  await page.getByLabel("Your email address").fill(email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page).toHaveURL(/\/login\/code/);
  await expect(page.getByLabel("Six-digit code")).toBeVisible();
  const [mail] = await waitForEmails(email, { since, match: isSignInEmail });
  const link = /https?:\/\/[^\s"'<>]+\/login\/link\/[A-Za-z0-9_-]+/.exec(mail.text ?? "")?.[0];
  expect(link, "the email carries a sign-in link").toBeTruthy();
  // Opening the link signs nobody in; the button does.
  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Undersigned" })).toBeVisible();
  await page.getByRole("button", { name: "Sign me in" }).click();
  await expect(page).toHaveURL(/\/letters$/);
  await expect(page.getByRole("heading", { level: 1, name: "Letters" })).toBeVisible();
  expect(await deliveriesTo(email, since)).toHaveLength(1);
  await context.close();
});
