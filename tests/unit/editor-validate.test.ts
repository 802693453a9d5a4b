import { describe, expect, it } from "vitest";
import { editorJsonFromBlocks, emptyEditorJson, inlineNodes, markedTextFromEditorJson } from "#app/editor/build";
import { isSafeLinkUrl, normaliseLinkInput, splitLinks } from "#app/editor/url";
import { EDITOR_LIMITS, validateEditorJson } from "#app/editor/validate";

const t = (text: string) => ({ type: "text", version: 1, text, format: 0, detail: 0, mode: "normal", style: "" });
const p = (...children: unknown[]) => ({ type: "paragraph", version: 1, children });
const doc = (...children: unknown[]) => ({ root: { type: "root", version: 1, children } });

/** Paragraph nested in `levels` quote-free list levels: root > list > listitem > list > … */
function nestedLists(levels: number) {
  let item: Record<string, unknown> = { type: "listitem", version: 1, children: [t("x")] };
  for (let i = 1; i < levels; i++)
    item = {
      type: "listitem",
      version: 1,
      children: [{ type: "list", version: 1, listType: "bullet", children: [item] }],
    };
  return doc({ type: "list", version: 1, listType: "bullet", children: [item] });
}

describe("validateEditorJson", () => {
  it("accepts the builder's output, as an object and as JSON text", () => {
    const json = editorJsonFromBlocks([
      { type: "h2", text: "T" },
      { type: "p", text: "x[^n]" },
      { type: "ul", items: ["a"] },
      { type: "quote", text: "q" },
    ]);
    expect(validateEditorJson(json).ok).toBe(true);
    expect(validateEditorJson(JSON.stringify(json))).toEqual({ ok: true, state: json });
    expect(validateEditorJson(emptyEditorJson()).ok).toBe(true);
  });

  it("accepts headings h1–h4 and refuses h5 with a clear message", () => {
    for (const tag of ["h1", "h2", "h3", "h4"])
      expect(validateEditorJson(doc({ type: "heading", tag, children: [t("x")] })).ok).toBe(true);
    expect(validateEditorJson(doc({ type: "heading", tag: "h5", children: [t("x")] }))).toMatchObject({
      ok: false,
      error: "Only heading levels 1 to 4 are allowed.",
    });
  });

  it("names the refused node type", () => {
    expect(validateEditorJson(doc({ type: "image", children: [] }))).toMatchObject({
      ok: false,
      error: "The letter contains an element that is not allowed: “image”.",
      errorKey: "editor.invalid.nodeType",
    });
  });

  it("refuses inline styles", () => {
    expect(validateEditorJson(doc(p({ ...t("x"), style: "color: red" })))).toMatchObject({
      ok: false,
      error: "Inline styles are not allowed in the letter text.",
    });
    expect(validateEditorJson(doc(p({ ...t("x"), style: "  " }))).ok).toBe(false);
  });

  it("accepts http, https and mailto links and refuses the rest with the URL in the message", () => {
    for (const url of [
      "https://www.europarl.europa.eu/x?a=1#b",
      "http://example.eu",
      "mailto:office@example.eu",
      "MAILTO:x@y.eu",
      "HTTPS://EXAMPLE.EU/",
    ])
      expect(validateEditorJson(doc(p({ type: "link", url, children: [t("l")] }))).ok, url).toBe(true);
    const r = validateEditorJson(doc(p({ type: "link", url: "data:text/html,hi", children: [t("l")] })));
    expect(r).toMatchObject({
      ok: false,
      error: "Links may only point to http, https or mailto addresses (refused: “data:text/html,hi”).",
    });
  });

  it("enforces the depth limit exactly", () => {
    // root(1) > list(2) > listitem(3) > list(4) … a listitem at level n sits at depth 2n+1, its text at 2n+2.
    const deepest = Math.floor((EDITOR_LIMITS.maxDepth - 2) / 2);
    expect(validateEditorJson(nestedLists(deepest)).ok).toBe(true);
    expect(validateEditorJson(nestedLists(deepest + 1))).toMatchObject({
      ok: false,
      error: `The letter is nested too deeply (more than ${EDITOR_LIMITS.maxDepth} levels).`,
    });
  });

  it("enforces the text and JSON size limits with sizes in the message", () => {
    const tooMuchText = doc(...Array.from({ length: 5 }, () => p(t("x".repeat(45_000)))));
    const r = validateEditorJson(tooMuchText);
    expect(r).toMatchObject({ ok: false, errorKey: "editor.invalid.textTooLong" });
    expect(!r.ok && r.error).toContain("200,000");
    const justUnder = doc(p(t("x".repeat(EDITOR_LIMITS.maxTextChars - 10))));
    expect(validateEditorJson(justUnder).ok).toBe(true);
    const big = validateEditorJson(JSON.stringify(doc(p(t("é".repeat(600_000))))));
    expect(big).toMatchObject({ ok: false, errorKey: "editor.invalid.tooLarge" });
    expect(!big.ok && big.error).toMatch(/\(1,20\d kB; the limit is 1,000 kB\)/);
  });

  it("gives a plain message for input that is not editor JSON at all", () => {
    for (const input of [null, 1, "nope", "[]", [], { root: null }])
      expect(validateEditorJson(input)).toMatchObject({
        ok: false,
        error: "The letter text could not be read (it is not valid editor JSON).",
      });
  });

  it("describes structural problems", () => {
    expect(validateEditorJson(doc(t("loose text")))).toMatchObject({
      ok: false,
      error: "The letter text is malformed: a text cannot be placed inside a root.",
    });
  });
});

