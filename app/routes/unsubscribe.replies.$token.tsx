/**
 * Stop one kind of reply email (overdue alerts, very-overdue alerts, "did they reply?", the digest).
 * GET shows a button and changes nothing; POST (also the RFC 8058 one-click POST that mail clients
 * send from their servers, without a session) turns that kind off.
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { clientIp } from "#app/web/http.server";
import { resolveToken, TOKEN_PAGE_HEADERS, limitTokenViews } from "#app/web/token-route.server";
import { getReplyEmailToken, unsubscribeReplyEmails } from "#app/services/replies.server";
import { FormAlert } from "#app/components/field";

export const meta: MetaFunction = () => [
  { title: "Stop reply emails · Undersigned" },
  { name: "robots", content: "noindex" },
];
export const headers: HeadersFunction = () => TOKEN_PAGE_HEADERS;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const db = await getDb();
  const ip = clientIp(context);
  await limitTokenViews(db, ip);
  const { ctx } = await resolveToken(db, params.token, ip, (t) => getReplyEmailToken(db, t, "unsubscribe"));
  return { kind: ctx.token.kind };
}

export async function action({ params, context }: ActionFunctionArgs) {
  const db = await getDb();
  const ip = clientIp(context);
  await resolveToken(db, params.token, ip, (t) => getReplyEmailToken(db, t, "unsubscribe"));
  const r = await unsubscribeReplyEmails(db, params.token as string);
  if (!r.ok) throw data({ state: "invalid" as const }, { status: 404 });
  return { kind: r.kind };
}

export default function UnsubscribeReplies() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const kind = t(`replies.prefs.${d.kind}` as MessageKey);
  return (
    <div className="narrow">
      <h1>{t("replies.unsubscribe.title")}</h1>
      {result ? (
        <FormAlert kind="ok" message={t("replies.unsubscribe.done", { kind })} />
      ) : (
        <Form method="post" className="card">
          <p>{t("replies.unsubscribe.intro", { kind })}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <div className="actions">
            <button type="submit">{t("replies.unsubscribe.button")}</button>
          </div>
        </Form>
      )}
    </div>
  );
}
