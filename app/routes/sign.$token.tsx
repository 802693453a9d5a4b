/**
 * The signing page: no account, only the personal token. Opening (or prefetching, or a mail
 * scanner fetching) the page changes nothing; every effect is a deliberate POST that carries the
 * hash of the version the signer read.
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { formatDate, tFor, useLocale, useT, type MessageKey, type T } from "#app/i18n";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { localeOr } from "#app/i18n/locales";
import { pageMessages } from "#app/i18n/page-messages.server";
import { inviteeLocale } from "#app/web/page-locale.server";
import { getDb } from "#app/infra/db.server";
import { clientIp, readForm } from "#app/web/http.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { listSignatures } from "#app/models/signing.server";
import { declineWithLink, signWithLink, withdrawWithLink } from "#app/services/signing.server";
import { listAddressees } from "#app/models/letters.server";
import { normaliseName, fullName } from "#app/domain/names";
import { signingState } from "#app/domain/signature-status";
import { diffWords, type DiffOp } from "#app/domain/word-diff";
import { LetterBody } from "#app/editor/letter-body";
import { FormAlert } from "#app/components/field";
import { SignSchema } from "#app/domain/sign-forms";
import { limitTokenViews, resolveSigningToken, TOKEN_PAGE_HEADERS } from "#app/web/token-route.server";
import { LanguageSwitch, withLang } from "#app/components/language-switch";
import { LetterPaper } from "#app/components/letter-paper";

/** Plain HTML forms only: the page ships no JavaScript (root.tsx, useHydrate). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.letter.subject} · ${tFor(data.i18n)("app.name")}` : "Undersigned" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

// The token is in the URL: never send it on as a referrer (server.js accepts the resulting
// "Origin: null" form POSTs because their Sec-Fetch-Site says same-origin).
export const headers: HeadersFunction = () => TOKEN_PAGE_HEADERS;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = await getDb();
  const ip = clientIp(context);
  await limitTokenViews(db, ip);
  const { ctx } = await resolveSigningToken(db, params.token, ip);
  const { letter, invitation, mep, version } = ctx;
  const scope = { letterId: letter.id, officeId: letter.officeId };
  const [addressees, signers] = await Promise.all([
    listAddressees(db, scope),
    letter.showSignatories ? listSignatures(db, scope) : Promise.resolve([]),
  ]);
  const windowState = signingState(letter);
  const closed = windowState !== "open";
  // The text changed since the version they signed (re-confirm, or carried over): show what changed.
  const diff: DiffOp[] | null =
    (ctx.signatureStatus === "needs-reconfirm" || ctx.signatureStatus === "carried") &&
    ctx.signedPlainText !== null &&
    version
      ? diffWords(ctx.signedPlainText, version.plainText)
      : null;
  return {
    state: "ok" as const,
    i18n: pageMessages(
      inviteeLocale(request, { letterLanguage: letter.language, preferredLanguage: mep.preferredLanguage }),
      "invitee",
    ),
    letterLanguage: localeOr(letter.language),
    office: { name: ctx.officeName, email: ctx.officeEmail },
    letter: {
      subject: letter.subject,
      status: letter.status,
      deadline: letter.signatureDeadline,
      placeLine: letter.placeLine,
    },
    closed,
    windowState,
    mep: { name: fullName(mep), group: mep.politicalGroup, country: mep.country },
    invitation: { status: invitation.status },
    /** When the Member declined through this link (they may still change their mind and sign). */
    declinedOn: invitation.status === "declined" ? (invitation.respondedAt?.toISOString() ?? null) : null,
    version: version ? { number: version.number, sha256: version.sha256, html: version.html } : null,
    signedVersion: ctx.signedVersionNumber,
    signatureStatus: ctx.signatureStatus,
    diff,
    addressees: addressees
      .filter((a) => a.kind === "to")
      .map((a) => ({ name: a.name, role: a.role, salutation: a.salutation })),
    copies: addressees
      .filter((a) => a.kind === "cc")
      .map((a) => ({ name: a.name, role: a.role, institution: a.institution })),
    signers: signers.map((s) => `${fullName(s)} (${s.group}, ${s.country})`),
  };
}

