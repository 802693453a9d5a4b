/**
 * An invited signatory comments on the version they were shown, or proposes a change to a passage.
 * Self-contained: the personal token is checked exactly as on the signing page (shape, lookup,
 * revoked links refused), every bad token gets the same 404 page, and requests are rate-limited
 * per address. The file name's `_` keeps this page out of the signing page's layout
 * (URL: /sign/:token/comment).
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { formatDate, tFor, useLocale, useT, type MessageKey, type T } from "#app/i18n";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { pageMessages } from "#app/i18n/page-messages.server";
import { inviteeLocale } from "#app/web/page-locale.server";
import { getDb } from "#app/infra/db.server";
import { clientIp, readForm } from "#app/web/http.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { addCommentByToken, listCommentsByInvitation } from "#app/models/comments.server";
import { FormAlert } from "#app/components/field";
import { FormKey } from "#app/components/form-key";
import { formClaim, newFormKey } from "#app/web/form-key.server";
import { once } from "#app/models/form-submissions.server";
import { limitTokenViews, resolveSigningToken, TOKEN_PAGE_HEADERS } from "#app/web/token-route.server";
import { withLang } from "#app/components/language-switch";
import { fullName } from "#app/domain/names";

/** Plain HTML forms only: the page ships no JavaScript (root.tsx, useHydrate). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${tFor(data.i18n)("comments.sign.title")} · ${data.letter.subject}` : "Undersigned" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export const headers: HeadersFunction = () => TOKEN_PAGE_HEADERS;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = await getDb();
  const ip = clientIp(context);
  await limitTokenViews(db, ip);
  const { ctx, token } = await resolveSigningToken(db, params.token, ip);
  const mine = await listCommentsByInvitation(db, { invitationId: ctx.invitation.id, letterId: ctx.letter.id });
  return {
    i18n: pageMessages(
      inviteeLocale(request, { letterLanguage: ctx.letter.language, preferredLanguage: ctx.mep.preferredLanguage }),
      "invitee",
    ),
    token,
    formKey: newFormKey(),
    office: ctx.officeName,
    letter: { subject: ctx.letter.subject },
    mepName: fullName(ctx.mep),
    version: ctx.version ? { number: ctx.version.number } : null,
    open: ctx.letter.status !== "sent" && ctx.letter.status !== "closed" && ctx.version !== null,
    comments: mine.map((c) => ({
      id: c.id,
      versionNumber: c.versionNumber,
      body: c.body,
      quote: c.quote,
      proposal: c.proposal,
      status: c.status,
      resolutionNote: c.resolutionNote,
      createdAt: c.createdAt,
    })),
  };
}

type ActionResult = { ok: boolean; message: MessageKey; vars?: Record<string, string | number>; field?: string };

const FIELD_ERRORS = {
  body: "comments.error.body",
  quote: "comments.error.quote",
  proposal: "comments.error.proposal",
} as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const db = await getDb();
  const ip = clientIp(context);
  const rate = await hit(db, `sign-comment:${ip}`, LIMITS.tokenPerIp);
  if (!rate.ok) return data<ActionResult>({ ok: false, message: "sign.tooMany" }, { status: 429 });
  const { ctx, token } = await resolveSigningToken(db, params.token, ip);
  const form = await readForm(request);
  // The same comment sent twice (a double click, a retry on a slow connection) is posted once.
  const claim = formClaim(form, `invitation:${ctx.invitation.id}`, "sign/comment");
  const r = await db.transaction((tx) =>
    once(tx, claim, () =>
      addCommentByToken(tx, {
        token,
        authorName: String(form.get("authorName") ?? ""),
        body: String(form.get("body") ?? ""),
        quote: String(form.get("quote") ?? ""),
        proposal: String(form.get("proposal") ?? ""),
      }).then((x) => (x.ok ? { ok: true as const, versionNumber: x.versionNumber } : x)),
    ),
  );
  if (!r.ok) {
    if (r.error === "invalid")
      return data<ActionResult>({ ok: false, message: FIELD_ERRORS[r.field], field: r.field }, { status: 400 });
    if (r.error === "not-found") throw data({ state: "invalid" as const }, { status: 404 });
    return data<ActionResult>(
      { ok: false, message: r.error === "locked" ? "comments.error.locked" : "comments.error.noVersion" },
      { status: 409 },
    );
  }
  return data<ActionResult>({ ok: true, message: "comments.posted", vars: { number: r.versionNumber } });
}

export default function SignCommentPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const fieldError = (name: string) => (result && !result.ok && result.field === name ? result.message : null);
  // A successful post clears the form by re-keying it.
  const resetKey = result?.ok ? `posted-${d.comments.length}` : "form";
  return (
    <div className="narrow">
      <p>
        <Link to={withLang(`/sign/${d.token}`, location.search)}>← {t("comments.sign.back")}</Link>
      </p>
      <h1>{t("comments.sign.title")}</h1>
      {d.version ? (
        <p>{t("comments.sign.intro", { office: d.office, number: d.version.number, subject: d.letter.subject })}</p>
      ) : null}
      {result ? <FormAlert kind={result.ok ? "ok" : "error"} message={t(result.message, result.vars)} /> : null}
      {d.open ? (
        <Form method="post" className="card" noValidate key={resetKey}>
          <FormKey value={d.formKey} />
          <label htmlFor="authorName">{t("comments.sign.yourName", { name: d.mepName })}</label>
          <input id="authorName" name="authorName" type="text" maxLength={200} autoComplete="name" />
          <SignField name="body" label={t("comments.body")} rows={4} max={5000} error={fieldError("body")} />
          <fieldset>
            <legend>{t("comments.proposal")}</legend>
            <p id="proposal-hint" className="hint">
              {t("comments.proposal.hint")}
            </p>
            <SignField
              name="quote"
              label={t("comments.quote")}
              rows={3}
              max={2000}
              error={fieldError("quote")}
              describedBy="proposal-hint"
            />
            <SignField
              name="proposal"
              label={t("comments.proposalField")}
              rows={3}
              max={5000}
              error={fieldError("proposal")}
              describedBy="proposal-hint"
            />
          </fieldset>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("comments.submit")}
            </button>
          </div>
        </Form>
      ) : (
        <FormAlert kind="warn" message={t(d.version ? "comments.error.locked" : "comments.error.noVersion")} />
      )}
      {d.comments.length ? (
        <section className="card" aria-labelledby="mine-title">
          <h2 id="mine-title">{t("comments.sign.yours")}</h2>
          <ol style={{ listStyle: "none", padding: 0 }}>
            {d.comments.map((c) => (
              <li key={c.id} className="card">
                <p className="muted">
                  {c.versionNumber ? t("comments.on", { number: c.versionNumber }) : null} ·{" "}
                  {formatDate(locale, c.createdAt, { dateStyle: "medium", timeStyle: "short" })} ·{" "}
                  {t(`comments.status.${c.status}` as MessageKey)}
                </p>
                {c.quote ? (
                  <blockquote style={{ whiteSpace: "pre-wrap" }}>
                    <del>{c.quote}</del>
                  </blockquote>
                ) : null}
                {c.proposal ? (
                  <blockquote style={{ whiteSpace: "pre-wrap" }}>
                    <ins>{c.proposal}</ins>
                  </blockquote>
                ) : null}
                {c.body ? <p style={{ whiteSpace: "pre-wrap" }}>{c.body}</p> : null}
                {c.resolutionNote ? (
                  <p className="muted">{t("comments.resolution", { note: c.resolutionNote })}</p>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

function SignField(props: {
  name: string;
  label: string;
  rows: number;
  max: number;
  error: MessageKey | null;
  describedBy?: string;
}) {
  const t = useT();
  const errorId = `${props.name}-error`;
  return (
    <>
      <label htmlFor={props.name}>{props.label}</label>
      <textarea
        id={props.name}
        name={props.name}
        rows={props.rows}
        maxLength={props.max}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={[props.describedBy, props.error ? errorId : null].filter(Boolean).join(" ") || undefined}
      />
      {props.error ? (
        <p id={errorId} className="field-error">
          {t(props.error)}
        </p>
      ) : null}
    </>
  );
}

/** A wrong, expired or used link looks the same to the visitor: no hint whether a letter exists. */
export function ErrorBoundary() {
  const invalid = (t: T) => (
    <>
      <h1>{t("sign.invalid.title")}</h1>
      <p>{t("sign.invalid.body")}</p>
    </>
  );
  return (
    <GeneralErrorBoundary statusHandlers={{ 404: invalid, 410: invalid, 429: (t) => <h1>{t("sign.tooMany")}</h1> }} />
  );
}
