import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "#app/i18n";
import { getDb } from "#app/utils/db.server";
import { CAN_DRAFT, requireRole } from "#app/utils/session.server";
import { formError, zodFieldErrors } from "#app/utils/http.server";
import { createLetter, listCampaigns } from "#app/models/letters.server";
import { AddresseeSchema, formFields, LetterDetailsSchema } from "#app/domain/letter-forms";
import { readBodyJson } from "#app/utils/editor-form.server";
import { AddresseeFields, LetterDetailsFields } from "#app/components/letter-details-fields";
import { FormAlert } from "#app/components/field";
import { LetterEditor } from "#app/editor/letter-editor";

export const meta: MetaFunction = () => [{ title: "New letter · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireRole(request, CAN_DRAFT);
  return { campaigns: await listCampaigns(await getDb(), { officeId: ctx.office.id }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireRole(request, CAN_DRAFT);
  const form = await request.formData();
  const details = LetterDetailsSchema.safeParse(formFields(form, ["subject", "language", "campaignId", "placeLine", "ourReference", "signatureDeadline"]));
  const fields = formFields(form, ["a_name", "a_role", "a_institution", "a_salutation", "a_email"]);
  const hasAddressee = Object.values(fields).some((v) => v && v.trim());
  const addressee = hasAddressee
    ? AddresseeSchema.safeParse({ name: fields.a_name, role: fields.a_role, institution: fields.a_institution, salutation: fields.a_salutation, email: fields.a_email })
    : null;
  const body = readBodyJson(form);
  const errors: Record<string, string> = {};
  if (!details.success) Object.assign(errors, zodFieldErrors(details.error.issues));
  if (addressee && !addressee.success) for (const [k, v] of Object.entries(zodFieldErrors(addressee.error.issues))) errors[`a_${k}`] = v;
  if (!body.ok) errors.body = body.error;
  if (Object.keys(errors).length || !details.success || (addressee && !addressee.success) || !body.ok) return formError(errors);
  const db = await getDb();
  const result = await db.transaction((tx) =>
    createLetter(tx, { userId: ctx.user.id, officeId: ctx.office.id }, {
      ...details.data,
      draftJson: body.json,
      addressees: addressee?.success ? [addressee.data] : [],
    }),
  );
  if (!result.ok) return formError({ campaignId: "letter.error.campaign" });
  return redirect(`/letters/${result.letter.id}/edit`);
}

export default function NewLetter() {
  const { campaigns } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = (data && "fieldErrors" in data ? data.fieldErrors : {}) as Record<string, string>;
  return (
    <>
      <h1>{t("letter.new.title")}</h1>
      <FormAlert message={Object.keys(errors).length ? t("form.fixErrors") : null} />
      <Form method="post" className="card" noValidate>
        <LetterDetailsFields values={{}} errors={errors} campaigns={campaigns} />
        <AddresseeFields prefix="a_" errors={errors} legend={t("letter.addressee.first")} />
        <label id="body-label">{t("letter.field.body")}</label>
        <LetterEditor name="bodyJson" initialJson={null} ariaLabelledBy="body-label" />
        {errors.body ? <p className="field-error">{t("letter.error.body", { message: errors.body })}</p> : null}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("letter.create")}
          </button>
        </div>
      </Form>
    </>
  );
}
