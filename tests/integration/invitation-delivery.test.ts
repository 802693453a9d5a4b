/**
 * Invitation delivery is visible without the development outbox: on the invite and letter pages each invitation's
 * latest message shows queued / trying again at / sent / delivered / bounced / failed (from the outbox, the job
 * queue and the provider's webhooks), refusals trying again will not change are raised, and a failed message can
 * be sent again. Against the fake Resend server on loopback; PGlite, and PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db, DbHandle } from "#db/client.server";
import { auditEvents, emails, jobs } from "#db/schema";
import * as inviteRoute from "#app/routes/letters.$letterId.invite";
import * as letterRoute from "#app/routes/letters.$letterId._index";
import { resetEnvCache } from "#app/infra/env.server";
import { recordDeliveryEvent } from "#app/infra/email-outbox.server";
import { resetRateLimitGate, setMailerOptions } from "#app/infra/mailer.server";
import { inviteMembers } from "#app/services/invitations.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { startFakeResend, type FakeResend } from "#tests/mocks/fake-resend";
import { callAction, callLoader, sessionCookieFor } from "#tests/setup/routes";
import { createMep, createOfficeActor, createPublishedLetter, createUser, tag } from "#tests/factories/index";
import { drain, later } from "./sending.fixtures";

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

const RAW = /rate_limit_exceeded|internal_server_error|validation_error|Invalid `to`|scripted error/;

async function invitedWorld(addresses: string[]) {
  const { actor, user, office } = await createOfficeActor(db);
  const staff = await createUser(db, { officeId: office.id, role: "staff" });
  const letter = await createPublishedLetter(db, actor, "We ask for a ban on the scanners.");
  const members: Array<Awaited<ReturnType<typeof createMep>>> = [];
  for (const email of addresses) members.push(await createMep(db, { familyName: `Member ${tag()}`, email }));
  const r = await inviteMembers(db, actor, {
    letter,
    inviter: { name: user.name, email: user.email },
    mepIds: members.map((m) => m.id),
  });
  if (!r.ok) throw new Error(r.error);
  const cookie = (await sessionCookieFor(db, staff, office.id)).cookie;
  const path = `/letters/${letter.id}/invite`;
  const page = () => callLoader<any>(inviteRoute, { path, params: { letterId: letter.id }, cookie });
  const byAddress = async () => {
    const p = await page();
    const rows = p.data.invitations as Array<{ inviteeName: string; delivery: any }>;
    const out: Record<string, any> = {};
    for (const m of members) out[m.email!] = rows.find((i) => i.inviteeName.includes(m.familyName))?.delivery;
    return { page: p, rows: out };
  };
  return { letter, office, cookie, path, members, page, byAddress };
}

async function emailTo(address: string) {
  const [row] = await db
    .select()
    .from(emails)
    .where(and(eq(emails.toAddress, address), eq(emails.kind, "invitation")));
  return row;
}

describe(`invitation delivery on the invite and letter pages (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("queued, then sent, delivered, bounced, trying again at a time, or failed; refusals raised; never the provider's words", async () => {
    const t = tag();
    const addr = {
      delivered: `delivered.${t}@ep.test`,
      bounced: `bounced.${t}@ep.test`,
      busy: `busy.${t}@ep.test`,
      refused: `refused.${t}@ep.invalid`,
    };
    const w = await invitedWorld(Object.values(addr));
    const queued = await w.byAddress();
    expect(Object.values(queued.rows).map((d) => d.state)).toEqual(["waiting", "waiting", "waiting", "waiting"]);

    // The invitations go out in the order they were queued: delivered, bounced, busy (429), refused (422).
    fake.script([
      { status: 200 },
      { status: 200 },
      {
        status: 429,
        body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
        headers: { "retry-after": "300" },
      },
    ]);
    await drain(db);
    for (const [kind, address] of [
      ["delivered", addr.delivered],
      ["bounced", addr.bounced],
    ] as const) {
      const row = await emailTo(address);
      await db.transaction((tx) =>
        recordDeliveryEvent(tx, {
          id: `evt_${kind}_${t}`,
          type: `email.${kind}`,
          providerMessageId: row.providerMessageId,
          occurredAt: new Date(),
          payload: {},
        }),
      );
    }

    const { page, rows } = await w.byAddress();
    expect(rows[addr.delivered]).toMatchObject({ state: "delivered", permanent: false, retryable: false });
    expect(rows[addr.bounced]).toMatchObject({ state: "bounced", permanent: true, problem: "sending.state.bounced" });
    expect(rows[addr.busy]).toMatchObject({ state: "retrying", problem: "sending.problem.busy", permanent: false });
    expect(rows[addr.busy].retryAt).toMatch(/\d\d:\d\d$/);
    expect(rows[addr.refused]).toMatchObject({
      state: "failed",
      problem: "sending.problem.address",
      permanent: true,
      retryable: true,
    });
    expect(page.body).not.toMatch(RAW);

    // The letter page shows the same column.
    const letterPage = await callLoader<any>(letterRoute, {
      path: `/letters/${w.letter.id}`,
      params: { letterId: w.letter.id },
      cookie: w.cookie,
    });
    const states = (letterPage.data.invitations as Array<{ delivery: { state: string } }>)
      .map((i) => i.delivery.state)
      .sort();
    expect(states).toEqual(["bounced", "delivered", "failed", "retrying"]);
    expect(letterPage.body).not.toMatch(RAW);
  });

  it("a failed invitation is sent again with the retry button, with a new idempotency key, and audited", async () => {
    const t = tag();
    const address = `flaky.${t}@ep.test`;
    const w = await invitedWorld([address]);
    // The provider fails on the last attempt the queue allows: the message is given up as failed.
    await db.update(jobs).set({ maxAttempts: 1 }).where(eq(jobs.queue, "email.send"));
    fake.script([{ status: 500, body: { statusCode: 500, name: "internal_server_error", message: "scripted error" } }]);
    await drain(db);
    const before = await emailTo(address);
    expect(before.status).toBe("failed");
    const failed = (await w.byAddress()).rows[address];
    expect(failed).toMatchObject({ state: "failed", problem: "sending.problem.providerDown", retryable: true });

    const r = await callAction<any>(inviteRoute, {
      path: w.path,
      params: { letterId: w.letter.id },
      cookie: w.cookie,
      form: { intent: "retry-email", emailId: failed.emailId },
    });
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ ok: true, message: "invite.delivery.retried" });
    expect((await w.byAddress()).rows[address].state).toBe("waiting");
    await drain(db, later(1000));
    const after = await emailTo(address);
    expect(after.status).toBe("sent");
    expect(after.idempotencyKey).not.toBe(before.idempotencyKey);
    expect(fake.deliveries.filter((d) => d.to[0].includes(address))).toHaveLength(1);
    expect((await w.byAddress()).rows[address].state).toBe("accepted");
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, w.letter.id), eq(auditEvents.action, "invitation.email-retried")));
    expect(events).toHaveLength(1);

    // A message that has not failed is not sent twice.
    const again = await callAction<any>(inviteRoute, {
      path: w.path,
      params: { letterId: w.letter.id },
      cookie: w.cookie,
      form: { intent: "retry-email", emailId: failed.emailId },
    });
    expect(again.status).toBe(409);
  });
});
