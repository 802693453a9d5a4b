/**
 * Test data built through the real model functions (so audit rows, hashes and invariants are the
 * app's own). Every name carries a random tag, so tests sharing one database never collide.
 */
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db, type Queryable } from "#db/client.server";
import { emails, invitations, letters, memberships, meps, offices, users, type Role } from "#db/schema";
import { editorJsonFromBlocks } from "#app/editor/build";
import { epSortKey, searchKeyOf } from "#app/domain/names";
import {
  createLetter,
  getCurrentVersion,
  publishVersion,
  saveDraft,
  type AddresseeInput,
} from "#app/models/letters.server";
import { inviteMeps, signByToken } from "#app/models/signing.server";
import { createCampaign } from "#app/models/campaigns.server";
import { addReply } from "#app/models/tracking.server";
import { sendInvitationEmail } from "#app/services/notifications.server";
import { notifySignersOfNewVersion } from "#app/services/versions.server";

import { createDraft, ensureQuestion, setFollow } from "#app/models/questions.server";
import { createOfficeInvitation } from "#app/models/office-invitations.server";

export const tag = () => randomBytes(4).toString("hex");

export type Actor = { userId: string; officeId: string };

export async function createOffice(
  db: Queryable,
  input: { name?: string; contactEmail?: string | null; mepId?: number | null } = {},
) {
  const t = tag();
  const [o] = await db
    .insert(offices)
    .values({
      name: input.name ?? `Office ${t}`,
      contactEmail: input.contactEmail === undefined ? `office.${t}@office.test` : input.contactEmail,
      mepId: input.mepId ?? null,
    })
    .returning();
  return o;
}

export async function createUser(
  db: Queryable,
  input: { officeId?: string; role?: Role; email?: string; name?: string; isPlatformAdmin?: boolean } = {},
) {
  const t = tag();
  const [u] = await db
    .insert(users)
    .values({
      email: (input.email ?? `user.${t}@office.test`).toLowerCase(),
      name: input.name ?? `User ${t}`,
      isPlatformAdmin: input.isPlatformAdmin ?? false,
    })
    .returning();
  let membershipId: string | null = null;
  if (input.officeId) {
    const [m] = await db
      .insert(memberships)
      .values({ officeId: input.officeId, userId: u.id, role: input.role ?? "staff" })
      .returning({ id: memberships.id });
    membershipId = m.id;
  }
  return { ...u, membershipId };
}

export async function createMep(
  db: Queryable,
  input: Partial<{
    givenName: string;
    familyName: string;
    country: string;
    politicalGroup: string;
    nationalParty: string | null;
    email: string | null;
  }> = {},
) {
  const t = tag();
  const givenName = input.givenName ?? "Mep";
  const familyName = input.familyName ?? `Member${t}`;
  const [m] = await db
    .insert(meps)
    .values({
      givenName,
      familyName,
      sortKey: epSortKey(givenName, familyName),
      searchKey: searchKeyOf(givenName, familyName),
      country: input.country ?? "NL",
      politicalGroup: input.politicalGroup ?? "Renew",
      nationalParty: input.nationalParty === undefined ? "VVD" : input.nationalParty,
      email: input.email === undefined ? `mep.${t}@ep.test` : input.email,
      term: 10,
    })
    .returning();
  return m;
}

export const bodyJson = (text: string) => editorJsonFromBlocks([{ type: "p", text }]);

/** A letter with one addressee (with an email), saved through createLetter; not yet published. */
export async function createDraftLetter(
  db: Db,
  actor: Actor,
  input: {
    subject?: string;
    body?: string;
    deadline?: Date | null;
    campaignId?: string | null;
    addressees?: AddresseeInput[];
  } = {},
) {
  const t = tag();
  const r = await db.transaction((tx) =>
    createLetter(tx, actor, {
      subject: input.subject ?? `Letter ${t}`,
      language: "en",
      campaignId: input.campaignId ?? null,
      signatureDeadline: input.deadline === undefined ? new Date(Date.now() + 7 * 24 * 3600_000) : input.deadline,
      draftJson: bodyJson(input.body ?? `We write to you about ${t}.`),
      addressees: input.addressees ?? [
        {
          name: `Commissioner ${t}`,
          role: "Commissioner",
          salutation: "Dear Commissioner",
          email: `commissioner.${t}@ec.test`,
        },
      ],
    }),
  );
  if (!r.ok) throw new Error(`factory: createLetter ${r.error}`);
  return r.letter;
}

