import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDate, formatSoon, useLocale, useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_DRAFT, CAN_TRACK } from "#app/web/session.server";
import { formError, readForm, notFound } from "#app/web/http.server";
import { requireUuid } from "#app/infra/ids";
import { getCurrentVersion, listAddressees, listVersions } from "#app/models/letters.server";
import { decideSignature } from "#app/models/sending.server";
import { countOpenComments } from "#app/models/comments.server";
import { listInvitations, listSignatures, revokeInvitation, signingSummary } from "#app/models/signing.server";
import {
  letterTimeline,
  linkQuestion,
  latestInvitationEmails,
  listLetterEmails,
  listLinkedQuestions,
  listReplies,
} from "#app/models/tracking.server";
import {
  parseQuestionReference,
  formatQuestionReference,
  questionUrl,
  type QuestionType,
} from "#app/domain/question-reference";
import { letterCallsForQuestion } from "#app/domain/question-drafting";
import { renderCountLineEn } from "#app/domain/undersigned-block";
import { signatureStatus } from "#app/domain/signature-status";
import { Field, FormAlert, StatusBadge } from "#app/components/field";
import { LetterBody } from "#app/editor/letter-body";
import { ReplyMatrix } from "#app/components/reply-matrix";
import { letterReplyMatrix, matrixRowView, replyNow } from "#app/services/replies.server";
import { fullName } from "#app/domain/names";
import { LetterPaper } from "#app/components/letter-paper";
import { messageStateOf, problemOf, PROBLEM_KEYS } from "#app/domain/delivery";
import { getOfficeTimeZone } from "#app/models/offices.server";
import { deliveryView } from "#app/web/delivery-view.server";
import { DeliveryCell, PermanentFailures } from "#app/components/invitation-delivery";
import { staffLocale } from "#app/web/page-locale.server";

