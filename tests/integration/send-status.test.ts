/** The send's status follows its messages in the worker; reading pages never writes it. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DbHandle } from "#db/client.server";
import { sends } from "#db/schema";
import { createTestDb } from "#tests/setup/db";
import { resetEnvCache } from "#app/infra/env.server";
import { decideSignature, getSendRecord, sendReadiness } from "#app/models/sending.server";
import { sendLetter } from "#app/services/sending.server";
import { listSignatures } from "#app/models/signing.server";
import { publishNewText } from "#tests/factories/index";
import { createSendingWorld, drain } from "./sending.fixtures";

let handle: DbHandle;
beforeAll(async () => {
  delete process.env.RESEND_API_KEY;
  resetEnvCache();
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

it("marks the send 'sent' once every addressee's message is delivered, without any page load", async () => {
  const db = handle.db;
  const w = await createSendingWorld(db, { signers: 2 });
  const r = await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }));
  expect(r.ok).toBe(true);
  const [before] = await db.select().from(sends).where(eq(sends.letterId, w.letter.id));
  expect(before.status).toBe("sending");
  // Reading the record is a loader's job: it must not change the row.
  await getSendRecord(db, { letterId: w.letter.id, officeId: w.office.id });
  expect((await db.select().from(sends).where(eq(sends.letterId, w.letter.id)))[0].status).toBe("sending");
  await drain(db);
  const [after] = await db.select().from(sends).where(eq(sends.letterId, w.letter.id));
  expect(after.status).toBe("sent");
  expect(after.completedAt).not.toBeNull();
});

it("editorial versions carry signatures into the final letter; substantive ones need re-confirmation unless the office includes them", async () => {
  const db = handle.db;
  const w = await createSendingWorld(db, {
    signers: 2,
    closeSigning: false,
    body: [{ type: "p", text: "We write to you about scanners." }],
  });
  const scope = { letterId: w.letter.id, officeId: w.office.id };
  const counted = async () => (await sendReadiness(db, scope))!.signatories.map((s) => s.familyName).sort();
  const everyone = w.signers.map((m) => m.familyName).sort();
  expect(await counted()).toEqual(everyone);

  // A punctuation fix: everyone still counts.
  const fixed = await publishNewText(db, w.actor, w.letter.id, "We write to you about scanners!", "editorial");
  expect(fixed.kind).toBe("editorial");
  expect(await counted()).toEqual(everyone);

  // Marked a typo fix, but words were added: published as substantive, nobody counts any more.
  const overruled = await publishNewText(
    db,
    w.actor,
    w.letter.id,
    "We write to you about scanners (typo).",
    "editorial",
  );
  expect(overruled.kind).toBe("substantive");
  expect(await counted()).toEqual([]);

  // A substantive change: nobody counts until they re-confirm...
  await publishNewText(db, w.actor, w.letter.id, "We now ask for a complete ban.", "substantive");
  expect(await counted()).toEqual([]);
  const sigs = await listSignatures(db, scope);
  // ...unless the office decides to include a signature anyway (and may leave one out again).
  expect(
    (await db.transaction((tx) => decideSignature(tx, w.actor, { ...scope, signatureId: sigs[0].id, include: true })))
      .ok,
  ).toBe(true);
  expect(await counted()).toEqual([sigs[0].familyName]);
  expect(
    (await db.transaction((tx) => decideSignature(tx, w.actor, { ...scope, signatureId: sigs[0].id, include: false })))
      .ok,
  ).toBe(true);
  expect(await counted()).toEqual([]);
  // Another office cannot decide on this letter's signatures.
  const stranger = await createSendingWorld(db, { signers: 1 });
  expect(
    await db.transaction((tx) =>
      decideSignature(tx, stranger.actor, { ...scope, signatureId: sigs[1].id, include: true }),
    ),
  ).toMatchObject({ ok: false, error: "not-found" });
  expect((await listSignatures(db, scope)).find((s) => s.id === sigs[1].id)?.decision).toBeNull();
});
