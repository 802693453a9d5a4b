/**
 * The office's settings: its own Member (from the directory), letterhead, the place line new letters start with,
 * the default reply clock, the time zone times are shown in, and when staff signatures need the Member's
 * confirmation. Every member of the office may read them; only its administrators change them.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { requireUser } from "#app/web/session.server";
import { notFound, readForm, zodFieldErrors } from "#app/web/http.server";
import { listMeps } from "#app/models/meps.server";
import { readOfficeSettings, saveOfficeSettings } from "#app/services/office-settings.server";
import { EUROPEAN_TIME_ZONES, OfficeSettingsSchema, officeSettingsFields } from "#app/domain/office-forms";
import { fullName } from "#app/domain/names";
import { Field, FormAlert } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Office settings · Undersigned" }];

const canEdit = (ctx: { role: string }) => ctx.role === "admin";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const db = await getDb();
  const settings = await readOfficeSettings(db, ctx.office.id);
  if (!settings) throw notFound();
  const editable = canEdit(ctx);
  const meps = editable ? await listMeps(db) : [];
  const options = meps.map((m) => ({ id: m.id, label: `${fullName(m)} · ${m.politicalGroup} · ${m.country}` }));
  // A Member who left the directory's active list stays choosable while set.
  if (settings.mep && !options.some((o) => o.id === settings.mep!.id))
    options.unshift({
      id: settings.mep.id,
      label: `${fullName(settings.mep)} · ${settings.mep.politicalGroup} · ${settings.mep.country}`,
    });
  const zones: string[] = [...EUROPEAN_TIME_ZONES];
  if (!zones.includes(settings.timeZone)) zones.unshift(settings.timeZone);
  return {
    office: ctx.office.name,
    editable,
    settings: {
      mepId: settings.mepId,
      mep: settings.mep
        ? { name: fullName(settings.mep), group: settings.mep.politicalGroup, country: settings.mep.country }
        : null,
      letterhead: settings.letterhead ?? "",
      defaultPlaceLine: settings.defaultPlaceLine ?? "",
      timeZone: settings.timeZone,
      staffSignatureConfirmation: settings.staffSignatureConfirmation,
      clock: settings.clock,
    },
    meps: options,
    zones,
  };
}

type ActionData = { ok: boolean; message: MessageKey | null; fieldErrors: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUser(request);
  if (!canEdit(ctx)) throw new Response("Forbidden", { status: 403 });
  const form = await readForm(request);
  if (form.get("intent") !== "save")
    return data<ActionData>({ ok: false, message: "error.forbidden", fieldErrors: {} }, { status: 400 });
  const parsed = OfficeSettingsSchema.safeParse(officeSettingsFields(form));
  if (!parsed.success)
    return data<ActionData>(
      { ok: false, message: "form.fixErrors", fieldErrors: zodFieldErrors(parsed.error.issues) },
      { status: 400 },
    );
  const r = await saveOfficeSettings(await getDb(), { userId: ctx.user.id, officeId: ctx.office.id }, parsed.data);
  if (!r.ok && r.error === "not-found") throw notFound();
  if (!r.ok)
    return data<ActionData>(
      { ok: false, message: "form.fixErrors", fieldErrors: { mepId: "office.error.mep" } },
      { status: 400 },
    );
  return data<ActionData>({
    ok: true,
    message: r.changed.length ? "office.saved" : "office.unchanged",
    fieldErrors: {},
  });
}

export default function OfficeSettingsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  const s = d.settings;
  const clockError = errors["clock.dueDays"] ?? errors["clock.veryOverdueDays"] ?? errors["clock.dayKind"];
  return (
    <div className="narrow">
      <h1>{t("office.title")}</h1>
      <p className="muted">{d.office}</p>
      {result?.message ? <FormAlert kind={result.ok ? "ok" : "error"} message={t(result.message)} /> : null}
      {!d.editable ? <p className="hint">{t("office.readOnly")}</p> : null}
      <Form method="post" className="card" noValidate>
        <input type="hidden" name="intent" value="save" />
        <fieldset disabled={!d.editable}>
          <legend>{t("office.mep.legend")}</legend>
          <p data-office-mep={s.mepId ?? ""}>
            {s.mep ? t("office.mep.current", { name: s.mep.name, group: s.mep.group, country: s.mep.country }) : null}
            {!s.mep ? t("office.mep.unset") : null}
          </p>
          {d.editable ? (
            <Field id="mepId" label={t("office.mep.label")} hint={t("office.mep.hint")} error={errors.mepId}>
              {(a) => (
                <select {...a} name="mepId" defaultValue={s.mepId ?? ""}>
                  <option value="">{t("office.mep.none")}</option>
                  {d.meps.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </fieldset>
        <fieldset disabled={!d.editable}>
          <legend>{t("office.letterhead.label")}</legend>
          <Field
            id="letterhead"
            label={t("office.letterhead.label")}
            hint={t("office.letterhead.hint")}
            error={errors.letterhead}
          >
            {(a) => <textarea {...a} name="letterhead" rows={4} defaultValue={s.letterhead} maxLength={1000} />}
          </Field>
          <Field
            id="defaultPlaceLine"
            label={t("office.placeLine.label")}
            hint={t("office.placeLine.hint")}
            error={errors.defaultPlaceLine}
          >
            {(a) => (
              <input {...a} name="defaultPlaceLine" type="text" defaultValue={s.defaultPlaceLine} maxLength={120} />
            )}
          </Field>
          <Field
            id="timeZone"
            label={t("office.timeZone.label")}
            hint={t("office.timeZone.hint")}
            error={errors.timeZone}
          >
            {(a) => (
              <select {...a} name="timeZone" defaultValue={s.timeZone}>
                {d.zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replace(/_/g, " ")}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        <fieldset disabled={!d.editable}>
          <legend>{t("office.clock.legend")}</legend>
          <p className="hint">{t("office.clock.hint")}</p>
          {clockError ? <p className="field-error">{t(clockError as MessageKey)}</p> : null}
          <Field id="dueDays" label={t("replies.clock.dueDays")}>
            {(a) => (
              <input {...a} name="dueDays" type="number" min={1} max={365} defaultValue={s.clock.dueDays} required />
            )}
          </Field>
          <Field id="veryOverdueDays" label={t("replies.clock.veryOverdueDays")}>
            {(a) => (
              <input
                {...a}
                name="veryOverdueDays"
                type="number"
                min={2}
                max={365}
                defaultValue={s.clock.veryOverdueDays}
                required
              />
            )}
          </Field>
          <Field id="dayKind" label={t("replies.clock.dayKind")}>
            {(a) => (
              <select {...a} name="dayKind" defaultValue={s.clock.dayKind}>
                <option value="working">{t("replies.clock.working")}</option>
                <option value="calendar">{t("replies.clock.calendar")}</option>
              </select>
            )}
          </Field>
        </fieldset>
        <fieldset disabled={!d.editable}>
          <legend>{t("office.confirmation.legend")}</legend>
          <p className="hint">{t("office.confirmation.hint")}</p>
          {errors.staffSignatureConfirmation ? (
            <p className="field-error">{t(errors.staffSignatureConfirmation as MessageKey)}</p>
          ) : null}
          {(["outside-domain", "always"] as const).map((v) => (
            <label key={v} className="hint">
              <input
                type="radio"
                name="staffSignatureConfirmation"
                value={v}
                defaultChecked={s.staffSignatureConfirmation === v}
              />{" "}
              {t(v === "always" ? "office.confirmation.always" : "office.confirmation.outsideDomain")}
            </label>
          ))}
        </fieldset>
        {d.editable ? (
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("office.save")}
            </button>
          </div>
        ) : null}
      </Form>
    </div>
  );
}
