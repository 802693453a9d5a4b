/**
 * A campaign: its state in words, its letters against their reply clocks, the escalation ladder of each sent
 * letter (letter → reminder → question → answer), the timeline of everything in it
 * (filterable by kind and paged with plain links, so it works without JavaScript) and its press items.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { requireUuid } from "#app/infra/ids";
import { CAN_TRACK, requireRole, requireUser } from "#app/web/session.server";
import { formError, notFound, readForm, zodFieldErrors } from "#app/web/http.server";
import { formClaim, newFormKey, userScope } from "#app/web/form-key.server";
import { campaignPage } from "#app/services/campaigns.server";
import { addPressItem, deletePressItem, getCampaign } from "#app/models/campaigns.server";
import { once } from "#app/models/form-submissions.server";
import { PressItemSchema } from "#app/domain/campaign-forms";
import { parseTimelineKinds, TIMELINE_KINDS, type TimelineItem } from "#app/domain/campaign-timeline";
import { Field, FormAlert, StatusBadge } from "#app/components/field";
import { FormKey } from "#app/components/form-key";
import { CampaignSummaryLine } from "#app/components/campaign-summary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.campaign.title ?? "Campaign"} · Undersigned` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireUuid(params.campaignId);
  const ctx = await requireUser(request);
  const url = new URL(request.url);
  const kinds = parseTimelineKinds(url.searchParams.getAll("kind"));
  const rawPage = Number(url.searchParams.get("page") ?? "1");
  const page = Number.isInteger(rawPage) && rawPage > 0 ? rawPage : 1;
  const view = await campaignPage(await getDb(), { id, officeId: ctx.office.id, kinds, page });
  if (!view) throw notFound();
  return {
    campaign: { id: view.campaign.id, title: view.campaign.title, summary: view.campaign.summary },
    summary: view.summary,
    letters: view.letters,
    ladder: view.ladder,
    timeline: view.timeline,
    timelineTotal: view.timelineTotal,
    page: view.page,
    pages: view.pages,
    kinds,
    press: view.press,
    canEdit: CAN_TRACK.includes(ctx.role),
    formKey: newFormKey(),
  };
}

type ActionResult =
  | { ok: true; intent: string; message: MessageKey }
  | { ok: false; intent?: string; fieldErrors: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const campaignId = requireUuid(params.campaignId);
  const ctx = await requireRole(request, CAN_TRACK);
  const db = await getDb();
  if (!(await getCampaign(db, { id: campaignId, officeId: ctx.office.id }))) throw notFound();
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const actor = { userId: ctx.user.id, officeId: ctx.office.id };

  if (intent === "add-press") {
    const p = PressItemSchema.safeParse({
      title: form.get("title") ?? "",
      outlet: form.get("outlet") ?? "",
      publishedOn: form.get("publishedOn") ?? "",
      url: form.get("url") ?? "",
      note: form.get("note") ?? "",
      letterId: form.get("letterId") ?? "",
    });
    if (!p.success) return formError(zodFieldErrors(p.error.issues), 400, { intent });
    const claim = formClaim(form, userScope(ctx.user.id), `campaigns/${campaignId}/press`);
    const r = await db.transaction((tx) => once(tx, claim, () => addPressItem(tx, actor, campaignId, p.data)));
    if (!r.ok) {
      if (r.error === "not-found") throw notFound();
      return formError({ letterId: "press.error.letter" }, 400, { intent });
    }
    return data<ActionResult>({ ok: true, intent, message: "press.added" });
  }
  if (intent === "remove-press") {
    const id = requireUuid(form.get("pressItemId"));
    const removed = await db.transaction((tx) => deletePressItem(tx, actor, { campaignId, id }));
    if (!removed) return formError({ form: "press.error.gone" }, 404, { intent });
    return data<ActionResult>({ ok: true, intent, message: "press.removed" });
  }
  return formError({ form: "form.error.broken" }, 400);
}

const CLOCK_CLASS: Record<string, string> = { replied: "ok", "on-time": "", overdue: "warn", "very-overdue": "bad" };

function TimelineEntry({ item }: { item: TimelineItem }) {
  const t = useT();
  switch (item.kind) {
    case "letter":
      return (
        <Link to={`/letters/${item.letterId}`}>
          {t(item.event === "sent" ? "campaign.timeline.letter.sent" : "campaign.timeline.letter.drafted", {
            subject: item.subject,
          })}
        </Link>
      );
    case "reply":
      return (
        <Link to={`/letters/${item.letterId}/replies`}>
          {t("campaign.timeline.reply", {
            kind: t(`replies.kind.${item.replyKind}` as MessageKey),
            sender: item.sender,
            subject: item.subject,
          })}
        </Link>
      );
    case "question": {
      const text = t(
        item.event === "answered" ? "campaign.timeline.question.answered" : "campaign.timeline.question.tabled",
        { reference: item.reference },
      );
      return (
        <>
          {item.url ? <a href={item.url}>{text}</a> : text}
          {item.title ? <div className="muted">{item.title}</div> : null}
        </>
      );
    }
    case "press": {
      const text = t("campaign.timeline.press", { outlet: item.outlet, title: item.title });
      return (
        <>
          {item.url ? (
            <a href={item.url} rel="noopener noreferrer">
              {text}
            </a>
          ) : (
            text
          )}
          {item.subject || item.note ? (
            <div className="muted">{[item.subject, item.note].filter(Boolean).join(" — ")}</div>
          ) : null}
        </>
      );
    }
  }
}

export default function Campaign() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const locale = useLocale();
  const errors = (result && !result.ok ? result.fieldErrors : {}) as Record<string, string>;
  const pressErrors = result && !result.ok && result.intent === "add-press" ? errors : {};
  const date = (iso: string) => formatDate(locale, `${iso}T12:00:00Z`);
  const pageLink = (page: number) => {
    const q = new URLSearchParams();
    if (d.kinds.length < TIMELINE_KINDS.length) for (const k of d.kinds) q.append("kind", k);
    if (page > 1) q.set("page", String(page));
    const s = q.toString();
    return `?${s}#timeline`;
  };
  return (
    <>
      <p>
        <Link to="/campaigns">← {t("campaigns.title")}</Link>
      </p>
      <h1>{d.campaign.title}</h1>
      {d.campaign.summary ? <p>{d.campaign.summary}</p> : null}
      <p>
        <strong>{t("campaign.summary.label")}:</strong> <CampaignSummaryLine summary={d.summary} />
      </p>
      {result?.ok ? <FormAlert kind="ok" message={t(result.message)} /> : null}
      {errors.form ? <FormAlert message={t(errors.form as MessageKey)} /> : null}

      <h2>{t("campaigns.letters")}</h2>
      {d.letters.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("letters.col.subject")}</th>
                <th scope="col">{t("letters.col.status")}</th>
                <th scope="col">{t("campaign.col.reply")}</th>
                <th scope="col">{t("campaign.col.replies")}</th>
              </tr>
            </thead>
            <tbody>
              {d.letters.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/letters/${l.id}`}>{l.subject}</Link>
                  </td>
                  <td>
                    <StatusBadge status={l.status} />
                  </td>
                  <td>
                    {l.clock ? (
                      <span className={`badge ${CLOCK_CLASS[l.clock.state]}`}>
                        {t(`campaign.clock.${l.clock.state}` as MessageKey, {
                          date: date(l.clock.due),
                          count: l.clock.late,
                        })}
                      </span>
                    ) : (
                      t("campaign.clock.notSent")
                    )}
                  </td>
                  <td>{l.replies}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("campaigns.noLetters")}</p>
      )}

      {d.ladder.length ? (
        <section aria-labelledby="ladder-title">
          <h2 id="ladder-title">{t("campaign.ladder.title")}</h2>
          <p className="hint">{t("campaign.ladder.intro")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("campaign.ladder.letter")}</th>
                  <th scope="col">{t("campaign.ladder.reminder")}</th>
                  <th scope="col">{t("campaign.ladder.question")}</th>
                  <th scope="col">{t("campaign.ladder.answer")}</th>
                </tr>
              </thead>
              <tbody>
                {d.ladder.map((l) => (
                  <tr key={l.letterId} data-reached={l.reached}>
                    <th scope="row">
                      <Link to={`/letters/${l.letterId}`}>{l.subject}</Link>
                      <div className="muted">{t("campaign.ladder.sent", { date: date(l.sentOn) })}</div>
                    </th>
                    <td>{l.reminderOn ? date(l.reminderOn) : t("campaign.ladder.notYet")}</td>
                    <td>
                      {l.question ? (
                        <>
                          <Link to={`/questions/${l.question.id}`}>{l.question.reference}</Link>
                          {l.question.tabledOn
                            ? ` · ${t("campaign.ladder.tabled", { date: date(l.question.tabledOn) })}`
                            : ""}
                        </>
                      ) : (
                        t("campaign.ladder.notYet")
                      )}
                    </td>
                    <td>
                      {l.answer
                        ? t(l.answer.kind === "question" ? "campaign.ladder.answered" : "campaign.ladder.replied", {
                            date: date(l.answer.on),
                            by: l.answer.by ?? "",
                          })
                        : t("campaign.ladder.notYet")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <h2 id="timeline">{t("campaign.timeline.title")}</h2>
      <Form method="get" className="inline-form" action="#timeline">
        <fieldset>
          <legend>{t("campaign.timeline.show")}</legend>
          {TIMELINE_KINDS.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" name="kind" value={k} defaultChecked={d.kinds.includes(k)} />{" "}
              {t(`campaign.timeline.kind.${k}` as MessageKey)}
            </label>
          ))}
          <button type="submit">{t("campaign.timeline.filter")}</button>
        </fieldset>
      </Form>
      {d.timeline.length ? (
        <ol className="timeline">
          {d.timeline.map((item, i) => (
            <li key={`${item.kind}-${"id" in item ? item.id : item.letterId}-${i}`}>
              <time dateTime={item.on}>{date(item.on)}</time> <TimelineEntry item={item} />
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("campaign.timeline.empty")}</p>
      )}
      {d.pages > 1 ? (
        <nav aria-label={t("campaign.timeline.title")} className="pager">
          {d.page > 1 ? <Link to={pageLink(d.page - 1)}>← {t("campaign.timeline.newer")}</Link> : null}{" "}
          <span>{t("campaign.timeline.page", { page: d.page, pages: d.pages, count: d.timelineTotal })}</span>{" "}
          {d.page < d.pages ? <Link to={pageLink(d.page + 1)}>{t("campaign.timeline.older")} →</Link> : null}
        </nav>
      ) : null}

      <h2 id="press">{t("press.title")}</h2>
      {d.press.length ? (
        <ul>
          {d.press.map((p) => (
            <li key={p.id}>
              <time dateTime={p.publishedOn}>{date(p.publishedOn)}</time> · {p.outlet}:{" "}
              {p.url ? (
                <a href={p.url} rel="noopener noreferrer">
                  {p.title}
                </a>
              ) : (
                p.title
              )}
              {p.note ? <div className="muted">{p.note}</div> : null}
              {d.canEdit ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="remove-press" />
                  <input type="hidden" name="pressItemId" value={p.id} />
                  <button type="submit" className="secondary" aria-label={t("press.removeLabel", { title: p.title })}>
                    {t("press.remove")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("press.empty")}</p>
      )}
      {d.canEdit ? (
        <Form method="post" className="card" noValidate action="#press">
          <h3>{t("press.add")}</h3>
          <input type="hidden" name="intent" value="add-press" />
          <FormKey value={d.formKey} />
          <Field id="press-title" label={t("press.field.title")} error={pressErrors.title}>
            {(a) => <input {...a} name="title" type="text" required maxLength={300} />}
          </Field>
          <Field id="press-outlet" label={t("press.field.outlet")} error={pressErrors.outlet}>
            {(a) => <input {...a} name="outlet" type="text" required maxLength={200} />}
          </Field>
          <Field
            id="press-date"
            label={t("press.field.publishedOn")}
            hint={t("press.field.publishedOn.hint")}
            error={pressErrors.publishedOn}
          >
            {(a) => <input {...a} name="publishedOn" type="date" required />}
          </Field>
          <Field id="press-url" label={t("press.field.url")} error={pressErrors.url}>
            {(a) => <input {...a} name="url" type="url" inputMode="url" maxLength={2000} />}
          </Field>
          {d.letters.length ? (
            <Field id="press-letter" label={t("press.field.letter")} error={pressErrors.letterId}>
              {(a) => (
                <select {...a} name="letterId" defaultValue="">
                  <option value="">{t("press.letter.none")}</option>
                  {d.letters.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.subject}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <Field id="press-note" label={t("press.field.note")} error={pressErrors.note}>
            {(a) => <textarea {...a} name="note" rows={2} maxLength={2000} />}
          </Field>
          <div className="actions">
            <button type="submit">{t("press.add")}</button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
