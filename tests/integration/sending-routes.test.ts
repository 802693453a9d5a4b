/**
 * The sending routes, called as Remix would: re-confirmation before sending, the send page, the PDF and record
 * downloads (office-scoped), the signatory PDF link, the public verification page with its PDF check, and the
 * Resend webhook endpoint (valid, tampered, stale, duplicate, out of order).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbHandle } from "#db/client.server";
import { emails, sends, sessions, webhookEvents } from "#db/schema";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, freshIp, sessionCookieFor, TEST_ORIGIN } from "#tests/setup/routes";
import { signResendWebhook } from "#tests/mocks/fake-resend";
import { resetEnvCache } from "#app/infra/env.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { latestEmailTo } from "#app/infra/email-outbox.server";
import { signatoryPdfPath } from "#app/models/sending.server";
import { createOffice, createUser } from "#tests/factories/index";
import * as sendRoute from "#app/routes/letters.$letterId.send";
import * as pdfRoute from "#app/routes/letters.$letterId.pdf";
import * as recordRoute from "#app/routes/letters.$letterId.record";
import * as reauthRoute from "#app/routes/reauth";
import * as verifyRoute from "#app/routes/verify.$code";
import * as verifyPdfRoute from "#app/routes/verify.$code_.pdf";
import * as webhookRoute from "#app/routes/webhooks.resend";
import { createSendingWorld, drain, type SendingWorld } from "./sending.fixtures";

let handle: DbHandle & { name: string };
let db: Db;
const SECRET = "whsec_" + Buffer.from("a-test-webhook-secret-of-enough-length").toString("base64");
const saved = process.env.RESEND_WEBHOOK_SECRET;

beforeAll(async () => {
  delete process.env.RESEND_API_KEY;
  process.env.RESEND_WEBHOOK_SECRET = SECRET;
  resetEnvCache();
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  if (saved === undefined) delete process.env.RESEND_WEBHOOK_SECRET;
  else process.env.RESEND_WEBHOOK_SECRET = saved;
  resetEnvCache();
  await handle?.close();
});

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

async function freshCookie(w: SendingWorld) {
  return (await sessionCookieFor(db, w.user, w.office.id)).cookie;
}

async function sendThroughRoute(w: SendingWorld) {
  const cookie = await freshCookie(w);
  const r = await callAction(sendRoute, {
    path: `/letters/${w.letter.id}/send`,
    params: { letterId: w.letter.id },
    cookie,
    form: { intent: "send", versionHash: w.version.sha256 },
  });
  expect(r.location).toBe(`/letters/${w.letter.id}/send?sent=1`);
  const [send] = await db.select().from(sends).where(eq(sends.letterId, w.letter.id));
  return { cookie, send };
}

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(new URL(path, TEST_ORIGIN), { method: "POST", body, headers });
}

describe(`sending routes (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("sending needs a recent sign-in: an old session is sent to /reauth, confirms by emailed code, and comes back", async () => {
    const w = await createSendingWorld(db, { signers: 2 });
    const { cookie, token } = await sessionCookieFor(db, w.user, w.office.id, { now: minutesAgo(20) });
    const path = `/letters/${w.letter.id}/send`;
    const page = await callLoader(sendRoute, { path, params: { letterId: w.letter.id }, cookie });
    expect(page.data).toMatchObject({ sent: false, problems: [], reauthNeeded: true, signatures: 3, notices: 3 });

    const refused = await callAction(sendRoute, {
      path,
      params: { letterId: w.letter.id },
      cookie,
      form: { intent: "send", versionHash: w.version.sha256 },
    });
    expect(refused.location).toBe(`/reauth?redirectTo=${encodeURIComponent(path)}`);
    expect(await db.select().from(sends).where(eq(sends.letterId, w.letter.id))).toEqual([]);

    // GET never emails a code; POST does, to the signed-in user's own address.
    const before = await latestEmailTo(db, w.user.email, "login-code");
    expect(
      (await callLoader(reauthRoute, { path: `/reauth?redirectTo=${encodeURIComponent(path)}`, cookie })).data,
    ).toMatchObject({ email: w.user.email, redirectTo: path });
    expect(await latestEmailTo(db, w.user.email, "login-code")).toEqual(before);
    await callAction(reauthRoute, { path: "/reauth", cookie, form: { intent: "request", redirectTo: path } });
    const mail = await latestEmailTo(db, w.user.email, "login-code");
    const code = /\b(\d{6})\b/.exec(mail!.text)![1];

    const wrong = await callAction(reauthRoute, {
      path: "/reauth",
      cookie,
      form: { intent: "verify", code: code === "000000" ? "111111" : "000000", redirectTo: path },
    });
    expect(wrong.status).toBe(400);
    const ok = await callAction(reauthRoute, {
      path: "/reauth",
      cookie,
      form: { intent: "verify", code, redirectTo: "https://evil.example/" },
    });
    expect(ok.location).toBe("/letters"); // never off-site
    const [s] = await db
      .select()
      .from(sessions)
      .where(eq(sessions.idHash, sha256Hex(token)));
    expect(Date.now() - s.verifiedAt.getTime()).toBeLessThan(60_000);
    // The code is single-use.
    expect(
      (await callAction(reauthRoute, { path: "/reauth", cookie, form: { intent: "verify", code, redirectTo: path } }))
        .status,
    ).toBe(400);

    const sent = await callAction(sendRoute, {
      path,
      params: { letterId: w.letter.id },
      cookie,
      form: { intent: "send", versionHash: w.version.sha256 },
    });
    expect(sent.location).toBe(`${path}?sent=1`);
    await drain(db);
    const status = await callLoader(sendRoute, { path, params: { letterId: w.letter.id }, cookie });
    expect(status.data).toMatchObject({ sent: true, progress: { state: "sent" }, send: { signatoryCount: 3 } });
    expect((status.data as { recipients: unknown[] }).recipients).toHaveLength(3);
    // Pressing again: 409, still one send.
    const again = await callAction(sendRoute, {
      path,
      params: { letterId: w.letter.id },
      cookie,
      form: { intent: "send", versionHash: w.version.sha256 },
    });
    expect(again.status).toBe(409);
  });

  it("a stale version hash in the form sends nothing (409); another office gets 404 everywhere", async () => {
    const w = await createSendingWorld(db, { signers: 1 });
    const cookie = await freshCookie(w);
    const path = `/letters/${w.letter.id}/send`;
    const stale = await callAction(sendRoute, {
      path,
      params: { letterId: w.letter.id },
      cookie,
      form: { intent: "send", versionHash: "f".repeat(64) },
    });
    expect(stale.status).toBe(409);
    expect(await db.select().from(sends).where(eq(sends.letterId, w.letter.id))).toEqual([]);

    const other = await createOffice(db);
    const stranger = await createUser(db, { officeId: other.id, role: "staff" });
    const foreign = (await sessionCookieFor(db, stranger, other.id)).cookie;
    await sendThroughRoute(w);
    for (const [mod, p] of [
      [sendRoute, path],
      [pdfRoute, `/letters/${w.letter.id}/pdf`],
      [recordRoute, `/letters/${w.letter.id}/record`],
    ] as const) {
      const r = await callLoader(mod, { path: p, params: { letterId: w.letter.id }, cookie: foreign });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain(w.letter.subject);
    }
    const action = await callAction(sendRoute, {
      path,
      params: { letterId: w.letter.id },
      cookie: foreign,
      form: { intent: "send" },
    });
    expect(action.status).toBe(404);
  });

  it("PDF and record downloads: office-scoped, 404 before sending (except an explicit preview), the PDF's hash is the recorded one", async () => {
    const w = await createSendingWorld(db, { signers: 2 });
    const cookie = await freshCookie(w);
    const params = { letterId: w.letter.id };
    expect((await callLoader(pdfRoute, { path: `/letters/${w.letter.id}/pdf`, params, cookie })).status).toBe(404);
    expect((await callLoader(recordRoute, { path: `/letters/${w.letter.id}/record`, params, cookie })).status).toBe(
      404,
    );
    const preview = await pdfRoute.loader({
      request: new Request(`${TEST_ORIGIN}/letters/${w.letter.id}/pdf?preview=1`, { headers: { cookie } }),
      params,
      context: { ip: freshIp() },
    });
    expect(preview.headers.get("content-type")).toBe("application/pdf");

    const { send } = await sendThroughRoute(w);
    await drain(db);
    const res = await pdfRoute.loader({
      request: new Request(`${TEST_ORIGIN}/letters/${w.letter.id}/pdf`, { headers: { cookie } }),
      params,
      context: { ip: freshIp() },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="BG-${w.t}-v1.pdf"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(sha256Hex(bytes)).toBe(send.pdfSha256);

    const record = await callLoader(recordRoute, { path: `/letters/${w.letter.id}/record`, params, cookie });
    expect(record.status).toBe(200);
    expect(record.headers.get("content-type")).toMatch(/^application\/json/);
    const json = record.data as {
      pdf: { sha256: string };
      html: { sha256: string };
      recipients: Array<{ address: string; providerMessageId: string; sentAt: string }>;
      notices: unknown[];
      version: { sha256: string };
    };
    expect(json.pdf.sha256).toBe(send.pdfSha256);
    expect(json.html.sha256).toBe(send.htmlSha256);
    expect(json.version.sha256).toBe(w.version.sha256);
    expect(json.recipients).toHaveLength(3);
    expect(json.recipients.every((r) => r.providerMessageId && r.sentAt)).toBe(true);
    expect(json.notices).toHaveLength(3);

    // The signatories' link: code and send id together, nothing less.
    const link = signatoryPdfPath(w.letter.verificationCode, send.id);
    const viaLink = await verifyPdfRoute.loader({
      request: new Request(`${TEST_ORIGIN}${link}`),
      params: { code: w.letter.verificationCode },
      context: { ip: freshIp() },
    });
    expect(sha256Hex(Buffer.from(await viaLink.arrayBuffer()))).toBe(send.pdfSha256);
    for (const bad of [
      `/verify/${w.letter.verificationCode}/pdf`,
      `/verify/${w.letter.verificationCode}/pdf?key=${crypto.randomUUID()}`,
      `/verify/${w.letter.verificationCode}/pdf?key=not-a-uuid`,
    ]) {
      const r = await callLoader(verifyPdfRoute, { path: bad, params: { code: w.letter.verificationCode } });
      expect(r.status, bad).toBe(404);
    }
  });

  it("the verification page: 404 while unsent; then the hash, signatories and date, and a PDF check by upload or pasted hash", async () => {
    const w = await createSendingWorld(db, { signers: 4 });
    const code = w.letter.verificationCode;
    const path = `/verify/${code}`;
    expect((await callLoader(verifyRoute, { path, params: { code } })).status).toBe(404);
    expect((await callLoader(verifyRoute, { path: "/verify/short", params: { code: "short" } })).status).toBe(404);
    const { send, cookie } = await sendThroughRoute(w);

    const page = await callLoader(verifyRoute, { path, params: { code } });
    expect(page.data).toMatchObject({ signatories: 5, versionHash: w.version.sha256, pdfSha256: send.pdfSha256 });
    expect(page.body).not.toContain(w.office.contactEmail!);

    const res = await pdfRoute.loader({
      request: new Request(`${TEST_ORIGIN}/letters/${w.letter.id}/pdf`, { headers: { cookie } }),
      params: { letterId: w.letter.id },
      context: { ip: freshIp() },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const upload = async (content: Buffer) => {
      const form = new FormData();
      form.set("pdf", new Blob([new Uint8Array(content)], { type: "application/pdf" }), "letter.pdf");
      const r = await verifyRoute.action({ request: post(path, form), params: { code }, context: { ip: freshIp() } });
      return (r as { data: { result: string; hash: string } }).data;
    };
    expect(await upload(bytes)).toEqual({ result: "match", hash: send.pdfSha256 });
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 20] ^= 1;
    expect((await upload(tampered)).result).toBe("no-match");
    const pasted = await callAction(verifyRoute, {
      path,
      params: { code },
      form: { sha256: send.pdfSha256!.toUpperCase() },
    });
    expect(pasted.data).toMatchObject({ result: "match" });
    const nothing = await callAction(verifyRoute, { path, params: { code }, form: { sha256: "not a hash" } });
    expect(nothing.status).toBe(400);
  });

  it("the webhook: valid events are stored once, bounced stays bounced, bad signatures are rejected and store nothing", async () => {
    const w = await createSendingWorld(db, { signers: 1 });
    await sendThroughRoute(w);
    await drain(db);
    const [row] = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, w.letter.id), eq(emails.kind, "letter")))
      .limit(1);
    const messageId = row.providerMessageId!;
    const count = async () => Number((await db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents))[0].n);
    const event = (
      id: string,
      type: string,
      opts: { timestamp?: number; tamper?: boolean; headers?: boolean } = {},
    ) => {
      const payload = JSON.stringify({
        type,
        created_at: new Date().toISOString(),
        data: { email_id: messageId, to: [row.toAddress] },
      });
      const headers =
        opts.headers === false ? {} : signResendWebhook({ secret: SECRET, id, payload, timestamp: opts.timestamp });
      const body = opts.tamper ? payload.replace(type, "email.delivered") : payload;
      return webhookRoute.action({
        request: post("/webhooks/resend", body, { ...headers, "content-type": "application/json" }),
        params: {},
        context: {},
      });
    };
    const start = await count();

    const tampered = await event("msg_tampered", "email.bounced", { tamper: true });
    expect(tampered.status).toBe(401);
    const stale = await event("msg_stale", "email.delivered", { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.status).toBe(401);
    const unsigned = await event("msg_unsigned", "email.delivered", { headers: false });
    expect(unsigned.status).toBe(400);
    expect(await count()).toBe(start);

    const bounced = await event("msg_bounced", "email.bounced");
    expect(bounced.status).toBe(200);
    expect(await bounced.json()).toEqual({ ok: true, duplicate: false });
    const dup = await event("msg_bounced", "email.bounced");
    expect(await dup.json()).toEqual({ ok: true, duplicate: true });
    // Delivered arriving after bounced (out of order) does not undo the bounce.
    expect((await event("msg_late_delivered", "email.delivered")).status).toBe(200);
    expect(await count()).toBe(start + 2);
    const [after] = await db.select().from(emails).where(eq(emails.id, row.id));
    expect(after.deliveryStatus).toBe("bounced");

    // The send page shows it per recipient.
    const cookie = await freshCookie(w);
    const page = await callLoader(sendRoute, {
      path: `/letters/${w.letter.id}/send`,
      params: { letterId: w.letter.id },
      cookie,
    });
    const recipients = (page.data as { recipients: Array<{ address: string; state: string }> }).recipients;
    expect(recipients.find((r) => r.address === row.toAddress)?.state).toBe("bounced");
  });
});
