/**
 * Signatures collected outside the app, in two steps that work without JavaScript:
 * paste names → review the proposed directory matches (each choice is a form field) → confirm.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_DRAFT } from "#app/web/session.server";
import { zodFieldErrors, readForm, notFound } from "#app/web/http.server";
import { getCurrentVersion } from "#app/models/letters.server";
import {
  MAX_NAMES,
  proposeForNames,
  proposeFromText,
  recordOutsideSignatures,
  type Proposal,
  type ProposedMep,
} from "#app/models/outside-signatures.server";
import { Field, FormAlert } from "#app/components/field";
import { SourceSchema, PasteSchema, RowSchema, MAX_PASTE_CHARS } from "#app/domain/outside-signature-forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Signatures collected outside the app · ${data?.letter.subject ?? "Letter"} · Undersigned` },
];

type Blocked = "outside.blocked.sent" | "outside.blocked.noVersion" | null;

function blockedReason(status: string, hasVersion: boolean): Blocked {
  if (status === "sent") return "outside.blocked.sent";
  if (!hasVersion) return "outside.blocked.noVersion";
  return null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, letter } = await requireLetter(request, params, CAN_DRAFT);
  const version = await getCurrentVersion(db, letter.id);
  return {
    letter: { id: letter.id, subject: letter.subject, status: letter.status },
    version: version ? { number: version.number, sha256: version.sha256.slice(0, 16) } : null,
    blocked: blockedReason(letter.status, Boolean(version)),
    maxNames: MAX_NAMES,
  };
}

/** A paste of 100,000 characters, url-encoded, plus a review form of MAX_NAMES rows. */
const MAX_PASTE_BYTES = 1024 * 1024;

type Row = { input: string; choice: string; search: string; override: boolean; reason: string };

/** The review form as sent back: the source, then per line the name, the choice and a search. */
function readReview(form: FormData) {
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const count = Math.min(MAX_NAMES, Math.max(0, Number.parseInt(str("rows"), 10) || 0));
  const rows: Row[] = [];
  for (let i = 0; i < count; i++)
    rows.push({
      input: str(`input-${i}`),
      choice: str(`choice-${i}`),
      search: str(`search-${i}`),
      override: str(`override-${i}`) === "yes",
      reason: str(`reason-${i}`).slice(0, 500),
    });
  // The text the first step could not read as names, carried along so it stays on screen.
  const list = (k: string) =>
    form
      .getAll(k)
      .filter((v): v is string => typeof v === "string")
      .slice(0, MAX_SHOWN_BACK)
      .map((v) => v.slice(0, 500));
  return {
    source: str("source"),
    versionHash: str("versionHash"),
    rows,
    unmatched: list("unmatched"),
    ignored: list("ignored"),
  };
}

/** Pieces of unmatched text carried through the review form (a paste rarely has more than a handful). */
const MAX_SHOWN_BACK = 200;

