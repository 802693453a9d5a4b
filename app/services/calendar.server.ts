/**
 * Personal calendar feeds (ICS) for Outlook, Google Calendar and the rest: signing deadlines, the days
 * replies are due and the days answers to parliamentary questions are due, for one user in one office.
 * The feed's URL carries a random secret stored only as a keyed hash; it is shown once when made, and
 * making a new one or stopping it revokes the old URL. ical-generator writes and escapes the file.
 */
import ical, { ICalCalendarMethod } from "ical-generator";
import type { Db, Queryable } from "#db/client.server";
import { keyedHash, looksLikeToken, randomToken } from "#app/infra/crypto.server";
import { audit } from "#app/infra/audit.server";
import { publicUrl } from "#app/infra/public-url.server";
import { translate } from "#app/i18n";
import { localeOrEnglish } from "#app/i18n/locales";
import { findLiveFeed, listSigningDeadlines, replaceFeed, revokeFeed, touchFeed } from "#app/models/calendar.server";
import type { Actor } from "#app/models/scope";
import { officeReplyOverview } from "./replies.server";
import { registerView } from "./questions.server";

const PURPOSE = "calendar-feed";
const DAY = 86_400_000;
/** What a feed covers: what just passed (so it does not vanish the moment it is late) and the year ahead. */
const PAST_DAYS = 60;
const AHEAD_DAYS = 400;

export const calendarFeedUrl = (token: string) => publicUrl(`/calendar/${token}.ics`);

/** A new secret feed URL for the user in this office (shown once); an earlier URL stops working. */
export async function issueCalendarFeed(db: Queryable, actor: Actor): Promise<string> {
  const token = randomToken();
  await db.transaction(async (tx) => {
    await replaceFeed(tx, actor, keyedHash(PURPOSE, token));
    await audit(tx, { officeId: actor.officeId, actorUserId: actor.userId, action: "calendar.feed.issued", data: {} });
  });
  return token;
}

export async function stopCalendarFeed(db: Queryable, actor: Actor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const stopped = await revokeFeed(tx, actor);
    if (stopped)
      await audit(tx, {
        officeId: actor.officeId,
        actorUserId: actor.userId,
        action: "calendar.feed.revoked",
        data: {},
      });
    return stopped;
  });
}

export type CalendarEvent = {
  uid: string;
  summary: string;
  description: string;
  url: string;
} & ({ allDay: true; on: string } | { allDay: false; at: Date });

/** The dated things of an office, in the reader's language, stable UIDs so calendars update in place. */
export async function calendarEvents(
  db: Db,
  { officeId, locale: wanted, now = new Date() }: { officeId: string; locale: string | null; now?: Date },
): Promise<CalendarEvent[]> {
  const locale = localeOrEnglish(wanted);
  const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
    translate(locale, key, vars);
  const from = new Date(now.getTime() - PAST_DAYS * DAY);
  const to = new Date(now.getTime() + AHEAD_DAYS * DAY);
  const fromIso = from.toISOString().slice(0, 10);
  const toIso = to.toISOString().slice(0, 10);
  const inRange = (iso: string) => iso >= fromIso && iso < toIso;
  const events: CalendarEvent[] = [];

  for (const l of await listSigningDeadlines(db, officeId, from, to)) {
    events.push({
      uid: `signing-${l.id}@undersigned`,
      allDay: false,
      at: l.deadline!,
      summary: t("calendar.event.signing", { subject: l.subject }),
      description: t("calendar.event.signing.description", { subject: l.subject }),
      url: publicUrl(`/letters/${l.id}`),
    });
  }

  for (const r of await officeReplyOverview(db, { officeId, now })) {
    if (r.status.state === "answered" || r.status.state === "not-expected") continue;
    const due = r.status.due.due;
    if (!inRange(due)) continue;
    const owedBy = r.status.referredTo?.name || r.name;
    events.push({
      uid: `reply-${r.addresseeId}@undersigned`,
      allDay: true,
      on: due,
      summary: t("calendar.event.reply", { owedBy, subject: r.subject }),
      description: t("calendar.event.reply.description", { owedBy, subject: r.subject }),
      url: publicUrl(`/letters/${r.letterId}/replies`),
    });
  }

  for (const q of (await registerView(db, officeId, now)).questions) {
    if (!q.clock.applies || q.answeredOn || q.clock.state.startsWith("answered")) continue;
    if (!inRange(q.clock.dueOn)) continue;
    events.push({
      uid: `question-${q.id}@undersigned`,
      allDay: true,
      on: q.clock.dueOn,
      summary: t("calendar.event.question", { reference: q.reference }),
      description: q.title ?? q.reference,
      url: publicUrl(`/questions/${q.id}`),
    });
  }
  return events;
}

/** The ICS text of the feed behind `token`, or null when the token is unknown, revoked or its user left. */
export async function calendarFeed(db: Db, token: string, now = new Date()): Promise<string | null> {
  if (!looksLikeToken(token)) return null;
  const feed = await findLiveFeed(db, keyedHash(PURPOSE, token));
  if (!feed) return null;
  const events = await calendarEvents(db, { officeId: feed.officeId, locale: feed.locale, now });
  await touchFeed(db, feed.id, now);
  const locale = localeOrEnglish(feed.locale);
  const cal = ical({
    name: translate(locale, "calendar.name"),
    prodId: { company: "Undersigned", product: "Undersigned", language: locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  for (const e of events) {
    cal.createEvent({
      id: e.uid,
      stamp: now,
      summary: e.summary,
      description: e.description,
      url: e.url,
      ...(e.allDay
        ? { allDay: true, start: new Date(`${e.on}T00:00:00Z`) }
        : { start: e.at, end: new Date(e.at.getTime() + 30 * 60_000) }),
    });
  }
  return cal.toString();
}
