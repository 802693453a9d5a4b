/**
 * The staff interface's messages travel as a cacheable script, not inside every page.
 *
 * A staff page may show any of about 1,500 keys, so its loader data used to carry the whole catalogue
 * (≈90 kB of JSON in every HTML response, serialised, escaped and compressed again on each request). Now the
 * root loader sends a reference (locale, audience, content version); the page's head loads
 * `/i18n/<locale>-staff.<version>.js` (app/routes/i18n.$file.tsx, cached for a year under its version), which
 * registers the catalogue before the app's modules run. On the server the same catalogue is registered by the
 * root loader, so server rendering reads it from memory. When a client-side navigation brings a catalogue the
 * browser has not loaded (after a language switch or signing in), the root's clientLoader fetches its JSON
 * before the navigation completes. Token pages (signing and the like) keep their small catalogue inline.
 */
import type { PageI18n } from "./index";
import type { UiLocale } from "./locales";

export type CatalogueRef = { locale: UiLocale; audience: "staff"; version: string };

declare global {
  interface Window {
    __undersignedI18n?: Record<string, PageI18n>;
  }
}

const serverStore = new Map<string, PageI18n>();

export const isCatalogueRef = (v: unknown): v is CatalogueRef =>
  typeof v === "object" && v !== null && typeof (v as CatalogueRef).version === "string" && !("messages" in v);

const keyOf = (ref: CatalogueRef) => `${ref.locale}-${ref.audience}.${ref.version}`;

export const catalogueUrl = (ref: CatalogueRef, ext: "js" | "json" = "js") => `/i18n/${keyOf(ref)}.${ext}`;

/** Server: the root loader makes the catalogue it refers to available to the server render. */
export function provideCatalogue(ref: CatalogueRef, messages: PageI18n) {
  serverStore.set(keyOf(ref), messages);
}

/** The catalogue a reference names, if this side (server memory, or the browser's registry) has it. */
export function resolveCatalogue(ref: CatalogueRef): PageI18n | null {
  if (typeof window !== "undefined") return window.__undersignedI18n?.[keyOf(ref)] ?? null;
  return serverStore.get(keyOf(ref)) ?? null;
}

/** Browser: fetches a catalogue not loaded yet (its JSON twin of the script), so a navigation never renders keys. */
export async function ensureCatalogue(ref: CatalogueRef): Promise<void> {
  if (typeof window === "undefined" || resolveCatalogue(ref)) return;
  const res = await fetch(catalogueUrl(ref, "json"), { credentials: "same-origin" });
  if (!res.ok) throw new Error(`messages ${keyOf(ref)}: HTTP ${res.status}`);
  const messages = (await res.json()) as PageI18n;
  (window.__undersignedI18n ??= {})[keyOf(ref)] = messages;
}

/** The script body that registers a catalogue in the browser (served by app/routes/i18n.$file.tsx). */
export function catalogueScript(ref: CatalogueRef, messages: PageI18n) {
  return `(self.__undersignedI18n=self.__undersignedI18n||{})[${JSON.stringify(keyOf(ref))}]=${JSON.stringify(messages)};\n`;
}
