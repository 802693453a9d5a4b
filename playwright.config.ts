import { randomBytes } from "node:crypto";
/**
 * Browser tests: Debian's Chromium (never `npx playwright install`, stack.md section 7), the fake
 * Resend API on loopback, and the production build of the app on a fresh database per run
 * (PGlite by default; Postgres when E2E_DATABASE_URL is set, see tests/e2e/support/app-server.ts).
 * The build is made first unless E2E_SKIP_BUILD=1 (.ci/run builds once and sets it).
 */
import { defineConfig, devices } from "@playwright/test";

const APP_PORT = Number(process.env.E2E_PORT ?? 3610);
const RESEND_PORT = Number(process.env.E2E_RESEND_PORT ?? 4610);
const origin = `http://127.0.0.1:${APP_PORT}`;

// One id for the whole run: worker processes inherit it, so they agree with the main process.
process.env.E2E_RUN_ID ??= `${Date.now()}`;
process.env.E2E_APP_ORIGIN = origin;
process.env.E2E_RESEND_URL = `http://127.0.0.1:${RESEND_PORT}`;

const build = process.env.E2E_SKIP_BUILD === "1" ? "" : "npm run build && ";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // Generous: the CI machine is shared, and a spec that drives seven pages through axe took 60 s at load 11.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [["list"]]
    : [["list"], ["html", { open: "never", outputFolder: `playwright-report/e2e-${process.env.E2E_RUN_ID}` }]],
  // Per run: Playwright empties its output folder at start, and runs may overlap in one checkout.
  outputDir: `test-results/e2e-${process.env.E2E_RUN_ID}`,
  use: {
    baseURL: origin,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: `node --import tsx tests/mocks/fake-resend-server.ts ${RESEND_PORT}`,
      url: `http://127.0.0.1:${RESEND_PORT}/__deliveries`,
      reuseExistingServer: false,
      timeout: 20_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      command: `${build}node --import tsx tests/e2e/support/app-server.ts`,
      url: `${origin}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      env: {
        NODE_ENV: "production",
        PORT: String(APP_PORT),
        SEED_DEMO: "always",
        PUBLIC_ORIGIN: origin,
        RESEND_API_KEY: "re_test",
        RESEND_BASE_URL: `http://127.0.0.1:${RESEND_PORT}`,
        VITE_CJS_IGNORE_WARNING: "true",
        // The reply-clock test moves the app's clock forward instead of sleeping.
        ALLOW_TEST_CLOCK: "true",
        // Production requires a server secret; a fresh random one per run (tokens need not survive the run).
        APP_SECRET: randomBytes(32).toString("hex"),
        E2E_RUN_ID: process.env.E2E_RUN_ID,
        ...(process.env.E2E_DATABASE_URL ? { E2E_DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
        ...(process.env.E2E_APP_DATABASE_URL ? { E2E_APP_DATABASE_URL: process.env.E2E_APP_DATABASE_URL } : {}),
      },
    },
  ],
});
