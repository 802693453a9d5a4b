import { describe, expect, it } from "vitest";
import {
  answerDeadline,
  answerDocumentId,
  answerTitle,
  answerUrl,
  formatQuestionReference,
  parseQuestionReference,
  parseQuestionReferenceStrict,
  priorityQuestionAvailable,
  questionDocumentId,
  questionUrl,
  termForDate,
  writtenQuestionQuota,
  type QuestionRef,
} from "./question-reference";

function parsed(input: string, opts = {}): QuestionRef {
  const r = parseQuestionReference(input, opts);
  if (!r.ok) throw new Error(`${input}: ${r.error}`);
  return r.value;
}

describe("parseQuestionReference", () => {
  it.each([
    "E-000213/2022",
    "E-0213/2022",
    "e 213/22",
    "E213/2022",
    "E – 000213 / 2022",
    "E-9-2022-000213",
    "https://www.europarl.europa.eu/doceo/document/E-9-2022-000213_EN.html",
  ])("reads %s as E-000213/2022 of the 9th term", (input) => {
    const q = parsed(input);
    expect(formatQuestionReference(q)).toBe("E-000213/2022");
    expect(q).toMatchObject({ type: "E", number: 213, year: 2022, term: 9, isAnswer: false });
  });

  it("recognises answers", () => {
    expect(parsed("E-9-2022-000213-ASW").isAnswer).toBe(true);
    expect(parsed("Answer for question E-000011/22")).toMatchObject({ number: 11, year: 2022, isAnswer: true });
    expect(parsed("https://www.europarl.europa.eu/doceo/document/P-10-2025-001234-ASW_FR.html")).toMatchObject({
      type: "P",
      term: 10,
      isAnswer: true,
    });
  });

  it("accepts H but flags it as possibly discontinued", () => {
    const q = parsed("H-000012/2021");
    expect(q.type).toBe("H");
    expect(q.warnings).toContain("question.typeMayBeDiscontinued");
    expect(parsed("O-000012/2021").warnings).toEqual([]);
  });

  it.each([
    "",
    "X-000213/2022",
    "E-000213",
    "E-0000000/2022",
    "E-000000/2022",
    "E/2022",
    "E-9-2018-000001",
    "E-1234567/2022",
  ])("rejects %j", (input) => {
    expect(parseQuestionReference(input).ok).toBe(false);
  });

  it("leaves the term open in 2024 (and 2019) unless a date, term or document id settles it", () => {
    const open = parsed("E-001357/2024");
    expect(open.term).toBeNull();
    expect(open.warnings).toContain("question.termAmbiguous");
    expect(questionDocumentId(open)).toEqual({ ok: false, error: "question.termAmbiguous" });
    expect(parsed("E-001357/2024", { date: "2024-07-16" }).term).toBe(10);
    expect(parsed("E-001357/2024", { date: "2024-03-01" }).term).toBe(9);
    expect(parsed("E-001357/2024", { term: 10 }).term).toBe(10);
    expect(parsed("E-10-2024-001357").term).toBe(10);
    expect(parsed("E-000100/2019", { date: "2019-07-01" }).term).toBe(8);
    expect(parseQuestionReference("E-000100/2022", { date: "2023-01-05" })).toEqual({
      ok: false,
      error: "question.error.dateYearMismatch",
    });
    expect(parseQuestionReference("E-000100/2022", { term: 10 })).toEqual({
      ok: false,
      error: "question.error.termYearMismatch",
    });
  });
});

describe("terms", () => {
  it("switches on 2 July 2019 and 16 July 2024", () => {
    expect(termForDate("2019-07-01")).toBe(8);
    expect(termForDate("2019-07-02")).toBe(9);
    expect(termForDate("2024-07-15")).toBe(9);
    expect(termForDate("2024-07-16")).toBe(10);
    expect(termForDate("2010-01-01")).toBeNull();
  });
});

describe("formatting and addresses", () => {
  const q = parsed("E-000213/2022");
  it("formats ids, titles and URLs in any EU language", () => {
    expect(formatQuestionReference(q, { shortYear: true })).toBe("E-000213/22");
    expect(questionDocumentId(q)).toEqual({ ok: true, value: "E-9-2022-000213" });
    expect(answerDocumentId(q)).toEqual({ ok: true, value: "E-9-2022-000213-ASW" });
    expect(answerTitle({ type: "E", number: 11, year: 2022 })).toBe("Answer for question E-000011/22");
    expect(questionUrl(q)).toEqual({
      ok: true,
      value: "https://www.europarl.europa.eu/doceo/document/E-9-2022-000213_EN.html",
    });
    expect(answerUrl(q, "nl")).toEqual({
      ok: true,
      value: "https://www.europarl.europa.eu/doceo/document/E-9-2022-000213-ASW_NL.html",
    });
    expect(questionUrl(q, "GA")).toMatchObject({ ok: true });
    expect(questionUrl(q, "xx")).toEqual({ ok: false, error: "question.error.language" });
  });
});

