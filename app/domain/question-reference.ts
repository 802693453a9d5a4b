/**
 * European Parliament parliamentary questions: parsing and formatting references
 * ("E-000213/2022", document id "E-9-2022-000213", answer "-ASW"), EP web addresses, the
 * parliamentary term, Rule 144 answer deadlines and the written-question quota.
 * Everything marked (unverified) lives in one constant so it can be corrected in one place.
 */
import { EU_LANGUAGES } from "#app/i18n/locales";
import { addDays, addMonths, addWeeks, daysBetween, toIsoDate, type IsoDate } from "./reply-clock";

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export type QuestionType = "E" | "P" | "O" | "H";
export const QUESTION_TYPES: readonly QuestionType[] = ["E", "P", "O", "H"];

/**
 * (unverified) Question Time questions (H) may no longer be issued. They are still accepted
 * when parsing (older references exist) but carry the warning "question.typeMayBeDiscontinued".
 */
export const POSSIBLY_DISCONTINUED_TYPES: ReadonlySet<QuestionType> = new Set<QuestionType>(["H"]);

/** Parliamentary terms by date (inclusive). The 8th is here so older references resolve. */
export const TERMS: ReadonlyArray<{ term: number; from: IsoDate; to: IsoDate | null }> = [
  { term: 8, from: "2014-07-01", to: "2019-07-01" },
  { term: 9, from: "2019-07-02", to: "2024-07-15" },
  { term: 10, from: "2024-07-16", to: null },
];

export type QuestionWarning = "question.typeMayBeDiscontinued" | "question.termAmbiguous" | "question.termUnknown";

export type QuestionRef = {
  type: QuestionType;
  number: number;
  year: number;
  /**
   * Null when it cannot be known: a display reference from 2014, 2019 or 2024 (two terms that
   * year, and numbering restarts with each term) with no date or document id. Functions that
   * need the term (document id, URLs) then fail with "question.termAmbiguous".
   */
  term: number | null;
  /** The input named the answer (…-ASW or "Answer for question …"). */
  isAnswer: boolean;
  /** The input was a display reference with fewer than six digits or a two-digit year ("E-213/22"). */
  short: boolean;
  warnings: QuestionWarning[];
};

export type ParseOptions = {
  /** Date the question was tabled (or any date known to be in its life): fixes the term. */
  date?: Date | string;
  /** The term, when the caller knows it (e.g. from the EP Open Data record). */
  term?: number;
};

/** Term for a date, or null before the 8th term. */
export function termForDate(date: Date | string): number | null {
  const d = toIsoDate(date);
  for (const t of TERMS) if (d >= t.from && (t.to === null || d <= t.to)) return t.term;
  return null;
}

/** Terms that overlap a calendar year. */
export function termsInYear(year: number): number[] {
  return TERMS.filter((t) => t.from <= `${year}-12-31` && (t.to === null || t.to >= `${year}-01-01`)).map(
    (t) => t.term,
  );
}

const DOC_ID_RE = /^([EPOH])-(\d{1,2})-(\d{4})-(\d{1,6})(-ASW)?$/;
const DISPLAY_RE = /^([EPOH])\s*[-‐–—]?\s*(\d{1,6})\s*\/\s*(\d{4}|\d{2})$/;

/**
 * Accepts "E-000213/2022", "E-0213/2022", "e 213/22", "E-9-2022-000213", "E-9-2022-000213-ASW",
 * an EP URL ending in one of those ("…/E-9-2022-000213_EN.html") and "Answer for question E-000011/22".
 */
