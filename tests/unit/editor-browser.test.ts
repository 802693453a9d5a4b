// @vitest-environment jsdom
/**
 * The browser editor mounted in jsdom (as Lexical's own tests do): toolbar commands, footnote numbering in the DOM,
 * the notes panel, link validation and the hidden form field the route posts.
 */
import { $createFootnoteNode, $collectFootnotes } from "#app/editor/nodes/footnote-node";
import { $getRoot, $isParagraphNode, $isTextNode, type LexicalEditor, type ParagraphNode } from "lexical";
import { act, createElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { editorJsonFromBlocks } from "#app/editor/build";
import { LetterEditor } from "#app/editor/letter-editor";
import { catalogOf, LocaleProvider } from "#app/i18n";
import { validateEditorJson } from "#app/editor/validate";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
let editor: LexicalEditor;
const dirty = vi.fn();

beforeEach(async () => {
  container = document.createElement("div");
  document.body.appendChild(container);
  root = createRoot(container);
  const json = editorJsonFromBlocks([{ type: "p", text: "Dear President, we write[^First note.] about security." }]);
  await act(async () =>
    root.render(
      // As on a page: the editor's strings come from the messages the loader put in the LocaleProvider.
      createElement(
        LocaleProvider,
        { value: { locale: "en", messages: catalogOf("en"), fallback: {} } },
        createElement(LetterEditor, { name: "bodyJson", initialJson: json, onDirtyChange: dirty, ariaLabel: "Body" }),
      ),
    ),
  );
  const surface = container.querySelector<HTMLElement>('[contenteditable="true"]');
  expect(surface).not.toBeNull();
  editor = (surface as unknown as { __lexicalEditor: LexicalEditor }).__lexicalEditor;
  expect(editor).toBeTruthy();
});

afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
  dirty.mockReset();
});

const refs = () => Array.from(container.querySelectorAll(".letter-footnote-ref")).map((el) => el.textContent);
const noteFields = () =>
  Array.from(container.querySelectorAll<HTMLTextAreaElement>(".letter-editor__notes textarea")).map((el) => el.value);
const posted = () => JSON.parse(container.querySelector<HTMLInputElement>('input[name="bodyJson"]')!.value);
const button = (label: string) => container.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!;

