import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { getEnv } from "#app/infra/env.server";
import { clientIp, formError, readForm } from "#app/web/http.server";
import { getOptionalUser, safeRedirectPath } from "#app/web/session.server";
import { requestLoginCode, signInUser } from "#app/web/login.server";
import { listDemoAccounts, DEMO_EMAIL_DOMAIN } from "#app/models/demo.server";
import { findUserByEmail } from "#app/models/auth.server";
import { RequestSchema } from "#app/domain/auth-forms";

export const meta: MetaFunction = () => [{ title: "Sign in · Undersigned" }];

const demoAllowed = () => getEnv().NODE_ENV !== "production";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"), "/letters");
  if (await getOptionalUser(request)) throw redirect(redirectTo);
  const demo = demoAllowed() ? await listDemoAccounts(await getDb()) : [];
  return { redirectTo, demo, noOffice: url.searchParams.get("error") === "no-office" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const redirectTo = safeRedirectPath(form.get("redirectTo"), "/letters");
  const db = await getDb();
  if (form.get("intent") === "demo") {
    const email = String(form.get("email") ?? "");
    const user = demoAllowed() && email.endsWith(`@${DEMO_EMAIL_DOMAIN}`) ? await findUserByEmail(db, email) : null;
    if (!user) return formError({ email: "login.invalidEmail" });
    return signInUser(db, request, user.id, redirectTo);
  }
  const parsed = RequestSchema.safeParse({ email: form.get("email") });
  if (!parsed.success) return formError({ email: "login.invalidEmail" });
  const limited = await requestLoginCode(db, parsed.data.email, clientIp(context));
  if (limited) return formError({ form: "error.tooMany" }, 429);
  const next = new URLSearchParams({ email: parsed.data.email, redirectTo });
  return redirect(`/login/code?${next}`);
}

export default function Login() {
  const { redirectTo, demo, noOffice } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = data && "fieldErrors" in data ? (data.fieldErrors as Record<string, string>) : {};
  return (
    <div className="narrow">
      <h1>{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      {noOffice ? (
        <p className="alert warn" role="status">
          {t("login.noOffice")}
        </p>
      ) : null}
      {errors.form ? (
        <p className="alert error" role="alert">
          {t(errors.form as never)}
        </p>
      ) : null}
      <Form method="post" className="card" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <label htmlFor="email">{t("login.email")}</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={errors.email ? "email-error" : undefined}
        />
        {errors.email ? (
          <p id="email-error" className="field-error">
            {t(errors.email as never)}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" name="intent" value="request" disabled={busy}>
            {t("login.submit")}
          </button>
        </div>
      </Form>
      {demo.length ? (
        <section className="card demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">{t("login.demo.title")}</h2>
          <p className="hint">{t("login.demo.body")}</p>
          <ul>
            {demo.map((a) => (
              <li key={a.email}>
                <Form method="post">
                  <input type="hidden" name="intent" value="demo" />
                  <input type="hidden" name="email" value={a.email} />
                  <input type="hidden" name="redirectTo" value={redirectTo} />
                  <button type="submit" className="secondary">
                    {t("login.demo.as", { name: a.name, role: t(`role.${a.role}` as never), office: a.office })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
