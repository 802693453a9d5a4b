/**
 * A Word document (.docx) as letter editor JSON. mammoth reads the document into plain semantic HTML; this module
 * walks that HTML and keeps what a letter can hold, in the editor's node set (app/editor/registry.ts): headings,
 * paragraphs, bulleted and numbered lists (nested), quotes (Word's "Quote" and "Intense Quote" styles), links
 * (http, https, mailto), footnotes and endnotes (as footnote nodes), bold and italic. Everything else is dropped and
 * named in `dropped`, so the person importing is told: images, tables (their text is kept as paragraphs), other
 * text formatting (underline, strikethrough, superscript, colours), links of other kinds, and paragraph styles
 * mammoth does not know (read as plain paragraphs). The result passes validateEditorJson.
 */
// mammoth and jsdom are loaded on the first import of a Word file, not at start-up.
import type { SerializedEditorState } from "lexical";
import { isSafeLinkUrl } from "./url";
import { validateEditorJson, EDITOR_LIMITS } from "./validate";

export const WORD_MAX_BYTES = 10 * 1024 * 1024;

export type DroppedKind = "images" | "tables" | "formatting" | "links" | "styles";
export const DROPPED_KINDS: readonly DroppedKind[] = ["images", "tables", "formatting", "links", "styles"];

export type WordImport =
  | { ok: true; json: SerializedEditorState; dropped: DroppedKind[]; title: string | null }
  | { ok: false; error: "not-docx" | "empty" | "too-large" | "invalid" };

type JsonNode = Record<string, unknown>;
const BOLD = 1;
const ITALIC = 2;

const STYLE_MAP = [
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  // Mapped only to be noticed and dropped (mammoth ignores underline otherwise, silently).
  "u => u",
];

const text = (t: string, format: number): JsonNode => ({
  type: "text",
  version: 1,
  text: t,
  format,
  detail: 0,
  mode: "normal",
  style: "",
});
const element = (type: string, children: JsonNode[], extra: JsonNode = {}): JsonNode => ({
  type,
  version: 1,
  direction: null,
  format: "",
  indent: 0,
  children,
  ...extra,
});
const paragraph = (children: JsonNode[]) => element("paragraph", children, { textFormat: 0, textStyle: "" });

/** Word's zero-width and soft-hyphen characters, and bidi overrides the validator refuses. */
const INVISIBLE = /[\u00ad\u200b\u202d\u202e\ufeff]/g;

function isDocx(bytes: Uint8Array) {
  // A .docx is a ZIP file: "PK\x03\x04".
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export async function importWord(bytes: Uint8Array): Promise<WordImport> {
  if (bytes.length > WORD_MAX_BYTES) return { ok: false, error: "too-large" };
  if (!isDocx(bytes)) return { ok: false, error: "not-docx" };
  const dropped = new Set<DroppedKind>();
  let html: string;
  let messages: Array<{ type: string; message: string }>;
  const [{ default: mammoth }, { JSDOM }] = await Promise.all([import("mammoth"), import("jsdom")]);
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      {
        styleMap: STYLE_MAP,
        includeDefaultStyleMap: true,
        convertImage: mammoth.images.imgElement(async () => {
          dropped.add("images");
          return { src: "" };
        }),
      },
    );
    html = result.value;
    messages = result.messages;
  } catch {
    return { ok: false, error: "invalid" };
  }
  if (messages.some((m) => /unrecognised (paragraph|run) style/i.test(m.message))) dropped.add("styles");
  const { window } = new JSDOM(`<!doctype html><body>${html}</body>`);
  try {
    const body = window.document.body;
    const notes = collectNotes(body);
    const blocks = convertBlocks(body, { notes, dropped });
    if (!blocks.length) return { ok: false, error: "empty" };
    const json = { root: element("root", blocks) } as unknown as SerializedEditorState;
    const valid = validateEditorJson(json);
    if (!valid.ok) return { ok: false, error: "invalid" };
    const first = blocks[0] as { type: string; tag?: string };
    const title = first.type === "heading" && first.tag === "h1" ? plainText(blocks[0]).slice(0, 300) || null : null;
    return { ok: true, json: valid.state, dropped: DROPPED_KINDS.filter((k) => dropped.has(k)), title };
  } finally {
    window.close();
  }
}

