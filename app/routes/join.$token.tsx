/**
 * The page an invitation to join an office opens (/join/:token). Opening it changes nothing (mail scanners
 * fetch links too); accepting or declining is a deliberate POST. Who may answer: the person signed in with the
 * invited address, or, for an address without an account that can sign in, whoever holds the link (it was
 * sent to that address; accepting creates the account and signs in). Someone signed in with another address
 * is refused, and an invited address that already has an account must sign in first. A wrong, used, expired
 * or withdrawn link gets the same generic page as any bad token.
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey, type T } from "#app/i18n";
import { GeneralErrorBoundary } from "#app/components/error-boundary";
import { FormAlert } from "#app/components/field";
import { getDb } from "#app/infra/db.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { normaliseEmail, switchSessionOffice } from "#app/models/auth.server";
import {
  acceptOfficeInvitation,
  declineOfficeInvitation,
  getOfficeInvitation,
} from "#app/models/office-invitations.server";
import { clientIp, readForm } from "#app/web/http.server";
import { signInToOffice } from "#app/web/login.server";
import { getOptionalUser } from "#app/web/session.server";
import { limitTokenViews, resolveToken, TOKEN_PAGE_HEADERS } from "#app/web/token-route.server";

export const meta: MetaFunction = () => [
  { title: "Invitation · Undersigned" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

export const headers: HeadersFunction = () => TOKEN_PAGE_HEADERS;

/** answer: signed in as the invited address; new-account: the link is enough; sign-in / other-person: not yet. */
type State = "answer" | "new-account" | "sign-in" | "other-person";

async function open(request: Request, token: string | undefined, ip: string) {
  const db = await getDb();
  const resolved = await resolveToken(db, token, ip, (t) => getOfficeInvitation(db, t));
  const session = await getOptionalUser(request);
  const inv = resolved.ctx;
  const state: State = session
    ? normaliseEmail(session.user.email) === inv.email
      ? "answer"
      : "other-person"
    : inv.accountCanSignIn
      ? "sign-in"
      : "new-account";
  return { db, inv, token: resolved.token, session, state };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ip = clientIp(context);
  await limitTokenViews(await getDb(), ip);
  const { inv, state } = await open(request, params.token, ip);
  return {
    office: inv.officeName,
    inviter: inv.inviterName,
    name: inv.name,
    role: inv.role,
    expiresAt: inv.expiresAt,
    state,
    signIn: `/login?redirectTo=${encodeURIComponent(new URL(request.url).pathname)}`,
  };
}

type ActionResult = { ok: boolean; message: MessageKey; vars?: Record<string, string> };

const REFUSED: Record<"wrong-person" | "sign-in", MessageKey> = {
  "wrong-person": "membership.otherPerson",
  "sign-in": "membership.signIn",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ip = clientIp(context);
  const db = await getDb();
  const rate = await hit(db, `join-post:${ip}`, LIMITS.tokenPerIp);
  if (!rate.ok) return data<ActionResult>({ ok: false, message: "sign.tooMany" }, { status: 429 });
  const { inv, token, session } = await open(request, params.token, ip);
  const form = await readForm(request);
  const intent = form.get("intent");
  const signedIn = session ? { userId: session.user.id, email: session.user.email } : null;
  if (intent === "accept") {
    const r = await db.transaction((tx) => acceptOfficeInvitation(tx, { token, signedIn }));
    if (!r.ok) {
      if (r.error === "invalid") throw data({ state: "invalid" as const }, { status: 404 });
      return data<ActionResult>({ ok: false, message: REFUSED[r.error] }, { status: 403 });
    }
    // Signed in: the session now works for the office just joined. Not signed in: the link proved the
    // address, as a sign-in link does, and the new member is signed in to the office.
    if (session) {
      await switchSessionOffice(db, session.sessionHash, r.officeId);
      return redirect("/letters");
    }
    return signInToOffice(db, request, r.userId, r.officeId, "/letters");
  }
  if (intent === "decline") {
    const r = await db.transaction((tx) => declineOfficeInvitation(tx, { token, signedIn }));
    if (!r.ok) {
      if (r.error === "invalid") throw data({ state: "invalid" as const }, { status: 404 });
      return data<ActionResult>({ ok: false, message: REFUSED[r.error] }, { status: 403 });
    }
    return data<ActionResult>({ ok: true, message: "membership.declined", vars: { office: inv.officeName } });
  }
  return data<ActionResult>({ ok: false, message: "error.forbidden" }, { status: 400 });
}

export default function JoinOffice() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  const role = t(`role.${d.role}` as MessageKey);
  const vars = { office: d.office, name: d.name, role, inviter: d.inviter ?? "" };
  const canAnswer = (d.state === "answer" || d.state === "new-account") && !result?.ok;
  return (
    <div className="narrow">
      <h1>{t("membership.title", vars)}</h1>
      {result ? <FormAlert kind={result.ok ? "ok" : "error"} message={t(result.message, result.vars)} /> : null}
      <p>{d.inviter ? t("membership.intro", vars) : t("membership.introNoName", vars)}</p>
      <p>{t("membership.consent")}</p>
      <p className="muted">
        {t("membership.expires", { date: formatDate(locale, d.expiresAt, { dateStyle: "long", timeStyle: "short" }) })}
      </p>
      {d.state === "sign-in" ? (
        <p>
          {t("membership.signIn")} <Link to={d.signIn}>{t("membership.signIn.button")}</Link>
        </p>
      ) : null}
      {d.state === "other-person" ? <FormAlert kind="warn" message={t("membership.otherPerson")} /> : null}
      {canAnswer ? (
        <>
          {d.state === "new-account" ? <p className="hint">{t("membership.newAccount")}</p> : null}
          <div className="actions">
            <Form method="post" className="inline">
              <input type="hidden" name="intent" value="accept" />
              <button type="submit">{t("membership.accept", vars)}</button>
            </Form>
            <Form method="post" className="inline">
              <input type="hidden" name="intent" value="decline" />
              <button type="submit" className="secondary">
                {t("membership.decline")}
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </div>
  );
}

/** A wrong, used, expired or withdrawn link looks the same: no hint whether an invitation exists. */
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
