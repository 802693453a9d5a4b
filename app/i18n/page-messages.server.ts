/**
 * The messages a page sends to the browser: one locale, only the keys of the page's audience, with the
 * English text of those the locale has not translated. Built once per locale and audience.
 */
import { createHash } from "node:crypto";
import { catalogOf, PLURAL_CATEGORIES, type Catalog, type PageI18n } from "./index";
import { en } from "./en";
import { FRAME_KEYS, INVITEE_KEYS, SERVER_ONLY_PREFIXES } from "./audiences";
import type { UiLocale } from "./locales";
import { provideCatalogue, type CatalogueRef } from "./catalogue-ref";

/**
 * "invitee": the token pages (signing, comment, confirm, unsubscribe, verify) and the frame around them;
 * "frame": only the frame (skip link, brand, error pages), for the root of a token page until the page
 * itself knows its language; "staff": every key a browser may need.
 */
export type Audience = "invitee" | "frame" | "staff";

const baseOf = (key: string) => key.replace(new RegExp(`_(${PLURAL_CATEGORIES.join("|")})$`), "");
const matches = (key: string, pattern: string) =>
  pattern.endsWith(".") ? key.startsWith(pattern) : baseOf(key) === pattern;

function wanted(audience: Audience): (key: string) => boolean {
  const serverOnly = (k: string) => SERVER_ONLY_PREFIXES.some((p) => k.startsWith(p));
  if (audience === "staff") return (k) => !serverOnly(k);
  const frame = (k: string) => FRAME_KEYS.some((p) => matches(k, p));
  if (audience === "frame") return frame;
  const invitee = new Set<string>(INVITEE_KEYS);
  return (k) => !serverOnly(k) && (frame(k) || invitee.has(baseOf(k)));
}

const cache = new Map<string, PageI18n>();

export function pageMessages(locale: UiLocale, audience: Audience): PageI18n {
  const id = `${locale}:${audience}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const want = wanted(audience);
  const own = catalogOf(locale);
  const messages: Record<string, string> = {};
  const fallback: Record<string, string> = {};
  const translatedBases = new Set<string>();
  if (locale !== "en") {
    for (const [k, v] of Object.entries(own)) {
      if (!want(k)) continue;
      messages[k] = v;
      translatedBases.add(baseOf(k));
    }
  }
  for (const [k, v] of Object.entries(en as Catalog)) {
    if (!want(k)) continue;
    if (locale === "en") messages[k] = v;
    else if (!translatedBases.has(baseOf(k))) fallback[k] = v;
  }
  const result: PageI18n = { locale, messages, fallback };
  cache.set(id, result);
  return result;
}

const versions = new Map<string, string>();

/**
 * The staff catalogue of a locale as a reference for the root loader: its content version (a hash of the
 * messages, so a changed catalogue gets a new URL) and the catalogue itself registered for the server render.
 */
export function staffCatalogueRef(locale: UiLocale): CatalogueRef {
  const messages = pageMessages(locale, "staff");
  let version = versions.get(locale);
  if (!version) {
    version = createHash("sha256").update(JSON.stringify(messages)).digest("hex").slice(0, 12);
    versions.set(locale, version);
  }
  const ref: CatalogueRef = { locale, audience: "staff", version };
  provideCatalogue(ref, messages);
  return ref;
}
