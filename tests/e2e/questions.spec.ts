/**
 * Parliamentary questions in the browser (issue 13): a platform administrator imports a saved file of EP Open
 * Data responses on the admin page; the dashboard shows an overdue question of the office's Member; a letter
 * sent and left unanswered past its reply clock (the test clock moves, no sleeping) offers "draft a question
 * about this"; the draft, over 200 words, gets the Annex III warning; marked as tabled, it takes one slot of
 * the Member's quota. Signs in as Bart Groothuis (the lead office's Member, a platform administrator in the
 * demo data), whom no other spec signs in.
 */
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import {
  createLetter,
  freshPage,
  inviteMeps,
  publish,
  signInWithCode,
  signLinkOf,
  waitForInvitation,
} from "./support/helpers";
import { toIsoDate } from "#app/domain/reply-clock";

test.describe.configure({ mode: "serial" });

const BART = "bart.mep@demo.undersigned.test";
const stamp = Date.now();
const subject = `Customs scanners left unanswered ${stamp}`;
const signer = "Biljana Borzan";
const year = toIsoDate(new Date()).slice(0, 4);
const reference = `E-${String(900000 + (stamp % 99999)).padStart(6, "0")}/${year}`;

let page: Page;
let letterId: string;

test.beforeAll(async ({ browser }) => {
  page = await (await browser.newContext()).newPage();
  await signInWithCode(page, BART);
});
test.afterAll(async () => {
  // Back to the real date for the specs that run after this one.
  await page.goto("/admin/clock");
  await page.getByRole("button", { name: "Back to the real date" }).click();
  await page.context().close();
});

const remaining = async () => {
  await page.goto("/questions");
  const text = await page
    .getByText(/written questions? can still be tabled now/)
    .first()
    .textContent();
  return Number(/(\d+) written question/.exec(text ?? "")![1]);
};

test("a saved file of EP Open Data responses is imported on the admin page", async () => {
  await page.goto("/admin/questions");
  await page.getByLabel("Saved responses").setInputFiles({
    name: "questions-sample.jsonld",
    mimeType: "application/ld+json",
    buffer: readFileSync("db/data/questions-sample.jsonld"),
  });
  await page.getByRole("button", { name: "Import the file" }).click();
  await expect(async () => {
    await page.goto("/admin/questions");
    await expect(page.getByText(/added \d+, updated \d+, unchanged \d+, skipped 2/)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
});

test("the dashboard shows the Member's overdue question", async () => {
  await page.goto("/");
  const section = page.getByRole("region", { name: /Questions due or overdue/ });
  await expect(section).toContainText("E-004100/2026");
  await expect(section.getByText(/answer was due/).first()).toBeVisible();
});

test("a letter is signed and sent, then left unanswered past its reply clock", async ({ browser }) => {
  letterId = await createLetter(page, {
    subject,
    body: ["We ask the Commission to bar state-owned vendors from EU-funded customs scanner tenders."],
    addressee: {
      name: "Ursula von der Leyen",
      role: "President of the European Commission",
      salutation: "Dear President",
      email: `president.q${stamp}@commission.example.eu`,
    },
  });
  await publish(page, letterId);
  const since = Date.now() - 1000;
  await inviteMeps(page, letterId, [signer]);
  const {
    mails: [mail],
  } = await waitForInvitation(signer, since);
  const { context, page: signing } = await freshPage(browser);
  await signing.goto(new URL(signLinkOf(mail)).pathname);
  await signing.getByLabel("Type the Member's full name to confirm").fill(signer);
  await signing.getByRole("checkbox", { name: /I approve this exact text \(version 1\)/ }).check();
  await signing.getByRole("button", { name: "Sign the letter" }).click();
  await expect(signing.getByRole("status")).toContainText("Your signature on version 1 is recorded");
  await context.close();

  await page.goto(`/letters/${letterId}/deadline`);
  await page.getByRole("button", { name: "Close signing now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Signing is closed" }).first()).toBeVisible();
  await page.goto(`/letters/${letterId}/send`);
  await page.getByRole("button", { name: "Send to 1 recipient" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^(Sending|Sent)$/ })).toBeVisible();

  await page.goto(`/letters/${letterId}`);
  await expect(page.getByRole("link", { name: /draft a question about this/ })).toHaveCount(0);
  await page.goto("/admin/clock");
  await page.getByLabel("Move forward by (days)").fill("30");
  await page.getByRole("button", { name: "Move the clock and run the reply scheduler" }).click();
  await expect(page.getByRole("status")).toContainText("Clock moved");
});

test("from the overdue letter, a question is drafted with the 200-word warning, tabled, and the quota counts it", async () => {
  const before = await remaining();

  await page.goto(`/letters/${letterId}`);
  await page.getByRole("link", { name: "No reply and overdue: draft a question about this" }).click();
  await expect(page).toHaveURL(/\/questions\/drafts\/new\?letter=/);
  await expect(page.getByLabel("Title")).toHaveValue(subject);
  const body = page.getByLabel("Text", { exact: true });
  await expect(body).toHaveValue(new RegExp(subject.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  const long = Array.from({ length: 230 }, (_, i) => `word${i}`).join(" ");
  await body.fill(`${long}?`);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/questions\/drafts\/[0-9a-f-]{36}\?saved=1/);
  await expect(page.getByRole("region", { name: "Before tabling" })).toContainText(
    "230 words: Annex III allows at most 200.",
  );

  await page.getByLabel("Reference").fill(reference);
  await page.getByLabel("Tabled on").fill(toIsoDate(new Date()));
  await page.getByRole("button", { name: "Mark as tabled" }).click();
  await expect(page).toHaveURL(/\/questions\/[0-9a-f-]{36}\?added=new/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(reference);

  expect(await remaining()).toBe(before - 1);

  // The letter's timeline shows the step.
  await page.goto(`/letters/${letterId}`);
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText(reference);
});
