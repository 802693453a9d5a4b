/**
 * No name may appear under a text its Member did not approve: the kind of a version follows from the change, every
 * list of signatories is the one that is (or was) sent, staff signatures are told to the Member, pasted lists do
 * not override a Member's own answer, and invitations go only to those whose answer is still open.
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmailSecrets } from "#app/infra/email-secrets.server";
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { auditEvents, emails, letterVersions } from "#db/schema";
import * as editRoute from "#app/routes/letters.$letterId.edit";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, sessionCookieFor } from "#tests/setup/routes";
import { createDraftLetter, createMep, createOffice, createUser, invite, publish, sign } from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
const label = usingPostgres() ? "postgres" : "pglite";

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

async function makeOffice() {
  const office = await createOffice(db);
  const user = await createUser(db, { officeId: office.id, role: "staff" });
  return { office, user, actor: { userId: user.id, officeId: office.id } };
}

const DEMAND =
  "We therefore ask the Commission to exclude Nuctech from every public tender financed by the Union budget now.";
const BODY = `We write to you about scanners at the external borders. ${DEMAND} We look forward to your answer.`;

describe(`the kind of a version is the consequence of the change (${label})`, () => {
  it("a 'spelling' change that removes the main demand is published as substantive and signers must re-confirm", async () => {
    const { user, actor } = await makeOffice();
    const letter = await createDraftLetter(db, actor, { body: BODY });
    const v1 = await publish(db, actor, letter.id);
    const mep = await createMep(db);
    const [inv] = await invite(db, actor, letter.id, [mep.id]);
    expect((await sign(db, inv.token, v1.sha256, inv.name)).ok).toBe(true);

    const { cookie } = await sessionCookieFor(db, user, actor.officeId);
    const [l] = await db.query.letters.findMany({ where: (x, { eq: e }) => e(x.id, letter.id) });
    const r = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie,
      form: {
        intent: "publish",
        kind: "editorial",
        revision: String(l.draftRevision),
        subject: l.subject,
        language: "en",
        bodyText: BODY.replace(`${DEMAND} `, ""),
      },
    });
    expect(r.status).toBe(302);
    expect(r.location).toMatch(/published=2&overruled=1/);
    const [v2] = await db
      .select()
      .from(letterVersions)
      .where(and(eq(letterVersions.letterId, letter.id), eq(letterVersions.number, 2)));
    expect(v2.kind).toBe("substantive");
    // The signer is asked to re-confirm, never told "editorial corrections only".
    const mail = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, letter.id), eq(emails.toAddress, inv.email)));
    expect(mail.map((m) => m.kind)).toContain("cosign-reconfirm");
    expect(mail.map((m) => m.kind)).not.toContain("cosign-corrected");
    // The audit row keeps what the office asked for and what the change allowed.
    const [published] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, letter.id), eq(auditEvents.action, "version.published")))
      .orderBy(auditEvents.id)
      .offset(1);
    expect(published.data).toMatchObject({
      kind: "substantive",
      requestedKind: "editorial",
      changeKind: "substantive",
    });
    expect(published.data.reasons).toContain("words-removed");
  });

  it("a real punctuation fix carries the signature over, and the signer still gets the change and a link to withdraw", async () => {
    const { actor } = await makeOffice();
    const letter = await createDraftLetter(db, actor, { body: "We recieve many complaints about scanners." });
    const v1 = await publish(db, actor, letter.id);
    const mep = await createMep(db);
    const [inv] = await invite(db, actor, letter.id, [mep.id]);
    expect((await sign(db, inv.token, v1.sha256, inv.name)).ok).toBe(true);
    const { publishDraft } = await import("#app/services/versions.server");
    const { saveDraft } = await import("#app/models/letters.server");
    const { bodyJson } = await import("#tests/factories/index");
    const [l] = await db.query.letters.findMany({ where: (x, { eq: e }) => e(x.id, letter.id) });
    await db.transaction((tx) =>
      saveDraft(tx, actor, {
        letterId: letter.id,
        baseRevision: l.draftRevision,
        json: bodyJson("We receive many complaints about scanners!"),
      }),
    );
    const p = await publishDraft(db, actor, { letterId: letter.id, kind: "editorial" });
    expect(p.ok && p.version.kind).toBe("editorial");
    const [notice] = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, letter.id), eq(emails.kind, "cosign-corrected")));
    expect(notice.toAddress).toBe(inv.email);
    expect(notice.text).toContain("“recieve” became “receive”");
    expect(openEmailSecrets(notice).html).toMatch(/\/sign\/[A-Za-z0-9_-]{20,}/);
  });
});
