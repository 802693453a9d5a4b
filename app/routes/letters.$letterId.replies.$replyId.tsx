/**
 * One reply: everything registered about it, its file, its corrections (each with its reason and
 * the state before), and the correction form. A correction is never silent: it needs a reason and
 * is kept as a revision and in the audit trail.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { readReplyForm } from "#app/web/reply-upload.server";
import { notFound } from "#app/web/http.server";
import { requireUuid } from "#app/infra/ids";
import { listAddressees } from "#app/models/letters.server";
import { getReply, listReplyRevisions } from "#app/models/replies.server";
import { correctReply, replyNow } from "#app/services/replies.server";
import { replyFormFields } from "#app/domain/reply-forms";
import { REPLY_FILE_MAX_BYTES } from "#app/domain/reply-kinds";
import { toIsoDate } from "#app/domain/reply-clock";
import { Field, FormAlert } from "#app/components/field";
import { ReplyFields } from "#app/components/reply-fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.reply.senderName ?? "Reply"} · Undersigned` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params);
  const replyId = requireUuid(params.replyId);
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  const reply = await getReply(db, { replyId, ...scope });
  if (!reply) throw notFound();
  const [revisions, addressees, now] = await Promise.all([
    listReplyRevisions(db, { replyId, officeId: ctx.office.id }),
    listAddressees(db, scope),
    replyNow(db),
  ]);
  return {
    letter: { id: letter.id, subject: letter.subject },
    reply: {
      ...reply,
      file: reply.file
        ? { filename: reply.file.filename, byteSize: reply.file.byteSize, sha256: reply.file.sha256 }
        : null,
    },
    revisions,
    addressees: addressees.filter((a) => a.kind === "to").map((a) => ({ id: a.id, name: a.name, role: a.role })),
    today: toIsoDate(now),
    maxMb: REPLY_FILE_MAX_BYTES / 1024 / 1024,
  };
}

type ActionResult = { ok: true; message: MessageKey } | { ok: false; fieldErrors: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, letter, actor } = await requireLetter(request, params);
  const replyId = requireUuid(params.replyId);
  const read = await readReplyForm(request);
  if (!read.ok)
    return data<ActionResult>({ ok: false, fieldErrors: { file: "replies.file.tooLarge" } }, { status: read.status });
  if (read.form.get("intent") !== "correct")
    return data<ActionResult>({ ok: false, fieldErrors: { form: "replies.error.form" } }, { status: 400 });
  const r = await correctReply(db, actor, {
    letterId: letter.id,
    replyId,
    form: replyFormFields(read.form),
    reason: read.form.get("reason") ?? undefined,
    file: read.file,
  });
  if (!r.ok) {
    if (r.status === 404) throw notFound();
    return data<ActionResult>({ ok: false, fieldErrors: r.fieldErrors }, { status: r.status });
  }
  return data<ActionResult>({ ok: true, message: "replies.corrected" });
}

const SHOWN = [
  "receivedOn",
  "senderName",
  "senderRole",
  "onBehalfOf",
  "theirReference",
  "theirReferenceDate",
  "theirRegistration",
  "ourRegistration",
  "referredToName",
  "referredToRole",
] as const;

export default function ReplyPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  const r = d.reply;
  const errors = result && !result.ok ? result.fieldErrors : {};
  const names = new Map(d.addressees.map((a) => [a.id, a.name]));
  return (
    <>
      <p>
        <Link to={`/letters/${d.letter.id}/replies`}>← {t("replies.letter.title")}</Link>
      </p>
      <h1>
        {t(`replies.kind.${r.kind}` as MessageKey)}: {r.senderName}
      </h1>
      {result?.ok ? <FormAlert kind="ok" message={t(result.message)} /> : null}
      {result && !result.ok ? <FormAlert message={t((errors.form ?? "replies.error.summary") as MessageKey)} /> : null}
      <section aria-labelledby="reply-title" className="card">
        <h2 id="reply-title">{t("replies.detail.title", { number: r.revision })}</h2>
        <dl>
          <dt>{t("replies.field.addressees")}</dt>
          <dd>{r.addresseeIds.map((id) => names.get(id) ?? "").join(", ")}</dd>
          {SHOWN.filter((k) => r[k]).map((k) => (
            <div key={k}>
              <dt>{t(`replies.field.${k}` as MessageKey)}</dt>
              <dd>{k === "receivedOn" || k === "theirReferenceDate" ? formatDate(locale, r[k]) : r[k]}</dd>
            </div>
          ))}
          {r.file ? (
            <>
              <dt>{t("replies.field.file")}</dt>
              <dd>
                <a href={`/letters/${d.letter.id}/replies/${r.id}/file`}>{r.file.filename}</a>{" "}
                <span className="muted">
                  ({Math.ceil(r.file.byteSize / 1024)} kB · SHA-256{" "}
                  <span className="mono">{r.file.sha256.slice(0, 16)}</span>)
                </span>
              </dd>
            </>
          ) : null}
        </dl>
        {r.body.split(/\n{2,}/).map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </section>

      <section aria-labelledby="history-title" className="card">
        <h2 id="history-title">{t("replies.history.title")}</h2>
        {d.revisions.length ? (
          <ol reversed>
            {d.revisions.map((v) => (
              <li key={v.revision}>
                {t("replies.history.entry", {
                  number: v.revision + 1,
                  date: formatDate(locale, v.createdAt, { dateStyle: "medium", timeStyle: "short" }),
                  name: v.editedByName ?? "",
                  reason: v.reason,
                })}
                <details>
                  <summary>{t("replies.history.before", { number: v.revision })}</summary>
                  <dl>
                    {Object.entries(v.snapshot)
                      .filter(([, value]) => value !== null && typeof value !== "object")
                      .map(([k, value]) => (
                        <div key={k}>
                          <dt>{t(`replies.field.${k}` as MessageKey)}</dt>
                          <dd>{String(value)}</dd>
                        </div>
                      ))}
                  </dl>
                </details>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("replies.history.none")}</p>
        )}
      </section>

      <section aria-labelledby="correct-title" className="card">
        <h2 id="correct-title">{t("replies.correct.title")}</h2>
        <Form method="post" encType="multipart/form-data" noValidate>
          <input type="hidden" name="intent" value="correct" />
          <ReplyFields
            errors={errors}
            addressees={d.addressees}
            checked={r.addresseeIds}
            maxMb={d.maxMb}
            today={d.today}
            values={r}
          />
          <Field id="reason" label={t("replies.correct.reason")} error={errors.reason}>
            {(a) => <input {...a} name="reason" type="text" maxLength={500} required />}
          </Field>
          <div className="actions">
            <button type="submit">{t("replies.correct.submit")}</button>
          </div>
        </Form>
      </section>
    </>
  );
}