export function parseQuestionReference(input: string, opts: ParseOptions = {}): Result<QuestionRef> {
  let s = (input ?? "").trim();
  if (!s) return { ok: false, error: "question.error.empty" };
  if (s.length > 300) return { ok: false, error: "question.error.format" };
  let isAnswer = false;
  // A URL or path: keep the last segment without language suffix and extension.
  if (s.includes("/") && /[/.]\w+\.(html?|pdf|docx?)$|^https?:/i.test(s)) {
    s = s.replace(/[?#].*$/, "");
    s = s.slice(s.lastIndexOf("/") + 1).replace(/(_[A-Za-z]{2})?\.(html?|pdf|docx?)$/i, "");
  }
  s = s.toUpperCase().replace(/\s+/g, " ");
  const answerPrefix = s.match(/^ANSWER (?:FOR|TO) (?:QUESTION )?/);
  if (answerPrefix) {
    isAnswer = true;
    s = s.slice(answerPrefix[0].length).trim();
  }

  let type: QuestionType;
  let number: number;
  let year: number;
  let term: number | null = null;
  let short = false;
  const doc = s.match(DOC_ID_RE);
  const disp = doc ? null : s.match(DISPLAY_RE);
  if (doc) {
    type = doc[1] as QuestionType;
    term = Number(doc[2]);
    year = Number(doc[3]);
    number = Number(doc[4]);
    if (doc[5]) isAnswer = true;
    if (!termsInYear(year).includes(term) && year >= 2014)
      return { ok: false, error: "question.error.termYearMismatch" };
  } else if (disp) {
    type = disp[1] as QuestionType;
    number = Number(disp[2]);
    year = disp[3].length === 2 ? 2000 + Number(disp[3]) : Number(disp[3]);
    short = disp[2].length !== 6 || disp[3].length === 2;
  } else {
    return { ok: false, error: "question.error.format" };
  }
  if (number < 1) return { ok: false, error: "question.error.number" };
  if (year < 1979 || year > 2100) return { ok: false, error: "question.error.year" };

  const warnings: QuestionWarning[] = [];
  if (POSSIBLY_DISCONTINUED_TYPES.has(type)) warnings.push("question.typeMayBeDiscontinued");

  if (term === null && opts.term !== undefined) {
    if (!termsInYear(year).includes(opts.term)) return { ok: false, error: "question.error.termYearMismatch" };
    term = opts.term;
  }
  if (term === null && opts.date !== undefined) {
    let d: IsoDate;
    try {
      d = toIsoDate(opts.date);
    } catch {
      return { ok: false, error: "question.error.date" };
    }
    if (Number(d.slice(0, 4)) !== year) return { ok: false, error: "question.error.dateYearMismatch" };
    term = termForDate(d);
  }
  if (term === null) {
    const candidates = termsInYear(year);
    if (candidates.length === 1) term = candidates[0];
    else warnings.push(candidates.length > 1 ? "question.termAmbiguous" : "question.termUnknown");
  }
  return { ok: true, value: { type, number, year, term, isAnswer, short, warnings } };
}

export type StrictResult =
  | { ok: true; value: QuestionRef & { term: number } }
  | { ok: false; error: string; suggestion?: string; terms?: number[] };

/**
 * Parsing for references a person types into the register: nothing is guessed silently.
 * A year after today's is refused; a short form ("E-213/22") is answered with the full form as a
 * suggestion to confirm; when two terms sat that year and nothing settles it, the caller must ask
 * for the term (the `terms` offered).
 */
export function parseQuestionReferenceStrict(
  input: string,
  opts: ParseOptions & { today: Date | string },
): StrictResult {
  const r = parseQuestionReference(input, { date: opts.date, term: opts.term });
  if (!r.ok) return r;
  const q = r.value;
  if (q.year > Number(toIsoDate(opts.today).slice(0, 4))) return { ok: false, error: "question.error.future" };
  if (q.short) return { ok: false, error: "question.error.shortForm", suggestion: formatQuestionReference(q) };
  if (q.term === null) {
    const terms = termsInYear(q.year);
    return terms.length > 1
      ? { ok: false, error: "question.error.termNeeded", terms }
      : { ok: false, error: "question.termUnknown" };
  }
  return { ok: true, value: { ...q, term: q.term } };
}

type RefParts = Pick<QuestionRef, "type" | "number" | "year">;

/** "E-000213/2022"; with shortYear "E-000213/22" (the form answer titles use). */
export function formatQuestionReference(ref: RefParts, opts: { shortYear?: boolean } = {}): string {
  const year = opts.shortYear ? String(ref.year % 100).padStart(2, "0") : String(ref.year);
  return `${ref.type}-${String(ref.number).padStart(6, "0")}/${year}`;
}

/** "E-9-2022-000213". */
export function questionDocumentId(ref: RefParts & { term: number | null }): Result<string> {
  if (ref.term === null) return { ok: false, error: "question.termAmbiguous" };
  return { ok: true, value: `${ref.type}-${ref.term}-${ref.year}-${String(ref.number).padStart(6, "0")}` };
}

/** "E-9-2022-000213-ASW". */
export function answerDocumentId(ref: RefParts & { term: number | null }): Result<string> {
  const id = questionDocumentId(ref);
  return id.ok ? { ok: true, value: `${id.value}-ASW` } : id;
}

/** "Answer for question E-000213/22", as the EP titles answers. */
export function answerTitle(ref: RefParts): string {
  return `Answer for question ${formatQuestionReference(ref, { shortYear: true })}`;
}

const LANGUAGE_CODES = new Set<string>(EU_LANGUAGES.map((l) => l.code));
const DOCEO = "https://www.europarl.europa.eu/doceo/document/";

function docUrl(id: Result<string>, language: string): Result<string> {
  if (!id.ok) return id;
  const lang = language.toLowerCase();
  if (!LANGUAGE_CODES.has(lang)) return { ok: false, error: "question.error.language" };
  return { ok: true, value: `${DOCEO}${id.value}_${lang.toUpperCase()}.html` };
}

/** The question's page on europarl.europa.eu in one of the 24 EU languages (default English). */
export function questionUrl(ref: RefParts & { term: number | null }, language = "en"): Result<string> {
  return docUrl(questionDocumentId(ref), language);
}

export function answerUrl(ref: RefParts & { term: number | null }, language = "en"): Result<string> {
  return docUrl(answerDocumentId(ref), language);
}

// ------------------------------------------------------------ Rule 144 deadlines

/**
 * Weeks from forwarding to the addressee within which an answer is due: Rule 144 (10th term);
 * the 9th term's Rule 138 has the same deadlines (unverified). O and H have no written-answer deadline.
 */
export const ANSWER_DEADLINE_WEEKS: Readonly<Partial<Record<QuestionType, number>>> = { E: 6, P: 3 };

export type AnswerDeadline =
  | { applies: false; reason: "question.deadline.notWritten" }
  | {
      applies: true;
      weeks: number;
      /** The date the six (three) weeks were counted from, and which date it was. */
      from: IsoDate;
      basis: "forwarded" | "tabled";
      dueOn: IsoDate;
      state: "pending" | "overdue" | "answered-on-time" | "answered-late";
      /** Days after dueOn the answer came (or, unanswered, today is); 0 when on time. */
      daysLate: number;
      /** Days from tabling/forwarding to the answer or today. */
      daysOpen: number;
    };

/**
 * Due date and lateness of an answer. The deadline runs from forwarding; when only the tabling
 * date is known it is used instead (basis "tabled"), which makes the due date a few days early
 * and so errs on the side of showing lateness sooner.
 */
export function answerDeadline(q: {
  type: QuestionType;
  forwardedOn?: Date | string | null;
  tabledOn?: Date | string | null;
  answeredOn?: Date | string | null;
  today: Date | string;
}): AnswerDeadline {
  const weeks = ANSWER_DEADLINE_WEEKS[q.type];
  if (!weeks) return { applies: false, reason: "question.deadline.notWritten" };
  const basis = q.forwardedOn ? "forwarded" : "tabled";
  const fromRaw = q.forwardedOn ?? q.tabledOn;
  if (!fromRaw) throw new RangeError("answerDeadline needs forwardedOn or tabledOn");
  const from = toIsoDate(fromRaw);
  const dueOn = addWeeks(from, weeks);
  const answeredOn = q.answeredOn ? toIsoDate(q.answeredOn) : null;
  const end = answeredOn ?? toIsoDate(q.today);
  const daysLate = Math.max(0, daysBetween(dueOn, end));
  const state = answeredOn
    ? daysLate > 0
      ? "answered-late"
      : "answered-on-time"
    : daysLate > 0
      ? "overdue"
      : "pending";
  return { applies: true, weeks, from, basis, dueOn, state, daysLate, daysOpen: Math.max(0, daysBetween(from, end)) };
}

/**
 * Rule 144: at most 20 written questions per Member (or group, or committee) in a rolling period
 * of three months. Supported questions (signed as a supporter) do not count: pass only authored ones.
 */
export const WRITTEN_QUESTION_QUOTA = { limit: 20, months: 3 } as const;

export type QuotaStatus = {
  used: number;
  limit: number;
  remaining: number;
  /** First day of the rolling window that ends today. */
  windowStart: IsoDate;
  /** When a question can next be tabled: today if there is room. */
  nextSlotOn: IsoDate;
};

/**
 * A question tabled on day D counts until the day before D + 3 months and frees its slot on
 * D + 3 months (calendar months, clamped to the month's end).
 */
export function writtenQuestionQuota(
  tabledOn: ReadonlyArray<Date | string>,
  today: Date | string,
  opts: { limit?: number; months?: number } = {},
): QuotaStatus {
  const limit = opts.limit ?? WRITTEN_QUESTION_QUOTA.limit;
  const months = opts.months ?? WRITTEN_QUESTION_QUOTA.months;
  const t = toIsoDate(today);
  const windowStart = addDays(addMonths(t, -months), 1);
  const inWindow = tabledOn
    .map((d) => toIsoDate(d))
    .filter((d) => d >= windowStart && d <= t)
    .sort();
  const used = inWindow.length;
  const remaining = Math.max(0, limit - used);
  let nextSlotOn = t;
  if (remaining === 0) nextSlotOn = addMonths(inWindow[used - limit], months);
  return { used, limit, remaining, windowStart, nextSlotOn };
}

/**
 * (unverified) "Once a month" one question may be designated priority; read here as once per
 * calendar month.
 */
export function priorityQuestionAvailable(
  priorityTabledOn: ReadonlyArray<Date | string>,
  today: Date | string,
): { available: boolean; nextOn: IsoDate } {
  const t = toIsoDate(today);
  const month = t.slice(0, 7);
  const usedThisMonth = priorityTabledOn.some((d) => toIsoDate(d).slice(0, 7) === month);
  return { available: !usedThisMonth, nextOn: usedThisMonth ? addMonths(`${month}-01`, 1) : t };
}
