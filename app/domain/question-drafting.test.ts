import { describe, expect, it } from "vitest";
import {
  annexIIIWarnings,
  countSubQuestions,
  countWords,
  letterCallsForQuestion,
  citedReply,
} from "./question-drafting";

describe("Annex III warnings", () => {
  it("counts words as a reader does", () => {
    expect(countWords("Does the Commission's DG TAXUD re-assess Nuctech's €1bn CCEI tenders?")).toBe(10);
    expect(countWords("")).toBe(0);
  });
  it("warns over 200 words, not at 200", () => {
    const words = (n: number) => Array.from({ length: n }, () => "word").join(" ");
    expect(annexIIIWarnings({ body: words(200), addressee: "commission", ongoingProcedure: false })).toEqual([]);
    expect(annexIIIWarnings({ body: words(201), addressee: "commission", ongoingProcedure: false })).toEqual([
      { key: "question.warning.tooLong", vars: { words: 201, max: 200 } },
    ]);
  });
  it("warns over three sub-questions", () => {
    expect(countSubQuestions("1. Will it? 2. When? 3. How?")).toBe(3);
    expect(countSubQuestions("Intro.\n1. First\n2. Second\n3. Third\n4. Fourth")).toBe(4);
    const w = annexIIIWarnings({ body: "A? B? C? D?", addressee: "commission", ongoingProcedure: false });
    expect(w).toEqual([{ key: "question.warning.tooManySubQuestions", vars: { count: 4, max: 3 } }]);
  });
  it("warns about an ongoing legislative procedure only for the Council", () => {
    expect(annexIIIWarnings({ body: "Why?", addressee: "council", ongoingProcedure: true })).toEqual([
      { key: "question.warning.councilLegislative", vars: {} },
    ]);
    expect(annexIIIWarnings({ body: "Why?", addressee: "commission", ongoingProcedure: true })).toEqual([]);
  });
});

describe("letterCallsForQuestion", () => {
  it("asks for a question once an unanswered letter is overdue, not after a reply", () => {
    expect(letterCallsForQuestion("2025-01-06", [], "2025-02-17")).toBe(false);
    expect(letterCallsForQuestion("2025-01-06", [], "2025-02-18")).toBe(true);
    expect(letterCallsForQuestion("2025-01-06", [{ receivedOn: "2025-02-10", kind: "holding" }], "2025-03-01")).toBe(
      true,
    );
    expect(letterCallsForQuestion("2025-01-06", [{ receivedOn: "2025-02-10", kind: "reply" }], "2025-03-01")).toBe(
      false,
    );
    expect(letterCallsForQuestion(null, [], "2025-03-01")).toBe(false);
  });
  it("reads the kinds replies are stored with: a substantive reply stops the clock, the other kinds do not", () => {
    const after = (kind: string) =>
      letterCallsForQuestion("2025-01-06", [{ receivedOn: "2025-02-10", kind }], "2025-03-01");
    expect(after("substantive")).toBe(false);
    expect(after("acknowledgement")).toBe(true);
    expect(after("referral")).toBe(true);
    expect(after("holding")).toBe(true);
  });
});

describe("citedReply", () => {
  const replies = [
    { id: "r1", theirReference: null },
    { id: "r2", theirReference: "Ares(2023)1234567" },
    { id: "r3", theirReference: "Ref. 12" },
  ];
  it("finds the reply whose reference the question quotes, without case or spacing", () => {
    expect(citedReply("In its reply ARES (2023) 1234567 the Commission…", replies)?.id).toBe("r2");
    expect(citedReply("No reference here.", replies)).toBeNull();
  });
});
