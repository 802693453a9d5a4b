import { describe, expect, it } from "vitest";
import { mergeQuotaEntries, questionQuotaPlan, type QuotaEntry } from "./question-quota";

const authored = (key: string, tabledOn: string, type = "E"): QuotaEntry => ({ key, type, tabledOn, role: "author" });

describe("questionQuotaPlan", () => {
  it("allows 20 written questions in a rolling three months and says when the next slot frees", () => {
    const entries = Array.from({ length: 20 }, (_, i) =>
      authored(`q${i}`, `2025-01-${String(i + 5).padStart(2, "0")}`),
    );
    const plan = questionQuotaPlan(entries, "2025-02-10");
    expect(plan).toMatchObject({ used: 20, limit: 20, remaining: 0, nextSlotOn: "2025-04-05" });
    expect(questionQuotaPlan(entries, "2025-04-05")).toMatchObject({
      used: 19,
      remaining: 1,
      nextSlotOn: "2025-04-05",
    });
  });
  it("rolls across a year end", () => {
    const entries = [
      ...Array.from({ length: 10 }, (_, i) => authored(`n${i}`, `2024-11-${String(i + 10).padStart(2, "0")}`)),
      ...Array.from({ length: 10 }, (_, i) => authored(`d${i}`, `2024-12-${String(i + 1).padStart(2, "0")}`)),
    ];
    const jan = questionQuotaPlan(entries, "2025-01-15");
    expect(jan).toMatchObject({ used: 20, remaining: 0, nextSlotOn: "2025-02-10", windowStart: "2024-10-16" });
    expect(questionQuotaPlan(entries, "2025-02-15")).toMatchObject({ used: 14, remaining: 6 });
    expect(questionQuotaPlan(entries, "2025-03-05")).toMatchObject({ used: 5, remaining: 15 });
  });
  it("allows one priority question per calendar month, including over the new year", () => {
    const dec = [authored("p1", "2024-12-30", "P")];
    expect(questionQuotaPlan(dec, "2024-12-31").priority).toEqual({
      usedThisMonth: true,
      available: false,
      nextOn: "2025-01-01",
    });
    expect(questionQuotaPlan(dec, "2025-01-01").priority).toMatchObject({ available: true, nextOn: "2025-01-01" });
    // A priority question is a written question: it uses one of the 20 too.
    expect(questionQuotaPlan(dec, "2024-12-31").used).toBe(1);
  });
  it("does not count supported, oral or undated questions", () => {
    const plan = questionQuotaPlan(
      [
        authored("a", "2025-03-01"),
        { key: "s", type: "E", tabledOn: "2025-03-02", role: "supporter" },
        authored("o", "2025-03-03", "O"),
        { key: "draft", type: "E", tabledOn: null, role: "author" },
        authored("future", "2025-03-20"),
      ],
      "2025-03-10",
    );
    expect(plan).toMatchObject({ used: 1, remaining: 19, supported: 1 });
    expect(plan.counted).toEqual([{ key: "a", type: "E", tabledOn: "2025-03-01" }]);
  });
  it("counts a question in both the register and the imported data once, as authored", () => {
    const entries: QuotaEntry[] = [
      { key: "E-10-2025-000001", type: "E", tabledOn: null, role: "supporter" },
      { key: "E-10-2025-000001", type: "E", tabledOn: "2025-03-01", role: "author" },
      authored("E-10-2025-000002", "2025-03-02"),
      authored("E-10-2025-000002", "2025-03-02"),
    ];
    expect(mergeQuotaEntries(entries)).toHaveLength(2);
    expect(questionQuotaPlan(entries, "2025-03-10")).toMatchObject({ used: 2, supported: 0 });
  });
});
