import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomBytes, randomUUID } from "node:crypto";
import { emails, webhookEvents } from "#db/schema";
import type { Db, DbHandle } from "#db/client.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { signResendWebhook } from "#tests/mocks/fake-resend";
import { handleResendWebhook } from "#app/infra/resend-webhook.server";
import { getEmail, insertEmail, markEmailSending, markEmailSent } from "#app/infra/email-outbox.server";

let handle: DbHandle & { name: string };
let db: Db;
const secret = `whsec_${randomBytes(24).toString("base64")}`;
const otherSecret = `whsec_${randomBytes(24).toString("base64")}`;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  await db.delete(webhookEvents);
  await db.delete(emails);
});

/** An outbox row already sent, with the given provider message id. */
async function sentEmail(providerMessageId: string) {
  const id = randomUUID();
  await insertEmail(db, {
    id,
    kind: "letter",
    toAddress: "president@ec.example",
    fromAddress: "letters@undersigned.example",
    subject: "Joint letter",
    html: "<p>x</p>",
    text: "x",
    idempotencyKey: `email-${id}`,
  });
  await markEmailSending(db, id);
  await markEmailSent(db, id, { transport: "resend", providerMessageId });
  return id;
}

function event(type: string, emailId: string, createdAt = new Date()) {
  return JSON.stringify({
    type,
    created_at: createdAt.toISOString(),
    data: {
      email_id: emailId,
      created_at: createdAt.toISOString(),
      from: "letters@undersigned.example",
      to: ["president@ec.example"],
      subject: "Joint letter",
    },
  });
}

function signed(payload: string, opts: { id?: string; secret?: string; timestamp?: number } = {}) {
  return new Headers(
    signResendWebhook({
      secret: opts.secret ?? secret,
      id: opts.id ?? `msg_${randomUUID()}`,
      payload,
      timestamp: opts.timestamp,
    }),
  );
}

const stored = () => db.select().from(webhookEvents);

describe(`Resend webhook (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("a valid delivery event is stored once and updates the email", async () => {
    const emailId = await sentEmail("re_1");
    const body = event("email.delivered", "re_1");
    const headers = signed(body, { id: "msg_valid" });
    const res = await handleResendWebhook(db, body, headers, secret);
    expect(res).toEqual({ ok: true, duplicate: false, type: "email.delivered", emailId });
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: "msg_valid", type: "email.delivered", providerMessageId: "re_1" });
    const email = await getEmail(db, emailId);
    expect(email?.deliveryStatus).toBe("delivered");
    expect(email?.deliveryUpdatedAt).toBeInstanceOf(Date);
  });

  it("rejects a tampered body, a re-serialised body, a wrong secret, a stale or future timestamp and missing headers; stores nothing", async () => {
    const emailId = await sentEmail("re_2");
    const body = event("email.bounced", "re_2");
    const headers = signed(body);

    const tampered = body.replace("email.bounced", "email.delivered");
    expect(await handleResendWebhook(db, tampered, headers, secret)).toMatchObject({ ok: false, status: 401 });

    const reserialised = JSON.stringify(JSON.parse(body), null, 2);
    expect(await handleResendWebhook(db, reserialised, headers, secret)).toMatchObject({ ok: false, status: 401 });

    expect(await handleResendWebhook(db, body, headers, otherSecret)).toMatchObject({ ok: false, status: 401 });

    const stale = signed(body, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(await handleResendWebhook(db, body, stale, secret)).toMatchObject({ ok: false, status: 401 });

    const future = signed(body, { timestamp: Math.floor(Date.now() / 1000) + 10 * 60 });
    expect(await handleResendWebhook(db, body, future, secret)).toMatchObject({ ok: false, status: 401 });

    const noId = new Headers(headers);
    noId.delete("svix-id");
    expect(await handleResendWebhook(db, body, noId, secret)).toMatchObject({ ok: false, status: 400 });
    expect(await handleResendWebhook(db, body, new Headers(), secret)).toMatchObject({ ok: false, status: 400 });

    expect(await handleResendWebhook(db, body, headers, "")).toMatchObject({ ok: false, status: 401 });

    expect(await stored()).toEqual([]);
    expect((await getEmail(db, emailId))?.deliveryStatus).toBeNull();

    // The untouched request is still accepted.
    expect(await handleResendWebhook(db, body, headers, secret)).toMatchObject({ ok: true, duplicate: false });
  });

  it("the same event delivered twice, or concurrently, is stored once", async () => {
    await sentEmail("re_3");
    const body = event("email.delivered", "re_3");
    const headers = signed(body, { id: "msg_dup" });
    const first = await handleResendWebhook(db, body, headers, secret);
    const second = await handleResendWebhook(db, body, headers, secret);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(second).toMatchObject({ ok: true, duplicate: true });

    const body2 = event("email.opened", "re_3");
    const headers2 = signed(body2, { id: "msg_concurrent" });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => handleResendWebhook(db, body2, headers2, secret)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
    expect((await stored()).map((r) => r.id).sort()).toEqual(["msg_concurrent", "msg_dup"]);
  });

  it("out-of-order events never regress: bounced stays bounced, opened is not undone by delivered", async () => {
    const a = await sentEmail("re_a");
    const t0 = new Date(Date.now() - 60_000);
    for (const type of ["email.bounced", "email.delivered", "email.sent", "email.opened"]) {
      const body = event(type, "re_a", t0);
      expect(await handleResendWebhook(db, body, signed(body), secret)).toMatchObject({ ok: true });
    }
    expect((await getEmail(db, a))?.deliveryStatus).toBe("bounced");

    const b = await sentEmail("re_b");
    for (const type of ["email.sent", "email.opened", "email.delivered", "email.delivery_delayed"]) {
      const body = event(type, "re_b");
      await handleResendWebhook(db, body, signed(body), secret);
    }
    expect((await getEmail(db, b))?.deliveryStatus).toBe("opened");

    const c = await sentEmail("re_c");
    for (const type of ["email.delivered", "email.complained"]) {
      const body = event(type, "re_c");
      await handleResendWebhook(db, body, signed(body), secret);
    }
    expect((await getEmail(db, c))?.deliveryStatus).toBe("complained");
    expect(await stored()).toHaveLength(10);
  });

  it("an event that arrives before the row is marked sent is applied when it is", async () => {
    const id = randomUUID();
    await insertEmail(db, {
      id,
      kind: "letter",
      toAddress: "x@ec.example",
      fromAddress: "letters@undersigned.example",
      subject: "s",
      html: "h",
      text: "t",
      idempotencyKey: `email-${id}`,
    });
    await markEmailSending(db, id);
    const body = event("email.bounced", "re_early");
    expect(await handleResendWebhook(db, body, signed(body), secret)).toMatchObject({ ok: true, emailId: null });
    await markEmailSent(db, id, { transport: "resend", providerMessageId: "re_early" });
    expect((await getEmail(db, id))?.deliveryStatus).toBe("bounced");
  });

  it("events about other things are stored but change no email", async () => {
    const emailId = await sentEmail("re_d");
    const body = JSON.stringify({ type: "contact.created", created_at: new Date().toISOString(), data: { id: "c1" } });
    expect(await handleResendWebhook(db, body, signed(body), secret)).toMatchObject({ ok: true, emailId: null });
    expect((await getEmail(db, emailId))?.deliveryStatus).toBeNull();
    expect(await stored()).toHaveLength(1);
  });
});
