/**
 * Drives every cell of tests/authz-matrix.ts through the real loader/action against the database
 *: the outcome must match; refusals and loaders change no row; nothing
 * of office A reaches anyone outside office A; a 404 for another office's id is the same answer as
 * for an id that does not exist.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { campaigns, letters, memberships, officeInvitations, signatures, users, type Role } from "#db/schema";
import { randomToken } from "#app/infra/crypto.server";
import { addReply } from "#app/models/tracking.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, outcomeOf, sessionCookieFor, type RouteModule } from "#tests/setup/routes";
import { changedTables, officeFingerprints, tableFingerprints } from "#tests/setup/db-state";
import {
  AUTHZ_MATRIX,
  intentsInSource,
  PRINCIPALS,
  type MatrixEntry,
  type Outcome,
  type Principal,
} from "#tests/authz-matrix";
import {
  createDraftLetter,
  createMep,
  createUser,
  createWorld,
  invite,
  publish,
  sign,
  tag,
  type World,
  createFailedInvitationEmail,
  createFollowedQuestion,
  createQuestionDraft,
  createOfficeInvitationFor,
} from "#tests/factories/index";

const ROUTES_DIR = fileURLToPath(new URL("../../app/routes/", import.meta.url));
const routeFiles = readdirSync(ROUTES_DIR)
  .filter((f) => /\.(tsx|ts)$/.test(f) && !/\.test\.(tsx|ts)$/.test(f))
  .sort();

const modules = new Map<string, RouteModule>();
async function routeModule(file: string): Promise<RouteModule> {
  let m = modules.get(file);
  if (!m) {
    m = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as RouteModule;
    modules.set(file, m);
  }
  return m;
}

/** URL segments of a flat-route file name; a trailing "_" (e.g. `sign.$token_.comment`) only opts out of nesting. */
function segments(file: string) {
  return file
    .replace(/\.(tsx|ts)$/, "")
    .split(".")
    .map((s) => s.replace(/_$/, ""));
}

/** Route params in a flat-route file name: `letters.$letterId.edit.tsx` → ["letterId"]. */
function paramNames(file: string) {
  return segments(file)
    .filter((s) => s.startsWith("$"))
    .map((s) => s.slice(1));
}

function urlPath(file: string, params: Record<string, string>) {
  const segs = segments(file)
    .filter((s) => s !== "_index")
    .map((s) => (s.startsWith("$") ? encodeURIComponent(params[s.slice(1)] ?? "") : s));
  return "/" + segs.join("/");
}

// ---------------------------------------------------------------- coverage of the matrix

describe("authorization matrix coverage", () => {
  it("has an entry for every route file, loader, action and intent, and none for anything that does not exist", async () => {
    const problems: string[] = [];
    for (const file of routeFiles) {
      const mod = await routeModule(file);
      const entries = AUTHZ_MATRIX.filter((e) => e.route === file);
      if (!entries.length) problems.push(`${file}: no entry in tests/authz-matrix.ts`);
      if (mod.loader && !entries.some((e) => e.kind === "loader")) problems.push(`${file}: loader has no entry`);
      if (!mod.loader && entries.some((e) => e.kind === "loader"))
        problems.push(`${file}: entry for a loader that does not exist`);
      const actions = entries.filter((e) => e.kind === "action");
      if (mod.action && !actions.length) problems.push(`${file}: action has no entry`);
      if (!mod.action && actions.length) problems.push(`${file}: entry for an action that does not exist`);
      const labels = new Set(actions.map((e) => e.intent));
      for (const intent of intentsInSource(readFileSync(path.join(ROUTES_DIR, file), "utf8"))) {
        if (!labels.has(intent)) problems.push(`${file}: intent "${intent}" has no entry`);
      }
    }
    for (const e of AUTHZ_MATRIX)
      if (!routeFiles.includes(e.route)) problems.push(`${e.route}: entry for a route file that does not exist`);
    expect(problems.join("\n"), "routes missing from tests/authz-matrix.ts").toBe("");
  });

  it("names an outcome for every principal in every entry", () => {
    for (const e of AUTHZ_MATRIX)
      expect(Object.keys(e.expect).sort(), `${e.route} ${e.kind} ${e.intent ?? ""}`).toEqual([...PRINCIPALS].sort());
  });

  it("finds intents in route source", () => {
    expect(intentsInSource(`if (intent === "reply") {} if (form.get("intent") === "demo") {}`)).toEqual([
      "demo",
      "reply",
    ]);
  });
});

