/**
 * The one error page: every route's ErrorBoundary renders this, in the visitor's locale. A refusal
 * says what was refused (a request-level message such as "not a form" travels as `{ message }`), a
 * 503 asks to retry, and anything else is said to be our fault, with the reference that was logged.
 */
import type { ReactNode } from "react";
import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { usePageI18n, useT, type MessageKey, type PageI18n, type T } from "#app/i18n";

type Handler = (t: T) => ReactNode;

/** A message key the page can show (checked against the page's messages: the catalogues stay on the server). */
function messageOf(data: unknown, i18n: PageI18n): MessageKey | null {
  const key = (data as { message?: unknown } | null)?.message;
  return typeof key === "string" && (key in i18n.messages || key in i18n.fallback) ? (key as MessageKey) : null;
}

export function GeneralErrorBoundary({ statusHandlers = {} }: { statusHandlers?: Record<number, Handler> }) {
  const error = useRouteError();
  const t = useT();
  const i18n = usePageI18n();
  const root = useRouteLoaderData("root") as { requestId?: string } | undefined;
  if (isRouteErrorResponse(error)) {
    const own = statusHandlers[error.status];
    if (own) return <div className="narrow">{own(t)}</div>;
    const message = messageOf(error.data, i18n);
    const title =
      error.status === 404
        ? t("error.notFound.title")
        : error.status === 403
          ? t("error.forbidden")
          : error.status === 429
            ? t("error.tooMany")
            : error.status === 503
              ? t("error.unavailable")
              : error.status === 413
                ? t("form.error.tooLarge")
                : t("error.refused.title");
    return (
      <div className="narrow">
        <h1>{title}</h1>
        {error.status === 404 ? <p>{t("error.notFound.body")}</p> : null}
        {message && message !== "form.error.tooLarge" ? <p>{t(message)}</p> : null}
        <p>
          <Link to="/">{t("app.name")}</Link>
        </p>
      </div>
    );
  }
  // Not a refusal: a bug on our side (a database outage arrives here as a 503 response, above).
  return (
    <div className="narrow">
      <h1>{t("error.generic.title")}</h1>
      <p>{t("error.bug.body")}</p>
      {root?.requestId ? <p className="hint">{t("error.bug.reference", { requestId: root.requestId })}</p> : null}
    </div>
  );
}
