/** The send's status follows its messages in the worker; reading pages never writes it. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DbHandle } from "#db/client.server";
import { sends } from "#db/schema";
import { createTestDb } from "#tests/setup/db";
import { resetEnvCache } from "#app/utils/env.server";
import { getSendRecord, sendLetter } from "#app/models/sending.server";
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
