import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from "@remix-run/react";
import { LocaleProvider, makeT, useT } from "#app/i18n";
import { DEFAULT_LOCALE } from "#app/i18n/locales";
import { getOptionalUser } from "#app/web/session.server";
import { getEnv } from "#app/infra/env.server";
import { useNonce } from "#app/components/nonce";
import { GeneralErrorBoundary } from "#app/components/error-boundary";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles.css" },
  { rel: "icon", href: "/favicon.ico" },
];

export const meta: MetaFunction = () => [{ title: makeT(DEFAULT_LOCALE)("app.name") }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getOptionalUser(request);
  const env = getEnv();
  return {
    locale: DEFAULT_LOCALE,
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
        }
      : null,
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce(data?.nonce);
  return (
    <html lang={data?.locale ?? "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <LocaleProvider value={data?.locale ?? DEFAULT_LOCALE}>{children}</LocaleProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
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
              <NavLink to="/directory">{t("nav.directory")}</NavLink>
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
          <span className="who">{t("nav.signedInAs", { name: user.name, office: user.office })}</span>
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
