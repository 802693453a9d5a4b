/**
 * Drafting in Chromium: a letter typed into the real Lexical editor with a footnote, version 1,
 * an edit that autosaves, version 2, and the word diff between them; then two pages on one draft,
 * where the second save (by button, and by autosave) shows the conflict with both texts and
 * overwrites nothing, and leaving with unsaved changes asks first.
 */
import { expect, test, type Page } from "@playwright/test";
import { ANNA, createLetter, publish, signInWithCode } from "./support/helpers";

test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const subject = `Whistleblower protection in the agencies ${stamp}`;

let staff: Page;
let letterId: string;

test.beforeAll(async ({ browser }) => {
  staff = await (await browser.newContext()).newPage();
  await signInWithCode(staff, ANNA);
});
test.afterAll(async () => {
  await staff.context().close();
});

const editor = (page: Page) => page.getByRole("textbox", { name: "Text of the letter" });
const autosaveStatus = (page: Page) => page.locator(".autosave-status");

/** Puts the caret at the very end of the letter text. */
async function caretToEnd(page: Page) {
  await editor(page).click();
  await page.keyboard.press("Control+End");
}

test("types a letter with a footnote, publishes v1, edits (autosaved), publishes v2 and reads the diff", async () => {
  letterId = await createLetter(staff, {
    subject,
    body: ["We ask the Commission to protect whistleblowers in every agency."],
    addressee: {
      name: "Věra Jourová",
      role: "Vice-President",
      salutation: "Dear Vice-President",
      email: "vp.jourova@commission.example.eu",
    },
  });
  // A footnote after the last word, through the toolbar.
  await caretToEnd(staff);
  await staff.getByRole("button", { name: "Insert footnote" }).click();
  await staff.getByLabel("Footnote text").fill("Directive (EU) 2019/1937 of 23 October 2019.");
  await staff.getByRole("button", { name: "Add footnote" }).click();
  await expect(editor(staff).locator("sup[data-lexical-footnote]")).toHaveCount(1);
  // The change is autosaved: the status says so without pressing anything.
  await expect(autosaveStatus(staff)).toContainText("Unsaved changes");
  await expect(autosaveStatus(staff)).toContainText("All changes saved", { timeout: 15_000 });

  await publish(staff, letterId);
  const current = staff.getByRole("region", { name: "Current version" });
  await expect(current.getByText("Version 1")).toBeVisible();
  await expect(current).toContainText("protect whistleblowers in every agency");
  await expect(current).toContainText("Directive (EU) 2019/1937 of 23 October 2019.");

  // Edit: "every" becomes "each", and a new paragraph; autosave keeps it without pressing Save.
  await staff.goto(`/letters/${letterId}/edit`);
  await expect(autosaveStatus(staff)).toContainText("All changes saved");
  await editor(staff).click();
  await staff.keyboard.press("Control+Home");
  const sentence = "We ask the Commission to protect whistleblowers in every agency.";
  for (let i = 0; i < sentence.indexOf("every"); i++) await staff.keyboard.press("ArrowRight");
  for (let i = 0; i < "every".length; i++) await staff.keyboard.press("Shift+ArrowRight");
  await staff.keyboard.type("each");
  await expect(editor(staff)).toContainText("whistleblowers in each agency.");
  await caretToEnd(staff);
  await staff.keyboard.press("Enter");
  await staff.keyboard.type("We also ask for a report within six months.");
  await expect(autosaveStatus(staff)).toContainText("All changes saved", { timeout: 15_000 });
  // Saved on the server, not only in this page: a reload shows the text.
  await staff.reload();
  await expect(editor(staff)).toContainText("We also ask for a report within six months.");
  await expect(editor(staff)).toContainText("in each agency.");
  await publish(staff, letterId);
  await expect(staff.getByRole("region", { name: "Current version" }).getByText("Version 2")).toBeVisible();

  // The versions list links to the diff.
  await staff.getByRole("link", { name: "Changes from version 1 to version 2" }).click();
  await expect(staff).toHaveURL(new RegExp(`/letters/${letterId}/compare\\?from=1&to=2`));
  await expect(staff.getByRole("heading", { name: "Changes from version 1 to version 2" })).toBeVisible();
  const body = staff.getByRole("group", { name: "Text", exact: true });
  await expect(body.locator("del").first()).toContainText("every");
  await expect(body.locator("ins").first()).toContainText("each");
  await expect(body.locator("ins").last()).toContainText("We also ask for a report within six months.");
  // The legend and the spoken markers are there for screen readers.
  await expect(staff.getByText("added text", { exact: true })).toBeVisible();
  await expect(body.locator("ins .visually-hidden").first()).toHaveText(/added:/);
  // Readable on a phone: no horizontal scrolling.
  await staff.setViewportSize({ width: 360, height: 740 });
  const overflow = await staff.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(1);
  await staff.setViewportSize({ width: 1280, height: 720 });
});

