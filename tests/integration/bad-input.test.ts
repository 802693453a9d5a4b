/**
 * Bad input on every route: every loader and action intent of tests/authz-matrix.ts,
 * called in-process as the principal that gets furthest into it, with a generated corpus of inputs no
 * form of ours sends: bodies that are not forms, NUL characters, invalid UTF-8, overlong values,
 * negative and huge numbers, impossible dates, malformed editor JSON, malformed ids and tokens, and
 * XSS payloads. Each must be answered below 500, a refusal with a message, and (XSS payloads aside,
 * which may be legitimate text) leave the database exactly as it was.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { letters } from "#db/schema";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callWithRequest, formBody, sessionCookieFor, TEST_ORIGIN, type RouteResult } from "#tests/setup/routes";
import { changedTables, tableFingerprints } from "#tests/setup/db-state";
import { paramNames, routeModule, urlPath } from "#tests/setup/route-files";
import { AUTHZ_MATRIX, type MatrixEntry } from "#tests/authz-matrix";
import {
  createFailedInvitationEmail,
  createFollowedQuestion,
  createOfficeInvitationFor,
  createQuestionDraft,
  createUser,
  createWorld,
  tag,
  type World,
} from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let w: World;
/** A member of office A that the admin actions aim at, so an accepted write would not lock out the callers. */
let spareMember: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  w = await createWorld(db);
  spareMember = await createUser(db, { officeId: w.officeA.id, role: "staff" });
});
afterAll(async () => {
  console.log(`bad-input corpus: ${total} cases, ${fiveHundreds} × 5xx`);
  await handle?.close();
});

let total = 0;
let fiveHundreds = 0;

const isTokenRoute = (file: string) => file === "sign.$token.tsx" || file === "sign.$token_.comment.tsx";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Who = "member" | "invitee" | "anonymous";
/** The principal that gets furthest into a route: the invitee on signing pages, anyone on public ones, else a member of A. */
function principalFor(e: MatrixEntry): Who {
  if (isTokenRoute(e.route)) return "invitee";
  if (e.expect.anonymous !== "redirect-to-login") return "anonymous";
  return "member";
}

async function resolve(v: string, who: Who, entry: MatrixEntry): Promise<string> {
  if (!v.startsWith("$")) return v;
  switch (v) {
    case "$letterId":
      return w.letterA.id;
    case "$number":
      return "1";
    case "$questionId":
      return (await createFollowedQuestion(db, w.actorA)).id;
    case "$draftId":
      return (await createQuestionDraft(db, w.actorA)).id;
    case "$campaignId":
      return w.campaignA.id;
    case "$emailId":
      return w.emailA.id;
    case "$code":
      return w.letterA.verificationCode;
    case "$token":
    case "$pendingToken":
      return who === "invitee" ? w.invA2.token : "not-a-token";
    case "$signedToken":
      return who === "invitee" ? w.invA1.token : "not-a-token";
    case "$randomToken":
      return "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    case "$randomUuid":
    case "$formKey":
      return randomUUID();
    case "$joinToken":
      return (await createOfficeInvitationFor(db)).token;
    case "$officeInvitationId":
      return (await createOfficeInvitationFor(db, { officeId: w.officeA.id, inviterId: w.a.admin.id })).id;
    case "$tagA":
      return w.tag;
    case "$revision": {
      const [l] = await db.select({ r: letters.draftRevision }).from(letters).where(eq(letters.id, w.letterA.id));
      return String(l.r);
    }
    case "$versionHash":
      return w.versionA.sha256;
    case "$mepName":
      return w.invA2.name;
    case "$mepId":
      return String(w.meps.a3.id);
    case "$addresseeId":
      return w.addresseeA.id;
    case "$invitationId":
      return w.invA2.invitationId;
    case "$failedEmailId":
      return createFailedInvitationEmail(db, w.invA2.invitationId);
    case "$replyId":
      return w.replyA.id;
    case "$signatureId":
      return w.replyA.id;
    case "$membershipId":
      return spareMember.membershipId!;
    case "$ownEmail":
      return who === "member" ? w.a.staff.email : `nobody.${tag()}@office.test`;
    case "$newEmail":
      return `new.${tag()}@office.test`;
    case "$newTitle":
      return `New title ${tag()}`;
    case "$newOfficeName":
      return `New office ${tag()}`;
    case "$otherOfficeId":
      return w.officeB.id;
    case "$otherLetterId":
      return w.letterB.id;
    case "$otherUserId":
      return w.b.staff.id;
    default:
      throw new Error(`unknown placeholder ${v} in ${entry.route}`);
  }
}

