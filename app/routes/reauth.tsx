/**
 * Re-confirming a sign-in by email code before a sensitive step (sending a letter). Uses the login-code
 * machinery: a POST emails a fresh code to the signed-in user's own address (GET never sends anything), and the
 * right code marks this session verified now, then returns to where the user came from.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { clientIp, readForm } from "#app/web/http.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { requireUser, safeRedirectPath } from "#app/web/session.server";
import { emailSignInCode } from "#app/services/sign-in.server";
import { consumeLoginCode, markSessionVerified } from "#app/models/auth.server";
import { FormAlert } from "#app/components/field";
import { ReauthCodeSchema } from "#app/domain/auth-forms";

export const meta: MetaFunction = () => [{ title: "Confirm it is you · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const url = new URL(request.url);
  return { email: ctx.user.email, redirectTo: safeRedirectPath(url.searchParams.get("redirectTo"), "/letters") };
}

type ActionData = { step: "code"; ok: boolean; message?: MessageKey };

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireUser(request);
  const form = await readForm(request);
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "/letters");
  const db = await getDb();
  const intent = form.get("intent");
  if (intent === "request") {
    const [perUser, perIp] = [
      await hit(db, `reauth:user:${ctx.user.id}`, LIMITS.loginPerEmail),
      await hit(db, `reauth:ip:${clientIp(context)}`, LIMITS.loginPerIp),
    ];
    if (!perUser.ok || !perIp.ok)
      return data<ActionData>({ step: "code", ok: false, message: "error.tooMany" as MessageKey }, { status: 429 });
    await emailSignInCode(db, ctx.user);
    return data<ActionData>({ step: "code", ok: true });
  }
  if (intent === "verify") {
    const limit = await hit(db, `reauth-code:ip:${clientIp(context)}`, LIMITS.loginPerIp);
    if (!limit.ok)
      return data<ActionData>({ step: "code", ok: false, message: "error.tooMany" as MessageKey }, { status: 429 });
    const parsed = ReauthCodeSchema.safeParse(String(form.get("code") ?? "").replace(/\s/g, ""));
    if (!parsed.success)
      return data<ActionData>({ step: "code", ok: false, message: "sending.reauth.format" }, { status: 400 });
    const result = await consumeLoginCode(db, ctx.user.email, parsed.data);
    if (!result.ok) {
      const message: MessageKey =
        result.reason === "invalid"
          ? "sending.reauth.invalid"
          : result.reason === "locked"
            ? "sending.reauth.locked"
            : "sending.reauth.expired";
      return data<ActionData>({ step: "code", ok: false, message }, { status: 400 });
    }
    await markSessionVerified(db, ctx.sessionHash);
    throw redirect(redirectTo);
  }
  return data<ActionData>({ step: "code", ok: false, message: "error.forbidden" as MessageKey }, { status: 400 });
}

export default function Reauth() {
  const { email, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <h1>{t("sending.reauth.title")}</h1>
      <p>{t("sending.reauth.body", { email })}</p>
      {result?.ok ? <FormAlert kind="ok" message={t("sending.reauth.sent", { email })} /> : null}
      {result && !result.ok && result.message ? <FormAlert message={t(result.message)} /> : null}
      <Form method="post" className="card">
        <input type="hidden" name="intent" value="request" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <button type="submit" disabled={busy}>
          {t("sending.reauth.send")}
        </button>
      </Form>
      <Form method="post" className="card" noValidate>
        <input type="hidden" name="intent" value="verify" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <label htmlFor="code">{t("sending.reauth.code")}</label>
        <input
          id="code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          required
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("sending.reauth.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