// ---------------------------------------------------------------- driving every cell

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let w: World;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  w = await createWorld(db);
});
afterAll(async () => {
  await handle?.close();
});

/** Ids a call acts on. Allowed writes get fresh rows in office A so one call never spoils the next. */
type Fixture = {
  letterId: string;
  revision: number;
  versionHash: string;
  addresseeId: string;
  invitationId: string;
  replyId: string;
  membershipId: string;
  mepId: number;
  pendingToken: string;
  pendingMepName: string;
  signedToken: string;
  signatureId: string;
};

async function currentRevision(letterId: string) {
  const [l] = await db.select({ r: letters.draftRevision }).from(letters).where(eq(letters.id, letterId));
  return l.r;
}

async function staticFixture(): Promise<Fixture> {
  return {
    letterId: w.letterA.id,
    revision: await currentRevision(w.letterA.id),
    versionHash: w.versionA.sha256,
    addresseeId: w.addresseeA.id,
    invitationId: w.invA2.invitationId,
    replyId: w.replyA.id,
    membershipId: w.a.staff.membershipId!,
    mepId: w.meps.a3.id,
    pendingToken: w.invA2.token,
    pendingMepName: w.invA2.name,
    signedToken: w.invA1.token,
    signatureId: (
      await db.select({ id: signatures.id }).from(signatures).where(eq(signatures.invitationId, w.invA1.invitationId))
    )[0].id,
  };
}

async function freshFixture(setup?: MatrixEntry["setup"]): Promise<Fixture> {
  const t = tag();
  const letter = await createDraftLetter(db, w.actorA, {
    subject: `Fresh A ${t}`,
    campaignId: w.campaignA.id,
    addressees: [{ name: `Fresh addressee ${t}`, email: `fresh.${t}@ec.test`, salutation: "Dear Sir" }],
  });
  const version = await publish(db, w.actorA, letter.id);
  const mS = await createMep(db, { givenName: "Sig", familyName: `Ned${t}` });
  const mP = await createMep(db, { givenName: "Pen", familyName: `Ding${t}` });
  const mNew = await createMep(db, { givenName: "New", familyName: `Invitee${t}` });
  const [invS, invP] = await invite(db, w.actorA, letter.id, [mS.id, mP.id]);
  const s = await sign(db, invS.token, version.sha256, invS.name);
  if (!s.ok) throw new Error("fixture sign");
  const reply = await db.transaction((tx) =>
    addReply(tx, w.actorA, {
      letterId: letter.id,
      receivedOn: "2024-04-01",
      senderName: "Fresh sender",
      kind: "substantive",
      body: "Fresh reply",
    }),
  );
  if (!reply.ok) throw new Error("fixture reply");
  const member = await createUser(db, { officeId: w.officeA.id, role: "staff" });
  const [addressee] = await db.query.addressees.findMany({ where: (x, o) => o.eq(x.letterId, letter.id) });
  if (setup === "close-signing")
    await db.update(letters).set({ signingClosedAt: new Date() }).where(eq(letters.id, letter.id));
  return {
    letterId: letter.id,
    revision: await currentRevision(letter.id),
    versionHash: version.sha256,
    addresseeId: addressee.id,
    invitationId: invP.invitationId,
    replyId: reply.reply.id,
    membershipId: member.membershipId!,
    mepId: mNew.id,
    pendingToken: invP.token,
    pendingMepName: invP.name,
    signedToken: invS.token,
    signatureId: s.signatureId,
  };
}

type Caller = { principal: Principal; role?: Role | "platform-admin" };

function userFor(c: Caller, entry: MatrixEntry) {
  const role = c.role ?? entry.as ?? "staff";
  const key = role === "platform-admin" ? "platform" : role;
  if (c.principal === "member") return { user: w.a[key], officeId: w.officeA.id };
  if (c.principal === "otherOffice") return { user: w.b[key], officeId: w.officeB.id };
  return null;
}

