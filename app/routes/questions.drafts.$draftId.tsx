/** A question draft: edit it, see the Annex III warnings and the author's quota, and mark it tabled. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { isUuid, requireUuid } from "#app/infra/ids";
import { CAN_DRAFT, requireRole } from "#app/web/session.server";
import { formError, notFound, zodFieldErrors, readForm } from "#app/web/http.server";
import { authorChoices, draftView, saveDraft, tableDraft } from "#app/services/questions.server";
import { Field, FormAlert } from "#app/components/field";
import { QuestionDraftForm } from "#app/components/question-draft-form";
import { QuotaSummary } from "#app/components/question-quota";
import { draftInputFrom, TableDraftSchema } from "#app/domain/question-forms";
import { countSubQuestions, countWords } from "#app/domain/question-drafting";

export const meta: MetaFunction = () => [{ title: "Question draft · Undersigned" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireUuid(params.draftId);
  const ctx = await requireRole(request, CAN_DRAFT);
  const db = await getDb();
  const view = await draftView(db, { id, officeId: ctx.office.id });
  if (!view) throw notFound();
  if (view.draft.status === "tabled" && view.draft.questionId) throw redirect(`/questions/${view.draft.questionId}`);
  return { ...view, ...(await authorChoices(db, ctx.office.id)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = requireUuid(params.draftId);
  const ctx = await requireRole(request, CAN_DRAFT);
  const actor = { userId: ctx.user.id, officeId: ctx.office.id };
  const form = await readForm(request, { long: ["body"] });
  const intent = form.get("intent");
  const db = await getDb();
  if (intent === "save") {
    const p = draftInputFrom(form);
    if (!p.success) return formError(zodFieldErrors(p.error.issues), 400, { intent });
    if (p.data.letterId && !isUuid(p.data.letterId)) throw notFound();
    const r = await saveDraft(db, actor, id, p.data);
    if (!r.ok) throw notFound();
    return redirect(`/questions/drafts/${id}?saved=1`);
  }
  if (intent === "table") {
    const p = TableDraftSchema.safeParse({
      reference: form.get("reference") ?? "",
      tabledOn: form.get("tabledOn") ?? "",
      term: form.get("term") ?? "",
    });
    if (!p.success) return formError(zodFieldErrors(p.error.issues), 400, { intent });
    const r = await tableDraft(db, actor, id, p.data);
    if (!r.ok) {
      if (r.fieldErrors.form) throw notFound();
      return formError(r.fieldErrors, 400, { intent, suggestion: r.suggestion ?? null, terms: r.terms ?? null });
    }
    return redirect(`/questions/${r.questionId}?added=new`);
  }
  return data({ ok: false as const, fieldErrors: { form: "error.forbidden" } }, { status: 400 });
}

export default function DraftPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    | {
        ok: false;
        intent?: string;
        fieldErrors: Record<string, string>;
        suggestion?: string | null;
        terms?: number[] | null;
      }
    | undefined;
  const [search] = useSearchParams();
  const t = useT();
  const x = d.draft;
  const saveErrors = result?.intent === "save" ? result.fieldErrors : {};
  const tableErrors = result?.intent === "table" ? result.fieldErrors : {};
  const suggestion = result?.intent === "table" ? (result.suggestion ?? null) : null;
  return (
    <>
      <p>
        <Link to="/questions">← {t("question.register.title")}</Link>
      </p>
      <h1>{t("question.draft.editTitle", { title: x.title })}</h1>
      {search.get("saved") ? <FormAlert kind="ok" message={t("question.draft.saved")} /> : null}
      {d.letter ? (
        <p>
          {t("question.detail.letter")}: <Link to={`/letters/${d.letter.id}`}>{d.letter.subject}</Link>
        </p>
      ) : null}
      <p className="muted">
        {t("question.draft.words", { words: countWords(x.body), subs: countSubQuestions(x.body) })}
      </p>
      {d.warnings.length ? (
        <section className="card" aria-labelledby="warnings-title">
          <h2 id="warnings-title">{t("question.draft.warnings")}</h2>
          <ul>
            {d.warnings.map((w) => (
              <li key={w.key} className="alert warn">
                {t(w.key, w.vars)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="quota-title">
        <h2 id="quota-title">{t("question.draft.quota")}</h2>
        {d.quota ? <QuotaSummary plan={d.quota} /> : <p>{t("question.quota.noAuthor")}</p>}
      </section>
      <QuestionDraftForm
        values={{
          authorMepId: x.authorMepId ? String(x.authorMepId) : "",
          type: x.type,
          addressee: x.addressee,
          title: x.title,
          body: x.body,
          ongoingProcedure: x.ongoingProcedure,
          letterId: x.letterId ?? "",
        }}
        errors={saveErrors}
        members={d.members}
      />
      <Form method="post" className="card" noValidate key={suggestion ?? "table"}>
        <h2>{t("question.draft.table")}</h2>
        <p className="hint">{t("question.draft.table.hint")}</p>
        <input type="hidden" name="intent" value="table" />
        {suggestion ? <FormAlert kind="warn" message={t("question.error.shortForm", { suggestion })} /> : null}
        <Field id="reference" label={t("question.field.reference")} error={suggestion ? null : tableErrors.reference}>
          {(a) => <input {...a} name="reference" type="text" required defaultValue={suggestion ?? ""} />}
        </Field>
        <Field id="tabledOn" label={t("question.field.tabledOn")} error={tableErrors.tabledOn}>
          {(a) => <input {...a} name="tabledOn" type="date" required />}
        </Field>
        {tableErrors.term ? (
          <Field id="term" label={t("question.field.term")} error={tableErrors.term}>
            {(a) => (
              <select {...a} name="term">
                {(result?.terms ?? [9, 10]).map((n) => (
                  <option key={n} value={n}>
                    {t("question.field.term.n", { n })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <div className="actions">
          <button type="submit">{t("question.draft.table.submit")}</button>
        </div>
      </Form>
    </>
  );
}
