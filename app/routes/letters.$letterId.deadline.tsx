/** The office's signing controls: extend (or set) the deadline, close signing now or reopen it, and set reminder days. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm } from "#app/web/http.server";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_DRAFT } from "#app/web/session.server";
import {
  closeSigning,
  countScheduledReminders,
  reopenSigning,
  updateSigningSchedule,
} from "#app/models/reminders.server";
import { brusselsLocalToUtc, utcToBrusselsLocal } from "#app/domain/brussels-time";
import { normaliseReminderDays } from "#app/domain/reminder-schedule";
import { signingState } from "#app/domain/signature-status";
import { FormAlert } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Deadline and reminders · Undersigned" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, letter } = await requireLetter(request, params, CAN_DRAFT);
  return {
    letter: {
      id: letter.id,
      subject: letter.subject,
      status: letter.status,
      deadline: letter.signatureDeadline,
      closedAt: letter.signingClosedAt,
    },
    state: signingState(letter),
    deadlineLocal: letter.signatureDeadline ? utcToBrusselsLocal(letter.signatureDeadline) : "",
    reminderDays: (letter.reminderDays ?? []).join(", "),
    scheduled: await countScheduledReminders(db, { letterId: letter.id }),
  };
}

type ActionResult = { ok: boolean; message: MessageKey; vars?: Record<string, string | number>; field?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, letter, actor } = await requireLetter(request, params, CAN_DRAFT);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "close") {
    const r = await db.transaction((tx) => closeSigning(tx, actor, { letterId: letter.id }));
    if (!r.ok) return data<ActionResult>({ ok: false, message: "deadline.error.notCollecting" }, { status: 409 });
    return data<ActionResult>({ ok: true, message: "deadline.closed" });
  }
  if (intent === "reopen") {
    const r = await db.transaction((tx) => reopenSigning(tx, actor, { letterId: letter.id }));
    if (!r.ok) return data<ActionResult>({ ok: false, message: "deadline.error.notCollecting" }, { status: 409 });
    return data<ActionResult>({ ok: true, message: "deadline.reopened" });
  }
  if (intent === "schedule") {
    const rawDeadline = String(form.get("deadline") ?? "").trim();
    const deadline = rawDeadline ? brusselsLocalToUtc(rawDeadline) : null;
    if (rawDeadline && !deadline)
      return data<ActionResult>({ ok: false, message: "deadline.error.format", field: "deadline" }, { status: 400 });
    const rawDays = String(form.get("reminderDays") ?? "").slice(0, 100);
    const parts = rawDays.split(/[,;\s]+/).filter(Boolean);
    const days = normaliseReminderDays(parts);
    if (days.length !== new Set(parts.map((p) => p.trim())).size)
      return data<ActionResult>({ ok: false, message: "deadline.error.days", field: "reminderDays" }, { status: 400 });
    const r = await db.transaction((tx) =>
      updateSigningSchedule(tx, actor, { letterId: letter.id, deadline, reminderDays: days }),
    );
    if (!r.ok) {
      const message: MessageKey =
        r.error === "past-deadline"
          ? "deadline.error.past"
          : r.error === "not-collecting"
            ? "deadline.error.notCollecting"
            : "error.notFound.title";
      return data<ActionResult>(
        { ok: false, message, field: r.error === "past-deadline" ? "deadline" : undefined },
        { status: r.error === "not-found" ? 404 : 400 },
      );
    }
    return data<ActionResult>({ ok: true, message: "deadline.saved", vars: { count: r.scheduled } });
  }
  return data<ActionResult>({ ok: false, message: "error.forbidden" }, { status: 400 });
}

export default function DeadlinePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const collecting = d.letter.status === "collecting";
  return (
    <>
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("deadline.title")}</h1>
      {result ? <FormAlert kind={result.ok ? "ok" : "error"} message={t(result.message, result.vars)} /> : null}
      <section className="card" aria-live="polite">
        <p>
          {d.letter.deadline
            ? t("deadline.current", {
                date: formatDate(locale, d.letter.deadline, { dateStyle: "full", timeStyle: "short" }),
              })
            : t("deadline.none")}
        </p>
        {d.state === "open" ? <p>{t("deadline.open")}</p> : null}
        {d.state === "deadline-passed" ? <FormAlert kind="warn" message={t("deadline.passed")} /> : null}
        {d.state === "closed-by-office" && d.letter.closedAt ? (
          <FormAlert
            kind="warn"
            message={t("deadline.closedAt", {
              date: formatDate(locale, d.letter.closedAt, { dateStyle: "medium", timeStyle: "short" }),
            })}
          />
        ) : null}
        <p className="muted">{t("deadline.scheduled", { count: d.scheduled })}</p>
        {collecting ? (
          <Form method="post">
            {d.letter.closedAt ? (
              <button type="submit" name="intent" value="reopen" disabled={busy}>
                {t("deadline.reopen")}
              </button>
            ) : (
              <button type="submit" name="intent" value="close" className="danger" disabled={busy}>
                {t("deadline.close")}
              </button>
            )}
          </Form>
        ) : null}
      </section>
      {collecting || d.letter.status === "draft" ? (
        <Form method="post" className="card" noValidate>
          <input type="hidden" name="intent" value="schedule" />
          <label htmlFor="deadline">{t("deadline.field")}</label>
          <p className="hint" id="deadline-hint">
            {t("deadline.field.hint")}
          </p>
          <input
            id="deadline"
            name="deadline"
            type="datetime-local"
            defaultValue={d.deadlineLocal}
            aria-describedby="deadline-hint"
            aria-invalid={result?.field === "deadline" ? true : undefined}
          />
          <label htmlFor="reminderDays">{t("deadline.reminders")}</label>
          <p className="hint" id="reminderDays-hint">
            {t("deadline.reminders.hint")}
          </p>
          <input
            id="reminderDays"
            name="reminderDays"
            type="text"
            inputMode="numeric"
            maxLength={100}
            defaultValue={d.reminderDays}
            aria-describedby="reminderDays-hint"
            aria-invalid={result?.field === "reminderDays" ? true : undefined}
          />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("deadline.save")}
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
