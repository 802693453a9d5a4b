/**
 * CSV exports on the demo data: the 2022 Nuctech letter's 56 signatories exactly as sent (diacritics and
 * all, behind a byte-order mark so Excel reads UTF-8), and the office's letters, replies and questions;
 * read back with a CSV parser; another office's rows never appear.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import type { Db, DbHandle } from "#db/client.server";
import { letters, users, memberships } from "#db/schema";
import { seedDemo, DEMO_EMAIL_DOMAIN } from "#db/seed.server";
import { NUCTECH_SIGNATORIES } from "#db/data/nuctech-signatories";
import { FOLLOW_UP_SUBJECT, NUCTECH_SUBJECT } from "#db/data/demo-letters";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callLoader, sessionCookieFor } from "#tests/setup/routes";
import * as exportRoute from "#app/routes/exports.$file";
import * as signatoriesRoute from "#app/routes/letters.$letterId.signatories[.]csv";

let handle: DbHandle & { name: string };
let db: Db;
let nuctech: string;
let staff: string;
let other: string;

async function cookieOf(email: string) {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  const [m] = await db.select().from(memberships).where(eq(memberships.userId, u.id));
  return (await sessionCookieFor(db, u, m.officeId)).cookie;
}

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  await seedDemo(db);
  [{ id: nuctech }] = await db.select({ id: letters.id }).from(letters).where(eq(letters.subject, NUCTECH_SUBJECT));
  staff = await cookieOf(`anna.staff@${DEMO_EMAIL_DOMAIN}`);
  other = await cookieOf(`zsofia.staff@${DEMO_EMAIL_DOMAIN}`);
});
afterAll(async () => {
  await handle?.close();
});

/** Response.text() drops a byte-order mark, so the route's body is checked for one as bytes. */
function readCsv(body: string): Record<string, string>[] {
  return parse(body, { bom: true, columns: true, skip_empty_lines: true });
}

describe(`CSV exports (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("the sent letter's signatories, as sent: 56 names with their diacritics, group and member state", async () => {
    const r = await callLoader(signatoriesRoute, {
      path: `/letters/${nuctech}/signatories.csv`,
      params: { letterId: nuctech },
      cookie: staff,
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="signatories-[0-9a-f]{8}\.csv"$/);
    const rows = readCsv(r.body);
    expect(rows).toHaveLength(NUCTECH_SIGNATORIES.length);
    const raw = (await signatoriesRoute.loader({
      request: new Request(`http://localhost:3000/letters/${nuctech}/signatories.csv`, { headers: { cookie: staff } }),
      params: { letterId: nuctech },
      context: {},
    })) as Response;
    expect([...new Uint8Array(await raw.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(Object.keys(rows[0])).toEqual([
      "Name",
      "Political group",
      "Member state",
      "Signed as",
      "Collected",
      "Lead office's Member",
    ]);
    const names = new Set(rows.map((x) => x.Name));
    for (const s of NUCTECH_SIGNATORIES) expect(names.has(`${s.givenName} ${s.familyName}`), s.familyName).toBe(true);
    expect(rows.filter((x) => x["Lead office's Member"] === "yes")).toHaveLength(1);
    expect(rows.some((x) => /[^\u0000-\u007f]/.test(x.Name))).toBe(true);
  });

  it("letters, replies and questions of the office only", async () => {
    const get = (file: string, cookie: string) =>
      callLoader(exportRoute, { path: `/exports/${file}`, params: { file }, cookie });
    const mine = readCsv((await get("letters.csv", staff)).body);
    expect(mine.map((x) => x.Subject)).toEqual(expect.arrayContaining([NUCTECH_SUBJECT, FOLLOW_UP_SUBJECT]));
    const sent = mine.find((x) => x.Subject === NUCTECH_SUBJECT)!;
    expect(sent.Status).toBe("Sent");
    expect(sent.Sent).toBe("2022-12-05");
    expect(Number(sent.Signatures)).toBe(NUCTECH_SIGNATORIES.length);
    expect(sent.Addressees).toContain("Ursula von der Leyen");

    const theirs = readCsv((await get("letters.csv", other)).body);
    expect(theirs.map((x) => x.Subject)).not.toContain(NUCTECH_SUBJECT);

    const replies = readCsv((await get("replies.csv", staff)).body);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((x) => x.Letter && /^\d{4}-\d{2}-\d{2}$/.test(x.Received))).toBe(true);
    expect(readCsv((await get("replies.csv", other)).body).map((x) => x.Letter)).not.toContain(NUCTECH_SUBJECT);

    const questions = readCsv((await get("questions.csv", staff)).body);
    expect(questions.some((x) => /^E-\d{6}\/\d{4}$/.test(x.Question))).toBe(true);

    expect((await get("passwords.csv", staff)).status).toBe(404);
  });
});
