/**
 * Which language a page speaks. Staff pages: the user's setting, else the browser's Accept-Language among
 * the staff languages, else English. Token pages (signing and its sub-pages): a `?lang=` the invitee chose
 * on the page, else the Member's preferred language if the directory knows it, else the letter's language.
 */
import { getEnv } from "#app/infra/env.server";
import {
  DEFAULT_LOCALE,
  inviteeLanguage,
  isLocale,
  isStaffLocale,
  LOCALE_CODES,
  PSEUDO_LOCALE,
  STAFF_LOCALES,
  type StaffLocale,
  type UiLocale,
} from "#app/i18n/locales";

/** The first language of `Accept-Language` (by q-value, then order) that is in `allowed`, matched on the primary subtag. */
export function negotiateLanguage<L extends string>(header: string | null, allowed: readonly L[]): L | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const primary = tag.split("-")[0] as L;
    if (allowed.includes(primary)) return primary;
  }
  return null;
}

export function pseudoLocaleAllowed() {
  const env = getEnv();
  return env.PSEUDO_LOCALE === "1" || (env.NODE_ENV !== "production" && env.PSEUDO_LOCALE !== "0");
}

/** The language asked for in the URL (`?lang=pl`), if it is one the page may speak. */
export function requestedLocale(request: Request): UiLocale | null {
  const lang = new URL(request.url).searchParams.get("lang");
  if (isLocale(lang)) return lang;
  if (lang === PSEUDO_LOCALE && pseudoLocaleAllowed()) return PSEUDO_LOCALE;
  return null;
}

export function staffLocale(request: Request, user: { locale: string | null } | null): StaffLocale {
  if (user && isStaffLocale(user.locale)) return user.locale;
  return negotiateLanguage(request.headers.get("accept-language"), STAFF_LOCALES) ?? "en";
}

/** The frame of a token page before the page knows its letter (e.g. a link that no longer works). */
export function browserLocale(request: Request): UiLocale {
  return (
    requestedLocale(request) ??
    negotiateLanguage(request.headers.get("accept-language"), LOCALE_CODES) ??
    DEFAULT_LOCALE
  );
}

/** An invitee's page: their choice on the page, else the Member's preferred language, else the letter's. */
export function inviteeLocale(
  request: Request,
  known: { letterLanguage: string; preferredLanguage?: string | null },
): UiLocale {
  return requestedLocale(request) ?? inviteeLanguage(known);
}
