/** The 24 official EU languages (ISO 639-1), with their own names for language pickers. */
export const EU_LANGUAGES = [
  { code: "bg", name: "български", english: "Bulgarian" },
  { code: "cs", name: "čeština", english: "Czech" },
  { code: "da", name: "dansk", english: "Danish" },
  { code: "de", name: "Deutsch", english: "German" },
  { code: "el", name: "ελληνικά", english: "Greek" },
  { code: "en", name: "English", english: "English" },
  { code: "es", name: "español", english: "Spanish" },
  { code: "et", name: "eesti", english: "Estonian" },
  { code: "fi", name: "suomi", english: "Finnish" },
  { code: "fr", name: "français", english: "French" },
  { code: "ga", name: "Gaeilge", english: "Irish" },
  { code: "hr", name: "hrvatski", english: "Croatian" },
  { code: "hu", name: "magyar", english: "Hungarian" },
  { code: "it", name: "italiano", english: "Italian" },
  { code: "lt", name: "lietuvių", english: "Lithuanian" },
  { code: "lv", name: "latviešu", english: "Latvian" },
  { code: "mt", name: "Malti", english: "Maltese" },
  { code: "nl", name: "Nederlands", english: "Dutch" },
  { code: "pl", name: "polski", english: "Polish" },
  { code: "pt", name: "português", english: "Portuguese" },
  { code: "ro", name: "română", english: "Romanian" },
  { code: "sk", name: "slovenčina", english: "Slovak" },
  { code: "sl", name: "slovenščina", english: "Slovenian" },
  { code: "sv", name: "svenska", english: "Swedish" },
] as const;

export type Locale = (typeof EU_LANGUAGES)[number]["code"];
export const LOCALE_CODES = EU_LANGUAGES.map((l) => l.code) as Locale[];
export const DEFAULT_LOCALE: Locale = "en";

export function isLocale(x: unknown): x is Locale {
  return typeof x === "string" && (LOCALE_CODES as string[]).includes(x);
}

/** The locale of a letter or record whose language is stored as a code: that language when it is an EU one, else English. */
export function localeOrEnglish(code: string | null | undefined): Locale {
  return isLocale(code) ? code : DEFAULT_LOCALE;
}

/** The staff interface is translated into these; everything an invitee sees is in all 24. */
export const STAFF_LOCALES = ["en", "fr", "de", "nl"] as const satisfies readonly Locale[];
export type StaffLocale = (typeof STAFF_LOCALES)[number];

export function isStaffLocale(x: unknown): x is StaffLocale {
  return typeof x === "string" && (STAFF_LOCALES as readonly string[]).includes(x);
}

/**
 * A pseudo-locale: English with accented letters inside ⟦ ⟧ (app/i18n/pseudo.ts), so that any English left
 * on a page is text that bypassed the translation layer. For tests and translators; never offered to users
 * and only accepted when PSEUDO_LOCALE=1 (app/web/page-locale.server.ts).
 */
export const PSEUDO_LOCALE = "en-XA" as const;
export type UiLocale = Locale | typeof PSEUDO_LOCALE;

/** The locale from a language setting (`letters.language`, `meps.preferred_language`), English if unknown. */
export function localeOr(x: string | null | undefined, fallback: Locale = DEFAULT_LOCALE): Locale {
  return isLocale(x) ? x : fallback;
}

/** The language of everything an invitee gets (pages, emails): the Member's preferred language, else the letter's. */
export function inviteeLanguage(known: { letterLanguage: string; preferredLanguage?: string | null }): Locale {
  if (isLocale(known.preferredLanguage)) return known.preferredLanguage;
  return localeOr(known.letterLanguage);
}
