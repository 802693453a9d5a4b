/**
 * The office's register of parliamentary questions: states and deadlines, overdue ones first (until the
 * dashboard shows them), the Member's quota, drafts, and a form to add a question by its reference.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { CAN_TRACK, requireRole, requireUser } from "#app/web/session.server";
import { zodFieldErrors, readForm } from "#app/web/http.server";
import { addToRegister, bodyQuotaPlans, quotaPlanFor, registerView } from "#app/services/questions.server";
import { listDrafts } from "#app/models/questions.server";
import { Field, FormAlert } from "#app/components/field";
import { QuestionStateBadge } from "#app/components/question-state";
import { QuotaSummary } from "#app/components/question-quota";
import { RegisterQuestionSchema } from "#app/domain/question-forms";
import { ADDRESSEES } from "#app/domain/question-addressees";
import type { QuestionListState } from "#app/domain/question-clock";

export const meta: MetaFunction = () => [{ title: "Questions · Undersigned" }];

const STATES: QuestionListState[] = [
  "overdue",
  "due-soon",
  "awaiting",
  "answered-late",
  "answered-on-time",
  "answered",
  "no-deadline",
];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const db = await getDb();
  const url = new URL(request.url);
  const state = STATES.find((s) => s === url.searchParams.get("state")) ?? null;
  const view = await registerView(db, ctx.office.id);
  const [quota, bodyQuotas, drafts] = await Promise.all([
    view.mepId ? quotaPlanFor(db, view.mepId) : null,
    bodyQuotaPlans(db, view.authorBodies),
    listDrafts(db, ctx.office.id),
  ]);
  return {
    state,
    overdue: view.questions.filter((q) => q.state === "overdue"),
    questions: state ? view.questions.filter((q) => q.state === state) : view.questions,
    hasMember: view.mepId !== null,
    quota,
    bodyQuotas,
    drafts: drafts.map((d) => ({ id: d.id, title: d.title, type: d.type, updatedAt: d.updatedAt })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireRole(request, CAN_TRACK);
  const form = await readForm(request);
  const values = Object.fromEntries(
    ["reference", "term", "title", "addressee", "tabledOn", "forwardedOn", "ourRole"].map((k) => [
      k,
      String(form.get(k) ?? ""),
    ]),
  );
  const p = RegisterQuestionSchema.safeParse({ ...values, ourRole: values.ourRole || "none" });
  if (!p.success) return data({ ok: false, fieldErrors: zodFieldErrors(p.error.issues), values }, { status: 400 });
  const r = await addToRegister(await getDb(), { userId: ctx.user.id, officeId: ctx.office.id }, p.data);
  if (!r.ok)
    return data(
      {
        ok: false,
        fieldErrors: r.fieldErrors,
        values: { ...values, reference: r.suggestion ?? values.reference },
        suggestion: r.suggestion ?? null,
        terms: r.terms ?? null,
      },
      { status: 400 },
    );
  return redirect(`/questions/${r.questionId}?added=${r.created ? "new" : "known"}`);
}

export default function QuestionsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errors = (result?.fieldErrors ?? {}) as Record<string, string>;
  const values = (result && "values" in result ? result.values : {}) as Record<string, string>;
  const suggestion = result && "suggestion" in result ? result.suggestion : null;
  const terms = result && "terms" in result ? result.terms : null;
  return (
    <>
      <h1>{t("question.register.title")}</h1>
      <p>{t("question.register.intro")}</p>
      <p>
        <Link to="/questions/drafts/new">{t("question.draft.new")}</Link> ·{" "}
        <a href="/exports/questions.csv" download>
          {t("exports.questions")}
        </a>
      </p>

      {d.overdue.length ? (
        <section className="card" aria-labelledby="overdue-title">
          <h2 id="overdue-title">{t("question.register.overdue")}</h2>
          <p className="hint">{t("question.register.overdueNote")}</p>
          <ul>
            {d.overdue.map((q) => (
              <li key={q.id}>
                <Link to={q.id}>{q.reference}</Link> {q.title ? `· ${q.title} ` : ""}
                <QuestionStateBadge state={q.state} clock={q.clock} />
              </li>
            ))}
          </ul>
          <p className="hint">{t("question.clock.committeeNote")}</p>
        </section>
      ) : null}

      {d.quota ? (
        <section className="card" aria-labelledby="quota-title">
          <h2 id="quota-title">{t("question.quota.title")}</h2>
          <QuotaSummary plan={d.quota} />
        </section>
      ) : null}

      {d.bodyQuotas.length ? (
        <section className="card" aria-labelledby="body-quota-title">
          <h2 id="body-quota-title">{t("question.quota.bodies.title")}</h2>
          <p className="hint">{t("question.quota.bodies.hint")}</p>
          {d.bodyQuotas.map((b) => (
            <section key={b.code} aria-label={b.name}>
              <h3>{b.name}</h3>
              <QuotaSummary plan={b.plan} />
            </section>
          ))}
        </section>
      ) : null}

      {d.drafts.length ? (
        <section className="card" aria-labelledby="drafts-title">
          <h2 id="drafts-title">{t("question.draft.list")}</h2>
          <ul>
            {d.drafts.map((x) => (
              <li key={x.id}>
                <Link to={`drafts/${x.id}`}>{x.title}</Link>{" "}
                <span className="muted">({t(`question.type.${x.type}` as MessageKey)})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Form method="get" className="inline-form">
        <label htmlFor="state">{t("question.register.filter")}</label>{" "}
        <select id="state" name="state" defaultValue={d.state ?? ""}>
          <option value="">{t("question.register.filter.all")}</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(`question.filter.${s}` as MessageKey)}
            </option>
          ))}
        </select>{" "}
        <button type="submit">{t("question.register.filter.apply")}</button>
      </Form>

      {d.questions.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("question.register.reference")}</th>
                <th scope="col">{t("question.register.titleCol")}</th>
                <th scope="col">{t("question.register.addressee")}</th>
                <th scope="col">{t("question.register.authors")}</th>
                <th scope="col">{t("question.register.tabled")}</th>
                <th scope="col">{t("question.register.state")}</th>
              </tr>
            </thead>
            <tbody>
              {d.questions.map((q) => (
                <tr key={q.id}>
                  <td>
                    <Link to={q.id}>{q.reference}</Link>
                    {q.type === "H" ? <div className="muted">{t("question.type.H")}</div> : null}
                  </td>
                  <td>{q.title ?? "—"}</td>
                  <td>{q.addressee ? t(`question.addressee.${q.addressee}` as MessageKey) : "—"}</td>
                  <td>
                    {q.participants
                      .filter((p) => p.role === "author")
                      .map((p) => p.name)
                      .join(", ") || "—"}
                    {q.roles.length || q.followed ? (
                      <div className="muted">
                        {[
                          ...q.roles.map((r) => t(`question.register.role.${r}` as MessageKey)),
                          ...(q.followed && !q.roles.length ? [t("question.register.role.followed")] : []),
                        ].join(", ")}
                      </div>
                    ) : null}
                  </td>
                  <td>{formatDate(locale, q.tabledOn)}</td>
                  <td>
                    <QuestionStateBadge state={q.state} clock={q.clock} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("question.register.empty")}</p>
      )}

      <Form method="post" className="card" noValidate key={JSON.stringify(values)}>
        <h2>{t("question.register.add")}</h2>
        <p className="hint">{t("question.register.add.hint")}</p>
        {suggestion ? (
          <FormAlert kind="warn" message={t("question.error.shortForm", { suggestion })} />
        ) : Object.keys(errors).length ? (
          <FormAlert message={t("form.fixErrors")} />
        ) : null}
        <Field id="reference" label={t("question.field.reference")} error={suggestion ? null : errors.reference}>
          {(a) => <input {...a} name="reference" type="text" required defaultValue={values.reference ?? ""} />}
        </Field>
        <Field id="term" label={t("question.field.term")} hint={t("question.field.term.hint")} error={errors.term}>
          {(a) => (
            <select {...a} name="term" defaultValue={values.term ?? ""}>
              <option value="">{t("question.field.term.none")}</option>
              {(terms ?? [8, 9, 10]).map((n) => (
                <option key={n} value={n}>
                  {t("question.field.term.n", { n })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="title" label={t("question.field.title")} error={errors.title}>
          {(a) => <input {...a} name="title" type="text" maxLength={300} defaultValue={values.title ?? ""} />}
        </Field>
        <Field id="addressee" label={t("question.field.addressee")} error={errors.addressee}>
          {(a) => (
            <select {...a} name="addressee" defaultValue={values.addressee ?? ""}>
              <option value="">{t("question.field.addressee.unknown")}</option>
              {ADDRESSEES.map((x) => (
                <option key={x} value={x}>
                  {t(`question.addressee.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="tabledOn" label={t("question.field.tabledOn")} error={errors.tabledOn}>
          {(a) => <input {...a} name="tabledOn" type="date" defaultValue={values.tabledOn ?? ""} />}
        </Field>
        <Field
          id="forwardedOn"
          label={t("question.field.forwardedOn")}
          hint={t("question.field.forwardedOn.hint")}
          error={errors.forwardedOn}
        >
          {(a) => <input {...a} name="forwardedOn" type="date" defaultValue={values.forwardedOn ?? ""} />}
        </Field>
        {d.hasMember ? (
          <fieldset className="field">
            <legend>{t("question.field.ourRole")}</legend>
            {(["author", "supporter", "none"] as const).map((r) => (
              <label key={r}>
                <input type="radio" name="ourRole" value={r} defaultChecked={(values.ourRole || "none") === r} />{" "}
                {t(`question.field.ourRole.${r}`)}
              </label>
            ))}
          </fieldset>
        ) : null}
        <div className="actions">
          <button type="submit">{t("question.register.submit")}</button>
        </div>
      </Form>
    </>
  );
}
