/**
 * A signing link works only while signing is open (issue 10): once the office closes signing, the
 * deadline passes or the letter is sent, the signing page and its comment page answer the generic
 * "this link is invalid or has expired" page (410, nothing of the letter in it), every POST records
 * nothing, and reopening signing (or extending the deadline) makes the same link work again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { letters } from "#db/schema";
import { closeSigning, reopenSigning } from "#app/models/reminders.server";
import * as signRoute from "#app/routes/sign.$token";
import * as commentRoute from "#app/routes/sign.$token_.comment";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, type RouteResult } from "#tests/setup/routes";
import { changedTables, tableFingerprints } from "#tests/setup/db-state";
import {
  createDraftLetter,
  createMep,
  createOffice,
  createUser,
  invite,
  publish,
  sign,
  tag,
} from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let actor: { userId: string; officeId: string };
let officeName: string;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  const office = await createOffice(db);
  officeName = office.name;
  const user = await createUser(db, { officeId: office.id, role: "staff" });
  actor = { userId: user.id, officeId: office.id };
});
afterAll(async () => handle?.close());

async function collecting() {
  const m = await createMep(db, { givenName: "Lina", familyName: `Linkholder${tag()}` });
  const letter = await createDraftLetter(db, actor, { subject: `Closing subject ${tag()}` });
  const version = await publish(db, actor, letter.id);
  const [inv] = await invite(db, actor, letter.id, [m.id]);
  return { letter, version, inv, name: `${m.givenName} ${m.familyName}` };
}

type Ctx = Awaited<ReturnType<typeof collecting>>;

const page = (c: Ctx) => callLoader(signRoute, { path: "/sign/x", params: { token: c.inv.token } });
const commentPage = (c: Ctx) => callLoader(commentRoute, { path: "/sign/x/comment", params: { token: c.inv.token } });
const post = (c: Ctx, form: Record<string, string>) =>
  callAction(signRoute, { path: "/sign/x", params: { token: c.inv.token }, form });
const signForm = (c: Ctx) => ({
  intent: "sign",
  versionHash: c.version.sha256,
  typedName: c.name,
  capacity: "mep",
  confirm: "yes",
});

/** The generic answer: 410, the same page as an expired link, nothing of the letter, office or Member. */
function expectGone(r: RouteResult, c: Ctx) {
  expect(r.status).toBe(410);
  expect(r.thrown).toBe(true);
  for (const secret of [c.letter.subject, officeName, c.name, c.version.sha256]) expect(r.body).not.toContain(secret);
}

/** Every way in through the link: the page, the comment page, sign, decline, withdraw, comment. None writes. */
async function expectDead(c: Ctx) {
  const before = await tableFingerprints(db);
  expectGone(await page(c), c);
  expectGone(await commentPage(c), c);
  expectGone(await post(c, signForm(c)), c);
  expectGone(await post(c, { intent: "decline", reason: "no" }), c);
  expectGone(await post(c, { intent: "withdraw" }), c);
  expectGone(
    await callAction(commentRoute, {
      path: "/sign/x/comment",
      params: { token: c.inv.token },
      form: { body: "A late comment." },
    }),
    c,
  );
  expect(changedTables(before, await tableFingerprints(db))).toEqual([]);
}

describe(`signing links stop working when signing closes (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("closed by the office: the link answers the generic page and records nothing; reopening revives it", async () => {
    const c = await collecting();
    expect((await page(c)).status).toBe(200);
    await db.transaction((tx) => closeSigning(tx, actor, { letterId: c.letter.id }));
    await expectDead(c);
    await db.transaction((tx) => reopenSigning(tx, actor, { letterId: c.letter.id }));
    expect((await page(c)).status).toBe(200);
    expect(await post(c, signForm(c))).toMatchObject({ status: 200, data: { ok: true, message: "sign.done" } });
  });

  it("after the deadline: the same, for a link whose Member had already signed too", async () => {
    const c = await collecting();
    expect((await sign(db, c.inv.token, c.version.sha256, c.name)).ok).toBe(true);
    await db
      .update(letters)
      .set({ signatureDeadline: new Date(Date.now() - 60_000) })
      .where(eq(letters.id, c.letter.id));
    await expectDead(c);
  });

  it("once the letter is sent: the link is dead for good", async () => {
    const c = await collecting();
    expect((await sign(db, c.inv.token, c.version.sha256, c.name)).ok).toBe(true);
    await db.update(letters).set({ status: "sent" }).where(eq(letters.id, c.letter.id));
    await expectDead(c);
  });

  it("a closed link is not counted as a guess: the address is not blocked for its other, open links", async () => {
    const closed = await collecting();
    const open = await collecting();
    await db.transaction((tx) => closeSigning(tx, actor, { letterId: closed.letter.id }));
    const ip = "203.0.113.77";
    for (let i = 0; i < 12; i++)
      expect((await callLoader(signRoute, { path: "/sign/x", params: { token: closed.inv.token }, ip })).status).toBe(
        410,
      );
    expect((await callLoader(signRoute, { path: "/sign/x", params: { token: open.inv.token }, ip })).status).toBe(200);
  });
});
