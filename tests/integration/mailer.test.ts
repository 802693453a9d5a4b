import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { emails, jobs } from "#db/schema";
import type { Db, DbHandle } from "#db/client.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { startFakeResend, type FakeResend } from "#tests/mocks/fake-resend";
import { resetEnvCache } from "#app/infra/env.server";
import { claimJobs, runDueJobs } from "#app/infra/jobs.server";
import {
  BATCH_LIMIT,
  getMailTransportName,
  listUnsubscribeHeaders,
  queueEmail,
  queueEmailsBatch,
  releaseHeldEmails,
  resetRateLimitGate,
  sendEmailNow,
  setMailerOptions,
  type OutgoingEmail,
} from "#app/infra/mailer.server";
import { getEmail, latestEmailTo, listOutbox } from "#app/infra/email-outbox.server";

let handle: DbHandle & { name: string };
let db: Db;
let fake: FakeResend;
const saved = { key: process.env.RESEND_API_KEY, base: process.env.RESEND_BASE_URL };
const later = (ms: number) => new Date(Date.now() + ms);

function msg(to: string, over: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    kind: "test",
    to: { email: to, name: "Ada Lovelace" },
    subject: "Hello",
    html: "<p>Hello</p>",
    text: "Hello",
    ...over,
  };
}

function useResend() {
  process.env.RESEND_API_KEY = "re_test_key";
  process.env.RESEND_BASE_URL = fake.url;
  resetEnvCache();
}
function useLocal() {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  resetEnvCache();
}
const emailPosts = () => fake.requests.filter((r) => r.method === "POST" && r.path === "/emails");

/** Runs the queue until nothing is due at `now` (at most `rounds` times). */
async function drain(now?: Date, rounds = 10) {
  for (let i = 0; i < rounds; i++) if ((await runDueJobs(db, { workerId: "test", now })) === 0) return;
}

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  fake = await startFakeResend();
});
afterAll(async () => {
  await fake?.close();
  await handle?.close();
  process.env.RESEND_API_KEY = saved.key;
  process.env.RESEND_BASE_URL = saved.base;
  if (saved.key === undefined) delete process.env.RESEND_API_KEY;
  if (saved.base === undefined) delete process.env.RESEND_BASE_URL;
  resetEnvCache();
});
beforeEach(async () => {
  await db.delete(jobs);
  await db.delete(emails);
  fake.reset();
  setMailerOptions({ timeoutMs: 400, afterProviderAccepted: undefined });
  resetRateLimitGate();
});
afterEach(() => useLocal());