// ---------------------------------------------------------------- the corpus

/**
 * Fields a route ignores or reads leniently, so a malformed number or id there is legitimately accepted:
 * the forged fields of the matrix (the server decides them), a comment's version (unreadable means
 * "no particular version"), the draft revision on an overwrite (which uses conflictRevision).
 */
const LENIENT = new Set(["officeId", "letterId", "createdBy", "status", "minMeps", "version"]);
const NUMERIC_FIELDS = new Set(["mepId", "number", "revision", "conflictRevision", "version", "term", "reminderDays"]);
const NUMBERS = ["-1", "99999999999999999999999", "1e23", "2147483648", "-2147483649", "NaN", "1.5", "0x10"];
const DATES = ["2024-02-31", "2023-02-29", "2024-13-01", "0000-00-00", "99999-12-31", "2024-04-31T25:61"];
const XSS = ['<img src=x onerror="alert(1)">', "javascript:alert(1)", '"><script>alert(1)</script>'];
const OVERLONG = "x".repeat(20_000);
/** Fields a route lets fill its whole body (readForm's `long`): overlong for them means over any body cap. */
const LONG_FIELDS = new Set(["bodyJson", "bodyText", "body", "paste", "answerText", "file", "names"]);
const OVER_ANY_CAP = "x".repeat(2_100_000);
const EDITOR_JSON = [
  "{",
  "[]",
  "null",
  '{"root":5}',
  '{"root":{"type":"root","children":[{"type":"evil","children":[]}]}}',
  '{"root":{"type":"root","children":[{"type":"paragraph","children":[{"type":"text","text":"a\\u0000b"}]}]}}',
  '{"root":{"type":"root","children":[{"type":"paragraph","children":[{"type":"link","url":"javascript:alert(1)","children":[]}]}]}}',
  "[".repeat(5000) + "]".repeat(5000),
];

type Body = { contentType: string | null; body: string | Uint8Array };
type Case = { label: string; params: Record<string, string>; query?: string; body?: Body; mayBeAccepted?: boolean };

const urlencoded = (form: Record<string, string>): Body => ({
  contentType: "application/x-www-form-urlencoded",
  body: formBody(form).toString(),
});

function rawBodies(form: Record<string, string>): [string, Body][] {
  const enc = new TextEncoder();
  const first = formBody(form).toString();
  // Raw bytes that are not UTF-8, inside the first field other than the intent.
  const target = Object.keys(form).find((k) => k !== "intent") ?? "x";
  const rest = formBody(Object.fromEntries(Object.entries(form).filter(([k]) => k !== target))).toString();
  const bad = new Uint8Array([
    ...enc.encode(rest + (rest ? "&" : "") + encodeURIComponent(target) + "="),
    0xff,
    0xfe,
    0xc3,
    0x28,
  ]);
  const badPercent = rest + (rest ? "&" : "") + encodeURIComponent(target) + "=%FF%FE%C3%28";
  return [
    ["json body", { contentType: "application/json", body: JSON.stringify(form) }],
    ["text/plain body", { contentType: "text/plain", body: first }],
    ["no content type", { contentType: null, body: first }],
    ["multipart without boundary", { contentType: "multipart/form-data", body: first }],
    ["broken multipart", { contentType: "multipart/form-data; boundary=XyZ", body: "--XyZ\r\ngarbage" }],
    [
      "truncated multipart",
      {
        contentType: "multipart/form-data; boundary=XyZ",
        body: '--XyZ\r\nContent-Disposition: form-data; name="intent"\r\n\r\n' + (form.intent ?? "x"),
      },
    ],
    ["invalid UTF-8", { contentType: "application/x-www-form-urlencoded", body: bad }],
    ["invalid percent-encoded UTF-8", { contentType: "application/x-www-form-urlencoded", body: badPercent }],
    ["NUL in a field name", urlencoded({ ...form, "na\u0000me": "x" })],
  ];
}

