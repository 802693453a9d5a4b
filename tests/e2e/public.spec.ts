/**
 * Issue 14 in the browser, on the demo's sent Nuctech letter and its campaign: the campaign page says where it stands
 * in words and takes a press item onto its timeline; the office publishes the letter with its reply; an anonymous
 * reader reads the public page (axe, 390 px, no script on it), which answers 304 to a client that has it
 * and is in the Atom feed; withdrawn, it is 404.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { freshPage, signInWithCode, SOPHIE } from "./support/helpers";

test.describe.configure({ mode: "serial" });

const SUBJECT = "Barring Nuctech from tenders under the Customs Control Equipment Instrument";

let page: Page;
let letterUrl: string;
let publicPath: string;

test.beforeAll(async ({ browser }) => {
  page = await (await browser.newContext()).newPage();
  await signInWithCode(page, SOPHIE);
});
test.afterAll(async () => page.context().close());

test("the campaign page counts in words and takes a press item onto its timeline", async () => {
  await page.goto("/campaigns");
  const main = page.getByRole("main");
  await expect(main).not.toContainText("(0/0)");
  await expect(main.getByRole("listitem").first()).toContainText(/\d+ letters? · \d+ sent/);
  await main.getByRole("listitem").first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 2, name: "Timeline" })).toBeVisible();
  await page.getByLabel("Headline").fill("Forty-six MEPs ask to bar Nuctech");
  await page.getByLabel("Outlet").fill("Euractiv");
  await page.getByLabel("Published on").fill("2022-12-08");
  await page.getByLabel("Web address").fill("https://example.org/nuctech");
  await page.getByLabel("About the letter").selectOption({ label: SUBJECT });
  await page.getByRole("button", { name: "Add a press item" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Press item added." })).toBeVisible();
  const timeline = page.locator("ol.timeline");
  await expect(timeline).toContainText("Euractiv: Forty-six MEPs ask to bar Nuctech");
  // Only press items, with the filter (a plain GET form).
  for (const kind of ["Letters", "Replies", "Questions"]) await page.getByLabel(kind, { exact: true }).uncheck();
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/kind=press/);
  await expect(page.locator("ol.timeline li")).toHaveCount(1);
});

test("the office publishes the sent letter with its reply", async () => {
  await page.goto("/letters");
  await page.getByRole("link", { name: SUBJECT }).click();
  await expect(page).toHaveURL(/\/letters\/[0-9a-f-]{36}$/);
  letterUrl = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Public page" }).click();
  await expect(page.getByTestId("public-state")).toHaveText("Not published.");
  await page.getByRole("group", { name: "Replies to show" }).getByRole("checkbox").first().check();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Public page saved." })).toBeVisible();
  await expect(page.getByTestId("public-state")).toContainText("Public since");
  publicPath = (await page.getByRole("link", { name: /\/public\// }).getAttribute("href"))!;
  expect(publicPath).toMatch(/^\/public\/[A-Za-z0-9_-]{16}$/);
});

test("an anonymous reader reads it on a phone, with no script on the page; it is cacheable and in the feed", async ({
  browser,
}) => {
  // The page ships no script at all (asserted below), so it reads the same without JavaScript; axe needs it on.
  const { context, page: reader } = await freshPage(browser);
  await reader.setViewportSize({ width: 390, height: 844 });
  await reader.goto(publicPath);
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText(SUBJECT);
  await expect(reader.getByRole("heading", { name: "Signed by" })).toBeVisible();
  await expect(reader.getByRole("heading", { name: "Replies" })).toBeVisible();
  await expect(reader.getByRole("heading", { name: "In the press" })).toBeVisible();
  await expect(reader.locator("script[src]")).toHaveCount(0);
  await expect(reader.locator('meta[property="og:title"]')).toHaveAttribute("content", SUBJECT);
  const overflow = await reader.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  const axe = await new AxeBuilder({ page: reader }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

  const first = await context.request.get(publicPath);
  expect(first.status()).toBe(200);
  expect(first.headers()["cache-control"]).toContain("public");
  const etag = first.headers()["etag"];
  expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
  const again = await context.request.get(publicPath, { headers: { "If-None-Match": etag } });
  expect(again.status()).toBe(304);
  const feed = await context.request.get("/public/feed.atom");
  expect(feed.headers()["content-type"]).toContain("application/atom+xml");
  expect(await feed.text()).toContain(publicPath);
  await context.close();
});

test("withdrawn, the page is 404 again", async ({ browser }) => {
  await page.goto(`${letterUrl}/public`);
  await page.getByRole("button", { name: "Withdraw the public page" }).click();
  await expect(page.getByTestId("public-state")).toContainText("Withdrawn");
  const { context } = await freshPage(browser);
  expect((await context.request.get(publicPath)).status()).toBe(404);
  await context.close();
});
