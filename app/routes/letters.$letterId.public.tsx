/**
 * The office publishes a sent letter (issue 14): an embargo date and time (Brussels), the replies to show, then
 * the address of the public page; it can change either later, or withdraw the page (it answers 404 again).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_TRACK } from "#app/web/session.server";
import { formError, notFound, readForm } from "#app/web/http.server";
import { isUuid } from "#app/infra/ids";
import { publicationForOffice, publishLetter, unpublishLetter } from "#app/services/publications.server";
import { brusselsLocalToUtc, utcToBrusselsLocal } from "#app/domain/brussels-time";
import { Field, FormAlert } from "#app/components/field";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.letter.subject ?? "Letter"} · Public page · Undersigned` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, letter, ctx } = await requireLetter(request, params, CAN_TRACK);
  const view = await publicationForOffice(db, { letterId: letter.id, officeId: ctx.office.id });
  return {
    letter: { id: letter.id, subject: letter.subject },
    ...view,
    embargoLocal: utcToBrusselsLocal(view.publication?.embargoUntil ?? new Date()),
  };
}

type ActionResult = { ok: true; message: MessageKey } | { ok: false; fieldErrors: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, letter, actor } = await requireLetter(request, params, CAN_TRACK);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "publish") {
    const embargoUntil = brusselsLocalToUtc(String(form.get("embargo") ?? ""));
    if (!embargoUntil) return formError({ embargo: "public.error.embargo" });
    const replyIds = form.getAll("replyId").map(String);
    if (replyIds.length > 500 || !replyIds.every(isUuid)) return formError({ replies: "public.error.reply" });
    const r = await db.transaction((tx) => publishLetter(tx, actor, { letterId: letter.id, embargoUntil, replyIds }));
    if (!r.ok) {
      if (r.error === "not-found") throw notFound();
      return r.error === "not-sent"
        ? formError({ form: "public.error.notSent" }, 409)
        : formError({ replies: "public.error.reply" });
    }
    return data<ActionResult>({ ok: true, message: "public.saved" });
  }
  if (intent === "withdraw") {
    const done = await db.transaction((tx) => unpublishLetter(tx, actor, letter.id));
    if (!done) return formError({ form: "public.error.none" }, 409);
    return data<ActionResult>({ ok: true, message: "public.withdrawn" });
  }
  return formError({ form: "form.error.broken" });
}

export default function LetterPublicPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  const errors = result && !result.ok ? result.fieldErrors : {};
  const when = d.publication
    ? formatDate(locale, d.publication.embargoUntil, { dateStyle: "long", timeStyle: "short" })
    : "";
  return (
    <>
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("public.title")}</h1>
      <p className="hint">{t("public.help")}</p>
      {result?.ok ? <FormAlert kind="ok" message={t(result.message)} /> : null}
      {errors.form ? <FormAlert message={t(errors.form as MessageKey)} /> : null}
      <p data-testid="public-state">{t(`public.state.${d.state}` as MessageKey, { date: when })}</p>
      {d.publication && d.state !== "withdrawn" ? (
        <p>
          {t("public.address")}: <a href={d.publication.path}>{d.publication.url}</a>
        </p>
      ) : null}
      {d.sent ? (
        <>
          <Form method="post" className="card" noValidate>
            <input type="hidden" name="intent" value="publish" />
            <Field id="embargo" label={t("public.field.embargo")} error={errors.embargo}>
              {(a) => <input {...a} name="embargo" type="datetime-local" required defaultValue={d.embargoLocal} />}
            </Field>
            <fieldset aria-describedby={errors.replies ? "replies-error" : undefined}>
              <legend>{t("public.field.replies")}</legend>
              {d.replies.length ? (
                d.replies.map((r) => (
                  <label key={r.id} className="check">
                    <input
                      type="checkbox"
                      name="replyId"
                      value={r.id}
                      defaultChecked={d.publication?.replyIds.includes(r.id) ?? false}
                    />{" "}
                    {formatDate(locale, `${r.receivedOn}T12:00:00Z`)} · {r.senderName} ·{" "}
                    {t(`replies.kind.${r.kind}` as MessageKey)}
                  </label>
                ))
              ) : (
                <p className="muted">{t("public.noReplies")}</p>
              )}
              {errors.replies ? (
                <p id="replies-error" className="field-error">
                  {t(errors.replies as MessageKey)}
                </p>
              ) : null}
            </fieldset>
            <div className="actions">
              <button type="submit">{t(d.publication ? "public.update" : "public.publish")}</button>
            </div>
          </Form>
          {d.publication && d.state !== "withdrawn" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <button type="submit" className="secondary">
                {t("public.withdraw")}
              </button>
            </Form>
          ) : null}
        </>
      ) : (
        <p>{t("public.error.notSent")}</p>
      )}
    </>
  );
}
