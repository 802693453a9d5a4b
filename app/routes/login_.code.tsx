import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { clientIp, formError, readForm } from "#app/web/http.server";
import { safeRedirectPath } from "#app/web/session.server";
import { signInUser } from "#app/web/login.server";
import { consumeLoginCode, findUserByEmail } from "#app/models/auth.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { CodeSchema } from "#app/domain/auth-forms";
import { getEnv } from "#app/infra/env.server";

export const meta: MetaFunction = () => [{ title: "Enter your code · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const email = (url.searchParams.get("email") ?? "").slice(0, 254);
  const env = getEnv();
  // Without a mail provider outside production the code never leaves the machine: say where it is.
  const localDelivery = !env.RESEND_API_KEY && env.NODE_ENV !== "production";
  return { email, redirectTo: safeRedirectPath(url.searchParams.get("redirectTo"), "/letters"), localDelivery };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "/letters");
  const parsed = CodeSchema.safeParse({
    email: form.get("email"),
    code: String(form.get("code") ?? "").replace(/\s/g, ""),
  });
  if (!parsed.success) return formError({ code: "login.code.format" });
  const db = await getDb();
  const limit = await hit(db, `login-code:ip:${clientIp(context)}`, LIMITS.loginPerIp);
  if (!limit.ok) return formError({ code: "error.tooMany" }, 429);
  const result = await consumeLoginCode(db, parsed.data.email, parsed.data.code);
  if (!result.ok) {
    const key =
      result.reason === "invalid"
        ? "login.code.invalid"
        : result.reason === "locked"
          ? "login.code.locked"
          : "login.code.expired";
    return formError({ code: key });
  }
  const user = await findUserByEmail(db, result.email);
  if (!user) return formError({ code: "login.code.expired" });
  return signInUser(db, request, user.id, redirectTo);
}

export default function LoginCode() {
  const { email, redirectTo, localDelivery } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const errors = data && "fieldErrors" in data ? (data.fieldErrors as Record<string, string>) : {};
  return (
    <div className="narrow">
      <h1>{t("login.sent.title")}</h1>
      <p>{t("login.sent.body", { email })}</p>
      {localDelivery ? (
        <p className="muted" data-testid="local-delivery">
          {t("login.sent.local")} <Link to="/outbox">{t("login.sent.localOutbox")}</Link>
        </p>
      ) : null}
      <Form method="post" className="card" noValidate>
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <label htmlFor="code">{t("login.code")}</label>
        <input
          id="code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          required
          aria-invalid={errors.code ? true : undefined}
          aria-describedby={errors.code ? "code-error" : undefined}
        />
        {errors.code ? (
          <p id="code-error" className="field-error" role="alert">
            {t(errors.code as never)}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit">{t("login.code.submit")}</button>
          <Link to={`/login?redirectTo=${encodeURIComponent(redirectTo)}`}>{t("login.newCode")}</Link>
        </div>
      </Form>
    </div>
  );
}
