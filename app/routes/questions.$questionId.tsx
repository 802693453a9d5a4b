/** One question of the office's register: facts, clock, authors and supporters, EP links, letters; follow, dates. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { EU_LANGUAGES } from "#app/i18n/locales";
import { getDb } from "#app/infra/db.server";
import { requireUuid } from "#app/infra/ids";
import { CAN_TRACK, requireRole, requireUser } from "#app/web/session.server";
import { formError, notFound, zodFieldErrors, readForm } from "#app/web/http.server";
import { questionDetail, setFollowing, updateQuestionDates } from "#app/services/questions.server";
import { Field, FormAlert } from "#app/components/field";
import { QuestionClockExplained, QuestionStateBadge } from "#app/components/question-state";
import { QuestionDatesSchema } from "#app/domain/question-forms";
import { answerUrl, questionUrl, type QuestionType } from "#app/domain/question-reference";
import { questionListState } from "#app/domain/question-clock";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.question.reference ?? "Question"} · Undersigned` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireUuid(params.questionId);
  const ctx = await requireUser(request);
  const d = await questionDetail(await getDb(), { id, officeId: ctx.office.id });
  if (!d) throw notFound();
  const q = d.question;
  return {
    question: {
      id: q.id,
      type: q.type as QuestionType,
      number: q.number,
      year: q.year,
      term: q.term,
      reference: q.reference,
      documentId: q.documentId,
      title: q.title,
      body: q.body,
      addressee: q.addressee,
      addresseeCodes: q.addresseeCodes ?? [],
      tabledOn: q.tabledOn,
      forwardedOn: q.forwardedOn,
      answeredOn: q.answeredOn,
      answerDocumentId: q.answerDocumentId,
      answerText: q.answerText,
      answerUrl: q.answerUrl,
      source: q.source,
      followed: q.followed,
    },
    clock: d.clock,
    participants: d.participants,
    letters: d.letters,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = requireUuid(params.questionId);
  const ctx = await requireRole(request, CAN_TRACK);
  const actor = { userId: ctx.user.id, officeId: ctx.office.id };
  const form = await readForm(request, { long: ["answerText"] });
  const intent = form.get("intent");
  const db = await getDb();
  if (intent === "follow" || intent === "unfollow") {
    const r = await setFollowing(db, actor, id, intent === "follow");
    if (!r.ok) throw notFound();
    return { ok: true as const, intent, fieldErrors: {} as Record<string, string> };
  }
  if (intent === "dates") {
    const p = QuestionDatesSchema.safeParse({
      forwardedOn: form.get("forwardedOn") ?? "",
      answeredOn: form.get("answeredOn") ?? "",
      answerText: form.get("answerText") ?? "",
      answerUrl: form.get("answerUrl") ?? "",
    });
    if (!p.success) return formError(zodFieldErrors(p.error.issues), 400, { intent });
    const r = await updateQuestionDates(db, actor, id, p.data);
    if (!r.ok && r.error === "not-found") throw notFound();
    if (!r.ok) return formError({ answeredOn: r.error }, 400, { intent });
    return { ok: true as const, intent, fieldErrors: {} as Record<string, string> };
  }
  return data({ ok: false as const, fieldErrors: { form: "error.forbidden" } }, { status: 400 });
}

export default function QuestionPage() {
  const { question: q, clock, participants, letters } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const errors = (result?.fieldErrors ?? {}) as Record<string, string>;
  const language = EU_LANGUAGES.find((l) => l.code === locale)?.code ?? "en";
  const qUrl = questionUrl(q, language);
  const aUrl = answerUrl(q, language);
  const added = search.get("added");
  const authors = participants.filter((p) => p.role === "author");
  const supporters = participants.filter((p) => p.role === "supporter");
  return (
    <>
      <p>
        <Link to="/questions">← {t("question.register.title")}</Link>
      </p>
      {added === "new" || added === "known" ? (
        <FormAlert kind="ok" message={t(`question.detail.added.${added}`)} />
      ) : null}
      {result?.ok && result.intent === "dates" ? <FormAlert kind="ok" message={t("question.detail.saved")} /> : null}
      <h1>
        {q.reference} {q.title ? `· ${q.title}` : ""}
      </h1>
      <p>
        <QuestionStateBadge state={questionListState(clock)} clock={clock} />
      </p>
      <QuestionClockExplained clock={clock} />

      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title">{t("question.detail.facts")}</h2>
        <dl>
          <dt>{t("question.detail.type")}</dt>
          <dd>{t(`question.type.${q.type}` as MessageKey)}</dd>
          <dt>{t("question.detail.term")}</dt>
          <dd>{t("question.field.term.n", { n: q.term })}</dd>
          <dt>{t("question.detail.documentId")}</dt>
          <dd>{q.documentId}</dd>
          <dt>{t("question.field.addressee")}</dt>
          <dd>
            {q.addressee
              ? t(`question.addressee.${q.addressee}` as MessageKey)
              : q.addresseeCodes.join(", ") || t("question.field.addressee.unknown")}
          </dd>
          <dt>{t("question.field.tabledOn")}</dt>
          <dd>{formatDate(locale, q.tabledOn)}</dd>
          <dt>{t("question.field.forwardedOn")}</dt>
          <dd>{formatDate(locale, q.forwardedOn)}</dd>
          <dt>{t("question.detail.answeredOn")}</dt>
          <dd>{q.answeredOn ? formatDate(locale, q.answeredOn) : q.answerDocumentId ? q.answerDocumentId : "—"}</dd>
          <dt>{t("question.detail.authors")}</dt>
          <dd>
            {authors.map((p) => p.name + (p.group ? ` (${p.group})` : "")).join(", ") || t("question.detail.none")}
          </dd>
          <dt>{t("question.detail.supporters")}</dt>
          <dd>{supporters.map((p) => p.name).join(", ") || t("question.detail.none")}</dd>
        </dl>
        <p className="muted">{t(`question.detail.source.${q.source}`)}</p>
        {q.body ? <p style={{ whiteSpace: "pre-wrap" }}>{q.body}</p> : null}
        {q.answerText ? (
          <>
            <h3>{t("question.detail.answer")}</h3>
            <p style={{ whiteSpace: "pre-wrap" }}>{q.answerText}</p>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="links-title">
        <h2 id="links-title">{t("question.detail.links")}</h2>
        <ul>
          {qUrl.ok ? (
            <li>
              <a href={qUrl.value} rel="noreferrer">
                {t("question.detail.questionPage", { language: language.toUpperCase() })}
              </a>
            </li>
          ) : null}
          {(q.answeredOn || q.answerDocumentId) && aUrl.ok ? (
            <li>
              <a href={aUrl.value} rel="noreferrer">
                {t("question.detail.answerPage", { language: language.toUpperCase() })}
              </a>
            </li>
          ) : null}
          {q.answerUrl ? (
            <li>
              <a href={q.answerUrl} rel="noreferrer">
                {t("question.detail.answerLink")}
              </a>
            </li>
          ) : null}
        </ul>
      </section>

      {letters.length ? (
        <section className="card" aria-labelledby="letters-title">
          <h2 id="letters-title">{t("question.detail.letters")}</h2>
          <ul>
            {letters.map((l) => (
              <li key={l.letterId}>
                <Link to={`/letters/${l.letterId}`}>{l.subject}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Form method="post" className="card">
        {q.followed ? <p>{t("question.detail.following")}</p> : null}
        <input type="hidden" name="intent" value={q.followed ? "unfollow" : "follow"} />
        <button type="submit">{q.followed ? t("question.detail.unfollow") : t("question.detail.follow")}</button>
      </Form>

      <Form method="post" className="card" noValidate>
        <h2>{t("question.detail.dates")}</h2>
        <input type="hidden" name="intent" value="dates" />
        {Object.keys(errors).length ? <FormAlert message={t("form.fixErrors")} /> : null}
        <Field
          id="forwardedOn"
          label={t("question.field.forwardedOn")}
          hint={t("question.field.forwardedOn.hint")}
          error={errors.forwardedOn}
        >
          {(a) => <input {...a} name="forwardedOn" type="date" defaultValue={q.forwardedOn ?? ""} />}
        </Field>
        <Field id="answeredOn" label={t("question.detail.answeredOn")} error={errors.answeredOn}>
          {(a) => <input {...a} name="answeredOn" type="date" defaultValue={q.answeredOn ?? ""} />}
        </Field>
        <Field id="answerUrl" label={t("question.detail.answerUrl")} error={errors.answerUrl}>
          {(a) => <input {...a} name="answerUrl" type="url" defaultValue={q.answerUrl ?? ""} />}
        </Field>
        <Field id="answerText" label={t("question.detail.answerText")} error={errors.answerText}>
          {(a) => <textarea {...a} name="answerText" rows={4} defaultValue={q.answerText ?? ""} />}
        </Field>
        <div className="actions">
          <button type="submit">{t("question.detail.saveDates")}</button>
        </div>
      </Form>
    </>
  );
}
