/** The details fields shared by "new letter" and "edit letter". */
import { EU_LANGUAGES } from "#app/i18n/locales";
import { useT } from "#app/i18n";
import { Field } from "./field";

export type LetterDetailsValues = {
  subject?: string;
  language?: string;
  campaignId?: string | null;
  placeLine?: string | null;
  ourReference?: string | null;
  signatureDeadline?: string | null;
};

export function LetterDetailsFields({
  values,
  errors,
  campaigns,
}: {
  values: LetterDetailsValues;
  errors: Record<string, string>;
  campaigns: Array<{ id: string; title: string }>;
}) {
  const t = useT();
  return (
    <>
      <Field id="subject" label={t("letter.field.subject")} error={errors.subject}>
        {(a) => (
          <input {...a} name="subject" type="text" defaultValue={values.subject ?? ""} required maxLength={300} />
        )}
      </Field>
      <Field id="language" label={t("letter.field.language")} error={errors.language}>
        {(a) => (
          <select {...a} name="language" defaultValue={values.language ?? "en"}>
            {EU_LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name} ({l.english})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="campaignId" label={t("letter.field.campaign")} error={errors.campaignId}>
        {(a) => (
          <select {...a} name="campaignId" defaultValue={values.campaignId ?? ""}>
            <option value="">{t("letter.field.campaign.none")}</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="placeLine"
        label={t("letter.field.place")}
        hint={t("letter.field.place.hint")}
        error={errors.placeLine}
      >
        {(a) => <input {...a} name="placeLine" type="text" defaultValue={values.placeLine ?? ""} maxLength={120} />}
      </Field>
      <Field id="ourReference" label={t("letter.field.reference")} error={errors.ourReference}>
        {(a) => (
          <input {...a} name="ourReference" type="text" defaultValue={values.ourReference ?? ""} maxLength={80} />
        )}
      </Field>
      <Field id="signatureDeadline" label={t("letter.field.deadline")} error={errors.signatureDeadline}>
        {(a) => (
          <input {...a} name="signatureDeadline" type="datetime-local" defaultValue={values.signatureDeadline ?? ""} />
        )}
      </Field>
    </>
  );
}

export function AddresseeFields({
  prefix = "",
  errors,
  legend,
}: {
  prefix?: string;
  errors: Record<string, string>;
  legend: string;
}) {
  const t = useT();
  const f = (n: string) => `${prefix}${n}`;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <Field id={f("name")} label={t("letter.addressee.name")} error={errors[f("name")]}>
        {(a) => <input {...a} name={f("name")} type="text" maxLength={200} />}
      </Field>
      <Field id={f("role")} label={t("letter.addressee.role")} error={errors[f("role")]}>
        {(a) => <input {...a} name={f("role")} type="text" maxLength={200} />}
      </Field>
      <Field id={f("institution")} label={t("letter.addressee.institution")} error={errors[f("institution")]}>
        {(a) => <input {...a} name={f("institution")} type="text" maxLength={200} />}
      </Field>
      <Field
        id={f("salutation")}
        label={t("letter.addressee.salutation")}
        hint={t("letter.addressee.salutation.hint")}
        error={errors[f("salutation")]}
      >
        {(a) => <input {...a} name={f("salutation")} type="text" maxLength={200} />}
      </Field>
      <Field id={f("email")} label={t("letter.addressee.email")} error={errors[f("email")]}>
        {(a) => <input {...a} name={f("email")} type="email" maxLength={254} />}
      </Field>
    </fieldset>
  );
}
