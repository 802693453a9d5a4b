/** Comments and proposed changes on a letter's versions, from the office and from invited signatories; the office resolves them. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_DRAFT, CAN_TRACK } from "#app/web/session.server";
import { formError, notFound, readForm } from "#app/web/http.server";
import { requireUuid } from "#app/infra/ids";
import { listVersions } from "#app/models/letters.server";
import { addMemberComment, listComments, resolveComment } from "#app/models/comments.server";
import { FormAlert } from "#app/components/field";
import { FormKey } from "#app/components/form-key";
import { formClaim, newFormKey, userScope } from "#app/web/form-key.server";
import { once } from "#app/models/form-submissions.server";
import { acceptAndApply, previewProposal, type ProposalProblem } from "#app/services/proposals.server";
import { DIFF_CSS, DiffText } from "#app/components/diff-text";
import { isUuid } from "#app/infra/ids";
import type { DiffOp } from "#app/domain/word-diff";

export const meta: MetaFunction = () => [{ title: "Comments · Undersigned" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_TRACK);
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  const canResolve = CAN_DRAFT.includes(ctx.role);
  const applyId = new URL(request.url).searchParams.get("apply");
  const [comments, versions, preview] = await Promise.all([
    listComments(db, scope),
    listVersions(db, scope),
    canResolve && applyId && isUuid(applyId)
      ? previewProposal(
          db,
          { userId: ctx.user.id, officeId: ctx.office.id },
          { letterId: letter.id, commentId: applyId },
        )
      : null,
  ]);
  return {
    letter: { id: letter.id, subject: letter.subject, status: letter.status },
    comments,
    versions: versions.map((v) => ({ number: v.number, kind: v.kind })),
    canResolve,
    preview: preview ? (preview.ok ? { ...preview, diff: trimEqual(preview.diff) } : preview) : null,
    formKey: newFormKey(),
  };
}

/** Long unchanged stretches of the draft shortened to their ends, so the change itself is what one reads. */
function trimEqual(ops: DiffOp[], keep = 160): DiffOp[] {
  return ops.map((op, i) => {
    if (op.op !== "equal" || op.text.length <= keep * 2) return op;
    const head = i === 0 ? "" : op.text.slice(0, keep);
    const tail = i === ops.length - 1 ? "" : op.text.slice(-keep);
    return { op: "equal", text: `${head} … ${tail}`.trim() };
  });
}

const APPLY_ERRORS: Record<ProposalProblem | "not-found" | "conflict" | "invalid" | "locked", MessageKey> = {
  "no-quote": "comments.apply.error.noQuote",
  "not-found": "comments.apply.error.notFound",
  ambiguous: "comments.apply.error.ambiguous",
  "crosses-block": "comments.apply.error.crossesBlock",
  invalid: "comments.apply.error.invalid",
  conflict: "comments.apply.error.conflict",
  "not-open": "comments.error.resolved",
  sent: "comments.error.locked",
  locked: "comments.error.locked",
};

const FIELD_ERRORS = {
  body: "comments.error.body",
  quote: "comments.error.quote",
  proposal: "comments.error.proposal",
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = form.get("intent");
  const { ctx, db, letter, actor } = await requireLetter(
    request,
    params,
    intent === "resolve" || intent === "apply" ? CAN_DRAFT : CAN_TRACK,
  );
  if (intent === "comment") {
    const rawVersion = String(form.get("version") ?? "");
    const versionNumber = /^\d{1,6}$/.test(rawVersion) ? Number(rawVersion) : null;
    const claim = formClaim(form, userScope(ctx.user.id), `letters/${letter.id}/comments`);
    const r = await db.transaction((tx) =>
      once(tx, claim, () =>
        addMemberComment(
          tx,
          { ...actor, name: ctx.user.name },
          {
            letterId: letter.id,
            versionNumber,
            body: String(form.get("body") ?? ""),
            quote: String(form.get("quote") ?? ""),
            proposal: String(form.get("proposal") ?? ""),
          },
        ).then((x) => (x.ok ? { ok: true as const, versionNumber: x.versionNumber } : x)),
      ),
    );
    if (!r.ok) {
      if (r.error === "invalid") return formError({ [r.field]: FIELD_ERRORS[r.field] }, 400, { intent });
      if (r.error === "not-found") throw notFound();
      return formError({ form: r.error === "locked" ? "comments.error.locked" : "comments.error.noVersion" }, 409, {
        intent,
      });
    }
    return { ok: true as const, intent, message: "comments.posted" as MessageKey, vars: { number: r.versionNumber } };
  }
  if (intent === "apply") {
    const commentId = requireUuid(form.get("commentId"));
    const rawRevision = String(form.get("revision") ?? "");
    if (!/^\d{1,9}$/.test(rawRevision)) return formError({ form: "comments.apply.error.conflict" }, 400, { intent });
    const r = await db.transaction((tx) =>
      acceptAndApply(tx, actor, {
        letterId: letter.id,
        commentId,
        baseRevision: Number(rawRevision),
        note: String(form.get("note") ?? ""),
      }),
    );
    if (!r.ok) {
      if (r.error === "not-found") throw notFound();
      return formError({ [`note-${commentId}`]: APPLY_ERRORS[r.error] }, r.error === "conflict" ? 409 : 422, {
        intent,
        commentId,
      });
    }
    return { ok: true as const, intent, message: "comments.apply.done" as MessageKey, vars: { revision: r.revision } };
  }
  if (intent === "resolve") {
    const commentId = requireUuid(form.get("commentId"));
    const decision =
      form.get("decision") === "accepted" ? "accepted" : form.get("decision") === "declined" ? "declined" : null;
    if (!decision) return formError({ form: "error.forbidden" }, 400, { intent });
    const r = await db.transaction((tx) =>
      resolveComment(tx, actor, { letterId: letter.id, commentId, decision, note: String(form.get("note") ?? "") }),
    );
    if (!r.ok) {
      if (r.error === "not-found") throw notFound();
      return formError(
        { [`note-${commentId}`]: r.error === "reason" ? "comments.error.reason" : "comments.error.resolved" },
        r.error === "reason" ? 400 : 409,
        { intent, commentId },
      );
    }
    return { ok: true as const, intent, message: "comments.resolved" as MessageKey, vars: { status: decision } };
  }
  return formError({ form: "error.forbidden" }, 400, { intent });
}

