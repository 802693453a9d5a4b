import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { parseCount, parsePositiveInt } from "#app/domain/form-values";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { data, redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useBeforeUnload,
  useBlocker,
  useFetcher,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_DRAFT } from "#app/web/session.server";
import { formError, zodFieldErrors, readForm, notFound } from "#app/web/http.server";
import { requireUuid } from "#app/infra/ids";
import {
  addAddressee,
  listAddressees,
  listCampaigns,
  moveAddressee,
  removeAddressee,
  restoreVersion,
} from "#app/models/letters.server";
import { saveLetterAsTemplate } from "#app/models/templates.server";
import { saveAndPublish } from "#app/services/versions.server";
import { AddresseeSchema, formFields, LetterDetailsSchema } from "#app/domain/letter-forms";
import { utcToBrusselsLocal } from "#app/domain/brussels-time";
import { EDITOR_FORM, readBodyJson } from "#app/web/editor-form.server";
import { renderLetterBody } from "#app/editor/render.server";
import { emptyEditorJson } from "#app/editor/build";
import { AddresseeFields, LetterDetailsFields } from "#app/components/letter-details-fields";
import { Field, FormAlert } from "#app/components/field";
import { LetterEditor } from "#app/editor/letter-editor";
import { FormKey } from "#app/components/form-key";
import { formClaim, newFormKey, userScope } from "#app/web/form-key.server";
import { once } from "#app/models/form-submissions.server";

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
    formKey: newFormKey(),
  };
}