type ActionResult = {
  ok: boolean;
  message: MessageKey;
  vars?: Record<string, string | number>;
  field?: string;
  confirmationAsked?: boolean;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const db = await getDb();
  const ip = clientIp(context);
  const rate = await hit(db, `sign-post:${ip}`, LIMITS.tokenPerIp);
  if (!rate.ok) return data<ActionResult>({ ok: false, message: "sign.tooMany" }, { status: 429 });
  const { ctx, token } = await resolveSigningToken(db, params.token, ip);
  const form = await readForm(request);
  const intent = form.get("intent");
  const mepName = fullName(ctx.mep);

  if (intent === "sign") {
    const raw = {
      versionHash: form.get("versionHash"),
      typedName: form.get("typedName"),
      capacity: form.get("capacity"),
      staffName: form.get("staffName") ?? undefined,
      staffRole: form.get("staffRole") ?? undefined,
      confirm: form.get("confirm"),
    };
    const parsed = SignSchema.safeParse(raw);
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? "");
      const message: MessageKey = field === "confirm" ? "sign.error.confirm" : "sign.error.name";
      return data<ActionResult>({ ok: false, message, vars: { name: mepName }, field }, { status: 400 });
    }
    const p = parsed.data;
    if (normaliseName(p.typedName) !== normaliseName(mepName)) {
      return data<ActionResult>(
        { ok: false, message: "sign.error.name", vars: { name: mepName }, field: "typedName" },
        { status: 400 },
      );
    }
    if (p.capacity === "staff" && !p.staffName) {
      return data<ActionResult>({ ok: false, message: "sign.error.staffName", field: "staffName" }, { status: 400 });
    }
    // Signed by staff: the Member is always told at the directory address (the signer cannot opt out).
    const result = await signWithLink(db, {
      token,
      versionHash: p.versionHash,
      signerName: p.capacity === "staff" ? p.staffName! : mepName,
      capacity: p.capacity,
      signerRole: p.capacity === "staff" ? p.staffRole || null : null,
      ip,
      userAgent: request.headers.get("user-agent"),
    });
    if (!result.ok) {
      const map = {
        "text-changed": ["sign.error.changed", 409],
        closed: ["sign.error.closed", 409],
        "deadline-passed": ["sign.error.deadline", 410],
        "signing-closed": ["signatures.closedByOffice", 410],
        "no-version": ["sign.error.closed", 409],
        "invalid-link": ["sign.invalid.title", 404],
      } as const;
      const [message, status] = map[result.error];
      return data<ActionResult>({ ok: false, message }, { status });
    }
    const number = ctx.version?.number ?? 0;
    return data<ActionResult>({
      ok: true,
      message: result.status === "signed" ? "sign.done" : "sign.already",
      vars: { number, name: mepName },
      confirmationAsked: Boolean(result.memberNotified),
    });
  }
  if (intent === "decline") {
    const reason =
      String(form.get("reason") ?? "")
        .trim()
        .slice(0, 2000) || null;
    const r = await declineWithLink(db, { token, reason });
    if (r.ok) return data<ActionResult>({ ok: true, message: "sign.declined" });
    if (r.error === "signing-closed")
      return data<ActionResult>({ ok: false, message: "signatures.closed" }, { status: 410 });
    return data<ActionResult>({ ok: false, message: "sign.error.closed" }, { status: 409 });
  }
  if (intent === "withdraw") {
    const r = await withdrawWithLink(db, { token });
    return r.ok
      ? data<ActionResult>({ ok: true, message: "sign.withdrawn" })
      : data<ActionResult>({ ok: false, message: "sign.error.closed" }, { status: 409 });
  }
  return data<ActionResult>({ ok: false, message: "error.forbidden" }, { status: 400 });
}

