import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NUCTECH_SIGNATORIES } from "#db/data/nuctech-signatories";
import {
  epListEntryKey,
  mergeEpPersons,
  parseMepFile,
  parseMepJsonLd,
  parseMepXml,
  readSavedEpResponses,
  type ParsedMepList,
  type ParseResult,
} from "./mep-import";

const xml = readFileSync("db/data/meps-sample.xml", "utf8");
const jsonld = readFileSync("db/data/meps-sample.jsonld", "utf8");

function ok(r: ParseResult): ParsedMepList {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe("sample files", () => {
  it("parse without problems and agree with each other", () => {
    const a = ok(parseMepXml(xml, { term: 9 }));
    const b = ok(parseMepJsonLd(jsonld, { today: "2022-12-01" }));
    expect(a.meps).toHaveLength(90);
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    expect(b.term).toBe(9);
    const strip = (m: (typeof a.meps)[number]) => ({ ...m, email: null, groupSince: null });
    expect(b.meps.map(strip)).toEqual(a.meps.map(strip));
    expect(new Set(a.meps.map((m) => m.country)).size).toBe(27);
  });
  it("contain every seed signatory with the same name, group, country and party", () => {
    const byId = new Map(ok(parseMepXml(xml, { term: 9 })).meps.map((m) => [m.epId, m]));
    for (const s of NUCTECH_SIGNATORIES) {
      expect(byId.get(s.epId)).toMatchObject({
        givenName: s.givenName,
        familyName: s.familyName,
        country: s.country,
        politicalGroup: s.politicalGroup,
        nationalParty: s.nationalParty,
      });
    }
  });
  it("reads e-mail (mailto:) and the current group from JSON-LD memberships", () => {
    const b = ok(parseMepFile(jsonld, { today: "2022-12-01" }));
    const meuthen = b.meps.find((m) => m.familyName === "Meuthen");
    expect(meuthen).toMatchObject({
      politicalGroup: "NI",
      groupSince: "2022-01-28",
      email: "jorg.meuthen@europarl.example",
    });
    // On a day when the earlier membership was current, that one applies.
    const earlier = ok(parseMepFile(jsonld, { today: "2021-06-01" })).meps.find((m) => m.familyName === "Meuthen");
    expect(earlier?.politicalGroup).toBe("ID");
  });
});

describe("the term of a list that does not say", () => {
  const mep = (id: number, group: string) =>
    `<mep><fullName>Member NUMBER${id}</fullName><country>Belgium</country><politicalGroup>${group}</politicalGroup><id>${id}</id></mep>`;
  const list = (...groups: string[]) => `<meps>${groups.map((g, i) => mep(i + 1, g)).join("")}</meps>`;

  it("is the 9th when Identity and Democracy is in it, so every group has its short label", () => {
    const r = ok(parseMepXml(xml, { today: "2026-11-28" }));
    expect(r.term).toBe(9);
    expect(r.termSource).toBe("groups");
    expect(r.unknownGroups).toEqual([]);
    expect(r.meps.filter((m) => m.politicalGroup === "ID").length).toBeGreaterThan(0);
  });
  it("is the 10th when Patriots for Europe or Europe of Sovereign Nations is in it", () => {
    for (const g of ["Patriots for Europe Group", "Europe of Sovereign Nations Group"]) {
      const r = ok(parseMepXml(list("Renew Europe Group", g), { today: "2022-12-01" }));
      expect(r.term).toBe(10);
      expect(r.unknownGroups).toEqual([]);
    }
  });
  it("is asked for when the groups cannot tell (only groups of both terms, or groups of both only-terms)", () => {
    const none = parseMepXml(list("Renew Europe Group", "Non-attached Members"));
    expect(none).toMatchObject({ ok: false, needsTerm: "no-evidence" });
    const mixed = parseMepXml(list("Identity and Democracy Group", "Patriots for Europe Group"));
    expect(mixed).toMatchObject({ ok: false, needsTerm: "conflicting" });
  });
  it("reports which term the groups point to when a term was chosen, so a wrong choice can be caught", () => {
    const r = ok(parseMepXml(xml, { term: 10 }));
    expect(r.termSource).toBe("given");
    expect(r.groupTerm).toEqual({ term: 9, markers: ["Identity and Democracy Group"] });
  });
});

describe("defensive parsing", () => {
  it("reports malformed entries, unknown countries and duplicates, and keeps the rest", () => {
    const r = ok(
      parseMepXml(
        `<meps>
          <mep><fullName>Bas EICKHOUT</fullName><country>Netherlands</country><politicalGroup>Group of the Greens/European Free Alliance</politicalGroup><id>1</id><nationalPoliticalGroup>GroenLinks</nationalPoliticalGroup></mep>
          <mep><fullName>No Id</fullName><country>Netherlands</country><politicalGroup>Renew Europe Group</politicalGroup></mep>
          <mep><fullName>Nigel FARAGE</fullName><country>United Kingdom</country><politicalGroup>Non-attached Members</politicalGroup><id>2</id></mep>
          <mep><fullName>Bas EICKHOUT</fullName><country>Netherlands</country><politicalGroup>Renew Europe Group</politicalGroup><id>1</id></mep>
          <mep><fullName>Jane DOE</fullName><country>Malta</country><politicalGroup>Group of the Future</politicalGroup><id>3</id></mep>
          <mep><country>Malta</country><politicalGroup>Renew Europe Group</politicalGroup><id>4</id></mep>
        </meps>`,
        { term: 9 },
      ),
    );
    expect(r.meps.map((m) => m.epId)).toEqual([1, 3]);
    expect(r.problems.map((p) => [p.entry, p.kind])).toEqual([
      [2, "malformed"],
      [3, "unknown-country"],
      [4, "duplicate"],
      [5, "unknown-group"],
      [6, "malformed"],
    ]);
    expect(r.unknownGroups).toEqual(["Group of the Future"]);
    expect(r.meps[1]).toMatchObject({ politicalGroup: "Group of the Future", groupKnown: false });
  });
  it("reports a group that does not exist in the chosen term", () => {
    const r = ok(parseMepXml(xml, { term: 10 }));
    expect(r.unknownGroups).toEqual(["Identity and Democracy Group"]);
    expect(r.meps).toHaveLength(90);
  });
  it("returns an error, not an exception, for files that are not MEP lists", () => {
    expect(parseMepXml("<meps><mep>", { term: 9 }).ok).toBe(false);
    expect(parseMepXml("<html></html>", { term: 9 })).toEqual({
      ok: false,
      error: "No <meps> element: this is not the EP's MEP list.",
    });
    expect(parseMepJsonLd("{ nope", {}).ok).toBe(false);
    expect(parseMepJsonLd({ items: [] }, {}).ok).toBe(false);
    expect(parseMepFile("fullName,country\n", {}).ok).toBe(false);
    expect(ok(parseMepXml("<meps></meps>", { term: 9 })).meps).toEqual([]);
  });
  it("reads JSON-LD variants: label only, id path, email array, citizenship, api:political-group", () => {
    const r = ok(
      parseMepJsonLd(
        {
          data: [
            {
              id: "person/1294",
              label: "Elio DI RUPO",
              hasEmail: ["mailto:Elio.DiRupo@europarl.example"],
              "api:country-of-representation": "BE",
              "api:political-group": "S&D",
            },
            {
              identifier: "7",
              givenName: "Ana",
              familyName: "MIRANDA PAZ",
              citizenship: "http://publications.europa.eu/resource/authority/country/ESP",
              "api:political-group": "Verts/ALE",
            },
            "not an object",
            { identifier: "8", givenName: "X", familyName: "Y", "api:country-of-representation": "FR" },
          ],
        },
        { term: 10 },
      ),
    );
    expect(r.meps).toEqual([
      expect.objectContaining({
        epId: 1294,
        givenName: "Elio",
        familyName: "Di Rupo",
        email: "elio.dirupo@europarl.example",
        politicalGroup: "S&D",
      }),
      expect.objectContaining({ epId: 7, familyName: "Miranda Paz", country: "ES", politicalGroup: "Greens/EFA" }),
    ]);
    expect(r.problems.map((p) => [p.entry, p.kind])).toEqual([
      [3, "malformed"],
      [4, "malformed"],
    ]);
  });
  it("keeps the EP's spelling of a surname from the label when familyName comes in capitals", () => {
    const person = (identifier: string, label: string, givenName: string, familyName: string) => ({
      identifier,
      label,
      givenName,
      familyName,
      "api:country-of-representation": "NL",
      "api:political-group": "EPP",
    });
    const r = ok(
      parseMepJsonLd(
        {
          data: [
            person("1", "David McALLISTER", "David", "MCALLISTER"),
            person("2", "Caroline NAGTEGAAL-van DOORN", "Caroline", "NAGTEGAAL-VAN DOORN"),
            person("3", "Esther de LANGE", "Esther", "de Lange"),
            person("4", "Sophia in 't VELD", "Sophia", "IN 'T VELD"),
          ],
        },
        { term: 10 },
      ),
    );
    expect(r.meps.map((m) => m.familyName)).toEqual(["McAllister", "Nagtegaal-van Doorn", "de Lange", "in 't Veld"]);
  });
});

describe("list entries and detail records of the live API", () => {
  const entry = {
    id: "person/124810",
    type: "Person",
    identifier: "124810",
    label: "David McALLISTER",
    givenName: "David",
    familyName: "McAllister",
    "api:country-of-representation": "DE",
    "api:political-group": "EPP",
  };
  const detail = {
    id: "person/124810",
    type: "Person",
    identifier: "124810",
    label: "David McALLISTER",
    givenName: "David",
    familyName: "McAllister",
    hasEmail: "mailto:david.mcallister@europarl.europa.eu",
    hasMembership: [
      {
        memberDuring: { startDate: "2024-07-16" },
        organization: "org/ep-10",
        membershipClassification: "def/ep-entities/EU_INSTITUTION",
      },
      {
        memberDuring: { startDate: "2024-07-16" },
        organization: "org/7018",
        membershipClassification: "def/ep-entities/EU_POLITICAL_GROUP",
      },
    ],
  };

  it("merges one record per person, the detail's fields winning and the list entry filling the rest", () => {
    for (const order of [
      [entry, detail],
      [detail, entry],
    ]) {
      const [one, ...rest] = mergeEpPersons(order) as Array<Record<string, unknown>>;
      expect(rest).toEqual([]);
      expect(one).toMatchObject({ "api:political-group": "EPP", hasEmail: detail.hasEmail });
    }
    // A record without a person number is kept, for the parser to report.
    expect(mergeEpPersons([{ label: "?" }, entry])).toHaveLength(2);
  });

  it("reads JSON Lines of list and detail responses into Members with group, term and e-mail", () => {
    const text = [
      JSON.stringify({ data: [entry] }),
      "",
      JSON.stringify({ message: "Pending acquire queue has reached its maximum size" }),
      JSON.stringify({ data: [detail] }),
    ].join("\n");
    const saved = readSavedEpResponses(text);
    expect(saved.ok && saved.data).toHaveLength(1);
    const r = ok(parseMepFile(text, { today: "2026-12-02" }));
    expect(r).toMatchObject({ format: "ep-jsonld", term: 10, termSource: "file", problems: [] });
    expect(r.meps).toEqual([
      expect.objectContaining({
        epId: 124810,
        familyName: "McAllister",
        country: "DE",
        politicalGroup: "EPP",
        email: "david.mcallister@europarl.europa.eu",
        groupSince: "2024-07-16",
      }),
    ]);
    expect(readSavedEpResponses('{"data": []}\n{broken')).toMatchObject({
      ok: false,
      error: expect.stringContaining("line 2"),
    });
  });

  it("keys a list entry by what a cached detail depends on", () => {
    expect(epListEntryKey(entry)).toBe(epListEntryKey({ ...entry, sortLabel: "MCALLISTER" }));
    expect(epListEntryKey(entry)).not.toBe(epListEntryKey({ ...entry, "api:political-group": "PfE" }));
  });
});
