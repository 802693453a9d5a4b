import { describe, expect, it } from "vitest";
import { questionClock, questionListState } from "./question-clock";

describe("questionClock: Rule 144 (10th term) and Rule 138 (9th)", () => {
  it("gives six weeks from forwarding under Rule 144", () => {
    expect(questionClock({ type: "E", term: 10, forwardedOn: "2025-03-03", today: "2025-03-10" })).toMatchObject({
      applies: true,
      rule: "144",
      weeks: 6,
      basis: "forwarded",
      from: "2025-03-03",
      dueOn: "2025-04-14",
      state: "awaiting",
      daysLeft: 35,
    });
  });
  it("gives three weeks for a priority question", () => {
    expect(questionClock({ type: "P", term: 10, forwardedOn: "2025-03-03", today: "2025-03-10" })).toMatchObject({
      weeks: 3,
      dueOn: "2025-03-24",
      state: "awaiting",
    });
  });
  it("applies the same deadlines under Rule 138 in the 9th term", () => {
    expect(questionClock({ type: "E", term: 9, forwardedOn: "2022-01-20", today: "2022-02-01" })).toMatchObject({
      rule: "138",
      dueOn: "2022-03-03",
    });
    expect(questionClock({ type: "P", term: 9, forwardedOn: "2022-01-20", today: "2022-02-01" })).toMatchObject({
      rule: "138",
      dueOn: "2022-02-10",
    });
  });
  it("runs from tabling when forwarding is unknown, and says so", () => {
    const c = questionClock({ type: "E", term: 10, tabledOn: "2025-03-03", today: "2025-03-04" });
    expect(c).toMatchObject({ basis: "tabled", from: "2025-03-03", dueOn: "2025-04-14" });
    const f = questionClock({
      type: "E",
      term: 10,
      tabledOn: "2025-03-03",
      forwardedOn: "2025-03-07",
      today: "2025-03-04",
    });
    expect(f).toMatchObject({ basis: "forwarded", dueOn: "2025-04-18" });
  });
  it("is due soon in the last seven days, overdue the day after the due date", () => {
    const at = (today: string) => questionClock({ type: "E", term: 10, forwardedOn: "2025-03-03", today });
    expect(at("2025-04-06")).toMatchObject({ state: "awaiting", daysLeft: 8 });
    expect(at("2025-04-07")).toMatchObject({ state: "due-soon", daysLeft: 7 });
    expect(at("2025-04-14")).toMatchObject({ state: "due-soon", daysLeft: 0, committeeMayTakeUp: false });
    expect(at("2025-04-15")).toMatchObject({ state: "overdue", daysLate: 1, committeeMayTakeUp: true });
  });
  it("counts answers on the due date as on time and later ones as N days late", () => {
    const base = { type: "E", term: 10, forwardedOn: "2025-03-03", today: "2026-01-01" };
    expect(questionClock({ ...base, answeredOn: "2025-04-14" })).toMatchObject({
      state: "answered-on-time",
      daysLate: 0,
      committeeMayTakeUp: false,
    });
    expect(questionClock({ ...base, answeredOn: "2025-05-02" })).toMatchObject({
      state: "answered-late",
      daysLate: 18,
    });
  });
  it("crosses year ends", () => {
    expect(questionClock({ type: "E", term: 10, forwardedOn: "2024-12-20", today: "2025-01-30" })).toMatchObject({
      dueOn: "2025-01-31",
      state: "due-soon",
    });
    expect(questionClock({ type: "P", term: 9, forwardedOn: "2023-12-15", today: "2024-01-06" })).toMatchObject({
      dueOn: "2024-01-05",
      state: "overdue",
      daysLate: 1,
    });
    expect(
      questionClock({ type: "E", term: 9, tabledOn: "2021-12-01", answeredOn: "2022-01-12", today: "2022-06-01" }),
    ).toMatchObject({ dueOn: "2022-01-12", state: "answered-on-time" });
  });
  it("has no deadline for oral questions or without a date", () => {
    const o = questionClock({ type: "O", term: 10, tabledOn: "2025-03-03", today: "2025-09-01" });
    expect(o).toEqual({ applies: false, reason: "question.clock.notWritten", answered: false });
    expect(questionListState(o)).toBe("no-deadline");
    const h = questionClock({
      type: "H",
      term: 9,
      tabledOn: "2020-03-03",
      today: "2025-09-01",
      answeredOn: "2020-04-01",
    });
    expect(questionListState(h)).toBe("answered");
    expect(questionClock({ type: "E", term: 10, today: "2025-09-01" })).toMatchObject({
      applies: false,
      reason: "question.clock.noDate",
    });
  });
});