function plainText(node: JsonNode): string {
  if (typeof node.text === "string") return node.text;
  return ((node.children as JsonNode[] | undefined) ?? []).map(plainText).join("");
}

// ---------------------------------------------------------------- footnotes and endnotes

/** mammoth puts notes at the end as `<ol><li id="footnote-1">…<a href="#footnote-ref-1">↑</a></li></ol>`. */
function collectNotes(body: HTMLElement): Map<string, string> {
  const notes = new Map<string, string>();
  for (const li of Array.from(body.querySelectorAll("li[id^='footnote-'], li[id^='endnote-']"))) {
    for (const back of Array.from(li.querySelectorAll("a[href^='#footnote-ref-'], a[href^='#endnote-ref-']")))
      back.remove();
    // A link whose text is not its address keeps the address, as the note is plain text.
    for (const a of Array.from(li.querySelectorAll("a[href]"))) {
      const href = a.getAttribute("href") ?? "";
      if (isSafeLinkUrl(href) && a.textContent?.trim() !== href) a.append(` (${href})`);
    }
    const note = (li.textContent ?? "").replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
    notes.set(li.id, note.slice(0, EDITOR_LIMITS.maxNoteChars));
    // The list itself is not part of the letter's body.
    const list = li.parentElement;
    li.remove();
    if (list && !list.children.length) list.remove();
  }
  return notes;
}

// ---------------------------------------------------------------- blocks

type Ctx = { notes: Map<string, string>; dropped: Set<DroppedKind> };

function convertBlocks(parent: Element, ctx: Ctx): JsonNode[] {
  const out: JsonNode[] = [];
  for (const el of Array.from(parent.children)) out.push(...convertBlock(el, ctx));
  return out;
}

function nonEmpty(children: JsonNode[]) {
  return children.some((c) => c.type === "footnote" || c.type === "link" || plainText(c).trim());
}

function convertBlock(el: Element, ctx: Ctx): JsonNode[] {
  const tag = el.tagName.toLowerCase();
  switch (tag) {
    case "p": {
      const children = inlines(el, ctx, 0);
      return nonEmpty(children) ? [paragraph(trimEdges(children))] : [];
    }
    case "h1":
    case "h2":
    case "h3":
    case "h4":
    case "h5":
    case "h6": {
      const children = inlines(el, ctx, 0);
      const level = Math.min(Number(tag[1]), 4);
      return nonEmpty(children) ? [element("heading", trimEdges(children), { tag: `h${level}` })] : [];
    }
    case "blockquote": {
      const out: JsonNode[] = [];
      const kids = Array.from(el.children);
      const parts = kids.length ? kids : [el];
      for (const k of parts) {
        const children = inlines(k, ctx, 0);
        if (nonEmpty(children)) out.push(element("quote", trimEdges(children)));
      }
      return out;
    }
    case "ul":
    case "ol": {
      const list = convertList(el, ctx);
      return list ? [list] : [];
    }
    case "table": {
      ctx.dropped.add("tables");
      const out: JsonNode[] = [];
      for (const cell of Array.from(el.querySelectorAll("td, th"))) {
        const inner = convertBlocks(cell, ctx);
        if (inner.length) out.push(...inner);
        else {
          const children = inlines(cell, ctx, 0);
          if (nonEmpty(children)) out.push(paragraph(trimEdges(children)));
        }
      }
      return out;
    }
    case "img":
      ctx.dropped.add("images");
      return [];
    default: {
      // Anything else mammoth might produce: its blocks, or its text as a paragraph.
      if (Array.from(el.children).some((c) => /^(p|h[1-6]|ul|ol|table|blockquote)$/i.test(c.tagName)))
        return convertBlocks(el, ctx);
      const children = inlines(el, ctx, 0);
      return nonEmpty(children) ? [paragraph(trimEdges(children))] : [];
    }
  }
}

