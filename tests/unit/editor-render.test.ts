import { createHeadlessEditor } from "@lexical/headless";
import { $createListItemNode, $createListNode } from "@lexical/list";
import { $createHeadingNode, $createQuoteNode } from "@lexical/rich-text";
import { $createLinkNode } from "@lexical/link";
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor, type ParagraphNode } from "lexical";
import { describe, expect, it } from "vitest";
import { editorJsonFromBlocks, emptyEditorJson } from "#app/editor/build";
import {
  $collectFootnotes,
  $createFootnoteNode,
  $footnoteNumber,
  $isFootnoteNode,
  FootnoteNode,
} from "#app/editor/nodes/footnote-node";
import { letterNodes } from "#app/editor/registry";
import { renderLetterBody } from "#app/editor/render.server";

function newEditor(): LexicalEditor {
  return createHeadlessEditor({
    nodes: letterNodes,
    onError: (e) => {
      throw e;
    },
  });
}

function render(editor: LexicalEditor) {
  const r = renderLetterBody(editor.getEditorState().toJSON());
  if (!r.ok) throw new Error(r.error);
  return r;
}

/** Body paragraph with three footnotes: A … [a] B … [b] C … [c] */
function threeNotes(editor: LexicalEditor) {
  editor.update(
    () => {
      const p = $createParagraphNode();
      p.append(
        $createTextNode("Alpha"),
        $createFootnoteNode("note a"),
        $createTextNode(" Beta"),
        $createFootnoteNode("note b"),
      );
      const p2 = $createParagraphNode();
      p2.append($createTextNode("Gamma"), $createFootnoteNode("note c"));
      $getRoot().clear().append(p, p2);
    },
    { discrete: true },
  );
}

const notesOf = (html: string) =>
  [...html.matchAll(/<section[^>]*><hr><ol>(.*)<\/ol><\/section>/g)].map((m) => m[1])[0] ?? "";

describe("serialisation", () => {
  it("round-trips every node type through JSON unchanged", () => {
    const editor = newEditor();
    editor.update(
      () => {
        const h = $createHeadingNode("h2").append($createTextNode("Subject"));
        const p = $createParagraphNode().append(
          $createTextNode("Bold").toggleFormat("bold"),
          $createTextNode(" and "),
          $createLinkNode("https://www.europarl.europa.eu/").append($createTextNode("link")),
          $createFootnoteNode("A note."),
        );
        const q = $createQuoteNode().append($createTextNode("Quoted"));
        const list = $createListNode("number").append(
          $createListItemNode().append($createTextNode("one")),
          $createListItemNode().append($createTextNode("two")),
        );
        $getRoot().clear().append(h, p, q, list);
      },
      { discrete: true },
    );
    const json = editor.getEditorState().toJSON();
    const second = newEditor();
    second.setEditorState(second.parseEditorState(JSON.parse(JSON.stringify(json))));
    expect(second.getEditorState().toJSON()).toEqual(json);
    const footnote = second.read(() => $collectFootnotes()[0]);
    expect(footnote).toBeInstanceOf(FootnoteNode);
    expect(second.read(() => footnote.getNote())).toBe("A note.");
    // and the renderer's normalised JSON is itself a fixed point
    const r1 = renderLetterBody(json);
    const r2 = renderLetterBody(r1.ok ? r1.json : null);
    expect(r1.ok && r2.ok && r2.html === r1.html).toBe(true);
    expect(r2.ok && r2.json).toEqual(r1.ok && r1.json);
  });

  it("builds JSON for seeds that Lexical accepts", () => {
    const json = editorJsonFromBlocks([
      { type: "h2", text: "On **procurement**" },
      { type: "p", text: "We write[^First note.] to you **today**.", footnotes: ["Trailing note."] },
      { type: "quote", text: "A quotation" },
      { type: "ul", items: ["first", "second[^Item note.]"] },
      { type: "ol", items: ["uno"] },
    ]);
    const editor = newEditor();
    editor.setEditorState(editor.parseEditorState(json));
    expect(editor.read(() => $collectFootnotes().map((n) => n.getNote()))).toEqual([
      "First note.",
      "Trailing note.",
      "Item note.",
    ]);
    const r = renderLetterBody(json);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.html).toContain("<h2>On <strong>procurement</strong></h2>");
    expect(r.html).toContain("<p>We write<sup>1</sup> to you <strong>today</strong>.<sup>2</sup></p>");
    expect(r.html).toContain("<blockquote>A quotation</blockquote>");
    expect(r.html).toMatch(/<ul><li>first<\/li><li>second<sup>3<\/sup><\/li><\/ul>/);
    expect(r.html).toMatch(/<ol( start="1")?><li>uno<\/li><\/ol>/);
  });

  it("renders an empty document", () => {
    const r = renderLetterBody(emptyEditorJson());
    expect(r.ok).toBe(true);
    expect(r.ok && r.plainText).toBe("");
    expect(r.ok && r.footnotes).toEqual([]);
    expect(r.ok && r.html).not.toContain("<section");
  });
});

