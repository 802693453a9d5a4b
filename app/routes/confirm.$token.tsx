/**
 * The Member confirms (or rejects) a signature their staff gave on their behalf. The link goes to the
 * Member's own directory address. Opening it changes nothing; the answer is a deliberate POST.
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, tFor, useLocale, useT, type MessageKey, type T } from "#app/i18n";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { localeOr } from "#app/i18n/locales";
import { pageMessages } from "#app/i18n/page-messages.server";
import { inviteeLocale } from "#app/web/page-locale.server";
import { getDb } from "#app/infra/db.server";
import { clientIp, readForm } from "#app/web/http.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { answerConfirmation, getConfirmationContext } from "#app/models/signing.server";
import { LetterBody } from "#app/editor/letter-body";
import { FormAlert } from "#app/components/field";
import { limitTokenViews, resolveToken, TOKEN_PAGE_HEADERS } from "#app/web/token-route.server";
import { fullName } from "#app/domain/names";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${tFor(data.i18n)("confirmation.page.title")} · ${data.subject}` : "Undersigned" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export const headers: HeadersFunction = () => TOKEN_PAGE_HEADERS;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = await getDb();
  const ip = clientIp(context);
  await limitTokenViews(db, ip);
  const { ctx } = await resolveToken(db, params.token, ip, (t) => getConfirmationContext(db, t));
  const { confirmation: c, signature: s, letter, mep, version } = ctx;
  return {
    i18n: pageMessages(
      inviteeLocale(request, { letterLanguage: letter.language, preferredLanguage: mep.preferredLanguage }),
      "invitee",
    ),
    letterLanguage: localeOr(letter.language),
    office: ctx.officeName,
    subject: letter.subject,
    mepName: fullName(mep),
    signer: { name: s.signerName, role: s.signerRole, at: s.signedAt },
    withdrawn: s.withdrawnAt !== null,
    answer: c.confirmedAt ? ("confirmed" as const) : c.rejectedAt ? ("rejected" as const) : null,
    version: { number: version.number, sha256: version.sha256, html: version.html },
  };
}

type ActionResult = { ok: boolean; message: MessageKey };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const db = await getDb();
  const ip = clientIp(context);
  const rate = await hit(db, `sign-post:${ip}`, LIMITS.tokenPerIp);
  if (!rate.ok) return data<ActionResult>({ ok: false, message: "sign.tooMany" }, { status: 429 });
  const { token } = await resolveToken(db, params.token, ip, (t) => getConfirmationContext(db, t));
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent !== "confirm" && intent !== "reject")
    return data<ActionResult>({ ok: false, message: "error.forbidden" }, { status: 400 });
  const r = await db.transaction((tx) =>
    answerConfirmation(tx, { token, answer: intent, ip, userAgent: request.headers.get("user-agent") }),
  );
  if (!r.ok)
    return data<ActionResult>(
      { ok: false, message: r.error === "withdrawn" ? "sign.withdrawn" : "confirmation.page.invalid" },
      { status: r.error === "withdrawn" ? 409 : 404 },
    );
  const messages: Record<typeof r.status, MessageKey> = {
    confirmed: "confirmation.page.confirmed",
    rejected: "confirmation.page.rejected",
    "rejected-after-send": "confirmation.page.rejectedAfterSend",
    "already-confirmed": "confirmation.page.alreadyConfirmed",
    "already-rejected": "confirmation.page.alreadyRejected",
  };
  return data<ActionResult>({ ok: true, message: messages[r.status] });
}

export default function ConfirmPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <div className="narrow">
      <h1>{t("confirmation.page.title")}</h1>
      {result ? <FormAlert kind={result.ok ? "ok" : "error"} message={t(result.message)} /> : null}
      {!result && d.answer ? (
        <FormAlert
          kind="ok"
          message={t(
            d.answer === "confirmed" ? "confirmation.page.alreadyConfirmed" : "confirmation.page.alreadyRejected",
          )}
        />
      ) : null}
      <p>
        {t("confirmation.page.intro", {
          signer: d.signer.name,
          subject: d.subject,
          date: formatDate(locale, d.signer.at, { dateStyle: "long", timeStyle: "short" }),
          office: d.office,
        })}
      </p>
      {d.signer.role ? <p>{t("confirmation.page.role", { role: d.signer.role })}</p> : null}
      {!d.answer && !result && !d.withdrawn ? (
        <Form method="post" className="card">
          <div className="actions">
            <button type="submit" name="intent" value="confirm">
              {t("confirmation.page.confirm")}
            </button>
            <button type="submit" name="intent" value="reject" className="danger">
              {t("confirmation.page.reject")}
            </button>
          </div>
        </Form>
      ) : null}
      {d.withdrawn && !d.answer && !result ? <FormAlert kind="warn" message={t("sign.withdrawn")} /> : null}
      <p className="muted">
        {t("confirmation.page.version", { number: d.version.number })}{" "}
        <span className="mono">{d.version.sha256.slice(0, 16)}</span>
      </p>
      <article className="letter-paper" aria-label={d.subject} lang={d.letterLanguage}>
        <LetterBody html={d.version.html} />
      </article>
    </div>
  );
}

/** A wrong, expired or used link looks the same to the visitor: no hint whether a letter exists. */
export function ErrorBoundary() {
  const invalid = (t: T) => <h1>{t("confirmation.page.invalid")}</h1>;
  return (
    <GeneralErrorBoundary statusHandlers={{ 404: invalid, 410: invalid, 429: (t) => <h1>{t("sign.tooMany")}</h1> }} />
  );
}