function convertList(el: Element, ctx: Ctx): JsonNode | null {
  const ordered = el.tagName.toLowerCase() === "ol";
  const items: JsonNode[] = [];
  let value = 1;
  for (const li of Array.from(el.children)) {
    if (li.tagName.toLowerCase() !== "li") continue;
    const inline: JsonNode[] = [];
    const nested: JsonNode[] = [];
    for (const child of Array.from(li.childNodes)) {
      const tag = child.nodeType === 1 ? (child as Element).tagName.toLowerCase() : "";
      if (tag === "ul" || tag === "ol") {
        const sub = convertList(child as Element, ctx);
        if (sub) nested.push(sub);
      } else if (tag === "p") inline.push(...inlines(child as Element, ctx, 0));
      else inline.push(...inlineNode(child, ctx, 0));
    }
    const kids = trimEdges(inline);
    if (nonEmpty(kids)) items.push(element("listitem", kids, { value: value++ }));
    // A nested list hangs from an item of its own, as Lexical keeps it.
    for (const sub of nested) items.push(element("listitem", [sub], { value: value++ }));
  }
  if (!items.length) return null;
  return element("list", items, { listType: ordered ? "number" : "bullet", start: 1, tag: ordered ? "ol" : "ul" });
}

// ---------------------------------------------------------------- inline content

function inlines(el: Element, ctx: Ctx, format: number): JsonNode[] {
  return merge(Array.from(el.childNodes).flatMap((n) => inlineNode(n, ctx, format)));
}

function inlineNode(node: Node, ctx: Ctx, format: number): JsonNode[] {
  if (node.nodeType === 3) {
    const t = (node.textContent ?? "").replace(INVISIBLE, "").replace(/[\t\n\r]+/g, " ");
    return t ? [text(t, format)] : [];
  }
  if (node.nodeType !== 1) return [];
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  const inner = (f: number) => Array.from(el.childNodes).flatMap((n) => inlineNode(n, ctx, f));
  switch (tag) {
    case "strong":
    case "b":
      return inner(format | BOLD);
    case "em":
    case "i":
      return inner(format | ITALIC);
    case "br":
      return [{ type: "linebreak", version: 1 }];
    case "img":
      ctx.dropped.add("images");
      return [];
    case "sup": {
      const ref = el.querySelector("a[href^='#footnote-'], a[href^='#endnote-']");
      if (ref) {
        const note = ctx.notes.get((ref.getAttribute("href") ?? "").slice(1));
        return note !== undefined ? [{ type: "footnote", version: 1, note }] : [];
      }
      ctx.dropped.add("formatting");
      return inner(format);
    }
    case "a": {
      const href = el.getAttribute("href");
      if (!href || href.startsWith("#")) return inner(format); // bookmarks and internal links: their text
      const children = merge(inner(format)).filter((c) => c.type === "text" || c.type === "linebreak");
      if (!isSafeLinkUrl(href)) {
        ctx.dropped.add("links");
        return children;
      }
      return children.length ? [element("link", children, { url: href, rel: null, target: null, title: null })] : [];
    }
    case "u":
    case "s":
    case "del":
    case "sub":
    case "span":
    case "small":
    case "mark":
      if (tag !== "span") ctx.dropped.add("formatting");
      return inner(format);
    default:
      return inner(format);
  }
}

/** Adjacent text runs with the same format become one (Word splits runs for spell-checking and revisions). */
function merge(nodes: JsonNode[]): JsonNode[] {
  const out: JsonNode[] = [];
  for (const n of nodes) {
    const last = out[out.length - 1];
    if (last && last.type === "text" && n.type === "text" && last.format === n.format)
      out[out.length - 1] = { ...last, text: (last.text as string) + (n.text as string) };
    else out.push(n);
  }
  return out;
}

/** No spaces at the start and end of a block, and single spaces between words. */
function trimEdges(nodes: JsonNode[]): JsonNode[] {
  const out = merge(nodes).map((n) =>
    n.type === "text" ? { ...n, text: (n.text as string).replace(/ {2,}/g, " ") } : n,
  );
  const first = out[0];
  if (first?.type === "text") out[0] = { ...first, text: (first.text as string).replace(/^\s+/, "") };
  const i = out.length - 1;
  const last = out[i];
  if (last?.type === "text") out[i] = { ...last, text: (last.text as string).replace(/\s+$/, "") };
  return out.filter((n) => n.type !== "text" || (n.text as string).length > 0);
}
