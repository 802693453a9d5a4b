import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { clientIp } from "#app/web/http.server";
import { looksLikeToken } from "#app/infra/crypto.server";
import { signInUser } from "#app/web/login.server";
import { consumeLoginLink, findUserByEmail } from "#app/models/auth.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";

export const meta: MetaFunction = () => [
  { title: "Sign in · Undersigned" },
  { name: "referrer", content: "no-referrer" },
];

// The token is in the URL: never send it on as a referrer (server.js accepts the resulting
// "Origin: null" form POSTs because their Sec-Fetch-Site says same-origin).
export const headers = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

// Opening the link changes nothing (mail scanners open links); the button below does the sign-in.
export async function loader({ params }: LoaderFunctionArgs) {
  return { valid: looksLikeToken(params.token) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const db = await getDb();
  const limit = await hit(db, `login-link:ip:${clientIp(context)}`, LIMITS.tokenPerIp);
  if (!limit.ok) return data({ error: "error.tooMany" as const }, { status: 429 });
  if (!looksLikeToken(params.token)) return data({ error: "login.link.invalid" as const }, { status: 400 });
  const result = await consumeLoginLink(db, params.token);
  const user = result.ok ? await findUserByEmail(db, result.email) : null;
  if (!user) return data({ error: "login.link.invalid" as const }, { status: 400 });
  return signInUser(db, request, user.id, "/letters");
}

export default function LoginLink() {
  const { valid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const error = result && "error" in result ? result.error : null;
  return (
    <div className="narrow">
      <h1>{t("login.link.title")}</h1>
      {error ? (
        <p className="alert error" role="alert">
          {t(error as "login.link.invalid")}
        </p>
      ) : null}
      {valid && !error ? (
        <Form method="post" className="card">
          <p>{t("login.link.body")}</p>
          <button type="submit">{t("login.link.submit")}</button>
        </Form>
      ) : (
        <p className="alert error">{t("login.link.invalid")}</p>
      )}
      <p>
        <Link to="/login">{t("login.newCode")}</Link>
      </p>
    </div>
  );
}
