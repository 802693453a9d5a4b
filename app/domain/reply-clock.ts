/**
 * Reply clocks for letters. Letters to the Commission have no legal deadline: the office sets
 * its own expectation (default six weeks). A letter is overdue after it and very overdue after
 * a multiple of it (default twice); "did they reply?" nudges go out at 2 and 3 weeks. Each flag
 * and nudge is meant to be sent once (see `dueClockEvents`). Also holds the calendar helpers the
 * other deadline rules use: dates are ISO "YYYY-MM-DD" strings counted in whole days.
 */

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
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Brussels",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(value);
}

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
