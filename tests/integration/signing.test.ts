/**
 * Invitations and signing against the database, through the models and the /sign/:token route
 *.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, isNull, like } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { auditEvents, invitations, letters, meps, rateLimits, signatures } from "#db/schema";
import { randomToken, sha256Hex } from "#app/infra/crypto.server";
import { verifyAuditChain } from "#app/infra/audit.server";
import { LIMITS } from "#app/infra/rate-limit.server";
import { declineByToken, inviteMeps, revokeInvitation, signByToken, withdrawByToken } from "#app/models/signing.server";
import * as signRoute from "#app/routes/sign.$token";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, freshIp } from "#tests/setup/routes";
import { changedTables, tableFingerprints } from "#tests/setup/db-state";
import {
  createDraftLetter,
  createMep,
  createOffice,
  createUser,
  invite,
  publish,
  publishNewText,
  sign,
  tag,
  type Actor,
} from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let actor: Actor;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  const office = await createOffice(db);
  const user = await createUser(db, { officeId: office.id, role: "staff" });
  actor = { userId: user.id, officeId: office.id };
});
afterAll(async () => {
  await handle?.close();
});

/** A collecting letter (version 1) with `n` invited MEPs. */
async function collectingLetter(n = 1, opts: { deadline?: Date | null } = {}) {
  const people = [];
  for (let i = 0; i < n; i++)
    people.push(
      await createMep(db, {
        givenName: "Ilse",
        familyName: `Invitee${tag()}`,
        politicalGroup: "Greens/EFA",
        country: "DE",
        nationalParty: "Grüne",
      }),
    );
  const letter = await createDraftLetter(db, actor, { deadline: opts.deadline });
  const version = await publish(db, actor, letter.id);
  const invited = await invite(
    db,
    actor,
    letter.id,
    people.map((p) => p.id),
  );
  return { letter, version, invited, people };
}

const liveSignatures = (letterId: string) =>
  db
    .select()
    .from(signatures)
    .where(and(eq(signatures.letterId, letterId), isNull(signatures.withdrawnAt)));
const signForm = (versionHash: string, name: string) => ({
  intent: "sign",
  versionHash,
  typedName: name,
  capacity: "mep",
  confirm: "yes",
});