export default function SignPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const hash = d.version?.sha256 ?? "";
  // A signature carried over by editorial changes stands for the current text: nothing to re-sign.
  const signedCurrent = d.signatureStatus === "current" || d.signatureStatus === "carried";
  const canAct = !d.closed && d.version !== null;
  // After sign, decline or withdraw the answer is what the signer must see: focus moves to it (and the page scrolls
  // there, which on a phone is far from the button). Without JavaScript the autofocus attribute does the same.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!result || !resultRef.current) return;
    resultRef.current.focus();
    resultRef.current.scrollIntoView?.({ block: "start" });
  }, [result]);
  return (
    <div className="narrow">
      <LanguageSwitch letterLanguage={d.letterLanguage} />
      <p className="muted">{t("sign.invitedBy", { office: d.office.name, name: d.mep.name })}</p>
      <h1>{d.letter.subject}</h1>
      {result ? (
        <div id="result" ref={resultRef} tabIndex={-1} autoFocus className="result">
          <FormAlert kind={result.ok ? "ok" : "error"} message={t(result.message, result.vars)} />
          {result.confirmationAsked ? (
            <FormAlert kind="ok" message={t("signatures.confirmAsked", { name: d.mep.name })} />
          ) : null}
        </div>
      ) : null}
      {!result && d.declinedOn && d.signedVersion === null ? (
        <FormAlert
          kind="warn"
          message={[
            t("sign.declinedOn", { date: formatDate(locale, d.declinedOn) }),
            canAct ? t("sign.declinedOn.changeMind") : "",
          ]
            .filter(Boolean)
            .join(" ")}
        />
      ) : null}
      {d.letter.status === "sent" ? (
        <FormAlert kind="warn" message={t("sign.sent")} />
      ) : d.windowState === "deadline-passed" ? (
        <FormAlert kind="warn" message={t("sign.error.deadline")} />
      ) : d.windowState === "closed-by-office" ? (
        <FormAlert kind="warn" message={t("signatures.closedByOffice")} />
      ) : d.closed ? (
        <FormAlert kind="warn" message={t("signatures.closed")} />
      ) : null}
      {d.letter.deadline && !d.closed ? (
        <p>
          {t("sign.deadline", {
            date: formatDate(locale, d.letter.deadline, { dateStyle: "full", timeStyle: "short" }),
          })}
        </p>
      ) : null}
      {!result && d.signedVersion !== null && d.version ? (
        <FormAlert
          kind={signedCurrent ? "ok" : "warn"}
          message={
            d.signatureStatus === "carried"
              ? t("signatures.carried", { name: d.mep.name, signed: d.signedVersion, current: d.version.number })
              : signedCurrent
                ? t("sign.already", { name: d.mep.name, number: d.signedVersion })
                : t("sign.already.older", { name: d.mep.name, signed: d.signedVersion, current: d.version.number })
          }
        />
      ) : null}
      {d.diff && d.signedVersion !== null ? (
        <ChangesSinceSigned ops={d.diff} signed={d.signedVersion} name={d.mep.name} />
      ) : null}
      {d.version ? (
        <>
          <p className="muted">
            {t("sign.version", { number: d.version.number, hash: "" })}
            <span className="mono">{hash.slice(0, 16)}</span>
          </p>
          <LetterPaper
            addressees={d.addressees}
            copies={d.copies}
            placeLine={d.letter.placeLine}
            language={d.letterLanguage}
            subject={d.letter.subject}
          >
            <LetterBody html={d.version.html} />
          </LetterPaper>
        </>
      ) : null}

      {canAct && !signedCurrent ? (
        <Form method="post" className="card sign-form" noValidate>
          <h2>{t("sign.form.title")}</h2>
          <input type="hidden" name="intent" value="sign" />
          <input type="hidden" name="versionHash" value={hash} />
          <fieldset>
            <legend>{t("sign.form.capacity")}</legend>
            <label className="hint">
              <input type="radio" name="capacity" value="mep" defaultChecked />{" "}
              {t("sign.form.capacity.mep", { name: d.mep.name })}
            </label>
            <label className="hint">
              <input type="radio" name="capacity" value="staff" /> {t("sign.form.capacity.staff", { name: d.mep.name })}
            </label>
            {/* Shown only while "staff" is chosen (CSS :has, so it works without JavaScript). */}
            <div className="staff-fields">
              <label htmlFor="staffName">{t("sign.form.yourName")}</label>
              <input
                id="staffName"
                name="staffName"
                type="text"
                maxLength={200}
                autoComplete="name"
                aria-invalid={result?.field === "staffName" ? true : undefined}
              />
              <label htmlFor="staffRole">{t("sign.form.yourRole")}</label>
              <input id="staffRole" name="staffRole" type="text" maxLength={200} />
              <p className="hint">{t("signatures.memberAlwaysTold", { name: d.mep.name })}</p>
            </div>
          </fieldset>
          <label htmlFor="typedName">{t("sign.form.name")}</label>
          <p id="typedName-hint" className="hint">
            {t("sign.form.name.hint", { name: d.mep.name })}
          </p>
          <input
            id="typedName"
            name="typedName"
            type="text"
            required
            maxLength={200}
            aria-describedby="typedName-hint"
            aria-invalid={result?.field === "typedName" ? true : undefined}
          />
          <label className="hint">
            <input
              type="checkbox"
              name="confirm"
              value="yes"
              required
              aria-invalid={result?.field === "confirm" ? true : undefined}
            />{" "}
            {t("sign.form.confirm", { number: d.version?.number ?? 0, name: d.mep.name })}
          </label>
          <div className="actions">
            <button type="submit">{t("sign.form.submit")}</button>
          </div>
        </Form>
      ) : null}

      {d.signedVersion !== null && d.letter.status !== "sent" ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" className="secondary">
            {t("sign.withdraw.submit")}
          </button>
        </Form>
      ) : null}

      {canAct && d.invitation.status !== "declined" ? (
        <details className="card">
          <summary>{t("sign.decline.title")}</summary>
          <Form method="post">
            <input type="hidden" name="intent" value="decline" />
            <label htmlFor="reason">{t("sign.decline.reason")}</label>
            <textarea id="reason" name="reason" maxLength={2000} rows={3} />
            <div className="actions">
              <button type="submit" className="danger">
                {t("sign.decline.submit")}
              </button>
            </div>
          </Form>
        </details>
      ) : null}

      {d.signers.length ? (
        <section className="card" aria-labelledby="signers-title">
          <h2 id="signers-title">{t("sign.signedSoFar", { count: d.signers.length })}</h2>
          <ul>
            {d.signers.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.letter.status === "collecting" ? (
        <p>
          <Link to={withLang("comment", location.search)} relative="path">
            {t("sign.comment.link")}
          </Link>
        </p>
      ) : null}
      {d.office.email ? <p className="muted">{t("sign.contact", { email: d.office.email })}</p> : null}
    </div>
  );
}

/**
 * The word diff between the signed and the current text. Insertions and deletions are marked with
 * <ins>/<del> (announced by screen readers through the visually hidden prefixes) and also by
 * underline/strike-through, so the changes read without colour; the text wraps on a phone.
 */
function ChangesSinceSigned({ ops, signed, name }: { ops: DiffOp[]; signed: number; name: string }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="diff-title">
      <h2 id="diff-title">{t("signatures.diff.title", { signed, name })}</h2>
      <p className="hint">{t("signatures.diff.legend")}</p>
      <p className="diff" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", lineHeight: 1.6 }}>
        {ops.map((op, i) =>
          op.op === "insert" ? (
            <ins key={i} style={{ textDecoration: "underline", background: "#dcfce7" }}>
              <span className="visually-hidden">{t("signatures.diff.added")} </span>
              {op.text}
            </ins>
          ) : op.op === "delete" ? (
            <del key={i} style={{ textDecoration: "line-through", background: "#fee2e2" }}>
              <span className="visually-hidden">{t("signatures.diff.removed")} </span>
              {op.text}
            </del>
          ) : (
            <span key={i}>{op.text}</span>
          ),
        )}
      </p>
    </section>
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
