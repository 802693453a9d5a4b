/** Which link targets a letter may contain: http, https and mailto only, spelled plainly. Pure; used on both sides. */

export const MAX_URL_LENGTH = 2048;

// Whitespace, control characters, invisible formatting characters and characters that only appear in
// attribute-breaking or scheme-obfuscating tricks. A real link has none of them unencoded.
const FORBIDDEN =
  /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff"'<>`\\]/;
const SCHEME = /^(?:https?:\/\/|mailto:)/i;

/**
 * True only for an absolute http(s) URL with a host, or a mailto: URL, written without any whitespace, control or
 * invisible characters. Checking the literal prefix (rather than decoding) refuses `JaVaScRiPt:`, `java\tscript:`,
 * `&#106;avascript:`, `data:` and `vbscript:` alike, because none of them starts with an allowed scheme.
 */
export function isSafeLinkUrl(url: unknown): url is string {
  if (typeof url !== "string" || url.length === 0 || url.length > MAX_URL_LENGTH) return false;
  if (FORBIDDEN.test(url) || !SCHEME.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === "mailto:") return url.length > "mailto:".length;
  return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname.length > 0;
}

/**
 * Turns what someone typed into a link box into a candidate URL: trims it, adds https:// to a bare domain and
 * mailto: to a bare email address. The result still has to pass isSafeLinkUrl.
 */
export function normaliseLinkInput(input: string): string {
  const s = input.trim();
  if (/^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/.test(s)) return `mailto:${s}`;
  if (/^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#]\S*)?$/i.test(s)) return `https://${s}`;
  return s;
}

/** Splits free text (a footnote) into plain parts and safe http(s) links, for rendering notes with live links. */
export function splitLinks(text: string): Array<{ text: string; href?: string }> {
  const parts: Array<{ text: string; href?: string }> = [];
  const re = /https?:\/\/[^\s<>"'`\\]+/gi;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // Sentence punctuation after a URL belongs to the sentence, not the URL.
    const url = m[0].replace(/[.,;:!?)\]]+$/, "");
    if (!isSafeLinkUrl(url)) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ text: url, href: url });
    last = m.index + url.length;
    re.lastIndex = last;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
