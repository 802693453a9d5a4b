/**
 * When reminders go out: N days before the deadline, on that Brussels calendar day at 09:00 Brussels
 * time ("0" = the morning of the deadline day). A reminder that would fall at or after the deadline
 * (a deadline before 09:00) goes two hours before it instead.
 */
import { brusselsLocalToUtc, utcToBrusselsLocal } from "./brussels-time";

export const REMINDER_HOUR = "09:00";
export const MAX_REMINDER_DAYS = 30;

export function reminderRunAt(deadline: Date, daysBefore: number): Date {
  const day = utcToBrusselsLocal(deadline).slice(0, 10);
  const [y, m, d] = day.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1, d - daysBefore));
  const local = `${target.toISOString().slice(0, 10)}T${REMINDER_HOUR}`;
  const at = brusselsLocalToUtc(local) ?? new Date(deadline.getTime() - daysBefore * 86_400_000);
  if (at.getTime() >= deadline.getTime()) return new Date(deadline.getTime() - 2 * 3600_000);
  return at;
}

/** Cleans a list of reminder days from a form: whole numbers 0–30, unique, largest first, at most 5. */
export function normaliseReminderDays(input: readonly unknown[]): number[] {
  const out = new Set<number>();
  for (const raw of input) {
    const s = String(raw ?? "").trim();
    if (!/^\d{1,2}$/.test(s)) continue;
    const n = Number(s);
    if (n <= MAX_REMINDER_DAYS) out.add(n);
  }
  return [...out].sort((a, b) => b - a).slice(0, 5);
}
