import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "#app/i18n";
import { requireLetter } from "#app/utils/letter-route.server";
import { CAN_DRAFT } from "#app/utils/session.server";
import { formError, zodFieldErrors } from "#app/utils/http.server";
import { requireUuid } from "#app/utils/ids";
import { addAddressee, listAddressees, listCampaigns, publishVersion, removeAddressee, saveDraft } from "#app/models/letters.server";
import { AddresseeSchema, formFields, LetterDetailsSchema } from "#app/domain/letter-forms";
import { utcToBrusselsLocal } from "#app/domain/brussels-time";
import { readBodyJson } from "#app/utils/editor-form.server";
import { renderLetterBody } from "#app/editor/render.server";
import { emptyEditorJson } from "#app/editor/build";
import { AddresseeFields, LetterDetailsFields } from "#app/components/letter-details-fields";
import { FormAlert } from "#app/components/field";
import { LetterEditor } from "#app/editor/letter-editor";

export const meta: MetaFunction = () => [{ title: "Edit letter · Undersigned" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_DRAFT);
  if (letter.status === "sent") throw redirect(`/letters/${letter.id}`);
  const [addressees, campaigns] = await Promise.all([
    listAddressees(db, { letterId: letter.id, officeId: ctx.office.id }),
    listCampaigns(db, { officeId: ctx.office.id }),
  ]);
  return {
    letter: {
      id: letter.id,
      subject: letter.subject,
      language: letter.language,
      campaignId: letter.campaignId,
      placeLine: letter.placeLine,
      ourReference: letter.ourReference,
      signatureDeadline: letter.signatureDeadline ? utcToBrusselsLocal(letter.signatureDeadline) : null,
      draftJson: letter.draftJson,
      draftRevision: letter.draftRevision,
      status: letter.status,
    },
    addressees,
    campaigns: campaigns.map((c) => ({ id: c.id, title: c.title })),
  };
}

function plainTextOf(json: unknown) {
  const r = renderLetterBody(json);
  return r.ok ? r.plainText : "";
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, letter, actor } = await requireLetter(request, params, CAN_DRAFT);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "save");

  if (intent === "add-addressee") {
    const parsed = AddresseeSchema.safeParse(formFields(form, ["name", "role", "institution", "salutation", "email", "kind"]));
    if (!parsed.success) return formError(zodFieldErrors(parsed.error.issues), 400, { intent });
    const r = await db.transaction((tx) => addAddressee(tx, actor, letter.id, parsed.data));
    if (!r.ok) return formError({ form: r.error === "locked" ? "letter.error.locked" : "error.notFound.title" }, 409, { intent });
    return { ok: true as const, intent, message: null };
  }
  if (intent === "remove-addressee") {
    const id = requireUuid(form.get("addresseeId"));
    const r = await db.transaction((tx) => removeAddressee(tx, actor, letter.id, id));
    if (!r.ok) throw new Response("Not found", { status: 404 });
    return { ok: true as const, intent, message: null };
  }

  // Save (and optionally publish) the draft.
  const details = LetterDetailsSchema.safeParse(formFields(form, ["subject", "language", "campaignId", "placeLine", "ourReference", "signatureDeadline"]));
  const body = readBodyJson(form);
  const baseRevision = Number(form.get("revision"));
  const errors: Record<string, string> = {};
  if (!details.success) Object.assign(errors, zodFieldErrors(details.error.issues));
  if (!body.ok) errors.body = body.error;
  if (!Number.isInteger(baseRevision)) errors.form = "error.forbidden";
  if (!details.success || !body.ok || errors.form) return formError(errors, 400, { intent });

  // Save first (kept even if publishing then fails), then publish exactly the saved revision.
  const saved = await db.transaction((tx) =>
    saveDraft(tx, actor, {
      letterId: letter.id,
      baseRevision,
      json: body.json ?? letter.draftJson ?? emptyEditorJson(),
      subject: details.data.subject,
      language: details.data.language,
      placeLine: details.data.placeLine,
      ourReference: details.data.ourReference,
      signatureDeadline: details.data.signatureDeadline,
    }),
  );
  const published =
    saved.ok && intent === "publish"
      ? await db.transaction((tx) =>
          publishVersion(tx, actor, { letterId: letter.id, kind: form.get("kind") === "editorial" ? "editorial" : "substantive", expectedRevision: saved.revision }),
        )
      : null;
  if (!saved.ok) {
    if (saved.error === "conflict") {
      return data(
        {
          ok: false as const,
          intent,
          fieldErrors: { form: "letter.error.conflict" },
          conflict: { revision: saved.current.revision, theirs: plainTextOf(saved.current.json), mine: plainTextOf(body.json) },
        },
        { status: 409 },
      );
    }
    if (saved.error === "invalid") return formError({ body: saved.message }, 400, { intent });
    return formError({ form: saved.error === "locked" ? "letter.error.locked" : "error.notFound.title" }, 409, { intent });
  }
  if (published?.ok) return redirect(`/letters/${letter.id}?published=${published.version.number}`);
  if (published && !published.ok) return formError({ form: publishErrorKey(published) }, 409, { intent, revision: saved.revision });
  return { ok: true as const, intent, message: "letter.saved" as const, revision: saved.revision };
}

