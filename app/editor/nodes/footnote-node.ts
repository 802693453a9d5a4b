/**
 * An inline footnote reference carrying its note text. The number is never stored: it is the node's position among
 * all footnotes in document order, so adding, moving or removing a footnote renumbers the rest. In the browser a
 * plugin writes the current number into the <sup>; the server renderer numbers in exportDOM.
 */
import {
  $applyNodeReplacement,
  $getRoot,
  $isElementNode,
  DecoratorNode,
  type DOMExportOutput,
  type EditorConfig,
  type LexicalNode,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
} from "lexical";

export type SerializedFootnoteNode = Spread<{ type: "footnote"; note: string }, SerializedLexicalNode>;

export const FOOTNOTE_REF_CLASS = "letter-footnote-ref";

export class FootnoteNode extends DecoratorNode<null> {
  __note: string;

  static getType(): string {
    return "footnote";
  }

  static clone(node: FootnoteNode): FootnoteNode {
    return new FootnoteNode(node.__note, node.__key);
  }

  constructor(note = "", key?: NodeKey) {
    super(key);
    this.__note = note;
  }

  static importJSON(json: SerializedFootnoteNode): FootnoteNode {
    return $createFootnoteNode(typeof json.note === "string" ? json.note : "");
  }

  exportJSON(): SerializedFootnoteNode {
    return { type: "footnote", version: 1, note: this.getNote() };
  }

  getNote(): string {
    return this.getLatest().__note;
  }

  setNote(note: string): this {
    const self = this.getWritable();
    self.__note = note;
    return self;
  }

  isInline(): boolean {
    return true;
  }

  isKeyboardSelectable(): boolean {
    return true;
  }

  /** Copy/plain-text form; the real number is only known in context, so this stays a neutral marker. */
  getTextContent(): string {
    return "";
  }

  createDOM(_config: EditorConfig): HTMLElement {
    const sup = document.createElement("sup");
    sup.className = FOOTNOTE_REF_CLASS;
    sup.setAttribute("data-lexical-footnote", "true");
    sup.title = this.__note;
    return sup;
  }

  updateDOM(prev: FootnoteNode, dom: HTMLElement): boolean {
    if (prev.__note !== this.__note) dom.title = this.__note;
    return false;
  }

  decorate(): null {
    return null;
  }

  exportDOM(): DOMExportOutput {
    const sup = document.createElement("sup");
    sup.textContent = String($footnoteNumber(this));
    return { element: sup };
  }
}

export function $createFootnoteNode(note: string): FootnoteNode {
  return $applyNodeReplacement(new FootnoteNode(note));
}

export function $isFootnoteNode(node: LexicalNode | null | undefined): node is FootnoteNode {
  return node instanceof FootnoteNode;
}

/** All footnotes in document order (depth-first, as a reader meets them). */
export function $collectFootnotes(): FootnoteNode[] {
  const out: FootnoteNode[] = [];
  const walk = (node: LexicalNode) => {
    if ($isFootnoteNode(node)) out.push(node);
    else if ($isElementNode(node)) for (const child of node.getChildren()) walk(child);
  };
  walk($getRoot());
  return out;
}

/** 1-based number of this footnote in document order, or 0 if it is not attached to the document. */
export function $footnoteNumber(node: FootnoteNode): number {
  const key = node.getKey();
  return $collectFootnotes().findIndex((n) => n.getKey() === key) + 1;
}
