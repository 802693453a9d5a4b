import { describe, expect, it } from "vitest";
import { addMonths, dueClockEvents, explainReplyClock, replyClock, toIsoDate } from "./reply-clock";

describe("calendar helpers", () => {
  it("clamps months and reads instants in Brussels time", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2024-05-31", -3)).toBe("2024-02-29");
    expect(toIsoDate(new Date("2022-12-05T23:30:00Z"))).toBe("2022-12-06");
    expect(() => toIsoDate("2022-02-30")).toThrow();
  });
});

describe("replyClock", () => {
  const sentOn = "2022-12-05";
  it("is on time until the expectation, overdue after it, very overdue from twice it", () => {
    expect(replyClock({ sentOn, today: "2023-01-16" })).toMatchObject({
      expectedBy: "2023-01-16",
      state: "on-time",
      daysOverdue: 0,
    });
    expect(replyClock({ sentOn, today: "2023-01-17" })).toMatchObject({ state: "overdue", daysOverdue: 1 });
    expect(replyClock({ sentOn, today: "2023-02-26" })).toMatchObject({
      veryOverdueFrom: "2023-02-27",
      state: "overdue",
    });
    expect(replyClock({ sentOn, today: "2023-02-27" })).toMatchObject({ state: "very-overdue", daysOverdue: 42 });
  });
  it("uses the office's expectation and factor", () => {
    const c = replyClock({ sentOn, today: "2023-01-10", expectedWeeks: 4, veryOverdueFactor: 1.5 });
    expect(c).toMatchObject({ expectedBy: "2023-01-02", veryOverdueFrom: "2023-01-16", state: "overdue" });
    expect(() => replyClock({ sentOn, today: sentOn, expectedWeeks: 0 })).toThrow();
  });
  it("stops at a reply but not at a holding reply", () => {
    const holding = replyClock({
      sentOn,
      today: "2023-02-01",
      replies: [{ receivedOn: "2023-01-05", kind: "holding" }],
    });
    expect(holding).toMatchObject({ state: "overdue", holdingReplyOn: "2023-01-05", repliedOn: null });
    const replied = replyClock({ sentOn, today: "2023-06-01", replies: [{ receivedOn: "2023-02-01", kind: "reply" }] });
    expect(replied).toMatchObject({ state: "replied", repliedLate: true, daysOverdue: 16, daysWaiting: 58 });
  });
  it("explains how the dates were computed", () => {
    const text = explainReplyClock(replyClock({ sentOn, today: sentOn }));
    expect(text).toBe(
      "Sent on 5 December 2022. The office expects a reply within 6 weeks, so by 16 January 2023. After 12 weeks (2 times the expectation), from 27 February 2023, it counts as very overdue.",
    );
  });
});

describe("dueClockEvents", () => {
  const sentOn = "2022-12-05";
  it("nudges at 2 and 3 weeks, each once", () => {
    expect(dueClockEvents(replyClock({ sentOn, today: "2022-12-18" }))).toEqual([]);
    expect(dueClockEvents(replyClock({ sentOn, today: "2022-12-19" }))).toEqual(["nudge-2w"]);
    expect(dueClockEvents(replyClock({ sentOn, today: "2022-12-26" }), ["nudge-2w"])).toEqual(["nudge-3w"]);
  });
  it("flags overdue once and very overdue once", () => {
    const sent = ["nudge-2w", "nudge-3w"];
    expect(dueClockEvents(replyClock({ sentOn, today: "2023-01-20" }), sent)).toEqual(["overdue"]);
    expect(dueClockEvents(replyClock({ sentOn, today: "2023-01-25" }), [...sent, "overdue"])).toEqual([]);
    expect(dueClockEvents(replyClock({ sentOn, today: "2023-03-01" }), [...sent, "overdue"])).toEqual(["very-overdue"]);
    expect(dueClockEvents(replyClock({ sentOn, today: "2023-03-01" }), [...sent, "overdue", "very-overdue"])).toEqual(
      [],
    );
  });
  it("sends nothing once they replied", () => {
    expect(
      dueClockEvents(
        replyClock({ sentOn, today: "2023-03-01", replies: [{ receivedOn: "2023-03-01", kind: "reply" }] }),
      ),
    ).toEqual([]);
  });
});
