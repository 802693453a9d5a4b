/** Form schemas (zod) for language settings; kept out of route modules so zod never ships to the browser. */
import { z } from "zod";
import { LOCALE_CODES, STAFF_LOCALES } from "#app/i18n/locales";

/** The staff interface's language; "" clears the setting (follow the browser). */
export const StaffLanguageSchema = z.object({
  locale: z.union([z.enum(STAFF_LOCALES), z.literal("")]),
  redirectTo: z.string().optional(),
});

/** A Member's preferred language in the directory; "" clears it (the letter's language is used). */
export const PreferredLanguageSchema = z.object({
  mepId: z.coerce.number().int().positive(),
  preferredLanguage: z.union([z.enum(LOCALE_CODES as [string, ...string[]]), z.literal("")]),
});
