import { describe, expect, it } from "vitest";
import { questionStatistics } from "./question-statistics";

const TODAY = "2024-06-01";

describe("questionStatistics", () => {
  it("gives per addressee the median days from tabling to answer and the share answered within the Rule's deadline", () => {
    const rows = [
      // Rule 144, six weeks from tabling (no forwarding date): due 2024-02-12.
      { addressee: "commission", type: "E", term: 9, tabledOn: "2024-01-01", answeredOn: "2024-02-10" }, // 40 days, on time
      { addressee: "commission", type: "E", term: 9, tabledOn: "2024-01-01", answeredOn: "2024-03-01" }, // 60, late
      // Forwarded later: six weeks from forwarding (2024-02-01 → 2024-03-14), answered on time although 70 days after tabling.
      {
        addressee: "commission",
        type: "E",
        term: 9,
        tabledOn: "2024-01-01",
        forwardedOn: "2024-02-01",
        answeredOn: "2024-03-11",
      },
      // Unanswered and overdue: judged late.
      { addressee: "commission", type: "E", term: 10, tabledOn: "2024-03-01" },
      // Within its deadline: neither on time nor late yet.
      { addressee: "commission", type: "E", term: 10, tabledOn: "2024-05-25" },
      // Priority: three weeks (due 2024-01-22), answered after 30 days: late.
      { addressee: "council", type: "P", term: 9, tabledOn: "2024-01-01", answeredOn: "2024-01-31" },
      // Oral: no deadline, still counted as answered with its days.
      { addressee: "council", type: "O", term: 9, tabledOn: "2024-01-01", answeredOn: "2024-01-11" },
      // Answer known without a date: answered, no days, not judged.
      { addressee: null, type: "E", term: 9, tabledOn: "2024-01-01", hasAnswer: true },
    ];
    const stats = questionStatistics(rows, TODAY);
    expect(stats.map((s) => s.addressee)).toEqual(["commission", "council", null]);
    expect(stats[0]).toEqual({
      addressee: "commission",
      questions: 5,
      answered: 3,
      medianDaysToAnswer: 60,
      onTimeShare: 2 / 4,
      judged: 4,
    });
    expect(stats[1]).toEqual({
      addressee: "council",
      questions: 2,
      answered: 2,
      medianDaysToAnswer: 20,
      onTimeShare: 0,
      judged: 1,
    });
    expect(stats[2]).toEqual({
      addressee: null,
      questions: 1,
      answered: 1,
      medianDaysToAnswer: null,
      onTimeShare: null,
      judged: 0,
    });
  });

  it("is empty without questions", () => {
    expect(questionStatistics([], TODAY)).toEqual([]);
  });
});
