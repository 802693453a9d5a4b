/**
 * Keeps the document inside what the server accepts, whatever arrives by paste (Word, Google Docs, web pages):
 * drops inline styles, alignment and paragraph indentation, maps h5/h6 to h4 and checklists to bullets, and unwraps
 * links whose target is not http/https/mailto. Formats (bold, italic…) and structure (headings, lists) are kept.
 * No React: the browser plugin and the headless tests register the same transforms.
 */
import { AutoLinkNode, LinkNode } from "@lexical/link";
import { ListItemNode, ListNode } from "@lexical/list";
import { HeadingNode, QuoteNode } from "@lexical/rich-text";
import { mergeRegister } from "@lexical/utils";
import { ParagraphNode, TextNode, type ElementNode, type LexicalEditor } from "lexical";
import { FootnoteNode } from "./nodes/footnote-node";
import { isSafeLinkUrl } from "./url";

// Same characters as BIDI_OVERRIDE in validate.ts (kept local so this module stays free of the i18n import).
const BIDI_OVERRIDES = /[\u202d\u202e]/;
const BIDI_OVERRIDES_ALL = /[\u202d\u202e]/g;

function $cleanBlock(node: ElementNode & { getTextStyle?: () => string; setTextStyle?: (s: string) => unknown }) {
  if (node.getFormatType() !== "") node.setFormat("");
  if (node.getIndent() !== 0) node.setIndent(0);
  if (node.getStyle() !== "") node.setStyle("");
  if (node.getTextStyle && node.getTextStyle() !== "") node.setTextStyle?.("");
}

function $unwrapUnsafeLink(node: LinkNode) {
  if (isSafeLinkUrl(node.getURL())) return;
  for (const child of node.getChildren()) node.insertBefore(child);
  node.remove();
}

/** Registers the cleaning transforms; returns the function that removes them. */
export function registerCleanContent(editor: LexicalEditor): () => void {
  return mergeRegister(
    editor.registerNodeTransform(TextNode, (node) => {
      if (node.getStyle() !== "") node.setStyle("");
      if (BIDI_OVERRIDES.test(node.getTextContent()))
        node.setTextContent(node.getTextContent().replace(BIDI_OVERRIDES_ALL, ""));
    }),
    editor.registerNodeTransform(ParagraphNode, $cleanBlock),
    editor.registerNodeTransform(QuoteNode, $cleanBlock),
    editor.registerNodeTransform(HeadingNode, (node) => {
      $cleanBlock(node);
      if (node.getTag() === "h5" || node.getTag() === "h6") node.setTag("h4");
    }),
    editor.registerNodeTransform(ListNode, (node) => {
      if (node.getListType() === "check") node.setListType("bullet");
      if (node.getStyle() !== "") node.setStyle("");
    }),
    editor.registerNodeTransform(ListItemNode, (node) => {
      if (node.getChecked() !== undefined) node.setChecked(undefined);
      if (node.getFormatType() !== "") node.setFormat("");
      if (node.getStyle() !== "") node.setStyle("");
    }),
    editor.registerNodeTransform(FootnoteNode, (node) => {
      if (BIDI_OVERRIDES.test(node.getNote())) node.setNote(node.getNote().replace(BIDI_OVERRIDES_ALL, ""));
    }),
    editor.registerNodeTransform(LinkNode, $unwrapUnsafeLink),
    editor.registerNodeTransform(AutoLinkNode, $unwrapUnsafeLink),
  );
}
