/**
 * Two offices with people in every role (createWorld) in the test file's database, session cookies for office A's
 * staff member and campaign lead and office B's staff member, and what tests of a letter's draft build and read.
 *
 * `beforeAll(openWorldFixture); afterAll(closeTestDb);` then read `db` (from ./db) and the values below in tests.
 */
import { eq } from "drizzle-orm";
import { auditEvents, letters } from "#db/schema";
import { createDraftLetter, createWorld, publish, publishNewText, type World } from "#tests/factories/index";
import { db, openTestDb } from "./db";
import { sessionCookieFor } from "./routes";

export let w: World;
/** Office A's staff member. */
export let cookieA: string;
/** Office B's staff member. */
export let cookieB: string;
/** Office A's campaign lead (a member who may comment, not draft). */
export let cookieLeadA: string;

export async function openWorldFixture() {
  await openTestDb();
  w = await createWorld(db);
  cookieA = (await sessionCookieFor(db, w.a.staff, w.officeA.id)).cookie;
  cookieB = (await sessionCookieFor(db, w.b.staff, w.officeB.id)).cookie;
  cookieLeadA = (await sessionCookieFor(db, w.a.campaign_lead, w.officeA.id)).cookie;
}

export async function auditActions(letterId: string) {
  return await db
    .select({ action: auditEvents.action, data: auditEvents.data })
    .from(auditEvents)
    .where(eq(auditEvents.letterId, letterId))
    .orderBy(auditEvents.id);
}

export async function revisionOf(letterId: string) {
  const [l] = await db
    .select({ r: letters.draftRevision, json: letters.draftJson })
    .from(letters)
    .where(eq(letters.id, letterId));
  return l;
}

/** A letter of office A with v1 and v2 published. */
export async function twoVersionLetter(
  first = "The first text of the letter.",
  second = "The second text of the letter, changed.",
) {
  const letter = await createDraftLetter(db, w.actorA, { body: first });
  const v1 = await publish(db, w.actorA, letter.id);
  const v2 = await publishNewText(db, w.actorA, letter.id, second);
  return { letter, v1, v2 };
}
