/**
 * The thin flow, end to end in Chromium: sign in by emailed code, draft a letter in the
 * Lexical editor, publish version 1, invite three MEPs, each signs through the personal link read
 * from their invitation email, send one email per addressee, log the reply and the question, and
 * see it all on the timeline. Every email is read from the fake Resend server the app sends to.
 */
import { expect, test, type Page } from "@playwright/test";
import {
  ANNA,
  ZSOFIA,
  bareAddress,
  bodyOf,
  createLetter,
  deliveries,
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

const subject = `Export controls on scanning equipment ${Date.now()}`;
const body = [
  "We write to you about the procurement of security scanners from companies subject to foreign state control.",
  "We ask the Commission to review these contracts and to report to Parliament.",
];
const addressees = [
  {
    name: "Ursula von der Leyen",
    role: "President of the European Commission",
    salutation: "Dear President",
    email: "president@commission.example.eu",
  },
  {
    name: "Margrethe Vestager",
    role: "Executive Vice-President",
    salutation: "Dear Executive Vice-President",
    email: "evp.vestager@commission.example.eu",
  },
  {
    name: "Ylva Johansson",
    role: "Commissioner for Home Affairs",
    salutation: "Dear Commissioner",
    email: "commissioner.johansson@commission.example.eu",
  },
];
// Members of the demo directory who are not invited to the demo letters.
const invitees = [
  { given: "Tiziana", family: "Beghin" },
  { given: "Karima", family: "Delli" },
  { given: "Yannick", family: "Jadot" },
].map((m) => ({ ...m, name: `${m.given} ${m.family}` }));

let staff: Page;
let letterId: string;
let letterUrl: string;

test.beforeAll(async ({ browser }) => {
  staff = await (await browser.newContext()).newPage();
});
test.afterAll(async () => {
  await staff.context().close();
});

test("staff signs in with the emailed one-time code", async () => {
  await signInWithCode(staff, ANNA);
  await expect(staff).toHaveURL(/\/letters$/);
  await expect(staff.getByRole("heading", { level: 1, name: "Letters" })).toBeVisible();
});

test("staff drafts a letter in the editor, adds two more addressees and publishes version 1", async () => {
  letterId = await createLetter(staff, { subject, body, addressee: addressees[0] });
  letterUrl = `/letters/${letterId}`;
  // The draft kept the text typed into the editor.
  await expect(staff.getByRole("textbox", { name: "Text of the letter" })).toContainText(body[0]);

  for (const a of addressees.slice(1)) {
    const form = staff.locator("form").filter({ has: staff.locator('input[name="intent"][value="add-addressee"]') });
    await form.getByLabel("Name", { exact: true }).fill(a.name);
    await form.getByLabel("Role", { exact: true }).fill(a.role);
    await form.getByLabel("Salutation", { exact: true }).fill(a.salutation);
    await form.getByLabel("Email", { exact: true }).fill(a.email);
    await form.getByRole("button", { name: "Add addressee" }).click();
    await expect(staff.getByRole("region", { name: "Addressees" }).getByText(a.email)).toBeVisible();
  }
  await expect(staff.getByRole("region", { name: "Addressees" }).locator("ol > li")).toHaveCount(3);

  await publish(staff, letterId);
  const current = staff.getByRole("region", { name: "Current version" });
  await expect(current.getByText("Version 1")).toBeVisible();
  await expect(current).toContainText(body[0]);
  await expect(current).toContainText(body[1]);
});

test("staff invites three MEPs from the directory and each gets an email with a personal link", async () => {
  const since = Date.now() - 1000;
  await inviteMeps(
    staff,
    letterId,
    invitees.map((m) => m.name),
  );
  await staff.goto(letterUrl);
  const invitations = staff.getByRole("region", { name: /Invitations/ });
  await expect(invitations.getByRole("heading")).toHaveText("Invitations (3)");
  for (const m of invitees) {
    const { mails } = await waitForInvitation(m.name, since);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toHaveLength(1);
    expect(signLinkOf(mails[0])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sign\/[A-Za-z0-9_-]+$/);
  }
});

test("opening a signing link records nothing; a malformed token gets the generic invalid-link page", async ({
  browser,
}) => {
  const {
    mails: [mail],
  } = await waitForInvitation(invitees[0].name);
  const { context, page } = await freshPage(browser);
  const res = await page.goto(new URL(signLinkOf(mail)).pathname);
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign the letter" })).toBeVisible();
  // The signing page is plain HTML forms: it ships no JavaScript at all (issue 16), and loads nothing but its CSS.
  await expect(page.locator("script")).toHaveCount(0);
  await expect(page.locator("link[rel=modulepreload]")).toHaveCount(0);
  // A second GET (a mail scanner, a prefetch) changes nothing either.
  await page.reload();

  await staff.goto(letterUrl);
  const row = staff
    .getByRole("region", { name: /Invitations/ })
    .getByRole("row", { name: new RegExp(invitees[0].name) });
  await expect(row).toContainText("pending");
  await expect(staff.getByRole("heading", { name: "Signatures (0)" })).toBeVisible();

  const bad = await page.goto("/sign/not-a-real-token!");
  expect(bad?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link is invalid or has expired");
  await expect(page.getByText(subject)).toHaveCount(0);
  // A well-formed token that does not exist gets the same page.
  const unknown = await page.goto(`/sign/${"A".repeat(43)}`);
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link is invalid or has expired");
  await context.close();
});

test("each invitee opens the link without an account, reads the letter and signs", async ({ browser }) => {
  for (const m of invitees) {
    const {
      mails: [mail],
    } = await waitForInvitation(m.name);
    const { context, page } = await freshPage(browser);
    await page.goto(new URL(signLinkOf(mail)).pathname);
    const letter = page.getByRole("article", { name: subject });
    await expect(letter).toContainText(body[0]);
    await expect(letter).toContainText(body[1]);
    await expect(letter).toContainText(addressees[0].name);
    await page.getByLabel("Type the Member's full name to confirm").fill(m.name);
    await page.getByRole("checkbox", { name: /I approve this exact text \(version 1\)/ }).check();
    await page.getByRole("button", { name: "Sign the letter" }).click();
    await expect(page.getByRole("status")).toContainText("Your signature on version 1 is recorded");
    await context.close();
  }
  await staff.goto(letterUrl);
  await expect(staff.getByRole("heading", { name: "Signatures (3)" })).toBeVisible();
  const sigs = staff.getByRole("region", { name: /Signatures/ });
  for (const m of invitees) await expect(sigs.getByRole("row", { name: new RegExp(m.name) })).toContainText("v1");
});

test("a member of another office gets 404 on the letter", async ({ browser }) => {
  const { context, page } = await freshPage(browser);
  await signInWithCode(page, ZSOFIA);
  for (const path of [letterUrl, `${letterUrl}/edit`, `${letterUrl}/invite`, `${letterUrl}/send`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByText(subject)).toHaveCount(0);
  }
  await context.close();
});

test("staff closes signing and sends the letter: one email per addressee, each to exactly one recipient", async () => {
  await staff.goto(letterUrl);
  await staff.getByRole("link", { name: "Deadline and reminders" }).click();
  await staff.getByRole("button", { name: "Close signing now" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Signing is closed" }).first()).toBeVisible();

  const since = Date.now() - 1000;
  await staff.goto(letterUrl);
  await staff.getByRole("link", { name: "Send the letter" }).click();
  await expect(staff).toHaveURL(`${letterUrl}/send`);
  const checklist = staff.getByRole("region", { name: "Ready to send" });
  await expect(checklist).toContainText("3 signatures count");
  await expect(checklist).toContainText("3 recipients with an email address");
  await expect(checklist.getByText("Not ready")).toHaveCount(0);
  await staff.getByRole("button", { name: "Send to 3 recipients" }).click();
  await expect(staff).toHaveURL(new RegExp(`${letterUrl}/send\\?sent=1`));
  await expect(staff.getByRole("heading", { level: 1, name: /^(Sending|Sent)$/ })).toBeVisible();

  for (const a of addressees) {
    const mails = await waitForEmails(a.email, { since });
    expect(mails, a.email).toHaveLength(1);
    expect(mails[0].to).toHaveLength(1);
    expect(bareAddress(mails[0].to[0])).toBe(a.email);
    expect(mails[0].subject).toContain(subject);
    const text = bodyOf(mails[0]);
    expect(text).toContain(body[0]);
    for (const m of invitees) expect(text).toContain(m.family);
  }
  // Nothing else went to the addressees (no batch with several recipients, no duplicates).
  const all = (await deliveries()).filter(
    (d) => d.at >= since && d.to.some((t) => addressees.some((a) => bareAddress(t) === a.email)),
  );
  expect(all).toHaveLength(3);
});

test("staff logs the reply and links the parliamentary question, with a field message for a bad reference", async () => {
  await staff.goto(`${letterUrl}/replies`);
  const log = staff.getByRole("region", { name: "Log a reply" });
  await log.getByLabel("Received on").fill(toIsoDate(new Date()));
  await log.getByLabel("From", { exact: true }).fill("Ylva Johansson");
  await log
    .getByLabel("Text of the reply")
    .fill("The Commission thanks the Honourable Members for their letter.\n\nThe contracts are under review.");
  await log.getByRole("button", { name: "Log the reply" }).click();
  await expect(staff.getByRole("status")).toHaveText("Reply logged.");
  await expect(
    staff
      .getByRole("region", { name: "Replies received" })
      .getByRole("link", { name: "Substantive reply: Ylva Johansson" }),
  ).toBeVisible();

  await staff.goto(letterUrl);
  const questions = staff.getByRole("region", { name: "Parliamentary questions" });
  await questions.getByLabel("Reference", { exact: true }).fill("E-0213/22x");
  await questions.getByRole("button", { name: "Link a question" }).click();
  const field = staff.getByRole("region", { name: "Parliamentary questions" }).getByLabel("Reference", { exact: true });
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(staff.locator("#reference-error")).toHaveText(/not a parliamentary question reference/);
  await expect(questions.getByRole("listitem")).toHaveCount(0);

  await field.fill("E-000213/2022");
  await questions.getByRole("button", { name: "Link a question" }).click();
  await expect(staff.getByRole("status")).toHaveText("Question E-000213/2022 linked.");
  await expect(questions.getByRole("link", { name: "E-000213/2022" })).toBeVisible();
});

test("the letter's timeline shows version, invitations, signatures, sent, reply and question", async () => {
  await staff.goto(letterUrl);
  const timeline = staff.getByRole("region", { name: "Timeline" }).getByRole("listitem");
  const entries = await timeline.evaluateAll((items) =>
    items.map((li) => ({ kind: li.getAttribute("data-kind") ?? "", text: li.textContent ?? "" })),
  );
  const kinds = entries.map((e) => e.kind);
  // Signatures (and invitations) may be listed one by one or grouped; every name must be there.
  const isSignature = (k: string) => k === "signature" || k === "signatures";
  const textOf = (pred: (k: string) => boolean) =>
    entries
      .filter((e) => pred(e.kind))
      .map((e) => e.text)
      .join(" ");
  expect(kinds.filter((k) => k === "version")).toHaveLength(1);
  for (const k of ["invitations", "sent", "reply", "question"]) expect(kinds, k).toContain(k);
  expect(kinds.some(isSignature)).toBe(true);
  for (const m of invitees) {
    expect(textOf(isSignature), `signature of ${m.name}`).toContain(m.name);
    expect(
      textOf((k) => k === "invitations"),
      `invitation of ${m.name}`,
    ).toContain(m.name);
  }
  await expect(timeline.filter({ hasText: "Version 1 published" })).toHaveCount(1);
  await expect(timeline.filter({ hasText: "Letter sent with 3 signatories" })).toHaveCount(1);
  await expect(timeline.filter({ hasText: "Reply from Ylva Johansson" })).toHaveCount(1);
  await expect(timeline.filter({ hasText: "Question E-000213/2022 linked" })).toHaveCount(1);
  // Order: published before anyone signed, signatures before sending.
  expect(kinds.indexOf("version")).toBeLessThan(kinds.findIndex(isSignature));
  expect(kinds.length - 1 - [...kinds].reverse().findIndex(isSignature)).toBeLessThan(kinds.indexOf("sent"));
});
