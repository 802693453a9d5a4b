import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { CAN_DRAFT, requireUser } from "#app/web/session.server";
import { listLetters } from "#app/models/letters.server";
import { StatusBadge } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Letters · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const letters = await listLetters(await getDb(), { officeId: ctx.office.id });
  return { letters, canDraft: CAN_DRAFT.includes(ctx.role), office: ctx.office.name };
}

export default function Letters() {
  const { letters, canDraft, office } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>
        {t("letters.title")} <span className="muted">· {office}</span>
      </h1>
      {canDraft ? (
        <p className="actions">
          <Link className="button" to="/letters/new">
            {t("letters.new")}
          </Link>
          <Link to="/templates">{t("templates.link")}</Link>
        </p>
      ) : null}
      <p className="actions">
        <a href="/exports/letters.csv" download>
          {t("exports.letters")}
        </a>
      </p>
      <Form method="get" action="/search" role="search" className="actions">
        <label htmlFor="letters-search" className="visually-hidden">
          {t("search.label")}
        </label>
        <input id="letters-search" name="q" type="search" maxLength={200} placeholder={t("search.label")} />
        <button type="submit" className="secondary">
          {t("search.submit")}
        </button>
      </Form>
      {letters.length === 0 ? (
        <p>{t("letters.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("letters.col.subject")}</th>
                <th scope="col">{t("letters.col.status")}</th>
                <th scope="col">{t("letters.col.signatures")}</th>
                <th scope="col">{t("letters.col.deadline")}</th>
                <th scope="col">{t("letters.col.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {letters.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/letters/${l.id}`}>{l.subject}</Link>
                    {l.campaignTitle ? <div className="muted">{l.campaignTitle}</div> : null}
                  </td>
                  <td>
                    <StatusBadge status={l.status} />
                  </td>
                  <td>
                    {l.signatures} / {l.invitations}
                  </td>
                  <td>{formatDate(locale, l.signatureDeadline, { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td>{formatDate(locale, l.updatedAt, { dateStyle: "medium" })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
