import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { CAN_TRACK, requireRole, requireUser } from "#app/web/session.server";
import { zodFieldErrors, readForm } from "#app/web/http.server";
import { createCampaign } from "#app/models/campaigns.server";
import { campaignList } from "#app/services/campaigns.server";
import { CampaignSummaryLine } from "#app/components/campaign-summary";
import { Field, FormAlert } from "#app/components/field";
import { CampaignSchema } from "#app/domain/campaign-forms";
import { FormKey } from "#app/components/form-key";
import { formClaim, newFormKey, userScope } from "#app/web/form-key.server";
import { once } from "#app/models/form-submissions.server";

export const meta: MetaFunction = () => [{ title: "Campaigns · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  return { campaigns: await campaignList(await getDb(), ctx.office.id), formKey: newFormKey() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireRole(request, CAN_TRACK);
  const form = await readForm(request);
  const p = CampaignSchema.safeParse({ title: form.get("title") ?? "", summary: form.get("summary") ?? "" });
  if (!p.success) return data({ ok: false, fieldErrors: zodFieldErrors(p.error.issues) }, { status: 400 });
  const db = await getDb();
  const claim = formClaim(form, userScope(ctx.user.id), "campaigns/create");
  await db.transaction((tx) =>
    once(tx, claim, () =>
      createCampaign(tx, { userId: ctx.user.id, officeId: ctx.office.id }, p.data).then((c) => ({
        ok: true as const,
        campaignId: c.id,
      })),
    ),
  );
  return { ok: true, fieldErrors: {} as Record<string, string> };
}

export default function Campaigns() {
  const { campaigns, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = (result?.fieldErrors ?? {}) as Record<string, string>;
  return (
    <>
      <h1>{t("campaigns.title")}</h1>
      {result?.ok ? <FormAlert kind="ok" message={t("campaigns.created")} /> : null}
      {campaigns.length ? (
        <ul>
          {campaigns.map((c) => (
            <li key={c.id}>
              <Link to={c.id}>{c.title}</Link> <CampaignSummaryLine summary={c.counts} />
              {c.summary ? <div className="muted">{c.summary}</div> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("campaigns.empty")}</p>
      )}
      <p>
        <a href="/exports/press.csv" download>
          {t("exports.press")}
        </a>
      </p>
      <Form method="post" className="card" noValidate>
        <h2>{t("campaigns.new")}</h2>
        <FormKey value={formKey} />
        <Field id="title" label={t("campaigns.field.title")} error={errors.title}>
          {(a) => <input {...a} name="title" type="text" required maxLength={200} />}
        </Field>
        <Field id="summary" label={t("campaigns.field.summary")} error={errors.summary}>
          {(a) => <textarea {...a} name="summary" maxLength={2000} rows={3} />}
        </Field>
        <div className="actions">
          <button type="submit">{t("campaigns.new")}</button>
        </div>
      </Form>
    </>
  );
}
