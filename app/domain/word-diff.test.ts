import { describe, expect, it } from "vitest";
import { diffSides, diffTokens, diffWords, mergeOps, tokenize, type DiffOp } from "./word-diff";

const changes = (ops: DiffOp[]) => ops.filter((o) => o.op !== "equal");

describe("tokenize", () => {
  it("splits words, whitespace and punctuation, and loses nothing", () => {
    expect(tokenize("Dear President,  we don't agree (5.3%).")).toEqual([
      "Dear",
      " ",
      "President",
      ",",
      "  ",
      "we",
      " ",
      "don't",
      " ",
      "agree",
      " ",
      "(",
      "5.3",
      "%",
      ")",
      ".",
    ]);
    const s = "Zürich — naïve café\n\nE-000213/2022 «quote» 😀 x";
    expect(tokenize(s).join("")).toBe(s);
  });
});

describe("diffWords on hand-made cases", () => {
  it("identical texts are one equal run", () => {
    expect(diffWords("same text here", "same text here")).toEqual([{ op: "equal", text: "same text here" }]);
  });

  it("handles empty sides", () => {
    expect(diffWords("", "")).toEqual([]);
    expect(diffWords("", "new text")).toEqual([{ op: "insert", text: "new text" }]);
    expect(diffWords("old text", "")).toEqual([{ op: "delete", text: "old text" }]);
  });

  it("shows an inserted word", () => {
    expect(diffWords("we urge the Commission", "we strongly urge the Commission")).toEqual([
      { op: "equal", text: "we " },
      { op: "insert", text: "strongly " },
      { op: "equal", text: "urge the Commission" },
    ]);
  });

  it("shows a deleted word", () => {
    expect(diffWords("the very important point", "the important point")).toEqual([
      { op: "equal", text: "the " },
      { op: "delete", text: "very " },
      { op: "equal", text: "important point" },
    ]);
  });

  it("shows a replaced word as delete then insert", () => {
    expect(diffWords("by 5 December 2022", "by 7 December 2022")).toEqual([
      { op: "equal", text: "by " },
      { op: "delete", text: "5" },
      { op: "insert", text: "7" },
      { op: "equal", text: " December 2022" },
    ]);
  });

  it("reads a replaced phrase as one change, not word-by-word with stray spaces", () => {
    expect(diffWords("I saw the cat today", "I saw a dog today")).toEqual([
      { op: "equal", text: "I saw " },
      { op: "delete", text: "the cat" },
      { op: "insert", text: "a dog" },
      { op: "equal", text: " today" },
    ]);
  });

  it("treats punctuation as its own token", () => {
    expect(changes(diffWords("security above price.", "security above price;"))).toEqual([
      { op: "delete", text: "." },
      { op: "insert", text: ";" },
    ]);
    expect(changes(diffWords("Dear Ms Metsola", "Dear Ms Metsola,"))).toEqual([{ op: "insert", text: "," }]);
  });

  it("does not match inside words", () => {
    expect(changes(diffWords("procurement", "procurements"))).toEqual([
      { op: "delete", text: "procurement" },
      { op: "insert", text: "procurements" },
    ]);
  });

  it("keeps paragraph breaks as unchanged context", () => {
    const ops = diffWords("First para.\n\nSecond para.", "First para.\n\nSecond paragraph.");
    expect(ops[0]).toEqual({ op: "equal", text: "First para.\n\nSecond " });
    expect(changes(ops)).toEqual([
      { op: "delete", text: "para" },
      { op: "insert", text: "paragraph" },
    ]);
  });

  it("handles moved sentences as a delete and an insert", () => {
    const ops = diffWords("A. B. C.", "B. C. A.");
    expect(diffSides(ops)).toEqual({ before: "A. B. C.", after: "B. C. A." });
    expect(changes(ops).map((o) => o.text.trim())).toEqual(["A.", "A."]);
  });
});

describe("mergeOps", () => {
  it("joins runs and puts deletions before insertions", () => {
    expect(
      mergeOps([
        { op: "equal", text: "a" },
        { op: "equal", text: " " },
        { op: "insert", text: "x" },
        { op: "delete", text: "b" },
        { op: "insert", text: "y" },
        { op: "delete", text: "" },
        { op: "equal", text: "c" },
      ]),
    ).toEqual([
      { op: "equal", text: "a " },
      { op: "delete", text: "b" },
      { op: "insert", text: "xy" },
      { op: "equal", text: "c" },
    ]);
  });
});

/** Reference LCS length by dynamic programming, for checking that the Myers script is shortest. */
function lcsLength(a: string[], b: string[]): number {
  const row = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let prev = 0;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = a[i - 1] === b[j - 1] ? prev + 1 : Math.max(row[j], row[j - 1]);
      prev = tmp;
    }
  }
  return row[b.length];
}

describe("diffTokens against a reference", () => {
  // Deterministic pseudo-random cases (mulberry32) so a failure is reproducible.
  let seed = 12345;
  const rand = () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const words = ["the", "a", "letter", "MEP", ",", ".", " ", "  ", "\n", "vote"];
  const randomTokens = (n: number) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]);

  it("reproduces both inputs and is a shortest edit script on 300 random cases", () => {
    for (let i = 0; i < 300; i++) {
      const a = randomTokens(Math.floor(rand() * 40));
      const b =
        rand() < 0.5 ? randomTokens(Math.floor(rand() * 40)) : a.filter(() => rand() < 0.8).concat(randomTokens(3));
      const ops = diffTokens(a, b);
      expect(ops.filter((o) => o.op !== "insert").map((o) => o.text)).toEqual(a);
      expect(ops.filter((o) => o.op !== "delete").map((o) => o.text)).toEqual(b);
      expect(ops.filter((o) => o.op === "equal").length).toBe(lcsLength(a, b));
    }
  });

  it("diffWords sides always reproduce the texts", () => {
    for (let i = 0; i < 100; i++) {
      const a = randomTokens(30).join("");
      const b = randomTokens(30).join("");
      expect(diffSides(diffWords(a, b))).toEqual({ before: a, after: b });
    }
  });

  it("copes with long, completely different texts", () => {
    const a = Array.from({ length: 4000 }, (_, i) => `w${i}`).join(" ");
    const b = Array.from({ length: 4000 }, (_, i) => `v${i}`).join(" ");
    const ops = diffWords(a, b);
    expect(diffSides(ops)).toEqual({ before: a, after: b });
  });
});
