/**
 * Turns a letter body's sanitised HTML (the allow-list of app/editor/sanitize.server.ts) into flat blocks of styled
 * text runs that the PDF writer can lay out, and pulls the notes section out as numbered notes. Pure: no DOM, no
 * Node APIs. Anything outside the allow-list is treated as plain content (its text is kept, the tag ignored), so a
 * body that somehow skipped the sanitiser still prints as text and never as markup.
 */

export type Run = {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  /** A footnote reference number. */
  sup?: boolean;
  /** http(s) or mailto only; anything else is dropped. */
  href?: string;
};

export type PdfBlock =
  | { kind: "heading"; level: 1 | 2 | 3 | 4; runs: Run[] }
  | { kind: "paragraph"; runs: Run[]; quote: boolean }
  | { kind: "item"; runs: Run[]; marker: string; depth: number; quote: boolean }
  | { kind: "rule" };

export type ParsedLetterHtml = { blocks: PdfBlock[]; notes: Run[][] };

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", "#39": "'" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : "\ufffd";
    }
    return NAMED[name.toLowerCase()] ?? m;
  });
}

function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(attrs);
  if (!m) return null;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? "");
}

const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;

type Style = Omit<Run, "text">;
type ListState = { ordered: boolean; next: number };

/** Whitespace as HTML renders it: runs of spaces, tabs and newlines become one space (no-break spaces stay). */
function collapse(s: string) {
  return s.replace(/[ \t\n\r\f]+/g, " ");
}

export function parseLetterHtml(html: string): ParsedLetterHtml {
  const blocks: PdfBlock[] = [];
  const notes: Run[][] = [];
  const styles: Style[] = [{}];
  const lists: ListState[] = [];
  let quoteDepth = 0;
  let inNotes = 0;
  let current: { runs: Run[]; make: (runs: Run[]) => PdfBlock | null } | null = null;

  const style = () => styles[styles.length - 1];
  const pushStyle = (s: Style) => styles.push({ ...style(), ...s });
  const popStyle = () => {
    if (styles.length > 1) styles.pop();
  };

  function flush() {
    if (!current) return;
    const runs = tidy(current.runs);
    const block = runs.length ? current.make(runs) : null;
    if (block) blocks.push(block);
    current = null;
  }

  function open(make: (runs: Run[]) => PdfBlock | null) {
    flush();
    current = { runs: [], make };
  }

  function paragraph() {
    const quote = quoteDepth > 0;
    return (runs: Run[]): PdfBlock => ({ kind: "paragraph", runs, quote });
  }

  function addBreak() {
    // `current` is assigned inside closures, which TypeScript's narrowing cannot follow.
    const c = current as { runs: Run[] } | null;
    if (c) c.runs.push({ ...style(), text: "\n" });
  }

  function addText(text: string) {
    if (!text) return;
    if (!current) {
      if (!text.trim()) return;
      if (inNotes && lists.length) {
        // Text of a note outside its <li> cannot happen with our renderer; keep it as a note anyway.
        open((runs) => (notes.push(runs), null));
      } else open(paragraph());
    }
    // HTML collapses whitespace across inline elements too: no space after a space or a line break.
    const prev = current!.runs[current!.runs.length - 1];
    if (/^ /.test(text) && (!prev || / $|\n$/.test(prev.text))) text = text.slice(1);
    if (!text) return;
    const s = style();
    const run: Run = { text };
    for (const k of ["bold", "italic", "underline", "strike", "sup"] as const) if (s[k]) run[k] = true;
    if (s.href) run.href = s.href;
    current!.runs.push(run);
  }

  const re =
    /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>|([^<]+)|(<)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[5] !== undefined) {
      addText("<");
      continue;
    }
    if (m[4] !== undefined) {
      addText(collapse(decodeEntities(m[4])));
      continue;
    }
    if (m[2] === undefined) continue; // a comment
    const closing = m[1] === "/";
    const tag = m[2].toLowerCase();
    const attrs = m[3] ?? "";
    switch (tag) {
      case "p":
        if (closing) flush();
        else if (inNotes && lists.length) break;
        else open(paragraph());
        break;
      case "h1":
      case "h2":
      case "h3":
      case "h4": {
        if (closing) flush();
        else {
          const level = Number(tag[1]) as 1 | 2 | 3 | 4;
          open((runs) => ({ kind: "heading", level, runs }));
        }
        break;
      }
      case "blockquote":
        flush();
        quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1));
        break;
      case "section":
        flush();
        inNotes = Math.max(0, inNotes + (closing ? -1 : 1));
        break;
      case "ul":
      case "ol":
        flush();
        if (closing) lists.pop();
        else {
          const start = Number(attr(attrs, "start") ?? "1");
          lists.push({
            ordered: tag === "ol",
            next: Number.isInteger(start) && start >= 0 && start < 100000 ? start : 1,
          });
        }
        break;
      case "li": {
        if (closing) {
          flush();
          break;
        }
        const list = lists[lists.length - 1];
        if (inNotes) {
          open((runs) => (notes.push(runs), null));
          if (list) list.next++;
          break;
        }
        const marker = list?.ordered ? `${list.next++}.` : "•";
        const depth = Math.max(0, lists.length - 1);
        const quote = quoteDepth > 0;
        open((runs) => ({ kind: "item", runs, marker, depth, quote }));
        break;
      }
      case "hr":
        if (!inNotes) {
          flush();
          blocks.push({ kind: "rule" });
        }
        break;
      case "br":
        addBreak();
        break;
      case "strong":
      case "b":
        if (closing) popStyle();
        else pushStyle({ bold: true });
        break;
      case "em":
      case "i":
        if (closing) popStyle();
        else pushStyle({ italic: true });
        break;
      case "u":
        if (closing) popStyle();
        else pushStyle({ underline: true });
        break;
      case "s":
        if (closing) popStyle();
        else pushStyle({ strike: true });
        break;
      case "sup":
        if (closing) popStyle();
        else pushStyle({ sup: true });
        break;
      case "a": {
        if (closing) popStyle();
        else {
          const href = attr(attrs, "href");
          pushStyle(href && SAFE_HREF.test(href) ? { href } : {});
        }
        break;
      }
      default:
        // Unknown tags (span, div, …): their text is kept, the tag is not.
        break;
    }
  }
  flush();
  return { blocks, notes };
}

/** Trims the block's outer whitespace, joins neighbours of identical style, drops empty runs. */
function tidy(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    if (!r.text) continue;
    const prev = out[out.length - 1];
    if (prev && sameStyle(prev, r)) prev.text += r.text;
    else out.push({ ...r });
  }
  // Leading/trailing spaces, and spaces around forced line breaks.
  if (out.length) out[0].text = out[0].text.replace(/^[ ]+/, "");
  if (out.length) out[out.length - 1].text = out[out.length - 1].text.replace(/[ \n]+$/, "");
  for (const r of out) r.text = r.text.replace(/ *\n */g, "\n");
  return out.filter((r) => r.text.length > 0);
}

function sameStyle(a: Run, b: Run) {
  return (
    !!a.bold === !!b.bold &&
    !!a.italic === !!b.italic &&
    !!a.underline === !!b.underline &&
    !!a.strike === !!b.strike &&
    !!a.sup === !!b.sup &&
    (a.href ?? "") === (b.href ?? "")
  );
}

/** Plain text of runs (for tests and the text layer check). */
export function runsText(runs: Run[]): string {
  return runs.map((r) => r.text).join("");
}
