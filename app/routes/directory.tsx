import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { requireUser } from "#app/web/session.server";
import { listMeps, searchMeps } from "#app/models/meps.server";
import { fullName } from "#app/domain/names";

export const meta: MetaFunction = () => [{ title: "MEP directory · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const db = await getDb();
  const rows = q ? await searchMeps(db, q, { limit: 100 }) : await listMeps(db);
  return {
    q,
    meps: rows.map((m) => ({
      id: m.id,
      epId: m.epId,
      name: fullName(m),
      group: m.politicalGroup,
      country: m.country,
      party: m.nationalParty,
      address: m.email ? ("member" as const) : m.officeEmail ? ("office" as const) : ("none" as const),
    })),
  };
}

export default function Directory() {
  const { q, meps } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("directory.title")}</h1>
      <Form method="get" role="search" className="card">
        <label htmlFor="q">{t("directory.search")}</label>
        <p id="q-hint" className="hint">
          {t("invite.search.hint")}
        </p>
        <input id="q" name="q" type="search" defaultValue={q} aria-describedby="q-hint" />
        <div className="actions">
          <button type="submit">{t("invite.filter")}</button>
        </div>
      </Form>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("directory.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("directory.column.member")}</th>
              <th scope="col">{t("directory.column.group")}</th>
              <th scope="col">{t("directory.column.country")}</th>
              <th scope="col">{t("directory.column.party")}</th>
              <th scope="col">{t("directory.contact.column")}</th>
            </tr>
          </thead>
          <tbody>
            {meps.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link to={`/directory/${m.id}`} aria-label={t("directory.member.open", { name: m.name })}>
                    {m.name}
                  </Link>
                </td>
                <td>{m.group}</td>
                <td>{m.country}</td>
                <td>{m.party ?? ""}</td>
                <td>
                  {m.address === "member"
                    ? t("directory.contact.email")
                    : m.address === "office"
                      ? t("directory.contact.officeOnly")
                      : t("directory.contact.none")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
