/**
 * Accessibility: axe (WCAG 2.1 A/AA rules) finds no serious or critical violation on the main
 * pages, and the two forms outsiders must complete (sign-in, co-signing) work with the keyboard
 * alone: Tab to move, typing, Space to tick, Enter to submit.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import {
  ANNA,
  createLetter,
  freshPage,
  inviteMeps,
  isSignInEmail,
  loginCodeOf,
  publish,
  signLinkOf,
  waitForEmails,
  waitForInvitation,
} from "./support/helpers";

test.describe.configure({ mode: "serial" });

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`)
    .join("\n");
  expect(serious, `${what}:\n${report}`).toEqual([]);
}

/** Presses Tab until `target` has the focus; fails if it is not reachable within `max` presses. */
async function tabTo(page: Page, target: Locator, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`could not reach ${target} with Tab`);
}

const mep = { given: "Gunnar", family: "Beck" };
const mepName = `${mep.given} ${mep.family}`;
let staff: Page;
let letterId: string;
let signPath: string;

test.beforeAll(async ({ browser }) => {
  staff = await (await browser.newContext()).newPage();
});
test.afterAll(async () => {
  await staff.context().close();
});

test("the sign-in page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/login");
  await expectNoSeriousViolations(page, "login");
  // With a field error shown, too.
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByText("Enter an email address like")).toBeVisible();
  await expect(page.getByLabel("Your email address")).toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousViolations(page, "login with an error");
});

test("sign-in works with the keyboard only", async () => {
  const since = Date.now() - 1000;
  await staff.goto("/login");
  const email = staff.getByLabel("Your email address");
  await tabTo(staff, email);
  await staff.keyboard.type(ANNA);
  await staff.keyboard.press("Enter");
  await expect(staff).toHaveURL(/\/login\/code/);
  const [mail] = await waitForEmails(ANNA, { since, match: isSignInEmail });
  const code = staff.getByLabel("Six-digit code");
  await expectNoSeriousViolations(staff, "code page");
  await tabTo(staff, code);
  await staff.keyboard.type(loginCodeOf(mail));
  await staff.keyboard.press("Enter");
  await expect(staff).toHaveURL(/\/letters$/);
});

test("letters list, new letter, edit and letter pages have no serious violations", async () => {
  await staff.goto("/letters");
  await expect(staff.getByRole("heading", { level: 1, name: "Letters" })).toBeVisible();
  await expectNoSeriousViolations(staff, "letters list");

  await staff.goto("/letters/new");
  await expect(staff.getByRole("textbox", { name: "Text of the letter" })).toBeVisible();
  await expectNoSeriousViolations(staff, "new letter");

  letterId = await createLetter(staff, {
    subject: `Accessibility check ${Date.now()}`,
    body: ["A short letter to check the pages with axe."],
    addressee: {
      name: "Roberta Metsola",
      role: "President of the European Parliament",
      salutation: "Dear President",
      email: "president@parliament.example.eu",
    },
  });
  await expect(staff.getByRole("textbox", { name: "Text of the letter" })).toContainText("A short letter");
  await expectNoSeriousViolations(staff, "edit page");

  await publish(staff, letterId);
  await expectNoSeriousViolations(staff, "letter page");

  await staff.goto(`/letters/${letterId}/invite`);
  await expectNoSeriousViolations(staff, "invite page");
  const since = Date.now() - 1000;
  await inviteMeps(staff, letterId, [mepName]);
  const {
    mails: [mail],
  } = await waitForInvitation(mepName, since);
  signPath = new URL(signLinkOf(mail)).pathname;

  await staff.goto(`/letters/${letterId}`);
  await expectNoSeriousViolations(staff, "letter page with an invitation");
});

test("the signing page has no serious violations and the signing form works with the keyboard only", async ({
  browser,
}) => {
  const { context, page } = await freshPage(browser);
  await page.goto(signPath);
  await expect(page.getByRole("button", { name: "Sign the letter" })).toBeVisible();
  await expectNoSeriousViolations(page, "signing page");

  // A mistake first (box not ticked): the message is announced and the page stays accessible.
  const name = page.getByLabel("Type the Member's full name to confirm");
  await tabTo(page, name);
  await page.keyboard.type(mepName);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toContainText("Tick the box");
  await expectNoSeriousViolations(page, "signing page with an error");

  const nameAgain = page.getByLabel("Type the Member's full name to confirm");
  await tabTo(page, nameAgain);
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(mepName);
  const confirm = page.getByRole("checkbox", { name: /I approve this exact text/ });
  await tabTo(page, confirm);
  await page.keyboard.press("Space");
  await expect(confirm).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Sign the letter" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Your signature on version 1 is recorded");
  await expectNoSeriousViolations(page, "signing page after signing");
  await context.close();

  await staff.goto(`/letters/${letterId}`);
  await expect(staff.getByRole("heading", { name: "Signatures (1)" })).toBeVisible();
});
