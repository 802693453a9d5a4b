import { describe, expect, it } from "vitest";
import { NUCTECH_SIGNATORIES } from "#db/data/nuctech-signatories";
import { buildUndersignedBlock, renderBlockText, renderCountLineEn } from "./undersigned-block";

const seed = NUCTECH_SIGNATORIES.map((s) => ({
  givenName: s.givenName,
  familyName: s.familyName,
  group: s.politicalGroup,
  country: s.country,
  party: s.nationalParty,
}));

describe("undersigned block", () => {
  it("lists names by surname, EP style", () => {
    const b = buildUndersignedBlock(seed, { format: "names", term: 9 });
    expect(b.lines).toHaveLength(56);
    expect(b.lines.slice(0, 4)).toEqual(["François Alfonsi", "Petras Auštrevičius", "Malik Azmani", "Gunnar Beck"]);
    expect(b.lines.slice(-3)).toEqual(["Marie-Pierre Vedrenne", "Viola von Cramon-Taubadel", "Lara Wolters"]);
    // Carême between Bütikofer and Chahim (diacritics ignored), Chahim before Chastel.
    expect(b.lines.indexOf("Damien Carême")).toBe(b.lines.indexOf("Reinhard Bütikofer") + 1);
    expect(b.lines.indexOf("Mohammed Chahim")).toBeLessThan(b.lines.indexOf("Olivier Chastel"));
  });
  it("puts lead signatories first", () => {
    const b = buildUndersignedBlock(
      seed.map((s) => ({ ...s, lead: s.familyName === "Groothuis" })),
      { format: "names-group-country", term: 9 },
    );
    expect(b.lines[0]).toBe("Bart Groothuis (Renew, NL)");
    expect(b.lines[1]).toBe("François Alfonsi (Greens/EFA, FR)");
  });
  it("groups by political group in the EP's order", () => {
    const b = buildUndersignedBlock(seed, { format: "by-group", term: 9, countryStyle: "name" });
    expect(b.sections.map((s) => s.group)).toEqual([
      "EPP",
      "S&D",
      "Renew",
      "ID",
      "Greens/EFA",
      "ECR",
      "The Left",
      "NI",
    ]);
    expect(b.sections[0].names[0]).toBe("Tom Berendsen (Netherlands)");
    expect(b.sections.reduce((n, s) => n + s.names.length, 0)).toBe(56);
  });
  it("writes the count line with correct singulars", () => {
    const b = buildUndersignedBlock(seed, { format: "names", term: 9 });
    expect(b.countLine).toEqual({ count: 56, groups: 7, nonAttached: 2, countries: 16 });
    expect(renderCountLineEn(b.countLine)).toBe(
      "56 Members of the European Parliament from 7 political groups and 16 member states, including 2 non-attached Members",
    );
    expect(renderCountLineEn({ count: 56, groups: 8, nonAttached: 0, countries: 14 })).toBe(
      "56 Members of the European Parliament from 8 political groups and 14 member states",
    );
    expect(renderCountLineEn({ count: 1, groups: 1, nonAttached: 0, countries: 1 })).toBe(
      "1 Member of the European Parliament from 1 political group and 1 member state",
    );
    expect(renderCountLineEn({ count: 2, groups: 1, nonAttached: 1, countries: 1 })).toBe(
      "2 Members of the European Parliament from 1 political group and 1 member state, including 1 non-attached Member",
    );
    expect(renderCountLineEn({ count: 1, groups: 0, nonAttached: 1, countries: 1 })).toBe(
      "1 non-attached Member of the European Parliament from 1 member state",
    );
  });
  it("renders plain text", () => {
    const text = renderBlockText(buildUndersignedBlock(seed.slice(0, 2), { format: "by-group", term: 9 }));
    expect(text).toBe(
      "Renew\n  Petras Auštrevičius (LT)\n\nGreens/EFA\n  François Alfonsi (FR)\n\n2 Members of the European Parliament from 2 political groups and 2 member states",
    );
  });
  it("marks a signature given by staff, in every format, only when asked to", () => {
    const people = [
      { givenName: "Ivan", familyName: "Štefanec", group: "EPP", country: "SK" },
      {
        givenName: "Saskia",
        familyName: "Bricmont",
        group: "Greens/EFA",
        country: "BE",
        signedBy: { name: "Eve Aide", role: "Accredited assistant" },
      },
    ];
    const staffMark = (by: { name: string; role: string | null }) => `signed by staff: ${by.name}, ${by.role}`;
    expect(buildUndersignedBlock(people, { format: "names", term: 10, staffMark }).lines).toEqual([
      "Saskia Bricmont — signed by staff: Eve Aide, Accredited assistant",
      "Ivan Štefanec",
    ]);
    expect(buildUndersignedBlock(people, { format: "names-group-country", term: 10, staffMark }).lines[0]).toBe(
      "Saskia Bricmont (Greens/EFA, BE) — signed by staff: Eve Aide, Accredited assistant",
    );
    expect(
      buildUndersignedBlock(people, { format: "by-group", term: 10, staffMark }).sections.flatMap((x) => x.names),
    ).toContain("Saskia Bricmont (BE) — signed by staff: Eve Aide, Accredited assistant");
    expect(buildUndersignedBlock(people, { format: "names", term: 10 }).lines).toEqual([
      "Saskia Bricmont",
      "Ivan Štefanec",
    ]);
  });
});
