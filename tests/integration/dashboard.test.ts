/**
 * The start page: what it lists for an office, its order by role, and a number of queries that does not grow
 * with the number of letters the office has.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { comments, emails } from "#db/schema";
import { dashboardFor } from "#app/models/dashboard.server";
import * as indexRoute from "#app/routes/_index";
import { createTestDb } from "#tests/setup/db";
import { callLoader, sessionCookieFor } from "#tests/setup/routes";
import {
  createDraftLetter,
  createOffice,
  createOfficeActor,
  createUser,
  publish,
  tag,
  type Actor,
} from "#tests/factories/index";
import { addReply } from "#app/models/tracking.server";
import { countingDb } from "#tests/support/query-count";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
let actor: Actor;
let other: Actor;
const DAY = 86_400_000;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  const office = await createOffice(db);
  const user = await createUser(db, { officeId: office.id, role: "staff" });
  actor = { userId: user.id, officeId: office.id };
  const otherOffice = await createOffice(db);
  const otherUser = await createUser(db, { officeId: otherOffice.id, role: "staff" });
  other = { userId: otherUser.id, officeId: otherOffice.id };
});
afterAll(async () => {
  await handle?.close();
});

/** One letter in every state the page lists, for `a`. */
async function addOneOfEach(a: Actor) {
  const t = tag();
  // Signing closes in three days, with a target of 10 signatures.
  const closing = await createDraftLetter(db, a, { subject: `Closing ${t}`, deadline: new Date(Date.now() + 3 * DAY) });
  await publish(db, a, closing.id);
  await db.execute(
    sql`update letters set status = 'collecting', targets = '{"minSignatures": 10}'::jsonb where id = ${closing.id}`,
  );
  // Deadline passed, not sent.
  const waiting = await createDraftLetter(db, a, { subject: `Waiting ${t}`, deadline: new Date(Date.now() - DAY) });
  await publish(db, a, waiting.id);
  await db.execute(sql`update letters set status = 'collecting' where id = ${waiting.id}`);
  // Sent ten weeks ago, no reply (overdue), and twenty weeks ago (very overdue).
  for (const weeks of [10, 20]) {
    const sent = await createDraftLetter(db, a, { subject: `Sent ${weeks}w ${t}`, deadline: null });
    await publish(db, a, sent.id);
    await db.execute(
      sql`update letters set status = 'sent', sent_at = ${new Date(Date.now() - weeks * 7 * DAY).toISOString()} where id = ${sent.id}`,
    );
  }
  await db.insert(comments).values([
    { letterId: closing.id, officeId: a.officeId, authorName: `Commenter ${t}`, body: "A thought" },
    { letterId: closing.id, officeId: a.officeId, authorName: `Proposer ${t}`, body: "Change", proposal: "New words" },
  ]);
  await db.insert(emails).values({
    officeId: a.officeId,
    letterId: closing.id,
    kind: "invitation",
    toAddress: `bounced.${t}@ep.test`,
    fromAddress: "office@office.test",
    subject: `Invitation ${t}`,
    html: "<p>x</p>",
    text: "x",
    idempotencyKey: `dash-${t}`,
    status: "sent",
    deliveryStatus: "bounced",
  });
}

describe("dashboard", () => {
  it("lists deadlines with the gap to targets, letters to send, overdue replies, comments and failures", async () => {
    await addOneOfEach(actor);
    const d = await dashboardFor(db, { officeId: actor.officeId });
    expect(d.deadlines.total).toBe(1);
    expect(d.deadlines.items[0].gaps).toEqual([
      expect.objectContaining({ target: "signatures", missing: 10, met: false }),
    ]);
    expect(d.waiting.total).toBe(1);
    expect(d.overdueReplies.total).toBe(2);
    expect(d.overdueReplies.veryOverdue).toBe(1);
    expect(d.comments.total).toBe(2);
    expect(d.comments.proposals).toBe(1);
    expect(d.failures.total).toBe(1);
    // Office-scoped: the other office sees nothing of it.
    const o = await dashboardFor(db, { officeId: other.officeId });
    expect(o.deadlines.total + o.waiting.total + o.overdueReplies.total + o.comments.total + o.failures.total).toBe(0);
  });

  it("takes a letter off the overdue list once a substantive reply is logged, not for an acknowledgement", async () => {
    const { actor: a } = await createOfficeActor(db);
    await addOneOfEach(a);
    const before = await dashboardFor(db, { officeId: a.officeId });
    expect(before.overdueReplies.total).toBe(2);
    const [first, second] = before.overdueReplies.items;
    const on = new Date().toISOString().slice(0, 10);
    await db.transaction((tx) =>
      addReply(tx, a, {
        letterId: first.id,
        receivedOn: on,
        senderName: "DG",
        kind: "acknowledgement",
        body: "Received.",
      }),
    );
    await db.transaction((tx) =>
      addReply(tx, a, {
        letterId: second.id,
        receivedOn: on,
        senderName: "DG",
        kind: "substantive",
        body: "Our answer.",
      }),
    );
    const after = await dashboardFor(db, { officeId: a.officeId });
    expect(after.overdueReplies.items.map((i) => i.id)).toEqual([first.id]);
  });

  it("runs the same number of queries for 1 and for 8 letters of each kind", async () => {
    const a = countingDb(db);
    await dashboardFor(a.db, { officeId: actor.officeId });
    const before = a.counter.n;
    for (let i = 0; i < 7; i++) await addOneOfEach(actor);
    const b = countingDb(db);
    const d = await dashboardFor(b.db, { officeId: actor.officeId });
    expect(before).toBeGreaterThan(0);
    expect(b.counter.n).toBe(before);
    // The counts are whole, the lists are cut.
    expect(d.overdueReplies.total).toBe(16);
    expect(d.overdueReplies.items.length).toBe(10);
  });

  it("shows tracking first to a campaign lead and signing first to staff", async () => {
    const lead = await createUser(db, { officeId: actor.officeId, role: "campaign_lead" });
    const staffUser = await createUser(db, { officeId: actor.officeId, role: "staff" });
    const as = async (u: { id: string }) => {
      const { cookie } = await sessionCookieFor(db, u, actor.officeId);
      const r = await callLoader(indexRoute, { path: "/", cookie });
      expect(r.status).toBe(200);
      return r.data as { order: string[] };
    };
    const asLead = await as(lead);
    const asStaff = await as(staffUser);
    expect(asLead.order[0]).toBe("overdueReplies");
    expect(asStaff.order[0]).toBe("deadlines");
  });
});