describe("answerDeadline (Rule 144)", () => {
  it("gives six weeks for E and three for P from forwarding", () => {
    expect(answerDeadline({ type: "E", forwardedOn: "2022-01-20", today: "2022-02-01" })).toMatchObject({
      dueOn: "2022-03-03",
      state: "pending",
      daysLate: 0,
      basis: "forwarded",
    });
    expect(answerDeadline({ type: "P", forwardedOn: "2022-01-20", today: "2022-02-15" })).toMatchObject({
      dueOn: "2022-02-10",
      state: "overdue",
      daysLate: 5,
    });
  });
  it("measures lateness of answers and falls back to the tabling date", () => {
    const late = answerDeadline({ type: "E", tabledOn: "2022-01-14", answeredOn: "2022-05-02", today: "2023-01-01" });
    expect(late).toMatchObject({ basis: "tabled", dueOn: "2022-02-25", state: "answered-late", daysLate: 66 });
    expect(
      answerDeadline({ type: "E", forwardedOn: "2022-01-14", answeredOn: "2022-02-25", today: "2023-01-01" }),
    ).toMatchObject({
      state: "answered-on-time",
      daysLate: 0,
    });
  });
  it("does not apply to oral questions", () => {
    expect(answerDeadline({ type: "O", tabledOn: "2022-01-14", today: "2022-06-01" })).toEqual({
      applies: false,
      reason: "question.deadline.notWritten",
    });
  });
});

describe("quota", () => {
  it("counts 20 written questions in a rolling three months", () => {
    const dates = Array.from({ length: 20 }, (_, i) => `2024-01-${String(i + 10).padStart(2, "0")}`);
    const full = writtenQuestionQuota(dates, "2024-02-01");
    expect(full).toMatchObject({ used: 20, remaining: 0, nextSlotOn: "2024-04-10", windowStart: "2023-11-02" });
    expect(writtenQuestionQuota(dates, "2024-04-09").remaining).toBe(0);
    expect(writtenQuestionQuota(dates, "2024-04-10")).toMatchObject({
      used: 19,
      remaining: 1,
      nextSlotOn: "2024-04-10",
    });
    expect(writtenQuestionQuota(["2023-10-01", "2024-02-01"], "2024-02-01")).toMatchObject({ used: 1, remaining: 19 });
  });
  it("allows one priority question per calendar month", () => {
    expect(priorityQuestionAvailable(["2024-03-02"], "2024-03-30")).toEqual({ available: false, nextOn: "2024-04-01" });
    expect(priorityQuestionAvailable(["2024-02-28"], "2024-03-01")).toEqual({ available: true, nextOn: "2024-03-01" });
  });
});

describe("parseQuestionReferenceStrict (what a person types into the register)", () => {
  const today = "2026-12-01";
  it("accepts the full display form and document ids", () => {
    expect(parseQuestionReferenceStrict("E-000213/2022", { today })).toMatchObject({
      ok: true,
      value: { type: "E", number: 213, year: 2022, term: 9 },
    });
    expect(parseQuestionReferenceStrict("e-10-2024-001357", { today })).toMatchObject({
      ok: true,
      value: { term: 10 },
    });
  });
  it("refuses a year after today's", () => {
    expect(parseQuestionReferenceStrict("E-000001/2027", { today })).toEqual({
      ok: false,
      error: "question.error.future",
    });
    expect(parseQuestionReferenceStrict("E-000001/2026", { today }).ok).toBe(true);
    expect(parseQuestionReferenceStrict("E-10-2027-000001", { today: "2027-01-01" }).ok).toBe(true);
  });
  it("offers the full form for a short one instead of expanding it", () => {
    expect(parseQuestionReferenceStrict("E-213/22", { today })).toEqual({
      ok: false,
      error: "question.error.shortForm",
      suggestion: "E-000213/2022",
    });
    expect(parseQuestionReferenceStrict("E-0213/2022", { today })).toMatchObject({ suggestion: "E-000213/2022" });
    expect(parseQuestionReferenceStrict("E-000213/22", { today })).toMatchObject({ suggestion: "E-000213/2022" });
  });
  it("asks for the term when two terms sat that year (an O-question of 2024)", () => {
    expect(parseQuestionReferenceStrict("O-000045/2024", { today })).toEqual({
      ok: false,
      error: "question.error.termNeeded",
      terms: [9, 10],
    });
    expect(parseQuestionReferenceStrict("O-000045/2024", { today, term: 9 })).toMatchObject({
      ok: true,
      value: { type: "O", term: 9 },
    });
    expect(parseQuestionReferenceStrict("O-000045/2024", { today, term: 8 })).toEqual({
      ok: false,
      error: "question.error.termYearMismatch",
    });
  });
});