describe(`invitations (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("invites each MEP once, skips those without an address, and stores only the SHA-256 of each token", async () => {
    const letter = await createDraftLetter(db, actor);
    await publish(db, actor, letter.id);
    const a = await createMep(db);
    const b = await createMep(db);
    const noEmail = await createMep(db, { email: null });
    const first = await db.transaction((tx) =>
      inviteMeps(tx, actor, { letterId: letter.id, mepIds: [a.id, b.id, noEmail.id, a.id] }),
    );
    expect(first.ok && first.invited.map((i) => i.mepId).sort()).toEqual([a.id, b.id].sort());
    const again = await db.transaction((tx) => inviteMeps(tx, actor, { letterId: letter.id, mepIds: [a.id, b.id] }));
    expect(again.ok && again.invited).toEqual([]);
    const rows = await db.select().from(invitations).where(eq(invitations.letterId, letter.id));
    expect(rows).toHaveLength(2);
    for (const inv of first.ok ? first.invited : []) {
      expect(inv.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const row = rows.find((r) => r.id === inv.invitationId)!;
      expect(row.tokenHash).toBe(sha256Hex(inv.token));
      expect(JSON.stringify(row)).not.toContain(inv.token);
    }
  });

  it("a draft without a published version cannot invite; another office cannot invite on it", async () => {
    const letter = await createDraftLetter(db, actor);
    const m = await createMep(db);
    expect(await db.transaction((tx) => inviteMeps(tx, actor, { letterId: letter.id, mepIds: [m.id] }))).toMatchObject({
      ok: false,
      error: "no-version",
    });
    await publish(db, actor, letter.id);
    const other = await createOffice(db);
    const stranger = await createUser(db, { officeId: other.id });
    expect(
      await db.transaction((tx) =>
        inviteMeps(tx, { userId: stranger.id, officeId: other.id }, { letterId: letter.id, mepIds: [m.id] }),
      ),
    ).toMatchObject({
      ok: false,
      error: "not-found",
    });
    expect(await db.select().from(invitations).where(eq(invitations.letterId, letter.id))).toEqual([]);
  });
});

describe(`signing by token (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("20 identical sign posts in parallel: exactly one live signature, the others answer already-signed", async () => {
    const { letter, version, invited } = await collectingLetter(1);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => sign(db, invited[0].token, version.sha256, invited[0].name)),
    );
    expect(results.filter((r) => r.ok && r.status === "signed")).toHaveLength(1);
    expect(results.filter((r) => r.ok && r.status === "already-signed")).toHaveLength(19);
    expect(await liveSignatures(letter.id)).toHaveLength(1);
    const recorded = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, letter.id), eq(auditEvents.action, "signature.recorded")));
    expect(recorded).toHaveLength(1);
  });

  it("20 identical POSTs to the signing route in parallel (from 20 addresses): one row, 20 polite answers", async () => {
    const { letter, version, invited } = await collectingLetter(1);
    const res = await Promise.all(
      Array.from({ length: 20 }, () =>
        callAction(signRoute, {
          path: `/sign/${invited[0].token}`,
          params: { token: invited[0].token },
          form: signForm(version.sha256, invited[0].name),
          ip: freshIp(),
        }),
      ),
    );
    expect(res.map((r) => r.status)).toEqual(Array(20).fill(200));
    const messages = res.map((r) => (r.data as { message: string }).message).sort();
    expect(messages.filter((m) => m === "sign.done")).toHaveLength(1);
    expect(messages.filter((m) => m === "sign.already")).toHaveLength(19);
    expect(await liveSignatures(letter.id)).toHaveLength(1);
  });

  it("sign and withdraw at once, repeatedly: a consistent final state, every event in the audit chain", async () => {
    for (let round = 0; round < 4; round++) {
      const { letter, version, invited } = await collectingLetter(1);
      const token = invited[0].token;
      await sign(db, token, version.sha256, invited[0].name);
      const ops = Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? db.transaction((tx) => withdrawByToken(tx, { token }))
          : sign(db, token, version.sha256, invited[0].name),
      );
      const results = await Promise.all(ops);
      expect(results.every((r) => r.ok)).toBe(true);
      const live = await liveSignatures(letter.id);
      expect(live.length).toBeLessThanOrEqual(1);
      const [inv] = await db.select().from(invitations).where(eq(invitations.id, invited[0].invitationId));
      expect(inv.status).toBe(live.length ? "signed" : "pending");
      const all = await db.select().from(signatures).where(eq(signatures.letterId, letter.id));
      const events = await db.select().from(auditEvents).where(eq(auditEvents.letterId, letter.id));
      const count = (a: string) => events.filter((e) => e.action === a).length;
      // Every signature row has its "recorded" event, every withdrawal its "withdrawn" event.
      expect(count("signature.recorded")).toBe(all.length);
      expect(count("signature.withdrawn")).toBe(all.filter((s) => s.withdrawnAt).length);
      expect((await verifyAuditChain(db, { officeId: actor.officeId, letterId: letter.id })).broken).toEqual([]);
    }
  });

  it("a newer version published meanwhile: the signer's old hash is refused (409 text-changed), nothing recorded", async () => {
    const { letter, version, invited } = await collectingLetter(1);
    const v2 = await publishNewText(db, actor, letter.id, "A substantially different text.");
    expect(v2.sha256).not.toBe(version.sha256);
    const before = await tableFingerprints(db);
    expect(await sign(db, invited[0].token, version.sha256, invited[0].name)).toEqual({
      ok: false,
      error: "text-changed",
    });
    const res = await callAction(signRoute, {
      path: "/sign/x",
      params: { token: invited[0].token },
      form: signForm(version.sha256, invited[0].name),
    });
    expect(res.status).toBe(409);
    expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
    // With the hash of what is now shown, it binds to version 2.
    const ok = await sign(db, invited[0].token, v2.sha256, invited[0].name);
    expect(ok.ok).toBe(true);
    const [row] = await liveSignatures(letter.id);
    expect(row.versionId).toBe(v2.id);
    expect(row.versionHash).toBe(v2.sha256);
  });

  it("a token of letter X with the version hash of letter Y: refused, nothing written", async () => {
    const x = await collectingLetter(1);
    const y = await collectingLetter(1);
    const before = await tableFingerprints(db);
    expect(await sign(db, x.invited[0].token, y.version.sha256, x.invited[0].name)).toEqual({
      ok: false,
      error: "text-changed",
    });
    expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
  });

  it("after the deadline: refused (410 on the route), no row", async () => {
    const { letter, version, invited } = await collectingLetter(1, { deadline: new Date(Date.now() - 60_000) });
    expect(await sign(db, invited[0].token, version.sha256, invited[0].name)).toEqual({
      ok: false,
      error: "deadline-passed",
    });
    const res = await callAction(signRoute, {
      path: "/sign/x",
      params: { token: invited[0].token },
      form: signForm(version.sha256, invited[0].name),
    });
    expect(res.status).toBe(410);
    expect(await db.select().from(signatures).where(eq(signatures.letterId, letter.id))).toEqual([]);
    const page = await callLoader(signRoute, { path: "/sign/x", params: { token: invited[0].token } });
    expect((page.data as { closed: boolean }).closed).toBe(true);
  });

  it("a revoked invitation: the link answers the generic invalid page, signing records nothing, the revocation is audited", async () => {
    const { letter, version, invited } = await collectingLetter(1);
    const r = await db.transaction((tx) =>
      revokeInvitation(tx, actor, { letterId: letter.id, invitationId: invited[0].invitationId }),
    );
    expect(r.ok).toBe(true);
    expect(await sign(db, invited[0].token, version.sha256, invited[0].name)).toEqual({
      ok: false,
      error: "invalid-link",
    });
    const page = await callLoader(signRoute, { path: "/sign/x", params: { token: invited[0].token } });
    const unknown = await callLoader(signRoute, { path: "/sign/x", params: { token: randomToken() } });
    expect(page.status).toBe(404);
    expect(page.body).toBe(unknown.body);
    expect(await db.select().from(signatures).where(eq(signatures.letterId, letter.id))).toEqual([]);
    const ev = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, letter.id), eq(auditEvents.action, "invitation.revoked")));
    expect(ev).toHaveLength(1);
  });

  it("decline records the reason and withdraws a live signature", async () => {
    const { letter, version, invited } = await collectingLetter(1);
    await sign(db, invited[0].token, version.sha256, invited[0].name);
    const res = await callAction(signRoute, {
      path: "/sign/x",
      params: { token: invited[0].token },
      form: { intent: "decline", reason: "Not our priority." },
    });
    expect(res.status).toBe(200);
    const [inv] = await db.select().from(invitations).where(eq(invitations.id, invited[0].invitationId));
    expect(inv).toMatchObject({ status: "declined", declineReason: "Not our priority." });
    expect(await liveSignatures(letter.id)).toEqual([]);
    expect(
      await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.letterId, letter.id), eq(auditEvents.action, "invitation.declined"))),
    ).toHaveLength(1);
    expect((await db.transaction((tx) => declineByToken(tx, { token: randomToken(), reason: null }))).ok).toBe(false);
  });

  it("keeps a snapshot of group, country and party, plus IP and user agent, unaffected by later directory changes", async () => {
    const { letter, version, invited, people } = await collectingLetter(1);
    const ip = freshIp();
    const res = await callAction(signRoute, {
      path: "/sign/x",
      params: { token: invited[0].token },
      form: signForm(version.sha256, invited[0].name),
      ip,
      headers: { "user-agent": "Phone Browser 1.0" },
    });
    expect(res.status).toBe(200);
    await db.update(meps).set({ politicalGroup: "EPP", nationalParty: "CDU" }).where(eq(meps.id, people[0].id));
    const [row] = await liveSignatures(letter.id);
    expect(row).toMatchObject({
      groupAtSigning: "Greens/EFA",
      countryAtSigning: "DE",
      partyAtSigning: "Grüne",
      ip,
      userAgent: "Phone Browser 1.0",
      signerCapacity: "mep",
      method: "link",
      signerName: invited[0].name,
    });
  });

  it("the typed name must be the Member's; a missing confirmation is refused; nothing recorded", async () => {
    const { letter, version, invited } = await collectingLetter(1);
    const wrong = await callAction(signRoute, {
      path: "/sign/x",
      params: { token: invited[0].token },
      form: signForm(version.sha256, "Somebody Else"),
    });
    expect(wrong.status).toBe(400);
    const noConfirm = await callAction(signRoute, {
      path: "/sign/x",
      params: { token: invited[0].token },
      form: { ...signForm(version.sha256, invited[0].name), confirm: "" },
    });
    expect(noConfirm.status).toBe(400);
    expect(await db.select().from(signatures).where(eq(signatures.letterId, letter.id))).toEqual([]);
  });
});