type ReviewData = {
  step: "review";
  source: string;
  /** The version the names are being recorded for; confirming after a newer one is published is refused. */
  versionHash: string;
  proposals: Proposal[];
  /** The office's current choice per line ("" = not recorded). */
  choices: string[];
  searches: string[];
  /** Per line: the override reason typed (for a Member who declined, withdrew or signed an older text). */
  reasons: string[];
  truncated: boolean;
  /** Text between the names that matched nobody: shown back, never dropped silently. */
  unmatched: string[];
  /** Labels left out on purpose (groups, member states, titles, notes in brackets), shown back too. */
  ignored: string[];
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, db, letter, actor } = await requireLetter(request, params, CAN_DRAFT);
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  // A pasted list may be long (the whole Parliament is 720 names): the names field is exempt from the field cap.
  const form = await readForm(request, { maxBytes: MAX_PASTE_BYTES, long: ["names"] });
  const intent = form.get("intent");
  const version = await getCurrentVersion(db, letter.id);
  const blocked = blockedReason(letter.status, Boolean(version));
  if (blocked)
    return data(
      {
        ok: false as const,
        step: "blocked" as const,
        message: blocked as MessageKey,
        fieldErrors: {} as Record<string, string>,
      },
      { status: 409 },
    );

  if (intent === "match") {
    const parsed = PasteSchema.safeParse({ names: form.get("names") ?? "", source: form.get("source") ?? "" });
    const echo = {
      names: String(form.get("names") ?? "").slice(0, MAX_PASTE_CHARS),
      source: String(form.get("source") ?? "").slice(0, 300),
    };
    if (!parsed.success)
      return data(
        { ok: false as const, step: "paste" as const, ...echo, fieldErrors: zodFieldErrors(parsed.error.issues) },
        { status: 400 },
      );
    const { proposals, truncated, unmatched, ignored } = await proposeFromText(db, scope, parsed.data.names);
    if (!proposals.length)
      return data(
        {
          ok: false as const,
          step: "paste" as const,
          ...echo,
          unmatched,
          ignored,
          fieldErrors: { names: "outside.error.noNames" },
        },
        { status: 400 },
      );
    const review: ReviewData = {
      step: "review",
      source: parsed.data.source,
      versionHash: version!.sha256,
      proposals,
      choices: proposals.map((p) => (p.preselectedId ? String(p.preselectedId) : "")),
      searches: proposals.map(() => ""),
      reasons: proposals.map(() => ""),
      truncated,
      unmatched,
      ignored,
    };
    return { ok: true as const, ...review };
  }

  if (intent === "refine" || intent === "confirm") {
    const raw = readReview(form);
    const fieldErrors: Record<string, string> = {};
    const source = SourceSchema.safeParse(raw.source);
    if (!source.success) fieldErrors.source = source.error.issues[0].message;
    if (!raw.rows.length) fieldErrors.form = "outside.error.noNames";
    const rows = raw.rows.map((r, i) => {
      const p = RowSchema.safeParse(r);
      if (!p.success) {
        const errs = zodFieldErrors(p.error.issues);
        fieldErrors[`choice-${i}`] = errs.choice ?? errs.search ?? "outside.error.choice";
        return null;
      }
      return p.data;
    });
    const lines = raw.rows.map((r, i) => ({
      input: rows[i]?.input ?? r.input.slice(0, 200),
      search: rows[i]?.search ?? null,
    }));
    const chosen = rows.flatMap((r, i) =>
      r && r.choice !== null
        ? [{ mepId: r.choice, input: r.input, overrideReason: raw.rows[i].override ? raw.rows[i].reason : null }]
        : [],
    );
    if (intent === "confirm" && !Object.keys(fieldErrors).length && !chosen.length)
      fieldErrors.form = "outside.error.noneChosen";

    const reviewAgain = async (status: number, extra: Record<string, unknown> = {}) => {
      const proposals = await proposeForNames(db, scope, lines);
      const review: ReviewData = {
        step: "review",
        source: raw.source.slice(0, 300),
        versionHash: version!.sha256,
        proposals,
        choices: raw.rows.map((r) => r.choice),
        searches: raw.rows.map((r) => r.search.slice(0, 100)),
        reasons: raw.rows.map((r) => r.reason),
        truncated: false,
        unmatched: raw.unmatched,
        ignored: raw.ignored,
      };
      return status === 200
        ? { ok: true as const, ...review, ...extra }
        : data({ ok: false as const, ...review, fieldErrors, ...extra }, { status });
    };

    if (Object.keys(fieldErrors).length) return reviewAgain(400);
    if (intent === "refine") return reviewAgain(200);

    const result = await db.transaction((tx) =>
      recordOutsideSignatures(tx, actor, {
        letterId: letter.id,
        sourceNote: source.data!,
        choices: chosen,
        expectedVersionHash: raw.versionHash,
      }),
    );
    if (!result.ok) {
      if (result.error === "not-found") throw notFound();
      if (result.error === "unknown-mep") {
        fieldErrors.form = "outside.error.unknownMep";
        return reviewAgain(400);
      }
      if (result.error === "needs-override") {
        // Each Member who declined, withdrew or signed an older text needs an explicit override with a reason.
        const ids = new Set(result.conflicts.map((c) => c.mepId));
        rows.forEach((r, i) => {
          if (r?.choice != null && ids.has(r.choice)) fieldErrors[`choice-${i}`] = "outside.error.override";
        });
        fieldErrors.form = "outside.error.overrideNeeded";
        return reviewAgain(409);
      }
      if (result.error === "text-changed") {
        // Shown again against the new version: the office checks that these signatures cover it.
        fieldErrors.form = "outside.error.textChanged";
        return reviewAgain(409);
      }
      const message: MessageKey = result.error === "sent" ? "outside.blocked.sent" : "outside.blocked.noVersion";
      return data(
        { ok: false as const, step: "blocked" as const, message, fieldErrors: {} as Record<string, string> },
        { status: 409 },
      );
    }
    return {
      ok: true as const,
      step: "done" as const,
      recorded: result.recorded,
      skipped: result.skipped,
      versionNumber: result.versionNumber,
      source: source.data!,
    };
  }
  return data(
    { ok: false as const, step: "paste" as const, fieldErrors: { form: "error.forbidden" } },
    { status: 400 },
  );
}

