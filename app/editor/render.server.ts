/**
 * Server renderer for letter bodies: validated editor JSON -> Lexical (shared node registry) -> HTML with a numbered
 * notes section -> allow-list sanitiser. The same HTML is used on the signing page, in email and in the PDF.
 */
import { createHeadlessEditor } from "@lexical/headless";
import { withDOM } from "@lexical/headless/dom";
import { $generateHtmlFromNodes } from "@lexical/html";
import { $isListItemNode, $isListNode, type ListNode } from "@lexical/list";
import {
  $getRoot,
  $isElementNode,
  $isLineBreakNode,
  $isTabNode,
  $isTextNode,
  type LexicalNode,
  type SerializedEditorState,
} from "lexical";
import { translate } from "#app/i18n";
import { $collectFootnotes, $isFootnoteNode } from "./nodes/footnote-node";
import { letterNodes } from "./registry";
import { sanitizeLetterHtml } from "./sanitize.server";
import { splitLinks } from "./url";
import { validateEditorJson } from "./validate";
import { escapeHtml } from "#app/infra/html";

export type RenderResult =
  | { ok: true; html: string; plainText: string; footnotes: string[]; json: SerializedEditorState }
  | { ok: false; error: string };

export type RenderOptions = {
  /** Accessible name of the notes section, in the letter's language. Default: English "Notes". */
  notesLabel?: string;
};

/** The notes list in EP style: a rule, then the notes numbered in document order. URLs in notes become links. */
export function notesSectionHtml(notes: string[], label: string): string {
  if (notes.length === 0) return "";
  const items = notes
    .map((note) => {
      const body = splitLinks(note)
        .map((part) =>
          part.href ? `<a href="${escapeHtml(part.href)}">${escapeHtml(part.text)}</a>` : escapeHtml(part.text),
        )
        .join("");
      return `<li>${body}</li>`;
    })
    .join("");
  return `<section aria-label="${escapeHtml(label)}"><hr><ol>${items}</ol></section>`;
}

function $inlineText(node: LexicalNode, numbers: Map<string, number>): string {
  if ($isFootnoteNode(node)) return `[${numbers.get(node.getKey()) ?? "?"}]`;
  if ($isLineBreakNode(node)) return "\n";
  if ($isTabNode(node)) return "\t";
  if ($isTextNode(node)) return node.getTextContent();
  if ($isElementNode(node))
    return node
      .getChildren()
      .map((c) => $inlineText(c, numbers))
      .join("");
  return node.getTextContent();
}

function $listText(list: ListNode, depth: number, numbers: Map<string, number>): string[] {
  const lines: string[] = [];
  const indent = "  ".repeat(depth);
  for (const item of list.getChildren()) {
    if (!$isListItemNode(item)) continue;
    const children = item.getChildren();
    const nested = children.find($isListNode);
    if (nested && children.length === 1) {
      lines.push(...$listText(nested, depth + 1, numbers));
      continue;
    }
    const marker = list.getListType() === "number" ? `${item.getValue()}.` : "-";
    const text = children
      .filter((c) => !$isListNode(c))
      .map((c) => $inlineText(c, numbers))
      .join("");
    lines.push(`${indent}${marker} ${text}`);
    for (const c of children) if ($isListNode(c)) lines.push(...$listText(c, depth + 1, numbers));
  }
  return lines;
}

/** Plain text for search and text email: blocks separated by blank lines, footnote markers [n], notes at the end. */
function $plainText(notes: string[], numbers: Map<string, number>): string {
  const blocks = $getRoot()
    .getChildren()
    .map((block) => ($isListNode(block) ? $listText(block, 0, numbers).join("\n") : $inlineText(block, numbers)));
  let text = blocks.join("\n\n").replace(/\s+$/, "");
  if (notes.length > 0) text += `${text ? "\n\n" : ""}${notes.map((n, i) => `[${i + 1}] ${n}`).join("\n")}`;
  return text;
}

/** Validates and renders a letter body. Never throws: any failure is `{ ok: false, error }`. */
export function renderLetterBody(input: unknown, options: RenderOptions = {}): RenderResult {
  const valid = validateEditorJson(input);
  if (!valid.ok) return { ok: false, error: valid.error };
  try {
    return { ok: true, ...renderUncheckedState(valid.state, options) };
  } catch {
    return { ok: false, error: translate("en", "editor.invalid.render") };
  }
}

/**
 * Rendering without the validation step. Only for renderLetterBody and for the test proving that the sanitiser alone
 * still makes hostile input safe (defence in depth). Throws on input Lexical cannot parse.
 */
export function renderUncheckedState(state: SerializedEditorState, options: RenderOptions = {}) {
  let thrown: unknown = null;
  const editor = createHeadlessEditor({
    namespace: "letter-render",
    nodes: letterNodes,
    onError: (e) => {
      thrown = e;
    },
  });
  editor.setEditorState(editor.parseEditorState(state));
  if (thrown) throw thrown;

  const { notes, plainText } = editor.read(() => {
    const footnotes = $collectFootnotes();
    const numbers = new Map(footnotes.map((n, i) => [n.getKey(), i + 1]));
    const notes = footnotes.map((n) => n.getNote());
    return { notes, plainText: $plainText(notes, numbers) };
  });
  const bodyHtml = withDOM(() => editor.read(() => $generateHtmlFromNodes(editor, null)));
  if (thrown) throw thrown;
  const label = options.notesLabel ?? translate("en", "editor.notes");
  const html = sanitizeLetterHtml(bodyHtml + notesSectionHtml(notes, label));
  const json = editor.getEditorState().toJSON();
  return { html, plainText, footnotes: notes, json };
}
