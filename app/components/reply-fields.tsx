import { useT, type MessageKey } from "#app/i18n";
import { REPLY_KINDS } from "#app/domain/reply-kinds";
import { Field } from "#app/components/field";

/** The register's fields, shared by logging and correcting. */
export function ReplyFields(props: {
  errors: Record<string, string>;
  addressees: Array<{ id: string; name: string; role: string | null }>;
  checked: string[];
  maxMb: number;
  today: string;
  /** Current values when correcting (a reply row). */
  values?: object;
}) {
  const t = useT();
  const e = props.errors;
  const v = (props.values ?? {}) as Record<string, string | null | undefined>;
  return (
    <>
      <fieldset aria-describedby={e.addresseeIds ? "addresseeIds-error" : undefined}>
        <legend>{t("replies.field.addressees")}</legend>
        {props.addressees.map((a) => (
          <label key={a.id} className="checkbox">
            <input type="checkbox" name="addresseeId" value={a.id} defaultChecked={props.checked.includes(a.id)} />{" "}
            {a.name}
            {a.role ? `, ${a.role}` : ""}
          </label>
        ))}
        {e.addresseeIds ? (
          <p id="addresseeIds-error" className="field-error">
            {t(e.addresseeIds as MessageKey)}
          </p>
        ) : null}
      </fieldset>
      <Field id="kind" label={t("replies.field.kind")} error={e.kind}>
        {(a) => (
          <select {...a} name="kind" defaultValue={v.kind ?? "substantive"}>
            {REPLY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`replies.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="receivedOn"
        label={t("replies.field.receivedOn")}
        hint={t("replies.field.receivedOn.hint")}
        error={e.receivedOn}
      >
        {(a) => (
          <input {...a} name="receivedOn" type="date" max={props.today} defaultValue={v.receivedOn ?? ""} required />
        )}
      </Field>
      <Field id="senderName" label={t("replies.field.sender")} error={e.senderName}>
        {(a) => (
          <input {...a} name="senderName" type="text" maxLength={200} defaultValue={v.senderName ?? ""} required />
        )}
      </Field>
      <Field id="senderRole" label={t("replies.field.senderRole")} error={e.senderRole}>
        {(a) => <input {...a} name="senderRole" type="text" maxLength={200} defaultValue={v.senderRole ?? ""} />}
      </Field>
      <Field
        id="onBehalfOf"
        label={t("replies.field.onBehalfOf")}
        hint={t("replies.field.onBehalfOf.hint")}
        error={e.onBehalfOf}
      >
        {(a) => <input {...a} name="onBehalfOf" type="text" maxLength={200} defaultValue={v.onBehalfOf ?? ""} />}
      </Field>
      <Field
        id="theirReference"
        label={t("replies.field.theirReference")}
        hint={t("replies.field.theirReference.hint")}
        error={e.theirReference}
      >
        {(a) => (
          <input {...a} name="theirReference" type="text" maxLength={120} defaultValue={v.theirReference ?? ""} />
        )}
      </Field>
      <Field id="theirRegistration" label={t("replies.field.theirRegistration")} error={e.theirRegistration}>
        {(a) => (
          <input {...a} name="theirRegistration" type="text" maxLength={120} defaultValue={v.theirRegistration ?? ""} />
        )}
      </Field>
      <Field id="ourRegistration" label={t("replies.field.ourRegistration")} error={e.ourRegistration}>
        {(a) => (
          <input {...a} name="ourRegistration" type="text" maxLength={120} defaultValue={v.ourRegistration ?? ""} />
        )}
      </Field>
      <fieldset>
        <legend>{t("replies.field.referral")}</legend>
        <Field id="referredToName" label={t("replies.field.referredToName")} error={e.referredToName}>
          {(a) => (
            <input {...a} name="referredToName" type="text" maxLength={200} defaultValue={v.referredToName ?? ""} />
          )}
        </Field>
        <Field id="referredToRole" label={t("replies.field.referredToRole")} error={e.referredToRole}>
          {(a) => (
            <input {...a} name="referredToRole" type="text" maxLength={200} defaultValue={v.referredToRole ?? ""} />
          )}
        </Field>
      </fieldset>
      <Field id="replyBody" label={t("replies.field.body")} hint={t("replies.field.body.hint")} error={e.body}>
        {(a) => <textarea {...a} name="body" rows={8} defaultValue={v.body ?? ""} />}
      </Field>
      <Field
        id="file"
        label={t("replies.field.file")}
        hint={t("replies.field.file.hint", { mb: props.maxMb })}
        error={e.file}
      >
        {(a) => (
          <input
            {...a}
            name="file"
            type="file"
            accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          />
        )}
      </Field>
    </>
  );
}
