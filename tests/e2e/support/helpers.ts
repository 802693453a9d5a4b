/** Shared steps for the browser tests: reading the fake Resend server, signing in, a published letter. */
import { expect, type Browser, type Page } from "@playwright/test";

export const RESEND_URL = process.env.E2E_RESEND_URL ?? "http://127.0.0.1:4610";
export const APP_ORIGIN = process.env.E2E_APP_ORIGIN ?? "http://127.0.0.1:3610";

export const ANNA = "anna.staff@demo.undersigned.test";
export const ZSOFIA = "zsofia.staff@demo.undersigned.test";
/** The lead office's administrator (may draft). Specs share the demo people, and sign-in allows 5 codes per address in
 * 15 minutes: spread the specs over people so that no address is signed in more than that in one run. */
export const SOPHIE = "sophie.admin@demo.undersigned.test";

export type Delivery = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  at: number;
};

export async function deliveries(): Promise<Delivery[]> {
  const res = await fetch(`${RESEND_URL}/__deliveries`);
  if (!res.ok) throw new Error(`fake Resend answered ${res.status}`);
  return (await res.json()) as Delivery[];
}

/** Emails delivered to `address` (compared on the bare address, case-insensitive). */
export async function deliveriesTo(address: string, since = 0): Promise<Delivery[]> {
  const want = address.toLowerCase();
  return (await deliveries()).filter((d) => d.at >= since && d.to.some((t) => bareAddress(t) === want));
}

export function bareAddress(to: string) {
  const m = /<([^<>]+)>\s*$/.exec(to);
  return (m ? m[1] : to).trim().toLowerCase();
}

/** Waits until `count` emails to `address` matching `pred` have arrived (the app sends through a job queue). */
export async function waitForEmails(
  address: string,
  opts: { since?: number; count?: number; match?: (d: Delivery) => boolean } = {},
) {
  const count = opts.count ?? 1;
  let found: Delivery[] = [];
  await expect
    .poll(
      async () => {
        found = (await deliveriesTo(address, opts.since ?? 0)).filter(opts.match ?? (() => true));
        return found.length;
      },
      { timeout: 20_000, message: `waiting for ${count} email(s) to ${address}` },
    )
    .toBeGreaterThanOrEqual(count);
  return found;
}

/** The display name of a recipient (`"Name" <a@b>` or `Name <a@b>`), or null for a bare address. */
export function displayName(to: string) {
  const m = /^\s*"?([^"<]*?)"?\s*<[^<>]+>\s*$/.exec(to);
  return m && m[1] ? m[1].trim() : null;
}

/**
 * Waits for the invitation email to the MEP called `name` (matched on the recipient's display name,
 * so the tests do not depend on the demo directory's addresses) and returns it with the address.
 */
export async function waitForInvitation(name: string, since = 0) {
  let found: Delivery[] = [];
  await expect
    .poll(
      async () => {
        found = (await deliveries()).filter(
          (d) => d.at >= since && d.to.some((t) => displayName(t) === name) && /\/sign\//.test(bodyOf(d)),
        );
        return found.length;
      },
      { timeout: 20_000, message: `waiting for the invitation to ${name}` },
    )
    .toBeGreaterThanOrEqual(1);
  return { mails: found, address: bareAddress(found[0].to[0]) };
}

export function bodyOf(d: Delivery) {
  return `${d.text ?? ""}\n${d.html ?? ""}`;
}

export function signLinkOf(d: Delivery): string {
  const m = /https?:\/\/[^\s"'<>]+\/sign\/[A-Za-z0-9_-]+/.exec(bodyOf(d));
  if (!m) throw new Error(`no /sign/ link in the email "${d.subject}" to ${d.to.join(", ")}`);
  return m[0];
}

/** A sign-in email: it carries the one-time sign-in link (the subject holds no code, so that it shows nowhere). */
export function isSignInEmail(d: Delivery): boolean {
  return /\/login\/link\/[A-Za-z0-9_-]+/.test(bodyOf(d));
}

export function loginCodeOf(d: Delivery): string {
  const m = /\b(\d{6})\b/.exec(d.text ?? d.html ?? "");
  if (!m) throw new Error(`no code in the email "${d.subject}"`);
  return m[1];
}

/** The real sign-in: ask for a code, read it from the email the fake Resend server received, enter it. */
export async function signInWithCode(page: Page, email: string, redirectTo?: string) {
  const since = Date.now() - 1000;
  await page.goto(redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login");
  await page.getByLabel("Your email address").fill(email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page).toHaveURL(/\/login\/code/);
  const [mail] = await waitForEmails(email, { since, match: isSignInEmail });
  await page.getByLabel("Six-digit code").fill(loginCodeOf(mail));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Types into the Lexical editor (a contenteditable textbox labelled "Text of the letter"). */
export async function typeLetterBody(page: Page, paragraphs: string[]) {
  const editor = page.getByRole("textbox", { name: "Text of the letter" });
  await editor.click();
  for (const [i, p] of paragraphs.entries()) {
    if (i > 0) await page.keyboard.press("Enter");
    await page.keyboard.type(p);
  }
  await expect(editor).toContainText(paragraphs[paragraphs.length - 1]);
}

export type NewLetter = {
  subject: string;
  body: string[];
  addressee: { name: string; role?: string; salutation?: string; email: string };
};

/** Creates a letter through the "New letter" form and returns its id (the page is then the edit page). */
export async function createLetter(page: Page, letter: NewLetter): Promise<string> {
  await page.goto("/letters/new");
  await page.getByLabel("Subject", { exact: true }).fill(letter.subject);
  const first = page.getByRole("group", { name: "First addressee" });
  await first.getByLabel("Name", { exact: true }).fill(letter.addressee.name);
  if (letter.addressee.role) await first.getByLabel("Role", { exact: true }).fill(letter.addressee.role);
  if (letter.addressee.salutation)
    await first.getByLabel("Salutation", { exact: true }).fill(letter.addressee.salutation);
  await first.getByLabel("Email", { exact: true }).fill(letter.addressee.email);
  await typeLetterBody(page, letter.body);
  await page.getByRole("button", { name: "Create letter" }).click();
  await expect(page).toHaveURL(/\/letters\/[0-9a-f-]{36}\/edit$/);
  return /\/letters\/([0-9a-f-]{36})\/edit/.exec(page.url())![1];
}

export async function publish(page: Page, letterId: string) {
  if (!page.url().endsWith(`/letters/${letterId}/edit`)) await page.goto(`/letters/${letterId}/edit`);
  await page.getByRole("button", { name: "Publish as new version" }).click();
  await expect(page).toHaveURL(new RegExp(`/letters/${letterId}\\?published=\\d+`));
}

/** Invites MEPs by searching the directory for each name and ticking them; returns when the app confirms. */
export async function inviteMeps(page: Page, letterId: string, names: string[]) {
  for (const name of names) {
    await page.goto(`/letters/${letterId}/invite`);
    await page.getByLabel("Search the directory").fill(name);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    await page.getByRole("checkbox", { name: new RegExp(`^${escapeRegExp(name)} ·`) }).check();
    await page.getByRole("button", { name: "Invite selected" }).click();
    await expect(page.getByRole("status")).toContainText("1 invitations sent");
  }
}

export function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A browser context with no session, as an invitee opening a link from their mailbox. */
export async function freshPage(browser: Browser, opts: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ baseURL: APP_ORIGIN, javaScriptEnabled: opts.javaScriptEnabled ?? true });
  const page = await context.newPage();
  return { context, page };
}
