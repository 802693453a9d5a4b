/**
 * The one translation layer (docs/decisions/009-translation-layer.md). The English catalogue is the typed
 * source of keys; other locales hold partial catalogues and fall back to English key by key. Placeholders
 * are `{name}`; a key with plural variants (`_zero`, `_one`, `_two`, `_few`, `_many`, `_other`, the CLDR
 * categories) is chosen by Intl.PluralRules on `count`.
 *
 * Two ways in:
 *  - `translate` / `makeT` (server: emails, PDFs, loaders) read every catalogue registered below;
 *  - `useT()` (components) reads only the messages the page's loader put in the LocaleProvider, so the
 *    browser gets the subset a page needs, never the catalogues themselves (app/i18n/page-messages.server.ts).
 * Client code must not call `translate`/`makeT`: that would bundle every catalogue into the browser
 * (tests/e2e/languages.spec.ts reads the build's metafile and fails if one does).
 */
import { createContext, useContext } from "react";
import { DEFAULT_LOCALE, PSEUDO_LOCALE, type UiLocale } from "./locales";
import { en } from "./en";
import { translations } from "./translations";
import { pseudoLocalize, pseudoMessages } from "./pseudo";

export type Messages = typeof en;
export const PLURAL_CATEGORIES = ["zero", "one", "two", "few", "many", "other"] as const;
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number];
type BaseKey<K> = K extends `${infer B}_${PluralCategory}` ? B : K;
/** The keys components pass to `t`: every English key, and the base of every plural key. */
export type MessageKey = BaseKey<keyof Messages> | keyof Messages;
export type Vars = Record<string, string | number | null | undefined>;
/** A catalogue as translators write it: English keys, plural keys in the categories of their language. */
export type Catalog = Readonly<Record<string, string>>;

// Built on first use, not at module load: a module-level statement would keep every catalogue in the browser
// bundle, while an unused function is dropped with everything only it references.
let catalogs: Map<UiLocale, Record<string, string>> | undefined;
function registry() {
  if (!catalogs) {
    catalogs = new Map<UiLocale, Record<string, string>>([["en", en]]);
    for (const [code, messages] of Object.entries(translations)) catalogs.set(code as UiLocale, { ...messages });
    catalogs.set(PSEUDO_LOCALE, pseudoMessages(en));
  }
  return catalogs;
}

/** Adds messages to a locale's catalogue (tests; the translation files are registered in ./translations). */
export function registerCatalog(locale: UiLocale, messages: Catalog) {
  registry().set(locale, { ...registry().get(locale), ...messages });
}

/** The locale's own catalogue (no English fallback), as registered. */
export function catalogOf(locale: UiLocale): Catalog {
  return registry().get(locale) ?? {};
}

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(locale: UiLocale, count: number): PluralCategory {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(count) as PluralCategory;
}

/**
 * The template for `key` in `locale`, looked up in `own` and then in `english`. A plural key is resolved
 * in one table as a whole: the locale's variant for its CLDR category, or its `_other`; only a locale
 * with no variant of the key at all falls back to English (chosen by English rules).
 */
export function templateFor(
  locale: UiLocale,
  own: Catalog,
  english: Catalog,
  key: string,
  count: number | undefined,
): string | undefined {
  if (count !== undefined) {
    const cat = pluralCategory(locale, count);
    const mine = own[`${key}_${cat}`] ?? own[`${key}_other`];
    if (mine !== undefined) return mine;
    const theirs = english[`${key}_${pluralCategory("en", count)}`] ?? english[`${key}_other`];
    if (theirs !== undefined) return theirs;
  }
  return own[key] ?? english[key];
}

function fill(locale: UiLocale, template: string, vars: Vars) {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined || v === null) return "";
    return typeof v === "number" ? new Intl.NumberFormat(locale).format(v) : v;
  });
}

/** Translates with the given tables: the page's messages in the browser, the full catalogues on the server. */
export function translateWith(locale: UiLocale, own: Catalog, english: Catalog, key: string, vars: Vars = {}): string {
  const template = templateFor(locale, own, english, key, typeof vars.count === "number" ? vars.count : undefined);
  if (template === undefined) return key;
  return fill(locale, template, vars);
}

/** Server-side translation against every registered catalogue. */
export function translate(locale: UiLocale, key: MessageKey, vars: Vars = {}): string {
  return translateWith(locale, catalogOf(locale), en, key, vars);
}

export type T = (key: MessageKey, vars?: Vars) => string;

export function makeT(locale: UiLocale): T {
  return (key, vars) => translate(locale, key, vars);
}

/**
 * What a page renders with: its locale, that locale's messages for the keys the page may show, and the
 * English text of those among them the locale has not translated. Put in loader data, so it is serialised
 * into the page once.
 */
export type PageI18n = { locale: UiLocale; messages: Catalog; fallback: Catalog };

const EMPTY: PageI18n = { locale: DEFAULT_LOCALE, messages: {}, fallback: {} };
const LocaleContext = createContext<PageI18n>(EMPTY);
export const LocaleProvider = LocaleContext.Provider;

export function useLocale(): UiLocale {
  return useContext(LocaleContext).locale;
}

export function usePageI18n(): PageI18n {
  return useContext(LocaleContext);
}

export function tFor(i18n: PageI18n): T {
  return (key, vars) => translateWith(i18n.locale, i18n.messages, i18n.fallback, key, vars);
}

export function useT(): T {
  return tFor(useContext(LocaleContext));
}

export function formatDate(
  locale: UiLocale,
  value: Date | string | null | undefined,
  opts: Intl.DateTimeFormatOptions = { dateStyle: "long" },
) {
  if (!value) return "—";
  const d = typeof value === "string" ? new Date(value) : value;
  // EU usage: "14 January 2022", not the US order. The pseudo-locale accents the English date, so a date
  // formatted outside this function shows up as plain English in the pseudo-locale check.
  const tag = locale === "en" || locale === PSEUDO_LOCALE ? "en-GB" : locale;
  const text = new Intl.DateTimeFormat(tag, { timeZone: "Europe/Brussels", ...opts }).format(d);
  return locale === PSEUDO_LOCALE ? pseudoLocalize(text) : text;
}

/**
 * A time later today or soon, as staff read it in their office's zone: "19:42" on the same day, "3 Dec, 19:42"
 * on another (EU order, 24-hour clock in English too).
 */
export function formatSoon(locale: UiLocale, at: Date | string, timeZone: string, now: Date = new Date()) {
  const d = typeof at === "string" ? new Date(at) : at;
  const day = (x: Date) => formatDate(locale, x, { timeZone, year: "numeric", month: "numeric", day: "numeric" });
  const sameDay = day(d) === day(now);
  return formatDate(
    locale,
    d,
    sameDay
      ? { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
      : { timeZone, day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  );
}