test("two pages on the same draft: the second save shows the conflict with both texts and overwrites nothing", async () => {
  const context = staff.context();
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto(`/letters/${letterId}/edit`);
  await second.goto(`/letters/${letterId}/edit`);

  await caretToEnd(first);
  await first.keyboard.type(" Alpha from the first page.");
  await first.getByRole("button", { name: "Save draft" }).click();
  await expect(first.getByRole("status").filter({ hasText: "Draft saved" })).toBeVisible();

  await caretToEnd(second);
  await second.keyboard.type(" Bravo from the second page.");
  await second.getByRole("button", { name: "Save draft" }).click();
  await expect(second.getByRole("alert").filter({ hasText: "Someone else saved this draft" })).toBeVisible();
  await expect(second.getByTestId("conflict-theirs")).toContainText("Alpha from the first page.");
  await expect(second.getByTestId("conflict-theirs")).not.toContainText("Bravo");
  await expect(second.getByTestId("conflict-mine")).toContainText("Bravo from the second page.");
  // Their text was kept, and the second page's text is still in its editor to be merged by hand.
  await expect(editor(second)).toContainText("Bravo from the second page.");
  await expect(autosaveStatus(second)).toContainText("Automatic saving has stopped");
  // The refused save left the text unsaved, so leaving still asks.
  await second.getByRole("link", { name: `← ${subject}` }).click();
  await expect(second.getByRole("alertdialog")).toContainText("You have unsaved changes");
  await second.getByRole("button", { name: "Stay on this page" }).click();
  await expect(editor(second)).toContainText("Bravo from the second page.");

  const check = await context.newPage();
  await check.goto(`/letters/${letterId}/edit`);
  await expect(editor(check)).toContainText("Alpha from the first page.");
  await expect(editor(check)).not.toContainText("Bravo");
  await Promise.all([first.close(), second.close(), check.close()]);
});

test("autosave meets a newer save: it shows both texts, stops, and leaving asks first", async () => {
  const context = staff.context();
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto(`/letters/${letterId}/edit`);
  await second.goto(`/letters/${letterId}/edit`);

  await caretToEnd(first);
  await first.keyboard.type(" Charlie autosaved.");
  await expect(autosaveStatus(first)).toContainText("All changes saved", { timeout: 15_000 });

  await caretToEnd(second);
  await second.keyboard.type(" Delta typed later.");
  await expect(second.getByTestId("conflict-theirs")).toContainText("Charlie autosaved.", { timeout: 15_000 });
  await expect(second.getByTestId("conflict-mine")).toContainText("Delta typed later.");
  await expect(autosaveStatus(second)).toContainText("Automatic saving has stopped");
  // More typing does not start autosaving again.
  await second.keyboard.type(" Echo.");
  await second.waitForTimeout(4500);
  const check = await context.newPage();
  await check.goto(`/letters/${letterId}/edit`);
  await expect(editor(check)).toContainText("Charlie autosaved.");
  await expect(editor(check)).not.toContainText("Delta");
  await check.close();

  // Leaving inside the app with unsaved changes asks first; staying keeps the text.
  await second.getByRole("link", { name: `← ${subject}` }).click();
  const dialog = second.getByRole("alertdialog");
  await expect(dialog).toContainText("You have unsaved changes");
  await dialog.getByRole("button", { name: "Stay on this page" }).click();
  await expect(second).toHaveURL(new RegExp(`/letters/${letterId}/edit$`));
  await expect(editor(second)).toContainText("Echo.");
  await Promise.all([first.close(), second.close()]);
});

test("comments, templates, starting from an earlier letter and search render and work", async () => {
  // A proposed change by a member, accepted by the office (the draft is edited by hand afterwards).
  await staff.goto(`/letters/${letterId}`);
  await staff.getByRole("link", { name: "Comments", exact: true }).click();
  await expect(staff.getByRole("heading", { level: 1, name: "Comments and proposed changes" })).toBeVisible();
  await staff.getByLabel("Passage to change (copy it from the letter)").fill("within six months");
  await staff.getByLabel("Proposed new text for that passage").fill("within three months");
  await staff.getByRole("button", { name: "Post" }).click();
  await expect(staff.getByRole("status")).toContainText("your comment on version 2");
  const item = staff.locator(".comment-list > li").last();
  await expect(item).toContainText("on version 2");
  await item.getByRole("button", { name: "Decline" }).click();
  await expect(staff.getByText("Give a reason when declining.")).toBeVisible();
  await staff.locator(".comment-list > li").last().getByRole("button", { name: "Accept" }).click();
  await expect(staff.locator(".comment-list > li").last()).toContainText("accepted");

  // Save as template, then start a new letter from it and from this letter.
  await staff.goto(`/letters/${letterId}/edit`);
  await staff.getByLabel("Template name").fill(`Agencies template ${stamp}`);
  await staff.getByRole("button", { name: "Save as template" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Saved as the template" })).toBeVisible();
  await staff.goto("/templates");
  await expect(staff.getByRole("cell", { name: `Agencies template ${stamp}`, exact: true })).toBeVisible();
  await staff.goto("/letters/new");
  await staff.getByLabel("A saved template").selectOption({ label: `Agencies template ${stamp}` });
  await staff.getByRole("button", { name: "Use this template" }).click();
  await expect(staff).toHaveURL(/\/letters\/[0-9a-f-]{36}\/edit$/);
  await expect(staff.getByLabel("Subject", { exact: true })).toHaveValue(subject);
  await expect(editor(staff)).toContainText("We also ask for a report within six months.");
  await staff.goto("/letters/new");
  await staff.getByLabel("An earlier letter of your office").selectOption(letterId);
  await staff.getByRole("button", { name: "Copy this letter" }).click();
  await expect(staff).toHaveURL(/\/letters\/[0-9a-f-]{36}\/edit$/);
  await expect(staff.getByRole("region", { name: "Addressees" })).toContainText("Věra Jourová");

  // Search from the letters list finds the published text, with the match marked.
  await staff.goto("/letters");
  await staff.getByRole("searchbox", { name: "Search your office's letters" }).fill("whistleblowers");
  await staff.getByRole("button", { name: "Search", exact: true }).click();
  await expect(staff).toHaveURL(/\/search\?q=whistleblowers/);
  const result = staff.locator(".search-results > li").filter({ hasText: subject });
  await expect(result.locator("mark").first()).toHaveText(/whistleblowers/i);
});
