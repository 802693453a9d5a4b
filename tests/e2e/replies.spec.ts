/**
 * The reply register in the browser: a letter sent to three addressees; an acknowledgement from one,
 * a referral from another (naming the new sender), a reply with a PDF from the third; bad input
 * refused with a clear message and nothing saved; the test clock moved forward (no sleeping): the
 * overdue states, exactly one overdue email and one "did they reply?" email per addressee still
 * owing, even when the scheduler runs again; search finds a word from the PDF; the statistics show
 * the medians.
 */
import { expect, test, type Page } from "@playwright/test";
import PDFDocument from "pdfkit";
import {
  ANNA,
  SOPHIE,
  createLetter,
  deliveriesTo,
  freshPage,
  inviteMeps,
  publish,
  signInWithCode,
  signLinkOf,
  waitForEmails,
  waitForInvitation,
} from "./support/helpers";
// Dates as the app reads them: the calendar day in Brussels, not in UTC (they differ after 22:00 UTC).
import { toIsoDate } from "#app/domain/reply-clock";

test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const subject = `Reply clocks for scanner tenders ${stamp}`;
const PDF_WORD = `Quillwort${stamp % 100000}`;
const addressees = [
  {
    name: "Ursula von der Leyen",
    role: "President of the European Commission",
    salutation: "Dear President",
    email: `president.${stamp}@commission.example.eu`,
  },
  {
    name: "Thierry Breton",
    role: "Commissioner for the Internal Market",
    salutation: "Dear Commissioner",
    email: `breton.${stamp}@commission.example.eu`,
  },
  {
    name: "Paolo Gentiloni",
    role: "Commissioner for the Economy",
    salutation: "Dear Commissioner",
    email: `gentiloni.${stamp}@commission.example.eu`,
  },
];
const signer = "Biljana Borzan";

let staff: Page;
let admin: Page;
let letterUrl: string;

