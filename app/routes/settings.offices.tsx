/**
 * The offices the signed-in person belongs to, with their role in each, and the switch between them: a plain
 * form per office, so it works without JavaScript. After a switch the person lands on the dashboard, since
 * the page they came from belongs to the other office.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { isUuid } from "#app/infra/ids";
import { notFound } from "#app/infra/not-found";
import { listMembershipsForUser } from "#app/models/auth.server";
import { switchOffice } from "#app/services/memberships.server";
import { requireUser } from "#app/web/session.server";
import { readForm } from "#app/web/http.server";
import { FormAlert } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Your offices · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const offices = await listMembershipsForUser(await getDb(), ctx.user.id);
  return {
    current: ctx.office.id,
    offices: offices.map((o) => ({ id: o.officeId, name: o.officeName, role: o.role })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUser(request);
  const form = await readForm(request);
  if (form.get("intent") !== "switch") {
    return data({ message: "error.forbidden" satisfies MessageKey }, { status: 400 });
  }
  const officeId = form.get("officeId");
  if (typeof officeId !== "string" || !isUuid(officeId)) {
    return data({ message: "offices.switch.invalid" satisfies MessageKey }, { status: 400 });
  }
  const r = await switchOffice(await getDb(), { sessionHash: ctx.sessionHash, userId: ctx.user.id }, officeId);
  if (!r.ok) throw notFound();
  return redirect("/");
}

export default function Offices() {
  const { current, offices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("offices.title")}</h1>
      <p>{offices.length > 1 ? t("offices.intro") : t("offices.introOne")}</p>
      {result ? <FormAlert message={t(result.message as MessageKey)} /> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t("offices.col.office")}</th>
            <th scope="col">{t("offices.col.role")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("offices.col.action")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {offices.map((o) => (
            <tr key={o.id}>
              <td>{o.name}</td>
              <td>{t(`role.${o.role}` as MessageKey)}</td>
              <td>
                {o.id === current ? (
                  <span aria-current="true">{t("offices.current")}</span>
                ) : (
                  <Form method="post" className="inline">
                    <input type="hidden" name="officeId" value={o.id} />
                    <button type="submit" name="intent" value="switch">
                      {t("offices.switch.label", { office: o.name })}
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
