/**
 * Co-signing after the first signature: versions carried over or re-confirmed (with the diff on the
 * signing page), staff signing with the Member's confirmation, invitations in bulk and to staff,
 * resending, deadlines and closing, reminders and one-click unsubscribe.
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmailSecrets } from "#app/infra/email-secrets.server";
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import {
  auditEvents,
  emails,
  invitations,
  jobs,
  letters,
  offices,
  signatureConfirmations,
  signatures,
  users,
} from "#db/schema";
import type { Db, DbHandle } from "#db/client.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { editorJsonFromBlocks } from "#app/editor/build";
import { createMep } from "#tests/factories/index";
import { createLetter, publishVersion, saveDraft } from "#app/models/letters.server";
import { listMeps } from "#app/models/meps.server";
import {
  answerConfirmation,
  getConfirmationContext,
  getSigningContext,
  inviteMeps,
  inviteStaff,
  listSignatures,
  listVersionKinds,
  requestMemberConfirmation,
  resendInvitation,
  revokeInvitation,
  signByToken,
  declineByToken,
} from "#app/models/signing.server";
import { sendMemberConfirmationEmail } from "#app/services/notifications.server";
import { notifySignersOfNewVersion } from "#app/services/versions.server";
import {
  closeSigning,
  planReminders,
  REMINDER_QUEUE,
  reopenSigning,
  unsubscribeToken,
  updateSigningSchedule,
} from "#app/models/reminders.server";
import { sendReminder } from "#app/services/reminders.server";
import { countableSignatures } from "#app/domain/signature-status";
import { reminderRunAt } from "#app/domain/reminder-schedule";
import { sendInvitationEmail } from "#app/services/notifications.server";
import { runDueJobs } from "#app/infra/jobs.server";
import { LIMITS } from "#app/infra/rate-limit.server";
import * as signRoute from "#app/routes/sign.$token";
import * as unsubscribeRoute from "#app/routes/unsubscribe.$token";
import * as confirmRoute from "#app/routes/confirm.$token";

let handle: DbHandle & { name: string };
let db: Db;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

// ---------------------------------------------------------------- helpers

const tag = () => randomBytes(4).toString("hex");
type Actor = { userId: string; officeId: string };

async function makeOffice() {
  const t = tag();
  const [u] = await db
    .insert(users)
    .values({ email: `lead.${t}@office.test`, name: `Lead ${t}` })
    .returning();
  const [o] = await db
    .insert(offices)
    .values({ name: `Office ${t}`, contactEmail: `office.${t}@office.test` })
    .returning();
  return { actor: { userId: u.id, officeId: o.id } as Actor, user: u, office: o };
}

async function makeMep(
  input: { group?: string; country?: string; party?: string | null; email?: string | null; familyName?: string } = {},
) {
  return createMep(db, {
    familyName: input.familyName,
    country: input.country,
    politicalGroup: input.group,
    nationalParty: input.party,
    email: input.email,
  });
}

const body = (text: string) => editorJsonFromBlocks([{ type: "p", text }]);

async function makeLetter(actor: Actor, text: string, opts: { deadline?: Date | null } = {}) {
  const r = await db.transaction((tx) =>
    createLetter(tx, actor, {
      subject: `Letter ${tag()}`,
      language: "en",
      draftJson: body(text),
      signatureDeadline: opts.deadline ?? null,
      addressees: [
        {
          name: "Commissioner",
          role: "European Commission",
          salutation: "Dear Commissioner",
          email: "commissioner@ec.test",
        },
      ],
    }),
  );
  if (!r.ok) throw new Error("letter");
  await publish(actor, r.letter.id, text, "substantive");
  return r.letter;
}

async function publish(actor: Actor, letterId: string, text: string, kind: "editorial" | "substantive") {
  const [l] = await db.select().from(letters).where(eq(letters.id, letterId));
  const saved = await db.transaction((tx) =>
    saveDraft(tx, actor, { letterId, baseRevision: l.draftRevision, json: body(text) }),
  );
  if (!saved.ok) throw new Error(`save: ${saved.error}`);
  return db.transaction(async (tx) => {
    const p = await publishVersion(tx, actor, { letterId, kind });
    if (!p.ok) throw new Error(`publish: ${p.error}`);
    const notified = await notifySignersOfNewVersion(tx, {
      letter: { ...l, subject: p.version.subject },
      version: p.version,
      previousPlainText: p.previous?.plainText ?? null,
    });
    return { version: p.version, notified };
  });
}

async function invite(actor: Actor, letterId: string, mepIds: number[]) {
  const r = await db.transaction((tx) => inviteMeps(tx, actor, { letterId, mepIds }));
  if (!r.ok) throw new Error(r.error);
  return r;
}

async function current(letterId: string) {
  const ctx = await db.select().from(letters).where(eq(letters.id, letterId));
  const { getCurrentVersion } = await import("#app/models/letters.server");
  return { letter: ctx[0], version: (await getCurrentVersion(db, letterId))! };
}

async function sign(token: string, letterId: string, extra: Partial<Parameters<typeof signByToken>[1]> = {}) {
  const { version } = await current(letterId);
  return db.transaction((tx) =>
    signByToken(tx, {
      token,
      versionHash: version.sha256,
      signerName: "Mep",
      capacity: "mep",
      ip: "127.0.0.1",
      userAgent: "vitest",
      ...extra,
    }),
  );
}

/** Messages as they were sent: stored links are sealed (app/infra/email-secrets), opened here. */
const emailsTo = async (address: string, letterId?: string) =>
  (
    await db
      .select()
      .from(emails)
      .where(and(eq(emails.toAddress, address), letterId ? eq(emails.letterId, letterId) : undefined))
      .orderBy(emails.createdAt)
  ).map(openEmailSecrets);

