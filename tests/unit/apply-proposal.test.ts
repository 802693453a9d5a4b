import { describe, expect, it } from "vitest";
import { applyProposal } from "#app/editor/apply-proposal.server";
import { editorJsonFromBlocks } from "#app/editor/build";
import { renderLetterBody } from "#app/editor/render.server";

const text = (json: unknown) => {
  const r = renderLetterBody(json);
  if (!r.ok) throw new Error(r.error);
  return r.plainText;
};
const html = (json: unknown) => {
  const r = renderLetterBody(json);
  if (!r.ok) throw new Error(r.error);
  return r.html;
};

const draft = editorJsonFromBlocks([
  { type: "h2", text: "Open letter on the Digital Services Act" },
  {
    type: "p",
    text: "We call on the Commission to **suspend the agreement** within three months.[^Council decision 2021/123]",
  },
  { type: "ul", items: ["first demand", "second demand"] },
  { type: "p", text: "Yours sincerely, the undersigned Members." },
]);

describe("applying a proposed change to the draft", () => {
  it("replaces a passage inside one text node and leaves the rest of the document as it was", () => {
    const r = applyProposal(draft, "within three months", "by the end of June 2027");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const before = text(draft);
    const after = text(r.json);
    expect(after).toBe(before.replace("within three months", "by the end of June 2027"));
    expect(html(r.json)).toContain("<strong");
  });

  it("replaces a passage running across bold and plain text, taking the first node's formatting", () => {
    const r = applyProposal(draft, "the Commission to suspend the agreement", "the Council to end the deal");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(text(r.json)).toContain("We call on the Council to end the deal within three months.");
    expect(html(r.json)).not.toContain("suspend");
  });

  it("matches the quote whatever its spacing, and works inside a list item", () => {
    const r = applyProposal(draft, "  second\n  demand ", "second and final demand");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(text(r.json)).toContain("- second and final demand");
    expect(text(r.json)).toContain("- first demand");
  });

  it("deletes a passage without leaving a double space", () => {
    const r = applyProposal(draft, "the undersigned", "");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(text(r.json)).toContain("Yours sincerely, Members.");
  });

  it("keeps the footnote when replacing the text before it", () => {
    const r = applyProposal(draft, "three months.", "six months.");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(text(r.json)).toContain("within six months.[1]");
    expect(text(r.json)).toContain("[1] Council decision 2021/123");
  });

  it("refuses a passage it cannot place exactly once, and changes nothing", () => {
    const copy = JSON.stringify(draft);
    expect(applyProposal(draft, "demand", "request")).toEqual({ ok: false, error: "ambiguous" });
    expect(applyProposal(draft, "within four months", "x")).toEqual({ ok: false, error: "not-found" });
    expect(applyProposal(draft, "three months. Yours", "x")).toEqual({ ok: false, error: "not-found" });
    expect(applyProposal(draft, "first demand second demand", "x")).toEqual({ ok: false, error: "crosses-block" });
    expect(applyProposal(draft, "   ", "x")).toEqual({ ok: false, error: "no-quote" });
    expect(applyProposal({ root: "nope" }, "demand", "x")).toEqual({ ok: false, error: "invalid" });
    expect(JSON.stringify(draft)).toBe(copy);
  });

  it("treats the quote as text, not as a pattern", () => {
    const withDots = editorJsonFromBlocks([{ type: "p", text: "Article 5.3 (b) applies. Article 553 b applies." }]);
    const r = applyProposal(withDots, "5.3 (b)", "5.4 (c)");
    expect(r.ok).toBe(true);
    if (r.ok) expect(text(r.json)).toBe("Article 5.4 (c) applies. Article 553 b applies.");
  });
});
