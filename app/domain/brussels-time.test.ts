import { describe, expect, it } from "vitest";
import { brusselsLocalToUtc, utcToBrusselsLocal } from "./brussels-time";

describe("Brussels deadlines", () => {
  it("converts winter and summer local times", () => {
    expect(brusselsLocalToUtc("2022-12-02T17:00")?.toISOString()).toBe("2022-12-02T16:00:00.000Z");
    expect(brusselsLocalToUtc("2023-07-01T17:00")?.toISOString()).toBe("2023-07-01T15:00:00.000Z");
  });
  it("round-trips", () => {
    const d = new Date("2026-03-29T10:30:00Z");
    expect(brusselsLocalToUtc(utcToBrusselsLocal(d))?.toISOString()).toBe(d.toISOString());
  });
  it("rejects malformed and impossible values", () => {
    for (const bad of [
      "",
      "2022-13-01T10:00",
      "2022-02-30T10:00",
      "tomorrow",
      "2022-12-02 17:00",
      "2022-12-02T25:00",
    ]) {
      expect(brusselsLocalToUtc(bad)).toBeNull();
    }
  });
});
