/**
 * Structural validation of posted editor JSON, before Lexical ever sees it. Pure (no Lexical runtime, no DOM), so it
 * is cheap and can run anywhere. Everything not explicitly allowed is refused with a message a person can act on.
 */
import type { SerializedEditorState } from "lexical";
import { translateWith, type MessageKey, type Vars } from "#app/i18n";
import { editor as editorMessages } from "#app/i18n/en/editor";
import { isSafeLinkUrl } from "./url";

export const EDITOR_LIMITS = {
  /** Size of the JSON text (UTF-8 bytes). */
  maxJsonBytes: 1_000_000,
  /** Characters of text, notes, URLs and titles together. */
  maxTextChars: 200_000,
  /** Nesting depth of nodes (root = 1). Nested lists are the only legitimate source of depth. */
  maxDepth: 50,
  maxNoteChars: 5_000,
  maxNodes: 50_000,
} as const;

export type ValidateResult =
  { ok: true; state: SerializedEditorState } | { ok: false; error: string; errorKey: MessageKey; errorVars?: Vars };

const BLOCK = new Set(["paragraph", "heading", "quote", "list"]);
const INLINE = new Set(["text", "linebreak", "tab", "link", "autolink", "footnote"]);
const ELEMENT = new Set(["root", "paragraph", "heading", "quote", "list", "listitem", "link", "autolink"]);
const ALLOWED = new Set([...ELEMENT, ...INLINE]);
const ELEMENT_FORMATS = new Set(["", "left", "start", "center", "right", "end", "justify"]);
const TEXT_MODES = new Set(["normal", "token", "segmented"]);
const HEADING_TAGS = new Set(["h1", "h2", "h3", "h4"]);
const MAX_ATTR_CHARS = 500;
/** Bidi overrides (LRO/RLO) make displayed text differ from the stored text, which a signed letter must not allow. */
export const BIDI_OVERRIDE = /[\u202d\u202e]/;

class Invalid extends Error {
  constructor(
    readonly key: MessageKey,
    readonly vars: Vars = {},
  ) {
    super(String(key));
  }
}

const shape = (detail: string) => new Invalid("editor.invalid.shape", { detail });

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function fail(key: MessageKey, vars: Vars = {}): ValidateResult {
  // `error` is the English text (logs, tests); pages show `errorKey` in the reader's language. Only the
  // editor's own strings are imported: this module runs in the browser, where the catalogues must not go.
  return { ok: false, error: translateWith("en", editorMessages, {}, key, vars), errorKey: key, errorVars: vars };
}

/** Which child types a parent may hold; anything else would give Lexical (or a reader) a broken tree. */
function allowedChildren(parentType: string, insideLink: boolean): Set<string> {
  switch (parentType) {
    case "root":
      return BLOCK;
    case "list":
      return new Set(["listitem"]);
    case "listitem":
      return new Set([...INLINE, "list"]);
    case "link":
    case "autolink":
      return new Set(["text", "linebreak", "tab", "footnote"]);
    default:
      return insideLink ? new Set(["text", "linebreak", "tab", "footnote"]) : INLINE;
  }
}

function checkOptionalString(node: Record<string, unknown>, field: string, budget: { chars: number }) {
  const v = node[field];
  if (v === undefined || v === null) return;
  if (typeof v !== "string") throw shape(`“${field}” must be text`);
  if (v.length > MAX_ATTR_CHARS) throw shape(`“${field}” is too long`);
  budget.chars += v.length;
}

function checkNoStyle(node: Record<string, unknown>) {
  for (const field of ["style", "textStyle"]) {
    const v = node[field];
    if (v === undefined) continue;
    if (typeof v !== "string") throw shape(`“${field}” must be text`);
    if (v !== "") throw new Invalid("editor.invalid.style");
  }
}

function checkNode(node: Record<string, unknown>, budget: { chars: number }) {
  const type = node.type as string;
  if (node.version !== undefined && typeof node.version !== "number") throw shape("“version” must be a number");
  checkNoStyle(node);

  if (ELEMENT.has(type)) {
    if (!Array.isArray(node.children)) throw shape(`a ${type} must have a list of children`);
    if (node.format !== undefined && (typeof node.format !== "string" || !ELEMENT_FORMATS.has(node.format)))
      throw shape("unknown paragraph alignment");
    if (node.direction !== undefined && node.direction !== null && node.direction !== "ltr" && node.direction !== "rtl")
      throw shape("unknown text direction");
    if (
      node.indent !== undefined &&
      !(Number.isInteger(node.indent) && (node.indent as number) >= 0 && (node.indent as number) <= 20)
    )
      throw shape("indent must be a small whole number");
    if (node.textFormat !== undefined && !(Number.isInteger(node.textFormat) && (node.textFormat as number) >= 0))
      throw shape("“textFormat” must be a whole number");
  } else if (node.children !== undefined) {
    throw shape(`a ${type} cannot have children`);
  }

  switch (type) {
    case "root":
      break;
    case "text": {
      if (typeof node.text !== "string") throw shape("a text node must have text");
      if (BIDI_OVERRIDE.test(node.text)) throw new Invalid("editor.invalid.bidi");
      budget.chars += node.text.length;
      if (
        node.format !== undefined &&
        !(Number.isInteger(node.format) && (node.format as number) >= 0 && (node.format as number) < 1 << 16)
      )
        throw shape("text format must be a whole number");
      if (
        node.detail !== undefined &&
        !(Number.isInteger(node.detail) && (node.detail as number) >= 0 && (node.detail as number) < 256)
      )
        throw shape("text detail must be a whole number");
      if (node.mode !== undefined && !TEXT_MODES.has(node.mode as string)) throw shape("unknown text mode");
      break;
    }
    case "tab":
      if (node.text !== undefined && node.text !== "\t") throw shape("a tab holds only a tab character");
      break;
    case "heading":
      if (typeof node.tag !== "string" || !HEADING_TAGS.has(node.tag)) throw new Invalid("editor.invalid.heading");
      break;
    case "list": {
      if (node.listType !== "bullet" && node.listType !== "number") throw shape("a list must be bulleted or numbered");
      if (node.tag !== undefined && node.tag !== (node.listType === "bullet" ? "ul" : "ol"))
        throw shape("list tag does not match list type");
      if (
        node.start !== undefined &&
        !(Number.isInteger(node.start) && (node.start as number) >= 0 && (node.start as number) < 100_000)
      )
        throw shape("a list must start at a whole number");
      break;
    }
    case "listitem":
      if (node.value !== undefined && !(Number.isInteger(node.value) && Math.abs(node.value as number) < 100_000))
        throw shape("list item number must be a whole number");
      if (node.checked !== undefined && node.checked !== null) throw shape("checklists are not supported");
      break;
    case "link":
    case "autolink": {
      if (!isSafeLinkUrl(node.url)) {
        const shown = typeof node.url === "string" ? node.url.slice(0, 80) : String(typeof node.url);
        throw new Invalid("editor.invalid.link", { url: shown });
      }
      budget.chars += node.url.length;
      checkOptionalString(node, "rel", budget);
      checkOptionalString(node, "title", budget);
      checkOptionalString(node, "target", budget);
      break;
    }
    case "footnote": {
      if (typeof node.note !== "string") throw shape("a footnote must have note text");
      if (BIDI_OVERRIDE.test(node.note)) throw new Invalid("editor.invalid.bidi");
      if (node.note.length > EDITOR_LIMITS.maxNoteChars)
        throw shape(`a footnote is longer than ${EDITOR_LIMITS.maxNoteChars} characters`);
      budget.chars += node.note.length;
      break;
    }
    default:
      break;
  }
}

