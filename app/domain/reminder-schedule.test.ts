import { describe, expect, it } from "vitest";
import { normaliseReminderDays, reminderRunAt } from "./reminder-schedule";

describe("reminder schedule", () => {
  it("N days before at 09:00 Brussels, in winter and summer", () => {
    // 2026-12-10 17:00 Brussels (CET, UTC+1)
    const winter = new Date("2026-12-10T16:00:00Z");
    expect(reminderRunAt(winter, 3).toISOString()).toBe("2026-12-07T08:00:00.000Z");
    expect(reminderRunAt(winter, 0).toISOString()).toBe("2026-12-10T08:00:00.000Z");
    // 2026-07-01 12:00 Brussels (CEST, UTC+2)
    const summer = new Date("2026-07-01T10:00:00Z");
    expect(reminderRunAt(summer, 1).toISOString()).toBe("2026-06-30T07:00:00.000Z");
  });
  it("across the DST change the local hour stays 09:00", () => {
    // Deadline 2026-03-30 17:00 CEST; three days before is 2026-03-27, still CET.
    const d = new Date("2026-03-30T15:00:00Z");
    expect(reminderRunAt(d, 3).toISOString()).toBe("2026-03-27T08:00:00.000Z");
  });
  it("a deadline before 09:00 gets its same-day reminder two hours before", () => {
    const early = new Date("2026-12-10T07:00:00Z"); // 08:00 Brussels
    expect(reminderRunAt(early, 0).toISOString()).toBe("2026-12-10T05:00:00.000Z");
  });
  it("normalises reminder days", () => {
    expect(normaliseReminderDays(["0", "3", "3", " 7 ", "x", "-1", "31", "2.5", ""])).toEqual([7, 3, 0]);
    expect(normaliseReminderDays(["1", "2", "3", "4", "5", "6"])).toEqual([6, 5, 4, 3, 2]);
  });
});
