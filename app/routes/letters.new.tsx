import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { CAN_DRAFT, requireRole } from "#app/web/session.server";
import { formError, zodFieldErrors, readForm } from "#app/web/http.server";
import { copyLetter, createLetter, listCampaigns, listLetters } from "#app/models/letters.server";
import { createLetterFromTemplate, listTemplates } from "#app/models/templates.server";
import { getOfficeSettings } from "#app/models/offices.server";
import { isUuid } from "#app/infra/ids";
import { AddresseeSchema, formFields, LetterDetailsSchema } from "#app/domain/letter-forms";
import { EDITOR_FORM, readBodyJson } from "#app/web/editor-form.server";
import { AddresseeFields, LetterDetailsFields } from "#app/components/letter-details-fields";
import { Field, FormAlert } from "#app/components/field";
import { LetterEditor } from "#app/editor/letter-editor";
import { FormKey } from "#app/components/form-key";
import { formClaim, newFormKey, userScope } from "#app/web/form-key.server";
import { once } from "#app/models/form-submissions.server";

export const meta: MetaFunction = () => [{ title: "New letter · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireRole(request, CAN_DRAFT);
  const db = await getDb();
  const scope = { officeId: ctx.office.id };
  const [campaigns, earlier, templates, settings] = await Promise.all([
    listCampaigns(db, scope),
    listLetters(db, scope),
    listTemplates(db, scope),
    getOfficeSettings(db, ctx.office.id),
  ]);
  return {
    campaigns,
    defaultPlaceLine: settings?.defaultPlaceLine ?? "",
    earlier: earlier.map((l) => ({ id: l.id, subject: l.subject })),
    templates: templates.map((tp) => ({ id: tp.id, name: tp.name })),
    formKey: newFormKey(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireRole(request, CAN_DRAFT);
  const form = await readForm(request, EDITOR_FORM);
  const intent = form.get("intent");
  if (intent === "copy-letter" || intent === "from-template") {
    const id = form.get(intent === "copy-letter" ? "sourceLetterId" : "templateId");
    if (!isUuid(id)) return formError({ [intent]: "draft.start.error.notFound" }, 400, { intent });
    const actor = { userId: ctx.user.id, officeId: ctx.office.id };
    const db = await getDb();
    // Sent twice (a double click, a retry), the same form key gives the same new letter, not two.
    const claim = formClaim(form, userScope(ctx.user.id), `letters/new/${intent}`);
    const r = await db.transaction((tx) =>
      once(tx, claim, () =>
        (intent === "copy-letter"
          ? copyLetter(tx, actor, { sourceLetterId: id })
          : createLetterFromTemplate(tx, actor, { templateId: id })
        ).then((x) => (x.ok ? { ok: true as const, letterId: x.letter.id } : x)),
      ),
    );
    if (!r.ok) return formError({ [intent]: "draft.start.error.notFound" }, 404, { intent });
    return redirect(`/letters/${r.letterId}/edit`);
  }
  const details = LetterDetailsSchema.safeParse(
    formFields(form, ["subject", "language", "campaignId", "placeLine", "ourReference", "signatureDeadline"]),
  );
  const fields = formFields(form, ["a_name", "a_role", "a_institution", "a_salutation", "a_email"]);
  const hasAddressee = Object.values(fields).some((v) => v && v.trim());
  const addressee = hasAddressee
    ? AddresseeSchema.safeParse({
        name: fields.a_name,
        role: fields.a_role,
        institution: fields.a_institution,
        salutation: fields.a_salutation,
        email: fields.a_email,
      })
    : null;
  const body = readBodyJson(form);
  const errors: Record<string, string> = {};
  if (!details.success) Object.assign(errors, zodFieldErrors(details.error.issues));
  if (addressee && !addressee.success)
    for (const [k, v] of Object.entries(zodFieldErrors(addressee.error.issues))) errors[`a_${k}`] = v;
  if (!body.ok) errors.body = body.error;
  if (Object.keys(errors).length || !details.success || (addressee && !addressee.success) || !body.ok)
    return formError(errors);
  const db = await getDb();
  const claim = formClaim(form, userScope(ctx.user.id), "letters/new");
  const result = await db.transaction((tx) =>
    once(tx, claim, () =>
      createLetter(
        tx,
        { userId: ctx.user.id, officeId: ctx.office.id },
        {
          ...details.data,
          // Left empty: the office's default place line.
          placeLine: details.data.placeLine || undefined,
          draftJson: body.json,
          addressees: addressee?.success ? [addressee.data] : [],
        },
      ).then((x) => (x.ok ? { ok: true as const, letterId: x.letter.id } : x)),
    ),
  );
  if (!result.ok) return formError({ campaignId: "letter.error.campaign" });
  return redirect(`/letters/${result.letterId}/edit`);
}

export default function NewLetter() {
  const { campaigns, earlier, templates, defaultPlaceLine, formKey } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = (data && "fieldErrors" in data ? data.fieldErrors : {}) as Record<string, string>;
  return (
    <>
      <h1>{t("letter.new.title")}</h1>
      <StartFrom earlier={earlier} templates={templates} errors={errors} formKey={formKey} />
      <p>
        <Link to="/letters/import">{t("word.import.link")}</Link>
      </p>
      <h2>{t("draft.start.blank")}</h2>
      <FormAlert
        message={
          Object.keys(errors).length && !errors["copy-letter"] && !errors["from-template"] ? t("form.fixErrors") : null
        }
      />
      <Form method="post" className="card" noValidate>
        <FormKey value={formKey} />
        <LetterDetailsFields values={{ placeLine: defaultPlaceLine }} errors={errors} campaigns={campaigns} />
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

/** The two other starting points: a copy of an earlier letter of the office, or a saved template. */
function StartFrom(props: {
  earlier: Array<{ id: string; subject: string }>;
  templates: Array<{ id: string; name: string }>;
  errors: Record<string, string>;
  formKey: string;
}) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="start-title">
      <h2 id="start-title">{t("draft.start.title")}</h2>
      <div className="grid two">
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="copy-letter" />
          <FormKey value={props.formKey} />
          {props.earlier.length ? (
            <>
              <Field
                id="sourceLetterId"
                label={t("draft.start.earlier")}
                hint={t("draft.start.earlier.hint")}
                error={props.errors["copy-letter"]}
              >
                {(a) => (
                  <select {...a} name="sourceLetterId">
                    {props.earlier.map((l) => (
                      <option key={l.id} value={l.id}>
                        {l.subject}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit" className="secondary">
                {t("draft.start.earlier.submit")}
              </button>
            </>
          ) : (
            <p>
              {t("draft.start.earlier")}: {t("draft.start.none")}
            </p>
          )}
        </Form>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="from-template" />
          <FormKey value={props.formKey} />
          {props.templates.length ? (
            <>
              <Field
                id="templateId"
                label={t("draft.start.template")}
                hint={t("draft.start.template.hint")}
                error={props.errors["from-template"]}
              >
                {(a) => (
                  <select {...a} name="templateId">
                    {props.templates.map((tp) => (
                      <option key={tp.id} value={tp.id}>
                        {tp.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit" className="secondary">
                {t("draft.start.template.submit")}
              </button>
            </>
          ) : (
            <p>
              {t("draft.start.template")}: {t("draft.start.none")} <Link to="/templates">{t("templates.link")}</Link>
            </p>
          )}
        </Form>
      </div>
    </section>
  );
}