describe(`the signing page (GET) (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("opening the link (a scanner's GET, repeated) changes no row in any table", async () => {
    const { version, invited } = await collectingLetter(2);
    await sign(db, invited[1].token, version.sha256, invited[1].name);
    const ip = freshIp();
    const before = await tableFingerprints(db);
    for (let i = 0; i < 3; i++) {
      const page = await callLoader(signRoute, {
        path: `/sign/${invited[0].token}`,
        params: { token: invited[0].token },
        ip,
      });
      expect(page.status).toBe(200);
      expect((page.data as { version: { sha256: string } }).version.sha256).toBe(version.sha256);
    }
    expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
    // Only the request counter moved (rate_limits is left out of the fingerprint on purpose).
    const counters = await db
      .select()
      .from(rateLimits)
      .where(like(rateLimits.key, `%:${ip}`));
    expect(counters.map((c) => c.key)).toEqual([`sign-view:${ip}`]);
  });

  it("shows no other invitee's address", async () => {
    const { invited } = await collectingLetter(3);
    const page = await callLoader(signRoute, { path: "/sign/x", params: { token: invited[0].token } });
    for (const other of invited.slice(1)) expect(page.body).not.toContain(other.email);
  });

  it("answers every malformed or unknown token with the same generic 404, no hint the letter exists", async () => {
    const bodies = new Set<string>();
    for (const token of ["", "short", "x".repeat(42) + "!", "x".repeat(200), "../../etc/passwd", randomToken()]) {
      const r = await callLoader(signRoute, { path: "/sign/x", params: { token }, ip: freshIp() });
      expect(r.status).toBe(404);
      bodies.add(r.body);
    }
    expect(bodies.size).toBe(1);
  });

  it("token guessing from one address gets 429 after the threshold, counted in the rate_limits table; other addresses are unaffected", async () => {
    const { invited } = await collectingLetter(1);
    const ip = freshIp();
    for (let i = 0; i < LIMITS.badTokenPerIp.limit; i++) {
      expect((await callLoader(signRoute, { path: "/sign/x", params: { token: randomToken() }, ip })).status).toBe(404);
    }
    const [row] = await db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `sign-bad:${ip}`));
    expect(row.count).toBe(LIMITS.badTokenPerIp.limit);
    // Even a valid token is refused from the guessing address now, for the page and for posts.
    expect((await callLoader(signRoute, { path: "/sign/x", params: { token: invited[0].token }, ip })).status).toBe(
      429,
    );
    expect(
      (
        await callAction(signRoute, {
          path: "/sign/x",
          params: { token: invited[0].token },
          form: { intent: "decline" },
          ip,
        })
      ).status,
    ).toBe(429);
    expect(
      (await callLoader(signRoute, { path: "/sign/x", params: { token: invited[0].token }, ip: freshIp() })).status,
    ).toBe(200);
  });

  it("signing pages are not cached and never send the token-bearing URL to another site", () => {
    const h = new Headers((signRoute.headers as () => HeadersInit)());
    expect(h.get("cache-control")).toBe("no-store");
    // "same-origin" rather than "no-referrer" on purpose: no-referrer makes a script-less form POST send
    // "Origin: null", which the CSRF check refuses. Either keeps the link off other sites.
    expect(["no-referrer", "same-origin"]).toContain(h.get("referrer-policy"));
  });
});

describe("signature evidence is append-only", () => {
  it("signatures: a first withdrawal is allowed; a second one, other changes and DELETE are refused", async () => {
    const { letter, version, invited } = await collectingLetter(1);
    await sign(db, invited[0].token, version.sha256, invited[0].name);
    const [row] = await liveSignatures(letter.id);
    await expect(
      db.update(signatures).set({ signerName: "Forged" }).where(eq(signatures.id, row.id)),
    ).rejects.toThrow();
    await expect(db.delete(signatures).where(eq(signatures.id, row.id))).rejects.toThrow();
    await db.update(signatures).set({ withdrawnAt: new Date() }).where(eq(signatures.id, row.id));
    await expect(
      db
        .update(signatures)
        .set({ withdrawnAt: new Date(Date.now() + 1000) })
        .where(eq(signatures.id, row.id)),
    ).rejects.toThrow();
    await expect(db.update(signatures).set({ withdrawnAt: null }).where(eq(signatures.id, row.id))).rejects.toThrow();
    const [after] = await db
      .select()
      .from(signatures)
      .where(inArray(signatures.id, [row.id]));
    expect(after.signerName).toBe(row.signerName);
    expect(after.withdrawnAt).not.toBeNull();
  });

  it("closing the letter (status) stops signing with a clear refusal", async () => {
    const { letter, version, invited } = await collectingLetter(1);
    await db.update(letters).set({ status: "closed" }).where(eq(letters.id, letter.id));
    expect(await sign(db, invited[0].token, version.sha256, invited[0].name)).toEqual({ ok: false, error: "closed" });
    expect(
      (
        await db.transaction((tx) =>
          signByToken(tx, {
            token: invited[0].token,
            versionHash: version.sha256,
            signerName: "x",
            capacity: "mep",
            ip: "x",
            userAgent: null,
          }),
        )
      ).ok,
    ).toBe(false);
  });
});
