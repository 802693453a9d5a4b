/**
 * Import of parliamentary questions from EP Open Data by a platform administrator: a saved file of API
 * responses, or the live API when EP_OPEN_DATA_URL is set. The import runs as a job; while one runs the
 * page refreshes itself every few seconds (a meta refresh, so it works without JavaScript).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { readForm } from "#app/web/http.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { getEnv } from "#app/infra/env.server";
import { requireUser } from "#app/web/session.server";
import { importRuns, startQuestionImport } from "#app/services/questions.server";
import { FormAlert } from "#app/components/field";

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Import parliamentary questions · Undersigned" },
  ...(data?.running ? [{ httpEquiv: "refresh", content: "3" } as const] : []),
];

async function requirePlatformAdmin(request: Request) {
  const ctx = await requireUser(request);
  if (!ctx.user.isPlatformAdmin) throw new Response("Forbidden", { status: 403 });
  return ctx;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  const runs = await importRuns(await getDb());
  return {
    runs,
    running: runs.some((r) => r.status === "queued" || r.status === "running"),
    live: Boolean(getEnv().EP_OPEN_DATA_URL),
    maxMb: MAX_UPLOAD_BYTES / 1024 / 1024,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requirePlatformAdmin(request);
  const form = await readForm(request, { maxBytes: MAX_UPLOAD_BYTES, long: ["file"] });
  const source = form.get("intent") === "live" ? "live" : "file";
  if (source === "live" && !getEnv().EP_OPEN_DATA_URL)
    return data({ ok: false, error: "question.import.error.noLive" }, { status: 400 });
  const file = form.get("file");
  const content = source === "file" && file instanceof File && file.size > 0 ? await file.text() : null;
  if (source === "file" && !content) return data({ ok: false, error: "question.import.error.noFile" }, { status: 400 });
  await startQuestionImport(await getDb(), {
    source,
    fileName: file instanceof File ? file.name : null,
    content,
    userId: ctx.user.id,
  });
  return redirect("/admin/questions");
}

export default function AdminQuestionsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p>
        <Link to="/admin">← {t("nav.admin")}</Link> · <Link to="/questions">{t("question.nav")}</Link>
      </p>
      <h1>{t("question.import.title")}</h1>
      <p>{t("question.import.help")}</p>
      {result && !result.ok ? <FormAlert message={t(result.error as MessageKey)} /> : null}
      <Form method="post" encType="multipart/form-data" className="card">
        <input type="hidden" name="intent" value="file" />
        <div className="field">
          <label htmlFor="file">{t("question.import.file")}</label>
          <p className="hint">{t("question.import.file.hint", { max: d.maxMb })}</p>
          <input id="file" name="file" type="file" accept=".jsonld,.json,.jsonl,application/ld+json,application/json" />
        </div>
        <div className="actions">
          <button type="submit">{t("question.import.submit")}</button>
        </div>
      </Form>
      {d.live ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="live" />
          <p>{t("question.import.live.hint")}</p>
          <button type="submit">{t("question.import.live")}</button>
        </Form>
      ) : (
        <p className="hint">{t("question.import.live.off")}</p>
      )}
      <h2>{t("question.import.runs")}</h2>
      {d.running ? <p className="hint">{t("question.import.refreshing")}</p> : null}
      {d.runs.length ? (
        d.runs.map((r) => (
          <section key={r.id} className="card" data-testid="import-run">
            <h3>
              {r.fileName ?? t("question.import.liveName")} ·{" "}
              {formatDate(locale, r.createdAt, { dateStyle: "medium", timeStyle: "short" })}
            </h3>
            <p>
              <span className="badge">{t(`question.import.status.${r.status}` as MessageKey)}</span>{" "}
              {t("question.import.progress", { processed: r.processed, total: r.total })}
            </p>
            <p>
              {t("question.import.counts", {
                added: r.added,
                updated: r.updated,
                unchanged: r.unchanged,
                skipped: r.skipped,
              })}
            </p>
            {r.error ? <FormAlert message={r.error} /> : null}
            {r.unknownAddressees.length ? (
              <FormAlert
                kind="warn"
                message={t("question.import.unknownAddressees", { codes: r.unknownAddressees.join(", ") })}
              />
            ) : null}
            {r.problems.length ? (
              <ul>
                {r.problems.map((p, i) => (
                  <li key={i}>
                    {p.record
                      ? t("question.import.problemRecord", { line: p.line, record: p.record, message: p.message })
                      : t("question.import.problem", { line: p.line, message: p.message })}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        ))
      ) : (
        <p>{t("question.import.none")}</p>
      )}
    </>
  );
}