function fieldCases(form: Record<string, string>): Case[] {
  const out: Case[] = [];
  const lenient = (k: string) => LENIENT.has(k) || (k === "revision" && "conflictRevision" in form);
  for (const [k, v] of Object.entries(form)) {
    if (k === "intent") continue;
    const add = (label: string, f: Record<string, string>, mayBeAccepted = false) =>
      out.push({
        label,
        params: {},
        body: urlencoded(f),
        mayBeAccepted: mayBeAccepted || (lenient(k) && !/^(NUL|overlong)/.test(label)),
      });
    add(`NUL in ${k}`, { ...form, [k]: `${v}\u0000x` });
    add(`overlong ${k}`, { ...form, [k]: v + (LONG_FIELDS.has(k) ? OVER_ANY_CAP : OVERLONG) });
    if (NUMERIC_FIELDS.has(k) || /^-?\d+$/.test(v)) for (const n of NUMBERS) add(`${k}=${n}`, { ...form, [k]: n });
    if (/^\d{4}-\d{2}-\d{2}/.test(v) || /deadline|On$/.test(k))
      for (const d of DATES) add(`${k}=${d}`, { ...form, [k]: d });
    if (UUID.test(v)) add(`${k} not a uuid`, { ...form, [k]: "not-a-uuid" });
    else if (!/^-?\d+$/.test(v)) add(`XSS in ${k}`, { ...form, [k]: XSS[out.length % XSS.length] }, true);
  }
  if ("bodyText" in form) {
    const { bodyText: _drop, ...rest } = form;
    for (const j of EDITOR_JSON)
      out.push({ label: `editor JSON ${j.slice(0, 40)}`, params: {}, body: urlencoded({ ...rest, bodyJson: j }) });
  }
  return out;
}

function paramCases(entry: MatrixEntry, params: Record<string, string>): Case[] {
  const out: Case[] = [];
  for (const name of paramNames(entry.route)) {
    const bad =
      name === "number"
        ? ["99999999999999999999999", "-1", "1e23", "0", "1.5", "2147483648"]
        : ["not-a-uuid", "\u0000", `${params[name]}\u0000`, "A".repeat(5000), "99999999999999999999"];
    for (const b of bad)
      out.push({ label: `${name}=${JSON.stringify(b.slice(0, 30))}`, params: { ...params, [name]: b } });
  }
  return out;
}

function queryCases(entry: MatrixEntry): Case[] {
  const keys = new Set<string>(["redirectTo", "q", "email"]);
  for (const kv of (entry.query ?? "").split("&")) if (kv) keys.add(kv.split("=")[0]);
  const out: Case[] = [];
  for (const k of keys) {
    out.push({ label: `?${k} with NUL`, params: {}, query: `${k}=${encodeURIComponent("a\u0000b")}` });
    out.push({ label: `?${k} overlong`, params: {}, query: `${k}=${OVERLONG}` });
    out.push({ label: `?${k} invalid percent-encoding`, params: {}, query: `${k}=%FF%FE%C3%28%` });
  }
  return out;
}

// ---------------------------------------------------------------- running

