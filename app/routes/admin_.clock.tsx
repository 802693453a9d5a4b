/**
 * Outside production (or with ALLOW_TEST_CLOCK=true, for browser tests of the production build): move the app's clock forward (the reply clocks, alerts and states read
 * it) and run the reply scheduler at the new time. For browser tests and demos; in production the
 * page does not exist.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "#app/i18n";
import { readForm, notFound } from "#app/web/http.server";
import { parseCount } from "#app/domain/form-values";
import { getDb } from "#app/infra/db.server";
import { requireUser } from "#app/web/session.server";
import { advanceTestClock, replyNow, testClockAllowed } from "#app/services/replies.server";
import { FormAlert } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Test clock · Undersigned" }];

async function requireTestClock(request: Request) {
  const ctx = await requireUser(request);
  if (!testClockAllowed()) throw notFound();
  if (!ctx.user.isPlatformAdmin) throw new Response("Forbidden", { status: 403 });
  return ctx;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireTestClock(request);
  return { now: await replyNow(await getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireTestClock(request);
  const form = await readForm(request);
  const days = parseCount(form.get("days"));
  if (days === null || days > 400) return data({ ok: false as const, queued: 0 }, { status: 400 });
  const r = await advanceTestClock(await getDb(), days, form.get("reset") === "1");
  if (!r.ok) throw notFound();
  return { ok: true as const, queued: r.queued };
}

export default function TestClock() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="narrow">
      <h1>{t("replies.testClock.title")}</h1>
      <p>{t("replies.testClock.now", { date: formatDate(locale, d.now, { dateStyle: "full" }) })}</p>
      {result ? (
        <FormAlert
          kind={result.ok ? "ok" : "error"}
          message={result.ok ? t("replies.testClock.done", { count: result.queued }) : t("replies.testClock.error")}
        />
      ) : null}
      <Form method="post">
        <label htmlFor="days">{t("replies.testClock.days")}</label>
        <input id="days" name="days" type="number" min={0} max={400} defaultValue={0} />
        <div className="actions">
          <button type="submit">{t("replies.testClock.submit")}</button>
          <button type="submit" name="reset" value="1" className="secondary">
            {t("replies.testClock.reset")}
          </button>
        </div>
      </Form>
    </div>
  );
}