function plainTextOf(json: unknown) {
  const r = renderLetterBody(json);
  return r.ok ? r.plainText : "";
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, letter, actor } = await requireLetter(request, params, CAN_DRAFT);
  const form = await readForm(request, EDITOR_FORM);
  const intent = String(form.get("intent") ?? "save");

  if (intent === "add-addressee") {
    const parsed = AddresseeSchema.safeParse(
      formFields(form, ["name", "role", "institution", "salutation", "email", "kind"]),
    );
    if (!parsed.success) return formError(zodFieldErrors(parsed.error.issues), 400, { intent });
    const claim = formClaim(form, userScope(actor.userId), `letters/${letter.id}/add-addressee`);
    const r = await db.transaction((tx) =>
      once(tx, claim, () =>
        addAddressee(tx, actor, letter.id, parsed.data).then((x) => (x.ok ? { ok: true as const } : x)),
      ),
    );
    if (!r.ok)
      return formError({ form: r.error === "locked" ? "letter.error.locked" : "error.notFound.title" }, 409, {
        intent,
      });
    return { ok: true as const, intent, message: null };
  }
  if (intent === "remove-addressee") {
    const id = requireUuid(form.get("addresseeId"));
    const r = await db.transaction((tx) => removeAddressee(tx, actor, letter.id, id));
    if (!r.ok) throw notFound();
    return { ok: true as const, intent, message: null };
  }
  if (intent === "move-addressee") {
    const id = requireUuid(form.get("addresseeId"));
    const direction = form.get("direction") === "up" ? "up" : "down";
    const r = await db.transaction((tx) =>
      moveAddressee(tx, actor, { letterId: letter.id, addresseeId: id, direction }),
    );
    if (!r.ok) {
      if (r.error === "locked") return formError({ form: "letter.error.locked" }, 409, { intent });
      throw notFound();
    }
    return { ok: true as const, intent, message: null };
  }
  if (intent === "save-as-template") {
    const claim = formClaim(form, userScope(actor.userId), `letters/${letter.id}/save-as-template`);
    const r = await db.transaction((tx) =>
      once(tx, claim, () =>
        saveLetterAsTemplate(tx, actor, { letterId: letter.id, name: String(form.get("templateName") ?? "") }).then(
          (x) => (x.ok ? { ok: true as const, templateName: x.template.name } : x),
        ),
      ),
    );
    if (!r.ok)
      return formError({ templateName: r.error === "name" ? "templates.use.error.name" : "letter.error.body" }, 400, {
        intent,
      });
    return { ok: true as const, intent, message: "templates.use.saved" as const, templateName: r.templateName };
  }
  if (intent === "restore") {
    // Posted from the letter page's versions list; the revision is the one that page showed.
    const number = parsePositiveInt(form.get("number"));
    const baseRevision = parseCount(form.get("revision"));
    if (number === null || baseRevision === null) throw notFound();
    const r = await db.transaction((tx) => restoreVersion(tx, actor, { letterId: letter.id, number, baseRevision }));
    if (r.ok) return redirect(`/letters/${letter.id}/edit?restored=${r.number}`);
    if (r.error === "version-not-found" || r.error === "not-found") throw notFound();
    if (r.error === "conflict")
      return formError({ form: "draft.restore.conflict" }, 409, { intent, conflictRevision: r.current.revision });
    return formError({ form: r.error === "locked" ? "letter.error.locked" : "letter.error.empty" }, 409, { intent });
  }

  // Save, autosave, overwrite after a conflict (only when the user chose it), or save then publish.
  const details = LetterDetailsSchema.safeParse(
    formFields(form, ["subject", "language", "campaignId", "placeLine", "ourReference", "signatureDeadline"]),
  );
  const body = readBodyJson(form);
  const baseRevision = parseCount(form.get(intent === "overwrite" ? "conflictRevision" : "revision"));
  const errors: Record<string, string> = {};
  if (!details.success) Object.assign(errors, zodFieldErrors(details.error.issues));
  if (!body.ok) errors.body = body.error;
  if (baseRevision === null) errors.form = "error.forbidden";
  // Autosave keeps the text even while a detail (say, the subject being retyped) does not validate yet.
  const autosave = intent === "autosave";
  if (!body.ok || baseRevision === null || errors.form || (!details.success && !autosave))
    return formError(errors, 400, { intent });
  const detailFields = details.success
    ? {
        subject: details.data.subject,
        language: details.data.language,
        placeLine: details.data.placeLine,
        ourReference: details.data.ourReference,
        signatureDeadline: details.data.signatureDeadline,
      }
    : {};

  // Save first (kept even if publishing then fails), then publish exactly the saved revision.
  const { saved, published } = await saveAndPublish(db, actor, {
    letterId: letter.id,
    save: { baseRevision, json: body.json ?? letter.draftJson ?? emptyEditorJson(), ...detailFields },
    previousDeadline: letter.signatureDeadline,
    publish: intent === "publish" ? { kind: form.get("kind") === "editorial" ? "editorial" : "substantive" } : null,
  });
  if (!saved.ok) {
    if (saved.error === "conflict") {
      return data(
        {
          ok: false as const,
          intent,
          fieldErrors: { form: "letter.error.conflict" },
          conflict: {
            revision: saved.current.revision,
            theirs: plainTextOf(saved.current.json),
            mine: plainTextOf(body.json),
          },
        },
        { status: 409 },
      );
    }
    if (saved.error === "invalid") return formError({ body: saved.message }, 400, { intent });
    return formError({ form: saved.error === "locked" ? "letter.error.locked" : "error.notFound.title" }, 409, {
      intent,
    });
  }
  if (published?.ok) {
    // Asked for "editorial" but the change is more than that: the letter page says it was treated as substantive.
    const overruled = published.requestedKind === "editorial" && published.version.kind === "substantive";
    return redirect(`/letters/${letter.id}?published=${published.version.number}${overruled ? "&overruled=1" : ""}`);
  }
  if (published && !published.ok)
    return formError({ form: publishErrorKey(published) }, 409, { intent, revision: saved.revision });
  if (autosave)
    return {
      ok: true as const,
      intent,
      message: null,
      autosavedRevision: saved.revision,
      detailsSaved: details.success,
      fieldErrors: details.success ? {} : errors,
    };
  return { ok: true as const, intent, message: "letter.saved" as const, revision: saved.revision };
}

/** Autosave answers must not reload the page's data: that would replace the text being typed. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  if (formData?.get("intent") === "autosave") return false;
  return defaultShouldRevalidate;
};

function publishErrorKey(r: { error: string }) {
  if (r.error === "no-addressees") return "letter.error.noAddressees";
  if (r.error === "locked") return "letter.error.locked";
  if (r.error === "stale") return "letter.error.conflict";
  return "letter.error.empty";
}

type Conflict = { revision: number; theirs: string; mine: string };

/** Saves the working draft a few seconds after the last change; never a version, never over someone else's save. */
const AUTOSAVE_DELAY_MS = 3000;

export default function EditLetter() {
  const { letter } = useLoaderData<typeof loader>();
  // A fresh page state per letter: the revision this page edits from is captured when it mounts.
  return <EditLetterPage key={letter.id} />;
}

const WORD_DROPPED = ["images", "tables", "formatting", "links", "styles"];

