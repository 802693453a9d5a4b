/**
 * Stop reminders for one invitation. GET shows a button and changes nothing (mail scanners open
 * links); POST turns reminders off. Mail clients send the RFC 8058 one-click POST
 * ("List-Unsubscribe=One-Click") to the same URL, from their servers, without a browser session.
 * The token is not the signing token (see app/models/reminders.server.ts).
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { tFor, useT, type MessageKey } from "#app/i18n";
import { pageMessages } from "#app/i18n/page-messages.server";
import { browserLocale, inviteeLocale } from "#app/web/page-locale.server";
import { getDb } from "#app/infra/db.server";
import { clientIp } from "#app/web/http.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { getUnsubscribeContext, unsubscribeReminders } from "#app/models/reminders.server";
import { FormAlert } from "#app/components/field";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title:
      data && "i18n" in data
        ? `${tFor(data.i18n)("unsubscribe.title")} · ${tFor(data.i18n)("app.name")}`
        : "Undersigned",
  },
  { name: "robots", content: "noindex" },
];
export const headers: HeadersFunction = () => ({
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = await getDb();
  const rate = await hit(db, `unsubscribe:${clientIp(context)}`, LIMITS.tokenPerIp);
  if (!rate.ok) throw data({ state: "too-many" as const }, { status: 429 });
  const ctx = await getUnsubscribeContext(db, params.token);
  if (!ctx)
    return data(
      { state: "invalid" as const, i18n: pageMessages(browserLocale(request), "frame"), subject: "", already: false },
      { status: 404 },
    );
  return {
    state: "ok" as const,
    i18n: pageMessages(inviteeLocale(request, ctx), "invitee"),
    subject: ctx.letterSubject,
    already: ctx.invitation.remindersOff,
  };
}

type ActionResult = { ok: boolean; message: MessageKey; subject?: string };

export async function action({ params, context }: ActionFunctionArgs) {
  const db = await getDb();
  const rate = await hit(db, `unsubscribe:${clientIp(context)}`, LIMITS.tokenPerIp);
  if (!rate.ok) return data<ActionResult>({ ok: false, message: "sign.tooMany" }, { status: 429 });
  // One-click: the body ("List-Unsubscribe=One-Click") carries nothing we need; the token is the whole request.
  const r = await db.transaction((tx) => unsubscribeReminders(tx, params.token));
  if (!r.ok) return data<ActionResult>({ ok: false, message: "unsubscribe.invalid" }, { status: 404 });
  return data<ActionResult>({
    ok: true,
    message: r.changed ? "unsubscribe.done" : "unsubscribe.already",
    subject: r.letterSubject,
  });
}

export default function UnsubscribePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  return (
    <div className="narrow">
      <h1>{t("unsubscribe.title")}</h1>
      {result ? <FormAlert kind={result.ok ? "ok" : "error"} message={t(result.message)} /> : null}
      {d.state === "invalid" ? <p>{t("unsubscribe.invalid")}</p> : null}
      {d.state === "ok" && !result ? <UnsubscribeForm subject={d.subject} already={d.already} /> : null}
    </div>
  );
}

function UnsubscribeForm({ subject, already }: { subject: string; already: boolean }) {
  const t = useT();
  if (already) return <p>{t("unsubscribe.already")}</p>;
  return (
    <Form method="post" className="card">
      <p>{t("unsubscribe.intro", { subject })}</p>
      <input type="hidden" name="List-Unsubscribe" value="One-Click" />
      <div className="actions">
        <button type="submit">{t("unsubscribe.button")}</button>
      </div>
    </Form>
  );
}
