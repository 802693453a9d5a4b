import { Link, useLocation } from "@remix-run/react";
import { useLocale } from "#app/i18n";
import { EU_LANGUAGES, type Locale } from "#app/i18n/locales";

/**
 * Lets an invitee read the page in another of the 24 languages: plain links (`?lang=xx`), so it works
 * without JavaScript. Only the page changes language; the letter is shown as it was written (with its own
 * `lang`, see the signing page).
 */
export function LanguageSwitch({ letterLanguage }: { letterLanguage: Locale }) {
  const locale = useLocale();
  const location = useLocation();
  const current = EU_LANGUAGES.find((l) => l.code === locale);
  const hrefFor = (code: string) => {
    const params = new URLSearchParams(location.search);
    params.set("lang", code);
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <details className="language-switch">
      {/* Named by the current language's own name, as EU sites do: no text of its own to translate. */}
      <summary>
        <span aria-hidden="true">🌐 </span>
        <span lang={current?.code}>{current?.name ?? EU_LANGUAGES.find((l) => l.code === letterLanguage)?.name}</span>
      </summary>
      <ul className="inline-list">
        {EU_LANGUAGES.map((l) => (
          <li key={l.code}>
            <Link
              to={hrefFor(l.code)}
              lang={l.code}
              hrefLang={l.code}
              aria-current={l.code === locale ? "true" : undefined}
            >
              {l.name}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Keeps a language chosen with the switch on links to the page's sub-pages. */
export function withLang(path: string, search: string) {
  const lang = new URLSearchParams(search).get("lang");
  return lang ? `${path}?lang=${encodeURIComponent(lang)}` : path;
}