function tokenFromEmail(html: string, path: "sign" | "confirm" | "unsubscribe") {
  const m = new RegExp(`/${path}/([A-Za-z0-9_.-]+)`).exec(html);
  if (!m) throw new Error(`no /${path}/ link in email`);
  return m[1];
}

/** The single-fetch `data()` wrapper or a plain object, as { status, data }. */
function unwrap(r: unknown): { status: number; data: any } {
  const x = r as { type?: string; data?: unknown; init?: { status?: number } | null };
  if (x && x.type === "DataWithResponseInit") return { status: x.init?.status ?? 200, data: x.data };
  return { status: 200, data: r };
}

async function callAction(
  mod: { action: (a: any) => unknown },
  path: string,
  params: Record<string, string>,
  form: Record<string, string>,
  ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
) {
  const request = new Request(`http://localhost:3000${path}`, {
    method: "POST",
    body: new URLSearchParams(form),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  try {
    return unwrap(await mod.action({ request, params, context: { ip } }));
  } catch (e) {
    return unwrap(e);
  }
}

async function callLoader(
  mod: { loader: (a: any) => unknown },
  path: string,
  params: Record<string, string>,
  ip = `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
) {
  const request = new Request(`http://localhost:3000${path}`);
  try {
    return unwrap(await mod.loader({ request, params, context: { ip } }));
  } catch (e) {
    return unwrap(e);
  }
}

const label = usingPostgres() ? "postgres" : "pglite";

// ---------------------------------------------------------------- versions: carry over or re-confirm

describe(`versions after signing (${label})`, () => {
  it("an editorial version carries signatures over and tells signers; a substantive one asks them to re-confirm with a diff", async () => {
    const { actor } = await makeOffice();
    const letter = await makeLetter(actor, "We ask the Commission to exclude high risk suppliers from EU funding.");
    const a = await makeMep();
    const b = await makeMep();
    const inv = await invite(actor, letter.id, [a.id, b.id]);
    const tokenA = inv.invited.find((i) => i.mepId === a.id)!.token;
    const tokenB = inv.invited.find((i) => i.mepId === b.id)!.token;
    expect((await sign(tokenA, letter.id)).ok).toBe(true);

    // v2 editorial: A's signature carries over, A is told with the changed words and a fresh link to withdraw,
    // B (not signed) hears nothing.
    const v2 = await publish(
      actor,
      letter.id,
      "We ask the Commission to exclude high-risk suppliers from EU funding.",
      "editorial",
    );
    expect(v2.notified).toEqual({ corrected: 1, reconfirm: 0 });
    const noticeA = (await emailsTo(a.email!, letter.id)).filter((e) => e.kind === "cosign-corrected");
    expect(noticeA).toHaveLength(1);
    expect(noticeA[0].text).toMatch(/high risk.*high-risk/);
    expect(noticeA[0].html).toMatch(/\/sign\//);
    expect((await emailsTo(b.email!, letter.id)).filter((e) => e.kind.startsWith("cosign-"))).toHaveLength(0);

    // The old link still works; signing again answers already-signed.
    const ctx = await getSigningContext(db, tokenA);
    expect(ctx?.signatureStatus).toBe("carried");
    const again = await sign(tokenA, letter.id);
    expect(again).toMatchObject({ ok: true, status: "already-signed" });
    const live = await listSignatures(db, { letterId: letter.id, officeId: actor.officeId });
    expect(live).toHaveLength(1);
    expect(live[0].versionNumber).toBe(1);
    const versions = await listVersionKinds(db, letter.id);
    expect(countableSignatures(live, versions)).toHaveLength(1);

    // v3 substantive: A must re-confirm; the request carries a new personal link, the old one keeps working.
    const v3 = await publish(
      actor,
      letter.id,
      "We ask the Commission to exclude high-risk suppliers from all EU funding and public contracts.",
      "substantive",
    );
    expect(v3.notified).toEqual({ corrected: 0, reconfirm: 1 });
    expect((await getSigningContext(db, tokenA))?.signatureStatus).toBe("needs-reconfirm");
    const reconfirm = (await emailsTo(a.email!, letter.id)).filter((e) => e.kind === "cosign-reconfirm");
    expect(reconfirm).toHaveLength(1);
    const newTokenA = tokenFromEmail(reconfirm[0].html, "sign");
    const ctx3 = await getSigningContext(db, newTokenA);
    expect(ctx3?.signatureStatus).toBe("needs-reconfirm");
    expect(
      countableSignatures(
        await listSignatures(db, { letterId: letter.id, officeId: actor.officeId }),
        await listVersionKinds(db, letter.id),
      ),
    ).toHaveLength(0);

    // The signing page shows the diff from the signed version (v1) to the current one (v3).
    const page = await callLoader(signRoute, `/sign/${newTokenA}`, { token: newTokenA });
    expect(page.status).toBe(200);
    expect(page.data.signatureStatus).toBe("needs-reconfirm");
    const ops = page.data.diff as Array<{ op: string; text: string }>;
    expect(
      ops
        .filter((o) => o.op === "insert")
        .map((o) => o.text)
        .join(" "),
    ).toMatch(/all/);
    expect(
      ops
        .filter((o) => o.op === "insert")
        .map((o) => o.text)
        .join(" "),
    ).toMatch(/public contracts/);
    expect(ops.some((o) => o.op === "delete")).toBe(true);

    // Re-confirming works and binds to v3; the diff then disappears.
    const re = await sign(newTokenA, letter.id);
    expect(re).toMatchObject({ ok: true, status: "signed" });
    const after = await listSignatures(db, { letterId: letter.id, officeId: actor.officeId });
    expect(after.map((s) => s.versionNumber)).toEqual([3]);
    const page2 = await callLoader(signRoute, `/sign/${newTokenA}`, { token: newTokenA });
    expect(page2.data.diff).toBeNull();
    expect(page2.data.signatureStatus).toBe("current");
    // B never signed: unaffected, their link works.
    expect(await getSigningContext(db, tokenB)).not.toBeNull();
  });
});

// ---------------------------------------------------------------- on behalf of the Member

describe(`signing on behalf, confirmed by the Member (${label})`, () => {
  it("staff signs with 'ask to confirm': the Member gets a confirmation link at the directory address; GET changes nothing; POST confirm is recorded with audit", async () => {
    const { actor } = await makeOffice();
    const letter = await makeLetter(actor, "Text to sign on behalf.");
    const m = await makeMep();
    const staff = await db.transaction((tx) =>
      inviteStaff(tx, actor, {
        letterId: letter.id,
        mepId: m.id,
        staffName: "Sam Staff",
        staffEmail: `sam.${tag()}@ep.test`,
      }),
    );
    if (!staff.ok) throw new Error(staff.error);
    const [staffInv] = await db.select().from(invitations).where(eq(invitations.id, staff.invitation.invitationId));
    expect(staffInv.inviteeKind).toBe("staff");
    // Sign through the route as staff, with the confirmation box ticked.
    const token = staff.invitation.token;
    const { version } = await current(letter.id);
    const res = await callAction(
      signRoute,
      `/sign/${token}`,
      { token },
      {
        intent: "sign",
        versionHash: version.sha256,
        typedName: `${m.givenName} ${m.familyName}`,
        capacity: "staff",
        staffName: "Sam Staff",
        staffRole: "Accredited assistant",
        askConfirm: "yes",
        confirm: "yes",
      },
    );
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ ok: true, confirmationAsked: true });
    const mails = (await emailsTo(m.email!, letter.id)).filter((e) => e.kind === "cosign-confirm-request");
    expect(mails).toHaveLength(1);
    const confirmToken = tokenFromEmail(mails[0].html, "confirm");
    let sigs = await listSignatures(db, { letterId: letter.id, officeId: actor.officeId });
    expect(sigs[0]).toMatchObject({ signerCapacity: "staff", signerName: "Sam Staff", memberConfirmation: "awaiting" });

    // Opening the link (a mail scanner too) changes nothing.
    const get = await callLoader(confirmRoute, `/confirm/${confirmToken}`, { token: confirmToken });
    expect(get.status).toBe(200);
    expect(get.data).toMatchObject({ answer: null, signer: { name: "Sam Staff" } });
    const [row0] = await db
      .select()
      .from(signatureConfirmations)
      .where(eq(signatureConfirmations.signatureId, sigs[0].id));
    expect(row0.confirmedAt).toBeNull();

    const post = await callAction(
      confirmRoute,
      `/confirm/${confirmToken}`,
      { token: confirmToken },
      { intent: "confirm" },
    );
    expect(post).toMatchObject({ status: 200, data: { ok: true, message: "confirmation.page.confirmed" } });
    sigs = await listSignatures(db, { letterId: letter.id, officeId: actor.officeId });
    expect(sigs[0].memberConfirmation).toBe("confirmed");
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, letter.id), eq(auditEvents.action, "signature.member-confirmed")));
    expect(audits).toHaveLength(1);
    // A second answer changes nothing.
    expect(await db.transaction((tx) => answerConfirmation(tx, { token: confirmToken, answer: "reject" }))).toEqual({
      ok: true,
      status: "already-confirmed",
    });
    expect(await listSignatures(db, { letterId: letter.id, officeId: actor.officeId })).toHaveLength(1);
  });

  it("the Member rejecting withdraws the staff signature; the signer cannot stop the Member's email; an unknown token is 404", async () => {
    const { actor } = await makeOffice();
    const letter = await makeLetter(actor, "Another text.");
    const m = await makeMep();
    const m2 = await makeMep();
    const inv = await invite(actor, letter.id, [m.id, m2.id]);
    const t1 = inv.invited.find((i) => i.mepId === m.id)!.token;
    const t2 = inv.invited.find((i) => i.mepId === m2.id)!.token;
    const s1 = await sign(t1, letter.id, { capacity: "staff", signerName: "Alex Aide" });
    if (!s1.ok) throw new Error("sign");
    const req = await db.transaction(async (tx) => {
      const c = await requestMemberConfirmation(tx, { signatureId: s1.signatureId });
      if (c.ok)
        await sendMemberConfirmationEmail(tx, {
          letter: c.letter,
          mep: c.mep,
          signerName: c.signerName,
          token: c.token,
        });
      return c;
    });
    if (!req.ok) throw new Error(req.error);
    expect(req.mep.email).toBe(m.email!.toLowerCase());
    expect((await getConfirmationContext(db, req.token))?.signature.id).toBe(s1.signatureId);
    expect(await db.transaction((tx) => answerConfirmation(tx, { token: req.token, answer: "reject" }))).toEqual({
      ok: true,
      status: "rejected",
    });
    const live = await listSignatures(db, { letterId: letter.id, officeId: actor.officeId });
    expect(live).toHaveLength(0);
    const [i1] = await db
      .select()
      .from(invitations)
      .where(and(eq(invitations.letterId, letter.id), eq(invitations.mepId, m.id)));
    expect(i1.status).toBe("pending");

    // Without any box ticked (the box is gone): the Member is still emailed at the directory address.
    const { version } = await current(letter.id);
    const res = await callAction(
      signRoute,
      `/sign/${t2}`,
      { token: t2 },
      {
        intent: "sign",
        versionHash: version.sha256,
        typedName: `${m2.givenName} ${m2.familyName}`,
        capacity: "staff",
        staffName: "Pat Aide",
        confirm: "yes",
      },
    );
    expect(res.data).toMatchObject({ ok: true, confirmationAsked: true });
    expect((await emailsTo(m2.email!, letter.id)).filter((e) => e.kind === "cosign-confirm-request")).toHaveLength(1);

    const bad = "A".repeat(43);
    expect((await callLoader(confirmRoute, `/confirm/${bad}`, { token: bad })).status).toBe(404);
  });
});

