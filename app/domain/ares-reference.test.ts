import { describe, expect, it } from "vitest";
import { formatAresPrinted, parseInstitutionReference } from "./ares-reference";

describe("parseInstitutionReference", () => {
  it("reads the plain form", () => {
    expect(parseInstitutionReference("Ares(2023)1234567")).toEqual({
      ok: true,
      value: { kind: "ares", ares: { year: 2023, number: 1234567, date: null }, reference: "Ares(2023)1234567" },
    });
  });
  it("reads the printed form with its date, and the seed's six-digit number", () => {
    const r = parseInstitutionReference("Ref. Ares(2014)3295519 - 06/10/2014");
    expect(r).toMatchObject({ ok: true, value: { reference: "Ares(2014)3295519", ares: { date: "2014-10-06" } } });
    if (r.ok && r.value.kind === "ares")
      expect(formatAresPrinted(r.value.ares)).toBe("Ref. Ares(2014)3295519 - 06/10/2014");
    expect(parseInstitutionReference("Ref. Ares(2017)600083 - 02/02/2017")).toMatchObject({
      ok: true,
      value: { reference: "Ares(2017)600083", ares: { date: "2017-02-02" } },
    });
  });
  it("forgives spacing and case", () => {
    expect(parseInstitutionReference("  ares (2023) 1234567 ")).toMatchObject({
      ok: true,
      value: { reference: "Ares(2023)1234567" },
    });
  });
  it("refuses malformed Ares references", () => {
    for (const bad of ["Ares(23)1234567", "Ares(2023)", "Ares 2023 1234567", "Ares(2023)12345678901", "Ares(2023)0"])
      expect(parseInstitutionReference(bad), bad).toEqual({ ok: false, error: "replies.ares.malformed" });
  });
  it("refuses impossible years and dates", () => {
    expect(parseInstitutionReference("Ares(1999)1234567")).toEqual({ ok: false, error: "replies.ares.year" });
    expect(parseInstitutionReference("Ares(2031)1234567", "2026-12-01")).toEqual({
      ok: false,
      error: "replies.ares.year",
    });
    expect(parseInstitutionReference("Ref. Ares(2024)1234567 - 31/02/2024")).toEqual({
      ok: false,
      error: "replies.ares.date",
    });
    expect(parseInstitutionReference("Ref. Ares(2024)1234567 - 05/03/2023")).toEqual({
      ok: false,
      error: "replies.ares.yearMismatch",
    });
  });
  it("keeps other institutions' references as typed", () => {
    expect(parseInstitutionReference("SGS 23 / 001234")).toEqual({
      ok: true,
      value: { kind: "other", reference: "SGS 23 / 001234" },
    });
  });
});
