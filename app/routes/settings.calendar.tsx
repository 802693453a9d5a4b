/** The signed-in user's calendar feed for this office: make one (its address is shown once), replace it, stop it. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { getLiveFeed } from "#app/models/calendar.server";
import { calendarFeedUrl, issueCalendarFeed, stopCalendarFeed } from "#app/services/calendar.server";
import { requireUser } from "#app/web/session.server";
import { readForm } from "#app/web/http.server";
import { FormAlert } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Calendar feed · Undersigned" }];

const actorOf = (ctx: Awaited<ReturnType<typeof requireUser>>) => ({ userId: ctx.user.id, officeId: ctx.office.id });

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  return { feed: await getLiveFeed(await getDb(), actorOf(ctx)) };
}

type ActionData = { ok: true; url?: string; stopped?: boolean } | { ok: false; message: "error.forbidden" };

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUser(request);
  const form = await readForm(request);
  const db = await getDb();
  const intent = form.get("intent");
  if (intent === "create") {
    const token = await issueCalendarFeed(db, actorOf(ctx));
    return data<ActionData>({ ok: true, url: calendarFeedUrl(token) }, { headers: { "Cache-Control": "no-store" } });
  }
  if (intent === "stop") {
    await stopCalendarFeed(db, actorOf(ctx));
    return data<ActionData>({ ok: true, stopped: true });
  }
  return data<ActionData>({ ok: false, message: "error.forbidden" }, { status: 400 });
}

export default function CalendarSettings() {
  const { feed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="narrow">
      <h1>{t("calendar.title")}</h1>
      <p>{t("calendar.intro")}</p>
      {result && !result.ok ? <FormAlert message={t(result.message)} /> : null}
      {result?.ok && result.url ? (
        <div className="card" role="status">
          <p>{t("calendar.made")}</p>
          <label htmlFor="calendar-url">{t("calendar.made.label")}</label>
          <input
            id="calendar-url"
            className="mono"
            readOnly
            value={result.url}
            onFocus={(e) => e.currentTarget.select()}
          />
          <p className="hint">{t("calendar.secret")}</p>
        </div>
      ) : null}
      {result?.ok && result.stopped ? <p role="status">{t("calendar.stopped")}</p> : null}
      {feed ? (
        <>
          <p>{t("calendar.live", { date: formatDate(locale, feed.createdAt) })}</p>
          <p>
            {feed.lastFetchedAt
              ? t("calendar.lastFetched", { date: formatDate(locale, feed.lastFetchedAt) })
              : t("calendar.neverFetched")}
          </p>
        </>
      ) : (
        <p>{t("calendar.none")}</p>
      )}
      <Form method="post" className="inline">
        <button type="submit" name="intent" value="create">
          {feed ? t("calendar.replace") : t("calendar.create")}
        </button>{" "}
        {feed ? (
          <button type="submit" name="intent" value="stop" className="secondary">
            {t("calendar.stop")}
          </button>
        ) : null}
      </Form>
    </div>
  );
}
