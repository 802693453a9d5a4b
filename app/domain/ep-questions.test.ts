import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { addresseeFromCode } from "./question-addressees";
import { authorNamesFromTitle, epDate, mapEpQuestion, parseSavedQuestions } from "./ep-questions";

describe("EP Open Data question records", () => {
  it("maps addressee codes of every era leniently", () => {
    expect(addresseeFromCode("org/COM")).toBe("commission");
    expect(addresseeFromCode("org/EU_COMMISSION")).toBe("commission");
    expect(addresseeFromCode("corporate-body/CONSIL")).toBe("council");
    expect(addresseeFromCode("https://data.europarl.europa.eu/org/EU_COUNCIL")).toBe("council");
    expect(addresseeFromCode("corporate-body/HRUFASP")).toBe("vp-hr");
    expect(addresseeFromCode("HRVP")).toBe("vp-hr");
    expect(addresseeFromCode("org/XYZ")).toBeNull();
  });
  it("reads dates and old UTC date-times as Brussels dates", () => {
    expect(epDate("2024-07-16")).toBe("2024-07-16");
    expect(epDate("2022-01-04T23:00Z")).toBe("2022-01-05");
    expect(epDate("2024-02-30")).toBeNull();
    expect(epDate("yesterday")).toBeNull();
  });
  it("takes author names from the alternative title", () => {
    expect(
      authorNamesFromTitle(
        "Question for written answer E-001357/2024 - to the Council - Rule 144 - João Oliveira (The Left)",
      ),
    ).toEqual(["João Oliveira"]);
    expect(authorNamesFromTitle("Q - to the Commission - Rule 144 - A B (Renew), C D (S&D, Socialists)")).toEqual([
      "A B",
      "C D",
    ]);
  });
  it("maps a detail record", () => {
    const r = mapEpQuestion({
      identifier: "E-10-2024-001357",
      parliamentary_term: "org/ep-10",
      document_date: "2024-07-16",
      creator: ["person/257083"],
      title_dcterms: { en: "Medicines", pt: "Medicamentos" },
      workHadParticipation: [
        { participation_role: "def/ep-roles/AUTHOR", had_participant_person: ["person/257083"] },
        { participation_role: "def/ep-roles/ADDRESSEE", had_participant_organization: ["org/CS"] },
      ],
      inverse_answers_to: [{ identifier: "E-10-2024-001357-ASW", document_date: "2025-02-26" }],
    });
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        type: "E",
        term: 10,
        year: 2024,
        number: 1357,
        reference: "E-001357/2024",
        documentId: "E-10-2024-001357",
        title: "Medicines",
        tabledOn: "2024-07-16",
        addressee: "council",
        unknownAddresseeCodes: [],
        authors: [{ epPersonId: 257083, name: null }],
        answer: { documentId: "E-10-2024-001357-ASW", answeredOn: "2025-02-26" },
      }),
    });
  });
  it("refuses records it cannot read", () => {
    expect(mapEpQuestion({ identifier: "E-10-2026-ABC" })).toMatchObject({ ok: false });
    expect(mapEpQuestion({ identifier: "E-10-2019-000001" })).toMatchObject({ ok: false });
    expect(mapEpQuestion({ identifier: "E-10-2025-000001", parliamentary_term: "org/ep-9" })).toMatchObject({
      ok: false,
    });
    expect(mapEpQuestion({ identifier: "E-10-2025-000001", document_date: "soon" })).toMatchObject({ ok: false });
  });
  it("reads the sample file: questions, bad records by line, unknown addressees, listed-only ids", () => {
    const f = parseSavedQuestions(readFileSync("db/data/questions-sample.jsonld", "utf8"));
    expect(f.questions.map((q) => q.question.documentId).sort()).toEqual([
      "E-10-2024-001357",
      "E-10-2026-004100",
      "E-10-2026-004200",
      "E-10-2026-004300",
      "E-9-2022-000213",
      "O-10-2026-000045",
      "P-10-2026-003900",
    ]);
    expect(f.problems).toEqual([
      { line: 4, record: 2, message: expect.stringContaining("identifier") },
      { line: 5, message: expect.stringContaining("not JSON") },
    ]);
    expect(f.listedOnly).toEqual(["E-10-2026-004400"]);
    const byId = new Map(f.questions.map((q) => [q.question.documentId, q.question]));
    expect(byId.get("E-9-2022-000213")).toMatchObject({ tabledOn: "2022-01-14", addressee: "commission" });
    expect(byId.get("E-10-2026-004300")).toMatchObject({ addressee: null, unknownAddresseeCodes: ["org/XYZ_UNKNOWN"] });
    expect(byId.get("E-10-2026-004200")).toMatchObject({
      addressee: "vp-hr",
      answer: { documentId: "E-10-2026-004200-ASW", answeredOn: null },
      authors: [
        { epPersonId: 990016, name: "Katalin Cseh" },
        { epPersonId: 990032, name: "Bart Groothuis" },
      ],
    });
    expect(byId.get("O-10-2026-000045")?.authors).toEqual([{ bodyCode: "org/ITRE", name: null }]);
  });
  it("reads a single pretty-printed response", () => {
    const f = parseSavedQuestions(
      JSON.stringify({ data: [{ identifier: "E-10-2025-000001", document_date: "2025-01-02" }] }, null, 2),
    );
    expect(f.questions).toHaveLength(1);
    expect(f.problems).toEqual([]);
  });
});
