/**
 * The translated catalogues, one file per language (`<code>.ts` exporting `messages`), registered with the
 * translation layer. Which of them are complete and reviewed is in app/i18n/review-status.ts.
 */
import type { Locale } from "../locales";

export const translations: Partial<Record<Locale, Readonly<Record<string, string>>>> = {};
