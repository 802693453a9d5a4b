/**
 * Builds Lexical editor JSON programmatically (seeds, fixtures, tests) without loading Lexical or a DOM. Inline
 * markup: `**bold**` and `[^note text]` for a footnote at that point.
 */
import type { SerializedEditorState } from "lexical";

export type TextBlock = { type: "p" | "h2" | "h3" | "quote"; text: string; footnotes?: string[] };
export type ListBlock = { type: "ul" | "ol"; items: string[] };
export type Block = TextBlock | ListBlock;

type JsonNode = Record<string, unknown>;

const FORMAT_BOLD = 1;

function textNode(text: string, format = 0): JsonNode {
  return { type: "text", version: 1, text, format, detail: 0, mode: "normal", style: "" };
}

function footnoteNode(note: string): JsonNode {
  return { type: "footnote", version: 1, note };
}

function element(type: string, children: JsonNode[], extra: JsonNode = {}): JsonNode {
  return { type, version: 1, direction: null, format: "", indent: 0, children, ...extra };
}

/** Inline nodes for one line of marked-up text. */
export function inlineNodes(text: string): JsonNode[] {
  const out: JsonNode[] = [];
  const re = /\*\*(.+?)\*\*|\[\^([^\]]*)\]/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(textNode(text.slice(last, m.index)));
    if (m[1] !== undefined) out.push(textNode(m[1], FORMAT_BOLD));
    else out.push(footnoteNode(m[2].trim()));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(textNode(text.slice(last)));
  return out;
}

function blockNode(block: Block): JsonNode {
  switch (block.type) {
    case "ul":
    case "ol": {
      const listType = block.type === "ul" ? "bullet" : "number";
      const items = block.items.map((item, i) => element("listitem", inlineNodes(item), { value: i + 1 }));
      return element("list", items, { listType, start: 1, tag: block.type });
    }
    case "h2":
    case "h3":
      return element("heading", [...inlineNodes(block.text), ...(block.footnotes ?? []).map(footnoteNode)], {
        tag: block.type,
      });
    case "quote":
      return element("quote", [...inlineNodes(block.text), ...(block.footnotes ?? []).map(footnoteNode)]);
    case "p":
      return element("paragraph", [...inlineNodes(block.text), ...(block.footnotes ?? []).map(footnoteNode)], {
        textFormat: 0,
        textStyle: "",
      });
  }
}

export function editorJsonFromBlocks(blocks: Block[]): SerializedEditorState {
  const children = blocks.map(blockNode);
  return { root: element("root", children) } as unknown as SerializedEditorState;
}

/** A document with one empty paragraph, which is what a fresh Lexical editor holds. */
export function emptyEditorJson(): SerializedEditorState {
  return editorJsonFromBlocks([{ type: "p", text: "" }]);
}

/**
 * The inverse of editorJsonFromBlocks for a plain textarea (the no-JavaScript fallback): blocks separated by blank
 * lines, `**bold**` and `[^note]` markers, list items as "- " lines. Other formatting is dropped.
 */
export function markedTextFromEditorJson(json: unknown): string {
  const root = (json as { root?: { children?: unknown[] } } | null)?.root;
  if (!root || !Array.isArray(root.children)) return "";
  const inline = (node: unknown): string => {
    const n = node as { type?: string; text?: unknown; format?: unknown; note?: unknown; children?: unknown[] };
    if (n?.type === "text" && typeof n.text === "string")
      return typeof n.format === "number" && n.format & FORMAT_BOLD && n.text.trim() ? `**${n.text}**` : n.text;
    if (n?.type === "footnote" && typeof n.note === "string") return `[^${n.note.replace(/\]/g, ")")}]`;
    if (n?.type === "linebreak") return " ";
    if (n?.type === "tab") return "\t";
    if (Array.isArray(n?.children)) return n.children.map(inline).join("");
    return "";
  };
  const list = (node: unknown, depth: number): string[] => {
    const items = ((node as { children?: unknown[] }).children ?? []) as Array<{ children?: unknown[] }>;
    return items.flatMap((item) => {
      const kids = item.children ?? [];
      const nested = kids.filter((k) => (k as { type?: string }).type === "list");
      const text = kids
        .filter((k) => (k as { type?: string }).type !== "list")
        .map(inline)
        .join("");
      return [...(text ? [`${"  ".repeat(depth)}- ${text}`] : []), ...nested.flatMap((l) => list(l, depth + 1))];
    });
  };
  return root.children
    .map((block) => ((block as { type?: string }).type === "list" ? list(block, 0).join("\n") : inline(block)))
    .join("\n\n");
}
