/** Full-text search over the office's letters (published versions' text and subjects). */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { requireUser } from "#app/web/session.server";
import { normaliseSearchQuery, searchLetters, snippetParts } from "#app/models/search.server";
import { StatusBadge } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Search · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const q = normaliseSearchQuery(new URL(request.url).searchParams.get("q"));
  const hits = q ? await searchLetters(await getDb(), { officeId: ctx.office.id, q }) : [];
  return {
    q,
    results: hits.map((h) => ({
      letterId: h.letterId,
      subject: h.subject,
      status: h.status,
      updatedAt: h.updatedAt,
      versionNumber: h.versionNumber,
      snippet: snippetParts(h.snippet),
    })),
  };
}

export default function SearchPage() {
  const { q, results } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("search.title")}</h1>
      <SearchBox defaultValue={q} />
      {q ? (
        <p role="status">
          {results.length ? t("search.results", { count: results.length, q }) : t("search.none", { q })}
        </p>
      ) : null}
      <ol className="search-results" style={{ listStyle: "none", padding: 0 }}>
        {results.map((r) => (
          <li key={r.letterId} className="card">
            <h2 style={{ fontSize: "1.1rem", margin: 0 }}>
              <Link
                to={r.versionNumber ? `/letters/${r.letterId}/versions/${r.versionNumber}` : `/letters/${r.letterId}`}
              >
                {r.subject}
              </Link>
            </h2>
            <p className="muted">
              <StatusBadge status={r.status} /> ·{" "}
              {r.versionNumber ? t("search.inVersion", { number: r.versionNumber }) : t("search.subjectOnly")} ·{" "}
              {formatDate(locale, r.updatedAt, { dateStyle: "medium" })}
            </p>
            <p style={{ overflowWrap: "anywhere" }}>
              {r.snippet.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}

function SearchBox({ defaultValue }: { defaultValue: string }) {
  const t = useT();
  return (
    <Form method="get" action="/search" role="search" className="card">
      <label htmlFor="search-q">{t("search.label")}</label>
      <p id="search-q-hint" className="hint">
        {t("search.hint")}
      </p>
      <input
        id="search-q"
        name="q"
        type="search"
        defaultValue={defaultValue}
        maxLength={200}
        aria-describedby="search-q-hint"
      />
      <div className="actions">
        <button type="submit">{t("search.submit")}</button>
      </div>
    </Form>
  );
}
