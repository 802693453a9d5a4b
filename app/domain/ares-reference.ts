/**
 * The European Commission's Ares registration references: `Ares(2023)1234567` (the year of
 * registration and a sequence number within that year), on paper often "Ref. Ares(2014)3295519 -
 * 06/10/2014" with the registration date. Other institutions' references are free text: anything
 * that does not mention Ares is kept as typed; anything that does must be a valid Ares reference.
 */
import { isValidIsoDate, type IsoDate } from "./reply-clock";

export type AresReference = { year: number; number: number; date: IsoDate | null };

export type ReferenceParse =
  | { ok: true; value: { kind: "ares"; ares: AresReference; reference: string } | { kind: "other"; reference: string } }
  | { ok: false; error: AresError };

export type AresError =
  "replies.ares.malformed" | "replies.ares.year" | "replies.ares.date" | "replies.ares.yearMismatch";

/** Ares registration started in the late 2000s; earlier years are typing errors. */
const FIRST_YEAR = 2000;

const ARES_RE =
  /^(?:ref(?:erence)?\.?\s*:?\s*)?ares\s*\(\s*(\d{4})\s*\)\s*(\d{1,8})(?:\s*[-–—,]?\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4}))?\s*$/i;

export function formatAres(a: { year: number; number: number }): string {
  return `Ares(${a.year})${a.number}`;
}

/** "Ref. Ares(2014)3295519 - 06/10/2014", as the Commission prints it. */
export function formatAresPrinted(a: AresReference): string {
  if (!a.date) return `Ref. ${formatAres(a)}`;
  const [y, m, d] = a.date.split("-");
  return `Ref. ${formatAres(a)} - ${d}/${m}/${y}`;
}

/**
 * Parses an institution's reference. `today` (ISO) bounds the year: a reference cannot be from the
 * future. Whitespace is forgiven; a wrong year, an impossible date or a date in another year than the
 * reference's are refused.
 */
export function parseInstitutionReference(input: string, today?: IsoDate): ReferenceParse {
  const text = input.replace(/\s+/g, " ").trim();
  if (!/ares/i.test(text)) return { ok: true, value: { kind: "other", reference: text } };
  const m = ARES_RE.exec(text);
  if (!m) return { ok: false, error: "replies.ares.malformed" };
  const year = Number(m[1]);
  const number = Number(m[2]);
  const maxYear = today ? Number(today.slice(0, 4)) : 2100;
  if (year < FIRST_YEAR || year > maxYear) return { ok: false, error: "replies.ares.year" };
  if (number === 0) return { ok: false, error: "replies.ares.malformed" };
  let date: IsoDate | null = null;
  if (m[3]) {
    date = `${m[5]}-${m[4].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
    if (!isValidIsoDate(date)) return { ok: false, error: "replies.ares.date" };
    if (Number(m[5]) !== year) return { ok: false, error: "replies.ares.yearMismatch" };
    if (today && date > today) return { ok: false, error: "replies.ares.date" };
  }
  const ares = { year, number, date };
  return { ok: true, value: { kind: "ares", ares, reference: formatAres(ares) } };
}
