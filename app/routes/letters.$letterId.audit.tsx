/**
 * A letter's audit trail, for the office's members: who did what, when, on which version, and whether the record
 * still verifies (the hash chain against its sealed head, the versions' fingerprints against the signatures and
 * events that carry them). Read-only.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { listLetterAudit } from "#app/models/audit-log.server";
import { verifyLetterEvidence } from "#app/models/integrity.server";

export const meta: MetaFunction = () => [{ title: "Audit trail · Undersigned" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params);
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  const [{ rows, truncated }, evidence] = await Promise.all([
    listLetterAudit(db, scope),
    verifyLetterEvidence(db, scope),
  ]);
  const broken = new Set(evidence.chain.broken);
  return {
    letter: { id: letter.id, subject: letter.subject },
    events: rows.map((r) => ({ ...r, broken: broken.has(r.id) })),
    truncated,
    chain: {
      ok: evidence.chain.ok,
      count: evidence.chain.count,
      brokenAt: evidence.chain.brokenAt,
      head: evidence.chain.head,
      anchoredEvents: evidence.chain.anchored?.events ?? null,
    },
    problems: evidence.problems.map((p) => ({
      kind: p.kind,
      number: "number" in p ? p.number : null,
    })),
  };
}

export default function AuditPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  // A known action reads as a phrase; an action without one shows its code (the record is never hidden).
  const what = (action: string) => {
    const key = `audit.action.${action}` as MessageKey;
    const text = t(key);
    return text === key ? action : text;
  };
  const status = d.chain.ok
    ? t("audit.status.ok", { count: d.chain.count })
    : d.chain.brokenAt
      ? t("audit.status.broken", { position: d.chain.brokenAt })
      : t(`audit.status.head.${d.chain.head}` as MessageKey, { events: d.chain.anchoredEvents ?? 0 });
  return (
    <>
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("audit.title")}</h1>
      <p className="hint">{t("audit.intro")}</p>
      <section
        aria-labelledby="audit-status"
        className={`card ${d.chain.ok && !d.problems.length ? "" : "alert error"}`}
      >
        <h2 id="audit-status">{t("audit.status.title")}</h2>
        <p data-testid="chain-status" role="status">
          {status}
        </p>
        {d.problems.length ? (
          <ul>
            {d.problems.map((p, i) => (
              <li key={i}>{t(`audit.problem.${p.kind}` as MessageKey, { number: p.number ?? 0 })}</li>
            ))}
          </ul>
        ) : null}
      </section>
      {d.truncated ? <p className="hint">{t("audit.truncated", { count: d.events.length })}</p> : null}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("audit.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("audit.col.position")}</th>
              <th scope="col">{t("audit.col.when")}</th>
              <th scope="col">{t("audit.col.who")}</th>
              <th scope="col">{t("audit.col.what")}</th>
              <th scope="col">{t("audit.col.member")}</th>
              <th scope="col">{t("audit.col.version")}</th>
            </tr>
          </thead>
          <tbody>
            {d.events.map((e) => (
              <tr key={e.id} data-action={e.action} className={e.broken ? "bad" : undefined}>
                <td>
                  {e.position}
                  {e.broken ? <span className="badge bad"> {t("audit.brokenRow")}</span> : null}
                </td>
                <td>
                  <time dateTime={new Date(e.at).toISOString()}>
                    {formatDate(locale, e.at, { dateStyle: "medium", timeStyle: "medium" })}
                  </time>
                </td>
                <td>{e.actor.kind === "system" ? t("audit.actor.system") : e.actor.name}</td>
                <td>
                  {what(e.action)}
                  {e.reason ? <div className="muted">{t("audit.reason", { reason: e.reason })}</div> : null}
                </td>
                <td>{e.member ?? ""}</td>
                <td>{e.version !== null ? t("letter.version", { number: e.version }) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
