/**
 * How each addressee (Commission, Council, European Council President, VP/HR) answers the office's parliamentary
 * questions (issue 13, on the reply statistics page): questions, answered, median calendar days from tabling to
 * the answer, and the share answered within the Rule's deadline (Rule 144, 138 or 130 by term: six weeks, three
 * for a priority question, from forwarding or, when only that is known, from tabling; see question-clock.ts).
 * The share counts the questions the deadline applies to (written ones with a date) that were answered with a
 * known date or are overdue now; those still within their deadline are neither on time nor late yet.
 */
import { questionClock, type QuestionClockInput } from "./question-clock";
import { daysBetween, toIsoDate } from "./reply-clock";
import { median } from "./reply-statistics";

export type QuestionStatInput = Omit<QuestionClockInput, "today"> & { addressee: string | null };

export type QuestionStatRow = {
  /** The addressee code (app/domain/question-addressees.ts), null when the source's code was not understood. */
  addressee: string | null;
  questions: number;
  answered: number;
  medianDaysToAnswer: number | null;
  /** Answered on time / (answered with a date + overdue), among questions with a deadline; null when none. */
  onTimeShare: number | null;
  /** The denominator of onTimeShare. */
  judged: number;
};

export function questionStatistics(rows: readonly QuestionStatInput[], today: Date | string): QuestionStatRow[] {
  const groups = new Map<string | null, QuestionStatInput[]>();
  for (const r of rows) {
    const g = groups.get(r.addressee);
    if (g) g.push(r);
    else groups.set(r.addressee, [r]);
  }
  const out: QuestionStatRow[] = [];
  for (const [addressee, items] of groups) {
    const days: number[] = [];
    let answered = 0;
    let judged = 0;
    let onTime = 0;
    for (const q of items) {
      const clock = questionClock({ ...q, today });
      if (q.answeredOn || q.hasAnswer) answered++;
      if (q.answeredOn && q.tabledOn) days.push(daysBetween(toIsoDate(q.tabledOn), toIsoDate(q.answeredOn)));
      if (!clock.applies) continue;
      if (clock.state === "answered-on-time") {
        judged++;
        onTime++;
      } else if (clock.state === "answered-late" || clock.state === "overdue") judged++;
    }
    days.sort((a, b) => a - b);
    out.push({
      addressee,
      questions: items.length,
      answered,
      medianDaysToAnswer: median(days),
      onTimeShare: judged ? onTime / judged : null,
      judged,
    });
  }
  return out.sort((a, b) => b.questions - a.questions || String(a.addressee).localeCompare(String(b.addressee)));
}
