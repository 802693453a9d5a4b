/**
 * The answer clock of a written question: which Rule applies, the date it runs from, when the
 * answer is due and the state the register shows (awaiting, due soon, overdue, answered on time or
 * late). The deadlines themselves are in question-reference.ts (ANSWER_DEADLINE_WEEKS).
 */
import { ANSWER_DEADLINE_WEEKS, type QuestionType } from "./question-reference";
import { addWeeks, daysBetween, toIsoDate, type IsoDate } from "./reply-clock";

/**
 * The Rule of Procedure on written questions, by term. 10th: Rule 144; 9th: Rule 138 (same quota and
 * deadlines, unverified text); 8th: Rule 130. Change here if the Rules are renumbered.
 */
export const QUESTION_RULE_BY_TERM: Readonly<Record<number, string>> = { 8: "130", 9: "138", 10: "144" };

/** An unanswered question within this many days of its due date is "due soon". */
export const DUE_SOON_DAYS = 7;

export type QuestionClockState = "awaiting" | "due-soon" | "overdue" | "answered-on-time" | "answered-late";

export type QuestionClock =
  | {
      applies: false;
      reason: "question.clock.notWritten" | "question.clock.noDate" | "question.clock.answerDateUnknown";
      answered: boolean;
    }
  | {
      applies: true;
      state: QuestionClockState;
      /** "144", "138", … or null for a term this table does not know. */
      rule: string | null;
      weeks: number;
      /** The clock runs from forwarding; when that date is unknown, from tabling (and the page says so). */
      basis: "forwarded" | "tabled";
      from: IsoDate;
      dueOn: IsoDate;
      /** Days after the due date the answer came, or (unanswered) today is; 0 when not late. */
      daysLate: number;
      /** Days until the due date (unanswered and not overdue), else 0. */
      daysLeft: number;
      /** Overdue and unanswered: the committee responsible may put it on its next agenda. */
      committeeMayTakeUp: boolean;
    };

export type QuestionClockInput = {
  type: QuestionType | string;
  term: number;
  tabledOn?: Date | string | null;
  forwardedOn?: Date | string | null;
  answeredOn?: Date | string | null;
  /** An answer exists but its date is not known yet (the record gave only its id). */
  hasAnswer?: boolean;
  today: Date | string;
};

export function questionClock(q: QuestionClockInput): QuestionClock {
  const answered = Boolean(q.answeredOn || q.hasAnswer);
  if (answered && !q.answeredOn) return { applies: false, reason: "question.clock.answerDateUnknown", answered };
  const weeks = ANSWER_DEADLINE_WEEKS[q.type as QuestionType];
  if (!weeks) return { applies: false, reason: "question.clock.notWritten", answered };
  const fromRaw = q.forwardedOn || q.tabledOn;
  if (!fromRaw) return { applies: false, reason: "question.clock.noDate", answered };
  const basis = q.forwardedOn ? "forwarded" : "tabled";
  const from = toIsoDate(fromRaw);
  const dueOn = addWeeks(from, weeks);
  const rule = QUESTION_RULE_BY_TERM[q.term] ?? null;
  if (q.answeredOn) {
    const daysLate = Math.max(0, daysBetween(dueOn, toIsoDate(q.answeredOn)));
    const state = daysLate > 0 ? "answered-late" : "answered-on-time";
    return { applies: true, state, rule, weeks, basis, from, dueOn, daysLate, daysLeft: 0, committeeMayTakeUp: false };
  }
  const toDue = daysBetween(toIsoDate(q.today), dueOn);
  const state: QuestionClockState = toDue < 0 ? "overdue" : toDue <= DUE_SOON_DAYS ? "due-soon" : "awaiting";
  return {
    applies: true,
    state,
    rule,
    weeks,
    basis,
    from,
    dueOn,
    daysLate: Math.max(0, -toDue),
    daysLeft: Math.max(0, toDue),
    committeeMayTakeUp: state === "overdue",
  };
}

/** A state for any question, for lists and filters: clocks first, then oral / undated ones. */
export type QuestionListState = QuestionClockState | "answered" | "no-deadline";

export function questionListState(clock: QuestionClock): QuestionListState {
  if (clock.applies) return clock.state;
  return clock.answered ? "answered" : "no-deadline";
}