// ---------------------------------------------------------------- invitations

describe(`invitations (${label})`, () => {
  it("invite by group / member state / party / all shown, skipping those already invited; one email each with no other address", async () => {
    const { actor, user, office } = await makeOffice();
    const letter = await makeLetter(actor, "Breadth text.");
    const country = `Q${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`;
    const party = `Party ${tag()}`;
    const greens = [
      await makeMep({ group: "Greens/EFA", country, party }),
      await makeMep({ group: "Greens/EFA", country, party }),
      await makeMep({ group: "Greens/EFA", country, party: null }),
    ];
    const epp = [
      await makeMep({ group: "EPP", country, party }),
      await makeMep({ group: "EPP", country, party: null, email: null }),
    ];
    await invite(actor, letter.id, [greens[0].id]);

    const byGroup = (await listMeps(db, { group: "Greens/EFA", country })).map((m) => m.id);
    expect(byGroup.sort()).toEqual(greens.map((m) => m.id).sort());
    const r1 = await invite(actor, letter.id, byGroup);
    expect(r1.invited.map((i) => i.mepId).sort()).toEqual([greens[1].id, greens[2].id].sort());
    expect(r1.skipped).toBe(1);

    const byParty = (await listMeps(db, { party, country })).map((m) => m.id);
    const r2 = await invite(actor, letter.id, byParty);
    expect(r2.invited.map((i) => i.mepId)).toEqual([epp[0].id]);

    const all = (await listMeps(db, { country })).map((m) => m.id);
    const r3 = await invite(actor, letter.id, all);
    expect(r3.invited).toEqual([]); // everyone with an address is invited; the one without is skipped
    expect(r3.skipped).toBe(5);

    // Emails as the route sends them: one per invitee, one recipient, nobody else's address inside.
    await db.transaction(async (tx) => {
      for (const inv of [...r1.invited, ...r2.invited]) {
        await sendInvitationEmail(tx, {
          letter,
          office,
          inviter: { name: user.name, email: user.email },
          invitee: { name: inv.name, email: inv.email },
          token: inv.token,
        });
      }
    });
    const addresses = [...greens, ...epp].map((m) => m.email).filter(Boolean) as string[];
    for (const inv of [...r1.invited, ...r2.invited]) {
      const mails = await emailsTo(inv.email, letter.id);
      expect(mails).toHaveLength(1);
      for (const other of addresses.filter((a) => a.toLowerCase() !== inv.email)) {
        expect(mails[0].html).not.toContain(other.toLowerCase());
        expect(mails[0].text).not.toContain(other.toLowerCase());
      }
    }
  });

  it("staff invitee instead of or as well as the Member; the same address twice is a duplicate", async () => {
    const { actor } = await makeOffice();
    const letter = await makeLetter(actor, "Staff text.");
    const m = await makeMep();
    const staffEmail = `Aide.${tag()}@EP.test`;
    const r = await db.transaction((tx) =>
      inviteStaff(tx, actor, { letterId: letter.id, mepId: m.id, staffName: "Ada Aide", staffEmail }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.invitation.email).toBe(staffEmail.toLowerCase());
    const ctx = await getSigningContext(db, r.invitation.token);
    expect(ctx?.invitation).toMatchObject({ inviteeKind: "staff", inviteeName: "Ada Aide" });
    expect(ctx?.mep.id).toBe(m.id);
    expect(
      await db.transaction((tx) =>
        inviteStaff(tx, actor, { letterId: letter.id, mepId: m.id, staffName: "Ada Again", staffEmail }),
      ),
    ).toEqual({ ok: false, error: "duplicate" });
    // "instead of": a bulk invitation skips the Member whose staff is invited ...
    expect((await invite(actor, letter.id, [m.id])).invited).toHaveLength(0);
    // ... "as well as": the explicit option invites the Member too.
    const both = await db.transaction((tx) =>
      inviteMeps(tx, actor, { letterId: letter.id, mepIds: [m.id], evenIfStaffInvited: true }),
    );
    expect(both.ok && both.invited.map((i) => i.email)).toEqual([m.email!.toLowerCase()]);
    // Either can sign; it is one signature of the Member.
    expect(await sign(r.invitation.token, letter.id, { capacity: "staff", signerName: "Ada Aide" })).toMatchObject({
      ok: true,
      status: "signed",
    });
    const mepToken = both.ok ? both.invited[0].token : "";
    expect(await sign(mepToken, letter.id)).toMatchObject({ ok: true, status: "already-signed" });
    expect(await listSignatures(db, { letterId: letter.id, officeId: actor.officeId })).toHaveLength(1);
  });

  it("resend issues a new link (earlier ones keep working until revoked) and is rate-limited per invitation in Postgres", async () => {
    const { actor } = await makeOffice();
    const letter = await makeLetter(actor, "Resend text.");
    const m = await makeMep();
    const other = await makeMep();
    const inv = await invite(actor, letter.id, [m.id, other.id]);
    const first = inv.invited.find((i) => i.mepId === m.id)!;
    let token = first.token;
    const issued = [token];
    for (let i = 0; i < LIMITS.resendInvitation.limit; i++) {
      const r = await db.transaction((tx) =>
        resendInvitation(tx, actor, { letterId: letter.id, invitationId: first.invitationId }),
      );
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.token).not.toBe(token);
      expect(await getSigningContext(db, token)).not.toBeNull();
      expect(await getSigningContext(db, r.token)).not.toBeNull();
      token = r.token;
      issued.push(token);
    }
    // Revoking the invitation stops every link it ever had (checked inside a transaction that is then undone).
    let afterRevoke: unknown[] = [];
    await db
      .transaction(async (tx) => {
        await revokeInvitation(tx, actor, { letterId: letter.id, invitationId: first.invitationId });
        afterRevoke = await Promise.all(issued.map((t) => getSigningContext(tx, t)));
        tx.rollback();
      })
      .catch(() => undefined);
    expect(afterRevoke).toHaveLength(issued.length);
    expect(afterRevoke.every((c) => c === null)).toBe(true);
    expect(await getSigningContext(db, issued[0])).not.toBeNull();
    const limited = await db.transaction((tx) =>
      resendInvitation(tx, actor, { letterId: letter.id, invitationId: first.invitationId }),
    );
    expect(limited).toMatchObject({ ok: false, error: "rate-limited" });
    expect(await getSigningContext(db, token)).not.toBeNull(); // the limited attempt rotated nothing
    const rows = await db.execute(
      sql`select count from rate_limits where key = ${`resend-invitation:${first.invitationId}`}`,
    );
    expect(Number(((Array.isArray(rows) ? rows : (rows as any).rows)[0] as any).count)).toBe(
      LIMITS.resendInvitation.limit + 1,
    );
    // Another invitation has its own budget.
    const second = inv.invited.find((i) => i.mepId === other.id)!;
    expect(
      (
        await db.transaction((tx) =>
          resendInvitation(tx, actor, { letterId: letter.id, invitationId: second.invitationId }),
        )
      ).ok,
    ).toBe(true);
    // Another office cannot resend it.
    const stranger = await makeOffice();
    expect(
      await db.transaction((tx) =>
        resendInvitation(tx, stranger.actor, { letterId: letter.id, invitationId: second.invitationId }),
      ),
    ).toMatchObject({ ok: false, error: "not-found" });
  });
});