describe("rendering", () => {
  it("renders headings, formats, lists, nested lists, quotes and links", () => {
    const editor = newEditor();
    editor.update(
      () => {
        const nested = $createListNode("bullet").append($createListItemNode().append($createTextNode("inner")));
        const list = $createListNode("bullet").append(
          $createListItemNode().append($createTextNode("outer")),
          $createListItemNode().append(nested),
        );
        $getRoot()
          .clear()
          .append(
            $createHeadingNode("h3").append($createTextNode("Heading")),
            $createParagraphNode().append(
              $createTextNode("i").toggleFormat("italic"),
              $createTextNode("u").toggleFormat("underline"),
              $createTextNode("s").toggleFormat("strikethrough"),
              $createLinkNode("mailto:office@example.eu").append($createTextNode("mail us")),
            ),
            list,
            $createQuoteNode().append($createTextNode("Q")),
          );
      },
      { discrete: true },
    );
    const { html, plainText } = render(editor);
    expect(html).toContain("<h3>Heading</h3>");
    expect(html).toContain("<em>i</em><u>u</u><s>s</s>");
    expect(html).toContain('<a href="mailto:office@example.eu" rel="noopener noreferrer">mail us</a>');
    expect(html).toContain("<ul><li>outer<ul><li>inner</li></ul></li></ul>");
    expect(html).toContain("<blockquote>Q</blockquote>");
    expect(plainText).toBe("Heading\n\niusmail us\n\n- outer\n  - inner\n\nQ");
  });

  it("gives plain text with footnote markers and the notes at the end", () => {
    const editor = newEditor();
    threeNotes(editor);
    expect(render(editor).plainText).toBe("Alpha[1] Beta[2]\n\nGamma[3]\n\n[1] note a\n[2] note b\n[3] note c");
  });
});

describe("footnote numbering follows document order", () => {
  it("numbers footnotes in order and lists the notes at the end", () => {
    const editor = newEditor();
    threeNotes(editor);
    const r = render(editor);
    expect(r.footnotes).toEqual(["note a", "note b", "note c"]);
    expect(r.html).toContain("<p>Alpha<sup>1</sup> Beta<sup>2</sup></p><p>Gamma<sup>3</sup></p>");
    expect(notesOf(r.html)).toBe("<li>note a</li><li>note b</li><li>note c</li>");
    expect(r.html).toContain('<section aria-label="Notes">');
  });

  it("renumbers when a footnote is added before the others", () => {
    const editor = newEditor();
    threeNotes(editor);
    editor.update(
      () =>
        ($getRoot().getFirstChild() as ParagraphNode).getFirstChild()!.insertBefore($createFootnoteNode("new first")),
      { discrete: true },
    );
    const r = render(editor);
    expect(r.footnotes).toEqual(["new first", "note a", "note b", "note c"]);
    expect(r.html).toContain("<p><sup>1</sup>Alpha<sup>2</sup> Beta<sup>3</sup></p><p>Gamma<sup>4</sup></p>");
    expect(editor.read(() => $collectFootnotes().map($footnoteNumber))).toEqual([1, 2, 3, 4]);
  });

  it("renumbers when a footnote is moved", () => {
    const editor = newEditor();
    threeNotes(editor);
    editor.update(
      () => {
        const [a, , c] = $collectFootnotes();
        c.remove();
        a.insertBefore(c); // note c now comes first
      },
      { discrete: true },
    );
    const r = render(editor);
    expect(r.footnotes).toEqual(["note c", "note a", "note b"]);
    expect(notesOf(r.html)).toBe("<li>note c</li><li>note a</li><li>note b</li>");
    expect(r.html).toContain("<p>Alpha<sup>1</sup><sup>2</sup> Beta<sup>3</sup></p><p>Gamma</p>");
  });

  it("renumbers when a footnote is removed, and drops the notes section with the last one", () => {
    const editor = newEditor();
    threeNotes(editor);
    editor.update(() => $collectFootnotes()[0].remove(), { discrete: true });
    let r = render(editor);
    expect(r.footnotes).toEqual(["note b", "note c"]);
    expect(r.html).toContain("<p>Alpha Beta<sup>1</sup></p><p>Gamma<sup>2</sup></p>");
    expect(r.plainText.endsWith("[1] note b\n[2] note c")).toBe(true);
    editor.update(() => $collectFootnotes().forEach((n) => n.remove()), { discrete: true });
    r = render(editor);
    expect(r.footnotes).toEqual([]);
    expect(r.html).not.toContain("<section");
    expect(r.html).not.toContain("<sup>");
  });

  it("counts footnotes inside lists and links in reading order", () => {
    const editor = newEditor();
    editor.update(
      () => {
        const list = $createListNode("number").append(
          $createListItemNode().append($createTextNode("item"), $createFootnoteNode("in list")),
        );
        const p = $createParagraphNode().append(
          $createLinkNode("https://example.eu").append($createTextNode("linked"), $createFootnoteNode("in link")),
        );
        $getRoot().clear().append(p, list);
      },
      { discrete: true },
    );
    expect(render(editor).footnotes).toEqual(["in link", "in list"]);
    expect(editor.read(() => $collectFootnotes().every($isFootnoteNode))).toBe(true);
  });

  it("updates the note text", () => {
    const editor = newEditor();
    threeNotes(editor);
    editor.update(() => $collectFootnotes()[1].setNote("changed"), { discrete: true });
    expect(render(editor).footnotes).toEqual(["note a", "changed", "note c"]);
  });

  it("renders a localised notes label", () => {
    const editor = newEditor();
    threeNotes(editor);
    const r = renderLetterBody(editor.getEditorState().toJSON(), { notesLabel: 'Noten "x"' });
    expect(r.ok && r.html).toContain('<section aria-label="Noten &quot;x&quot;">');
  });
});