function publishErrorKey(r: { error: string }) {
  if (r.error === "no-addressees") return "letter.error.noAddressees";
  if (r.error === "locked") return "letter.error.locked";
  if (r.error === "stale") return "letter.error.conflict";
  return "letter.error.empty";
}

export default function EditLetter() {
  const { letter, addressees, campaigns } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = (result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string>;
  const intent = result && "intent" in result ? result.intent : null;
  const conflict = result && "conflict" in result ? (result.conflict as { revision: number; theirs: string; mine: string }) : null;
  const revision = result && "revision" in result && typeof result.revision === "number" ? result.revision : letter.draftRevision;
  const addresseeErrors = intent === "add-addressee" ? errors : {};
  return (
    <>
      <p>
        <Link to={`/letters/${letter.id}`}>← {letter.subject}</Link>
      </p>
      <h1>{t("letter.edit")}</h1>
      {result && "message" in result && result.message ? <FormAlert kind="ok" message={t(result.message, { revision })} /> : null}
      {errors.form && intent !== "add-addressee" ? <FormAlert message={t(errors.form as "letter.error.conflict", { revision: conflict?.revision ?? "" })} /> : null}
      {conflict ? (
        <div className="grid two card" aria-label="Conflicting versions">
          <div>
            <h2>Their saved text (revision {conflict.revision})</h2>
            <pre style={{ whiteSpace: "pre-wrap" }}>{conflict.theirs}</pre>
          </div>
          <div>
            <h2>Your unsaved text</h2>
            <pre style={{ whiteSpace: "pre-wrap" }}>{conflict.mine}</pre>
          </div>
        </div>
      ) : null}
      <Form method="post" className="card" noValidate key={revision}>
        <input type="hidden" name="revision" value={revision} />
        <LetterDetailsFields values={letter} errors={intent === "add-addressee" ? {} : errors} campaigns={campaigns} />
        <label id="body-label">{t("letter.field.body")}</label>
        <LetterEditor name="bodyJson" initialJson={letter.draftJson} ariaLabelledBy="body-label" />
        {errors.body && intent !== "add-addressee" ? <p className="field-error">{t("letter.error.body", { message: errors.body })}</p> : null}
        <div className="actions">
          <button type="submit" name="intent" value="save" disabled={busy}>
            {t("letter.saveDraft")}
          </button>
        </div>
        <fieldset>
          <legend>{t("letter.publish.kind")}</legend>
          <label className="hint">
            <input type="radio" name="kind" value="substantive" defaultChecked /> {t("letter.publish.substantive")}
          </label>
          <label className="hint">
            <input type="radio" name="kind" value="editorial" /> {t("letter.publish.editorial")}
          </label>
          <div className="actions">
            <button type="submit" name="intent" value="publish" className="secondary" disabled={busy}>
              {t("letter.publish")}
            </button>
          </div>
        </fieldset>
      </Form>

      <section className="card" aria-labelledby="addressees-title">
        <h2 id="addressees-title">{t("letter.addressees")}</h2>
        {addressees.length ? (
          <ol>
            {addressees.map((a) => (
              <li key={a.id}>
                {a.kind === "cc" ? "Cc: " : ""}
                <strong>{a.name}</strong>
                {a.role ? `, ${a.role}` : ""}
                {a.salutation ? <div className="muted">“{a.salutation}”</div> : null}
                {a.email ? <div className="muted">{a.email}</div> : null}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="remove-addressee" />
                  <input type="hidden" name="addresseeId" value={a.id} />
                  <button type="submit" className="link-button" aria-label={`${t("letter.addressee.remove")}: ${a.name}`}>
                    {t("letter.addressee.remove")}
                  </button>
                </Form>
              </li>
            ))}
          </ol>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add-addressee" />
          <AddresseeFields errors={addresseeErrors} legend={t("letter.addressee.add")} />
          <label htmlFor="kind-select">{t("letter.addressee.kind")}</label>
          <select id="kind-select" name="kind" defaultValue="to">
            <option value="to">{t("letter.addressee.kind.to")}</option>
            <option value="cc">{t("letter.addressee.kind.cc")}</option>
          </select>
          <div className="actions">
            <button type="submit">{t("letter.addressee.add")}</button>
          </div>
        </Form>
      </section>
    </>
  );
}
