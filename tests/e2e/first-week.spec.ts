/**
 * The first week of a real office (issue 11), from an empty production-mode database: the README's set-up
 * commands bootstrap the first administrator and their office; they sign in, create a second office, set their
 * own Member, letterhead and place line, import the directory from the EP's XML list (no addresses) and then from
 * Open Data JSON-LD (addresses), draft a letter with a Cc addressee, invite a whole political group, a Member
 * signs through the emailed link, a signature page pasted from a PDF as one long space-separated line is read
 * back (what matched nobody shown, never dropped), the letter is sent, and the PDF the Commission receives has one
 * place-and-date line and a Cc line. Last, the office archive downloaded from the admin page restores into an empty
 * database and exports again to the same document (issue 14's JSON round trip).
 *
 * This install runs beside the demo app of the other specs (its own port and database; the same fake Resend).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import {
  bareAddress,
  bodyOf,
  createLetter,
  freshPage,
  publish,
  signInWithCode,
  signLinkOf,
  waitForEmails,
  waitForInvitation,
} from "./support/helpers";
import { startFreshInstall, type FreshInstall } from "./support/fresh-install";
import { nuctechBlock } from "#tests/fixtures/nuctech-block";
import { NUCTECH_SIGNATORIES } from "#db/data/nuctech-signatories";
import { openDb } from "#db/client.server";
import { exportOffice, importOffice, type OfficeArchive } from "#app/services/office-archive.server";
import { sealHeads, verifyDatabase } from "#app/models/integrity.server";

test.describe.configure({ mode: "serial" });

const PORT = Number(process.env.E2E_FRESH_PORT ?? Number(process.env.E2E_PORT ?? 3610) + 100);
const stamp = Date.now();
const ADMIN = {
  email: `first.admin.${stamp}@office.example.eu`,
  name: "Femke de Wit",
  office: "Office of Bart Groothuis MEP",
};
const subject = `Security scanners in EU procurement ${stamp}`;
const president = {
  name: "Ursula von der Leyen",
  role: "President of the European Commission",
  salutation: "Dear President",
  email: `president.${stamp}@commission.example.eu`,
};
const cc = {
  name: "Margrethe Vestager",
  role: "Executive Vice-President",
  email: `evp.${stamp}@commission.example.eu`,
};
const renew = NUCTECH_SIGNATORIES.filter((s) => s.politicalGroup === "Renew");

let install: FreshInstall;
let staff: Page;
let letterId: string;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  install = await startFreshInstall(PORT, ADMIN);
  staff = await (await browser.newContext({ baseURL: install.origin })).newPage();
});
test.afterAll(async () => {
  await staff?.context().close();
  await install?.stop();
});

test("the README's two set-up commands create the first administrator and their office; they sign in", async () => {
  expect(install.setupOutput).toContain("Migrations applied");
  expect(install.setupOutput).toContain(`Created account ${ADMIN.email}`);
  expect(install.setupOutput).toContain(`Created office "${ADMIN.office}"`);
  // Production, no demo: the only way in is the sign-in page.
  const res = await staff.goto("/letters");
  expect(res?.status()).toBe(200);
  await expect(staff).toHaveURL(/\/login/);

  await signInWithCode(staff, ADMIN.email);
  await expect(staff.getByRole("heading", { level: 1, name: "Letters" })).toBeVisible();
});

test("the platform administrator creates a second office; its administrator is invited, not added", async () => {
  const since = Date.now() - 1000;
  await staff.goto("/admin");
  const form = staff.locator("form").filter({ has: staff.getByLabel("Office name") });
  await form.getByLabel("Office name").fill("Office of Jan Huitema MEP");
  await form.getByLabel("Contact email of the office").fill(`huitema.office.${stamp}@office.example.eu`);
  await form.getByLabel("Name of the office administrator").fill("Pieter Bakker");
  await form.getByLabel("Email of the office administrator").fill(`pieter.${stamp}@office.example.eu`);
  await form.getByRole("button", { name: "Create an office" }).click();
  await expect(staff.getByRole("status").first()).toContainText("Office created");
  const [mail] = await waitForEmails(`pieter.${stamp}@office.example.eu`, { since });
  expect(bodyOf(mail)).toMatch(/\/join\/[A-Za-z0-9_-]+/);
});

test("the directory comes from the EP's XML list, then addresses from Open Data JSON-LD", async () => {
  await staff.goto("/admin/meps");
  await staff.getByLabel("File", { exact: true }).setInputFiles("db/data/meps-sample.xml");
  await staff.getByRole("button", { name: "Import", exact: true }).click();
  await expect(staff.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 30_000 });
  await expect(staff.getByText("90 Members read from the XML file (term 9).")).toBeVisible();
  await expect(staff.getByText("90 Members added")).toBeVisible();

  // The XML has no addresses: nobody can be invited yet, and the page says so.
  await staff.goto("/directory?q=Groothuis");
  const row = staff.getByRole("row").filter({ has: staff.getByRole("link", { name: "Bart Groothuis" }) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("none");

  await staff.goto("/admin/meps");
  await staff.getByLabel("File", { exact: true }).setInputFiles({
    name: "meps.jsonld",
    mimeType: "application/ld+json",
    buffer: readFileSync("db/data/meps-sample.jsonld"),
  });
  await staff.getByRole("button", { name: "Import", exact: true }).click();
  await expect(staff.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 30_000 });
  await expect(staff.getByText(/90 Members read from the JSON-LD file/)).toBeVisible();
  await expect(staff.getByText("0 Members added")).toBeVisible();
  await staff.goto("/directory?q=Groothuis");
  await expect(row).toContainText("Member's address");
});

test("office settings: the office's own Member, letterhead and place line", async () => {
  await staff.goto("/office");
  const select = staff.getByLabel("The Member this office works for");
  const value = await select.locator("option", { hasText: "Groothuis" }).getAttribute("value");
  await select.selectOption(value!);
  await staff.getByLabel("Letterhead", { exact: true }).fill("Bart Groothuis\nMember of the European Parliament");
  await staff.getByLabel("Place line for new letters").fill("Brussels");
  await staff.getByRole("button", { name: "Save settings" }).click();
  await expect(staff.getByRole("status").first()).toHaveText("Settings saved.");
  await expect(staff.getByText(/Currently: Bart Groothuis/)).toBeVisible();
});

test("a letter with a Cc addressee, a whole political group invited, and one Member signs from the email", async ({
  browser,
}) => {
  letterId = await createLetter(staff, {
    subject,
    body: [
      "We write about the procurement of security scanners from companies subject to foreign state control.",
      "We ask the Commission to review these contracts and to report to Parliament.",
    ],
    addressee: president,
  });
  const form = staff.locator("form").filter({ has: staff.locator('input[name="intent"][value="add-addressee"]') });
  await form.getByLabel("Name", { exact: true }).fill(cc.name);
  await form.getByLabel("Role", { exact: true }).fill(cc.role);
  await form.getByLabel("Email", { exact: true }).fill(cc.email);
  await form.getByLabel("Recipient type").selectOption("cc");
  await form.getByRole("button", { name: "Add addressee" }).click();
  await expect(staff.getByRole("region", { name: "Addressees" }).getByText(cc.email)).toBeVisible();
  await publish(staff, letterId);

  const since = Date.now() - 1000;
  await staff.goto(`/letters/${letterId}/invite`);
  const all = staff.getByRole("button", { name: /^Invite all \d+ shown$/ });
  const everyone = (await all.textContent()) ?? "";
  await staff.getByLabel("Political group").selectOption("Renew");
  await staff.getByRole("button", { name: "Search", exact: true }).click();
  await expect(staff).toHaveURL(/group=Renew/);
  // The count follows the filter (read it once the page shows the group, not the whole directory).
  await expect(all).not.toHaveText(everyone);
  const shown = Number(/\d+/.exec((await all.textContent()) ?? "")![0]);
  expect(shown).toBeGreaterThanOrEqual(renew.length);
  await all.click();
  await expect(staff.getByRole("status").first()).toContainText(`${shown} invitations sent`);

  const {
    mails: [mail],
  } = await waitForInvitation("Bart Groothuis", since);
  const { context, page } = await freshPage(browser);
  await page.goto(`${install.origin}${new URL(signLinkOf(mail)).pathname}`);
  await page.getByLabel("Type the Member's full name to confirm").fill("Bart Groothuis");
  await page.getByRole("checkbox", { name: /I approve this exact text \(version 1\)/ }).check();
  await page.getByRole("button", { name: "Sign the letter" }).click();
  await expect(page.getByRole("status")).toContainText("Your signature on version 1 is recorded");
  await context.close();
});

test("a signature page pasted as one long line: names read, what matched nobody shown back", async () => {
  const block = nuctechBlock();
  await staff.goto(`/letters/${letterId}/outside`);
  await staff.getByLabel("Names", { exact: true }).fill(block.text);
  await staff.getByLabel("Where the signatures came from").fill("Signature page of the draft, copied from the PDF");
  await staff.getByRole("button", { name: "Find these Members" }).click();
  await expect(staff.getByRole("heading", { name: "Check each name" })).toBeVisible();
  // Nothing dropped silently: the person not in the directory and the page's stray words are shown back.
  const unmatched = staff.getByRole("region", { name: "Text not read as a name" });
  await expect(unmatched).toContainText(block.absent);
  await expect(unmatched).toContainText("Page 2");
  // The Member who signed from the email is recognised under his misspelt name, and skipped.
  const skipped = staff
    .getByRole("row")
    .filter({ has: staff.getByRole("cell", { name: /already signed: will be skipped/ }) });
  await expect(skipped).toHaveCount(1);
  await expect(skipped).toContainText("Bart Groothuis");
  await staff.getByRole("button", { name: "Record the selected signatures" }).click();
  await expect(staff.getByRole("heading", { name: "Signatures recorded" })).toBeVisible();
  const recorded = Number(/(\d+) signatures? recorded/.exec((await staff.locator("main").textContent()) ?? "")![1]);
  // Most of the 55 other names are read despite typos, lost diacritics and glued names (precision in the unit test).
  console.log(`first week: ${recorded} of the 55 other names recorded from the pasted line`);
  expect(recorded).toBeGreaterThanOrEqual(45);
  expect(recorded).toBeLessThanOrEqual(55);
});

test("sent: the PDF has one place-and-date line and names the Cc addressee; both addressees get it", async () => {
  await staff.goto(`/letters/${letterId}/deadline`);
  await staff.getByRole("button", { name: "Close signing now" }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Signing is closed" }).first()).toBeVisible();

  const since = Date.now() - 1000;
  await staff.goto(`/letters/${letterId}/send`);
  await staff.getByRole("button", { name: "Send to 2 recipients" }).click();
  await expect(staff).toHaveURL(new RegExp(`/letters/${letterId}/send\\?sent=1`));
  for (const a of [president, cc]) {
    const mails = await waitForEmails(a.email, { since });
    expect(mails).toHaveLength(1);
    expect(bareAddress(mails[0].to[0])).toBe(a.email);
    expect(bodyOf(mails[0])).toContain(`Cc: ${cc.name}`);
  }
  // "Sent" only once the provider accepted both messages (the page says "Sending" until then).
  await expect(async () => {
    await staff.reload();
    await expect(staff.getByRole("heading", { level: 1, name: "Sent" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  const res = await staff.request.get(`/letters/${letterId}/pdf`);
  expect(res.status()).toBe(200);
  const pdf = await getDocument({ data: new Uint8Array(await res.body()), verbosity: 0, isEvalSupported: false })
    .promise;
  let text = "";
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    text += content.items.map((i) => ("str" in i ? i.str + (i.hasEOL ? "\n" : "") : "")).join("") + "\n";
  }
  await pdf.destroy();
  const lines = text.split("\n").map((l) => l.replace(/\s+/g, " ").trim());
  const dateLines = lines.filter((l) => /\b\d{1,2} [A-Z][a-z]+ \d{4}\b/.test(l));
  expect(dateLines).toHaveLength(1);
  expect(dateLines[0]).toMatch(/^Brussels, \d{1,2} [A-Z][a-z]+ \d{4}$/);
  expect(lines.some((l) => l.startsWith(`Cc: ${cc.name}`))).toBe(true);
  expect(text).toContain("Bart Groothuis");
});

test("the office archive downloaded from the admin page restores into an empty database, losslessly", async () => {
  await staff.goto("/admin");
  const [download] = await Promise.all([
    staff.waitForEvent("download"),
    staff.getByRole("link", { name: "Download the archive (JSON)" }).click(),
  ]);
  const archive = JSON.parse(readFileSync((await download.path())!, "utf8")) as OfficeArchive;
  expect(archive.format).toBe("undersigned-office-archive");
  expect(archive.office.name).toBe(ADMIN.office);
  expect(archive.tables.signatures.length).toBeGreaterThanOrEqual(50);
  // No live credential travels in it.
  const text = JSON.stringify(archive);
  expect(text).not.toContain("token_hash");
  expect(text).not.toContain("/sign/");

  // An empty embedded database (also when this install runs on PostgreSQL): import, export again, compare.
  const dir = mkdtempSync(path.join(tmpdir(), "undersigned-archive-"));
  const target = await openDb({ dataDir: dir });
  try {
    const restored = await importOffice(target.db, JSON.parse(text));
    expect(restored.officeId).toBe(archive.office.id);
    const again = await exportOffice(target.db, archive.office.id);
    expect({ ...again, exportedAt: undefined }).toEqual({ ...archive, exportedAt: undefined });
    // The copy's chain heads were sealed under the install's APP_SECRET, not this process's: every chain is intact
    // and only the seals are reported, until they are sealed again (README: `npm run db:verify -- --seal`), which is
    // refused for a chain that does not verify.
    const before = await verifyDatabase(target.db);
    expect(before.problems.length).toBeGreaterThan(0);
    for (const p of before.problems) expect(p).toMatchObject({ kind: "chain", head: "bad-seal", broken: [] });
    expect(await sealHeads(target.db)).toBe(before.problems.length);
    const after = await verifyDatabase(target.db);
    expect(after.problems).toEqual([]);
    expect(after.ok).toBe(true);
  } finally {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