export default function CommentsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errors = (result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string>;
  const intent = result && "intent" in result ? result.intent : null;
  const newest = d.versions.length ? d.versions[d.versions.length - 1].number : null;
  const open = d.letter.status !== "sent";
  return (
    <>
      {d.preview ? <style dangerouslySetInnerHTML={{ __html: DIFF_CSS }} /> : null}
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("comments.title")}</h1>
      {result && "message" in result ? (
        <FormAlert
          kind="ok"
          message={t(result.message, {
            ...result.vars,
            status:
              result.vars && "status" in result.vars
                ? t(`comments.status.${result.vars.status}` as MessageKey)
                : undefined,
          })}
        />
      ) : null}
      {errors.form ? <FormAlert message={t(errors.form as MessageKey)} /> : null}

      {d.comments.length === 0 ? <p>{t("comments.empty")}</p> : null}
      <ol className="comment-list" style={{ listStyle: "none", padding: 0 }}>
        {d.comments.map((c) => {
          const noteError = errors[`note-${c.id}`];
          return (
            <li key={c.id} className="card" id={`comment-${c.id}`}>
              <p>
                <strong>
                  {c.invitationId
                    ? t("comments.bySignatory", { name: c.authorName })
                    : t("comments.by", { name: c.authorName })}
                </strong>{" "}
                <span className="muted">
                  {c.versionNumber ? (
                    <Link to={`/letters/${d.letter.id}/versions/${c.versionNumber}`}>
                      {t("comments.on", { number: c.versionNumber })}
                    </Link>
                  ) : null}{" "}
                  · {formatDate(locale, c.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                </span>{" "}
                <span className={`badge ${c.status === "accepted" ? "ok" : c.status === "declined" ? "bad" : "warn"}`}>
                  {t(`comments.status.${c.status}` as MessageKey)}
                </span>
              </p>
              {c.quote ? (
                <div>
                  <div className="muted">{t("comments.passage")}</div>
                  <blockquote style={{ whiteSpace: "pre-wrap" }}>
                    <del>{c.quote}</del>
                  </blockquote>
                </div>
              ) : null}
              {c.proposal ? (
                <div>
                  <div className="muted">{t("comments.proposal")}</div>
                  <blockquote style={{ whiteSpace: "pre-wrap" }}>
                    <ins>{c.proposal}</ins>
                  </blockquote>
                </div>
              ) : null}
              {c.body ? <p style={{ whiteSpace: "pre-wrap" }}>{c.body}</p> : null}
              {c.status !== "open" && c.resolutionNote ? (
                <p className="muted">{t("comments.resolution", { note: c.resolutionNote })}</p>
              ) : null}
              {c.status === "accepted" && c.proposal ? <p className="hint">{t("comments.accepted.hint")}</p> : null}
              {c.status === "open" && d.canResolve && open && c.quote ? (
                d.preview?.commentId === c.id ? (
                  <ApplyPreview letterId={d.letter.id} preview={d.preview} error={noteError} />
                ) : (
                  <p>
                    <Link to={`?apply=${c.id}#apply-${c.id}`}>{t("comments.apply.preview")}</Link>
                  </p>
                )
              ) : null}
              {c.status === "open" && d.canResolve && open && d.preview?.commentId !== c.id ? (
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="resolve" />
                  <input type="hidden" name="commentId" value={c.id} />
                  <label htmlFor={`note-${c.id}`}>{t("comments.note")}</label>
                  <textarea
                    id={`note-${c.id}`}
                    name="note"
                    rows={2}
                    maxLength={2000}
                    aria-invalid={noteError ? true : undefined}
                    aria-describedby={noteError ? `note-${c.id}-error` : undefined}
                  />
                  {noteError ? (
                    <p id={`note-${c.id}-error`} className="field-error">
                      {t(noteError as MessageKey)}
                    </p>
                  ) : null}
                  <div className="actions">
                    <button type="submit" name="decision" value="accepted" disabled={busy}>
                      {t("comments.accept")}
                    </button>
                    <button type="submit" name="decision" value="declined" className="secondary" disabled={busy}>
                      {t("comments.decline")}
                    </button>
                  </div>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ol>

      {open && newest !== null ? (
        <section className="card" aria-labelledby="add-comment-title">
          <h2 id="add-comment-title">{t("comments.add")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="comment" />
            <FormKey value={d.formKey} />
            <label htmlFor="version">{t("comments.version")}</label>
            <select id="version" name="version" defaultValue={newest}>
              {[...d.versions].reverse().map((v) => (
                <option key={v.number} value={v.number}>
                  v{v.number}
                </option>
              ))}
            </select>
            <CommentFields errors={intent === "comment" ? errors : {}} />
            <div className="actions">
              <button type="submit" disabled={busy}>
                {t("comments.submit")}
              </button>
            </div>
          </Form>
        </section>
      ) : newest === null ? (
        <p>{t("comments.error.noVersion")}</p>
      ) : null}
    </>
  );
}

type Preview = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["preview"]>;

/** The draft's word diff with the proposal applied, and the one button that accepts it; or why it cannot be applied. */
function ApplyPreview({ letterId, preview, error }: { letterId: string; preview: Preview; error?: string }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const id = preview.commentId;
  return (
    <section id={`apply-${id}`} aria-labelledby={`apply-${id}-title`} className="card">
      <h2 id={`apply-${id}-title`}>{t("comments.apply.title")}</h2>
      {preview.ok ? (
        <>
          <DiffText ops={preview.diff} label={t("comments.apply.title")} />
          <p className="hint">{t("comments.apply.hint")}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="apply" />
            <input type="hidden" name="commentId" value={id} />
            <input type="hidden" name="revision" value={preview.revision} />
            <label htmlFor={`note-${id}`}>{t("comments.note")}</label>
            <textarea
              id={`note-${id}`}
              name="note"
              rows={2}
              maxLength={2000}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `note-${id}-error` : undefined}
            />
            {error ? (
              <p id={`note-${id}-error`} className="field-error">
                {t(error as MessageKey)}
              </p>
            ) : null}
            <div className="actions">
              <button type="submit" disabled={busy}>
                {t("comments.apply.submit")}
              </button>
              <Link to="." className="button secondary">
                {t("comments.apply.cancel")}
              </Link>
            </div>
          </Form>
        </>
      ) : (
        <>
          <p role="alert">{t(APPLY_ERRORS[preview.error])}</p>
          <p>
            <Link to={`/letters/${letterId}/edit`}>{t("comments.apply.editByHand")}</Link> ·{" "}
            <Link to=".">{t("comments.apply.cancel")}</Link>
          </p>
        </>
      )}
    </section>
  );
}

function CommentFields({ errors }: { errors: Record<string, string> }) {
  const t = useT();
  const field = (name: "body" | "quote" | "proposal", label: string, rows: number, max: number) => (
    <>
      <label htmlFor={`c-${name}`}>{label}</label>
      <textarea
        id={`c-${name}`}
        name={name}
        rows={rows}
        maxLength={max}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={
          [name !== "body" ? "c-proposal-hint" : null, errors[name] ? `c-${name}-error` : null]
            .filter(Boolean)
            .join(" ") || undefined
        }
      />
      {errors[name] ? (
        <p id={`c-${name}-error`} className="field-error">
          {t(errors[name] as MessageKey)}
        </p>
      ) : null}
    </>
  );
  return (
    <>
      {field("body", t("comments.body"), 4, 5000)}
      <fieldset>
        <legend>{t("comments.proposal")}</legend>
        <p id="c-proposal-hint" className="hint">
          {t("comments.proposal.hint")}
        </p>
        {field("quote", t("comments.quote"), 3, 2000)}
        {field("proposal", t("comments.proposalField"), 3, 5000)}
      </fieldset>
    </>
  );
}