/** Routes where the signing token is the credential. */
const isTokenRoute = (file: string) => file === "sign.$token.tsx" || file === "sign.$token_.comment.tsx";

async function resolveValue(
  v: string,
  ctx: { c: Caller; fx: Fixture; file: string; own: { email: string } | null },
): Promise<string> {
  if (!v.startsWith("$")) return v;
  const { c, fx, file } = ctx;
  const inB = c.principal === "otherOffice";
  switch (v) {
    case "$letterId":
      return fx.letterId;
    case "$number":
      return "1";
    case "$campaignId":
      return w.campaignA.id;
    case "$questionId":
      return (await createFollowedQuestion(db, w.actorA)).id;
    case "$draftId":
      return (await createQuestionDraft(db, w.actorA)).id;
    case "$emailId":
      return w.emailA.id;
    case "$code":
      return w.letterA.verificationCode;
    case "$token":
    case "$pendingToken":
    case "$signedToken":
      if (isTokenRoute(file)) {
        if (c.principal === "invitee") return v === "$signedToken" ? fx.signedToken : fx.pendingToken;
        if (c.principal === "anonymous") return "not-a-token";
      }
      return randomToken();
    case "$randomToken":
      return randomToken();
    case "$randomUuid":
    case "$formKey":
      return randomUUID();
    case "$joinToken":
      // A valid link to join an office of its own, whoever holds it (the route decides who may answer).
      return (await createOfficeInvitationFor(db)).token;
    case "$officeInvitationId":
      return (await createOfficeInvitationFor(db, { officeId: w.officeA.id, inviterId: w.a.admin.id })).id;
    case "$tagA":
      // The random tag in every name of the fixture: not itself on the secrets list, so an echo of the query is no leak.
      return w.tag;
    case "$revision":
      return String(await currentRevision(fx.letterId));
    case "$versionHash":
      return fx.versionHash;
    case "$mepName":
      return fx.pendingMepName;
    case "$mepId":
      return String(fx.mepId);
    case "$addresseeId":
      return fx.addresseeId;
    case "$invitationId":
      return fx.invitationId;
    case "$failedEmailId":
      return createFailedInvitationEmail(db, fx.invitationId);
    case "$replyId":
      return fx.replyId;
    case "$signatureId":
      return fx.signatureId;
    case "$membershipId":
      return fx.membershipId;
    case "$ownEmail":
      return ctx.own?.email ?? `nobody.${tag()}@office.test`;
    case "$newEmail":
      return `new.${tag()}@office.test`;
    case "$newTitle":
      return `New title ${tag()}`;
    case "$newOfficeName":
      return `New office ${tag()}`;
    case "$otherOfficeId":
      return inB ? w.officeA.id : w.officeB.id;
    case "$otherLetterId":
      return inB ? w.letterA.id : w.letterB.id;
    case "$otherUserId":
      return inB ? w.a.staff.id : w.b.staff.id;
    default:
      throw new Error(`unknown placeholder ${v}`);
  }
}

function containsSecret(body: string) {
  return w.secretsA.filter((s) => body.includes(s));
}