async function click(el: HTMLElement) {
  await act(async () => el.dispatchEvent(new MouseEvent("click", { bubbles: true })));
}
/** Sets a controlled field the way a user's typing does (React listens to the native input event). */
async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value")!.set!;
  await act(async () => {
    setter.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
}
async function update(fn: () => void) {
  await act(async () => editor.update(fn, { discrete: true }));
}
/** Selects characters [from, to) of the first text node of the first paragraph. */
async function selectFirstText(from: number, to: number) {
  await update(() => {
    const p = $getRoot().getFirstChild() as ParagraphNode;
    const text = p.getFirstChild();
    if ($isTextNode(text)) text.select(from, to);
  });
}

describe("LetterEditor in a DOM", () => {
  it("labels the text area and numbers the existing footnote", () => {
    const surface = container.querySelector('[contenteditable="true"]')!;
    expect(surface.getAttribute("aria-label")).toBe("Body");
    expect(surface.getAttribute("role")).toBe("textbox");
    expect(refs()).toEqual(["1"]);
    expect(noteFields()).toEqual(["First note."]);
    expect(validateEditorJson(posted()).ok).toBe(true);
  });

  it("renumbers references and the notes panel when a footnote is added before another, and marks the draft dirty", async () => {
    await update(() =>
      ($getRoot().getFirstChild() as ParagraphNode).getFirstChild()!.insertAfter($createFootnoteNode("Earlier note.")),
    );
    expect(refs()).toEqual(["1", "2"]);
    expect(noteFields()).toEqual(["Earlier note.", "First note."]);
    const refEls = container.querySelectorAll(".letter-footnote-ref");
    expect(refEls[0].getAttribute("aria-label")).toBe("Footnote 1: Earlier note.");
    expect(dirty).toHaveBeenLastCalledWith(true);
    const json = posted();
    expect(validateEditorJson(json).ok).toBe(true);
    expect(JSON.stringify(json).indexOf("Earlier note.")).toBeLessThan(JSON.stringify(json).indexOf("First note."));
  });

  it("edits and removes a note from the notes panel, renumbering the rest", async () => {
    await update(() => ($getRoot().getFirstChild() as ParagraphNode).append($createFootnoteNode("Second note.")));
    expect(refs()).toEqual(["1", "2"]);
    await type(
      container.querySelector<HTMLTextAreaElement>('textarea[aria-label="Text of footnote 2"]')!,
      "Second note, edited.",
    );
    expect(editor.getEditorState().read(() => $collectFootnotes().map((n) => n.getNote()))).toEqual([
      "First note.",
      "Second note, edited.",
    ]);
    await click(button("Remove footnote 1"));
    expect(refs()).toEqual(["1"]);
    expect(noteFields()).toEqual(["Second note, edited."]);
    expect(JSON.stringify(posted())).not.toContain("First note.");
  });

  it("inserts a footnote from the toolbar's inline form after the selected words", async () => {
    await selectFirstText(0, 4); // "Dear"
    await click(button("Insert footnote"));
    const field = container.querySelector<HTMLTextAreaElement>(".letter-editor__panel textarea")!;
    expect(field).not.toBeNull();
    await click(
      Array.from(container.querySelectorAll<HTMLButtonElement>(".letter-editor__panel button")).find(
        (b) => b.textContent === "Add footnote",
      )!,
    );
    expect(container.querySelector('[role="alert"]')?.textContent).toBe("Write the text of the note first.");
    await type(field, "Toolbar note.");
    await click(
      Array.from(container.querySelectorAll<HTMLButtonElement>(".letter-editor__panel button")).find(
        (b) => b.textContent === "Add footnote",
      )!,
    );
    expect(container.querySelector(".letter-editor__panel")).toBeNull();
    expect(noteFields()).toEqual(["Toolbar note.", "First note."]);
    expect(refs()).toEqual(["1", "2"]);
    const text = editor
      .getEditorState()
      .read(() => ($getRoot().getFirstChild() as ParagraphNode).getFirstChild()!.getTextContent());
    expect(text).toBe("Dear"); // the selected word is kept, the note follows it
  });

  it("refuses an unsafe link and applies a safe one typed as a bare domain", async () => {
    await selectFirstText(0, 4);
    await click(button("Link"));
    const input = container.querySelector<HTMLInputElement>(".letter-editor__panel input")!;
    await type(input, "JaVaScRiPt:alert(1)");
    await click(
      Array.from(container.querySelectorAll<HTMLButtonElement>(".letter-editor__panel button")).find(
        (b) => b.textContent === "Apply link",
      )!,
    );
    expect(container.querySelector('[role="alert"]')?.textContent).toContain(
      "Only web (http, https) and email (mailto)",
    );
    expect(JSON.stringify(posted())).not.toContain('"link"');
    await type(input, "www.europarl.europa.eu");
    await click(
      Array.from(container.querySelectorAll<HTMLButtonElement>(".letter-editor__panel button")).find(
        (b) => b.textContent === "Apply link",
      )!,
    );
    const json = JSON.stringify(posted());
    expect(json).toContain('"url":"https://www.europarl.europa.eu"');
    expect(validateEditorJson(posted()).ok).toBe(true);
  });

  it("toggles bold, headings and lists from the toolbar and undoes", async () => {
    await selectFirstText(0, 4);
    await click(button("Bold"));
    expect(button("Bold").getAttribute("aria-pressed")).toBe("true");
    expect(JSON.stringify(posted())).toMatch(/"format":1[,}][^}]*"text":"Dear"|"text":"Dear"[^}]*"format":1/);
    await click(button("Heading H2"));
    expect(button("Heading H2").getAttribute("aria-pressed")).toBe("true");
    expect(posted().root.children[0]).toMatchObject({ type: "heading", tag: "h2" });
    await click(button("Numbered list 1≡"));
    expect(posted().root.children[0]).toMatchObject({ type: "list", listType: "number" });
    expect(button("Undo").disabled).toBe(false);
    await click(button("Undo"));
    expect(posted().root.children[0]).toMatchObject({ type: "heading" });
    expect(validateEditorJson(posted()).ok).toBe(true);
  });

  it("does not submit the surrounding form when Enter is pressed in a toolbar field", async () => {
    await click(button("Link"));
    const input = container.querySelector<HTMLInputElement>(".letter-editor__panel input")!;
    const ev = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true });
    await act(async () => input.dispatchEvent(ev));
    expect(ev.defaultPrevented).toBe(true);
  });

  it("keeps paragraphs clean of styles set by any update (as paste would)", async () => {
    await update(() => {
      const p = $getRoot().getFirstChild();
      if ($isParagraphNode(p)) {
        p.setFormat("center");
        const text = p.getFirstChild();
        if ($isTextNode(text)) text.setStyle("color: red");
      }
    });
    expect(validateEditorJson(posted()).ok).toBe(true);
    expect(JSON.stringify(posted())).not.toContain("color");
  });
});
