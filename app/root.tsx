import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientLoaderFunctionArgs, ShouldRevalidateFunction } from "@remix-run/react";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { LocaleProvider, tFor, useLocale, useT, type PageI18n } from "#app/i18n";
import { EU_LANGUAGES, STAFF_LOCALES } from "#app/i18n/locales";
import { isPublicPath, isTokenPath } from "#app/i18n/audiences";
import { pageMessages, staffCatalogueRef } from "#app/i18n/page-messages.server";
import {
  catalogueUrl,
  ensureCatalogue,
  isCatalogueRef,
  resolveCatalogue,
  type CatalogueRef,
} from "#app/i18n/catalogue-ref";
import { browserLocale, staffLocale } from "#app/web/page-locale.server";
import { getOptionalUser } from "#app/web/session.server";
import { getEnv } from "#app/infra/env.server";
import { useNonce } from "#app/components/nonce";
import { GeneralErrorBoundary } from "#app/components/error-boundary";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles.css" },
  { rel: "icon", href: "/favicon.ico" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: tFor(pageI18nOf(data.i18n))("app.name") }] : [{ title: "Undersigned" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const path = new URL(request.url).pathname;
  // Public pages are cacheable by anyone: nothing about the visitor goes into them, signed in or not.
  const ctx = isPublicPath(path) ? null : await getOptionalUser(request);
  const env = getEnv();
  // A token page sets its own language and messages in its loader (the letter's or the Member's language);
  // until then, and on its error pages, the frame speaks the browser's language.
  // Staff pages refer to their catalogue, which the browser loads once as a cached script (catalogue-ref.ts).
  const i18n: PageI18n | CatalogueRef = isTokenPath(path)
    ? pageMessages(browserLocale(request), "frame")
    : staffCatalogueRef(staffLocale(request, ctx?.user ?? null));
  return {
    i18n,
    nonce: (context as { nonce?: string }).nonce ?? "",
    requestId: (context as { requestId?: string }).requestId ?? null,
    showOutbox: !env.RESEND_API_KEY && env.NODE_ENV !== "production",
    user: ctx
      ? {
          name: ctx.user.name,
          email: ctx.user.email,
          role: ctx.role,
          office: ctx.office.name,
          isPlatformAdmin: ctx.user.isPlatformAdmin,
          locale: ctx.user.locale,
        }
      : null,
  };
}

/** After a client-side navigation, the messages the new root data refers to are loaded before it renders. */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  if (isCatalogueRef(data.i18n)) await ensureCatalogue(data.i18n);
  return data;
}

// Root data holds the messages: fetch them again when a navigation crosses between staff and token pages.
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  defaultShouldRevalidate || isTokenPath(currentUrl.pathname) !== isTokenPath(nextUrl.pathname);

const NO_MESSAGES: PageI18n = { locale: "en", messages: {}, fallback: {} };

function pageI18nOf(i18n: PageI18n | CatalogueRef | undefined): PageI18n {
  if (!i18n) return NO_MESSAGES;
  return isCatalogueRef(i18n) ? (resolveCatalogue(i18n) ?? { ...NO_MESSAGES, locale: i18n.locale }) : i18n;
}

/** The deepest route that set its own language (a token page), else the root's. */
function usePageI18nData(): PageI18n {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const own = (matches[i].data as { i18n?: PageI18n | CatalogueRef } | undefined)?.i18n;
    if (own) return pageI18nOf(own);
  }
  return NO_MESSAGES;
}

/**
 * Whether the page gets any client JavaScript. A route that works fully as plain HTML forms says
 * `handle = { hydrate: false }` (the signing page and its comment page: read on phones, often on slow networks),
 * and then the page ships no script at all: no React, no router, no catalogue.
 */
function useHydrate() {
  return !useMatches().some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce(data?.nonce);
  const i18n = usePageI18nData();
  const hydrate = useHydrate();
  return (
    <html lang={i18n.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {data && isCatalogueRef(data.i18n) ? <script nonce={nonce} src={catalogueUrl(data.i18n)} /> : null}
      </head>
      <body>
        <LocaleProvider value={i18n}>{children}</LocaleProvider>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const t = useT();
  const user = data?.user;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <Link to="/" className="brand">
        {t("app.name")}
      </Link>
      {user ? (
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/letters">{t("nav.letters")}</NavLink>
            </li>
            <li>
              <NavLink to="/campaigns">{t("nav.campaigns")}</NavLink>
            </li>
            <li>
              <NavLink to="/questions">{t("question.nav")}</NavLink>
            </li>
            <li>
              <NavLink to="/directory">{t("nav.directory")}</NavLink>
            </li>
            <li>
              <NavLink to="/settings/calendar">{t("calendar.nav")}</NavLink>
            </li>
            <li>
              <NavLink to="/office">{t("office.nav")}</NavLink>
            </li>
            {data?.showOutbox && (user.role === "admin" || user.isPlatformAdmin) ? (
              <li>
                <NavLink to="/outbox">{t("nav.outbox")}</NavLink>
              </li>
            ) : null}
            {user.role === "admin" || user.isPlatformAdmin ? (
              <li>
                <NavLink to="/admin">{t("nav.admin")}</NavLink>
              </li>
            ) : null}
          </ul>
          <span className="who">{t("nav.signedInAs", { name: user.name, office: user.office })}</span>{" "}
          <Link to="/settings/offices" className="who-offices">
            {t("offices.nav")}
          </Link>
          <LanguageSetting />
          <Form method="post" action="/logout" className="inline">
            <button type="submit" className="link-button">
              {t("nav.signOut")}
            </button>
          </Form>
        </nav>
      ) : null}
    </header>
  );
}

/**
 * The staff interface's language, per user: one button per language, each named in its own language (so
 * the control needs no translation of its own); a plain form, so it works without JavaScript.
 */
function LanguageSetting() {
  const locale = useLocale();
  const location = useLocation();
  return (
    <Form method="post" action="/settings/language" className="inline language-setting">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {STAFF_LOCALES.map((code) => (
        <button
          key={code}
          type="submit"
          name="locale"
          value={code}
          lang={code}
          className="link-button"
          aria-pressed={code === locale}
        >
          {EU_LANGUAGES.find((l) => l.code === code)?.name}
        </button>
      ))}
    </Form>
  );
}

export default function App() {
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  return (
    <main id="main" tabIndex={-1}>
      <GeneralErrorBoundary />
    </main>
  );
}
