/**
 * One search over the office's records, grouped by kind: letters (every published version's text, subjects),
 * replies (their text and their file's text, references and registration numbers), questions in the register (by
 * reference in any accepted form, title, text) and question drafts, campaigns, and the directory's Members.
 * Everything is scoped to the signed-in office (app/models/search.server.ts). Press items are not searched: the
 * app keeps none yet.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { requireUser } from "#app/web/session.server";
import {
  normaliseSearchQuery,
  searchEverything,
  snippetParts,
  SEARCH_QUERY_MAX,
  type SearchGroups,
} from "#app/models/search.server";
import { isSearchKind, SEARCH_KINDS, type SearchKind } from "#app/domain/search-query";
import { FormAlert, StatusBadge } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Search · Undersigned" }];

/** Per kind when everything is shown, and when one kind is. */
const PER_GROUP = 10;
const PER_KIND = 50;

type Parts = Array<{ text: string; hit: boolean }>;

function view(groups: SearchGroups) {
  return {
    letters: groups.letters.map((h) => ({
      letterId: h.letterId,
      subject: h.subject,
      status: h.status,
      updatedAt: h.updatedAt,
      versionNumber: h.versionNumber,
      snippet: snippetParts(h.snippet),
    })),
    replies: groups.replies.map((h) => ({ ...h, snippet: snippetParts(h.snippet) })),
    questions: groups.questions.map((h) => ({ ...h, snippet: snippetParts(h.snippet) })),
    campaigns: groups.campaigns.map((h) => ({ ...h, snippet: snippetParts(h.snippet) })),
    press: groups.press.map((h) => ({ ...h, snippet: snippetParts(h.snippet) })),
    people: groups.people,
  };
}
type GroupsView = ReturnType<typeof view>;

const EMPTY: GroupsView = { letters: [], replies: [], questions: [], campaigns: [], press: [], people: [] };

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const raw = params.get("q") ?? "";
  const kindParam = params.get("kind");
  const q = normaliseSearchQuery(raw);
  const answer = (status: number, error: MessageKey | null, kind: SearchKind | null, groups = EMPTY, limit = 0) =>
    data({ q, kind, error, limit, groups, total: Object.values(groups).reduce((s, g) => s + g.length, 0) }, { status });
  if (raw.trim().length > SEARCH_QUERY_MAX) return answer(400, "search.everything.error.tooLong", null);
  if (kindParam !== null && kindParam !== "" && !isSearchKind(kindParam))
    return answer(400, "search.everything.error.kind", null);
  const kind = kindParam && isSearchKind(kindParam) ? kindParam : null;
  if (!q) return answer(200, null, kind);
  const limit = kind ? PER_KIND : PER_GROUP;
  const groups = await searchEverything(await getDb(), { officeId: ctx.office.id, q, kind, limit });
  return answer(200, null, kind, view(groups), limit);
}

export default function SearchPage() {
  const { q, kind, error, limit, groups, total } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("search.everything.title")}</h1>
      <SearchBox defaultValue={q} kind={kind} />
      <FormAlert message={error ? t(error) : null} />
      {q && !error ? (
        <>
          <p role="status">
            {total ? t("search.everything.results", { count: total, q }) : t("search.everything.none", { q })}
          </p>
          <KindLinks q={q} kind={kind} />
          {(kind ? [kind] : SEARCH_KINDS).map((k) =>
            groups[k].length ? <Group key={k} kind={k} q={q} groups={groups} limit={limit} showMore={!kind} /> : null,
          )}
          <p className="hint">{t("search.everything.noPress")}</p>
        </>
      ) : null}
    </>
  );
}

function KindLinks({ q, kind }: { q: string; kind: SearchKind | null }) {
  const t = useT();
  const href = (k: SearchKind | null) => `/search?${new URLSearchParams(k ? { q, kind: k } : { q })}`;
  return (
    <nav aria-label={t("search.everything.kindLabel")} className="actions">
      {[null, ...SEARCH_KINDS].map((k) =>
        k === kind ? (
          <strong key={k ?? "all"} aria-current="page">
            {t(`search.everything.kind.${k ?? "all"}`)}
          </strong>
        ) : (
          <Link key={k ?? "all"} to={href(k)}>
            {t(`search.everything.kind.${k ?? "all"}`)}
          </Link>
        ),
      )}
    </nav>
  );
}

function Snippet({ parts }: { parts: Parts }) {
  return (
    <p style={{ overflowWrap: "anywhere" }}>
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </p>
  );
}