async function runCell(entry: MatrixEntry, c: Caller, expected: Outcome) {
  const label = `${entry.route} ${entry.kind}${entry.intent ? ` ${entry.intent}` : ""} as ${c.principal}${c.role ? `/${c.role}` : entry.as ? `/${entry.as}` : ""}`;
  const mod = await routeModule(entry.route);
  const allowedWrite = entry.kind === "action" && (expected === "ok" || expected === "redirect");
  const fx = allowedWrite && c.principal !== "otherOffice" ? await freshFixture(entry.setup) : await staticFixture();
  const who = userFor(c, entry);
  const cookie = who ? (await sessionCookieFor(db, who.user, who.officeId)).cookie : null;
  const ctx = { c, fx, file: entry.route, own: who?.user ?? null };

  const params: Record<string, string> = {};
  for (const name of paramNames(entry.route))
    params[name] = await resolveValue(entry.params?.[name] ?? `$${name}`, ctx);
  const form: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(entry.form ?? {})) {
    form[k] = Array.isArray(v) ? await Promise.all(v.map((x) => resolveValue(x, ctx))) : await resolveValue(v, ctx);
  }

  const before = allowedWrite ? null : await tableFingerprints(db);
  const beforeA = allowedWrite && c.principal === "otherOffice" ? await officeFingerprints(db, w.officeA.id) : null;
  const query = entry.query
    ? "?" +
      (
        await Promise.all(
          entry.query.split("&").map(async (kv) => {
            const [k, v = ""] = kv.split("=");
            return `${k}=${encodeURIComponent(await resolveValue(v, ctx))}`;
          }),
        )
      ).join("&")
    : "";
  const opts = { path: urlPath(entry.route, params) + query, params, cookie, form };
  const res = entry.kind === "loader" ? await callLoader(mod, opts) : await callAction(mod, opts);

  expect(outcomeOf(res), `${label}: ${res.status} ${res.location ?? ""} ${res.body.slice(0, 200)}`).toBe(expected);
  if (before) {
    const changed = changedTables(before, await tableFingerprints(db)).filter(
      (t) => !(entry.mayChange ?? []).includes(t),
    );
    expect(changed, `${label} changed rows`).toEqual([]);
  }
  if (beforeA)
    expect(changedTables(beforeA, await officeFingerprints(db, w.officeA.id)), `${label} changed office A`).toEqual([]);
  // Members of A (and the invitee on its own signing page) may see A's data when let in; nobody else, ever.
  const insider =
    c.principal === "member" || (c.principal === "invitee" && isTokenRoute(entry.route) && expected === "ok");
  if (!insider) {
    expect(containsSecret(res.body), `${label} leaked office A data`).toEqual([]);
  }
  return res;
}

