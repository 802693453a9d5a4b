/**
 * A copy of the database grants nothing: every live signing link, sign-in code and
 * sign-in link issued in this file is searched for in every row of every table, e-mail subjects,
 * bodies and headers included, before and after delivery through Resend, and none is found. Sign-in
 * codes are keyed with the server secret, only the newest code works, unsubscribe links need the
 * server secret, and a known and an unknown address get the same answer at every step.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { rowsOf } from "#db/client.server";
import { emails, invitations, loginCodes } from "#db/schema";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { startFakeResend, type FakeResend } from "#tests/mocks/fake-resend";
import { callAction } from "#tests/setup/routes";
import { routeModule } from "#tests/setup/route-files";
import { changedTables, tableFingerprints } from "#tests/setup/db-state";
import { resetEnvCache } from "#app/infra/env.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { sendEmailNow } from "#app/infra/mailer.server";
import { latestEmailTo } from "#app/infra/email-outbox.server";
import { consumeLoginCode } from "#app/models/auth.server";
import { getUnsubscribeContext, unsubscribeToken } from "#app/models/reminders.server";
import { requestLoginCode } from "#app/web/login.server";
import { createWorld, tag, type World } from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let w: World;
let fake: FakeResend;
/** Every secret that would grant access, as issued in this file. */
const live = { tokens: [] as string[], codes: [] as string[] };

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  w = await createWorld(db);
  live.tokens.push(w.invA1.token, w.invA2.token, w.invB1.token);
  fake = await startFakeResend();
});
afterAll(async () => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  resetEnvCache();
  await fake?.close();
  await handle?.close();
});

/** Every row of every table as text, in one string. */
async function databaseDump(): Promise<string> {
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`),
  ).map((r) => r.name);
  const parts: string[] = [];
  for (const t of tables) {
    const rows = rowsOf<{ r: string }>(await db.execute(sql.raw(`select t::text as r from public."${t}" t`)));
    parts.push(...rows.map((r) => `${t}: ${r.r}`));
  }
  return parts.join("\n");
}

function findSecrets(dump: string) {
  const found = live.tokens.filter((t) => dump.includes(t));
  // A code is six digits: look for it standing alone (not inside a uuid, hash or timestamp).
  for (const c of live.codes) if (new RegExp(`(?<![0-9a-f.:-])${c}(?![0-9a-f])`).test(dump)) found.push(c);
  return found;
}

async function issueLoginCode(email: string) {
  await requestLoginCode(db, email, `192.0.2.${Math.floor(Math.random() * 200) + 1}`);
  const mail = await latestEmailTo(db, email, "login-code");
  const code = /\b(\d{6})\b/.exec(mail!.text)?.[1];
  const link = /\/login\/link\/([A-Za-z0-9_-]{43})/.exec(mail!.html)?.[1];
  expect(code, "the sent message carries the code").toBeTruthy();
  expect(link, "the sent message carries the link").toBeTruthy();
  live.codes.push(code!);
  live.tokens.push(link!);
  return { mail: mail!, code: code!, link: link! };
}

describe(`secrets at rest (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("the queued messages hold no live link or code: subject, parts and headers carry placeholders", async () => {
    const { mail } = await issueLoginCode(w.a.staff.email);
    expect(mail.subject).toBe("Sign in to Undersigned");
    const [stored] = await db.select().from(emails).where(eq(emails.id, mail.id));
    expect(stored.sealedSecrets).toMatch(/^v1\./);
    expect(stored.html).toContain("[[undersigned-secret-");
    expect(findSecrets(await databaseDump())).toEqual([]);
  });

  it("the sign-in code is stored under a key the database does not hold", async () => {
    const { code } = await issueLoginCode(w.a.mep.email);
    const [row] = await db
      .select()
      .from(loginCodes)
      .where(eq(loginCodes.email, w.a.mep.email.toLowerCase()))
      .orderBy(sql`${loginCodes.createdAt} desc`)
      .limit(1);
    expect(row.codeHash).not.toBe(sha256Hex(`${row.id}:${code}`));
  });

  it("only the newest sign-in code works", async () => {
    const first = await issueLoginCode(w.a.admin.email);
    const second = await issueLoginCode(w.a.admin.email);
    expect((await consumeLoginCode(db, w.a.admin.email, first.code)).ok).toBe(false);
    expect((await consumeLoginCode(db, w.a.admin.email, second.code)).ok).toBe(true);
  });

  it("an unsubscribe link cannot be made from what the database holds", async () => {
    const [inv] = await db.select().from(invitations).where(eq(invitations.id, w.invA2.invitationId));
    const unkeyed = Buffer.from(sha256Hex(`unsubscribe\n${inv.id}\n${inv.tokenHash}`), "hex")
      .toString("base64url")
      .slice(0, 32);
    expect(await getUnsubscribeContext(db, `${inv.id}.${unkeyed}`)).toBeNull();
    expect(await getUnsubscribeContext(db, unsubscribeToken(inv))).not.toBeNull();
  });

  it("once Resend accepted a message, its sealed links are deleted; what was sent carried them", async () => {
    process.env.RESEND_API_KEY = "re_test_key";
    process.env.RESEND_BASE_URL = fake.url;
    resetEnvCache();
    try {
      const { mail, link } = await issueLoginCode(w.a.campaign_lead.email);
      await sendEmailNow(db, mail.id);
      const delivered = fake.deliveries.find((d) => d.to.some((t) => t.includes(w.a.campaign_lead.email)));
      expect(delivered?.html).toContain(`/login/link/${link}`);
      const [stored] = await db.select().from(emails).where(eq(emails.id, mail.id));
      expect(stored.status).toBe("sent");
      expect(stored.sealedSecrets).toBeNull();
      await sendEmailNow(db, w.emailA.id);
      const [inv] = await db.select().from(emails).where(eq(emails.id, w.emailA.id));
      expect(inv.sealedSecrets).toBeNull();
    } finally {
      delete process.env.RESEND_API_KEY;
      delete process.env.RESEND_BASE_URL;
      resetEnvCache();
    }
  });

  it("grep of the whole database finds none of the live tokens and codes issued in this file", async () => {
    expect(live.tokens.length + live.codes.length).toBeGreaterThanOrEqual(10);
    expect(findSecrets(await databaseDump())).toEqual([]);
  });
});

describe("known and unknown addresses are answered alike", () => {
  it("POST /login: the same redirect, and an unknown address leaves nothing behind", async () => {
    const login = await routeModule("login.tsx");
    const unknown = `nobody.${tag()}@office.test`;
    const before = await tableFingerprints(db);
    const a = await callAction(login, { path: "/login", form: { email: unknown, redirectTo: "/letters" } });
    expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
    const b = await callAction(login, { path: "/login", form: { email: w.b.staff.email, redirectTo: "/letters" } });
    expect(a.status).toBe(b.status);
    expect(a.location?.replace(/email=[^&]+/, "")).toBe(b.location?.replace(/email=[^&]+/, ""));
  });

  it("the code form: a wrong code for a known address and any code for an unknown one get the same message", async () => {
    const code = await routeModule("login_.code.tsx");
    await requestLoginCode(db, w.b.mep.email, "192.0.2.250");
    const known = await callAction(code, { path: "/login/code", form: { email: w.b.mep.email, code: "000000" } });
    const unknown = await callAction(code, {
      path: "/login/code",
      form: { email: `nobody.${tag()}@office.test`, code: "000000" },
    });
    expect(known.status).toBe(400);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toBe(known.body);
  });
});
