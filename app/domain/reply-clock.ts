/**
 * Reply clocks for letters. Letters to the Commission have no legal deadline: the office sets
 * its own expectation (default six weeks). A letter is overdue after it and very overdue after
 * a multiple of it (default twice); "did they reply?" nudges go out at 2 and 3 weeks. Each flag
 * and nudge is meant to be sent once (see `dueClockEvents`). Also holds the calendar helpers the
 * other deadline rules use: dates are ISO "YYYY-MM-DD" strings counted in whole days.
 */

import { EU_HOLIDAYS, euHoliday, holidaysKnownFor } from "./eu-holidays";

export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Date (in Brussels) of an instant, or a validated ISO date string. */
export function toIsoDate(value: Date | string): IsoDate {
  if (typeof value === "string") {
    const m = value.match(/^(\d{4}-\d{2}-\d{2})/);
    if (m && value.length === 10) {
      if (!isValidIsoDate(m[1])) throw new RangeError(`Invalid date: ${value}`);
      return m[1];
    }
    value = new Date(value);
  }
  if (Number.isNaN(value.getTime())) throw new RangeError("Invalid date");
  return BRUSSELS_DATE.format(value);
}

// en-CA formats as YYYY-MM-DD. Built once: constructing a DateTimeFormat costs far more than formatting with it
// (the statistics page converts every sent date of the office).
const BRUSSELS_DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Brussels",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