function Group({
  kind,
  q,
  groups,
  limit,
  showMore,
}: {
  kind: SearchKind;
  q: string;
  groups: GroupsView;
  limit: number;
  showMore: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const n = groups[kind].length;
  const id = `search-group-${kind}`;
  return (
    <section aria-labelledby={id} className="search-group" data-kind={kind}>
      <h2 id={id}>
        {t(`search.everything.kind.${kind}`)}{" "}
        <span className="muted">({t("search.everything.groupCount", { count: n })})</span>
      </h2>
      <ol className="search-results" style={{ listStyle: "none", padding: 0 }}>
        {kind === "letters"
          ? groups.letters.map((r) => (
              <li key={r.letterId} className="card">
                <h3 style={{ fontSize: "1.05rem", margin: 0 }}>
                  <Link
                    to={
                      r.versionNumber ? `/letters/${r.letterId}/versions/${r.versionNumber}` : `/letters/${r.letterId}`
                    }
                  >
                    {r.subject}
                  </Link>
                </h3>
                <p className="muted">
                  <StatusBadge status={r.status} /> ·{" "}
                  {r.versionNumber ? t("search.inVersion", { number: r.versionNumber }) : t("search.subjectOnly")} ·{" "}
                  {formatDate(locale, r.updatedAt, { dateStyle: "medium" })}
                </p>
                <Snippet parts={r.snippet} />
              </li>
            ))
          : null}
        {kind === "replies"
          ? groups.replies.map((r) => (
              <li key={r.replyId} className="card">
                <h3 style={{ fontSize: "1.05rem", margin: 0 }}>
                  <Link to={`/letters/${r.letterId}/replies/${r.replyId}`}>
                    {t("search.everything.replyTo", { subject: r.subject })}
                  </Link>
                </h3>
                <p className="muted">
                  {t(`replies.kind.${r.kind}` as MessageKey)} ·{" "}
                  {t("search.everything.reply", {
                    sender: r.senderName,
                    date: formatDate(locale, r.receivedOn, { dateStyle: "medium" }),
                  })}
                  {r.theirReference ? ` · ${r.theirReference}` : ""}
                </p>
                <Snippet parts={r.snippet} />
              </li>
            ))
          : null}
        {kind === "questions"
          ? groups.questions.map((r) => (
              <li key={r.id} className="card">
                <h3 style={{ fontSize: "1.05rem", margin: 0 }}>
                  {r.kind === "draft" ? (
                    <Link to={`/questions/drafts/${r.id}`}>{r.title}</Link>
                  ) : (
                    <Link to={`/questions/${r.id}`}>
                      {r.reference}
                      {r.title ? ` · ${r.title}` : ""}
                    </Link>
                  )}
                </h3>
                <p className="muted">
                  {r.kind === "draft"
                    ? t("search.everything.questionDraft")
                    : r.answered
                      ? t("search.everything.answered")
                      : t("search.everything.unanswered")}
                </p>
                <Snippet parts={r.snippet} />
              </li>
            ))
          : null}
        {kind === "campaigns"
          ? groups.campaigns.map((r) => (
              <li key={r.campaignId} className="card">
                <h3 style={{ fontSize: "1.05rem", margin: 0 }}>
                  <Link to={`/campaigns/${r.campaignId}`}>{r.title}</Link>
                </h3>
                <Snippet parts={r.snippet} />
              </li>
            ))
          : null}
        {kind === "press"
          ? groups.press.map((r, i) => (
              <li key={`${r.campaignId}-${i}`} className="card">
                <h3 style={{ fontSize: "1.05rem", margin: 0 }}>
                  <Link to={`/campaigns/${r.campaignId}#press`}>
                    {r.outlet}: {r.title}
                  </Link>
                </h3>
                <p className="muted">{formatDate(locale, `${r.publishedOn}T12:00:00Z`)}</p>
                <Snippet parts={r.snippet} />
              </li>
            ))
          : null}
        {kind === "people"
          ? groups.people.map((r) => (
              <li key={r.mepId} className="card">
                <h3 style={{ fontSize: "1.05rem", margin: 0 }}>
                  <Link to={`/directory/${r.mepId}`}>{r.name}</Link>
                </h3>
                <p className="muted">
                  {r.politicalGroup} · {r.country}
                  {r.active ? "" : ` · ${t("search.everything.formerMember")}`}
                </p>
              </li>
            ))
          : null}
      </ol>
      {showMore && n >= limit ? (
        <p>
          <Link to={`/search?${new URLSearchParams({ q, kind })}`}>
            {t("search.everything.more", { count: limit })}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function SearchBox({ defaultValue, kind }: { defaultValue: string; kind: SearchKind | null }) {
  const t = useT();
  return (
    <Form method="get" action="/search" role="search" className="card">
      <label htmlFor="search-q">{t("search.everything.label")}</label>
      <p id="search-q-hint" className="hint">
        {t("search.everything.hint")}
      </p>
      <input
        id="search-q"
        name="q"
        type="search"
        defaultValue={defaultValue}
        maxLength={SEARCH_QUERY_MAX}
        aria-describedby="search-q-hint"
      />
      {kind ? <input type="hidden" name="kind" value={kind} /> : null}
      <div className="actions">
        <button type="submit">{t("search.submit")}</button>
      </div>
    </Form>
  );
}
