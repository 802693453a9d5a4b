/**
 * Reads the letter body from a form: the editor's JSON (hidden input `bodyJson`) or, when the
 * browser ran no JavaScript, plain paragraphs typed into the fallback textarea `bodyText`.
 */
import { editorJsonFromBlocks } from "#app/editor/build";
import { validateEditorJson } from "#app/editor/validate";

const MAX_FORM_JSON = 1_000_000;

/** Form limits of the routes that post a letter body (readForm): the editor's JSON may fill most of the body. */
export const EDITOR_FORM = { maxBytes: 2 * MAX_FORM_JSON, long: ["bodyJson", "bodyText"] };

export function readBodyJson(form: FormData): { ok: true; json: unknown | null } | { ok: false; error: string } {
  // The textarea lives in <noscript>, so it is only posted when the editor did not run: it wins.
  const text = form.get("bodyText");
  if (typeof text === "string") return fromMarkedText(text);
  const raw = form.get("bodyJson");
  if (typeof raw === "string" && raw.trim()) {
    if (raw.length > MAX_FORM_JSON) return { ok: false, error: "The text is too long." };
    // JSON can spell a control character as an escape that readForm never saw; PostgreSQL refuses NUL in jsonb.
    if (/\\u00(?:0[0-8bcef]|1[0-9a-f])/i.test(raw))
      return { ok: false, error: "The text contains a control character." };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { ok: false, error: "The editor sent malformed data." };
    }
    const v = validateEditorJson(parsed);
    return v.ok ? { ok: true, json: v.state } : { ok: false, error: v.error };
  }
  return { ok: true, json: null };
}

/** Paragraphs separated by blank lines, with the **bold** and [^note] markers the textarea explains. */
function fromMarkedText(text: string): { ok: true; json: unknown | null } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, json: null };
  if (text.length > 200_000) return { ok: false, error: "The text is too long." };
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, " ").trim())
    .filter(Boolean);
  const json = editorJsonFromBlocks(paragraphs.map((p) => ({ type: "p" as const, text: p })));
  const v = validateEditorJson(json);
  return v.ok ? { ok: true, json: v.state } : { ok: false, error: v.error };
}