function EditLetterPage() {
  const { letter, addressees, campaigns, formKey: submissionKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  // The hidden revision must only ever come from this page's own loads and saves. A loader that
  // revalidates after, say, adding an addressee may carry someone else's newer revision; saving
  // on top of that would silently overwrite their text.
  const [mountRevision] = useState(letter.draftRevision);
  const errors = (result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string>;
  const intent = result && "intent" in result ? result.intent : null;
  const actionConflict = result && "conflict" in result ? (result.conflict as Conflict) : null;
  const actionRevision = result && "revision" in result && typeof result.revision === "number" ? result.revision : null;
  const formKey = actionRevision ?? mountRevision;
  const addresseeErrors = intent === "add-addressee" ? errors : {};
  const restored = searchParams.get("restored");
  const message =
    result && "message" in result && result.message
      ? result.message === "templates.use.saved"
        ? t("templates.use.saved", { name: "templateName" in result ? String(result.templateName) : "" })
        : t(result.message, { revision: actionRevision ?? "" })
      : restored && !result
        ? t("draft.restore.done", { number: restored, revision: letter.draftRevision })
        : null;
  const addresseeFormError = intent === "add-addressee" || intent === "move-addressee" ? errors.form : null;
  // After a Word import (/letters/import): what the document had that a letter cannot hold.
  const imported = searchParams.get("imported") === "1" && !result;
  const dropped = (searchParams.get("dropped") ?? "").split(",").filter((k) => WORD_DROPPED.includes(k));
  return (
    <>
      <p>
        <Link to={`/letters/${letter.id}`}>← {letter.subject}</Link>
      </p>
      <h1>{t("letter.edit")}</h1>
      {message ? <FormAlert kind="ok" message={message} /> : null}
      {imported ? <FormAlert kind="ok" message={t("word.import.done")} /> : null}
      {imported && dropped.length ? (
        <FormAlert
          kind="warn"
          message={t("word.import.dropped", {
            what: dropped.map((k) => t(`word.dropped.${k}` as MessageKey)).join("; "),
          })}
        />
      ) : null}
      {errors.form && !addresseeFormError && !actionConflict ? (
        <FormAlert
          message={t(errors.form as MessageKey, {
            revision: result && "conflictRevision" in result ? Number(result.conflictRevision) : "",
          })}
        />
      ) : null}
      <DraftForm
        key={formKey}
        letter={letter}
        campaigns={campaigns}
        revision={Math.max(formKey, actionRevision ?? 0)}
        errors={
          intent === "add-addressee" || intent === "save-as-template" || intent === "move-addressee" ? {} : errors
        }
        actionConflict={actionConflict}
        busy={busy}
      />

      <section className="card" aria-labelledby="addressees-title">
        <h2 id="addressees-title">{t("letter.addressees")}</h2>
        {addresseeFormError ? <FormAlert message={t(addresseeFormError as MessageKey)} /> : null}
        {addressees.length ? (
          <ol className="addressee-list">
            {addressees.map((a, i) => (
              <li key={a.id}>
                <span className={`badge ${a.kind === "cc" ? "" : "ok"}`}>
                  {a.kind === "cc" ? t("draft.addressee.cc") : t("draft.addressee.to")}
                </span>{" "}
                <strong>{a.name}</strong>
                {a.role ? `, ${a.role}` : ""}
                {a.institution ? `, ${a.institution}` : ""}
                {a.salutation ? <div className="muted">“{a.salutation}”</div> : null}
                {a.email ? <div className="muted">{a.email}</div> : null}
                <div className="actions">
                  <Form method="post" className="inline" preventScrollReset>
                    <input type="hidden" name="intent" value="move-addressee" />
                    <input type="hidden" name="addresseeId" value={a.id} />
                    <button
                      type="submit"
                      name="direction"
                      value="up"
                      className="secondary"
                      disabled={i === 0}
                      aria-label={t("draft.addressee.moveUp", { name: a.name })}
                    >
                      ↑ {t("draft.addressee.up")}
                    </button>{" "}
                    <button
                      type="submit"
                      name="direction"
                      value="down"
                      className="secondary"
                      disabled={i === addressees.length - 1}
                      aria-label={t("draft.addressee.moveDown", { name: a.name })}
                    >
                      ↓ {t("draft.addressee.down")}
                    </button>
                  </Form>
                  <Form method="post" className="inline" preventScrollReset>
                    <input type="hidden" name="intent" value="remove-addressee" />
                    <input type="hidden" name="addresseeId" value={a.id} />
                    <button
                      type="submit"
                      className="link-button"
                      aria-label={`${t("letter.addressee.remove")}: ${a.name}`}
                    >
                      {t("letter.addressee.remove")}
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ol>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="add-addressee" />
          <FormKey value={submissionKey} />
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

      <section className="card" aria-labelledby="template-title">
        <h2 id="template-title">{t("templates.use.saveAs")}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="save-as-template" />
          <FormKey value={submissionKey} />
          <Field
            id="templateName"
            label={t("templates.use.name")}
            error={intent === "save-as-template" ? errors.templateName : null}
          >
            {(a) => <input {...a} name="templateName" type="text" maxLength={120} required />}
          </Field>
          <div className="actions">
            <button type="submit" className="secondary">
              {t("templates.use.saveAs")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

type AutosaveData = {
  ok: boolean;
  intent?: string;
  autosavedRevision?: number;
  detailsSaved?: boolean;
  conflict?: Conflict;
  fieldErrors?: Record<string, string>;
};

function DraftForm(props: {
  letter: ReturnType<typeof useLoaderData<typeof loader>>["letter"];
  campaigns: Array<{ id: string; title: string }>;
  revision: number;
  errors: Record<string, string>;
  actionConflict: Conflict | null;
  busy: boolean;
}) {
  const { letter, campaigns, errors, busy } = props;
  const t = useT();
  const fetcher = useFetcher<AutosaveData>();
  const formRef = useRef<HTMLFormElement>(null);
  const [autoRevision, setAutoRevision] = useState<number | null>(null);
  const revision = Math.max(props.revision, autoRevision ?? 0);
  // Change counters: `changes` grows with every edit; `savedChanges` is what the last good save covered.
  const changes = useRef(0);
  const [changeCount, setChangeCount] = useState(0);
  const [savedChanges, setSavedChanges] = useState(0);
  const submittedChanges = useRef(0);
  const [detailsPending, setDetailsPending] = useState(false);
  const [autosaveConflict, setAutosaveConflict] = useState<Conflict | null>(null);
  const [failed, setFailed] = useState(false);
  const conflict = autosaveConflict ?? props.actionConflict;
  const stopped = conflict !== null;
  const unsaved = changeCount > savedChanges || detailsPending;
  const unsavedRef = useRef(false);
  unsavedRef.current = unsaved;
  const allowLeave = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const bump = useCallback(() => {
    changes.current += 1;
    setChangeCount(changes.current);
  }, []);

  // The editor reports every change as JSON; count only real differences from the loaded or last seen text.
  const dirtyVsLoaded = useRef(false);
  const lastJson = useRef<string | null>(null);
  const onDirtyChange = useCallback((d: boolean) => {
    dirtyVsLoaded.current = d;
  }, []);
  const onChangeJson = useCallback(
    (json: string) => {
      if (json === lastJson.current) return;
      const first = lastJson.current === null;
      lastJson.current = json;
      if (first && !dirtyVsLoaded.current) return;
      bump();
    },
    [bump],
  );

  const submitAutosave = useCallback(() => {
    timer.current = null;
    const form = formRef.current;
    if (!form) return;
    const fd = new FormData(form);
    fd.set("intent", "autosave");
    fd.delete("bodyText");
    submittedChanges.current = changes.current;
    fetcher.submit(fd, { method: "post", action: `/letters/${letter.id}/edit` });
  }, [fetcher, letter.id]);

  useEffect(() => {
    if (stopped || fetcher.state !== "idle" || changeCount <= savedChanges) return;
    timer.current = setTimeout(submitAutosave, AUTOSAVE_DELAY_MS);
    return () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [changeCount, savedChanges, stopped, fetcher.state, submitAutosave]);

  // Take in each autosave answer once.
  const handled = useRef<unknown>(null);
  useEffect(() => {
    const d = fetcher.data;
    if (fetcher.state !== "idle" || !d || handled.current === d) return;
    handled.current = d;
    if (d.ok && typeof d.autosavedRevision === "number") {
      setAutoRevision(d.autosavedRevision);
      setSavedChanges(submittedChanges.current);
      setDetailsPending(!d.detailsSaved);
      setFailed(false);
    } else if (d.conflict) {
      setAutosaveConflict(d.conflict);
    } else {
      setFailed(true);
    }
  }, [fetcher.state, fetcher.data]);

  useBeforeUnload(
    useCallback((event: BeforeUnloadEvent) => {
      if (!unsavedRef.current || allowLeave.current) return;
      event.preventDefault();
      // Chromium still wants returnValue set for the prompt.
      event.returnValue = "";
    }, []),
  );
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsaved && !allowLeave.current && currentLocation.pathname !== nextLocation.pathname,
  );

  const saving = fetcher.state !== "idle";
  const status = conflict
    ? t("draft.autosave.stopped")
    : saving
      ? t("draft.autosave.saving")
      : failed
        ? t("draft.autosave.error")
        : detailsPending && changeCount <= savedChanges
          ? t("draft.autosave.detailsInvalid")
          : unsaved
            ? t("draft.autosave.unsaved")
            : t("draft.autosave.saved", { revision });

  return (
    <>
      {conflict ? (
        <section className="card" aria-labelledby="conflict-title">
          <h2 id="conflict-title" className="visually-hidden">
            {t("draft.autosave.stopped")}
          </h2>
          <p className="alert error" role="alert">
            {t("letter.error.conflict", { revision: conflict.revision })}
          </p>
          <div className="grid two" role="group" aria-label={t("draft.conflict.label")}>
            <div>
              <h3>{t("draft.conflict.theirs", { revision: conflict.revision })}</h3>
              <pre style={{ whiteSpace: "pre-wrap" }} data-testid="conflict-theirs">
                {conflict.theirs}
              </pre>
            </div>
            <div>
              <h3>{t("draft.conflict.mine")}</h3>
              <pre style={{ whiteSpace: "pre-wrap" }} data-testid="conflict-mine">
                {conflict.mine}
              </pre>
            </div>
          </div>
          <div className="actions">
            <a
              className="button secondary"
              href={`/letters/${letter.id}/edit`}
              onClick={() => {
                allowLeave.current = true;
              }}
            >
              {t("draft.conflict.reload")}
            </a>
            <button
              type="submit"
              form="draft-form"
              name="intent"
              value="overwrite"
              className="danger"
              disabled={busy || saving}
            >
              {t("draft.conflict.keepMine")}
            </button>
          </div>
          <p className="hint">{t("draft.conflict.keepMine.hint")}</p>
        </section>
      ) : null}
      <Form
        method="post"
        className="card"
        noValidate
        id="draft-form"
        ref={formRef}
        onChange={(e) => {
          // Edits in the details fields (the editor's own changes arrive through onChangeJson).
          if ((e.target as HTMLElement).closest?.(".letter-editor")) return;
          bump();
        }}
        onSubmit={() => {
          // Saving by hand replaces a pending autosave (the save posts the same text). Leaving is not
          // allowed here: a refused save keeps the page, and its unsaved text must still be guarded.
          if (timer.current) clearTimeout(timer.current);
          timer.current = null;
        }}
      >
        <input type="hidden" name="revision" value={revision} />
        {conflict ? <input type="hidden" name="conflictRevision" value={conflict.revision} /> : null}
        <LetterDetailsFields values={letter} errors={errors} campaigns={campaigns} />
        <label id="body-label">{t("letter.field.body")}</label>
        <LetterEditor
          name="bodyJson"
          initialJson={letter.draftJson as unknown as string | null}
          ariaLabelledBy="body-label"
          onDirtyChange={onDirtyChange}
          onChangeJson={onChangeJson}
        />
        {errors.body ? <p className="field-error">{t("letter.error.body", { message: errors.body })}</p> : null}
        <p
          className={`autosave-status muted${unsaved ? " unsaved" : ""}`}
          role="status"
          aria-live="polite"
          data-state={conflict ? "conflict" : saving ? "saving" : unsaved ? "unsaved" : "saved"}
        >
          {status}
        </p>
        <div className="actions">
          <button type="submit" name="intent" value="save" disabled={busy || saving}>
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
            <button type="submit" name="intent" value="publish" className="secondary" disabled={busy || saving}>
              {t("letter.publish")}
            </button>
          </div>
        </fieldset>
      </Form>
      {blocker.state === "blocked" ? (
        <div className="card" role="alertdialog" aria-modal="false" aria-labelledby="leave-title">
          <p id="leave-title">
            <strong>{t("draft.leave.confirm")}</strong>
          </p>
          <div className="actions">
            <button type="button" onClick={() => blocker.reset()} autoFocus>
              {t("draft.leave.stay")}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                allowLeave.current = true;
                blocker.proceed();
              }}
            >
              {t("draft.leave.go")}
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}