describe("link URLs", () => {
  it("allows only plainly written http(s) and mailto URLs", () => {
    expect(isSafeLinkUrl("https://example.eu/path?q=1")).toBe(true);
    expect(isSafeLinkUrl("mailto:a@b.eu?subject=Hi%20there")).toBe(true);
    for (const bad of [
      "javascript:alert(1)",
      "https://a.eu/x y",
      "https://a.eu/\u200b",
      "https:/a",
      "mailto:",
      5,
      null,
      "https://" + "a".repeat(3000),
    ])
      expect(isSafeLinkUrl(bad), String(bad)).toBe(false);
  });

  it("normalises what people type into the link box", () => {
    expect(normaliseLinkInput(" www.europarl.europa.eu ")).toBe("https://www.europarl.europa.eu");
    expect(normaliseLinkInput("europarl.europa.eu/news")).toBe("https://europarl.europa.eu/news");
    expect(normaliseLinkInput("office@example.eu")).toBe("mailto:office@example.eu");
    expect(normaliseLinkInput("javascript:alert(1)")).toBe("javascript:alert(1)");
  });

  it("finds safe links in note text, leaving trailing punctuation outside", () => {
    expect(splitLinks("See https://a.eu/x. And http://b.eu/y), javascript:z")).toEqual([
      { text: "See " },
      { text: "https://a.eu/x", href: "https://a.eu/x" },
      { text: ". And " },
      { text: "http://b.eu/y", href: "http://b.eu/y" },
      { text: "), javascript:z" },
    ]);
  });
});

describe("editorJsonFromBlocks", () => {
  it("parses bold and footnote markers", () => {
    expect(inlineNodes("a **b** c[^ note ]d")).toEqual([
      expect.objectContaining({ type: "text", text: "a ", format: 0 }),
      expect.objectContaining({ type: "text", text: "b", format: 1 }),
      expect.objectContaining({ type: "text", text: " c", format: 0 }),
      { type: "footnote", version: 1, note: "note" },
      expect.objectContaining({ type: "text", text: "d" }),
    ]);
  });

  it("builds numbered and bulleted lists", () => {
    const json = editorJsonFromBlocks([{ type: "ol", items: ["x", "y"] }]) as unknown as {
      root: { children: Array<Record<string, unknown>> };
    };
    expect(json.root.children[0]).toMatchObject({ type: "list", listType: "number", tag: "ol" });
    expect((json.root.children[0].children as unknown[]).length).toBe(2);
  });
});

describe("markedTextFromEditorJson (no-JavaScript fallback)", () => {
  it("round-trips paragraphs, bold and footnotes through editorJsonFromBlocks", () => {
    const blocks = [
      { type: "p" as const, text: "Dear **President**, we write[^See COM(2022) 1.] today." },
      { type: "p" as const, text: "Second paragraph." },
    ];
    const text = markedTextFromEditorJson(editorJsonFromBlocks(blocks));
    expect(text).toBe("Dear **President**, we write[^See COM(2022) 1.] today.\n\nSecond paragraph.");
    const back = editorJsonFromBlocks(text.split("\n\n").map((p) => ({ type: "p" as const, text: p })));
    expect(back).toEqual(editorJsonFromBlocks(blocks));
  });

  it("writes lists as dash lines and tolerates junk", () => {
    expect(markedTextFromEditorJson(editorJsonFromBlocks([{ type: "ul", items: ["a", "b"] }]))).toBe("- a\n- b");
    expect(markedTextFromEditorJson(null)).toBe("");
    expect(markedTextFromEditorJson({ root: { children: "x" } })).toBe("");
  });
});
