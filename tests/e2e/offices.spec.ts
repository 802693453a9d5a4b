/**
 * Joining a second office and switching between offices, in Chromium: an office administrator adds a member
 * of another office, which only invites her; she opens the emailed link signed in as herself, accepts, and now
 * acts for the new office; "Your offices" lists both and switches back with a plain form, on a phone-sized
 * screen, with no serious axe violation. The administrator then removes her again, so the demo data other
 * browser tests rely on is as it was.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ZSOFIA, bodyOf, freshPage, signInWithCode, waitForEmails, SOPHIE } from "./support/helpers";

const LEAD_OFFICE = "Office of Bart Groothuis";
const OTHER_OFFICE = "Office of Katalin Cseh";

test("a member of another office joins only by accepting, then switches between her offices", async ({ browser }) => {
  const { context: adminContext, page: admin } = await freshPage(browser);
  await signInWithCode(admin, SOPHIE, "/admin");
  await admin.getByLabel("Name", { exact: true }).fill("Zsófia Kovács");
  await admin.getByLabel("Email", { exact: true }).fill(ZSOFIA);
  await admin.getByLabel("Role", { exact: true }).last().selectOption("campaign_lead");
  const since = Date.now() - 1000;
  await admin.getByRole("button", { name: "Add a member" }).click();
  await expect(admin.getByText(/Invitation sent/)).toBeVisible();
  // Not a member yet: the table of members does not list her, the pending invitations do.
  await expect(admin.getByRole("cell", { name: ZSOFIA })).toHaveCount(0);
  await expect(admin.getByText(`<${ZSOFIA}>`)).toBeVisible();

  const [mail] = await waitForEmails(ZSOFIA, { since, match: (d) => /\/join\//.test(bodyOf(d)) });
  expect(mail.subject).toContain(LEAD_OFFICE);
  const link = /https?:\/\/[^\s"'<>]+\/join\/[A-Za-z0-9_-]+/.exec(bodyOf(mail))![0];

  const { context: personContext, page: person } = await freshPage(browser);
  await person.setViewportSize({ width: 390, height: 844 });
  await signInWithCode(person, ZSOFIA);
  await expect(person.locator(".who")).toContainText(`(${OTHER_OFFICE})`);
  await person.goto(new URL(link).pathname);
  await person.getByRole("button", { name: `Accept and join ${LEAD_OFFICE}` }).click();
  await expect(person.locator(".who")).toContainText(`(${LEAD_OFFICE})`);

  await person.getByRole("link", { name: "Your offices" }).click();
  await expect(person.getByRole("heading", { name: "Your offices" })).toBeVisible();
  await expect(person.getByRole("row", { name: new RegExp(`${LEAD_OFFICE}.*Campaign lead`) })).toBeVisible();
  await expect(person.getByRole("row", { name: new RegExp(`${OTHER_OFFICE}.*Staff`) })).toBeVisible();
  const axe = await new AxeBuilder({ page: person }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  const width = await person.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);

  // By keyboard: focus the switch button and press Enter.
  const back = person.getByRole("button", { name: `Act for ${OTHER_OFFICE}` });
  await back.focus();
  await person.keyboard.press("Enter");
  await expect(person).not.toHaveURL(/\/settings\/offices/);
  await expect(person.locator(".who")).toContainText(`(${OTHER_OFFICE})`);

  // The administrator removes her from the lead office again; her own office is untouched.
  await admin.goto("/admin");
  await admin.getByRole("button", { name: "Remove: Zsófia Kovács" }).click();
  await expect(admin.getByRole("cell", { name: ZSOFIA })).toHaveCount(0);
  await person.goto("/settings/offices");
  await expect(person.getByRole("row", { name: new RegExp(OTHER_OFFICE) })).toBeVisible();
  await expect(person.getByRole("row", { name: new RegExp(LEAD_OFFICE) })).toHaveCount(0);
  await adminContext.close();
  await personContext.close();
});
