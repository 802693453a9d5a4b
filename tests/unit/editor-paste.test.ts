import { createHeadlessEditor } from "@lexical/headless";
import { withDOM } from "@lexical/headless/dom";
import { $generateNodesFromDOM } from "@lexical/html";
import { $getRoot, $insertNodes, type LexicalEditor } from "lexical";
import { describe, expect, it } from "vitest";
import { registerCleanContent } from "#app/editor/clean-content";
import { letterNodes } from "#app/editor/registry";
import { renderLetterBody } from "#app/editor/render.server";
import { validateEditorJson } from "#app/editor/validate";

function pasteInto(html: string, clean = true): LexicalEditor {
  const editor = createHeadlessEditor({
    nodes: letterNodes,
    onError: (e) => {
      throw e;
    },
  });
  if (clean) registerCleanContent(editor);
  withDOM(() =>
    editor.update(
      () => {
        const dom = new DOMParser().parseFromString(html, "text/html");
        const nodes = $generateNodesFromDOM(editor, dom);
        $getRoot().clear().select();
        $insertNodes(nodes);
      },
      { discrete: true },
    ),
  );
  return editor;
}

const WORD_HTML = `
<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{font-family:Calibri}</style></head>
<body lang=EN-GB style='tab-interval:36.0pt'>
<h1 style="margin-left:40px;color:#2F5496;font-family:'Calibri Light'">Procurement of <span style="color:red">5G</span> equipment</h1>
<h6>Minor heading</h6>
<p class=MsoNormal align=center style='text-align:center;font-size:14pt;font-family:"Times New Roman";background:yellow'>
Dear <b style="mso-bidi-font-weight:normal">President</b> <i>von der Leyen</i>, <u>please</u> read <a href="https://www.europarl.europa.eu/doceo/">this</a> and <a href="javascript:alert(1)">that</a> and <a href="/relative">relative</a>.</p>
<ul style="margin-top:0cm"><li style="color:blue">first point</li><li>second point</li></ul>
<ol><li>one</li><li>two</li></ol>
<blockquote style="font-size:30px">quoted</blockquote>
<script>alert(1)</script><img src=x onerror="alert(1)">
</body></html>`;

describe("pasting from Word / Docs / web pages", () => {
  it("keeps structure and formats, drops styles, alignment, bad links and scripts", () => {
    const editor = pasteInto(WORD_HTML);
    const json = editor.getEditorState().toJSON();
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/"(style|textStyle)":"[^"]+"/);
    expect(text).not.toMatch(/"format":"(center|left|right|justify)"/);
    expect(text).not.toContain("javascript");
    expect(text).not.toContain("/relative");
    const valid = validateEditorJson(json);
    expect(valid.ok, valid.ok ? "" : valid.error).toBe(true);

    const r = renderLetterBody(json);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.html).toContain("<h1>Procurement of 5G equipment</h1>");
    expect(r.html).toContain("<h4>Minor heading</h4>");
    expect(r.html).toContain("<strong>President</strong>");
    expect(r.html).toContain("<em>von der Leyen</em>");
    expect(r.html).toContain("<u>please</u>");
    expect(r.html).toContain('<a href="https://www.europarl.europa.eu/doceo/" rel="noopener noreferrer">this</a>');
    expect(r.html).toContain(" and that and relative.");
    expect(r.html).toContain("<ul><li>first point</li><li>second point</li></ul>");
    expect(r.html).toMatch(/<ol( start="1")?><li>one<\/li><li>two<\/li><\/ol>/);
    expect(r.html).toContain("<blockquote>quoted</blockquote>");
    expect(r.html).not.toMatch(/<script|onerror|<img/);
  });

  it("without the cleaning transforms the same paste would be refused (the transforms are what make it saveable)", () => {
    const editor = pasteInto(WORD_HTML, false);
    expect(validateEditorJson(editor.getEditorState().toJSON()).ok).toBe(false);
  });

  it("turns a pasted checklist into a bulleted list", () => {
    const editor = pasteInto(
      '<ul><li role="checkbox" aria-checked="true">done</li><li role="checkbox" aria-checked="false">todo</li></ul>',
    );
    const json = editor.getEditorState().toJSON();
    expect(validateEditorJson(json).ok).toBe(true);
    expect(JSON.stringify(json)).not.toContain('"check"');
  });

  it("strips direction-override characters from pasted text", () => {
    const editor = pasteInto("<p>pay \u202e001 EUR</p>");
    const json = editor.getEditorState().toJSON();
    expect(validateEditorJson(json).ok).toBe(true);
    expect(JSON.stringify(json)).toContain("pay 001 EUR");
  });
});
