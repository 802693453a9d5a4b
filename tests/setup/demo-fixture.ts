/**
 * The demo seed in the test file's database, for the office-side pages that need real data: the Nuctech letter
 * (sent, with 56 signatures) and the follow-up letter (still collecting), and session cookies for the lead
 * office's staff member, its campaign lead (may look, not draft) and a staff member of the other demo office.
 *
 * `beforeAll(openDemoFixture); afterAll(closeTestDb);` then read `db` (from ./db) and the values below in tests.
 */
import { count, eq } from "drizzle-orm";
import { auditEvents, letters, memberships, users } from "#db/schema";
import { seedDemo, DEMO_EMAIL_DOMAIN } from "#db/seed.server";
import { NUCTECH_SIGNATORIES } from "#db/data/nuctech-signatories";
import { FOLLOW_UP_SUBJECT, NUCTECH_SUBJECT } from "#db/data/demo-letters";
import { db, openTestDb } from "./db";
import { sessionCookieFor } from "./routes";

/** The Nuctech letter of 2022, sent with 56 signatures. */
export let sent: { id: string };
/** The follow-up letter, still collecting. */
export let collecting: { id: string };
/** Cookie of the lead office's staff member. */
export let staff: string;
/** Cookie of the lead office's campaign lead. */
export let lead: string;
/** Cookie of a staff member of the other demo office. */
export let otherOffice: string;

async function cookieFor(email: string) {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  const [m] = await db.select().from(memberships).where(eq(memberships.userId, u.id)).limit(1);
  return (await sessionCookieFor(db, u, m.officeId)).cookie;
}

export async function openDemoFixture() {
  await openTestDb();
  await seedDemo(db);
  [sent] = await db.select({ id: letters.id }).from(letters).where(eq(letters.subject, NUCTECH_SUBJECT));
  [collecting] = await db.select({ id: letters.id }).from(letters).where(eq(letters.subject, FOLLOW_UP_SUBJECT));
  staff = await cookieFor(`anna.staff@${DEMO_EMAIL_DOMAIN}`);
  lead = await cookieFor(`pieter.lead@${DEMO_EMAIL_DOMAIN}`);
  otherOffice = await cookieFor(`zsofia.staff@${DEMO_EMAIL_DOMAIN}`);
}

export const auditCount = async (letterId: string) =>
  (await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.letterId, letterId)))[0].n;

export const letterRow = async (id: string) => (await db.select().from(letters).where(eq(letters.id, id)))[0];

// Expected breadth of the 2022 letter, counted straight from the seed data.
export const groups56 = new Set(NUCTECH_SIGNATORIES.map((s) => s.politicalGroup).filter((g) => g !== "NI"));
export const countries56 = new Set(NUCTECH_SIGNATORIES.map((s) => s.country));
export const nonAttached56 = NUCTECH_SIGNATORIES.filter((s) => s.politicalGroup === "NI").length;