/** Validates posted editor JSON (a string or an already-parsed value). Never throws. */
export function validateEditorJson(input: unknown): ValidateResult {
  try {
    return validateInner(input);
  } catch (e) {
    if (e instanceof Invalid) return fail(e.key, e.vars);
    // A RangeError from a pathological value (cycles, absurd depth) or anything else unexpected.
    return fail("editor.invalid.json");
  }
}

function validateInner(input: unknown): ValidateResult {
  let value: unknown = input;
  const limitKb = Math.round(EDITOR_LIMITS.maxJsonBytes / 1000);
  if (typeof input === "string") {
    const bytes = utf8Length(input);
    if (bytes > EDITOR_LIMITS.maxJsonBytes)
      return fail("editor.invalid.tooLarge", { size: Math.ceil(bytes / 1000), limit: limitKb });
    try {
      value = JSON.parse(input);
    } catch {
      return fail("editor.invalid.json");
    }
  } else {
    if (!isPlainObject(input)) return fail("editor.invalid.json");
    // The same byte limit for already-parsed input; stringify throws on cycles and BigInt, caught above.
    const text = JSON.stringify(input);
    if (typeof text !== "string") return fail("editor.invalid.json");
    const bytes = utf8Length(text);
    if (bytes > EDITOR_LIMITS.maxJsonBytes)
      return fail("editor.invalid.tooLarge", { size: Math.ceil(bytes / 1000), limit: limitKb });
  }

  if (!isPlainObject(value) || !isPlainObject(value.root)) return fail("editor.invalid.json");
  const root = value.root;
  if (root.type !== "root") return fail("editor.invalid.shape", { detail: "the document must start with a root" });

  const budget = { chars: 0 };
  let nodes = 0;
  // Iterative walk: hostile depth must not exhaust the call stack.
  const stack: Array<{ node: unknown; depth: number; parent: string | null; insideLink: boolean }> = [
    { node: root, depth: 1, parent: null, insideLink: false },
  ];
  while (stack.length > 0) {
    const { node, depth, parent, insideLink } = stack.pop()!;
    if (depth > EDITOR_LIMITS.maxDepth) return fail("editor.invalid.tooDeep", { limit: EDITOR_LIMITS.maxDepth });
    if (++nodes > EDITOR_LIMITS.maxNodes) return fail("editor.invalid.shape", { detail: "too many elements" });
    if (!isPlainObject(node)) return fail("editor.invalid.shape", { detail: "every element must be an object" });
    const type = node.type;
    if (typeof type !== "string") return fail("editor.invalid.shape", { detail: "every element needs a type" });
    if (!ALLOWED.has(type)) return fail("editor.invalid.nodeType", { type: type.slice(0, 40) });
    if (parent !== null && !allowedChildren(parent, insideLink).has(type))
      return fail("editor.invalid.shape", { detail: `a ${type} cannot be placed inside a ${parent}` });
    if (parent === null && type !== "root")
      return fail("editor.invalid.shape", { detail: "the document must start with a root" });
    if (parent !== null && type === "root") return fail("editor.invalid.shape", { detail: "a root cannot be nested" });

    checkNode(node, budget);
    if (budget.chars > EDITOR_LIMITS.maxTextChars)
      return fail("editor.invalid.textTooLong", { size: budget.chars, limit: EDITOR_LIMITS.maxTextChars });

    if (Array.isArray(node.children)) {
      if (type === "list" && node.children.length === 0)
        return fail("editor.invalid.shape", { detail: "a list cannot be empty" });
      const childInsideLink = insideLink || type === "link" || type === "autolink";
      for (let i = node.children.length - 1; i >= 0; i--)
        stack.push({ node: node.children[i], depth: depth + 1, parent: type, insideLink: childInsideLink });
    }
  }
  return { ok: true, state: value as unknown as SerializedEditorState };
}