function buildRequest(path: string, kind: "loader" | "action", cookie: string | null, body?: Body) {
  const headers = new Headers({ "user-agent": "vitest-bad-input" });
  if (cookie) headers.set("cookie", cookie);
  if (kind === "loader") return new Request(new URL(path, TEST_ORIGIN), { headers });
  if (body?.contentType) headers.set("content-type", body.contentType);
  return new Request(new URL(path, TEST_ORIGIN), { method: "POST", headers, body: (body?.body ?? "") as BodyInit });
}

async function safely(fn: () => Promise<RouteResult>): Promise<RouteResult> {
  try {
    return await fn();
  } catch (e) {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { status: 500, data: null, headers: new Headers(), location: null, thrown: true, body: msg };
  }
}

describe(`bad input on every route and intent (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  for (const entry of AUTHZ_MATRIX) {
    const name = `${entry.route} ${entry.kind}${entry.intent ? ` [${entry.intent}]` : ""}`;
    it(name, async () => {
      const mod = await routeModule(entry.route);
      const who = principalFor(entry);
      const role = entry.as === "platform-admin" ? "platform" : (entry.as ?? "staff");
      const cookie = who === "member" ? (await sessionCookieFor(db, w.a[role], w.officeA.id)).cookie : null;
      const params: Record<string, string> = {};
      for (const p of paramNames(entry.route)) params[p] = await resolve(entry.params?.[p] ?? `$${p}`, who, entry);
      const form: Record<string, string> = {};
      for (const [k, v] of Object.entries(entry.form ?? {}))
        form[k] = await resolve(Array.isArray(v) ? v[0] : v, who, entry);
      const baseQuery = entry.query
        ? (
            await Promise.all(
              entry.query.split("&").map(async (kv) => {
                const [k, v = ""] = kv.split("=");
                return `${k}=${encodeURIComponent(await resolve(v, who, entry))}`;
              }),
            )
          ).join("&")
        : "";

      const cases: Case[] = [...paramCases(entry, params)];
      if (entry.kind === "loader") cases.push(...queryCases(entry));
      else {
        for (const [label, body] of rawBodies(form)) cases.push({ label, params: {}, body });
        cases.push(...fieldCases(form));
      }

      const failures: string[] = [];
      const run = async (c: Case) => {
        total++;
        const p = { ...params, ...c.params };
        const query = [baseQuery, c.query].filter(Boolean).join("&");
        const path = urlPath(entry.route, p) + (query ? `?${query}` : "");
        const res = await safely(() =>
          callWithRequest(mod, entry.kind, buildRequest(path, entry.kind, cookie, c.body), p),
        );
        if (res.status >= 500) {
          fiveHundreds++;
          failures.push(`${c.label}: ${res.status} ${res.body.slice(0, 160)}`);
        } else if (res.status >= 400 && !res.body.trim()) failures.push(`${c.label}: ${res.status} without a message`);
        else if (who === "member" && entry.route !== "logout.tsx" && res.location?.startsWith("/login"))
          failures.push(`${c.label}: the member was sent to the login page (fixture broken?)`);
      };

      // One fingerprint around all refusals of the entry; only when it moved, again per case to pin the input.
      const exclude = ["rate_limits", ...(entry.mayChange ?? [])];
      const refusals = cases.filter((c) => !c.mayBeAccepted);
      const before = await tableFingerprints(db, { exclude });
      for (const c of refusals) await run(c);
      let last = await tableFingerprints(db, { exclude });
      if (changedTables(before, last).length) {
        for (const c of refusals) {
          await run(c);
          const after = await tableFingerprints(db, { exclude });
          const changed = changedTables(last, after);
          if (changed.length) failures.push(`${c.label}: changed rows in ${changed.join(", ")}`);
          last = after;
        }
        if (!failures.length) failures.push(`changed rows in ${changedTables(before, last).join(", ")}`);
      }
      for (const c of cases.filter((c) => c.mayBeAccepted)) await run(c);

      expect(failures.join("\n"), `${name}: answers of 500, without a message, or changed rows`).toBe("");
    });
  }

  it("ran at least 300 cases", () => {
    expect(total).toBeGreaterThanOrEqual(300);
  });
});
