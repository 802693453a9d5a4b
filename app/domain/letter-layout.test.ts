import { describe, expect, it } from "vitest";
import { copyNames, placeOnly, salutationLines } from "./letter-layout";

describe("placeOnly", () => {
  it("drops a date typed after the place, so the letter prints one date", () => {
    expect(placeOnly("Brussels, 5 December 2022")).toBe("Brussels");
    expect(placeOnly("Strasbourg, December 5, 2022")).toBe("Strasbourg");
    expect(placeOnly("Bruxelles, le 5 décembre 2022")).toBe("Bruxelles");
    expect(placeOnly("Brüssel, den 5. Dezember 2022")).toBe("Brüssel");
    expect(placeOnly("Brussels 05.12.2022")).toBe("Brussels");
    expect(placeOnly("Brussels, 2022-12-05")).toBe("Brussels");
  });
  it("keeps a place that has no date, numbers in names included", () => {
    expect(placeOnly("Brussels")).toBe("Brussels");
    expect(placeOnly("  Strasbourg  ")).toBe("Strasbourg");
    expect(placeOnly("Rue Wiertz 60, Brussels")).toBe("Rue Wiertz 60, Brussels");
  });
  it("falls back to the default place for an empty line or a bare date", () => {
    expect(placeOnly("")).toBe("Brussels");
    expect(placeOnly(null)).toBe("Brussels");
    expect(placeOnly("5 December 2022")).toBe("Brussels");
    expect(placeOnly(null, "Strasbourg")).toBe("Strasbourg");
  });
});

describe("salutationLines", () => {
  it("gives one line per addressee, each ending in one comma, skipping those without", () => {
    expect(
      salutationLines([
        { name: "Ursula von der Leyen", salutation: "Dear President von der Leyen," },
        { name: "Thierry Breton", salutation: "Dear Commissioner Breton" },
        { name: "Someone", salutation: "  " },
      ]),
    ).toEqual(["Dear President von der Leyen,", "Dear Commissioner Breton,"]);
  });
});

describe("copyNames", () => {
  it("names each copy with role and institution when known", () => {
    expect(
      copyNames([
        { name: "Paolo Gentiloni", role: "Commissioner for Economy", institution: "European Commission" },
        { name: "Cabinet", role: null },
      ]),
    ).toEqual(["Paolo Gentiloni, Commissioner for Economy, European Commission", "Cabinet"]);
  });
});
