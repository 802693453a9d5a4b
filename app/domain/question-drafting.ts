/**
 * Annex III checks on a question being drafted. They are warnings, not refusals: the Parliament's
 * services decide admissibility, the office only wants to know before tabling.
 */
import type { Addressee } from "./question-addressees";
import { replyClock } from "./reply-clock";

/** Annex III: at most 200 words and at most three sub-questions. */
export const ANNEX_III = { maxWords: 200, maxSubQuestions: 3 } as const;

/** Words as a reader counts them: runs of letters or digits (hyphenated and apostrophe words are one). */
export function countWords(text: string): number {
  return (text.match(/[\p{L}\p{N}]+(?:['’\-‐][\p{L}\p{N}]+)*/gu) ?? []).length;
}

/**
 * Sub-questions: each question mark ends one (the Greek question mark is not counted: it is the same
 * character as the semicolon). Numbered or lettered items ("1.", "(a)", "b)") at the start of a line
 * count instead when there are more of them.
 */
export function countSubQuestions(text: string): number {
  const marks = (text.match(/[?？]/g) ?? []).length;
  const items = (text.match(/^\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)])\s+/gim) ?? []).length;
  return Math.max(marks, items);
}

export type DraftWarning =
  | { key: "question.warning.tooLong"; vars: { words: number; max: number } }
  | { key: "question.warning.tooManySubQuestions"; vars: { count: number; max: number } }
  | { key: "question.warning.councilLegislative"; vars: Record<string, never> };

export function annexIIIWarnings(d: { body: string; addressee: Addressee | string; ongoingProcedure: boolean }) {
  const out: DraftWarning[] = [];
  const words = countWords(d.body);
  if (words > ANNEX_III.maxWords)
    out.push({ key: "question.warning.tooLong", vars: { words, max: ANNEX_III.maxWords } });
  const subs = countSubQuestions(d.body);
  if (subs > ANNEX_III.maxSubQuestions)
    out.push({ key: "question.warning.tooManySubQuestions", vars: { count: subs, max: ANNEX_III.maxSubQuestions } });
  if (d.addressee === "council" && d.ongoingProcedure)
    out.push({ key: "question.warning.councilLegislative", vars: {} });
  return out;
}

/**
 * The escalation ladder's next step: a sent letter with no reply (a holding reply does not count) whose
 * reply clock is overdue gets "draft a question about this".
 */
export function letterCallsForQuestion(
  sentAt: Date | string | null,
  replies: ReadonlyArray<{ receivedOn: Date | string; kind: string }>,
  today: Date | string,
): boolean {
  if (!sentAt) return false;
  // Only a substantive reply stops the clock; holding replies and other kinds do not.
  const kinds = replies.map((r) => ({
    receivedOn: r.receivedOn,
    // Replies are stored as "substantive" (REPLY_KINDS); "reply" is the clock's own word, kept for older callers.
    kind: r.kind === "substantive" || r.kind === "reply" ? ("reply" as const) : ("holding" as const),
  }));
  const s = replyClock({ sentOn: sentAt, today, replies: kinds }).state;
  return s === "overdue" || s === "very-overdue";
}

/**
 * The reply a question cites, if any: the first of the letter's replies whose own reference (e.g. "Ares(2023)
 * 1234567") appears in the question's title or text, compared without case or spacing.
 */
export function citedReply<R extends { id: string; theirReference: string | null }>(
  text: string,
  replies: readonly R[],
): R | null {
  const squash = (s: string) => s.toLowerCase().replace(/\s+/g, "");
  const hay = squash(text);
  return (
    replies.find(
      (r) => r.theirReference && squash(r.theirReference).length >= 4 && hay.includes(squash(r.theirReference)),
    ) ?? null
  );
}
