/**
 * What a number or a date typed into a form may be, in one place: a value the database column can
 * hold, or nothing. PostgreSQL answers an int4 beyond its range or 2024-02-31 with an error (a 500
 * if it got that far); these reject them first, so the route can answer 400 or 404.
 */

export const INT4_MAX = 2_147_483_647;

/** A positive whole number that fits an int4 column (ids, version numbers, revisions), else null. */
export function parsePositiveInt(value: unknown): number | null {
  if (typeof value !== "string" || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= INT4_MAX ? n : null;
}

/** A whole number from 0 up to INT4_MAX, else null. */
export function parseCount(value: unknown): number | null {
  if (value === "0") return 0;
  return parsePositiveInt(value);
}

/** `YYYY-MM-DD` naming a day that exists (no 2024-02-31, no 2023-02-29), years 1000–9999. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}
