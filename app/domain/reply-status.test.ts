import { describe, expect, it } from "vitest";
import {
  addresseeStatus,
  computeDue,
  effectiveClock,
  explainDue,
  replyAlertEvents,
  workingDaysBetween,
  DEFAULT_OFFICE_CLOCK,
  type ReplyFact,
} from "./reply-clock";
import { EU_HOLIDAYS, euHoliday, HOLIDAY_YEARS } from "./eu-holidays";

describe("EU institutions' holidays", () => {
  it("has the Easter-bound days right and the Christmas closure, for every year in the table", () => {
    expect(euHoliday("2024-03-28")).toBe("Maundy Thursday");
    expect(euHoliday("2024-04-01")).toBe("Easter Monday");
    expect(euHoliday("2025-05-29")).toBe("Ascension Day");
    expect(euHoliday("2025-05-30")).toBe("Day after Ascension");
    expect(euHoliday("2026-05-25")).toBe("Whit Monday");
    expect(euHoliday("2022-12-28")).toBe("Christmas closure");
    expect(euHoliday("2025-05-09")).toBe("Europe Day");
    expect(euHoliday("2024-05-09")).toBe("Europe Day and Ascension Day");
    expect(euHoliday("2024-05-08")).toBeNull();
    for (const y of HOLIDAY_YEARS) {
      const dates = EU_HOLIDAYS[y].map(([d]) => d);
      expect(new Set(dates).size, `${y}: one row per date`).toBe(dates.length);
      expect(dates.length, String(y)).toBeGreaterThanOrEqual(21);
      expect(
        dates.every((d) => d.startsWith(`${y}-`)),
        String(y),
      ).toBe(true);
    }
  });
});

describe("computeDue", () => {
  it("counts working days without weekends and EU holidays, and says what it skipped", () => {
    // Sent Monday 5 December 2022; 15 working days: the closure from 24 December is skipped.
    const c = computeDue("2022-12-05", 15, "working");
    expect(c.due).toBe("2023-01-03");
    expect(c.weekendDays).toBe(8);
    expect(c.holidays.map((h) => h.date)).toEqual([
      "2022-12-26",
      "2022-12-27",
      "2022-12-28",
      "2022-12-29",
      "2022-12-30",
      "2023-01-02",
    ]);
    expect(explainDue(c)).toMatchObject({ key: "replies.clock.explainWorkingHolidays", vars: { weekendDays: 8 } });
    expect(workingDaysBetween("2022-12-05", c.due)).toBe(15);
  });
  it("counts calendar days plainly", () => {
    expect(computeDue("2024-02-20", 15, "calendar").due).toBe("2024-03-06");
  });
  it("warns when the holiday table does not cover a year", () => {
    const c = computeDue("2031-03-03", 10, "working");
    expect(c.unknownYears).toEqual([2031]);
    expect(explainDue(c).key).toBe("replies.clock.explainWorkingUnknown");
  });
  it("takes the letter's override over the office default", () => {
    expect(effectiveClock(DEFAULT_OFFICE_CLOCK, { dueDays: 10, veryOverdueDays: null, dayKind: "calendar" })).toEqual({
      dueDays: 10,
      veryOverdueDays: 30,
      dayKind: "calendar",
      overridden: true,
    });
  });
});

describe("addresseeStatus", () => {
  const sentOn = "2024-03-04"; // a Monday
  const clock = DEFAULT_OFFICE_CLOCK;
  const at = (today: string, replies: ReplyFact[] = [], notExpected = false) =>
    addresseeStatus({ sentOn, today, clock, replies, notExpected });
  it("goes awaiting → overdue → very overdue", () => {
    const due = computeDue(sentOn, 15, "working").due;
    expect(due).toBe("2024-03-25");
    expect(at(due).state).toBe("awaiting");
    expect(at("2024-03-26")).toMatchObject({ state: "overdue", daysLate: 1 });
    const very = computeDue(sentOn, 30, "working").due;
    expect(at(very).state).toBe("overdue");
    expect(at("2024-05-01").state).toBe("very-overdue");
  });
  it("shows acknowledgement and holding reply while on time, without stopping the clock", () => {
    expect(at("2024-03-10", [{ id: "r1", receivedOn: "2024-03-06", kind: "acknowledgement" }]).state).toBe(
      "acknowledged",
    );
    expect(at("2024-03-10", [{ id: "r1", receivedOn: "2024-03-06", kind: "holding" }]).state).toBe("holding");
    expect(at("2024-04-10", [{ id: "r1", receivedOn: "2024-03-06", kind: "holding" }]).state).toBe("overdue");
  });
  it("restarts the clock from a referral, for the new sender", () => {
    const referral: ReplyFact = {
      id: "ref1",
      receivedOn: "2024-03-20",
      kind: "referral",
      referredToName: "Margrethe Vestager",
      referredToRole: "Executive Vice-President",
    };
    const s = at("2024-03-27", [referral]);
    expect(s).toMatchObject({
      state: "referred",
      clockId: "ref1",
      clockStart: "2024-03-20",
      referredTo: { name: "Margrethe Vestager" },
    });
    expect(s.due.due).toBe(computeDue("2024-03-20", 15, "working").due);
    expect(at("2024-05-01", [referral]).state).toBe("overdue");
  });
  it("is answered by a substantive reply, late or not", () => {
    const s = at("2024-06-01", [{ id: "r", receivedOn: "2024-04-02", kind: "substantive" }]);
    expect(s).toMatchObject({ state: "answered", answeredOn: "2024-04-02", answeredLate: true });
  });
  it("stays silent when no reply is expected", () => {
    expect(at("2024-06-01", [], true).state).toBe("not-expected");
  });
});

describe("replyAlertEvents", () => {
  const sentOn = "2024-03-04";
  const clock = { dueDays: 10, veryOverdueDays: 20, dayKind: "working" as const };
  const events = (today: string, replies: ReplyFact[] = []) =>
    replyAlertEvents(addresseeStatus({ sentOn, today, clock, replies }), sentOn, today);
  it("asks at 14 days, then at 21, the latest only when both are due", () => {
    expect(events("2024-03-17")).toEqual([]);
    expect(events("2024-03-18")).toEqual(["nudge-14d"]);
    expect(events("2024-03-19")).toEqual(["nudge-14d", "overdue"]);
    expect(events("2024-03-25")).toEqual(["nudge-21d", "overdue"]);
  });
  it("sends very-overdue instead of overdue once past both thresholds, and nothing once answered", () => {
    expect(events("2024-04-30")).toEqual(["nudge-21d", "very-overdue"]);
    expect(events("2024-04-30", [{ id: "r", receivedOn: "2024-04-01", kind: "substantive" }])).toEqual([]);
  });
});
