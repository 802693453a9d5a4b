/**
 * The one translation layer. English catalogs are the typed source of keys; other locales add
 * partial catalogs and fall back to English key by key. Placeholders are `{name}`; a key with
 * `_one` / `_other` variants is chosen by Intl.PluralRules on `count`.
 */
import { createContext, useContext } from "react";
import { DEFAULT_LOCALE, type Locale } from "./locales";
import { en } from "./en";

export type Messages = typeof en;
type BaseKey<K> = K extends `${infer B}_${"one" | "other"}` ? B : K;
export type MessageKey = BaseKey<keyof Messages> | keyof Messages;
export type Vars = Record<string, string | number | null | undefined>;

const catalogs: Partial<Record<Locale, Partial<Record<keyof Messages, string>>>> = { en };

/** Register a translated catalog (used when a locale's file is added). */
export function registerCatalog(locale: Locale, messages: Partial<Record<keyof Messages, string>>) {
  catalogs[locale] = { ...catalogs[locale], ...messages };
}

function lookup(locale: Locale, key: string): string | undefined {
  return (catalogs[locale] as Record<string, string> | undefined)?.[key] ?? (en as Record<string, string>)[key];
}

export function translate(locale: Locale, key: MessageKey, vars: Vars = {}): string {
  let template: string | undefined;
  if (typeof vars.count === "number") {
    const cat = new Intl.PluralRules(locale).select(vars.count);
    template = lookup(locale, `${key}_${cat}`) ?? lookup(locale, `${key}_other`);
  }
  template ??= lookup(locale, key);
  if (template === undefined) return key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined || v === null) return "";
    return typeof v === "number" ? new Intl.NumberFormat(locale).format(v) : v;
  });
}

export type T = (key: MessageKey, vars?: Vars) => string;

export function makeT(locale: Locale): T {
  return (key, vars) => translate(locale, key, vars);
}

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);
export const LocaleProvider = LocaleContext.Provider;

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useT(): T {
  return makeT(useContext(LocaleContext));
}

export function formatDate(
  locale: Locale,
  value: Date | string | null | undefined,
  opts: Intl.DateTimeFormatOptions = { dateStyle: "long" },
) {
  if (!value) return "—";
  const d = typeof value === "string" ? new Date(value) : value;
  // EU usage: "14 January 2022", not the US order.
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, { timeZone: "Europe/Brussels", ...opts }).format(
    d,
  );
}