export async function publish(
  db: Db,
  actor: Actor,
  letterId: string,
  kind: "editorial" | "substantive" = "substantive",
) {
  const r = await db.transaction((tx) => publishVersion(tx, actor, { letterId, kind }));
  if (!r.ok) throw new Error(`factory: publish ${r.error}`);
  return r.version;
}

/** Saves new body text on the draft, from its current revision. */
async function saveText(db: Db, actor: Actor, letterId: string, text: string) {
  const saved = await db.transaction(async (tx) => {
    const [l] = rowsOf<{ draft_revision: number }>(
      await tx.execute(sql`select draft_revision from letters where id = ${letterId}`),
    );
    return saveDraft(tx, actor, { letterId, baseRevision: Number(l.draft_revision), json: bodyJson(text) });
  });
  if (!saved.ok) throw new Error(`factory: saveDraft ${saved.error}`);
}

/** Saves new body text on the draft (from its current revision) and publishes it as the next version. */
export async function publishNewText(
  db: Db,
  actor: Actor,
  letterId: string,
  text: string,
  kind: "editorial" | "substantive" = "substantive",
) {
  await saveText(db, actor, letterId, text);
  return publish(db, actor, letterId, kind);
}

/**
 * As publishing does in the app: saves the text, publishes it and, in the same transaction, tells earlier signers
 * (a carried-over signature gets the "corrected" notice, one that needs re-confirming a request); says how many.
 */
export async function publishAndNotify(
  db: Db,
  actor: Actor,
  letterId: string,
  text: string,
  kind: "editorial" | "substantive",
) {
  await saveText(db, actor, letterId, text);
  return db.transaction(async (tx) => {
    const p = await publishVersion(tx, actor, { letterId, kind });
    if (!p.ok) throw new Error(`factory: publish ${p.error}`);
    const [l] = await tx.select().from(letters).where(eq(letters.id, letterId));
    const notified = await notifySignersOfNewVersion(tx, {
      letter: { ...l, subject: p.version.subject },
      version: p.version,
      previousPlainText: p.previous?.plainText ?? null,
    });
    return { version: p.version, notified };
  });
}

/** An office and a user acting for it, without a membership row (the models take the actor as given). */
export async function createOfficeActor(db: Db) {
  const office = await createOffice(db);
  const user = await createUser(db);
  return { actor: { userId: user.id, officeId: office.id } as Actor, user, office };
}

/** A letter with `text` published as its first version; no signature deadline unless one is given. */
export async function createPublishedLetter(db: Db, actor: Actor, text: string, opts: { deadline?: Date | null } = {}) {
  const letter = await createDraftLetter(db, actor, { body: text, deadline: opts.deadline ?? null });
  await publish(db, actor, letter.id);
  return letter;
}

/** Invites the Members; the whole answer (who was invited, how many were skipped). */
export async function inviteResult(db: Db, actor: Actor, letterId: string, mepIds: number[]) {
  const r = await db.transaction((tx) => inviteMeps(tx, actor, { letterId, mepIds }));
  if (!r.ok) throw new Error(`factory: invite ${r.error}`);
  return r;
}

export async function invite(db: Db, actor: Actor, letterId: string, mepIds: number[]) {
  return (await inviteResult(db, actor, letterId, mepIds)).invited;
}

export async function sign(db: Db, token: string, versionHash: string, signerName = "Signer", ip = "203.0.113.9") {
  return db.transaction((tx) =>
    signByToken(tx, { token, versionHash, signerName, capacity: "mep", ip, userAgent: "vitest" }),
  );
}