// ---------------------------------------------------------------- deadlines and reminders

describe(`deadlines and reminders (${label})`, () => {
  it("deadline passed -> closed (410 on POST), extend reopens; close now / reopen", async () => {
    const { actor } = await makeOffice();
    const letter = await makeLetter(actor, "Deadline text.", { deadline: new Date(Date.now() + 3600_000) });
    const m = await makeMep();
    const [i] = (await invite(actor, letter.id, [m.id])).invited;
    const { version } = await current(letter.id);
    // The deadline moves into the past (as time passes): signing answers closed.
    await db
      .update(letters)
      .set({ signatureDeadline: new Date(Date.now() - 60_000) })
      .where(eq(letters.id, letter.id));
    const page = await callLoader(signRoute, `/sign/${i.token}`, { token: i.token });
    expect(page.data).toMatchObject({ closed: true, windowState: "deadline-passed" });
    const form = {
      intent: "sign",
      versionHash: version.sha256,
      typedName: `${m.givenName} ${m.familyName}`,
      capacity: "mep",
      confirm: "yes",
    };
    const closed = await callAction(signRoute, `/sign/${i.token}`, { token: i.token }, form);
    expect(closed.status).toBe(410);
    expect(await db.select().from(signatures).where(eq(signatures.letterId, letter.id))).toHaveLength(0);
    const decline = await callAction(signRoute, `/sign/${i.token}`, { token: i.token }, { intent: "decline" });
    expect(decline.status).toBe(410);

    // A deadline in the past cannot be set; extending reopens.
    expect(
      await db.transaction((tx) =>
        updateSigningSchedule(tx, actor, {
          letterId: letter.id,
          deadline: new Date(Date.now() - 1000),
          reminderDays: [3, 0],
        }),
      ),
    ).toEqual({ ok: false, error: "past-deadline" });
    expect(
      (
        await db.transaction((tx) =>
          updateSigningSchedule(tx, actor, {
            letterId: letter.id,
            deadline: new Date(Date.now() + 7 * 86_400_000),
            reminderDays: [3, 0],
          }),
        )
      ).ok,
    ).toBe(true);
    expect((await callLoader(signRoute, `/sign/${i.token}`, { token: i.token })).data.windowState).toBe("open");

    // Close now: 410 with the office's message; reopen: signing works.
    await db.transaction((tx) => closeSigning(tx, actor, { letterId: letter.id }));
    const closedByOffice = await callAction(signRoute, `/sign/${i.token}`, { token: i.token }, form);
    expect(closedByOffice).toMatchObject({ status: 410, data: { message: "signatures.closedByOffice" } });
    await db.transaction((tx) => reopenSigning(tx, actor, { letterId: letter.id }));
    const ok = await callAction(signRoute, `/sign/${i.token}`, { token: i.token }, form);
    expect(ok).toMatchObject({ status: 200, data: { ok: true, message: "sign.done" } });
    const actions = (
      await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.letterId, letter.id))
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["signing.schedule", "signing.closed", "signing.reopened"]));
  });

  it("reminders are enqueued once, skip those who answered or opted out, carry List-Unsubscribe; unsubscribe GET changes nothing, POST one-click does", async () => {
    const { actor } = await makeOffice();
    const deadline = new Date(Date.now() + 10 * 86_400_000);
    const letter = await makeLetter(actor, "Reminder text.", { deadline });
    const [pending, signer, decliner, optedOut] = [await makeMep(), await makeMep(), await makeMep(), await makeMep()];
    const inv = await invite(actor, letter.id, [pending.id, signer.id, decliner.id, optedOut.id]);
    const tok = (m: { id: number }) => inv.invited.find((i) => i.mepId === m.id)!;

    const planned = await db.transaction((tx) => planReminders(tx, { letterId: letter.id, officeId: actor.officeId }));
    expect(planned).toBe(8); // 4 pending invitations × reminder days [3, 0]
    expect(await db.transaction((tx) => planReminders(tx, { letterId: letter.id, officeId: actor.officeId }))).toBe(0);
    const queued = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.queue, REMINDER_QUEUE), sql`${jobs.payload}->>'letterId' = ${letter.id}`));
    expect(queued).toHaveLength(8);
    expect(
      queued.every(
        (j) => j.dedupeKey!.startsWith(`reminder:${letter.id}:`) && j.dedupeKey!.endsWith(`:${deadline.toISOString()}`),
      ),
    ).toBe(true);
    expect(new Set(queued.map((j) => j.runAt.toISOString()))).toEqual(
      new Set([reminderRunAt(deadline, 3).toISOString(), reminderRunAt(deadline, 0).toISOString()]),
    );

    // Answers and an opt-out before the first reminder.
    expect((await sign(tok(signer).token, letter.id)).ok).toBe(true);
    expect((await db.transaction((tx) => declineByToken(tx, { token: tok(decliner).token, reason: null }))).ok).toBe(
      true,
    );
    const [optRow] = await db
      .select()
      .from(invitations)
      .where(eq(invitations.id, tok(optedOut).invitationId));
    const optToken = unsubscribeToken(optRow);
    const get = await callLoader(unsubscribeRoute, `/unsubscribe/${optToken}`, { token: optToken });
    expect(get).toMatchObject({ status: 200, data: { state: "ok", already: false } });
    expect((await db.select().from(invitations).where(eq(invitations.id, optRow.id)))[0].remindersOff).toBe(false);
    const post = await callAction(
      unsubscribeRoute,
      `/unsubscribe/${optToken}`,
      { token: optToken },
      { "List-Unsubscribe": "One-Click" },
    );
    expect(post).toMatchObject({ status: 200, data: { ok: true, message: "unsubscribe.done" } });
    expect((await db.select().from(invitations).where(eq(invitations.id, optRow.id)))[0].remindersOff).toBe(true);
    expect((await callAction(unsubscribeRoute, `/unsubscribe/${optToken}`, { token: optToken }, {})).data.message).toBe(
      "unsubscribe.already",
    );
    const forged = `${optRow.id}.${"A".repeat(32)}`;
    expect((await callAction(unsubscribeRoute, `/unsubscribe/${forged}`, { token: forged }, {})).status).toBe(404);

    // The first reminder time comes: only the pending invitee gets one.
    await runDueJobs(db, { now: new Date(reminderRunAt(deadline, 3).getTime() + 1000), limit: 50 });
    const reminders = (
      await db
        .select()
        .from(emails)
        .where(and(eq(emails.letterId, letter.id), eq(emails.kind, "reminder")))
    ).map(openEmailSecrets);
    expect(reminders.map((e) => e.toAddress)).toEqual([pending.email!.toLowerCase()]);
    const r = reminders[0];
    expect(r.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const unsubUrl = /^<([^>]+)>$/.exec(r.headers!["List-Unsubscribe"])![1];
    const newSignToken = tokenFromEmail(r.html, "sign");
    expect(r.headers!["List-Unsubscribe"]).not.toContain(newSignToken);
    expect(r.html).toContain(unsubUrl);
    // The reminder's link works, and so does the original invitation's (an older email must still open).
    expect(await getSigningContext(db, newSignToken)).not.toBeNull();
    expect(await getSigningContext(db, tok(pending).token)).not.toBeNull();

    // Running the same reminder again (a re-run after a crash) sends nothing more; re-planning makes no new job.
    const payload = {
      letterId: letter.id,
      invitationId: tok(pending).invitationId,
      days: 3,
      deadline: deadline.toISOString(),
    };
    expect(await sendReminder(db, payload)).toBe("already-sent");
    expect(await db.transaction((tx) => planReminders(tx, { letterId: letter.id, officeId: actor.officeId }))).toBe(0);

    // One-click unsubscribe with the reminder's own link; the second reminder is then not sent.
    const unsubToken = unsubUrl.split("/unsubscribe/")[1];
    expect(
      (
        await callAction(
          unsubscribeRoute,
          `/unsubscribe/${unsubToken}`,
          { token: unsubToken },
          { "List-Unsubscribe": "One-Click" },
        )
      ).data.ok,
    ).toBe(true);
    await runDueJobs(db, { now: new Date(reminderRunAt(deadline, 0).getTime() + 1000), limit: 50 });
    expect(
      await db
        .select()
        .from(emails)
        .where(and(eq(emails.letterId, letter.id), eq(emails.kind, "reminder"))),
    ).toHaveLength(1);
  });

  it("a moved deadline: old reminders do nothing, new ones are planned under new keys", async () => {
    const { actor } = await makeOffice();
    const deadline = new Date(Date.now() + 10 * 86_400_000);
    const letter = await makeLetter(actor, "Moved deadline.", { deadline });
    const m = await makeMep();
    const [i] = (await invite(actor, letter.id, [m.id])).invited;
    await db.transaction((tx) => planReminders(tx, { letterId: letter.id, officeId: actor.officeId }));
    const later = new Date(deadline.getTime() + 5 * 86_400_000);
    const r = await db.transaction((tx) =>
      updateSigningSchedule(tx, actor, { letterId: letter.id, deadline: later, reminderDays: [3, 0] }),
    );
    expect(r).toEqual({ ok: true, scheduled: 2 });
    const old = { letterId: letter.id, invitationId: i.invitationId, days: 3, deadline: deadline.toISOString() };
    expect(await sendReminder(db, old)).toBe("deadline-changed");
    // A removed reminder day is not sent either.
    await db.transaction((tx) =>
      updateSigningSchedule(tx, actor, { letterId: letter.id, deadline: later, reminderDays: [0] }),
    );
    expect(await sendReminder(db, { ...old, deadline: later.toISOString() })).toBe("day-removed");
    expect(await sendReminder(db, { ...old, days: 0, deadline: later.toISOString() })).toBe("sent");
    // Closed signing: no reminder (a second invitee, whose reminder was never sent).
    const m2 = await makeMep();
    const [i2] = (await invite(actor, letter.id, [m2.id])).invited;
    await db.transaction((tx) => closeSigning(tx, actor, { letterId: letter.id }));
    expect(
      await sendReminder(db, { ...old, days: 0, deadline: later.toISOString(), invitationId: i2.invitationId }),
    ).toBe("closed");
    await db.transaction((tx) => reopenSigning(tx, actor, { letterId: letter.id }));
    expect(
      await sendReminder(db, { ...old, days: 0, deadline: later.toISOString(), invitationId: i2.invitationId }),
    ).toBe("sent");
    expect(
      await sendReminder(db, { ...old, days: 0, deadline: later.toISOString(), invitationId: i2.invitationId }),
    ).toBe("already-sent");
  });
});
