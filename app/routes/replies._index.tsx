/**
 * The office's replies across letters: who owes what, since when, latest first; search in the
 * replies (their text and the text of uploaded files); and which reply emails I get.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { readForm } from "#app/web/http.server";
import { getDb } from "#app/infra/db.server";
import { CAN_TRACK, requireRole } from "#app/web/session.server";
import { getEmailPrefs, searchReplies } from "#app/models/replies.server";
import { normaliseSearchQuery } from "#app/models/search.server";
import {
  matrixRowView,
  officeReplyOverview,
  replyNow,
  setReplyEmailPrefs,
  REPLY_EMAIL_KINDS,
} from "#app/services/replies.server";
import { FormAlert } from "#app/components/field";
import { ReplyStateBadge } from "#app/components/reply-matrix";

export const meta: MetaFunction = () => [{ title: "Replies · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireRole(request, CAN_TRACK);
  const db = await getDb();
  const now = await replyNow(db);
  const q = normaliseSearchQuery(new URL(request.url).searchParams.get("q"));
  const [rows, hits, prefs] = await Promise.all([
    officeReplyOverview(db, { officeId: ctx.office.id, now }),
    q ? searchReplies(db, { officeId: ctx.office.id, q }) : Promise.resolve([]),
    getEmailPrefs(db, { userId: ctx.user.id, officeId: ctx.office.id }),
  ]);
  return {
    q,
    rows: rows.filter((r) => r.status.state !== "answered").map(matrixRowView),
    answered: rows.filter((r) => r.status.state === "answered").length,
    hits,
    prefs: Object.fromEntries(REPLY_EMAIL_KINDS.map((k) => [k, prefs[k] ?? k !== "digest"])) as Record<string, boolean>,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireRole(request, CAN_TRACK);
  const form = await readForm(request);
  if (form.get("intent") !== "prefs")
    return data({ ok: false as const, message: "replies.error.form" as MessageKey }, { status: 400 });
  const prefs = Object.fromEntries(REPLY_EMAIL_KINDS.map((k) => [k, form.get(k) === "on"]));
  const db = await getDb();
  await setReplyEmailPrefs(db, { userId: ctx.user.id, officeId: ctx.office.id }, prefs);
  return { ok: true as const, message: "replies.prefs.saved" as MessageKey };
}

export default function RepliesOverview() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("replies.overview.title")}</h1>
      {result ? <FormAlert kind={result.ok ? "ok" : "error"} message={t(result.message)} /> : null}
      <nav className="actions" aria-label={t("replies.overview.title")}>
        <Link to="/replies/stats">{t("replies.stats.title")}</Link>
        <a href="/exports/replies.csv" download>
          {t("exports.replies")}
        </a>
      </nav>

      <section aria-labelledby="owed-title" className="card">
        <h2 id="owed-title">{t("replies.overview.owed")}</h2>
        <p className="muted">{t("replies.overview.answered", { count: d.answered })}</p>
        {d.rows.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("replies.matrix.addressee")}</th>
                  <th scope="col">{t("replies.overview.letter")}</th>
                  <th scope="col">{t("replies.matrix.state")}</th>
                  <th scope="col">{t("replies.overview.since")}</th>
                  <th scope="col">{t("replies.matrix.due")}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.addresseeId} data-addressee={r.name}>
                    <th scope="row">
                      {r.referredTo ? r.referredTo.name : r.name}
                      {r.referredTo ? (
                        <div className="muted">{t("replies.overview.referredBy", { name: r.name })}</div>
                      ) : r.role ? (
                        <div className="muted">{r.role}</div>
                      ) : null}
                    </th>
                    <td>
                      <Link to={`/letters/${r.letterId}/replies`}>{r.subject}</Link>
                    </td>
                    <td>
                      <ReplyStateBadge state={r.state} />
                      {r.daysLate > 0 ? (
                        <div className="muted">{t("replies.matrix.daysLate", { count: r.daysLate })}</div>
                      ) : null}
                    </td>
                    <td>
                      {formatDate(locale, r.sentAt)}
                      <div className="muted">{t("replies.overview.waiting", { count: r.daysWaiting })}</div>
                    </td>
                    <td>
                      {formatDate(locale, r.dueOn)}
                      <div className="muted">{t(r.explanation.key as MessageKey, r.explanation.vars)}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t("replies.overview.none")}</p>
        )}
      </section>

      <section aria-labelledby="search-title" className="card">
        <h2 id="search-title">{t("replies.search.title")}</h2>
        <Form method="get" role="search">
          <label htmlFor="reply-q">{t("replies.search.label")}</label>
          <input id="reply-q" name="q" type="search" defaultValue={d.q} maxLength={200} />
          <button type="submit">{t("replies.search.submit")}</button>
        </Form>
        {d.q ? (
          d.hits.length ? (
            <ul aria-label={t("replies.search.results")}>
              {d.hits.map((h) => (
                <li key={h.replyId}>
                  <Link to={`/letters/${h.letterId}/replies/${h.replyId}`}>
                    {h.senderName} · {h.subject}
                  </Link>{" "}
                  <span className="muted">{formatDate(locale, h.receivedOn)}</span>
                  <div className="muted">{h.snippet}</div>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("replies.search.none", { q: d.q })}</p>
          )
        ) : null}
      </section>

      <section aria-labelledby="prefs-title" className="card">
        <h2 id="prefs-title">{t("replies.prefs.title")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="prefs" />
          {REPLY_EMAIL_KINDS_VIEW.map((k) => (
            <label key={k} className="checkbox">
              <input type="checkbox" name={k} defaultChecked={d.prefs[k]} /> {t(`replies.prefs.${k}` as MessageKey)}
            </label>
          ))}
          <div className="actions">
            <button type="submit">{t("replies.prefs.save")}</button>
          </div>
        </Form>
      </section>
    </>
  );
}

const REPLY_EMAIL_KINDS_VIEW = ["overdue", "very-overdue", "nudge", "digest", "question-overdue"] as const;
