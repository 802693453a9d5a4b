import { describe, expect, it } from "vitest";
import { median, percentile, replyStatistics, type StatInput } from "./reply-statistics";

describe("median and percentile", () => {
  it("take the middle and the nearest rank", () => {
    expect(median([])).toBeNull();
    expect(median([3])).toBe(3);
    expect(median([1, 3, 10, 20])).toBe(6.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5, 40], 90)).toBe(40);
  });
});

describe("replyStatistics", () => {
  const row = (group: string, over: Partial<StatInput>): StatInput => ({
    group,
    answeredAfterDays: null,
    answeredOnTime: null,
    late: false,
    holdingReplies: 0,
    referrals: 0,
    ...over,
  });
  it("counts per group, with on-time share among the judged ones only", () => {
    const [commission, council] = replyStatistics([
      row("European Commission", { answeredAfterDays: 10, answeredOnTime: true }),
      row("European Commission", { answeredAfterDays: 40, answeredOnTime: false, holdingReplies: 1 }),
      row("European Commission", { late: true, referrals: 1 }),
      row("European Commission", {}),
      row("Council", { answeredAfterDays: 7, answeredOnTime: true }),
    ]);
    expect(commission).toEqual({
      group: "European Commission",
      detail: null,
      sent: 4,
      answered: 2,
      medianDays: 25,
      p90Days: 40,
      onTimeShare: 1 / 3,
      holdingReplies: 1,
      referrals: 1,
    });
    expect(council).toMatchObject({ sent: 1, answered: 1, medianDays: 7, onTimeShare: 1 });
  });
});
