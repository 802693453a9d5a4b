/**
 * A new question draft. With ?letter=<id> (from a sent letter that went unanswered) it starts from the
 * letter's subject, addressee, reference and date, and stays linked to the letter.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { isUuid } from "#app/infra/ids";
import { CAN_DRAFT, requireRole } from "#app/web/session.server";
import { notFound, zodFieldErrors, readForm } from "#app/web/http.server";
import { authorChoices, draftPrefillFromLetter, saveDraft } from "#app/services/questions.server";
import { replyNow } from "#app/services/replies.server";
import { QuestionDraftForm, type DraftValues } from "#app/components/question-draft-form";
import { draftInputFrom } from "#app/domain/question-forms";
import { formClaim, newFormKey, userScope } from "#app/web/form-key.server";
import { once } from "#app/models/form-submissions.server";

export const meta: MetaFunction = () => [{ title: "Draft a question · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireRole(request, CAN_DRAFT);
  const db = await getDb();
  const letterParam = new URL(request.url).searchParams.get("letter");
  let fromLetter = null;
  if (letterParam) {
    if (!isUuid(letterParam)) throw notFound();
    fromLetter = await draftPrefillFromLetter(
      db,
      { letterId: letterParam.toLowerCase(), officeId: ctx.office.id },
      await replyNow(db),
    );
    if (!fromLetter) throw notFound();
  }
  return { fromLetter, ...(await authorChoices(db, ctx.office.id)), formKey: newFormKey() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireRole(request, CAN_DRAFT);
  const form = await readForm(request, { long: ["body"] });
  const p = draftInputFrom(form);
  if (!p.success) return data({ ok: false, fieldErrors: zodFieldErrors(p.error.issues) }, { status: 400 });
  if (p.data.letterId && !isUuid(p.data.letterId)) throw notFound();
  const actor = { userId: ctx.user.id, officeId: ctx.office.id };
  const claim = formClaim(form, userScope(ctx.user.id), "questions/drafts/new");
  const db = await getDb();
  const r = await db.transaction((tx) =>
    once(tx, claim, () =>
      saveDraft(tx, actor, null, p.data).then((x) => (x.ok ? { ok: true as const, draftId: x.draft.id } : x)),
    ),
  );
  if (!r.ok) throw notFound();
  return redirect(`/questions/drafts/${r.draftId}?saved=1`);
}

export default function NewDraftPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const l = d.fromLetter;
  const institution = l ? t(`question.addressee.${l.addressee as "commission"}`) : "";
  const values: DraftValues = {
    authorMepId: d.officeMepId ? String(d.officeMepId) : "",
    type: "E",
    addressee: l?.addressee ?? "commission",
    title: l?.subject ?? "",
    body: l
      ? t("question.draft.fromLetter.body", {
          date: formatDate(locale, l.sentOn),
          addressees: l.addresseeNames,
          subject: l.subject,
          reference: l.ourReference ? t("question.draft.fromLetter.reference", { reference: l.ourReference }) : "",
          institution,
        })
      : "",
    ongoingProcedure: false,
    letterId: l?.letterId ?? "",
  };
  return (
    <>
      <p>
        <Link to="/questions">← {t("question.register.title")}</Link>
      </p>
      <h1>{t("question.draft.title")}</h1>
      {l ? (
        <p>
          {t("question.draft.fromLetter", {
            subject: l.subject,
            date: formatDate(locale, l.sentOn),
            addressees: l.addresseeNames,
          })}{" "}
          <Link to={`/letters/${l.letterId}`}>{l.subject}</Link>
        </p>
      ) : null}
      {l && !l.overdue ? <p className="hint">{t("question.draft.fromLetter.overdueOnly")}</p> : null}
      <QuestionDraftForm
        values={values}
        errors={(result?.fieldErrors ?? {}) as Record<string, string>}
        members={d.members}
        formKey={d.formKey}
      />
    </>
  );
}