function optionLabel(t: ReturnType<typeof useT>, m: ProposedMep, twins: boolean) {
  // Two directory entries with the same name, group and country are told apart by their number.
  const parts = [`${m.name} · ${m.group} · ${m.country}${twins ? ` · #${m.id}` : ""}`];
  if (m.score !== null) parts.push(t("directory.match.confidence", { percent: Math.round(m.score * 100) }));
  if (m.alreadySigned) parts.push(t("outside.alreadySigned"));
  if (m.answer) parts.push(answerText(t, m));
  return parts.join(" — ");
}

function answerText(t: ReturnType<typeof useT>, m: ProposedMep) {
  const a = m.answer!;
  const date = a.on.slice(0, 10);
  if (a.kind === "declined") return t("outside.answer.declined", { name: m.name, date });
  if (a.kind === "withdrew") return t("outside.answer.withdrew", { name: m.name, date });
  return t("outside.answer.signedOlder", { name: m.name, date, version: a.version });
}

function levelBadge(level: Proposal["level"]) {
  return level === "exact" || level === "strong" ? "ok" : level === "weak" ? "warn" : "bad";
}

/** What the paste held besides the names found: never dropped silently. */
function ShownBack({ unmatched, ignored }: { unmatched: string[]; ignored: string[] }) {
  const t = useT();
  if (!unmatched.length && !ignored.length) return null;
  return (
    <section className="card" aria-labelledby="shown-back-title" data-testid="shown-back">
      <h2 id="shown-back-title">{t("outside.unmatched.title")}</h2>
      {unmatched.length ? (
        <>
          <p className="hint">{t("outside.unmatched.help", { count: unmatched.length })}</p>
          <ul data-testid="unmatched">
            {unmatched.map((u, i) => (
              <li key={i}>
                <q>{u}</q>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {ignored.length ? (
        <p className="muted" data-testid="ignored">
          {t("outside.ignored.list", { count: ignored.length, labels: [...new Set(ignored)].join(", ") })}
        </p>
      ) : null}
    </section>
  );
}

function ReviewForm({ review, errors, busy }: { review: ReviewData; errors: Record<string, string>; busy: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="card" noValidate>
      <h2>{t("outside.review.title")}</h2>
      <p className="hint">{t("outside.review.help")}</p>
      {review.truncated ? <FormAlert kind="warn" message={t("outside.truncated", { max: MAX_NAMES })} /> : null}
      <ShownBack unmatched={review.unmatched} ignored={review.ignored} />
      <input type="hidden" name="rows" value={review.proposals.length} />
      <input type="hidden" name="versionHash" value={review.versionHash} />
      {review.unmatched.map((u, i) => (
        <input key={`u${i}`} type="hidden" name="unmatched" value={u} />
      ))}
      {review.ignored.map((u, i) => (
        <input key={`i${i}`} type="hidden" name="ignored" value={u} />
      ))}
      <Field id="source" label={t("outside.source")} hint={t("outside.source.hint")} error={errors.source}>
        {(a) => <input {...a} name="source" type="text" required maxLength={300} defaultValue={review.source} />}
      </Field>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("outside.col.listed")}</th>
              <th scope="col">{t("outside.col.match")}</th>
              <th scope="col">{t("outside.col.record")}</th>
              <th scope="col">{t("outside.col.search")}</th>
            </tr>
          </thead>
          <tbody>
            {review.proposals.map((p, i) => {
              const options = [...(p.best ? [p.best] : []), ...p.alternatives, ...p.searched].filter(
                (m, k, all) => all.findIndex((x) => x.id === m.id) === k,
              );
              const current = review.choices[i] ?? "";
              const selected = options.some((o) => String(o.id) === current) ? current : "";
              const err = errors[`choice-${i}`];
              const conflicted = options.find((o) => o.answer);
              return (
                <tr key={i}>
                  <th scope="row">
                    {p.input}
                    <input type="hidden" name={`input-${i}`} value={p.input} />
                  </th>
                  <td>
                    <span className={`badge ${levelBadge(p.level)}`}>
                      {t(`directory.match.level.${p.level}` as MessageKey)}
                    </span>
                    {p.best ? (
                      <>
                        <br />
                        {p.best.name} ({p.best.group}, {p.best.country}) ·{" "}
                        {t("directory.match.confidence", { percent: Math.round((p.best.score ?? 0) * 100) })}
                      </>
                    ) : null}
                    {p.best?.alreadySigned ? (
                      <>
                        <br />
                        <span className="badge">{t("outside.alreadySigned")}</span>
                      </>
                    ) : null}
                    {conflicted?.answer ? (
                      <>
                        <br />
                        <span className="badge bad" data-testid={`answer-${i}`}>
                          {answerText(t, conflicted)}
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`choice-${i}`}>
                      {t("outside.choiceFor", { name: p.input })}
                    </label>
                    <select
                      id={`choice-${i}`}
                      name={`choice-${i}`}
                      defaultValue={selected}
                      aria-invalid={err ? true : undefined}
                      aria-describedby={err ? `choice-${i}-error` : undefined}
                    >
                      <option value="">
                        {p.level === "weak" || p.level === "none" ? t("outside.choose") : t("outside.skip")}
                      </option>
                      {options.map((m) => (
                        <option key={m.id} value={m.id}>
                          {optionLabel(
                            t,
                            m,
                            options.some(
                              (o) =>
                                o.id !== m.id && o.name === m.name && o.group === m.group && o.country === m.country,
                            ),
                          )}
                        </option>
                      ))}
                    </select>
                    {err ? (
                      <p id={`choice-${i}-error`} className="field-error">
                        {t(err as MessageKey)}
                      </p>
                    ) : null}
                    {conflicted?.answer ? (
                      <fieldset className="override">
                        <legend>{t("outside.override.legend", { name: conflicted.name })}</legend>
                        <label className="hint">
                          <input type="checkbox" name={`override-${i}`} value="yes" />{" "}
                          {t("outside.override.check", { name: conflicted.name })}
                        </label>
                        <label htmlFor={`reason-${i}`}>{t("outside.override.reason")}</label>
                        <input
                          id={`reason-${i}`}
                          name={`reason-${i}`}
                          type="text"
                          maxLength={500}
                          defaultValue={review.reasons?.[i] ?? ""}
                        />
                      </fieldset>
                    ) : null}
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`search-${i}`}>
                      {t("outside.searchFor", { name: p.input })}
                    </label>
                    <input
                      id={`search-${i}`}
                      name={`search-${i}`}
                      type="search"
                      maxLength={100}
                      defaultValue={review.searches[i] ?? ""}
                    />
                    {p.searched.length === 0 && review.searches[i] ? (
                      <p className="hint">{t("directory.empty")}</p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="actions">
        {/* First in the form, so pressing Enter in a search box searches rather than records. */}
        <button type="submit" name="intent" value="refine" className="secondary" disabled={busy}>
          {t("outside.refine")}
        </button>
        <button type="submit" name="intent" value="confirm" disabled={busy}>
          {t("outside.confirm")}
        </button>
      </div>
    </Form>
  );
}

export default function OutsidePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = (result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string>;
  const review = result && "step" in result && result.step === "review" ? (result as unknown as ReviewData) : null;
  const done = result && "step" in result && result.step === "done" ? result : null;
  const echo =
    result && "names" in result
      ? { names: String(result.names), source: String(result.source) }
      : { names: "", source: "" };
  return (
    <>
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("directory.match.title")}</h1>
      <p>{t("directory.match.help")}</p>
      {d.version ? (
        <p className="muted">{t("outside.boundTo", { number: d.version.number, hash: d.version.sha256 })}</p>
      ) : null}
      {d.blocked ? <FormAlert kind="warn" message={t(d.blocked)} /> : null}
      {result && "message" in result && result.message ? <FormAlert message={t(result.message as MessageKey)} /> : null}
      {errors.form ? <FormAlert message={t(errors.form as MessageKey)} /> : null}
      {done ? (
        <section className="card" aria-labelledby="done-title">
          <h2 id="done-title">{t("outside.done.title")}</h2>
          <FormAlert
            kind="ok"
            message={t("outside.done.recorded", { count: done.recorded.length, number: done.versionNumber })}
          />
          {done.recorded.length ? (
            <ul>
              {done.recorded.map((r) => (
                <li key={r.mepId}>{r.name}</li>
              ))}
            </ul>
          ) : null}
          {done.skipped.length ? (
            <>
              <p>{t("outside.done.skipped", { count: done.skipped.length })}</p>
              <ul>
                {done.skipped.map((r) => (
                  <li key={r.mepId}>{r.name}</li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="muted">{t("outside.done.source", { source: done.source })}</p>
          <p>
            <Link to={`/letters/${d.letter.id}/tally`}>{t("tally.nav.tally")}</Link> ·{" "}
            <Link to=".">{t("outside.again")}</Link>
          </p>
        </section>
      ) : review && !d.blocked ? (
        <ReviewForm
          key={JSON.stringify(review.choices) + review.proposals.length}
          review={review}
          errors={errors}
          busy={busy}
        />
      ) : !d.blocked ? (
        <Form method="post" className="card" noValidate>
          {result && "unmatched" in result && Array.isArray(result.unmatched) ? (
            <ShownBack unmatched={result.unmatched} ignored={"ignored" in result ? (result.ignored as string[]) : []} />
          ) : null}
          <input type="hidden" name="intent" value="match" />
          <Field
            id="names"
            label={t("outside.names")}
            hint={t("outside.names.hint", { max: d.maxNames })}
            error={errors.names}
          >
            {(a) => (
              <textarea {...a} name="names" rows={12} required maxLength={MAX_PASTE_CHARS} defaultValue={echo.names} />
            )}
          </Field>
          <Field id="source" label={t("outside.source")} hint={t("outside.source.hint")} error={errors.source}>
            {(a) => <input {...a} name="source" type="text" required maxLength={300} defaultValue={echo.source} />}
          </Field>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("outside.match")}
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
