import { describe, expect, it } from "vitest";
import {
  classifyChange,
  decideVersionKind,
  editDistance,
  isTypoFix,
  linkTargets,
  type VersionContent,
} from "./change-kind";

const to = [{ name: "Ursula von der Leyen", role: "President", institution: "European Commission", salutation: null }];
const v = (plainText: string, extra: Partial<VersionContent> = {}): VersionContent => ({
  subject: "Security risks of Nuctech scanners",
  addressees: to,
  plainText,
  ...extra,
});
const kindOf = (a: string, b: string) => classifyChange(v(a), v(b)).kind;

const BASE =
  "We ask the Commission to exclude Nuctech from all public tenders. The company is linked to the Chinese state. " +
  "We request an answer by 15 March 2023, within the 6 weeks foreseen.";

// Real edits seen on letters, each with the kind the rule must give.
const corpus: Array<[string, string, "editorial" | "substantive"]> = [
  // removed sentence (the letter's main demand), marked "spelling" by the office
  [BASE, BASE.replace("We ask the Commission to exclude Nuctech from all public tenders. ", ""), "substantive"],
  // added sentence
  [BASE, `${BASE} We also ask for an audit of existing contracts.`, "substantive"],
  // changed number
  [BASE, BASE.replace("6 weeks", "8 weeks"), "substantive"],
  // changed date
  [BASE, BASE.replace("15 March", "15 April"), "substantive"],
  [BASE, BASE.replace("2023", "2024"), "substantive"],
  // negation added / removed
  [BASE, BASE.replace("The company is linked", "The company is not linked"), "substantive"],
  ["We do not support the proposal.", "We do support the proposal.", "substantive"],
  ["We can support the proposal.", "We can't support the proposal.", "substantive"],
  ["Wir unterstützen den Vorschlag nicht.", "Wir unterstützen den Vorschlag.", "substantive"],
  // a name changed
  [BASE, BASE.replace("Nuctech", "Nutech"), "substantive"],
  ["Dear Commissioner Breton,", "Dear Commissioner Vestager,", "substantive"],
  // a word replaced by another word of similar spelling but short
  ["This will affect trade.", "This will effect trade.", "substantive"],
  ["We ask for a ban.", "We ask for a plan.", "substantive"],
  // two-letter respelling of a long word is not provably a typo
  ["the principal concern", "the principle concern", "substantive"],
  // punctuation, case, whitespace
  [BASE, BASE.replace("tenders.", "tenders;"), "editorial"],
  [BASE, BASE.replace("The company", "the company"), "editorial"],
  [BASE, BASE.replace(/ /g, "  "), "editorial"],
  [BASE, BASE.replace("Chinese state.", "Chinese state!"), "editorial"],
  ["a “quoted” phrase, here", 'a "quoted" phrase here', "editorial"],
  // line breaks (formatting: a paragraph split)
  [BASE, BASE.replace(". The company", ".\n\nThe company"), "editorial"],
  // provable typo fixes of long words
  ["We recieve many complaints.", "We receive many complaints.", "editorial"],
  ["the goverment has decided", "the government has decided", "editorial"],
  ["to accomodate the request", "to accommodate the request", "editorial"],
  ["we will seperate the two", "we will separate the two", "editorial"],
  // hyphenation and joined words
  ["exclude high risk suppliers", "exclude high-risk suppliers", "editorial"],
  ["send an e-mail", "send an email", "editorial"],
  ["a 5.3 billion budget", "a 53 billion budget", "substantive"],
  ["it is notable", "it is not able", "substantive"],
  // nothing changed at all
  [BASE, BASE, "editorial"],
];

describe("classifyChange: a corpus of real edits", () => {
  it.each(corpus)("%#: %j → %j is %s", (a, b, kind) => {
    expect(kindOf(a, b)).toBe(kind);
  });

  it("says why a change is substantive", () => {
    const r = classifyChange(v(BASE), v(BASE.replace("6 weeks", "8 weeks")));
    expect(r.reasons).toContain("number");
    expect(r.changes).toEqual([{ before: "6", after: "8", reasons: ["number", "words-replaced"] }]);
    expect(classifyChange(v(BASE), v(BASE.replace("is linked", "is not linked"))).reasons).toContain("negation");
    expect(
      classifyChange(v(BASE), v(BASE.replace("We ask the Commission to exclude Nuctech from all public tenders. ", "")))
        .reasons,
    ).toContain("words-removed");
  });

  it("treats a changed subject, addressee or link target as substantive, formatting of the subject as editorial", () => {
    expect(classifyChange(v(BASE), v(BASE, { subject: "Security risks of Nuctech scanners." })).kind).toBe("editorial");
    expect(classifyChange(v(BASE), v(BASE, { subject: "Risks of Nuctech scanners" })).kind).toBe("substantive");
    expect(classifyChange(v(BASE), v(BASE, { addressees: [{ ...to[0], name: "Kaja Kallas" }] })).reasons).toEqual([
      "addressees",
    ]);
    expect(
      classifyChange(v(BASE, { links: ["https://a.example/report"] }), v(BASE, { links: ["https://b.example/x"] }))
        .kind,
    ).toBe("substantive");
  });
});

describe("typo fixes", () => {
  it("needs a long, lower-case, digit-free word respelled by one letter", () => {
    expect(isTypoFix("recieve", "receive")).toBe(true);
    expect(isTypoFix("affect", "effect")).toBe(false); // too short to be sure
    expect(isTypoFix("Commision", "Commission")).toBe(false); // capitalised: could be a name
    expect(isTypoFix("article7", "article8")).toBe(false);
    expect(isTypoFix("principal", "principle")).toBe(false); // two letters
    expect(isTypoFix("cannot", "cannon")).toBe(false);
  });
  it("measures swaps of adjacent letters as one edit", () => {
    expect(editDistance("recieve", "receive")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});

describe("decideVersionKind", () => {
  it("lets the office upgrade editorial to substantive, never the reverse", () => {
    expect(decideVersionKind("substantive", { kind: "editorial" })).toBe("substantive");
    expect(decideVersionKind("editorial", { kind: "editorial" })).toBe("editorial");
    expect(decideVersionKind("editorial", { kind: "substantive" })).toBe("substantive");
    expect(decideVersionKind("substantive", { kind: "substantive" })).toBe("substantive");
  });
});

describe("linkTargets", () => {
  it("lists hrefs in order", () => {
    expect(
      linkTargets('<p><a href="https://x.example/a" rel="noopener">x</a> and <a href="mailto:y@z">y</a></p>'),
    ).toEqual(["https://x.example/a", "mailto:y@z"]);
  });
});
