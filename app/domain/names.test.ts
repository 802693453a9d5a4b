import { describe, expect, it } from "vitest";
import { NUCTECH_SIGNATORIES } from "#db/data/nuctech-signatories";
import { EP_FULL_NAMES } from "#tests/fixtures/ep-full-names";
import {
  compareByEpOrder,
  displayFamily,
  epSortKey,
  foldDiacritics,
  normaliseName,
  searchKeyOf,
  sortByEpOrder,
  splitEpFullName,
  splitParticles,
  fullName,
} from "./names";

describe("folding", () => {
  it("removes diacritics and maps letters that have no decomposition", () => {
    expect(foldDiacritics("Štefanec Auštrevičius Mituța Dragoș Ştefănuţă")).toBe(
      "Stefanec Austrevicius Mituta Dragos Stefanuta",
    );
    expect(foldDiacritics("Łukasz Radosław Løkkegaard Straße Ďuriš")).toBe("Lukasz Radoslaw Lokkegaard Strasse Duris");
    expect(normaliseName("  Sophie  IN ’T   VELD ")).toBe("sophie in 't veld");
    expect(searchKeyOf("Ivan", "Štefanec")).toBe("ivan stefanec");
  });
});

describe("EP surname order", () => {
  it("sorts by surname ignoring case and diacritics, particles included (EP style)", () => {
    const people = [
      { givenName: "Caroline", familyName: "Roose" },
      { givenName: "Viola", familyName: "von Cramon-Taubadel" },
      { givenName: "Ivan", familyName: "Štefanec" },
      { givenName: "Rob", familyName: "Roos" },
      { givenName: "Esther", familyName: "de Lange" },
      { givenName: "Michal", familyName: "Šimečka" },
      { givenName: "Tineke", familyName: "Strik" },
      { givenName: "Karima", familyName: "Delli" },
    ];
    expect(sortByEpOrder(people).map((p) => p.familyName)).toEqual([
      "de Lange",
      "Delli",
      "Roos",
      "Roose",
      "Šimečka",
      "Štefanec",
      "Strik",
      "von Cramon-Taubadel",
    ]);
  });
  it("can ignore particles (national practice) on request", () => {
    expect(epSortKey("Viola", "von Cramon-Taubadel")).toBe("VONCRAMONTAUBADEL VIOLA");
    expect(epSortKey("Viola", "von Cramon-Taubadel", { particles: "ignore" })).toBe("CRAMONTAUBADEL VIOLA");
    expect(splitParticles("van der Sanden")).toEqual({ particles: "van der", core: "Sanden" });
    expect(splitParticles("Van")).toEqual({ particles: "", core: "Van" });
  });
  it("is a total order on the seed signatories (stable, antisymmetric)", () => {
    const sorted = sortByEpOrder(NUCTECH_SIGNATORIES);
    expect(sorted[0].familyName).toBe("Alfonsi");
    expect(sorted[sorted.length - 1].familyName).toBe("Wolters");
    for (let i = 1; i < sorted.length; i++) expect(compareByEpOrder(sorted[i - 1], sorted[i])).toBeLessThan(0);
    // Štefanec and Šimečka sort among the S, not after Z.
    const s = sorted.map((p) => p.familyName);
    expect(s.indexOf("Šimečka")).toBeLessThan(s.indexOf("Štefanec"));
    expect(s.indexOf("Satouri")).toBeLessThan(s.indexOf("Šimečka"));
    expect(s.indexOf("Štefanec")).toBeLessThan(s.indexOf("Strik"));
  });
});

describe("EP XML full names", () => {
  it.each([
    ["Bas EICKHOUT", "Bas", "Eickhout", undefined],
    ["Ursula VON DER LEYEN", "Ursula", "von der Leyen", "DE"],
    ["Juan Fernando LÓPEZ AGUILAR", "Juan Fernando", "López Aguilar", "ES"],
    ["Sophie IN 'T VELD", "Sophie", "in 't Veld", "NL"],
    ["Kathleen VAN BREMPT", "Kathleen", "Van Brempt", "BE"],
    ["Paolo DE CASTRO", "Paolo", "De Castro", "IT"],
    ["Pilar DEL CASTILLO VERA", "Pilar", "del Castillo Vera", "ES"],
    ["Chris MacMANUS", "Chris", "MacManus", "IE"],
    ["Grace O'SULLIVAN", "Grace", "O'Sullivan", "IE"],
    ["Gwendoline DELBOS-CORFIELD", "Gwendoline", "Delbos-Corfield", "FR"],
    ["Lucia ĎURIŠ NICHOLSONOVÁ", "Lucia", "Ďuriš Nicholsonová", "SK"],
    ["Bert-Jan RUISSEN", "Bert-Jan", "Ruissen", "NL"],
    ["Luke Ming FLANAGAN", "Luke Ming", "Flanagan", "IE"],
  ])("%s → %s + %s", (full, given, family, country) => {
    expect(splitEpFullName(full, { country })).toMatchObject({ givenName: given, familyName: family });
  });
  it(`keeps the EP's spelling on a corpus of ${EP_FULL_NAMES.length} real Members' names`, () => {
    const wrong = EP_FULL_NAMES.flatMap((e) => {
      const got = splitEpFullName(e.printed, { country: e.country });
      return got.givenName === e.given && got.familyName === e.family
        ? []
        : [
            `${e.printed} (${e.country}) → "${got.givenName}" + "${got.familyName}", expected "${e.given}" + "${e.family}"`,
          ];
    });
    expect(wrong).toEqual([]);
  });
  it("keeps lower case the EP (or a person) wrote, and capitalises only what is in capitals", () => {
    expect(displayFamily("NAGTEGAAL-van DOORN", { country: "NL" })).toBe("Nagtegaal-van Doorn");
    expect(displayFamily("McALLISTER")).toBe("McAllister");
    expect(displayFamily("McAllister")).toBe("McAllister");
    expect(displayFamily("Nagtegaal-van Doorn")).toBe("Nagtegaal-van Doorn");
    expect(displayFamily("PASCUAL DE LA PARTE", { country: "ES" })).toBe("Pascual de la Parte");
    expect(displayFamily("VAN BREMPT", { country: "BE" })).toBe("Van Brempt");
    expect(displayFamily("Van Brempt", { country: "NL" })).toBe("Van Brempt");
  });
  it("copes with names that are all capitals or have none", () => {
    expect(splitEpFullName("BAS EICKHOUT")).toMatchObject({ givenName: "BAS", familyName: "Eickhout" });
    expect(splitEpFullName("Bas Eickhout")).toMatchObject({ givenName: "Bas", familyName: "Eickhout" });
  });
  it("leaves surnames a person wrote in mixed case alone", () => {
    expect(displayFamily("van Dalen")).toBe("van Dalen");
    expect(displayFamily("VAN DALEN", { country: "NL" })).toBe("van Dalen");
  });
});

describe("fullName", () => {
  it("writes given then family name, without stray spaces when one is missing", () => {
    expect(fullName({ givenName: "Bas", familyName: "Eickhout" })).toBe("Bas Eickhout");
    expect(fullName({ givenName: null, familyName: "Eickhout" })).toBe("Eickhout");
    expect(fullName({ givenName: " Bas ", familyName: "" })).toBe("Bas");
  });
});
