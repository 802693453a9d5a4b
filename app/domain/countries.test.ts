import { describe, expect, it } from "vitest";
import { countryCode, countryName, MEMBER_STATES } from "./countries";

describe("member states", () => {
  it("has the 27 codes of the EU, with EL for Greece", () => {
    expect(MEMBER_STATES.map((m) => m.code).sort()).toEqual(
      "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(" "),
    );
  });
  it("looks up both ways, accepting the EP's spellings, ISO alpha-3 and citizenship URIs", () => {
    expect(countryName("EL")).toBe("Greece");
    expect(countryName("gr")).toBeNull();
    expect(countryCode("Greece")).toBe("EL");
    expect(countryCode("GR")).toBe("EL");
    expect(countryCode("Czech Republic")).toBe("CZ");
    expect(countryCode("Czechia")).toBe("CZ");
    expect(countryCode("the Netherlands")).toBe("NL");
    expect(countryCode("http://publications.europa.eu/resource/authority/country/BEL")).toBe("BE");
    expect(countryCode("United Kingdom")).toBeNull();
    expect(countryCode("")).toBeNull();
  });
});
