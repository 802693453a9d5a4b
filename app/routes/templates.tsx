/** The office's letter templates: list, start a letter from one, delete. Templates are saved from a letter's edit page. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "#app/i18n";
import { EU_LANGUAGES } from "#app/i18n/locales";
import { getDb } from "#app/infra/db.server";
import { CAN_DRAFT, requireRole } from "#app/web/session.server";
import { formError, notFound, readForm } from "#app/web/http.server";
import { requireUuid } from "#app/infra/ids";
import { deleteTemplate, listTemplates } from "#app/models/templates.server";
import { FormAlert } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Templates · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireRole(request, CAN_DRAFT);
  return { templates: await listTemplates(await getDb(), { officeId: ctx.office.id }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireRole(request, CAN_DRAFT);
  const form = await readForm(request);
  if (form.get("intent") !== "delete") return formError({ form: "error.forbidden" });
  const id = requireUuid(form.get("templateId"));
  const db = await getDb();
  const r = await db.transaction((tx) => deleteTemplate(tx, { userId: ctx.user.id, officeId: ctx.office.id }, { id }));
  if (!r.ok) throw notFound();
  return { ok: true as const };
}

export default function TemplatesPage() {
  const { templates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const languageName = (code: string) => EU_LANGUAGES.find((l) => l.code === code)?.english ?? code;
  return (
    <>
      <p>
        <Link to="/letters">← {t("letters.title")}</Link>
      </p>
      <h1>{t("templates.title")}</h1>
      <p>{t("templates.intro")}</p>
      {result && "ok" in result && result.ok ? <FormAlert kind="ok" message={t("templates.deleted")} /> : null}
      {templates.length === 0 ? (
        <p>{t("templates.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("templates.col.name")}</th>
                <th scope="col">{t("templates.col.subject")}</th>
                <th scope="col">{t("templates.col.language")}</th>
                <th scope="col">{t("templates.col.created")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("templates.use")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {templates.map((tp) => (
                <tr key={tp.id}>
                  <td>{tp.name}</td>
                  <td>{tp.subject}</td>
                  <td>{languageName(tp.language)}</td>
                  <td>
                    {formatDate(locale, tp.createdAt, { dateStyle: "medium" })}
                    {tp.createdByName ? <div className="muted">{tp.createdByName}</div> : null}
                  </td>
                  <td>
                    <Form method="post" action="/letters/new" className="inline">
                      <input type="hidden" name="intent" value="from-template" />
                      <input type="hidden" name="templateId" value={tp.id} />
                      <button type="submit" className="secondary">
                        {t("templates.use")}
                      </button>
                    </Form>{" "}
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="templateId" value={tp.id} />
                      <button
                        type="submit"
                        className="link-button"
                        aria-label={t("templates.deleteNamed", { name: tp.name })}
                      >
                        {t("templates.delete")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
