/** Deadlines are entered and shown in Brussels time, whatever the server's zone. */
export const BRUSSELS = "Europe/Brussels";

function offsetMinutes(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** "2026-12-05T17:00" in Brussels → the UTC instant. Null for anything that is not such a value. */
export function brusselsLocalToUtc(local: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const guess = new Date(Date.UTC(y, mo - 1, d, h, mi));
  if (guess.getUTCDate() !== d) return null;
  // Two passes settle the offset across a DST change.
  let utc = new Date(guess.getTime() - offsetMinutes(guess, BRUSSELS) * 60_000);
  utc = new Date(guess.getTime() - offsetMinutes(utc, BRUSSELS) * 60_000);
  return utc;
}

/** The UTC instant as a Brussels "YYYY-MM-DDTHH:MM" for a datetime-local input. */
export function utcToBrusselsLocal(at: Date): string {
  const shifted = new Date(at.getTime() + offsetMinutes(at, BRUSSELS) * 60_000);
  return shifted.toISOString().slice(0, 16);
}
