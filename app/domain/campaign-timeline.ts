/**
 * A campaign's story in one list, and its state in a few words: what was drafted and sent, what came back,
 * which questions followed and whether they were answered, what the press wrote. Pure: the model reads the
 * rows, this module orders, filters and counts them (the campaign page and the campaign list share it).
 */
import {
  computeDue,
  daysBetween,
  effectiveClock,
  toIsoDate,
  workingDaysBetween,
  type DayKind,
  type IsoDate,
  type OfficeClock,
} from "./reply-clock";

export const TIMELINE_KINDS = ["letter", "reply", "question", "press"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export type CampaignLetter = {
  id: string;
  subject: string;
  status: string;
  createdAt: Date;
  sentAt: Date | null;
  replyDueDays: number | null;
  replyVeryOverdueDays: number | null;
  replyDayKind: DayKind | null;
};
export type CampaignReply = {
  id: string;
  letterId: string;
  receivedOn: IsoDate;
  kind: string;
  senderName: string;
};
export type CampaignQuestion = {
  id: string;
  reference: string;
  title: string | null;
  tabledOn: IsoDate | null;
  answeredOn: IsoDate | null;
  answerUrl: string | null;
  letterId: string | null;
};
export type CampaignPress = {
  id: string;
  title: string;
  outlet: string;
  publishedOn: IsoDate;
  url: string | null;
  note: string | null;
  letterId: string | null;
};

export type TimelineItem =
  | { kind: "letter"; event: "drafted" | "sent"; on: IsoDate; letterId: string; subject: string; status: string }
  | { kind: "reply"; on: IsoDate; id: string; letterId: string; subject: string; replyKind: string; sender: string }
  | {
      kind: "question";
      event: "tabled" | "answered";
      on: IsoDate;
      id: string;
      reference: string;
      title: string | null;
      url: string | null;
    }
  | {
      kind: "press";
      on: IsoDate;
      id: string;
      title: string;
      outlet: string;
      url: string | null;
      note: string | null;
      subject: string | null;
    };

export type CampaignFacts = {
  letters: CampaignLetter[];
  replies: CampaignReply[];
  questions: CampaignQuestion[];
  press: CampaignPress[];
};

/** Order of events on the same day: what happened first in the life of a campaign comes first. */
const SAME_DAY_ORDER: Record<string, number> = {
  "letter:drafted": 0,
  "letter:sent": 1,
  reply: 2,
  "question:tabled": 3,
  "question:answered": 4,
  press: 5,
};
const orderOf = (i: TimelineItem) => SAME_DAY_ORDER["event" in i ? `${i.kind}:${i.event}` : i.kind];

/** Every event of the campaign, newest first, optionally only of some kinds. */
export function campaignTimeline(
  facts: CampaignFacts,
  kinds: readonly TimelineKind[] = TIMELINE_KINDS,
): TimelineItem[] {
  const want = new Set(kinds);
  const subjectOf = new Map(facts.letters.map((l) => [l.id, l.subject]));
  const items: TimelineItem[] = [];
  if (want.has("letter"))
    for (const l of facts.letters) {
      const base = { kind: "letter" as const, letterId: l.id, subject: l.subject, status: l.status };
      items.push({ ...base, event: "drafted", on: toIsoDate(l.createdAt) });
      if (l.sentAt) items.push({ ...base, event: "sent", on: toIsoDate(l.sentAt) });
    }
  if (want.has("reply"))
    for (const r of facts.replies)
      items.push({
        kind: "reply",
        on: r.receivedOn,
        id: r.id,
        letterId: r.letterId,
        subject: subjectOf.get(r.letterId) ?? "",
        replyKind: r.kind,
        sender: r.senderName,
      });
  if (want.has("question"))
    for (const q of facts.questions) {
      const base = { kind: "question" as const, id: q.id, reference: q.reference, title: q.title };
      if (q.tabledOn) items.push({ ...base, event: "tabled", on: q.tabledOn, url: null });
      if (q.answeredOn) items.push({ ...base, event: "answered", on: q.answeredOn, url: q.answerUrl });
    }
  if (want.has("press"))
    for (const p of facts.press)
      items.push({
        kind: "press",
        on: p.publishedOn,
        id: p.id,
        title: p.title,
        outlet: p.outlet,
        url: p.url,
        note: p.note,
        subject: p.letterId ? (subjectOf.get(p.letterId) ?? null) : null,
      });
  return items.sort((a, b) => (a.on === b.on ? orderOf(b) - orderOf(a) : a.on < b.on ? 1 : -1));
}

export type CampaignSummary = {
  letters: number;
  sent: number;
  /** Sent letters with a substantive reply. */
  replied: number;
  /** Replies of any kind logged. */
  repliesIn: number;
  /** Sent letters without a substantive reply past their due date (very overdue included). */
  overdue: number;
  veryOverdue: number;
  questions: number;
  questionsOpen: number;
  press: number;
};

export type LetterReplyState = {
  state: "replied" | "on-time" | "overdue" | "very-overdue";
  due: IsoDate;
  /** Days (of the clock's kind) past the due date; 0 when not late. */
  late: number;
};

/**
 * Where a sent letter stands against its reply clock (the letter's own, else the office's); null for a
 * letter not sent. The due day itself is not late yet; a substantive reply stops the clock.
 */
export function letterReplyState(
  l: Pick<CampaignLetter, "sentAt" | "replyDueDays" | "replyVeryOverdueDays" | "replyDayKind">,
  replied: boolean,
  clock: OfficeClock,
  today: IsoDate,
): LetterReplyState | null {
  if (!l.sentAt) return null;
  const c = effectiveClock(clock, {
    dueDays: l.replyDueDays,
    veryOverdueDays: l.replyVeryOverdueDays,
    dayKind: l.replyDayKind,
  });
  const sentOn = toIsoDate(l.sentAt);
  const due = computeDue(sentOn, c.dueDays, c.dayKind).due;
  if (replied) return { state: "replied", due, late: 0 };
  if (today <= due) return { state: "on-time", due, late: 0 };
  const late = c.dayKind === "working" ? workingDaysBetween(due, today) : daysBetween(due, today);
  const veryDue = computeDue(sentOn, c.veryOverdueDays, c.dayKind).due;
  return { state: today > veryDue ? "very-overdue" : "overdue", due, late };
}

/**
 * The campaign's state in counts. A letter is overdue when it was sent, has no substantive reply, and its
 * reply clock (the letter's own, else the office's) has run out; the due day itself is not late yet.
 */
export function summarizeCampaign(facts: CampaignFacts, clock: OfficeClock, today: IsoDate): CampaignSummary {
  const answered = new Set(facts.replies.filter((r) => r.kind === "substantive").map((r) => r.letterId));
  const states = facts.letters.map((l) => letterReplyState(l, answered.has(l.id), clock, today)?.state);
  const overdue = states.filter((s) => s === "overdue" || s === "very-overdue").length;
  const veryOverdue = states.filter((s) => s === "very-overdue").length;
  const sent = facts.letters.filter((l) => l.sentAt);
  return {
    letters: facts.letters.length,
    sent: sent.length,
    replied: sent.filter((l) => answered.has(l.id)).length,
    repliesIn: facts.replies.length,
    overdue,
    veryOverdue,
    questions: facts.questions.length,
    questionsOpen: facts.questions.filter((q) => !q.answeredOn).length,
    press: facts.press.length,
  };
}

/** Reads `?kind=` values (repeatable) into known kinds; nothing known means every kind. */
export function parseTimelineKinds(values: readonly string[]): TimelineKind[] {
  const known = values.filter((v): v is TimelineKind => (TIMELINE_KINDS as readonly string[]).includes(v));
  return known.length ? [...new Set(known)] : [...TIMELINE_KINDS];
}

/** The steps of the escalation ladder, in order: the letter, the reminder, the question, the answer. */
export const LADDER_STEPS = ["letter", "reminder", "question", "answer"] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

export type LetterLadder = {
  letterId: string;
  subject: string;
  /** The day the letter went out. */
  sentOn: IsoDate;
  /** The first reminder of the reply clock ("did they reply?" or the overdue alert), when one went out. */
  reminderOn: IsoDate | null;
  /** The question that followed the letter (the first one tabled), when there is one. */
  question: { id: string; reference: string; tabledOn: IsoDate | null } | null;
  /** The answer: to the question when it was answered, else the letter's own substantive reply. */
  answer: { kind: "question" | "reply"; on: IsoDate; by: string | null } | null;
  /** The highest step reached. */
  reached: LadderStep;
};

/**
 * Per sent letter of the campaign, how far up the ladder it went: letter → reminder → question → answer, each
 * with its date. `reminders` gives the day of each letter's first reply-clock reminder (from the audit trail).
 */
export function escalationLadder(
  facts: Pick<CampaignFacts, "letters" | "replies" | "questions">,
  reminders: ReadonlyMap<string, IsoDate>,
): LetterLadder[] {
  const out: LetterLadder[] = [];
  const sent = facts.letters.filter((l) => l.sentAt).sort((a, b) => a.sentAt!.getTime() - b.sentAt!.getTime());
  for (const l of sent) {
    const questions = facts.questions
      .filter((q) => q.letterId === l.id)
      .sort(
        (a, b) => (a.tabledOn ?? "9999").localeCompare(b.tabledOn ?? "9999") || a.reference.localeCompare(b.reference),
      );
    const q = questions[0] ?? null;
    const reply = facts.replies
      .filter((r) => r.letterId === l.id && r.kind === "substantive")
      .sort((a, b) => a.receivedOn.localeCompare(b.receivedOn))[0];
    const answeredQuestion = questions.find((x) => x.answeredOn);
    const answer: LetterLadder["answer"] = answeredQuestion
      ? { kind: "question", on: answeredQuestion.answeredOn!, by: answeredQuestion.reference }
      : reply
        ? { kind: "reply", on: reply.receivedOn, by: reply.senderName }
        : null;
    const reminderOn = reminders.get(l.id) ?? null;
    out.push({
      letterId: l.id,
      subject: l.subject,
      sentOn: toIsoDate(l.sentAt!),
      reminderOn,
      question: q ? { id: q.id, reference: q.reference, tabledOn: q.tabledOn } : null,
      answer,
      reached: answer ? "answer" : q ? "question" : reminderOn ? "reminder" : "letter",
    });
  }
  return out;
}
