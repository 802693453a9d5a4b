/**
 * The personal calendar feed: made once, fetched without a session by its secret address, parsed by a
 * well-kept ICS parser (ical.js) as Outlook and Google Calendar would; revoked, replaced or left-office
 * addresses answer 404, and the secret is nowhere in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ICAL from "ical.js";
import { eq } from "drizzle-orm";
import type { Db, DbHandle } from "#db/client.server";
import { letters, memberships } from "#db/schema";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, sessionCookieFor } from "#tests/setup/routes";
import {
  createDraftLetter,
  createFollowedQuestion,
  createOffice,
  createUser,
  publish,
  tag,
} from "#tests/factories/index";
import { fillQuestionFacts } from "#app/models/questions.server";
import * as feedRoute from "#app/routes/calendar.$token";
import * as settingsRoute from "#app/routes/settings.calendar";

let handle: DbHandle & { name: string };
let db: Db;
beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function office() {
  const o = await createOffice(db);
  const user = await createUser(db, { officeId: o.id, role: "staff", email: `cal.${tag()}@ep.test` });
  return {
    office: o,
    user,
    actor: { userId: user.id, officeId: o.id },
    cookie: (await sessionCookieFor(db, user, o.id)).cookie,
  };
}

async function makeFeed(cookie: string): Promise<string> {
  const r = await callAction<{ ok: boolean; url?: string }>(settingsRoute, {
    path: "/settings/calendar",
    form: { intent: "create" },
    cookie,
  });
  expect(r.status).toBe(200);
  return new URL(r.data.url!).pathname.split("/").pop()!;
}

const fetchFeed = (file: string) =>
  callLoader(feedRoute, {
    path: `/calendar/${file}`,
    params: { token: file },
    ip: `198.51.100.${Math.floor(Math.random() * 250)}`,
  });

describe(`calendar feed (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("lists signing deadlines, reply due dates and question due dates, valid ICS with stable UIDs", async () => {
    const w = await office();
    const deadline = new Date(Date.now() + 5 * DAY);
    const collecting = await createDraftLetter(db, w.actor, { subject: `Scanners ${tag()}`, deadline });
    await publish(db, w.actor, collecting.id);
    await db.update(letters).set({ status: "collecting" }).where(eq(letters.id, collecting.id));
    const sent = await createDraftLetter(db, w.actor, {
      subject: `Tenders ${tag()}`,
      addressees: [
        { name: "Ursula von der Leyen", role: "President", salutation: "Dear President", email: `${tag()}@ec.test` },
      ],
    });
    await publish(db, w.actor, sent.id);
    await db
      .update(letters)
      .set({ status: "sent", sentAt: new Date(Date.now() - 3 * DAY) })
      .where(eq(letters.id, sent.id));
    const question = await createFollowedQuestion(db, w.actor);
    const tabled = new Date(Date.now() - 7 * DAY);
    await fillQuestionFacts(db, question.id, { tabledOn: isoDay(tabled), title: "Nuctech scanners at EU borders" });

    const file = await makeFeed(w.cookie);
    expect(file).toMatch(/^[A-Za-z0-9_-]{43}\.ics$/);
    const r = await fetchFeed(file);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const cal = new ICAL.Component(ICAL.parse(r.body));
    const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    const byUid = new Map(events.map((e) => [e.uid, e]));

    const signing = byUid.get(`signing-${collecting.id}@undersigned`)!;
    expect(signing.summary).toBe(`Signing closes: ${collecting.subject}`);
    expect(signing.startDate.toJSDate().getTime()).toBe(Math.floor(deadline.getTime() / 1000) * 1000);

    const reply = events.find((e) => e.uid.startsWith("reply-"))!;
    expect(reply.summary).toBe(`Reply due from Ursula von der Leyen: ${sent.subject}`);
    expect(reply.startDate.isDate).toBe(true); // an all-day event

    const answer = byUid.get(`question-${question.id}@undersigned`)!;
    expect(answer.summary).toBe(`Answer due: ${question.reference}`);
    expect(answer.startDate.isDate).toBe(true);
    expect(answer.startDate.toString()).toBe(isoDay(new Date(tabled.getTime() + 6 * 7 * DAY)));

    // The same feed fetched again: the same UIDs, so calendars update events instead of adding copies.
    const again = new ICAL.Component(ICAL.parse((await fetchFeed(file)).body));
    expect(
      again
        .getAllSubcomponents("vevent")
        .map((v) => v.getFirstPropertyValue("uid"))
        .sort(),
    ).toEqual(events.map((e) => e.uid).sort());
  });

  it("shows nothing of another office, and answers 404 once stopped, replaced, or after the user left", async () => {
    const a = await office();
    const b = await office();
    const secret = await createDraftLetter(db, b.actor, {
      subject: `Office B only ${tag()}`,
      deadline: new Date(Date.now() + 2 * DAY),
    });
    await publish(db, b.actor, secret.id);
    await db.update(letters).set({ status: "collecting" }).where(eq(letters.id, secret.id));
    const first = await makeFeed(a.cookie);
    expect((await fetchFeed(first)).body).not.toContain(secret.subject);

    const second = await makeFeed(a.cookie);
    expect((await fetchFeed(first)).status).toBe(404);
    expect((await fetchFeed(second)).status).toBe(200);

    const stop = await callAction(settingsRoute, {
      path: "/settings/calendar",
      form: { intent: "stop" },
      cookie: a.cookie,
    });
    expect(stop.status).toBe(200);
    expect((await fetchFeed(second)).status).toBe(404);

    const third = await makeFeed(a.cookie);
    await db.delete(memberships).where(eq(memberships.userId, a.user.id));
    expect((await fetchFeed(third)).status).toBe(404);
  });

  it("answers 404 for malformed and unknown addresses, and the database never holds the secret", async () => {
    const w = await office();
    const file = await makeFeed(w.cookie);
    for (const bad of ["x.ics", file.replace(".ics", ""), `${"A".repeat(43)}.ics`, `${file}.ics`])
      expect((await fetchFeed(bad)).status, bad).toBe(404);
    const token = file.replace(".ics", "");
    const dump = JSON.stringify(await db.execute("select * from calendar_feeds"));
    expect(dump).not.toContain(token);
  });
});