const PAGE_ROWS = 100;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.letter.subject ?? "Letter"} · Undersigned` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params);
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  const [version, addressees, invitations, signatures, summary, replies, questions, timeline, emails] =
    await Promise.all([
      getCurrentVersion(db, letter.id),
      listAddressees(db, scope),
      // The page lists at most this many rows; the tally page has everything (a 700-signature letter stays fast).
      listInvitations(db, { ...scope, unsignedOnly: true, limit: PAGE_ROWS }),
      listSignatures(db, { ...scope, limit: PAGE_ROWS }),
      signingSummary(db, scope),
      listReplies(db, scope),
      listLinkedQuestions(db, scope),
      letterTimeline(db, scope),
      listLetterEmails(db, { ...scope, kind: "letter" }),
    ]);
  // The reply register's clock (moved forward by the test clock outside production).
  const now = await replyNow(db);
  const [versions, openComments, replyMatrix, timeZone, deliveries] = await Promise.all([
    listVersions(db, scope),
    countOpenComments(db, scope),
    letter.status === "sent" ? letterReplyMatrix(db, { ...scope, now }) : Promise.resolve([]),
    getOfficeTimeZone(db, ctx.office.id),
    latestInvitationEmails(db, scope),
  ]);
  const countLine = renderCountLineEn(summary.countLine);
  const locale = staffLocale(request, ctx.user);
  return {
    letter: {
      id: letter.id,
      subject: letter.subject,
      status: letter.status,
      language: letter.language,
      signatureDeadline: letter.signatureDeadline,
      sentAt: letter.sentAt,
      placeLine: letter.placeLine,
      ourReference: letter.ourReference,
    },
    version: version
      ? { number: version.number, sha256: version.sha256, html: version.html, kind: version.kind }
      : null,
    addressees,
    invitations: invitations.map((i) => ({
      ...i,
      delivery: deliveryView(deliveries.get(i.id), (at) => formatSoon(locale, at, timeZone)),
    })),
    signatures,
    countLine,
    summary,
    replies,
    // The escalation ladder's next step: no reply and overdue, on the office's reply clock as the matrix shows it.
    callsForQuestion:
      letter.status === "sent" &&
      (letterCallsForQuestion(letter.sentAt, replies, now) ||
        replyMatrix.some((r) => r.status.state === "overdue" || r.status.state === "very-overdue")),
    questions: questions.map((q) => ({
      ...q,
      url: questionUrl({ ...q.question, type: q.question.type as QuestionType }, "en"),
    })),
    timeline,
    // In words, never the provider's raw answer (that stays in the send record).
    emails: emails.map((e) => {
      const state = messageStateOf(e);
      const problem = state === "accepted" || state === "delivered" ? null : problemOf(e.lastError);
      return {
        id: e.id,
        toName: e.toName,
        toAddress: e.toAddress,
        state,
        retryAt: state === "retrying" && e.retryAt ? formatSoon(locale, e.retryAt, timeZone) : null,
        problem: problem ? PROBLEM_KEYS[problem] : null,
      };
    }),
    canDraft: CAN_DRAFT.includes(ctx.role),
    versions: versions.map((v) => ({ number: v.number, kind: v.kind, createdAt: v.createdAt })),
    draftRevision: letter.draftRevision,
    openComments,
    replyMatrix: replyMatrix.map(matrixRowView),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request, { long: ["body"] });
  const intent = form.get("intent");
  const { db, letter, actor } = await requireLetter(
    request,
    params,
    intent === "revoke" || intent === "include" || intent === "exclude" ? CAN_DRAFT : CAN_TRACK,
  );
  if (intent === "question") {
    const raw = String(form.get("reference") ?? "").slice(0, 60);
    const parsed = parseQuestionReference(raw);
    if (!parsed.ok) return formError({ reference: parsed.error }, 400, { intent });
    if (parsed.value.term === null) return formError({ reference: "question.termAmbiguous" }, 400, { intent });
    const q = parsed.value;
    const reference = formatQuestionReference(q);
    const note =
      String(form.get("note") ?? "")
        .trim()
        .slice(0, 500) || null;
    const replyId = form.get("replyId") ? requireUuid(form.get("replyId")) : null;
    const result = await db.transaction((tx) =>
      linkQuestion(tx, actor, {
        letterId: letter.id,
        question: { type: q.type, number: q.number, year: q.year, term: q.term!, reference },
        replyId,
        note,
      }),
    );
    if (!result.ok) return formError({ replyId: "error.notFound.title" }, 400, { intent });
    return {
      ok: true as const,
      intent,
      message: (result.alreadyLinked ? "letter.question.already" : "letter.question.saved") as MessageKey,
      vars: { reference },
    };
  }
  if (intent === "include" || intent === "exclude") {
    const signatureId = requireUuid(form.get("signatureId"));
    const r = await db.transaction((tx) =>
      decideSignature(tx, actor, { letterId: letter.id, signatureId, include: intent === "include" }),
    );
    if (!r.ok && r.error === "not-found") throw notFound();
    if (!r.ok) return formError({ form: "letter.error.locked" }, 409, { intent });
    return {
      ok: true as const,
      intent,
      message: (intent === "include" ? "letter.signature.included" : "letter.signature.excluded") as MessageKey,
      vars: {},
    };
  }
  if (intent === "revoke") {
    const invitationId = requireUuid(form.get("invitationId"));
    const r = await db.transaction((tx) => revokeInvitation(tx, actor, { letterId: letter.id, invitationId }));
    if (!r.ok) throw notFound();
    return { ok: true as const, intent, message: "invite.revoked" as MessageKey, vars: {} };
  }
  return data({ ok: false as const, fieldErrors: { form: "error.forbidden" } }, { status: 400 });
}

/** After publishing: which kind the version was given, and a warning when "editorial" was asked but refused. */
function PublishedNotice({ version }: { version: { number: number; kind: string } | null }) {
  const t = useT();
  const [params] = useSearchParams();
  const number = Number(params.get("published"));
  if (!version || number !== version.number) return null;
  if (params.get("overruled") === "1")
    return <FormAlert kind="warn" message={t("letter.published.overruled", { number })} />;
  return (
    <FormAlert
      kind="ok"
      message={t("letter.published.kind", { number, kind: t(`versions.kind.${version.kind}` as MessageKey) })}
    />
  );
}

export default function LetterPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errors = (result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string>;
  const errorIntent = result && "intent" in result ? result.intent : null;
  const { letter } = d;
  return (
    <>
      <p>
        <Link to="/letters">← {t("letters.title")}</Link>
      </p>
      <h1>{letter.subject}</h1>
      <PublishedNotice version={d.version} />
      <p>
        <StatusBadge status={letter.status} />{" "}
        {letter.sentAt ? <span>{t("letter.sent.on", { date: formatDate(locale, letter.sentAt) })}</span> : null}
        {letter.signatureDeadline && letter.status !== "sent" ? (
          <span>
            {" "}
            · {t("letters.col.deadline")}:{" "}
            {formatDate(locale, letter.signatureDeadline, { dateStyle: "medium", timeStyle: "short" })}
          </span>
        ) : null}
      </p>
      {result && "message" in result ? <FormAlert kind="ok" message={t(result.message, result.vars)} /> : null}
      {d.canDraft && letter.status !== "sent" ? (
        <div className="actions">
          <Link className="button" to="edit">
            {t("letter.edit")}
          </Link>
          {d.version ? (
            <Link className="button secondary" to="invite">
              {t("letter.invite")}
            </Link>
          ) : null}
          {d.version ? (
            <Link className="button secondary" to="send">
              {t("letter.send")}
            </Link>
          ) : null}
          {d.version ? (
            <Link className="button secondary" to="deadline">
              {t("deadline.link")}
            </Link>
          ) : null}
        </div>
      ) : null}
      <nav aria-label={t("tally.nav.label")} className="actions">
        <Link to="tally">{t("tally.nav.tally")}</Link>
        <Link to="undersigned">{t("tally.nav.undersigned")}</Link>
        <a href={`/letters/${letter.id}/signatories.csv`} download>
          {t("exports.signatories")}
        </a>
        {d.canDraft && d.version && letter.status !== "sent" ? (
          <Link to="outside">{t("tally.nav.outside")}</Link>
        ) : null}
        <Link to="comments">
          {d.openComments ? t("comments.linkCount", { count: d.openComments }) : t("comments.link")}
        </Link>
        <Link to="audit">{t("audit.link")}</Link>
      </nav>

      <div className="grid two">
        <div>
          <section aria-labelledby="current-title" className="card">
            <h2 id="current-title">{t("letter.currentVersion")}</h2>
            {d.version ? (
              <>
                <p className="muted">
                  {t("letter.version", { number: d.version.number })} · {t("letter.version.hash")}{" "}
                  <span className="mono">{d.version.sha256.slice(0, 16)}</span>
                </p>
                <LetterPaper
                  addressees={d.addressees.filter((a) => a.kind === "to")}
                  copies={d.addressees.filter((a) => a.kind === "cc")}
                  placeLine={letter.placeLine}
                  sentAt={letter.status === "sent" ? letter.sentAt : null}
                  language={letter.language}
                  subject={letter.subject}
                >
                  <LetterBody html={d.version.html} />
                </LetterPaper>
              </>
            ) : (
              <p>{t("letter.noVersion")}</p>
            )}
          </section>

          <section aria-labelledby="sig-title" className="card">
            <h2 id="sig-title">
              {t("letter.signatures")} ({d.summary.countLine.count})
            </h2>
            {d.signatures.length ? (
              <>
                <p>{d.countLine}</p>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("directory.column.member")}</th>
                        <th scope="col">{t("invite.group")}</th>
                        <th scope="col">{t("invite.country")}</th>
                        <th scope="col">{t("letter.versions")}</th>
                        <th scope="col">{t("letters.col.updated")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.signatures.map((s) => (
                        <tr key={s.id}>
                          <td>
                            {s.givenName} {s.familyName}
                            {s.signerCapacity === "staff" ? (
                              <div className="muted">
                                {t("signatures.signedBy", { name: s.signerName })}
                                {s.signerRole ? `, ${s.signerRole}` : ""}
                                {s.memberConfirmation ? (
                                  <span
                                    className={`badge ${s.memberConfirmation === "confirmed" ? "ok" : s.memberConfirmation === "rejected" ? "bad" : "warn"}`}
                                  >
                                    {" "}
                                    {t(
                                      s.memberConfirmation === "confirmed"
                                        ? "confirmation.confirmed"
                                        : s.memberConfirmation === "rejected"
                                          ? "confirmation.rejected"
                                          : "confirmation.awaiting",
                                    )}
                                  </span>
                                ) : null}
                              </div>
                            ) : null}
                          </td>
                          <td>{s.group}</td>
                          <td>{s.country}</td>
                          <td>
                            <SignatureVersion
                              signed={s.versionNumber}
                              current={d.version?.number ?? s.versionNumber}
                              versions={d.versions}
                            />
                            <FinalLetterDecision
                              signatureId={s.id}
                              decision={s.decision}
                              counts={s.decision ?? signatureStatus(d.versions, s.versionNumber) !== "needs-reconfirm"}
                              name={fullName(s)}
                              editable={d.canDraft && letter.status !== "sent"}
                            />
                          </td>
                          <td>{formatDate(locale, s.signedAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {d.summary.countLine.count > d.signatures.length ? (
                  <p className="muted">
                    <Link to="tally">
                      {t("letter.signatures.more", { shown: d.signatures.length, count: d.summary.countLine.count })}
                    </Link>
                  </p>
                ) : null}
              </>
            ) : (
              <p>{t("letter.signatures.none")}</p>
            )}
          </section>

          <section aria-labelledby="inv-title" className="card">
            <h2 id="inv-title">
              {t("letter.invitations")} ({d.summary.invitations.total})
            </h2>
            {d.summary.invitations.total ? <p>{t("letter.invitations.summary", d.summary.invitations)}</p> : null}
            <PermanentFailures invitations={d.invitations} />
            {d.invitations.length ? (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("directory.column.member")}</th>
                      <th scope="col">{t("invite.group")}</th>
                      <th scope="col">{t("letters.col.status")}</th>
                      <th scope="col">{t("invite.delivery.col")}</th>
                      {d.canDraft && letter.status !== "sent" ? (
                        <th scope="col">
                          <span className="visually-hidden">{t("invite.revoke")}</span>
                        </th>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody>
                    {d.invitations.map((i) => (
                      <tr key={i.id}>
                        <td>
                          {i.mepName}
                          {i.inviteeName !== i.mepName ? (
                            <div className="muted">{t("letter.invitations.via", { name: i.inviteeName })}</div>
                          ) : null}
                        </td>
                        <td>
                          {i.politicalGroup} · {i.country}
                        </td>
                        <td>
                          <span
                            className={`badge ${i.status === "signed" ? "ok" : i.status === "declined" || i.status === "revoked" ? "bad" : ""}`}
                          >
                            {t(`invitation.status.${i.status}` as MessageKey)}
                          </span>
                          {i.declineReason ? <div className="muted">“{i.declineReason}”</div> : null}
                        </td>
                        <td>
                          <DeliveryCell delivery={i.delivery} name={i.inviteeName} />
                        </td>
                        {d.canDraft && letter.status !== "sent" ? (
                          <td>
                            {i.status === "pending" ? (
                              <Form method="post">
                                <input type="hidden" name="intent" value="revoke" />
                                <input type="hidden" name="invitationId" value={i.id} />
                                <button
                                  type="submit"
                                  className="link-button"
                                  aria-label={`${t("invite.revoke")}: ${i.mepName}`}
                                >
                                  {t("invite.revoke")}
                                </button>
                              </Form>
                            ) : null}
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>

          <section aria-labelledby="replies-title" className="card">
            <h2 id="replies-title">{t("letter.replies")}</h2>
            {letter.status === "sent" ? <ReplyMatrix rows={d.replyMatrix} caption={t("replies.matrix.title")} /> : null}
            {d.replies.map((r) => (
              <p key={r.id}>
                <Link to={`replies/${r.id}`}>
                  {t(`replies.kind.${r.kind}` as MessageKey)}: {r.senderName}
                </Link>
                {r.senderRole ? `, ${r.senderRole}` : ""}{" "}
                <span className="muted">
                  {formatDate(locale, r.receivedOn)}
                  {r.theirReference ? ` · ${r.theirReference}` : ""}
                </span>
              </p>
            ))}
            <p className="actions">
              <Link to="replies">{t("replies.matrix.link")}</Link>
            </p>
          </section>

          <section aria-labelledby="questions-title" className="card">
            <h2 id="questions-title">{t("letter.questions")}</h2>
            {d.callsForQuestion ? (
              <p>
                <Link to={`/questions/drafts/new?letter=${letter.id}`}>{t("question.escalate")}</Link>
              </p>
            ) : null}
            {d.questions.length ? (
              <ul>
                {d.questions.map((q) => (
                  <li key={q.linkId}>
                    {q.url.ok ? (
                      <a href={q.url.value} rel="noopener noreferrer">
                        {q.question.reference}
                      </a>
                    ) : (
                      q.question.reference
                    )}
                    {q.question.title ? ` · ${q.question.title}` : ""}
                    {q.note ? <div className="muted">{q.note}</div> : null}
                  </li>
                ))}
              </ul>
            ) : null}
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="question" />
              <Field
                id="reference"
                label={t("letter.question.reference")}
                hint={t("letter.question.reference.hint")}
                error={errorIntent === "question" ? errors.reference : null}
              >
                {(a) => <input {...a} name="reference" type="text" maxLength={60} required />}
              </Field>
              {d.replies.length ? (
                <Field id="replyId" label={t("letter.replies")}>
                  {(a) => (
                    <select {...a} name="replyId" defaultValue="">
                      <option value="">—</option>
                      {d.replies.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.senderName} ({r.receivedOn})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              ) : null}
              <Field id="note" label={t("letter.question.note")}>
                {(a) => <input {...a} name="note" type="text" maxLength={500} />}
              </Field>
              <div className="actions">
                <button type="submit">{t("letter.question.add")}</button>
              </div>
            </Form>
          </section>
        </div>

        <aside>
          <VersionsSection
            letterId={letter.id}
            versions={d.versions}
            draftRevision={d.draftRevision}
            canRestore={d.canDraft && letter.status !== "sent"}
          />
          <section aria-labelledby="timeline-title" className="card">
            <h2 id="timeline-title">{t("letter.timeline")}</h2>
            <ol className="timeline">
              {d.timeline.map((e, i) => (
                <li key={i} data-kind={e.kind}>
                  {e.day ? (
                    <time dateTime={e.day}>{formatDate(locale, `${e.day}T12:00:00Z`, { dateStyle: "medium" })}</time>
                  ) : (
                    <time dateTime={new Date(e.at).toISOString()}>
                      {formatDate(locale, e.at, { dateStyle: "medium", timeStyle: "short" })}
                    </time>
                  )}
                  {e.href ? <Link to={e.href}>{t(e.key as MessageKey, e.vars)}</Link> : t(e.key as MessageKey, e.vars)}
                </li>
              ))}
            </ol>
          </section>
          {d.emails.length ? (
            <section aria-labelledby="delivery-title" className="card">
              <h2 id="delivery-title">{t("letter.emails")}</h2>
              <ul>
                {d.emails.map((e) => (
                  <li key={e.id}>
                    {e.toName ?? e.toAddress}:{" "}
                    <span
                      className={`badge ${e.state === "failed" || e.state === "bounced" || e.state === "held" ? "bad" : e.state === "accepted" || e.state === "delivered" ? "ok" : ""}`}
                    >
                      {t(`sending.state.${e.state}` as MessageKey, { time: e.retryAt ?? "—" })}
                    </span>
                    {e.problem ? <div className="muted">{t(e.problem as MessageKey)}</div> : null}
                  </li>
                ))}
              </ul>
              {letter.status === "sent" ? (
                <p className="actions">
                  <Link to="send">{t("sending.letterPage.details")}</Link>{" "}
                  <a href={`/letters/${letter.id}/pdf`}>{t("sending.download.pdf")}</a>{" "}
                  {d.version ? (
                    <>
                      <a href={`/letters/${letter.id}/versions/${d.version.number}/docx`}>
                        {t("word.export.download")}
                      </a>{" "}
                    </>
                  ) : null}
                  <a href={`/letters/${letter.id}/record`}>{t("sending.download.record")}</a>{" "}
                  <Link to="public">{t("public.title")}</Link>
                </p>
              ) : null}
            </section>
          ) : null}
        </aside>
      </div>
    </>
  );
}

/** Every version, with links to read it and to compare it with the one before, and (for drafters) restore it as the draft. */
/** Whether this signature goes into the final letter, and a button for the office to change that. */
function FinalLetterDecision(props: {
  signatureId: string;
  decision: boolean | null;
  counts: boolean;
  name: string;
  editable: boolean;
}) {
  const t = useT();
  return (
    <div>
      <span className={`badge ${props.counts ? "ok" : "warn"}`}>
        {t(props.counts ? "letter.signature.counts" : "letter.signature.notCounted")}
      </span>
      {props.decision !== null ? <span className="muted"> {t("letter.signature.byDecision")}</span> : null}
      {props.editable ? (
        <Form method="post" className="inline">
          <input type="hidden" name="signatureId" value={props.signatureId} />
          <button
            type="submit"
            name="intent"
            value={props.counts ? "exclude" : "include"}
            className="link-button"
            aria-label={`${t(props.counts ? "letter.signature.exclude" : "letter.signature.include")}: ${props.name}`}
          >
            {t(props.counts ? "letter.signature.exclude" : "letter.signature.include")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/** "v3", "v3 carried over to v4" (editorial changes only), or "signed v3, current v4" when the signer must re-confirm. */
function SignatureVersion({
  signed,
  current,
  versions,
}: {
  signed: number;
  current: number;
  versions: Array<{ number: number; kind: string }>;
}) {
  const t = useT();
  const status = signatureStatus(versions, signed);
  if (status === "needs-reconfirm")
    return <span className="badge warn">{t("signatures.status.reconfirm", { signed, current })}</span>;
  return (
    <>
      v{signed}
      {status === "carried" ? <div className="muted">{t("signatures.status.carried", { current })}</div> : null}
    </>
  );
}

function VersionsSection(props: {
  letterId: string;
  versions: Array<{ number: number; kind: string; createdAt: string | Date }>;
  draftRevision: number;
  canRestore: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const { versions } = props;
  const newest = versions.length ? versions[versions.length - 1].number : 0;
  return (
    <section aria-labelledby="versions-title" className="card">
      <h2 id="versions-title">{t("versions.title")}</h2>
      {versions.length === 0 ? <p>{t("versions.none")}</p> : null}
      <ol reversed className="version-list">
        {[...versions].reverse().map((v) => (
          <li key={v.number}>
            <Link to={`versions/${v.number}`}>{t("letter.version", { number: v.number })}</Link>{" "}
            <span className="muted">
              · {t(`versions.kind.${v.kind}` as MessageKey)} ·{" "}
              {formatDate(locale, v.createdAt, { dateStyle: "medium", timeStyle: "short" })}
            </span>
            {v.number > 1 ? (
              <div>
                <Link
                  to={`compare?from=${v.number - 1}&to=${v.number}`}
                  aria-label={t("versions.compareNamed", { from: v.number - 1, to: v.number })}
                >
                  {t("versions.comparePrevious", { from: v.number - 1 })}
                </Link>
              </div>
            ) : null}
            {props.canRestore && v.number !== newest ? (
              <Form method="post" action="edit" className="inline">
                <input type="hidden" name="intent" value="restore" />
                <input type="hidden" name="number" value={v.number} />
                <input type="hidden" name="revision" value={props.draftRevision} />
                <button
                  type="submit"
                  className="link-button"
                  aria-label={t("draft.restore.named", { number: v.number })}
                >
                  {t("draft.restore.submit")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
      {versions.length > 1 ? (
        <Form method="get" action="compare" className="compare-form">
          <fieldset>
            <legend>{t("compare.title")}</legend>
            <label htmlFor="cmp-from">{t("compare.from")}</label>
            <select id="cmp-from" name="from" defaultValue={newest - 1}>
              {versions.map((v) => (
                <option key={v.number} value={v.number}>
                  v{v.number}
                </option>
              ))}
            </select>
            <label htmlFor="cmp-to">{t("compare.to")}</label>
            <select id="cmp-to" name="to" defaultValue={newest}>
              {versions.map((v) => (
                <option key={v.number} value={v.number}>
                  v{v.number}
                </option>
              ))}
            </select>
            <div className="actions">
              <button type="submit" className="secondary">
                {t("compare.submit")}
              </button>
            </div>
          </fieldset>
        </Form>
      ) : null}
    </section>
  );
}
