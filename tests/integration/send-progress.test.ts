/**
 * The send page in words staff understand, against the fake Resend server on loopback: "Sent" only once every
 * addressee's message was accepted; while some are refused and retried it says how many went and when the next try
 * is (in the office's time zone); the provider's raw answers ("429 rate_limit_exceeded") never reach the page, and an
 * address the provider refuses for good is raised. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db, DbHandle } from "#db/client.server";
import { jobs, offices } from "#db/schema";
import * as sendRoute from "#app/routes/letters.$letterId.send";
import * as letterRoute from "#app/routes/letters.$letterId._index";
import { translate } from "#app/i18n";
import { resetEnvCache } from "#app/infra/env.server";
import { resetRateLimitGate, setMailerOptions } from "#app/infra/mailer.server";
import { sendLetter } from "#app/services/sending.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { startFakeResend, type FakeResend } from "#tests/mocks/fake-resend";
import { callLoader, sessionCookieFor } from "#tests/setup/routes";
import { createSendingWorld, drain, later, type SendingWorld } from "./sending.fixtures";

let handle: DbHandle;
let db: Db;
let fake: FakeResend;
const saved = { key: process.env.RESEND_API_KEY, base: process.env.RESEND_BASE_URL };

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  fake = await startFakeResend();
  process.env.RESEND_API_KEY = "re_test_key";
  process.env.RESEND_BASE_URL = fake.url;
  resetEnvCache();
});
afterAll(async () => {
  await fake?.close();
  await handle?.close();
  for (const [k, v] of [
    ["RESEND_API_KEY", saved.key],
    ["RESEND_BASE_URL", saved.base],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
});
beforeEach(async () => {
  await db.delete(jobs);
  fake.reset();
  setMailerOptions({ timeoutMs: 2_500, afterProviderAccepted: undefined });
  resetRateLimitGate();
});

const RAW = /rate_limit_exceeded|internal_server_error|Too many requests|scripted error|validation_error|Invalid `to`/;

async function sentWorld(addressees: Array<{ name: string; email: string }>, timeZone = "Europe/Lisbon") {
  const w = await createSendingWorld(db, {
    signers: 1,
    addressees: addressees.map((a) => ({ ...a, salutation: `Dear ${a.name}` })),
  });
  await db.update(offices).set({ timeZone }).where(eq(offices.id, w.office.id));
  const r = await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }));
  if (!r.ok) throw new Error(r.error);
  const cookie = (await sessionCookieFor(db, w.user, w.office.id)).cookie;
  const page = () =>
    callLoader<any>(sendRoute, { path: `/letters/${w.letter.id}/send`, params: { letterId: w.letter.id }, cookie });
  return { w, page, cookie };
}

const headline = (p: { state: string; delivered: number; total: number; failed: number; retryAt: string | null }) =>
  translate("en", `sending.progress.${p.state}` as never, {
    delivered: p.delivered,
    total: p.total,
    failed: p.failed,
    time: p.retryAt ?? "—",
  });

async function nextRun(w: SendingWorld) {
  const rows = await db
    .select({ runAt: jobs.runAt })
    .from(jobs)
    .where(and(eq(jobs.status, "queued"), eq(jobs.queue, "email.send")));
  expect(rows.length).toBeGreaterThan(0);
  void w;
  return new Date(Math.min(...rows.map((r) => r.runAt.getTime())));
}

describe(`the send page while messages fail and retry (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("says 'Sending — 2 of 4 delivered, retrying at HH:MM' in the office's zone, never the provider's words, and 'Sent' only when all four are accepted", async () => {
    const { w, page, cookie } = await sentWorld([
      { name: "One", email: "one@ec.test" },
      { name: "Two", email: "two@ec.test" },
      { name: "Three", email: "three@ec.test" },
      { name: "Four", email: "four@ec.test" },
    ]);
    fake.script([
      { status: 200 },
      {
        status: 429,
        body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
        headers: { "retry-after": "120" },
      },
      { status: 500, body: { statusCode: 500, name: "internal_server_error", message: "scripted error" } },
      { status: 200 },
    ]);
    await drain(db);
    expect(fake.deliveries.filter((d) => /ec\.test/.test(d.to[0]))).toHaveLength(2);

    const during = await page();
    expect(during.status).toBe(200);
    expect(during.data.progress).toMatchObject({ state: "retrying", delivered: 2, total: 4, failed: 0 });
    const at = await nextRun(w);
    const hhmm = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Lisbon",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(at);
    expect(during.data.progress.retryAt).toContain(hhmm);
    expect(headline(during.data.progress)).toMatch(
      new RegExp(`^Sending — 2 of 4 delivered, retrying at (\\d+ \\w+, )?${hhmm}$`),
    );
    expect(during.body).not.toMatch(RAW);
    const states = Object.fromEntries(
      during.data.recipients.map((r: { address: string; state: string }) => [r.address, r.state]),
    );
    expect(states).toEqual({
      "one@ec.test": "accepted",
      "two@ec.test": "retrying",
      "three@ec.test": "retrying",
      "four@ec.test": "accepted",
    });
    const problems = Object.fromEntries(
      during.data.recipients.map((r: { address: string; problem: string | null }) => [r.address, r.problem]),
    );
    expect(problems).toEqual({
      "one@ec.test": null,
      "two@ec.test": "sending.problem.busy",
      "three@ec.test": "sending.problem.providerDown",
      "four@ec.test": null,
    });
    // The letter page says the same in words.
    const letterPage = await callLoader<any>(letterRoute, {
      path: `/letters/${w.letter.id}`,
      params: { letterId: w.letter.id },
      cookie,
    });
    expect(letterPage.body).not.toMatch(RAW);

    await drain(db, later(10 * 60_000));
    const after = await page();
    expect(after.data.progress).toMatchObject({ state: "sent", delivered: 4, total: 4 });
    expect(headline(after.data.progress)).toBe("Sent — 4 of 4 delivered");
  });

  it("an address the provider refuses for good: 'not delivered to everyone', raised, and in words", async () => {
    const { page } = await sentWorld([
      { name: "Good", email: "good@ec.test" },
      { name: "Refused", email: "nobody@ec.invalid" },
    ]);
    await drain(db);
    const r = await page();
    expect(r.data.progress).toMatchObject({ state: "failed", delivered: 1, total: 2, failed: 1, permanent: true });
    const refused = r.data.recipients.find((x: { address: string }) => x.address === "nobody@ec.invalid");
    expect(refused).toMatchObject({ state: "failed", problem: "sending.problem.address", permanent: true });
    expect(headline(r.data.progress)).toBe("Not delivered to everyone — 1 of 2 delivered, 1 could not be sent");
    expect(r.body).not.toMatch(RAW);
  });
});
