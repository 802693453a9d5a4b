import type { ReactNode } from "react";
import { LocaleProvider } from "#app/i18n";
import type { Locale } from "#app/i18n/locales";

/** Pages a signatory sees are in the letter's language: translations and the `lang` attribute follow it. */
export function InLetterLanguage({ locale, children }: { locale: Locale; children: ReactNode }) {
  return (
    <LocaleProvider value={locale}>
      <div lang={locale}>{children}</div>
    </LocaleProvider>
  );
}
