/** The fields of a question draft (new or existing); a plain form that works without JavaScript. */
import { Form } from "@remix-run/react";
import { useT } from "#app/i18n";
import { Field, FormAlert } from "#app/components/field";
import { ADDRESSEES } from "#app/domain/question-addressees";
import { FormKey } from "#app/components/form-key";

export type DraftValues = {
  authorMepId: string;
  type: string;
  addressee: string;
  title: string;
  body: string;
  ongoingProcedure: boolean;
  letterId: string;
};

export function QuestionDraftForm({
  values,
  errors,
  members,
  formKey,
}: {
  values: DraftValues;
  errors: Record<string, string>;
  members: Array<{ id: number; name: string; group: string }>;
  /** Only on the new-draft form: sent twice, it creates one draft. */
  formKey?: string;
}) {
  const t = useT();
  return (
    <Form method="post" className="card" noValidate>
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="letterId" value={values.letterId} />
      {formKey ? <FormKey value={formKey} /> : null}
      {Object.keys(errors).length ? <FormAlert message={t("form.fixErrors")} /> : null}
      <Field id="authorMepId" label={t("question.draft.author")} error={errors.authorMepId}>
        {(a) => (
          <select {...a} name="authorMepId" defaultValue={values.authorMepId}>
            <option value="">{t("question.draft.author.none")}</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.group})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="type" label={t("question.draft.type")} error={errors.type}>
        {(a) => (
          <select {...a} name="type" defaultValue={values.type}>
            <option value="E">{t("question.type.E")}</option>
            <option value="P">{t("question.type.P")}</option>
          </select>
        )}
      </Field>
      <Field id="addressee" label={t("question.field.addressee")} error={errors.addressee}>
        {(a) => (
          <select {...a} name="addressee" defaultValue={values.addressee}>
            {ADDRESSEES.map((x) => (
              <option key={x} value={x}>
                {t(`question.addressee.${x}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="field">
        <label>
          <input type="checkbox" name="ongoingProcedure" defaultChecked={values.ongoingProcedure} />{" "}
          {t("question.draft.ongoingProcedure")}
        </label>
        <p className="hint">{t("question.draft.ongoingProcedure.hint")}</p>
      </div>
      <Field id="title" label={t("question.field.title")} error={errors.title}>
        {(a) => <input {...a} name="title" type="text" required maxLength={300} defaultValue={values.title} />}
      </Field>
      <Field id="body" label={t("question.draft.body")} hint={t("question.draft.body.hint")} error={errors.body}>
        {(a) => <textarea {...a} name="body" rows={10} defaultValue={values.body} />}
      </Field>
      <div className="actions">
        <button type="submit">{t("question.draft.save")}</button>
      </div>
    </Form>
  );
}
