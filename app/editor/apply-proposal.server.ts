/**
 * Applies a signatory's proposed change (a quoted passage and its replacement) to the working draft, through Lexical
 * itself so the draft keeps its structure: the replacement takes the formatting of the first text it replaces, the
 * passage may run across formatting changes, links and line breaks inside one paragraph, heading, quote or list item,
 * and nothing else in the document moves.
 *
 * The quote is matched with any run of whitespace standing for any other (a quote copied from the signing page or an
 * email rarely keeps the draft's exact spacing). It must occur exactly once in the draft: a passage found twice, not
 * found (the draft changed since the comment), or crossing a footnote or a paragraph break is refused with a reason,
 * and the office edits the draft by hand.
 */
import { createHeadlessEditor } from "@lexical/headless";
import {
  $getRoot,
  $isElementNode,
  $isLineBreakNode,
  $isTextNode,
  type ElementNode,
  type LexicalNode,
  type SerializedEditorState,
} from "lexical";
import { letterNodes } from "./registry";
import { validateEditorJson } from "./validate";

export type ApplyProposalResult =
  | { ok: true; json: SerializedEditorState }
  | { ok: false; error: "no-quote" | "not-found" | "ambiguous" | "crosses-block" | "invalid" };

type Piece = { node: LexicalNode; start: number; end: number; kind: "text" | "break" | "barrier" };
type Run = { text: string; pieces: Piece[] };

/** A character no quote can contain (the quote is matched as text), standing for a footnote or a nested block. */
const BARRIER = "\uFFFC";

/** The inline content of one block, as text with the node each stretch of it comes from. */
function $inlineRun(block: ElementNode): Run {
  let text = "";
  const pieces: Piece[] = [];
  const push = (node: LexicalNode, s: string, kind: Piece["kind"]) => {
    pieces.push({ node, start: text.length, end: text.length + s.length, kind });
    text += s;
  };
  const walk = (parent: ElementNode) => {
    for (const child of parent.getChildren()) {
      if ($isTextNode(child)) push(child, child.getTextContent(), "text");
      else if ($isLineBreakNode(child)) push(child, "\n", "break");
      else if ($isElementNode(child) && child.isInline()) walk(child);
      else push(child, BARRIER, "barrier");
    }
  };
  walk(block);
  return { text, pieces };
}

/** Every block whose inline content can hold a passage: paragraphs, headings, quotes, list items (nested ones too). */
function $blocks(): ElementNode[] {
  const out: ElementNode[] = [];
  const visit = (node: LexicalNode) => {
    if (!$isElementNode(node) || node.isInline()) return;
    if (node.getChildren().some((c) => !$isElementNode(c) || c.isInline())) out.push(node);
    for (const c of node.getChildren()) if ($isElementNode(c) && !c.isInline()) visit(c);
  };
  for (const top of $getRoot().getChildren()) visit(top);
  return out;
}

function quotePattern(quote: string): RegExp {
  const words = quote
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(words.join("\\s+"), "gu");
}

/** Replaces [start, end) of a block's run with `replacement`, keeping the first replaced text node's format. */
function $replace(run: Run, start: number, end: number, replacement: string): boolean {
  const touched = run.pieces.filter((p) => p.end > start && p.start < end);
  if (touched.some((p) => p.kind === "barrier")) return false;
  let placed = false;
  for (const p of touched) {
    const from = Math.max(start, p.start) - p.start;
    const to = Math.min(end, p.end) - p.start;
    if (p.kind === "break") {
      p.node.remove();
      continue;
    }
    const node = p.node;
    if (!$isTextNode(node)) return false;
    const next = node.spliceText(from, to - from, placed ? "" : replacement);
    placed = true;
    if (next.getTextContentSize() === 0) next.remove();
  }
  return placed;
}

/**
 * The draft with `quote` replaced by `replacement`, or why it cannot be done. Pure apart from Lexical's own state:
 * the input is not changed.
 */
export function applyProposal(draft: unknown, quote: string, replacement: string): ApplyProposalResult {
  if (!quote.trim()) return { ok: false, error: "no-quote" };
  const valid = validateEditorJson(draft);
  if (!valid.ok) return { ok: false, error: "invalid" };
  let thrown: unknown = null;
  const editor = createHeadlessEditor({
    namespace: "apply-proposal",
    nodes: letterNodes,
    onError: (e) => {
      thrown = e;
    },
  });
  editor.setEditorState(editor.parseEditorState(valid.state));
  if (thrown) return { ok: false, error: "invalid" };

  const pattern = quotePattern(quote);
  const inline = replacement.replace(/\s+/g, " ").trim();
  let outcome: ApplyProposalResult = { ok: false, error: "not-found" };
  editor.update(
    () => {
      const runs = $blocks().map($inlineRun);
      const hits = runs.flatMap((run) => [...run.text.matchAll(pattern)].map((m) => ({ run, m })));
      if (hits.length === 0) {
        // Found only across two blocks (a quote spanning a paragraph break)?
        const whole = runs.map((r) => r.text).join("\n");
        outcome = { ok: false, error: quotePattern(quote).test(whole) ? "crosses-block" : "not-found" };
        return;
      }
      if (hits.length > 1) {
        outcome = { ok: false, error: "ambiguous" };
        return;
      }
      const { run, m } = hits[0];
      const start = m.index ?? 0;
      let end = start + m[0].length;
      // A deleted passage takes one of the spaces around it along, so no double space is left behind.
      if (!inline && run.text[end] === " " && (start === 0 || /\s/.test(run.text[start - 1]))) end += 1;
      outcome = $replace(run, start, end, inline)
        ? { ok: true, json: editor.getEditorState().toJSON() }
        : { ok: false, error: "crosses-block" };
    },
    { discrete: true },
  );
  if (thrown) return { ok: false, error: "invalid" };
  if (outcome.ok) outcome = { ok: true, json: editor.getEditorState().toJSON() };
  return outcome;
}
