import { describe, expect, it } from "vitest";
import { isCalendarDate, parseCount, parsePositiveInt } from "./form-values";

describe("form values the database can hold", () => {
  it("accepts int4 positives and nothing else", () => {
    expect(parsePositiveInt("1")).toBe(1);
    expect(parsePositiveInt("2147483647")).toBe(2147483647);
    for (const bad of [
      "0",
      "-1",
      "2147483648",
      "99999999999999999999999",
      "1e23",
      "1.5",
      "0x10",
      "NaN",
      "",
      " 1",
      null,
    ])
      expect(parsePositiveInt(bad), String(bad)).toBeNull();
    expect(parseCount("0")).toBe(0);
  });

  it("accepts only days that exist", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2024-12-31")).toBe(true);
    for (const bad of ["2024-02-31", "2023-02-29", "2024-13-01", "0000-00-00", "99999-12-31", "2024-04-31", "2024-4-1"])
      expect(isCalendarDate(bad), bad).toBe(false);
  });
});
