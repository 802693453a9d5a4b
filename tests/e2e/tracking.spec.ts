/**
 * The campaign lead's side on the demo data (issue 14): the start page of each role in its own order, a search
 * that finds a question from the short form people type ("E-213/2022"), the personal calendar feed read by a
 * well-kept ICS parser without a session, and a CSV export opened as a spreadsheet would (UTF-8 BOM, diacritics).
 * Signs in as the demo's Member and campaign lead only (other specs use the other demo people, and send the demo's
 * letters: this spec makes its own).
 */
import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import ICAL from "ical.js";
import { parse } from "csv-parse/sync";
import { createLetter, freshPage, publish, signInWithCode } from "./support/helpers";
import { NUCTECH_SUBJECT } from "#db/data/demo-letters";
import { NUCTECH_SIGNATORIES } from "#db/data/nuctech-signatories";

test.describe.configure({ mode: "serial" });

const MEP = "bart.mep@demo.undersigned.test";
const LEAD = "pieter.lead@demo.undersigned.test";
const SUBJECT = `Security criteria in customs tenders ${Date.now()}`;

let lead: Page;

async function signedIn(browser: Browser, email: string) {
  const { page } = await freshPage(browser);
  await signInWithCode(page, email);
  return page;
}

async function sectionTitles(page: Page) {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: /What needs you now/ })).toBeVisible();
  return page.locator("main h2").allTextContents();
}

test.beforeAll(async ({ browser }) => {
  lead = await signedIn(browser, LEAD);
});
test.afterAll(async () => {
  await lead?.context().close();
});

test("the start page of each role: the same facts, the campaign lead's page first with what came back", async ({
  browser,
}) => {
  // The Member drafts a letter and sets it to close in three days (Brussels time).
  const mep = await signedIn(browser, MEP);
  const letterId = await createLetter(mep, {
    subject: SUBJECT,
    body: ["We ask the Council to publish the security criteria it applies in customs equipment tenders."],
    addressee: { name: "Council of the European Union", email: `council.${Date.now()}@consilium.example.eu` },
  });
  await publish(mep, letterId);
  await mep.goto(`/letters/${letterId}/deadline`);
  const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
  const local = new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Brussels",
    dateStyle: "short",
    timeStyle: "short",
  }).format(inThreeDays);
  await mep.getByLabel("New deadline (Brussels time)").fill(local.replace(" ", "T"));
  await mep.getByLabel("Reminders, in days before the deadline").fill("");
  await mep.getByRole("button", { name: "Save deadline and reminders" }).click();
  await expect(mep.getByRole("status").first()).toContainText("Saved.");

  const mepTitles = await sectionTitles(mep);
  expect(mepTitles.map((t) => t.replace(/[\s\d()]*$/, ""))).toEqual([
    "Signing closes this week",
    "Comments and proposed changes waiting",
    "Ready to be sent",
    "Delivery failures",
    "Replies overdue",
    "Questions due or overdue",
  ]);
  const closing = (p: Page) => p.getByRole("region", { name: "Signing closes this week" });
  await expect(closing(mep).getByRole("link", { name: SUBJECT })).toBeVisible();
  await mep.context().close();

  const leadTitles = await sectionTitles(lead);
  expect(leadTitles.map((t) => t.replace(/[\s\d()]*$/, ""))).toEqual([
    "Replies overdue",
    "Questions due or overdue",
    "Delivery failures",
    "Ready to be sent",
    "Signing closes this week",
    "Comments and proposed changes waiting",
  ]);
  await expect(closing(lead).getByRole("link", { name: SUBJECT })).toBeVisible();
  // The demo's sent letter was answered: nothing is overdue, and the page says so rather than showing nothing.
  await expect(lead.getByRole("region", { name: "Replies overdue" })).toContainText("No reply is overdue.");
});

test("search finds the question from its short form, and the letter that cites it", async () => {
  await lead.goto("/search");
  await lead.getByRole("searchbox").fill("E-213/2022");
  await lead.keyboard.press("Enter");
  await expect(lead).toHaveURL(/[?&]q=E-213%2F2022/);
  await expect(lead.getByRole("link", { name: /E-000213\/2022/ }).first()).toBeVisible();
});

test("the calendar feed: a secret address any calendar can read, valid ICS with the office's due dates", async ({
  request,
}) => {
  await lead.goto("/settings/calendar");
  await lead.getByRole("button", { name: /^Make a (calendar address|new address)/ }).click();
  const address = await lead.getByLabel("Calendar address").inputValue();
  expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar\/[A-Za-z0-9_-]{20,}/);

  // Read as a calendar application does: no cookie, just the address.
  const res = await request.get(new URL(address).pathname + new URL(address).search, {
    headers: { cookie: "" },
  });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^text\/calendar/);
  const cal = new ICAL.Component(ICAL.parse(await res.text()));
  expect(cal.name).toBe("vcalendar");
  expect(cal.getFirstPropertyValue("prodid")).toBeTruthy();
  const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  expect(events.length).toBeGreaterThan(0);
  for (const e of events) {
    expect(e.uid).toBeTruthy();
    expect(e.startDate).toBeTruthy();
    expect(e.summary.length).toBeGreaterThan(0);
  }
  // The deadline set in the first test, on its day.
  const closing = events.find((e) => e.summary === `Signing closes: ${SUBJECT}`);
  expect(closing, "the signing deadline's event").toBeTruthy();
  expect(Math.abs(closing!.startDate.toJSDate().getTime() - Date.now() - 3 * 86_400_000)).toBeLessThan(2 * 86_400_000);

  // Stopping the address makes it dead at once.
  await lead.goto("/settings/calendar");
  await lead.getByRole("button", { name: "Stop this address" }).click();
  await expect(lead.getByText("The address no longer works.")).toBeVisible();
  const gone = await request.get(new URL(address).pathname, { headers: { cookie: "" } });
  expect(gone.status()).toBe(404);
});

test("the signatories CSV of the sent letter opens with the right diacritics (UTF-8 with BOM)", async () => {
  await lead.goto("/letters");
  await lead.getByRole("link", { name: NUCTECH_SUBJECT }).click();
  await expect(lead).toHaveURL(/\/letters\/[0-9a-f-]{36}$/);
  const [download] = await Promise.all([
    lead.waitForEvent("download"),
    lead
      .getByRole("link", { name: /signatories.*CSV|CSV/i })
      .first()
      .click(),
  ]);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes.subarray(3).toString("utf8"), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  expect(rows.length).toBe(NUCTECH_SIGNATORIES.length);
  const text = JSON.stringify(rows);
  for (const s of NUCTECH_SIGNATORIES.filter((s) => /[^\x20-\x7e]/.test(s.familyName)))
    expect(text, s.familyName).toContain(s.familyName.normalize("NFC"));
});