describe(`every matrix cell through the real route (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  for (const entry of AUTHZ_MATRIX) {
    const name = `${entry.route} ${entry.kind}${entry.intent ? ` [${entry.intent}]` : ""}`;
    it(name, async () => {
      // Refusals first, then the allowed calls, so a refusal is checked against the untouched fixture.
      for (const p of ["anonymous", "invitee", "otherOffice"] as const)
        await runCell(entry, { principal: p }, entry.expect[p]);
      for (const [role, outcome] of Object.entries(entry.roles ?? {}))
        await runCell(entry, { principal: "member", role: role as Role }, outcome);
      await runCell(entry, { principal: "member" }, entry.expect.member);
    });
  }
});

// ---------------------------------------------------------------- other office's id = missing id

describe("another office's id answers exactly like a missing id", () => {
  const idRoutes = AUTHZ_MATRIX.filter(
    (e) => e.expect.otherOffice === "404" && e.kind === "loader" && !isTokenRoute(e.route),
  );
  for (const entry of idRoutes) {
    it(entry.route, async () => {
      const mod = await routeModule(entry.route);
      const who = userFor({ principal: "otherOffice" }, entry)!;
      const { cookie } = await sessionCookieFor(db, who.user, who.officeId);
      const fx = await staticFixture();
      const real: Record<string, string> = {};
      const missing: Record<string, string> = {};
      for (const n of paramNames(entry.route)) {
        real[n] = await resolveValue(entry.params?.[n] ?? `$${n}`, {
          c: { principal: "otherOffice" },
          fx,
          file: entry.route,
          own: who.user,
        });
        missing[n] = n === "number" ? "1" : randomUUID();
      }
      const a = await callLoader(mod, { path: urlPath(entry.route, real), params: real, cookie });
      const b = await callLoader(mod, { path: urlPath(entry.route, missing), params: missing, cookie });
      expect(a.status).toBe(404);
      expect(b.status).toBe(404);
      expect(a.body).toBe(b.body);
    });
  }
});

// ---------------------------------------------------------------- forged fields

describe("forged officeId, letterId, createdBy and status fields", () => {
  it("saving a draft with forged office, letter, author and status changes only the letter in the URL, as the server decides", async () => {
    const edit = await routeModule("letters.$letterId.edit.tsx");
    const fx = await freshFixture();
    const { cookie } = await sessionCookieFor(db, w.a.staff, w.officeA.id);
    const beforeB = await officeFingerprints(db, w.officeB.id);
    const [before] = await db.select().from(letters).where(eq(letters.id, fx.letterId));
    const res = await callAction(edit, {
      path: `/letters/${fx.letterId}/edit`,
      params: { letterId: fx.letterId },
      cookie,
      form: {
        intent: "save",
        revision: String(fx.revision),
        subject: "Forged save",
        language: "en",
        bodyText: "Text.",
        officeId: w.officeB.id,
        letterId: w.letterB.id,
        createdBy: w.b.staff.id,
        status: "sent",
      },
    });
    expect(res.status).toBe(200);
    const [after] = await db.select().from(letters).where(eq(letters.id, fx.letterId));
    expect(after.subject).toBe("Forged save");
    expect(after.officeId).toBe(w.officeA.id);
    expect(after.status).toBe(before.status);
    expect(after.createdBy).toBe(before.createdBy);
    expect(changedTables(beforeB, await officeFingerprints(db, w.officeB.id))).toEqual([]);
  });

  it("a letter created with a forged officeId and status belongs to the caller's office, as a draft", async () => {
    const mod = await routeModule("letters.new.tsx");
    const { cookie } = await sessionCookieFor(db, w.b.staff, w.officeB.id);
    const subject = `Forged new ${tag()}`;
    const res = await callAction(mod, {
      path: "/letters/new",
      cookie,
      form: {
        subject,
        language: "en",
        bodyText: "Hello.",
        officeId: w.officeA.id,
        status: "sent",
        createdBy: w.a.staff.id,
      },
    });
    expect(outcomeOf(res)).toBe("redirect");
    const [row] = await db.select().from(letters).where(eq(letters.subject, subject));
    expect(row.officeId).toBe(w.officeB.id);
    expect(row.status).toBe("draft");
    expect(row.createdBy).toBe(w.b.staff.id);
  });

  it("a letter cannot be put into another office's campaign: 400, nothing written", async () => {
    const mod = await routeModule("letters.new.tsx");
    const { cookie } = await sessionCookieFor(db, w.b.staff, w.officeB.id);
    const before = await tableFingerprints(db);
    const res = await callAction(mod, {
      path: "/letters/new",
      cookie,
      form: { subject: "Into A's campaign", language: "en", bodyText: "x", campaignId: w.campaignA.id },
    });
    expect(res.status).toBe(400);
    expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
  });

  it("a campaign created with a forged officeId belongs to the caller's office", async () => {
    const mod = await routeModule("campaigns._index.tsx");
    const { cookie } = await sessionCookieFor(db, w.b.staff, w.officeB.id);
    const title = `Forged campaign ${tag()}`;
    expect(
      (await callAction(mod, { path: "/campaigns", cookie, form: { title, summary: "", officeId: w.officeA.id } }))
        .status,
    ).toBe(200);
    const [row] = await db.select().from(campaigns).where(eq(campaigns.title, title));
    expect(row.officeId).toBe(w.officeB.id);
  });

  it("linking a question with another office's reply id is refused and writes nothing", async () => {
    const mod = await routeModule("letters.$letterId._index.tsx");
    const { cookie } = await sessionCookieFor(db, w.a.staff, w.officeA.id);
    const before = await tableFingerprints(db);
    const res = await callAction(mod, {
      path: `/letters/${w.letterA.id}`,
      params: { letterId: w.letterA.id },
      cookie,
      form: { intent: "question", reference: "E-000213/2022", replyId: w.replyB.id },
    });
    expect(res.status).toBe(400);
    expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
  });

  it.each([
    ["revoke", "letters.$letterId._index.tsx", () => ({ intent: "revoke", invitationId: w.invB1.invitationId })],
    ["exclude", "letters.$letterId._index.tsx", () => ({ intent: "exclude", signatureId: w.signatureB1 })],
    [
      "remove-addressee",
      "letters.$letterId.edit.tsx",
      () => ({ intent: "remove-addressee", addresseeId: w.addresseeB.id }),
    ],
  ])("%s with another office's row id on one's own letter: 404, nothing written", async (_n, file, form) => {
    const mod = await routeModule(file);
    const { cookie } = await sessionCookieFor(db, w.a.staff, w.officeA.id);
    const before = await tableFingerprints(db);
    const res = await callAction(mod, {
      path: `/letters/${w.letterA.id}`,
      params: { letterId: w.letterA.id },
      cookie,
      form: form(),
    });
    expect(res.status).toBe(404);
    expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
  });

  it("an office admin cannot change or remove another office's membership, even with a forged officeId", async () => {
    const mod = await routeModule("admin.tsx");
    const { cookie } = await sessionCookieFor(db, w.b.admin, w.officeB.id);
    for (const form of [
      { intent: "role", membershipId: w.a.staff.membershipId!, role: "admin", officeId: w.officeA.id },
      { intent: "remove-member", membershipId: w.a.staff.membershipId!, officeId: w.officeA.id },
    ]) {
      const before = await tableFingerprints(db);
      expect((await callAction(mod, { path: "/admin", cookie, form })).status).toBe(404);
      expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
    }
    const [m] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.id, w.a.staff.membershipId!)));
    expect(m.role).toBe("staff");
  });

  it("a member added with a forged officeId is invited to the admin's own office (and joins nothing until they accept)", async () => {
    const mod = await routeModule("admin.tsx");
    const { cookie } = await sessionCookieFor(db, w.b.admin, w.officeB.id);
    const email = `forged.${tag()}@office.test`;
    const res = await callAction(mod, {
      path: "/admin",
      cookie,
      form: { intent: "add-member", email, name: "Forged", role: "admin", officeId: w.officeA.id },
    });
    expect(res.status).toBe(200);
    const invited = await db
      .select({ officeId: officeInvitations.officeId })
      .from(officeInvitations)
      .where(eq(officeInvitations.email, email));
    expect(invited).toEqual([{ officeId: w.officeB.id }]);
    const rows = await db
      .select({ officeId: memberships.officeId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(users.email, email));
    expect(rows).toEqual([]);
  });
});

// ---------------------------------------------------------------- the local outbox (a developer tool)

describe("outbox scope", () => {
  it("an admin sees only the messages of the office they are signed in for, never sign-in codes; platform admins too", async () => {
    const { requestLoginCode } = await import("#app/web/login.server");
    await requestLoginCode(db, w.a.staff.email, "192.0.2.77");
    const list = await routeModule("outbox._index.tsx");
    const one = await routeModule("outbox.$emailId.tsx");
    const kindsSeenBy = async (user: { id: string }, officeId: string) => {
      const { cookie } = await sessionCookieFor(db, user, officeId);
      const r = await callLoader(list, { path: "/outbox", cookie });
      return (r.data as { emails: { kind: string; to: string }[] }).emails;
    };
    const officeAdminB = await kindsSeenBy(w.b.admin, w.officeB.id);
    expect(officeAdminB.filter((e) => e.kind === "login-code")).toEqual([]);
    expect(officeAdminB.map((e) => e.to)).not.toContain(w.invA2.email);
    const officeAdminA = await kindsSeenBy(w.a.admin, w.officeA.id);
    expect(officeAdminA.map((e) => e.to)).toContain(w.invA2.email);
    expect(officeAdminA.filter((e) => e.kind === "login-code")).toEqual([]);
    // A platform administrator signed in for office B reads neither A's live links nor anyone's sign-in code.
    const platform = await kindsSeenBy(w.b.platform, w.officeB.id);
    expect(platform.filter((e) => e.kind === "login-code")).toEqual([]);
    expect(platform.map((e) => e.to)).not.toContain(w.invA2.email);
    const { cookie } = await sessionCookieFor(db, w.b.platform, w.officeB.id);
    expect(
      (await callLoader(one, { path: `/outbox/${w.emailA.id}`, params: { emailId: w.emailA.id }, cookie })).status,
    ).toBe(404);
    // In office A's outbox the message is shown as it was sent, its link opened (development only).
    const own = await sessionCookieFor(db, w.a.admin, w.officeA.id);
    const shown = await callLoader(one, {
      path: `/outbox/${w.emailA.id}`,
      params: { emailId: w.emailA.id },
      cookie: own.cookie,
    });
    expect(shown.body).toContain(`/sign/${w.invA2.token}`);
  });
});
