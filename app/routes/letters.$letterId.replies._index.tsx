/**
 * A letter's replies: the per-addressee matrix, the letter's reply clock, every reply logged, and
 * the form to log one (with the reply as a PDF or .docx). Works without JavaScript.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { readReplyForm } from "#app/web/reply-upload.server";
import { formError } from "#app/web/http.server";
import { listAddressees } from "#app/models/letters.server";
import { getOfficeClock, listLetterReplies } from "#app/models/replies.server";
import {
  letterReplyMatrix,
  logReply,
  markNotExpected,
  matrixRowView,
  replyNow,
  setLetterReplyClock,
} from "#app/services/replies.server";
import { ClockFormSchema, replyFormFields } from "#app/domain/reply-forms";
import { REPLY_FILE_MAX_BYTES } from "#app/domain/reply-kinds";
import { effectiveClock, toIsoDate } from "#app/domain/reply-clock";
import { isUuid } from "#app/infra/ids";
import { Field, FormAlert } from "#app/components/field";
import { ReplyMatrix } from "#app/components/reply-matrix";
import { ReplyFields } from "#app/components/reply-fields";
import { FormKey } from "#app/components/form-key";
import { formClaim, newFormKey, userScope } from "#app/web/form-key.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.letter.subject ?? "Letter"} · Replies · Undersigned` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params);
  const now = await replyNow(db);
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  const [matrix, replies, addressees, officeClock] = await Promise.all([
    letterReplyMatrix(db, { ...scope, now }),
    listLetterReplies(db, scope),
    listAddressees(db, scope),
    getOfficeClock(db, { officeId: ctx.office.id }),
  ]);
  const preselect = new URL(request.url).searchParams.get("addresseeId");
  return {
    letter: { id: letter.id, subject: letter.subject, status: letter.status, sentAt: letter.sentAt },
    today: toIsoDate(now),
    matrix: matrix.map(matrixRowView),
    replies: replies.map((r) => ({
      id: r.id,
      kind: r.kind,
      receivedOn: r.receivedOn,
      senderName: r.senderName,
      senderRole: r.senderRole,
      onBehalfOf: r.onBehalfOf,
      theirReference: r.theirReference,
      referredToName: r.referredToName,
      revision: r.revision,
      addresseeIds: r.addresseeIds,
      file: r.file ? { filename: r.file.filename, byteSize: r.file.byteSize } : null,
    })),
    addressees: addressees.filter((a) => a.kind === "to").map((a) => ({ id: a.id, name: a.name, role: a.role })),
    preselect: isUuid(preselect) ? preselect : null,
    officeClock,
    letterClock: {
      dueDays: letter.replyDueDays,
      veryOverdueDays: letter.replyVeryOverdueDays,
      dayKind: letter.replyDayKind,
    },
    clock: effectiveClock(officeClock, {
      dueDays: letter.replyDueDays,
      veryOverdueDays: letter.replyVeryOverdueDays,
      dayKind: letter.replyDayKind,
    }),
    maxMb: REPLY_FILE_MAX_BYTES / 1024 / 1024,
    formKey: newFormKey(),
  };
}

type ActionResult =
  | { ok: true; intent: string; message: MessageKey }
  | { ok: false; intent: string; fieldErrors: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, letter, actor } = await requireLetter(request, params);
  const read = await readReplyForm(request);
  if (!read.ok)
    return data<ActionResult>(
      {
        ok: false,
        intent: "log",
        fieldErrors: { file: "replies.file.tooLarge" },
      },
      { status: read.status },
    );
  const { form, file } = read;
  const intent = String(form.get("intent") ?? "");
  if (intent === "log") {
    const claim = formClaim(form, userScope(actor.userId), `letters/${letter.id}/replies/log`);
    const r = await logReply(db, actor, { letterId: letter.id, form: replyFormFields(form), file, claim });
    if (!r.ok) return data<ActionResult>({ ok: false, intent, fieldErrors: r.fieldErrors }, { status: r.status });
    return data<ActionResult>({ ok: true, intent, message: "replies.logged" });
  }
  if (intent === "clock" || intent === "clock-reset") {
    let clock = null;
    if (intent === "clock") {
      const parsed = ClockFormSchema.safeParse({
        dueDays: form.get("dueDays"),
        veryOverdueDays: form.get("veryOverdueDays"),
        dayKind: form.get("dayKind"),
      });
      if (!parsed.success) return formError({ dueDays: "replies.error.clock" }, 400, { ok: false, intent });
      clock = parsed.data;
    }
    await setLetterReplyClock(db, actor, { letterId: letter.id, clock });
    return data<ActionResult>({ ok: true, intent, message: "replies.clock.saved" });
  }
  if (intent === "not-expected" || intent === "expected") {
    const addresseeId = String(form.get("addresseeId") ?? "");
    if (!isUuid(addresseeId)) return formError({ form: "replies.error.addressees" }, 400, { ok: false, intent });
    const r = await markNotExpected(db, actor, { letterId: letter.id, addresseeId, on: intent === "not-expected" });
    if (!r.ok) return formError({ form: "replies.error.addressees" }, 400, { ok: false, intent });
    return data<ActionResult>({
      ok: true,
      intent,
      message: intent === "not-expected" ? "replies.notExpected.saved" : "replies.expected.saved",
    });
  }
  return formError({ form: "replies.error.form" }, 400, { ok: false, intent });
}

export default function LetterReplies() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  const errors = result && !result.ok ? result.fieldErrors : {};
  const logErrors = result && !result.ok && result.intent === "log" ? errors : {};
  const names = new Map(d.addressees.map((a) => [a.id, a.name]));
  const sent = d.letter.status === "sent";
  return (
    <>
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("replies.letter.title")}</h1>
      {result?.ok ? <FormAlert kind="ok" message={t(result.message)} /> : null}
      {result && !result.ok && errors.form ? <FormAlert message={t(errors.form as MessageKey)} /> : null}
      {result && !result.ok && result.intent === "log" && !errors.form ? (
        <FormAlert message={t("replies.error.summary")} />
      ) : null}

      <section aria-labelledby="matrix-title" className="card">
        <h2 id="matrix-title">{t("replies.matrix.title")}</h2>
        {sent ? (
          <ReplyMatrix rows={d.matrix} caption={t("replies.matrix.caption", { date: formatDate(locale, d.today) })} />
        ) : (
          <p>{t("replies.error.notSent")}</p>
        )}
        {sent
          ? d.matrix
              .filter((r) => r.state !== "answered")
              .map((r) => (
                <Form method="post" key={r.addresseeId} className="inline">
                  <input type="hidden" name="addresseeId" value={r.addresseeId} />
                  <button
                    type="submit"
                    name="intent"
                    value={r.state === "not-expected" ? "expected" : "not-expected"}
                    className="link-button"
                  >
                    {t(r.state === "not-expected" ? "replies.expected.button" : "replies.notExpected.button", {
                      name: r.name,
                    })}
                  </button>
                </Form>
              ))
          : null}
      </section>

      <section aria-labelledby="clock-title" className="card">
        <h2 id="clock-title">{t("replies.clock.title")}</h2>
        <p>
          {t(d.clock.dayKind === "working" ? "replies.clock.summaryWorking" : "replies.clock.summaryCalendar", {
            due: d.clock.dueDays,
            very: d.clock.veryOverdueDays,
          })}{" "}
          {d.clock.overridden ? t("replies.clock.overridden") : t("replies.clock.officeDefault")}
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="clock" />
          <Field
            id="dueDays"
            label={t("replies.clock.dueDays")}
            error={result && !result.ok && result.intent === "clock" ? errors.dueDays : null}
          >
            {(a) => (
              <input {...a} name="dueDays" type="number" min={1} max={365} defaultValue={d.clock.dueDays} required />
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
                defaultValue={d.clock.veryOverdueDays}
                required
              />
            )}
          </Field>
          <Field id="dayKind" label={t("replies.clock.dayKind")}>
            {(a) => (
              <select {...a} name="dayKind" defaultValue={d.clock.dayKind}>
                <option value="working">{t("replies.clock.working")}</option>
                <option value="calendar">{t("replies.clock.calendar")}</option>
              </select>
            )}
          </Field>
          <div className="actions">
            <button type="submit">{t("replies.clock.save")}</button>
            {d.clock.overridden ? (
              <button type="submit" name="intent" value="clock-reset" className="secondary">
                {t("replies.clock.reset")}
              </button>
            ) : null}
          </div>
        </Form>
      </section>

      <section aria-labelledby="list-title" className="card">
        <h2 id="list-title">{t("replies.list.title")}</h2>
        {d.replies.length ? (
          <ul className="reply-list">
            {d.replies.map((r) => (
              <li key={r.id}>
                <Link to={r.id}>
                  {t(`replies.kind.${r.kind}` as MessageKey)}: {r.senderName}
                </Link>
                {r.senderRole ? `, ${r.senderRole}` : ""}
                <span className="muted">
                  {" "}
                  · {formatDate(locale, r.receivedOn)}
                  {r.theirReference ? ` · ${r.theirReference}` : ""}
                  {" · "}
                  {r.addresseeIds.map((id) => names.get(id) ?? "").join(", ")}
                  {r.file ? ` · ${r.file.filename}` : ""}
                  {r.revision > 1 ? ` · ${t("replies.revision", { number: r.revision })}` : ""}
                </span>
                {r.referredToName ? (
                  <div className="muted">{t("replies.list.referredTo", { name: r.referredToName })}</div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("replies.list.none")}</p>
        )}
      </section>

      {sent ? (
        <section aria-labelledby="log-title" className="card" id="log">
          <h2 id="log-title">{t("replies.log.title")}</h2>
          <Form method="post" encType="multipart/form-data" noValidate>
            <input type="hidden" name="intent" value="log" />
            <FormKey value={d.formKey} />
            <ReplyFields
              errors={logErrors}
              addressees={d.addressees}
              checked={d.preselect ? [d.preselect] : d.addressees.map((a) => a.id)}
              maxMb={d.maxMb}
              today={d.today}
            />
            <div className="actions">
              <button type="submit">{t("replies.log.submit")}</button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
