/**
 * Sign-in codes and links, sessions and redirects against the database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmailSecrets } from "#app/infra/email-secrets.server";
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { emails, loginCodes, memberships, sessions } from "#db/schema";
import { sha256Hex } from "#app/infra/crypto.server";
import { safeRedirectPath } from "#app/web/session.server";
import { requestLoginCode } from "#app/web/login.server";
import {
  consumeLoginCode,
  consumeLoginLink,
  createLoginCode,
  getSessionContext,
  LOGIN_CODE_MAX_ATTEMPTS,
} from "#app/models/auth.server";
import * as loginRoute from "#app/routes/login";
import * as loginCodeRoute from "#app/routes/login_.code";
import * as loginLinkRoute from "#app/routes/login_.link.$token";
import * as logoutRoute from "#app/routes/logout";
import * as lettersRoute from "#app/routes/letters._index";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, cookieFromSetCookie, freshIp, outcomeOf, sessionCookieFor } from "#tests/setup/routes";
import { createOffice, createUser, tag } from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let officeId: string;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  officeId = (await createOffice(db)).id;
});
afterAll(async () => {
  await handle?.close();
});

const newUser = () => createUser(db, { officeId, role: "staff" });
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe(`login codes (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("a code works once; two concurrent uses: one succeeds, the other gets a clean refusal", async () => {
    const u = await newUser();
    const { code } = await createLoginCode(db, u.email);
    const [a, b] = await Promise.all([consumeLoginCode(db, u.email, code), consumeLoginCode(db, u.email, code)]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ ok: false });
    expect((await consumeLoginCode(db, u.email, code)).ok).toBe(false);
  });

  it("the code is stored hashed, never in clear", async () => {
    const u = await newUser();
    const { id, code, linkToken } = await createLoginCode(db, u.email);
    const [row] = await db.select().from(loginCodes).where(eq(loginCodes.id, id));
    expect(JSON.stringify(row)).not.toContain(linkToken);
    expect(row.codeHash).not.toContain(code);
    expect(row.linkHash).toBe(sha256Hex(linkToken));
  });

  it("an expired code is refused", async () => {
    const u = await newUser();
    const { code } = await createLoginCode(db, u.email, new Date(Date.now() - 11 * 60_000));
    // Answered like a wrong code: an address without any live code (unknown, or expired) gives nothing away.
    expect(await consumeLoginCode(db, u.email, code)).toEqual({ ok: false, reason: "invalid" });
  });

  it(`${LOGIN_CODE_MAX_ATTEMPTS} wrong attempts lock the code, even for the right code afterwards`, async () => {
    const u = await newUser();
    const { code } = await createLoginCode(db, u.email);
    for (let i = 0; i < LOGIN_CODE_MAX_ATTEMPTS; i++)
      expect(await consumeLoginCode(db, u.email, wrongCode(code))).toEqual({ ok: false, reason: "invalid" });
    expect(await consumeLoginCode(db, u.email, code)).toEqual({ ok: false, reason: "locked" });
  });

  it("parallel guesses are counted too: no more than the allowed attempts are ever checked", async () => {
    const u = await newUser();
    const { code } = await createLoginCode(db, u.email);
    const guesses = Array.from({ length: 20 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"));
    const results = await Promise.all(guesses.map((g) => consumeLoginCode(db, u.email, g)));
    expect(results.filter((r) => !r.ok && r.reason === "invalid").length).toBeLessThanOrEqual(LOGIN_CODE_MAX_ATTEMPTS);
    expect(await consumeLoginCode(db, u.email, code)).toEqual({ ok: false, reason: "locked" });
  });

  it("a magic link works once, also when used twice at the same moment", async () => {
    const u = await newUser();
    const { linkToken } = await createLoginCode(db, u.email);
    const results = await Promise.all([
      consumeLoginLink(db, linkToken),
      consumeLoginLink(db, linkToken),
      consumeLoginLink(db, linkToken),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("opening the link (GET) consumes nothing; the POST signs in once", async () => {
    const u = await newUser();
    const { id, linkToken } = await createLoginCode(db, u.email);
    const page = await callLoader(loginLinkRoute, { path: `/login/link/${linkToken}`, params: { token: linkToken } });
    expect(page.status).toBe(200);
    const [row] = await db.select().from(loginCodes).where(eq(loginCodes.id, id));
    expect(row.usedAt).toBeNull();
    const first = await callAction(loginLinkRoute, { path: `/login/link/${linkToken}`, params: { token: linkToken } });
    expect(outcomeOf(first)).toBe("redirect");
    expect(first.headers.get("set-cookie")).toMatch(/HttpOnly/);
    expect(first.headers.get("set-cookie")).toMatch(/SameSite=Lax/);
    const second = await callAction(loginLinkRoute, { path: `/login/link/${linkToken}`, params: { token: linkToken } });
    expect(second.status).toBe(400);
  });
});

describe(`requesting a code (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("gives the same answer for known and unknown addresses, and queues an email only for the known one", async () => {
    const u = await newUser();
    const unknown = `nobody.${tag()}@office.test`;
    expect(await requestLoginCode(db, u.email, freshIp())).toBe(false);
    expect(await requestLoginCode(db, unknown, freshIp())).toBe(false);
    expect(await db.select().from(emails).where(eq(emails.toAddress, u.email))).toHaveLength(1);
    expect(await db.select().from(emails).where(eq(emails.toAddress, unknown))).toEqual([]);
    expect(await db.select().from(loginCodes).where(eq(loginCodes.email, unknown))).toEqual([]);

    const known = await callAction(loginRoute, { path: "/login", form: { email: u.email, redirectTo: "/letters" } });
    const notKnown = await callAction(loginRoute, { path: "/login", form: { email: unknown, redirectTo: "/letters" } });
    expect(known.status).toBe(notKnown.status);
    expect(known.location!.replace(encodeURIComponent(u.email), "X")).toBe(
      notKnown.location!.replace(encodeURIComponent(unknown), "X"),
    );
  });

  it("the whole code sign-in through the routes: the emailed code opens a session that works", async () => {
    const u = await newUser();
    const req = await callAction(loginRoute, {
      path: "/login",
      form: { email: u.email.toUpperCase(), redirectTo: "/letters" },
    });
    expect(req.location).toMatch(/^\/login\/code\?/);
    const [mail] = await db
      .select()
      .from(emails)
      .where(and(eq(emails.toAddress, u.email), eq(emails.kind, "login-code")));
    const code = /\b(\d{6})\b/.exec(openEmailSecrets(mail).text)![1];
    const res = await callAction(loginCodeRoute, {
      path: "/login/code",
      form: { email: u.email, code, redirectTo: "https://evil.example/x" },
    });
    expect(outcomeOf(res)).toBe("redirect");
    expect(res.location).toBe("/letters");
    const cookie = cookieFromSetCookie(res.headers.get("set-cookie"));
    expect((await callLoader(lettersRoute, { path: "/letters", cookie })).status).toBe(200);
    const again = await callAction(loginCodeRoute, { path: "/login/code", form: { email: u.email, code } });
    expect(again.status).toBe(400);
  });
});

describe(`sessions (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("expire after the idle time, and the row is removed", async () => {
    const u = await newUser();
    const t0 = new Date();
    const { token } = await sessionCookieFor(db, u, officeId, { now: t0 });
    expect(await getSessionContext(db, token, 30, new Date(t0.getTime() + 20 * 60_000))).not.toBeNull();
    // The idle window slides with use: 20 min after the last use is still fine…
    expect(await getSessionContext(db, token, 30, new Date(t0.getTime() + 40 * 60_000))).not.toBeNull();
    // …31 minutes of silence is not.
    expect(await getSessionContext(db, token, 30, new Date(t0.getTime() + 71 * 60_000))).toBeNull();
    expect(
      await db
        .select()
        .from(sessions)
        .where(eq(sessions.idHash, sha256Hex(token))),
    ).toEqual([]);
  });

  it("expire after the absolute lifetime even when used all the time", async () => {
    const u = await newUser();
    const t0 = new Date();
    const { token } = await sessionCookieFor(db, u, officeId, { now: t0, maxHours: 12 });
    for (let m = 25; m < 12 * 60; m += 25)
      expect(await getSessionContext(db, token, 30, new Date(t0.getTime() + m * 60_000))).not.toBeNull();
    expect(await getSessionContext(db, token, 30, new Date(t0.getTime() + 12 * 3600_000 + 60_000))).toBeNull();
  });

  it("a removed member's session is refused on the next request", async () => {
    const u = await newUser();
    const { cookie } = await sessionCookieFor(db, u, officeId);
    expect((await callLoader(lettersRoute, { path: "/letters", cookie })).status).toBe(200);
    await db.delete(memberships).where(eq(memberships.id, u.membershipId!));
    const after = await callLoader(lettersRoute, { path: "/letters", cookie });
    expect(outcomeOf(after)).toBe("redirect-to-login");
  });

  it("a forged or unknown cookie is no session", async () => {
    const res = await callLoader(lettersRoute, {
      path: "/letters",
      cookie: "undersigned=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; __Host-undersigned=x",
    });
    expect(outcomeOf(res)).toBe("redirect-to-login");
  });

  it("sign-out deletes the session in the database", async () => {
    const u = await newUser();
    const { token, cookie } = await sessionCookieFor(db, u, officeId);
    const res = await callAction(logoutRoute, { path: "/logout", cookie });
    expect(outcomeOf(res)).toBe("redirect-to-login");
    expect(res.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(
      await db
        .select()
        .from(sessions)
        .where(eq(sessions.idHash, sha256Hex(token))),
    ).toEqual([]);
    expect(outcomeOf(await callLoader(lettersRoute, { path: "/letters", cookie }))).toBe("redirect-to-login");
  });
});

describe("redirect targets", () => {
  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "",
    null,
  ])("refuses %s", (to) => {
    expect(safeRedirectPath(to as string | null)).toBe("/");
  });

  it("keeps same-site paths with query and hash", () => {
    expect(safeRedirectPath("/letters/1?x=2#y")).toBe("/letters/1?x=2#y");
  });

  it("the sign-in pages never carry a foreign redirect forward", async () => {
    for (const redirectTo of ["https://evil.example", "//evil.example", "/\\evil.example"]) {
      const page = await callLoader(loginCodeRoute, {
        path: `/login/code?redirectTo=${encodeURIComponent(redirectTo)}`,
      });
      expect((page.data as { redirectTo: string }).redirectTo).toBe("/letters");
    }
  });
});
