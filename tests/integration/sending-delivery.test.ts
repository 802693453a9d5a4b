/**
 * The sent letter through the Resend transport, against the fake Resend server on loopback: the PDF travels as an
 * attachment and is byte-identical on every retry (same idempotency key, same payload), rate limits and quota are
 * respected, a bad address fails only its own message, and the send's status says what happened.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db, DbHandle } from "#db/client.server";
import { emails, jobs } from "#db/schema";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { startFakeResend, type FakeResend, type RecordedRequest } from "#tests/mocks/fake-resend";
import { resetEnvCache } from "#app/infra/env.server";
import { claimJobs } from "#app/infra/jobs.server";
import { releaseHeldEmails, resetRateLimitGate, sendEmailNow, setMailerOptions } from "#app/infra/mailer.server";
import { getSendRecord, refreshSendStatus } from "#app/models/sending.server";
import { sendLetter } from "#app/services/sending.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { createSendingWorld, drain, later, type SendingWorld } from "./sending.fixtures";

let handle: DbHandle & { name: string };
let db: Db;
let fake: FakeResend;
const saved = { key: process.env.RESEND_API_KEY, base: process.env.RESEND_BASE_URL };

function useResend() {
  process.env.RESEND_API_KEY = "re_test_key";
  process.env.RESEND_BASE_URL = fake.url;
  resetEnvCache();
}

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  fake = await startFakeResend();
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
  useResend();
});
afterEach(() => setMailerOptions({ afterProviderAccepted: undefined }));

const scopeOf = (w: SendingWorld) => ({ letterId: w.letter.id, officeId: w.office.id });
const emailPosts = () => fake.requests.filter((r) => r.method === "POST" && r.path === "/emails");
const batchPosts = () => fake.requests.filter((r) => r.method === "POST" && r.path === "/emails/batch");
type Attachment = { filename: string; content: string; content_type: string };
const attachmentsOf = (r: RecordedRequest) => (r.body as { attachments?: Attachment[] }).attachments ?? [];
const postsTo = (address: string) =>
  emailPosts().filter((r) => JSON.stringify((r.body as { to: string[] }).to).includes(`<${address}>`));

async function sendWorld(w: SendingWorld) {
  const r = await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }));
  if (!r.ok) throw new Error(`send failed: ${r.error}`);
  return r;
}

describe(`sending through Resend (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("one message per recipient with the PDF attached, notices in one batch without attachments, never two addresses in a call", async () => {
    const w = await createSendingWorld(db);
    const sent = await sendWorld(w);
    await drain(db);
    expect(emailPosts()).toHaveLength(3);
    for (const post of emailPosts()) {
      const body = post.body as { to: string[]; reply_to: unknown; cc?: unknown; bcc?: unknown };
      expect(body.to).toHaveLength(1);
      expect(body.cc ?? null).toBeNull();
      expect(body.bcc ?? null).toBeNull();
      expect(body.reply_to).toBe(w.office.contactEmail);
      const [att] = attachmentsOf(post);
      expect(att.filename).toBe(`BG-${w.t}-v1.pdf`);
      expect(att.content_type).toBe("application/pdf");
      const bytes = Buffer.from(att.content, "base64");
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      expect(sha256Hex(bytes)).toBe(sent.pdfSha256);
      expect(post.headers["idempotency-key"]).toMatch(new RegExp(`^letter:${sent.sendId}:`));
    }
    expect(batchPosts()).toHaveLength(1);
    const batch = batchPosts()[0].body as Array<{ to: string[]; attachments?: unknown; html: string }>;
    expect(batch).toHaveLength(7);
    expect(
      batch.every(
        (m) =>
          m.to.length === 1 &&
          !m.attachments &&
          m.html.includes(`/verify/${w.letter.verificationCode}/pdf?key=${sent.sendId}`),
      ),
    ).toBe(true);
    expect(fake.deliveries).toHaveLength(10);

    const status = await refreshSendStatus(db, scopeOf(w));
    expect(status?.status).toBe("sent");
    const record = await getSendRecord(db, scopeOf(w));
    const ids = new Set(fake.deliveries.map((d) => d.id));
    expect(record?.recipients.every((r) => r.transport === "resend" && ids.has(r.providerMessageId!))).toBe(true);
    expect(record?.notices.every((r) => r.status === "sent" && ids.has(r.providerMessageId!))).toBe(true);
  });

  it("429 with retry-after: the message waits that long, then goes out once", async () => {
    const w = await createSendingWorld(db, {
      signers: 1,
      addressees: [{ name: "Ursula von der Leyen", salutation: "Dear President", email: "president@ec.test" }],
    });
    await sendWorld(w);
    fake.script([
      {
        status: 429,
        body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
        headers: { "retry-after": "5" },
      },
    ]);
    await drain(db);
    expect(postsTo("president@ec.test")).toHaveLength(1);
    expect(fake.deliveries.filter((d) => d.to[0].includes("president@ec.test"))).toHaveLength(0);
    expect((await refreshSendStatus(db, scopeOf(w)))?.status).toBe("sending");
    await drain(db, later(2_000));
    expect(postsTo("president@ec.test")).toHaveLength(1);
    await drain(db, later(6_000));
    expect(postsTo("president@ec.test")).toHaveLength(2);
    expect(fake.deliveries.filter((d) => d.to[0].includes("president@ec.test"))).toHaveLength(1);
    expect((await refreshSendStatus(db, scopeOf(w)))?.status).toBe("sent");
  });

  it("500, then a timeout after the provider accepted, then 200: one email, identical payloads including the PDF bytes", async () => {
    const w = await createSendingWorld(db, {
      signers: 1,
      addressees: [{ name: "Ursula von der Leyen", salutation: "Dear President", email: "president@ec.test" }],
    });
    await sendWorld(w);
    // The letter's job runs first (it was queued first); the notice batch after it.
    fake.script([{ status: 500, body: { statusCode: 500, name: "internal_server_error", message: "oops" } }]);
    await drain(db);
    fake.script([{ status: 200, delayMs: 5_000 }]);
    await drain(db, later(3_600_000));
    let [row] = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, w.letter.id), eq(emails.kind, "letter")));
    expect(row.status).not.toBe("sent");
    expect(row.lastError).toMatch(/network|abort|timeout/i);
    await drain(db, later(7_200_000));
    [row] = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, w.letter.id), eq(emails.kind, "letter")));
    expect(row.status).toBe("sent");
    const posts = postsTo("president@ec.test");
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => p.headers["idempotency-key"])).size).toBe(1);
    expect(new Set(posts.map((p) => JSON.stringify(p.body))).size).toBe(1);
    expect(new Set(posts.map((p) => attachmentsOf(p)[0].content)).size).toBe(1);
    expect(fake.deliveries.filter((d) => d.to[0].includes("president@ec.test"))).toHaveLength(1);
    expect(row.providerMessageId).toBe(fake.deliveries.find((d) => d.to[0].includes("president@ec.test"))?.id);
  });

  it("a crash after the provider accepted but before the row was marked sent: the retry reuses the key and the payload, one email", async () => {
    const w = await createSendingWorld(db, {
      signers: 1,
      addressees: [{ name: "Ursula von der Leyen", salutation: "Dear President", email: "president@ec.test" }],
    });
    await sendWorld(w);
    const [letterRow] = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, w.letter.id), eq(emails.kind, "letter")));
    const claimed = await claimJobs(db, { workerId: "A", leaseMs: 30_000, limit: 1 });
    const job = claimed.find((j) => (j.payload as { emailId?: string }).emailId === letterRow.id)!;
    setMailerOptions({
      afterProviderAccepted: (ids) => {
        if (ids.includes(letterRow.id)) throw new Error("process killed");
      },
    });
    await expect(sendEmailNow(db, letterRow.id, job)).rejects.toThrow("process killed");
    setMailerOptions({ afterProviderAccepted: undefined });
    expect(fake.deliveries).toHaveLength(1);
    await drain(db, later(10_000)); // A's lease still holds: the letter is not sent again (the notice batch goes)
    expect(postsTo("president@ec.test")).toHaveLength(1);
    await drain(db, later(31_000));
    const posts = postsTo("president@ec.test");
    expect(posts).toHaveLength(2);
    expect(posts[0].headers["idempotency-key"]).toBe(posts[1].headers["idempotency-key"]);
    expect(JSON.stringify(posts[0].body)).toBe(JSON.stringify(posts[1].body));
    expect(fake.deliveries.filter((d) => d.to[0].includes("president@ec.test"))).toHaveLength(1);
    expect((await refreshSendStatus(db, scopeOf(w)))?.status).toBe("sent");
  });

  it("daily quota: the messages are held (not retried in a loop), the send shows it, and they go out once released", async () => {
    const w = await createSendingWorld(db, { signers: 2 });
    await sendWorld(w);
    const quota = {
      status: 429,
      body: {
        statusCode: 429,
        name: "daily_quota_exceeded",
        message: "You have reached your daily email sending quota.",
      },
    };
    fake.script([quota, quota, quota, quota]);
    await drain(db);
    await drain(db, later(86_400_000));
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(4);
    expect(fake.deliveries).toHaveLength(0);
    const held = await refreshSendStatus(db, scopeOf(w));
    expect(held?.status).toBe("held");
    expect(held?.lastError).toMatch(/daily_quota_exceeded/);
    const rows = await db.select().from(emails).where(eq(emails.letterId, w.letter.id));
    expect(rows.every((r) => r.status === "held")).toBe(true);

    expect(await releaseHeldEmails(db, { officeId: w.office.id })).toBe(rows.length);
    await drain(db);
    expect(fake.deliveries).toHaveLength(rows.length);
    const done = await refreshSendStatus(db, scopeOf(w));
    expect(done?.status).toBe("sent");
    expect(done?.lastError).toBeNull();
  });

  it("a bad address among good ones fails only its own message, and the send is marked partial", async () => {
    const w = await createSendingWorld(db, {
      signers: 1,
      addressees: [
        { name: "Good One", salutation: "Dear One", email: "one@ec.test" },
        { name: "Bad Domain", salutation: "Dear Bad", email: "nobody@ec.invalid" },
        { name: "Two Addresses", kind: "cc", email: "a@ec.test, b@ec.test" },
        { name: "Good Two", salutation: "Dear Two", email: "two@ec.test" },
      ],
    });
    const sent = await sendWorld(w);
    expect(sent.emails).toBe(4);
    await drain(db);
    const rows = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, w.letter.id), eq(emails.kind, "letter")));
    const byAddress = Object.fromEntries(rows.map((r) => [r.toAddress, r.status]));
    expect(byAddress).toEqual({
      "one@ec.test": "sent",
      "nobody@ec.invalid": "failed",
      "a@ec.test, b@ec.test": "failed",
      "two@ec.test": "sent",
    });
    // The malformed one never reached the provider; no call carried two addresses.
    expect(emailPosts()).toHaveLength(3);
    expect(emailPosts().every((p) => (p.body as { to: string[] }).to.length === 1)).toBe(true);
    const status = await refreshSendStatus(db, scopeOf(w));
    expect(status?.status).toBe("partial");
    expect(status?.lastError).toBeTruthy();
  });
});