export function isValidIsoDate(s: string): boolean {
  const m = s.match(ISO_RE);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function utc(d: IsoDate): number {
  const m = d.match(ISO_RE);
  if (!m) throw new RangeError(`Invalid date: ${d}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3]);
}

const fromUtc = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromUtc(utc(d) + n * DAY_MS);
}

export function addWeeks(d: IsoDate, n: number): IsoDate {
  return addDays(d, 7 * n);
}

/** Calendar months; the day is clamped to the month's end (31 January + 1 month = 28/29 February). */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const [y, m, day] = d.split("-").map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(ny, nm, Math.min(day, last)));
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((utc(b) - utc(a)) / DAY_MS);
}

/** "5 December 2022". */
export function formatIsoDateEn(d: IsoDate): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(
    new Date(utc(d)),
  );
}

// ------------------------------------------------------------ the clock

export const DEFAULT_EXPECTED_WEEKS = 6;
export const DEFAULT_VERY_OVERDUE_FACTOR = 2;
/** WriteToThem asks "did they reply?" at 2 and 3 weeks. */
export const DEFAULT_NUDGE_WEEKS: readonly number[] = [2, 3];

export type ReplyState = "replied" | "on-time" | "overdue" | "very-overdue";
export type ClockEvent = "overdue" | "very-overdue" | `nudge-${number}w`;

export type ReplyClockInput = {
  sentOn: Date | string;
  today: Date | string;
  /** Office-set expectation in weeks (1–52). */
  expectedWeeks?: number;
  veryOverdueFactor?: number;
  nudgeWeeks?: readonly number[];
  /** Replies recorded so far; a holding reply (referral) does not stop the clock. */
  replies?: ReadonlyArray<{ receivedOn: Date | string; kind: "reply" | "holding" }>;
};

export type ReplyClock = {
  sentOn: IsoDate;
  today: IsoDate;
  expectedWeeks: number;
  veryOverdueFactor: number;
  expectedBy: IsoDate;
  veryOverdueFrom: IsoDate;
  state: ReplyState;
  /** Days past expectedBy, today or at the reply (0 when on time). */
  daysOverdue: number;
  daysWaiting: number;
  repliedOn: IsoDate | null;
  repliedLate: boolean | null;
  holdingReplyOn: IsoDate | null;
  nudges: Array<{ event: ClockEvent; weeks: number; on: IsoDate; due: boolean }>;
  /** How the dates were computed, as a message key with variables (see app/i18n/en/directory.ts). */
  explanation: { key: "clock.explain"; vars: Record<string, string | number> };
};

export function replyClock(input: ReplyClockInput): ReplyClock {
  const expectedWeeks = input.expectedWeeks ?? DEFAULT_EXPECTED_WEEKS;
  const factor = input.veryOverdueFactor ?? DEFAULT_VERY_OVERDUE_FACTOR;
  if (!Number.isInteger(expectedWeeks) || expectedWeeks < 1 || expectedWeeks > 52) {
    throw new RangeError("expectedWeeks must be a whole number of weeks between 1 and 52");
  }
  if (!(factor > 1)) throw new RangeError("veryOverdueFactor must be greater than 1");
  const sentOn = toIsoDate(input.sentOn);
  const today = toIsoDate(input.today);
  const expectedBy = addWeeks(sentOn, expectedWeeks);
  const veryOverdueFrom = addDays(sentOn, Math.round(expectedWeeks * 7 * factor));

  const replies = (input.replies ?? [])
    .map((r) => ({ on: toIsoDate(r.receivedOn), kind: r.kind }))
    .sort((a, b) => (a.on < b.on ? -1 : 1));
  const repliedOn = replies.find((r) => r.kind === "reply")?.on ?? null;
  const holdingReplyOn = replies.find((r) => r.kind === "holding")?.on ?? null;

  const end = repliedOn ?? today;
  const daysOverdue = Math.max(0, daysBetween(expectedBy, end));
  let state: ReplyState;
  if (repliedOn) state = "replied";
  else if (today >= veryOverdueFrom) state = "very-overdue";
  else if (today > expectedBy) state = "overdue";
  else state = "on-time";

  const nudges = (input.nudgeWeeks ?? DEFAULT_NUDGE_WEEKS).map((weeks) => {
    const on = addWeeks(sentOn, weeks);
    return { event: `nudge-${weeks}w` as ClockEvent, weeks, on, due: !repliedOn && today >= on };
  });

  return {
    sentOn,
    today,
    expectedWeeks,
    veryOverdueFactor: factor,
    expectedBy,
    veryOverdueFrom,
    state,
    daysOverdue,
    daysWaiting: daysBetween(sentOn, end),
    repliedOn,
    repliedLate: repliedOn ? repliedOn > expectedBy : null,
    holdingReplyOn,
    nudges,
    explanation: {
      key: "clock.explain",
      vars: {
        sentOn: formatIsoDateEn(sentOn),
        weeks: expectedWeeks,
        expectedBy: formatIsoDateEn(expectedBy),
        factor,
        veryOverdueWeeks: Math.round(expectedWeeks * factor * 10) / 10,
        veryOverdueFrom: formatIsoDateEn(veryOverdueFrom),
      },
    },
  };
}

/** English rendering of `clock.explanation` (the i18n catalog holds the same sentence). */
export function explainReplyClock(clock: ReplyClock): string {
  const v = clock.explanation.vars;
  return (
    `Sent on ${v.sentOn}. The office expects a reply within ${v.weeks} week${v.weeks === 1 ? "" : "s"}, so by ${v.expectedBy}. ` +
    `After ${v.veryOverdueWeeks} weeks (${v.factor} times the expectation), from ${v.veryOverdueFrom}, it counts as very overdue.`
  );
}

/**
 * Flags and nudges that are due now and have not been sent yet, oldest first. Once a reply is
 * recorded nothing is due. When the letter is already very overdue, the plain overdue flag is
 * not sent any more (one message is enough).
 */
export function dueClockEvents(clock: ReplyClock, alreadySent: Iterable<string> = []): ClockEvent[] {
  if (clock.state === "replied") return [];
  const sent = new Set(alreadySent);
  const out: ClockEvent[] = [];
  for (const n of clock.nudges) if (n.due && !sent.has(n.event)) out.push(n.event);
  if (clock.state === "very-overdue") {
    if (!sent.has("very-overdue")) out.push("very-overdue");
  } else if (clock.state === "overdue" && !sent.has("overdue")) {
    out.push("overdue");
  }
  return out;
}

// ------------------------------------------------------------ the office clock, per addressee

/*
 * The register's clock. Each letter has one: the office's default (offices.reply_*), overridable per
 * letter, in working days (Monday to Friday, without the EU institutions' holidays of
 * app/domain/eu-holidays.ts) or calendar days. A reply is due `dueDays` after the letter was sent
 * and very overdue after `veryOverdueDays`. The state of each addressee is derived from the replies
 * logged for it; nothing is stored by hand. A referral ("Vice-President X will respond") starts a
 * new expectation, from X, with its own clock from the day the referral arrived.
 */
export type DayKind = "working" | "calendar";
export type OfficeClock = { dueDays: number; veryOverdueDays: number; dayKind: DayKind };
/** The Commission's own practice is 15 working days; very overdue at twice that. */
export const DEFAULT_OFFICE_CLOCK: OfficeClock = { dueDays: 15, veryOverdueDays: 30, dayKind: "working" };
export const CLOCK_MAX_DAYS = 365;

export function validClock(c: OfficeClock): boolean {
  return (
    Number.isInteger(c.dueDays) &&
    Number.isInteger(c.veryOverdueDays) &&
    c.dueDays >= 1 &&
    c.veryOverdueDays > c.dueDays &&
    c.veryOverdueDays <= CLOCK_MAX_DAYS &&
    (c.dayKind === "working" || c.dayKind === "calendar")
  );
}

/** The letter's clock: its own fields where set, the office's otherwise. */
export function effectiveClock(
  office: OfficeClock,
  letter: { dueDays: number | null; veryOverdueDays: number | null; dayKind: DayKind | null },
): OfficeClock & { overridden: boolean } {
  const c = {
    dueDays: letter.dueDays ?? office.dueDays,
    veryOverdueDays: letter.veryOverdueDays ?? office.veryOverdueDays,
    dayKind: letter.dayKind ?? office.dayKind,
  };
  return { ...c, overridden: letter.dueDays !== null || letter.veryOverdueDays !== null || letter.dayKind !== null };
}

export function weekday(d: IsoDate): number {
  return new Date(utc(d)).getUTCDay();
}

export function isWorkingDay(d: IsoDate): boolean {
  const w = weekday(d);
  return w !== 0 && w !== 6 && euHoliday(d) === null;
}

export type DueComputation = {
  start: IsoDate;
  days: number;
  dayKind: DayKind;
  due: IsoDate;
  weekendDays: number;
  holidays: Array<{ date: IsoDate; name: string }>;
  /** Years the count crossed for which the holiday table has no rows (weekends only were skipped). */
  unknownYears: number[];
};

/** The day `days` days (working or calendar) after `start`; the start day itself does not count. */
export function computeDue(start: IsoDate, days: number, dayKind: DayKind): DueComputation {
  const out: DueComputation = { start, days, dayKind, due: start, weekendDays: 0, holidays: [], unknownYears: [] };
  if (dayKind === "calendar") return { ...out, due: addDays(start, days) };
  // Counted on day numbers (days since 1970-01-01, a Thursday), not on date strings: the statistics page and the
  // scheduler compute two of these for every addressee of every sent letter.
  let n = utc(start) / DAY_MS;
  let year = 0;
  let counted = 0;
  while (counted < days) {
    n++;
    const w = (n + 4) % 7;
    const y = new Date(n * DAY_MS).getUTCFullYear();
    if (y !== year) {
      year = y;
      if (!holidaysKnownFor(y) && !out.unknownYears.includes(y)) out.unknownYears.push(y);
    }
    if (w === 0 || w === 6) out.weekendDays++;
    else {
      const h = holidayByDayNumber().get(n);
      if (h) out.holidays.push({ date: fromUtc(n * DAY_MS), name: h });
      else counted++;
    }
  }
  return { ...out, due: fromUtc(n * DAY_MS) };
}

let holidayDays: Map<number, string> | null = null;
function holidayByDayNumber(): Map<number, string> {
  holidayDays ??= new Map(
    Object.values(EU_HOLIDAYS).flatMap((rows) => rows.map(([d, name]) => [utc(d) / DAY_MS, name] as const)),
  );
  return holidayDays;
}

/** Working days from a (exclusive) to b (inclusive); negative when b is earlier. */
export function workingDaysBetween(a: IsoDate, b: IsoDate): number {
  if (b < a) return -workingDaysBetween(b, a);
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

/** How a due date was computed, as a message key of app/i18n/en/replies.ts and its variables. */
export function explainDue(c: DueComputation): { key: string; vars: Record<string, string | number> } {
  const vars = {
    start: formatIsoDateEn(c.start),
    days: c.days,
    due: formatIsoDateEn(c.due),
    weekendDays: c.weekendDays,
    holidayCount: c.holidays.length,
    holidays: c.holidays.map((h) => `${h.name} ${formatIsoDateEn(h.date)}`).join(", "),
    unknownYears: c.unknownYears.join(", "),
  };
  if (c.dayKind === "calendar") return { key: "replies.clock.explainCalendar", vars };
  if (c.unknownYears.length) return { key: "replies.clock.explainWorkingUnknown", vars };
  return { key: c.holidays.length ? "replies.clock.explainWorkingHolidays" : "replies.clock.explainWorking", vars };
}

export type ReplyKindName = "acknowledgement" | "holding" | "referral" | "substantive";
export type AddresseeState =
  "awaiting" | "acknowledged" | "holding" | "referred" | "answered" | "overdue" | "very-overdue" | "not-expected";

export type ReplyFact = {
  id: string;
  receivedOn: IsoDate;
  kind: ReplyKindName;
  referredToName?: string | null;
  referredToRole?: string | null;
};

export type AddresseeStatus = {
  state: AddresseeState;
  /** The clock that runs now: from the letter's sending, or from the latest referral. */
  clockId: string;
  clockStart: IsoDate;
  referredTo: { name: string; role: string | null; on: IsoDate } | null;
  due: DueComputation;
  veryOverdue: DueComputation;
  answeredOn: IsoDate | null;
  answeredLate: boolean | null;
  /** Calendar days past the due date, today (or at the answer); 0 when not late. */
  daysLate: number;
  daysWaiting: number;
  latest: { kind: ReplyKindName; on: IsoDate } | null;
};

/** "Did they reply?" asks at 14 days and once more a week later (WriteToThem's rhythm). */
export const NUDGE_DAYS: readonly number[] = [14, 21];
export type ReplyAlertEvent = "overdue" | "very-overdue" | `nudge-${number}d`;

/**
 * The state of one addressee: answered once a substantive reply arrived; otherwise very overdue,
 * overdue, or (while on time) referred, holding reply, acknowledged or awaiting, by the latest reply.
 * A holding reply or an acknowledgement does not stop the clock; a referral restarts it from the
 * referral's date. "Not expected" (the office said so) silences everything until a reply comes.
 */
export function addresseeStatus(input: {
  sentOn: IsoDate;
  today: IsoDate;
  clock: OfficeClock;
  replies: readonly ReplyFact[];
  notExpected?: boolean;
}): AddresseeStatus {
  const replies = [...input.replies].sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : 1));
  const answer = replies.find((r) => r.kind === "substantive") ?? null;
  const upTo = answer ? replies.filter((r) => r.receivedOn <= answer.receivedOn) : replies;
  const referral = [...upTo].reverse().find((r) => r.kind === "referral" && r !== answer) ?? null;
  const clockStart = referral ? referral.receivedOn : input.sentOn;
  const due = computeDue(clockStart, input.clock.dueDays, input.clock.dayKind);
  const veryOverdue = computeDue(clockStart, input.clock.veryOverdueDays, input.clock.dayKind);
  const last = replies.length ? replies[replies.length - 1] : null;
  const end = answer ? answer.receivedOn : input.today;
  const daysLate = Math.max(0, daysBetween(due.due, end));
  let state: AddresseeState;
  if (answer) state = "answered";
  else if (input.notExpected) state = "not-expected";
  else if (input.today > veryOverdue.due) state = "very-overdue";
  else if (input.today > due.due) state = "overdue";
  else if (referral && last?.kind === "referral") state = "referred";
  else if (last?.kind === "holding") state = "holding";
  else if (last?.kind === "acknowledgement") state = "acknowledged";
  else if (referral) state = "referred";
  else state = "awaiting";
  return {
    state,
    clockId: referral ? referral.id : "letter",
    clockStart,
    referredTo: referral
      ? { name: referral.referredToName ?? "", role: referral.referredToRole ?? null, on: referral.receivedOn }
      : null,
    due,
    veryOverdue,
    answeredOn: answer?.receivedOn ?? null,
    answeredLate: answer ? answer.receivedOn > due.due : null,
    daysLate,
    daysWaiting: Math.max(0, daysBetween(input.sentOn, end)),
    latest: last ? { kind: last.kind, on: last.receivedOn } : null,
  };
}

/**
 * The alerts an addressee's status calls for now. Each is sent once: the caller dedupes on
 * (addressee, clock, event). When the clock has jumped past both thresholds only "very-overdue"
 * is returned, and of the nudges only the latest that is due (one message is enough).
 */
export function replyAlertEvents(status: AddresseeStatus, sentOn: IsoDate, today: IsoDate): ReplyAlertEvent[] {
  if (status.state === "answered" || status.state === "not-expected") return [];
  const out: ReplyAlertEvent[] = [];
  const nudge = [...NUDGE_DAYS].reverse().find((n) => daysBetween(sentOn, today) >= n);
  if (nudge !== undefined) out.push(`nudge-${nudge}d`);
  if (status.state === "very-overdue") out.push("very-overdue");
  else if (status.state === "overdue") out.push("overdue");
  return out;
}

/** Lateness for sorting the office's view: very overdue first, then by days late, then by waiting. */
export function latenessScore(s: AddresseeStatus): number {
  const rank: Record<AddresseeState, number> = {
    "very-overdue": 5,
    overdue: 4,
    referred: 3,
    holding: 3,
    acknowledged: 2,
    awaiting: 2,
    "not-expected": 1,
    answered: 0,
  };
  return rank[s.state] * 100_000 + s.daysLate * 100 + Math.min(99, s.daysWaiting);
}
