/**
 * Ready to send: the checklist, the send button (behind a recent sign-in), and once sent, the send's status per
 * recipient with the PDF and the send record to download.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readForm, notFound } from "#app/web/http.server";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDate, formatSoon, useLocale, useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_DRAFT } from "#app/web/session.server";
import { releaseHeldEmails } from "#app/infra/mailer.server";
import { getSend, isRecentlyVerified, listSendEmails, sendReadiness } from "#app/models/sending.server";
import { sendLetter } from "#app/services/sending.server";
import { getCurrentVersion } from "#app/models/letters.server";
import { FormAlert } from "#app/components/field";
import { getOfficeTimeZone } from "#app/models/offices.server";
import { staffLocale } from "#app/web/page-locale.server";
import { isPermanent, messageStateOf, problemOf, PROBLEM_KEYS, sendProgressOf } from "#app/domain/delivery";

export const meta: MetaFunction = () => [{ title: "Send the letter · Undersigned" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_DRAFT);
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  if (letter.status === "sent") {
    const send = await getSend(db, scope);
    if (send) {
      const [rows, timeZone] = await Promise.all([listSendEmails(db, scope), getOfficeTimeZone(db, ctx.office.id)]);
      const locale = staffLocale(request, ctx.user);
      const now = new Date();
      const time = (at: Date | null) => (at ? formatSoon(locale, at, timeZone, now) : null);
      // What staff see: the state in words and the kind of problem, never the provider's raw answer.
      const view = (r: (typeof rows)[number]) => {
        const state = messageStateOf(r);
        const problem = state === "accepted" || state === "delivered" ? null : problemOf(r.lastError);
        return {
          id: r.id,
          name: r.toName,
          address: r.toAddress,
          state,
          retryAt: state === "retrying" ? time(r.retryAt) : null,
          problem: problem ? PROBLEM_KEYS[problem] : null,
          permanent: (state === "failed" || state === "bounced") && (isPermanent(problem) || state === "bounced"),
          sentAt: r.sentAt,
        };
      };
      const letterRows = rows.filter((r) => r.kind === "letter");
      const progress = sendProgressOf(letterRows.map((r) => ({ state: messageStateOf(r), retryAt: r.retryAt })));
      const recipients = letterRows.map(view);
      return {
        sent: true as const,
        letter: { id: letter.id, subject: letter.subject },
        timeZone,
        progress: {
          state: progress.state,
          delivered: progress.delivered,
          total: progress.total,
          failed: progress.failed,
          retryAt: time(progress.retryAt),
          permanent: recipients.some((r) => r.permanent),
        },
        send: {
          createdAt: send.createdAt,
          completedAt: send.completedAt,
          pdfSha256: send.pdfSha256,
          htmlSha256: send.htmlSha256,
          signatoryCount: send.signatoryCount,
          // No version can be published after sending: the current one is the one sent.
          versionNumber: (await getCurrentVersion(db, letter.id))?.number ?? null,
        },
        recipients,
        notices: rows.filter((r) => r.kind === "signatory-notice").map(view),
      };
    }
  }
  const r = await sendReadiness(db, scope);
  if (!r) throw notFound();
  return {
    sent: false as const,
    letter: { id: letter.id, subject: letter.subject, status: letter.status },
    office: r.office?.name ?? ctx.office.name,
    version: r.version ? { number: r.version.number, sha256: r.version.sha256, createdAt: r.version.createdAt } : null,
    signatures: r.signatories.length,
    excluded: r.excluded,
    signing: r.signing,
    recipients: r.recipients.map((a) => ({ id: a.id, name: a.name, email: a.email, kind: a.kind })),
    missingEmail: r.missingEmail.map((a) => a.name),
    sender: r.sender,
    notices: r.notices,
    problems: r.problems,
    reauthNeeded: !isRecentlyVerified(ctx.verifiedAt),
  };
}

type ActionData = { ok: boolean; message: MessageKey; vars?: Record<string, string | number> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, db, letter, actor } = await requireLetter(request, params, CAN_DRAFT);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "release") {
    const n = await releaseHeldEmails(db, { officeId: ctx.office.id });
    return data<ActionData>({ ok: true, message: "sending.status.released", vars: { count: n } });
  }
  if (intent !== "send")
    return data<ActionData>({ ok: false, message: "error.forbidden" as MessageKey }, { status: 400 });
  if (!isRecentlyVerified(ctx.verifiedAt)) {
    throw redirect(`/reauth?redirectTo=${encodeURIComponent(`/letters/${letter.id}/send`)}`);
  }
  const expected = form.get("versionHash");
  const result = await sendLetter(db, actor, {
    letterId: letter.id,
    expectedVersionHash: typeof expected === "string" && expected ? expected : undefined,
    sessionVerifiedAt: ctx.verifiedAt,
  });
  if (result.ok) throw redirect(`/letters/${letter.id}/send?sent=1`);
  switch (result.error) {
    case "not-found":
      throw notFound();
    case "reauth-required":
      throw redirect(`/reauth?redirectTo=${encodeURIComponent(`/letters/${letter.id}/send`)}`);
    case "already-sent":
      return data<ActionData>({ ok: false, message: "sending.error.already" }, { status: 409 });
    case "version-changed":
      return data<ActionData>({ ok: false, message: "sending.error.versionChanged" }, { status: 409 });
    case "not-ready":
      return data<ActionData>(
        { ok: false, message: "sending.error.notReady", vars: { reasons: result.reasons.join("|") } },
        { status: 409 },
      );
  }
}

function Check({ ok, children }: { ok: boolean; children: React.ReactNode }) {
  const t = useT();
  return (
    <li className={ok ? "check-ok" : "check-bad"}>
      <span className={`badge ${ok ? "ok" : "bad"}`}>{ok ? t("sending.check.ok") : t("sending.check.problem")}</span>{" "}
      {children}
    </li>
  );
}

type MessageRow = {
  id: string;
  name: string | null;
  address: string;
  state: string;
  retryAt: string | null;
  problem: string | null;
  permanent: boolean;
  sentAt: Date | string | null;
};

const GOOD = new Set(["accepted", "delivered"]);
const BAD = new Set(["failed", "bounced", "held"]);

function StatusTable({ rows, caption }: { rows: MessageRow[]; caption: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("sending.status.col.recipient")}</th>
            <th scope="col">{t("sending.status.col.status")}</th>
            <th scope="col">{t("sending.status.col.sentAt")}</th>
            <th scope="col">{t("sending.status.col.error")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-state={r.state}>
              <td>
                {r.name ? `${r.name} ` : ""}
                <span className="muted">&lt;{r.address}&gt;</span>
              </td>
              <td>
                <span className={`badge ${GOOD.has(r.state) ? "ok" : BAD.has(r.state) ? "bad" : ""}`}>
                  {t(`sending.state.${r.state}` as MessageKey, { time: r.retryAt ?? "—" })}
                </span>
              </td>
              <td>{r.sentAt ? formatDate(locale, r.sentAt, { dateStyle: "medium", timeStyle: "short" }) : "—"}</td>
              <td className={r.permanent ? "field-error" : "muted"}>{r.problem ? t(r.problem as MessageKey) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function SendPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const alert = result ? (
    <FormAlert
      kind={result.ok ? "ok" : "error"}
      message={t(result.message, {
        ...(result.vars ?? {}),
        reasons:
          typeof result.vars?.reasons === "string"
            ? result.vars.reasons
                .split("|")
                .map((r) => t(r as MessageKey))
                .join("; ")
            : undefined,
      })}
    />
  ) : null;

  if (d.sent) {
    const s = d.send;
    const p = d.progress;
    const sentNotices = d.notices.filter((n) => GOOD.has(n.state) || n.state === "bounced").length;
    const badge = p.state === "failed" ? "partial" : p.state;
    return (
      <div>
        <p>
          <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
        </p>
        <h1>{p.state === "sent" ? t("sending.status.title") : t(`sending.title.${p.state}` as MessageKey)}</h1>
        {alert}
        <p>
          {t(p.state === "sent" ? "sending.status.sentAt" : "sending.progress.startedAt", {
            date: formatDate(locale, s.createdAt, { dateStyle: "long", timeStyle: "short", timeZone: d.timeZone }),
          })}
        </p>
        <p data-send-status={p.state}>
          <span
            className={`badge ${p.state === "sent" ? "ok" : p.state === "sending" || p.state === "retrying" ? "" : "bad"}`}
          >
            {t(`sending.status.${badge}` as MessageKey)}
          </span>{" "}
          <span data-progress>
            {t(`sending.progress.${p.state}` as MessageKey, {
              delivered: p.delivered,
              total: p.total,
              failed: p.failed,
              time: p.retryAt ?? "—",
            })}
          </span>
        </p>
        {p.permanent ? <FormAlert kind="error" message={t("sending.progress.permanent")} /> : null}
        {p.state === "held" ? (
          <>
            <FormAlert kind="warn" message={t("sending.status.heldHelp")} />
            <Form method="post">
              <input type="hidden" name="intent" value="release" />
              <button type="submit" disabled={busy}>
                {t("sending.status.release")}
              </button>
            </Form>
          </>
        ) : null}
        <p className="actions">
          <a href={`/letters/${d.letter.id}/pdf`} download>
            {t("sending.download.pdf")}
          </a>{" "}
          {s.versionNumber ? (
            <>
              <a href={`/letters/${d.letter.id}/versions/${s.versionNumber}/docx`} download>
                {t("word.export.download")}
              </a>{" "}
            </>
          ) : null}
          <a href={`/letters/${d.letter.id}/record`} download>
            {t("sending.download.record")}
          </a>
        </p>
        <p className="muted mono">{t("sending.hashes", { pdf: s.pdfSha256 ?? "—", html: s.htmlSha256 ?? "—" })}</p>
        <h2>{t("sending.status.recipients")}</h2>
        <StatusTable rows={d.recipients} caption={t("sending.status.recipients")} />
        <h2>{t("sending.status.notices")}</h2>
        <p>{t("sending.status.noticeSummary", { sent: sentNotices, total: d.notices.length })}</p>
        {d.notices.length ? <StatusTable rows={d.notices} caption={t("sending.status.notices")} /> : null}
      </div>
    );
  }

  const ready = d.problems.length === 0;
  return (
    <div className="narrow">
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("send.title")}</h1>
      {alert}
      <section className="card" aria-labelledby="checklist-title">
        <h2 id="checklist-title">{t("sending.check.title")}</h2>
        <ul className="checklist">
          <Check ok={Boolean(d.version)}>
            {d.version ? (
              <>
                {t("sending.check.version", {
                  number: d.version.number,
                  date: formatDate(locale, d.version.createdAt, { dateStyle: "medium", timeStyle: "short" }),
                })}
                <div className="muted mono">{t("sending.check.versionHash", { hash: d.version.sha256 })}</div>
              </>
            ) : (
              t("sending.reason.noVersion")
            )}
          </Check>
          <Check ok={d.signatures > 0}>
            {t("sending.check.signatures", { count: d.signatures })}
            {d.excluded > 0 ? <div className="muted">{t("sending.check.excluded", { count: d.excluded })}</div> : null}
          </Check>
          <Check ok={d.signing.closed}>
            {d.signing.closedAt
              ? t("sending.check.closed", {
                  date: formatDate(locale, d.signing.closedAt, { dateStyle: "medium", timeStyle: "short" }),
                })
              : d.signing.deadlinePassed && d.signing.deadline
                ? t("sending.check.deadlinePassed", {
                    date: formatDate(locale, d.signing.deadline, { dateStyle: "medium", timeStyle: "short" }),
                  })
                : d.signing.closed
                  ? t("sending.check.closed", { date: "—" })
                  : t("sending.reason.signingOpen")}
          </Check>
          <Check ok={d.recipients.some((r) => r.kind === "to")}>
            {t("sending.check.addressees", { count: d.recipients.length })}
            <ul>
              {d.recipients.map((a) => (
                <li key={a.id}>
                  {a.kind === "cc" ? "Cc: " : ""}
                  {a.name} &lt;{a.email}&gt;
                </li>
              ))}
              {d.missingEmail.map((n) => (
                <li key={n} className="field-error">
                  {t("sending.check.missingEmail", { name: n })}
                </li>
              ))}
            </ul>
          </Check>
          <Check ok={!d.problems.includes("sending.reason.badReplyTo")}>
            {t("sending.check.sender", { from: d.sender.from, office: d.office })}
            <div className="muted">
              {d.sender.replyTo
                ? t("sending.check.replyTo", { email: d.sender.replyTo })
                : t("sending.check.noReplyTo")}
            </div>
            <div className="muted">
              {t(d.sender.transport === "resend" ? "sending.check.transport.resend" : "sending.check.transport.local")}
            </div>
          </Check>
        </ul>
        <p className="muted">{t("sending.check.notices", { count: d.notices })}</p>
        {d.version ? (
          <p>
            <a href={`/letters/${d.letter.id}/pdf?preview=1`}>{t("sending.preview")}</a>{" "}
            <a href={`/letters/${d.letter.id}/versions/${d.version.number}/docx`} download>
              {t("word.export.download")}
            </a>
          </p>
        ) : null}
      </section>
      {ready ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="send" />
          <input type="hidden" name="versionHash" value={d.version?.sha256 ?? ""} />
          <p>{t("sending.confirmNote")}</p>
          {d.reauthNeeded ? <p className="muted">{t("sending.reauth.needed")}</p> : null}
          <button type="submit" disabled={busy}>
            {t("sending.confirm", { count: d.recipients.length })}
          </button>
        </Form>
      ) : (
        <FormAlert
          kind="warn"
          message={t("sending.error.notReady", { reasons: d.problems.map((p) => t(p as MessageKey)).join("; ") })}
        />
      )}
    </div>
  );
}
