/** Class names Lexical puts on editor DOM, and the CSS for them. Pure data; no Lexical runtime import. */
import type { EditorThemeClasses } from "lexical";

export const letterEditorTheme: EditorThemeClasses = {
  paragraph: "le-p",
  quote: "le-quote",
  heading: { h1: "le-h1", h2: "le-h2", h3: "le-h3", h4: "le-h4" },
  list: {
    ul: "le-ul",
    ol: "le-ol",
    listitem: "le-li",
    nested: { listitem: "le-li-nested" },
  },
  link: "le-link",
  text: {
    bold: "le-bold",
    italic: "le-italic",
    underline: "le-underline",
    strikethrough: "le-strike",
    underlineStrikethrough: "le-underline-strike",
  },
};

/** Shared typography of a letter: used by the editor surface and the read-only body alike. */
export const LETTER_TYPOGRAPHY_CSS = `
.letter-typography { font-family: Georgia, "Times New Roman", serif; font-size: 1.05rem; line-height: 1.55; color: #1a1a1a; overflow-wrap: anywhere; }
.letter-typography p, .letter-typography .le-p { margin: 0 0 0.9em; }
.letter-typography h1, .letter-typography h2, .letter-typography h3, .letter-typography h4 { font-family: system-ui, sans-serif; line-height: 1.25; margin: 1.2em 0 0.5em; }
.letter-typography h1 { font-size: 1.45em; } .letter-typography h2 { font-size: 1.25em; } .letter-typography h3 { font-size: 1.1em; } .letter-typography h4 { font-size: 1em; }
.letter-typography blockquote { margin: 0 0 0.9em; padding: 0.1em 0 0.1em 1em; border-left: 3px solid #8a8a8a; color: #333; }
.letter-typography ul, .letter-typography ol { margin: 0 0 0.9em; padding-left: 1.6em; }
.letter-typography li { margin: 0.2em 0; }
.letter-typography .le-li-nested { list-style-type: none; }
.letter-typography a { color: #0645ad; text-decoration: underline; }
.letter-typography sup { font-size: 0.7em; line-height: 0; vertical-align: super; padding: 0 0.05em; }
.letter-typography section { margin-top: 2em; font-size: 0.85em; }
.letter-typography section hr { width: 33%; margin: 0 0 0.6em; border: 0; border-top: 1px solid #777; }
.letter-typography section ol { padding-left: 1.8em; }
.letter-typography .le-bold { font-weight: bold; } .letter-typography .le-italic { font-style: italic; }
.letter-typography .le-underline { text-decoration: underline; } .letter-typography .le-strike { text-decoration: line-through; }
.letter-typography .le-underline-strike { text-decoration: underline line-through; }
`;

export const LETTER_EDITOR_CSS = `
.letter-editor { border: 1px solid #8a8a8a; border-radius: 6px; background: #fff; }
.letter-editor:focus-within { outline: 2px solid #1d4ed8; outline-offset: 1px; }
.letter-editor__toolbar { display: flex; flex-wrap: wrap; gap: 2px; padding: 4px; border-bottom: 1px solid #ccc; background: #f6f6f6; border-radius: 6px 6px 0 0; position: sticky; top: 0; z-index: 1; }
.letter-editor__toolbar button { min-width: 2.25rem; min-height: 2.25rem; padding: 0 0.5rem; border: 1px solid transparent; border-radius: 4px; background: transparent; font: inherit; font-size: 0.9rem; cursor: pointer; color: #1a1a1a; }
.letter-editor__toolbar button:hover { background: #e6e6e6; }
.letter-editor__toolbar button:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 1px; }
.letter-editor__toolbar button[aria-pressed="true"] { background: #dbe4ff; border-color: #1d4ed8; }
.letter-editor__toolbar button:disabled { opacity: 0.4; cursor: default; }
.letter-editor__sep { width: 1px; background: #ccc; margin: 4px 3px; }
.letter-editor__panel { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; padding: 0.5rem; border-bottom: 1px solid #ccc; background: #fafafa; }
.letter-editor__panel label { display: flex; flex-direction: column; gap: 2px; font-size: 0.85rem; flex: 1 1 16rem; }
.letter-editor__panel input, .letter-editor__panel textarea { font: inherit; padding: 0.35rem; border: 1px solid #8a8a8a; border-radius: 4px; }
.letter-editor__panel button, .letter-editor__notes button { font: inherit; font-size: 0.85rem; padding: 0.35rem 0.7rem; border-radius: 4px; border: 1px solid #8a8a8a; background: #fff; cursor: pointer; }
.letter-editor__error { color: #b00020; font-size: 0.85rem; flex-basis: 100%; }
.letter-editor__surface { position: relative; }
.letter-editor__content { min-height: 18rem; padding: 1rem 1.25rem; outline: none; white-space: pre-wrap; }
.letter-editor__placeholder { position: absolute; top: 1rem; left: 1.25rem; color: #767676; pointer-events: none; }
.letter-editor .letter-footnote-ref { color: #1d4ed8; font-weight: bold; cursor: default; }
.letter-editor .letter-footnote-ref:empty::after { content: "*"; }
.letter-editor__notes { border-top: 1px solid #ccc; padding: 0.5rem 1.25rem 0.75rem; font-size: 0.9rem; }
.letter-editor__notes h3 { font-size: 0.9rem; margin: 0.25rem 0 0.5rem; }
.letter-editor__notes ol { margin: 0; padding-left: 1.6rem; }
.letter-editor__notes li { margin-bottom: 0.4rem; }
.letter-editor__note { display: flex; gap: 0.5rem; align-items: flex-start; }
.letter-editor__note textarea { flex: 1; font: inherit; min-height: 2.2rem; padding: 0.3rem; border: 1px solid #bbb; border-radius: 4px; }
`;