/** Signs through the personal link at the letter's current version (as "Mep", in the Member's own capacity). */
export async function signAtCurrentVersion(
  db: Db,
  token: string,
  letterId: string,
  extra: Partial<Parameters<typeof signByToken>[1]> = {},
) {
  const version = (await getCurrentVersion(db, letterId))!;
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

/**
 * Two offices with people in every role, and in office A: a campaign, a collecting letter with a
 * published version, two invitations (one signed), a reply and an invitation email in the outbox.
 * Office B gets its own letter, reply, invitation and email, for forged-id tests. `secretsA` are
 * strings that must never appear in anything office B, an invitee of another letter, or an
 * anonymous visitor is shown.
 */
export async function createWorld(db: Db) {
  const t = tag();
  const mepA1 = await createMep(db, { givenName: "Anna", familyName: `Signer${t}` });
  const mepA2 = await createMep(db, { givenName: "Bram", familyName: `Pending${t}` });
  const mepA3 = await createMep(db, { givenName: "Cleo", familyName: `Uninvited${t}` });
  const mepB1 = await createMep(db, { givenName: "Dora", familyName: `OtherSide${t}` });

  const officeA = await createOffice(db, { name: `Office A ${t}`, contactEmail: `office.a.${t}@office.test` });
  const officeB = await createOffice(db, { name: `Office B ${t}`, contactEmail: `office.b.${t}@office.test` });
  const a = {
    staff: await createUser(db, {
      officeId: officeA.id,
      role: "staff",
      email: `a.staff.${t}@office.test`,
      name: `Astaff ${t}`,
    }),
    mep: await createUser(db, { officeId: officeA.id, role: "mep", email: `a.mep.${t}@office.test` }),
    campaign_lead: await createUser(db, {
      officeId: officeA.id,
      role: "campaign_lead",
      email: `a.lead.${t}@office.test`,
    }),
    admin: await createUser(db, { officeId: officeA.id, role: "admin", email: `a.admin.${t}@office.test` }),
    platform: await createUser(db, {
      officeId: officeA.id,
      role: "admin",
      email: `a.platform.${t}@office.test`,
      isPlatformAdmin: true,
    }),
  };
  const b = {
    staff: await createUser(db, { officeId: officeB.id, role: "staff", email: `b.staff.${t}@office.test` }),
    mep: await createUser(db, { officeId: officeB.id, role: "mep", email: `b.mep.${t}@office.test` }),
    campaign_lead: await createUser(db, {
      officeId: officeB.id,
      role: "campaign_lead",
      email: `b.lead.${t}@office.test`,
    }),
    admin: await createUser(db, { officeId: officeB.id, role: "admin", email: `b.admin.${t}@office.test` }),
    platform: await createUser(db, {
      officeId: officeB.id,
      role: "admin",
      email: `b.platform.${t}@office.test`,
      isPlatformAdmin: true,
    }),
  };
  const actorA = { userId: a.staff.id, officeId: officeA.id };
  const actorB = { userId: b.staff.id, officeId: officeB.id };

  const campaignA = await db.transaction((tx) =>
    createCampaign(tx, actorA, { title: `Campaign A ${t}`, summary: `Campaign summary A ${t}` }),
  );
  const letterA = await createDraftLetter(db, actorA, {
    subject: `Subject A ${t}`,
    body: `Body text A ${t}.`,
    campaignId: campaignA.id,
    addressees: [
      {
        name: `Addressee A ${t}`,
        role: "Commissioner",
        salutation: "Dear Commissioner",
        email: `addressee.a.${t}@ec.test`,
      },
    ],
  });
  const versionA = await publish(db, actorA, letterA.id);
  const [invA1, invA2] = await invite(db, actorA, letterA.id, [mepA1.id, mepA2.id]);
  const signed = await sign(db, invA1.token, versionA.sha256, invA1.name);
  if (!signed.ok) throw new Error("factory: sign");
  const replyA = await db.transaction((tx) =>
    addReply(tx, actorA, {
      letterId: letterA.id,
      receivedOn: "2024-03-01",
      senderName: `Reply sender A ${t}`,
      kind: "substantive",
      body: `Reply body A ${t}`,
    }),
  );
  if (!replyA.ok) throw new Error("factory: reply");
  const emailA = await db.transaction((tx) =>
    sendInvitationEmail(tx, {
      letter: letterA,
      office: { name: officeA.name, contactEmail: officeA.contactEmail },
      inviter: { name: a.staff.name, email: a.staff.email },
      invitee: { name: invA2.name, email: invA2.email },
      token: invA2.token,
    }),
  );

  const campaignB = await db.transaction((tx) =>
    createCampaign(tx, actorB, { title: `Campaign B ${t}`, summary: null }),
  );
  const letterB = await createDraftLetter(db, actorB, { subject: `Subject B ${t}`, body: `Body text B ${t}.` });
  const versionB = await publish(db, actorB, letterB.id);
  const [invB1] = await invite(db, actorB, letterB.id, [mepB1.id]);
  const signedB = await sign(db, invB1.token, versionB.sha256, invB1.name);
  if (!signedB.ok) throw new Error("world: sign B");
  const replyB = await db.transaction((tx) =>
    addReply(tx, actorB, {
      letterId: letterB.id,
      receivedOn: "2024-03-02",
      senderName: `Reply sender B ${t}`,
      kind: "substantive",
      body: `Reply body B ${t}`,
    }),
  );
  if (!replyB.ok) throw new Error("factory: reply B");
  const [addresseeA] = await db.query.addressees.findMany({ where: (x, { eq: e }) => e(x.letterId, letterA.id) });
  const [addresseeB] = await db.query.addressees.findMany({ where: (x, { eq: e }) => e(x.letterId, letterB.id) });

  return {
    tag: t,
    officeA,
    officeB,
    a,
    b,
    actorA,
    actorB,
    meps: { a1: mepA1, a2: mepA2, a3: mepA3, b1: mepB1 },
    campaignA,
    campaignB,
    letterA,
    versionA,
    invA1,
    invA2,
    addresseeA,
    replyA: replyA.reply,
    emailA,
    letterB,
    versionB,
    invB1,
    /** Office B's signature (for forged-id tests). */
    signatureB1: signedB.signatureId,
    addresseeB,
    replyB: replyB.reply,
    secretsA: [
      officeA.name,
      letterA.id,
      letterA.subject,
      `Body text A ${t}`,
      campaignA.id,
      campaignA.title,
      `Addressee A ${t}`,
      `addressee.a.${t}@ec.test`,
      `Reply body A ${t}`,
      `Reply sender A ${t}`,
      a.staff.email,
      a.staff.name,
      versionA.sha256,
      emailA.id,
    ],
  };
}

export type World = Awaited<ReturnType<typeof createWorld>>;

export async function removeMembership(db: Queryable, membershipId: string) {
  await db.delete(memberships).where(eq(memberships.id, membershipId));
}

let questionNumber = 900_000;
/** A parliamentary question the office follows (so it is in its register), with a number of its own. */
export async function createFollowedQuestion(db: Queryable, actor: Actor) {
  const n = ++questionNumber;
  const { question } = await ensureQuestion(db, {
    type: "E",
    number: n,
    year: 2025,
    term: 10,
    reference: `E-${n}/2025`,
  });
  await setFollow(db, actor, question.id, true);
  return question;
}

/** A question draft of the office. */
export async function createQuestionDraft(db: Queryable, actor: Actor) {
  return createDraft(db, actor, {
    authorMepId: null,
    type: "E",
    addressee: "commission",
    title: `Draft ${tag()}`,
    body: "Why?",
    ongoingProcedure: false,
    supporterMepIds: [],
  });
}

/** An invitation message the provider refused for good (a 422), as the invite page's retry button finds it. */
export async function createFailedInvitationEmail(db: Queryable, invitationId: string) {
  const [inv] = await db.select().from(invitations).where(eq(invitations.id, invitationId));
  const [row] = await db
    .insert(emails)
    .values({
      kind: "invitation",
      officeId: inv.officeId,
      letterId: inv.letterId,
      toAddress: inv.inviteeEmail,
      toName: inv.inviteeName,
      fromAddress: "letters@undersigned.test",
      subject: "Invitation",
      html: "<p>Invitation</p>",
      text: "Invitation",
      idempotencyKey: `failed-${randomBytes(8).toString("hex")}`,
      status: "failed",
      attempts: 1,
      lastError: "422 validation_error: Invalid `to` field.",
    })
    .returning({ id: emails.id });
  return row.id;
}

/**
 * A pending invitation to join an office, for a new address (no account): by default in an office of its own,
 * so the page it opens shows nothing of the callers' offices.
 */
export async function createOfficeInvitationFor(db: Db, input: { officeId?: string; inviterId?: string } = {}) {
  const officeId = input.officeId ?? (await createOffice(db, { name: `Joining office ${tag()}` })).id;
  const inviterId = input.inviterId ?? (await createUser(db, { officeId, role: "admin" })).id;
  const r = await db.transaction((tx) =>
    createOfficeInvitation(
      tx,
      { userId: inviterId, officeId },
      { email: `joining.${tag()}@office.test`, name: "Joining Person", role: "staff" },
    ),
  );
  if (!r.ok) throw new Error(`factory: office invitation ${r.error}`);
  return { id: r.invitation.invitationId, token: r.invitation.token, email: r.invitation.email, officeId };
}
