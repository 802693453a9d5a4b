/**
 * Public holidays of the EU institutions in Brussels, the days a working-day reply clock skips
 * (besides Saturdays and Sundays). ONE table, to be extended each year.
 *
 * Where the dates come from: the European Commission's yearly list of public holidays for its staff
 * in Brussels, published in the Official Journal (C series) in the preceding autumn. The pattern of
 * those lists: 1–2 January, Maundy Thursday, Good Friday, Easter Monday, 1 May, 9 May (Europe Day),
 * Ascension Day and the Friday after, Whit Monday, 21 July, 15 August, 1–2 November, and 24–31
 * December (the Christmas closure). The Easter-bound dates below were computed from the Gregorian
 * Easter date. (unverified) Checked against that pattern, not against each year's OJ notice: when
 * the notice for a year differs, change that year's rows here and nothing else.
 *
 * Years covered: 2022–2027. For a date outside them a working-day clock counts weekends only and
 * says so in its explanation (`holidaysKnownFor`).
 */
import type { IsoDate } from "./reply-clock";

export const EU_HOLIDAYS: Readonly<Record<number, ReadonlyArray<readonly [IsoDate, string]>>> = {
  2022: [
    ["2022-01-01", "New Year"],
    ["2022-01-02", "Day after New Year"],
    ["2022-04-14", "Maundy Thursday"],
    ["2022-04-15", "Good Friday"],
    ["2022-04-18", "Easter Monday"],
    ["2022-05-01", "Labour Day"],
    ["2022-05-09", "Europe Day"],
    ["2022-05-26", "Ascension Day"],
    ["2022-05-27", "Day after Ascension"],
    ["2022-06-06", "Whit Monday"],
    ["2022-07-21", "Belgian National Day"],
    ["2022-08-15", "Assumption"],
    ["2022-11-01", "All Saints' Day"],
    ["2022-11-02", "All Souls' Day"],
    ["2022-12-24", "Christmas closure"],
    ["2022-12-25", "Christmas Day"],
    ["2022-12-26", "Day after Christmas"],
    ["2022-12-27", "Christmas closure"],
    ["2022-12-28", "Christmas closure"],
    ["2022-12-29", "Christmas closure"],
    ["2022-12-30", "Christmas closure"],
    ["2022-12-31", "Christmas closure"],
  ],
  2023: [
    ["2023-01-01", "New Year"],
    ["2023-01-02", "Day after New Year"],
    ["2023-04-06", "Maundy Thursday"],
    ["2023-04-07", "Good Friday"],
    ["2023-04-10", "Easter Monday"],
    ["2023-05-01", "Labour Day"],
    ["2023-05-09", "Europe Day"],
    ["2023-05-18", "Ascension Day"],
    ["2023-05-19", "Day after Ascension"],
    ["2023-05-29", "Whit Monday"],
    ["2023-07-21", "Belgian National Day"],
    ["2023-08-15", "Assumption"],
    ["2023-11-01", "All Saints' Day"],
    ["2023-11-02", "All Souls' Day"],
    ["2023-12-24", "Christmas closure"],
    ["2023-12-25", "Christmas Day"],
    ["2023-12-26", "Day after Christmas"],
    ["2023-12-27", "Christmas closure"],
    ["2023-12-28", "Christmas closure"],
    ["2023-12-29", "Christmas closure"],
    ["2023-12-30", "Christmas closure"],
    ["2023-12-31", "Christmas closure"],
  ],
  2024: [
    ["2024-01-01", "New Year"],
    ["2024-01-02", "Day after New Year"],
    ["2024-03-28", "Maundy Thursday"],
    ["2024-03-29", "Good Friday"],
    ["2024-04-01", "Easter Monday"],
    ["2024-05-01", "Labour Day"],
    ["2024-05-09", "Europe Day and Ascension Day"],
    ["2024-05-10", "Day after Ascension"],
    ["2024-05-20", "Whit Monday"],
    ["2024-07-21", "Belgian National Day"],
    ["2024-08-15", "Assumption"],
    ["2024-11-01", "All Saints' Day"],
    ["2024-11-02", "All Souls' Day"],
    ["2024-12-24", "Christmas closure"],
    ["2024-12-25", "Christmas Day"],
    ["2024-12-26", "Day after Christmas"],
    ["2024-12-27", "Christmas closure"],
    ["2024-12-28", "Christmas closure"],
    ["2024-12-29", "Christmas closure"],
    ["2024-12-30", "Christmas closure"],
    ["2024-12-31", "Christmas closure"],
  ],
  2025: [
    ["2025-01-01", "New Year"],
    ["2025-01-02", "Day after New Year"],
    ["2025-04-17", "Maundy Thursday"],
    ["2025-04-18", "Good Friday"],
    ["2025-04-21", "Easter Monday"],
    ["2025-05-01", "Labour Day"],
    ["2025-05-09", "Europe Day"],
    ["2025-05-29", "Ascension Day"],
    ["2025-05-30", "Day after Ascension"],
    ["2025-06-09", "Whit Monday"],
    ["2025-07-21", "Belgian National Day"],
    ["2025-08-15", "Assumption"],
    ["2025-11-01", "All Saints' Day"],
    ["2025-11-02", "All Souls' Day"],
    ["2025-12-24", "Christmas closure"],
    ["2025-12-25", "Christmas Day"],
    ["2025-12-26", "Day after Christmas"],
    ["2025-12-27", "Christmas closure"],
    ["2025-12-28", "Christmas closure"],
    ["2025-12-29", "Christmas closure"],
    ["2025-12-30", "Christmas closure"],
    ["2025-12-31", "Christmas closure"],
  ],
  2026: [
    ["2026-01-01", "New Year"],
    ["2026-01-02", "Day after New Year"],
    ["2026-04-02", "Maundy Thursday"],
    ["2026-04-03", "Good Friday"],
    ["2026-04-06", "Easter Monday"],
    ["2026-05-01", "Labour Day"],
    ["2026-05-09", "Europe Day"],
    ["2026-05-14", "Ascension Day"],
    ["2026-05-15", "Day after Ascension"],
    ["2026-05-25", "Whit Monday"],
    ["2026-07-21", "Belgian National Day"],
    ["2026-08-15", "Assumption"],
    ["2026-11-01", "All Saints' Day"],
    ["2026-11-02", "All Souls' Day"],
    ["2026-12-24", "Christmas closure"],
    ["2026-12-25", "Christmas Day"],
    ["2026-12-26", "Day after Christmas"],
    ["2026-12-27", "Christmas closure"],
    ["2026-12-28", "Christmas closure"],
    ["2026-12-29", "Christmas closure"],
    ["2026-12-30", "Christmas closure"],
    ["2026-12-31", "Christmas closure"],
  ],
  2027: [
    ["2027-01-01", "New Year"],
    ["2027-01-02", "Day after New Year"],
    ["2027-03-25", "Maundy Thursday"],
    ["2027-03-26", "Good Friday"],
    ["2027-03-29", "Easter Monday"],
    ["2027-05-01", "Labour Day"],
    ["2027-05-06", "Ascension Day"],
    ["2027-05-07", "Day after Ascension"],
    ["2027-05-09", "Europe Day"],
    ["2027-05-17", "Whit Monday"],
    ["2027-07-21", "Belgian National Day"],
    ["2027-08-15", "Assumption"],
    ["2027-11-01", "All Saints' Day"],
    ["2027-11-02", "All Souls' Day"],
    ["2027-12-24", "Christmas closure"],
    ["2027-12-25", "Christmas Day"],
    ["2027-12-26", "Day after Christmas"],
    ["2027-12-27", "Christmas closure"],
    ["2027-12-28", "Christmas closure"],
    ["2027-12-29", "Christmas closure"],
    ["2027-12-30", "Christmas closure"],
    ["2027-12-31", "Christmas closure"],
  ],
};

const byDate = new Map<IsoDate, string>(
  Object.values(EU_HOLIDAYS).flatMap((rows) => rows.map(([d, name]) => [d, name] as const)),
);

/** The holiday's name, or null on an ordinary day. */
export function euHoliday(d: IsoDate): string | null {
  return byDate.get(d) ?? null;
}

export function holidaysKnownFor(year: number): boolean {
  return year in EU_HOLIDAYS;
}

export const HOLIDAY_YEARS = Object.keys(EU_HOLIDAYS)
  .map(Number)
  .sort((a, b) => a - b);
