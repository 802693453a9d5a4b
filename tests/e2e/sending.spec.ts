/**
 * Sending in the browser, on the demo letter that is still collecting signatures:
 * the tally → close signing → the checklist → send → per-recipient statuses → download the PDF →
 * the public verification page, which confirms the downloaded PDF byte for byte.
 */
import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { freshPage, signInWithCode, waitForEmails, SOPHIE } from "./support/helpers";

test.describe.configure({ mode: "serial" });

const SUBJECT = "Security criteria in CCEI tenders: one year on";
const ADDRESSEE = "gentiloni.demo@ec.demo.undersigned.test";

let page: Page;
let letterUrl: string;
let since: number;

test.beforeAll(async ({ browser }) => {
  page = await (await browser.newContext()).newPage();
  await signInWithCode(page, SOPHIE);
});
test.afterAll(async () => page.context().close());

test("the tally counts the demo letter's signatures by group and member state", async () => {
  await page.goto("/letters");
  await page.getByRole("link", { name: SUBJECT }).click();
  await expect(page).toHaveURL(/\/letters\/[0-9a-f-]{36}$/);
  letterUrl = new URL(page.url()).pathname;
  await page.goto(`${letterUrl}/tally`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Tally");
  // Three signatures in the seed: Auštrevičius (Renew, LT), Azmani (Renew, NL), Bricmont (Greens/EFA, BE).
  const main = page.getByRole("main");
  await expect(main).toContainText("3 signatures");
  await expect(main).toContainText("2 political groups");
  await expect(main).toContainText("3 member states");
  await expect(main.getByRole("table").first()).toContainText("Renew");
  await expect(main).toContainText("Lithuania");
  // One table of member state × group, with totals both ways; the Netherlands row has its one Renew signature.
  const cross = main.getByRole("table", { name: /member state \(rows\) and political group/ });
  await expect(cross.getByRole("columnheader")).toHaveText(["Member state", "Renew", "Greens/EFA", "Total"]);
  const nl = cross.getByRole("row", { name: /Netherlands/ });
  await expect(nl.getByRole("cell")).toHaveText(["1", "0", "1"]);
  await expect(cross.getByRole("row", { name: /^Total/ }).getByRole("cell")).toHaveText(["2", "1", "3"]);
});

test("close signing, review the checklist and send", async () => {
  await page.goto(letterUrl);
  await page.getByRole("link", { name: "Deadline and reminders" }).click();
  await page.getByRole("button", { name: "Close signing now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Signing is closed" }).first()).toBeVisible();

  await page.goto(`${letterUrl}/send`);
  const checklist = page.getByRole("region", { name: "Ready to send" });
  await expect(checklist).toContainText("3 signatures count");
  await expect(checklist.getByText("Not ready")).toHaveCount(0);
  since = Date.now() - 1000;
  await page.getByRole("button", { name: /^Send to 1 recipient/ }).click();
  await expect(page).toHaveURL(new RegExp(`${letterUrl}/send\\?sent=1`));
  await expect(page.getByRole("heading", { level: 1, name: /^(Sending|Sent)$/ })).toBeVisible();
});

test("per-recipient status reaches 'sent' and the letter arrived once", async () => {
  const [mail] = await waitForEmails(ADDRESSEE, { since });
  expect(mail.to).toHaveLength(1);
  // The worker settles the send; the status page shows it after a reload.
  await expect(async () => {
    await page.reload();
    const row = page.getByRole("row", { name: new RegExp(ADDRESSEE.replace(/\./g, "\\.")) });
    await expect(row).toContainText(/Accepted by the email provider|Delivered/);
    // "Sent" only once every addressee's message was accepted.
    await expect(page.getByRole("heading", { level: 1, name: "Sent" })).toBeVisible();
  }).toPass({ timeout: 15_000 });
});

test("the PDF downloads and the public verification page confirms it", async ({ browser }) => {
  const res = await page.request.get(`${letterUrl}/pdf`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/pdf");
  const pdf = await res.body();
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const sha = createHash("sha256").update(pdf).digest("hex");

  // The verification link printed in the email, opened by anyone without an account.
  const [mail] = await waitForEmails(ADDRESSEE, { since });
  const verifyUrl = /https?:\/\/[^\s"<>]+\/verify\/[A-Za-z0-9_-]{16}/.exec(`${mail.text ?? ""} ${mail.html ?? ""}`)![0];
  const { context, page: visitor } = await freshPage(browser);
  await visitor.goto(new URL(verifyUrl).pathname);
  await expect(visitor.getByRole("heading", { level: 1 })).toContainText("sent through Undersigned");
  await expect(visitor.getByRole("main")).toContainText(SUBJECT);
  await expect(visitor.getByRole("main")).toContainText(sha);
  await visitor.getByLabel("PDF file").setInputFiles({ name: "letter.pdf", mimeType: "application/pdf", buffer: pdf });
  await visitor.getByRole("button", { name: "Check" }).click();
  await expect(visitor.getByText("Match: this is exactly the PDF that was sent.")).toBeVisible();
  // A different file does not match.
  await visitor
    .getByLabel("PDF file")
    .setInputFiles({ name: "other.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 not the letter") });
  await visitor.getByRole("button", { name: "Check" }).click();
  await expect(visitor.getByText(/^No match/)).toBeVisible();
  await context.close();
});