describe(`mailer (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("a rolled-back transaction queues no email and no job", async () => {
    useResend();
    await expect(
      db.transaction(async (tx) => {
        await queueEmail(tx, msg("ada@example.org"));
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await db.select().from(emails)).toEqual([]);
    expect(await db.select().from(jobs)).toEqual([]);
    await drain();
    expect(fake.requests).toEqual([]);
  });

  it("without RESEND_API_KEY the local transport 'sends' into the outbox", async () => {
    useLocal();
    expect(getMailTransportName()).toBe("local");
    const { id } = await db.transaction((tx) => queueEmail(tx, msg("Ada@Example.org", { kind: "login-code" })));
    expect((await getEmail(db, id))?.status).toBe("queued");
    await drain();
    const row = await getEmail(db, id);
    expect(row).toMatchObject({
      status: "sent",
      transport: "local",
      providerMessageId: `local-${id}`,
      idempotencyKey: `email-${id}`,
    });
    expect(row?.sentAt).toBeInstanceOf(Date);
    expect(fake.requests).toEqual([]);
    expect((await latestEmailTo(db, "ada@example.org", "login-code"))?.id).toBe(id);
    expect(await latestEmailTo(db, "ada@example.org", "invitation")).toBeNull();
    expect((await listOutbox(db, { limit: 10 })).map((e) => e.id)).toEqual([id]);
  });

  it("sends through Resend with one recipient, the row's idempotency key and the caller's headers", async () => {
    useResend();
    expect(getMailTransportName()).toBe("resend");
    const { id } = await db.transaction((tx) =>
      queueEmail(tx, {
        ...msg("ada@example.org"),
        to: { email: "ada@example.org", name: 'Ada "\r\nBcc: eve@evil.example' },
        subject: "Line one\r\nBcc: eve@evil.example",
        replyTo: "office@ep.example",
        headers: listUnsubscribeHeaders("https://undersigned.example/unsubscribe/abc"),
      }),
    );
    await drain();
    const row = await getEmail(db, id);
    expect(row?.status).toBe("sent");
    expect(row?.transport).toBe("resend");
    expect(fake.deliveries).toHaveLength(1);
    expect(row?.providerMessageId).toBe(fake.deliveries[0].id);

    const [req] = emailPosts();
    const body = req.body as Record<string, any>;
    expect(req.headers["idempotency-key"]).toBe(`email-${id}`);
    expect(req.headers.authorization).toBe("Bearer re_test_key");
    expect(body.to).toHaveLength(1);
    expect(body.to[0]).toBe('"Ada Bcc: eve@evil.example" <ada@example.org>');
    expect(body.subject).toBe("Line one Bcc: eve@evil.example");
    expect(body.subject).not.toMatch(/[\r\n]/);
    expect(body.reply_to).toBe("office@ep.example");
    expect(body.headers["List-Unsubscribe"]).toBe("<https://undersigned.example/unsubscribe/abc>");
    expect(body.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(body.html).toBe("<p>Hello</p>");
    expect(body.text).toBe("Hello");

    // Running the queue again sends nothing more.
    await drain(later(3_600_000));
    expect(fake.deliveries).toHaveLength(1);
  });

  it("429 with retry-after waits that long, then delivers once", async () => {
    useResend();
    fake.script([
      {
        status: 429,
        body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
        headers: { "retry-after": "7" },
      },
    ]);
    const { id } = await db.transaction((tx) => queueEmail(tx, msg("ada@example.org")));
    await drain();
    expect(emailPosts()).toHaveLength(1);
    const [job] = await db.select().from(jobs);
    expect(job.status).toBe("queued");
    expect(job.attempts).toBe(0); // a rate limit is not a failed attempt
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 5_000);
    expect(job.runAt.getTime()).toBeLessThan(Date.now() + 9_000);
    expect((await getEmail(db, id))?.lastError).toMatch(/429/);

    await drain(later(3_000)); // too early: nothing is sent
    expect(emailPosts()).toHaveLength(1);
    await drain(later(8_000));
    expect(emailPosts()).toHaveLength(2);
    expect(fake.deliveries).toHaveLength(1);
    expect((await getEmail(db, id))?.status).toBe("sent");
  });

  it("500, then a timeout, then 200: one delivery, identical payloads, one idempotency key", async () => {
    useResend();
    fake.script([
      { status: 500, body: { statusCode: 500, name: "internal_server_error", message: "oops" } },
      // Accepted by the provider, but the answer comes after our timeout.
      { status: 200, delayMs: 1_500 },
    ]);
    const { id } = await db.transaction((tx) => queueEmail(tx, msg("ada@example.org")));
    await drain();
    let row = await getEmail(db, id);
    expect(row?.status).not.toBe("sent");
    expect(row?.lastError).toMatch(/500/);
    await drain(later(3_600_000));
    row = await getEmail(db, id);
    expect(row?.lastError).toMatch(/network/);
    await drain(later(7_200_000));
    row = await getEmail(db, id);
    expect(row?.status).toBe("sent");

    const posts = emailPosts();
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => p.headers["idempotency-key"]))).toEqual(new Set([`email-${id}`]));
    expect(new Set(posts.map((p) => JSON.stringify(p.body))).size).toBe(1);
    expect(fake.deliveries).toHaveLength(1);
    expect(row?.providerMessageId).toBe(fake.deliveries[0].id);
    expect(row?.attempts).toBe(3);
  });

  it("a crash after the provider accepted but before the row was marked sent: the retry reuses the key, one delivery", async () => {
    useResend();
    const { id } = await db.transaction((tx) => queueEmail(tx, msg("ada@example.org")));
    // Worker A claims the job, the provider accepts, and A dies before recording it.
    const [job] = await claimJobs(db, { workerId: "A", leaseMs: 30_000 });
    setMailerOptions({
      afterProviderAccepted: () => {
        throw new Error("process killed");
      },
    });
    await expect(sendEmailNow(db, id, job)).rejects.toThrow("process killed");
    setMailerOptions({ afterProviderAccepted: undefined });
    expect((await getEmail(db, id))?.status).toBe("sending");
    expect(fake.deliveries).toHaveLength(1);

    // Nothing happens while A's lease holds; afterwards worker B finishes the job.
    await drain(later(10_000));
    expect(emailPosts()).toHaveLength(1);
    await drain(later(31_000));
    const row = await getEmail(db, id);
    expect(row?.status).toBe("sent");
    expect(emailPosts()).toHaveLength(2);
    expect(emailPosts().map((p) => p.headers["idempotency-key"])).toEqual([`email-${id}`, `email-${id}`]);
    expect(fake.deliveries).toHaveLength(1);
    expect(row?.providerMessageId).toBe(fake.deliveries[0].id);
    const [after] = await db.select().from(jobs);
    expect(after.status).toBe("done");
  });

  it("daily quota: the message is held, not retried in a loop, and goes out once released", async () => {
    useResend();
    fake.script([
      {
        status: 429,
        body: {
          statusCode: 429,
          name: "daily_quota_exceeded",
          message: "You have reached your daily email sending quota.",
        },
      },
    ]);
    const { id } = await db.transaction((tx) => queueEmail(tx, msg("ada@example.org", { officeId: null })));
    await drain();
    let row = await getEmail(db, id);
    expect(row?.status).toBe("held");
    expect(row?.lastError).toMatch(/daily_quota_exceeded/);
    const [job] = await db.select().from(jobs);
    expect(job.status).toBe("failed");
    expect(job.lastError).toMatch(/^held: /);
    await drain(later(86_400_000 * 2));
    expect(emailPosts()).toHaveLength(1);
    expect((await listOutbox(db, { status: "held" })).map((e) => e.id)).toEqual([id]);

    expect(await releaseHeldEmails(db)).toBe(1);
    await drain();
    row = await getEmail(db, id);
    expect(row?.status).toBe("sent");
    expect(fake.deliveries).toHaveLength(1);
  });

  it("an exhausted rate-limit window (ratelimit-remaining: 0) postpones the next send without calling the provider", async () => {
    useResend();
    fake.script([
      { status: 200, headers: { "ratelimit-limit": "2", "ratelimit-remaining": "0", "ratelimit-reset": "30" } },
    ]);
    const first = await db.transaction((tx) => queueEmail(tx, msg("one@example.org")));
    await drain();
    expect((await getEmail(db, first.id))?.status).toBe("sent");
    const second = await db.transaction((tx) => queueEmail(tx, msg("two@example.org")));
    await drain();
    expect(emailPosts()).toHaveLength(1);
    const [job] = await db.select().from(jobs).where(eq(jobs.status, "queued"));
    expect(job.attempts).toBe(0);
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    resetRateLimitGate(); // as if the window had passed
    await drain(later(31_000));
    expect((await getEmail(db, second.id))?.status).toBe("sent");
    expect(fake.deliveries).toHaveLength(2);
  });

  it("a rejected API key holds the message for the office instead of failing or looping", async () => {
    useResend();
    fake.script([{ status: 401, body: { statusCode: 401, name: "invalid_api_key", message: "API key is invalid" } }]);
    const { id } = await db.transaction((tx) => queueEmail(tx, msg("ada@example.org")));
    await drain();
    await drain(later(86_400_000));
    expect((await getEmail(db, id))?.status).toBe("held");
    expect(emailPosts()).toHaveLength(1);
  });

  it("a bad address fails only its own message", async () => {
    useResend();
    const ids = await db.transaction(async (tx) => [
      (await queueEmail(tx, msg("one@example.org"))).id,
      (await queueEmail(tx, msg("nobody@example.invalid"))).id,
      (await queueEmail(tx, msg("two@example.org"))).id,
    ]);
    const malformed = await db.transaction((tx) => queueEmail(tx, msg("a@example.org, b@example.org")));
    expect(malformed.status).toBe("failed");
    for (const bad of [
      "a@example.org\r\nBcc: e@evil.example",
      "<a@example.org>",
      "a@example.org;b@example.org",
      "no-at-sign",
    ]) {
      expect((await queueEmail(db, msg(bad))).status).toBe("failed");
    }
    expect((await queueEmail(db, msg("sean.o'brien@ep.example"))).status).toBe("queued");
    await drain();
    const rows = await Promise.all(ids.map((id) => getEmail(db, id)));
    expect(rows.map((r) => r?.status)).toEqual(["sent", "failed", "sent"]);
    expect(rows[1]?.lastError).toMatch(/422 validation_error/);
    expect((await getEmail(db, malformed.id))?.lastError).toBe("invalid recipient address");
    expect(fake.deliveries.map((d) => d.to)).toEqual([
      ['"Ada Lovelace" <one@example.org>'],
      ['"Ada Lovelace" <two@example.org>'],
      [`"Ada Lovelace" <sean.o'brien@ep.example>`],
    ]);
    // The malformed ones never reached the provider, and no request carried two addresses.
    expect(emailPosts()).toHaveLength(4);
    expect(emailPosts().every((p) => (p.body as { to: string[] }).to.length === 1)).toBe(true);
    expect((await db.select().from(jobs).where(eq(jobs.status, "failed"))).length).toBe(0);
  });

  it("queueing twice with the same idempotency key gives one message", async () => {
    useResend();
    const a = await db.transaction((tx) =>
      queueEmail(tx, msg("ada@example.org", { idempotencyKey: "send-1-addressee-1" })),
    );
    const b = await db.transaction((tx) =>
      queueEmail(tx, msg("ada@example.org", { idempotencyKey: "send-1-addressee-1" })),
    );
    expect(b).toEqual({ id: a.id, created: false, status: "queued" });
    await drain();
    expect(fake.deliveries).toHaveLength(1);
    expect(emailPosts()[0].headers["idempotency-key"]).toBe("send-1-addressee-1");
  });

  it("batch notices: at most 100 per call, one recipient per message, a bad address fails only its row", async () => {
    useResend();
    const total = 250;
    const msgs = Array.from({ length: total }, (_, i) =>
      msg(i === 17 ? "bad@example.invalid" : `mep${i}@ep.example`, { kind: "signatory-notice" }),
    );
    const queued = await db.transaction((tx) => queueEmailsBatch(tx, msgs));
    expect(queued).toHaveLength(total);
    expect(await db.select().from(jobs)).toHaveLength(Math.ceil(total / BATCH_LIMIT));
    await drain();
    const batches = fake.requests.filter((r) => r.path === "/emails/batch");
    expect(batches).toHaveLength(3);
    for (const b of batches) {
      const body = b.body as { to: string[]; attachments?: unknown }[];
      expect(body.length).toBeLessThanOrEqual(100);
      expect(body.every((e) => e.to.length === 1 && !e.attachments)).toBe(true);
      expect(b.headers["x-batch-validation"]).toBe("permissive");
      expect(b.headers["idempotency-key"]).toMatch(/^batch-[0-9a-f]{48}$/);
    }
    const rows = await db.select().from(emails);
    const bad = rows.find((r) => r.toAddress === "bad@example.invalid");
    expect(bad?.status).toBe("failed");
    const sent = rows.filter((r) => r.status === "sent");
    expect(sent).toHaveLength(total - 1);
    expect(new Set(sent.map((r) => r.providerMessageId)).size).toBe(total - 1);
    expect(fake.deliveries).toHaveLength(total - 1);
    // Each provider id belongs to the delivery for that row's address.
    const byId = new Map(fake.deliveries.map((d) => [d.id, d.to[0]]));
    expect(sent.every((r) => byId.get(r.providerMessageId!)?.includes(`<${r.toAddress}>`))).toBe(true);
  });

  it("a batch retried after a 500 repeats the same payload and key, and delivers once", async () => {
    useResend();
    fake.script([{ status: 500 }, { status: 200, delayMs: 1_000 }]);
    await db.transaction((tx) => queueEmailsBatch(tx, [msg("a@ep.example"), msg("b@ep.example"), msg("c@ep.example")]));
    await drain();
    await drain(later(3_600_000));
    await drain(later(7_200_000));
    const batches = fake.requests.filter((r) => r.path === "/emails/batch");
    expect(batches).toHaveLength(3);
    expect(new Set(batches.map((b) => b.headers["idempotency-key"])).size).toBe(1);
    expect(new Set(batches.map((b) => JSON.stringify(b.body))).size).toBe(1);
    expect(fake.deliveries).toHaveLength(3);
    expect((await db.select().from(emails)).every((r) => r.status === "sent")).toBe(true);
  });

  it("batch notices without a key go to the local outbox", async () => {
    useLocal();
    await db.transaction((tx) => queueEmailsBatch(tx, [msg("a@ep.example"), msg("b@ep.example")]));
    await drain();
    const rows = await db.select().from(emails);
    expect(rows.map((r) => [r.status, r.transport, r.providerMessageId])).toEqual(
      rows.map((r) => ["sent", "local", `local-${r.id}`]),
    );
    expect(fake.requests).toEqual([]);
  });
});
