/**
 * Word in and out: a real-looking letter built as a .docx with the `docx` package (what an office's Word would save:
 * headings, bold and italic runs, bulleted and numbered lists with a nested level, a link, a quote in Word's Quote
 * style, footnotes; and what a letter cannot hold: a table, an image, underline) is read into editor JSON the
 * editor accepts, written out again as .docx, and read back to the same JSON.
 */
import { describe, expect, it } from "vitest";
import { Document, Packer, Paragraph } from "docx";
import { LETTER_OUTLINE, outline, realLookingLetter } from "#tests/fixtures/word-letter";
import { importWord } from "#app/editor/word-import.server";
import { exportWord } from "#app/editor/word-export.server";
import { validateEditorJson } from "#app/editor/validate";
import { renderLetterBody } from "#app/editor/render.server";

describe("Word in and out", () => {
  it("reads a real-looking letter into editor JSON, keeps its structure, and says what was dropped", async () => {
    const r = await importWord(await realLookingLetter());
    if (!r.ok) throw new Error(r.error);
    expect(validateEditorJson(r.json).ok).toBe(true);
    expect(renderLetterBody(r.json).ok).toBe(true);
    expect(outline(r.json)).toEqual(LETTER_OUTLINE);
    expect(r.dropped).toEqual(["images", "tables", "formatting"]);
  });

  it("round trip: import, export, import again gives the same editor JSON, and nothing more is dropped", async () => {
    const first = await importWord(await realLookingLetter());
    if (!first.ok) throw new Error(first.error);
    const exported = await exportWord({
      editorJson: first.json,
      subject: "Security of EU border scanners",
      headerLine: "Version 1 · SHA-256 0123abcd…",
    });
    expect(exported.subarray(0, 2).toString()).toBe("PK");
    const second = await importWord(exported);
    if (!second.ok) throw new Error(second.error);
    expect(second.dropped).toEqual([]);
    expect(outline(second.json)).toEqual(LETTER_OUTLINE);
    expect(second.json).toEqual(first.json);
    // Once more through Word: stable.
    const third = await importWord(await exportWord({ editorJson: second.json, subject: "x", headerLine: "y" }));
    expect(third.ok && third.json).toEqual(first.json);
  });

  it("refuses what is not a Word document, and an empty one", async () => {
    expect(await importWord(new TextEncoder().encode("%PDF-1.7 not a docx"))).toEqual({ ok: false, error: "not-docx" });
    expect(await importWord(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toEqual({
      ok: false,
      error: "invalid",
    });
    const empty = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("")] }] }));
    expect(await importWord(empty)).toEqual({ ok: false, error: "empty" });
  });
});
