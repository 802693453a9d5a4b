/**
 * Allow-list HTML sanitiser for letter bodies: DOMPurify on one reused jsdom window. Only jsdom makes DOMPurify
 * actually sanitise here (with happy-dom or linkedom it returns its input unchanged).
 */
import createDOMPurify, { type Config, type DOMPurify } from "dompurify";
import { createRequire } from "node:module";
import { isSafeLinkUrl } from "./url";

export const LETTER_ALLOWED_TAGS = [
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "strong",
  "em",
  "u",
  "s",
  "ul",
  "ol",
  "li",
  "a",
  "blockquote",
  "sup",
  "br",
  "section",
  "hr",
];

const CONFIG: Config = {
  ALLOWED_TAGS: LETTER_ALLOWED_TAGS,
  ALLOWED_ATTR: ["href", "start", "aria-label"],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: true,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOWED_URI_REGEXP: /^(?:https?:\/\/|mailto:)/i,
  KEEP_CONTENT: true,
  WHOLE_DOCUMENT: false,
  RETURN_DOM: false,
  RETURN_DOM_FRAGMENT: false,
  RETURN_TRUSTED_TYPE: false,
};

let purifier: DOMPurify | null = null;

function getPurifier(): DOMPurify {
  if (purifier) return purifier;
  // jsdom (about 100 MB and seconds to load) is required on the first sanitising, not at start-up; synchronously,
  // since sanitising is.
  const { JSDOM } = createRequire(import.meta.url)("jsdom") as typeof import("jsdom");
  const { window } = new JSDOM("<!DOCTYPE html><html><body></body></html>");
  const p = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  if (!p.isSupported) throw new Error("DOMPurify is not supported on this jsdom window");
  p.addHook("afterSanitizeAttributes", (node) => {
    const el = node as Element;
    if (el.nodeName === "A") {
      const href = el.getAttribute("href");
      if (href !== null && !isSafeLinkUrl(href)) el.removeAttribute("href");
      el.setAttribute("rel", "noopener noreferrer");
    } else if (el.nodeName === "OL") {
      const start = el.getAttribute("start");
      if (start !== null && !/^\d{1,5}$/.test(start)) el.removeAttribute("start");
    }
    // aria-* is let through only so that the notes section keeps its name; nothing else may carry aria.
    for (const attr of Array.from(el.attributes ?? [])) {
      if (attr.name.startsWith("aria-") && !(el.nodeName === "SECTION" && attr.name === "aria-label"))
        el.removeAttribute(attr.name);
    }
  });
  purifier = p;
  return p;
}

/** Sanitises an HTML fragment to the letter allow-list. `rel` is added to every link after sanitising. */
export function sanitizeLetterHtml(html: string): string {
  const p = getPurifier();
  return p.sanitize(html, CONFIG) as string;
}