function pdfWith(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

test.beforeAll(async ({ browser }) => {
  staff = await (await browser.newContext()).newPage();
  admin = await (await browser.newContext()).newPage();
  await signInWithCode(staff, ANNA);
  await signInWithCode(admin, SOPHIE);
});
test.afterAll(async () => {
  // Back to the real date for the specs that run after this one.
  await admin.goto("/admin/clock");
  await admin.getByRole("button", { name: "Back to the real date" }).click();
  await staff.context().close();
  await admin.context().close();
});

test("a letter to three addressees is signed and sent", async ({ browser }) => {
  const letterId = await createLetter(staff, {
    subject,
    body: ["We ask the Commission to report on the security of scanner tenders."],
    addressee: addressees[0],
  });
  letterUrl = `/letters/${letterId}`;
  for (const a of addressees.slice(1)) {
    const form = staff.locator("form").filter({ has: staff.locator('input[name="intent"][value="add-addressee"]') });
    await form.getByLabel("Name", { exact: true }).fill(a.name);
    await form.getByLabel("Role", { exact: true }).fill(a.role);
    await form.getByLabel("Salutation", { exact: true }).fill(a.salutation);
    await form.getByLabel("Email", { exact: true }).fill(a.email);
    await form.getByRole("button", { name: "Add addressee" }).click();
    await expect(staff.getByRole("region", { name: "Addressees" }).getByText(a.email)).toBeVisible();
  }
  await publish(staff, letterId);
  const since = Date.now() - 1000;
  await inviteMeps(staff, letterId, [signer]);
  const {
    mails: [mail],
  } = await waitForInvitation(signer, since);
  const { context, page } = await freshPage(browser);
  await page.goto(new URL(signLinkOf(mail)).pathname);
  await page.getByLabel("Type the Member's full name to confirm").fill(signer);
  await page.getByRole("checkbox", { name: /I approve this exact text \(version 1\)/ }).check();
  await page.getByRole("button", { name: "Sign the letter" }).click();
  await expect(page.getByRole("status")).toContainText("Your signature on version 1 is recorded");
  await context.close();

  await staff.goto(`${letterUrl}/deadline`);
  await staff.getByRole("button", { name: "Close signing now" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Signing is closed" }).first()).toBeVisible();
  await staff.goto(`${letterUrl}/send`);
  await staff.getByRole("button", { name: "Send to 3 recipients" }).click();
  await expect(staff.getByRole("heading", { level: 1, name: /^(Sending|Sent)$/ })).toBeVisible();
});

test("the letter's clock is set to 10 working days, and the matrix shows every addressee awaiting", async () => {
  await staff.goto(`${letterUrl}/replies`);
  const clock = staff.getByRole("region", { name: "Reply clock" });
  await clock.getByLabel("Reply due after (days)").fill("10");
  await clock.getByLabel("Very overdue after (days)").fill("20");
  await clock.getByRole("button", { name: "Set this letter's clock" }).click();
  await expect(staff.getByRole("status")).toHaveText("Reply clock saved.");
  const matrix = staff.getByRole("region", { name: "Who has answered" });
  for (const a of addressees)
    await expect(matrix.getByRole("row", { name: new RegExp(a.name) })).toContainText("Awaiting reply");
  // How the date was computed is shown next to it.
  await expect(matrix.getByRole("row", { name: new RegExp(addressees[0].name) })).toContainText("plus 10 working days");
});

/** Fills the log form for one addressee (the others unticked). */
async function fillLog(page: Page, addressee: string, fields: Record<string, string>) {
  const log = page.getByRole("region", { name: "Log a reply" });
  for (const a of addressees) {
    const box = log.getByRole("checkbox", { name: new RegExp(`^${a.name}`) });
    if (a.name === addressee) await box.check();
    else await box.uncheck();
  }
  for (const [label, value] of Object.entries(fields)) {
    if (label === "Kind") await log.getByLabel("Kind").selectOption({ label: value });
    else await log.getByLabel(label, { exact: true }).fill(value);
  }
  return log;
}

const today = () => toIsoDate(new Date());

test("an acknowledgement, a referral naming the new sender, and a reply with a PDF are logged", async () => {
  await staff.goto(`${letterUrl}/replies`);
  let log = await fillLog(staff, addressees[0].name, {
    Kind: "Acknowledgement of receipt",
    "Received on": today(),
    From: "Secretariat-General",
    "Their reference": `Ref. Ares(${today().slice(0, 4)})1234567`,
    "Text of the reply": "We acknowledge receipt of your letter.",
  });
  await log.getByRole("button", { name: "Log the reply" }).click();
  await expect(staff.getByRole("status")).toHaveText("Reply logged.");

  log = await fillLog(staff, addressees[1].name, {
    Kind: "Referral to another sender",
    "Received on": today(),
    From: addressees[1].name,
    "Name of the new sender": "Margrethe Vestager",
    "Their role": "Executive Vice-President",
    "Text of the reply": "Executive Vice-President Vestager will respond on behalf of the Commission.",
  });
  await log.getByRole("button", { name: "Log the reply" }).click();
  await expect(staff.getByRole("status")).toHaveText("Reply logged.");

  log = await fillLog(staff, addressees[2].name, {
    Kind: "Substantive reply",
    "Received on": today(),
    From: addressees[2].name,
    "On behalf of": "the President",
  });
  await log.getByLabel("The reply as a file").setInputFiles({
    name: "reply.pdf",
    mimeType: "application/pdf",
    buffer: await pdfWith(`The Commission has reviewed the ${PDF_WORD} procurement and will report.`),
  });
  await log.getByRole("button", { name: "Log the reply" }).click();
  await expect(staff.getByRole("status")).toHaveText("Reply logged.");

  const matrix = staff.getByRole("region", { name: "Who has answered" });
  await expect(matrix.getByRole("row", { name: new RegExp(addressees[0].name) })).toContainText("Acknowledged");
  const referred = matrix.getByRole("row", { name: new RegExp(addressees[1].name) });
  await expect(referred).toContainText("Referred");
  await expect(referred).toContainText("Margrethe Vestager");
  await expect(matrix.getByRole("row", { name: new RegExp(addressees[2].name) })).toContainText("Answered");
  await expect(staff.getByRole("region", { name: "Replies received" }).getByRole("listitem")).toHaveCount(3);
});

test("bad input gets a clear message and nothing is saved", async () => {
  await staff.goto(`${letterUrl}/replies`);
  const received = () => staff.getByRole("region", { name: "Replies received" }).getByRole("listitem");
  const submit = async (fields: Record<string, string>, file?: { name: string; mimeType: string; buffer: Buffer }) => {
    const log = await fillLog(staff, addressees[0].name, { From: "Someone", "Their reference": "", ...fields });
    if (file) await log.getByLabel("The reply as a file").setInputFiles(file);
    await log.getByRole("button", { name: "Log the reply" }).click();
    await expect(staff.getByRole("alert").first()).toContainText("Nothing was saved");
    await expect(received()).toHaveCount(3);
  };

  // An impossible date: the date picker would not let a person type it, so it is typed as text.
  await staff.locator("#receivedOn").evaluate((el) => el.setAttribute("type", "text"));
  await submit({ "Received on": "2024-02-31", "Text of the reply": "x" });
  await expect(staff.locator("#receivedOn-error")).toContainText("2024-02-31 does not exist");

  await submit({ "Received on": today(), "Their reference": "Ares(20x3)12", "Text of the reply": "x" });
  await expect(staff.locator("#theirReference-error")).toContainText("This is not an Ares reference");

  await submit(
    { "Received on": today(), "Text of the reply": "x" },
    { name: "big.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(30 * 1024 * 1024, 0x25) },
  );
  await expect(staff.locator("#file-error")).toContainText("The file is too large");

  await submit(
    { "Received on": today() },
    { name: "reply.pdf", mimeType: "application/pdf", buffer: Buffer.from("GIF89a, not a PDF") },
  );
  await expect(staff.locator("#file-error")).toContainText("Only PDF and Word (.docx) files");
});

test("after 16 days on the test clock: overdue states, one overdue and one 'did they reply?' email per addressee", async () => {
  const since = Date.now() - 1000;
  await admin.goto("/admin/clock");
  await admin.getByLabel("Move forward by (days)").fill("16");
  await admin.getByRole("button", { name: "Move the clock and run the reply scheduler" }).click();
  await expect(admin.getByRole("status")).toContainText("Clock moved");

  await staff.goto(`${letterUrl}/replies`);
  const matrix = staff.getByRole("region", { name: "Who has answered" });
  await expect(matrix.getByRole("row", { name: new RegExp(addressees[0].name) })).toContainText("Overdue");
  await expect(matrix.getByRole("row", { name: new RegExp(addressees[1].name) })).toContainText("Overdue");
  await expect(matrix.getByRole("row", { name: new RegExp(addressees[2].name) })).toContainText("Answered");

  const mine = (re: RegExp) => (d: { subject: string }) => d.subject.includes(subject) && re.test(d.subject);
  for (const owedBy of [addressees[0].name, "Margrethe Vestager"])
    await waitForEmails(ANNA, { since, match: mine(new RegExp(`^Overdue: ${owedBy} has not replied`)) });
  for (const a of addressees.slice(0, 2))
    await waitForEmails(ANNA, { since, match: mine(new RegExp(`^Did ${a.name} reply`)) });

  // The scheduler runs again: nothing new is queued, so nothing is sent twice.
  await admin.getByLabel("Move forward by (days)").fill("0");
  await admin.getByRole("button", { name: "Move the clock and run the reply scheduler" }).click();
  await expect(admin.getByRole("status")).toContainText("0 reply alerts queued");

  const mails = (await deliveriesTo(ANNA, since)).filter((d) => d.subject.includes(subject));
  const count = (re: RegExp) => mails.filter((d) => re.test(d.subject)).length;
  expect(count(new RegExp(`^Overdue: ${addressees[0].name}`))).toBe(1);
  expect(count(/^Overdue: Margrethe Vestager/)).toBe(1);
  expect(count(new RegExp(`${addressees[2].name}`))).toBe(0);
  for (const a of addressees.slice(0, 2)) expect(count(new RegExp(`^Did ${a.name} reply`))).toBe(1);
});

test("search finds a word that is only in the uploaded PDF", async () => {
  await staff.goto(`/replies?q=${PDF_WORD}`);
  const results = staff.getByRole("list", { name: "Replies found" });
  await expect(results.getByRole("link", { name: new RegExp(subject) })).toBeVisible();
  await expect(results).toContainText(PDF_WORD);
});

test("the statistics page shows the median days to answer", async () => {
  await staff.goto("/replies/stats");
  const byAddressee = staff.getByRole("region", { name: "By addressee" });
  // The demo letter's reply came after 71 days, to each of its three addressees.
  await expect(byAddressee.getByRole("row", { name: /^Thierry Breton/ }).locator('[data-col="median"]')).toHaveText(
    "71",
  );
  await expect(
    byAddressee.getByRole("row", { name: /^Paolo Gentiloni/ }).locator('[data-col="median"]'),
  ).not.toHaveText("—");
  const byInstitution = staff.getByRole("region", { name: "By institution" });
  await expect(byInstitution.getByRole("row", { name: /European Commission/ })).toBeVisible();
  await expect(staff.getByRole("figure")).toContainText("Median days to answer");
});
