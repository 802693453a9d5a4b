/**
 * What a search box's text may also be, besides words: a parliamentary question's reference in any form the
 * reference parser accepts ("E-000213/2022", "E-213/2022", "e 213/22", "E-9-2022-000213"), a Commission Ares
 * reference ("Ares(2023)1234567", "Ref. Ares(2023)1234567 - 06/03/2023", or just "2023/1234567"), and the
 * registration number as typed (compared without case or spaces). Words are searched in any case.
 */
import { parseQuestionReference, type QuestionType } from "./question-reference";
import { formatAres, parseInstitutionReference } from "./ares-reference";

export type SearchKind = "letters" | "replies" | "questions" | "campaigns" | "press" | "people";
export const SEARCH_KINDS: readonly SearchKind[] = ["letters", "replies", "questions", "campaigns", "press", "people"];

export function isSearchKind(s: string): s is SearchKind {
  return (SEARCH_KINDS as readonly string[]).includes(s);
}

export type QuestionRefQuery = { type: QuestionType; number: number; year: number; term: number | null };

export type ParsedSearch = {
  /** The text for full-text search (web-search syntax). */
  text: string;
  /** Set when the whole input is a question reference. */
  question: QuestionRefQuery | null;
  /** "Ares(2023)1234567" when the whole input is an Ares reference. */
  ares: string | null;
  /** The input without spaces, lower-case: compared with registration numbers and references as typed. */
  registration: string | null;
};

/** "2023/1234567", "2023-1234567", "(2023)1234567": the year and sequence of an Ares reference without the word. */
const BARE_ARES_RE = /^\(?\s*(20\d{2})\s*(?:\)|\/|-)\s*(\d{5,8})$/;

export const compactReference = (s: string) => s.replace(/\s+/g, "").toLowerCase();

export function parseSearchQuery(input: string): ParsedSearch {
  const text = input.trim();
  let question: QuestionRefQuery | null = null;
  const q = parseQuestionReference(text);
  if (q.ok) question = { type: q.value.type, number: q.value.number, year: q.value.year, term: q.value.term };

  let ares: string | null = null;
  const a = parseInstitutionReference(text);
  if (a.ok && a.value.kind === "ares") ares = a.value.reference;
  else {
    const m = BARE_ARES_RE.exec(text);
    if (m && Number(m[2]) > 0) ares = formatAres({ year: Number(m[1]), number: Number(m[2]) });
  }

  // A registration number has a digit and no more than a few parts; plain words are not compared.
  const registration =
    /\d/.test(text) && text.length <= 100 && text.split(/\s+/).length <= 4 ? compactReference(text) : null;
  return { text, question, ares, registration };
}
