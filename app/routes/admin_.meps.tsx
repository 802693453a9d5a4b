/**
 * The EP's MEP list, by a platform administrator: an upload (XML, or Open Data JSON-LD: one response or JSON
 * Lines of list and detail responses) is imported at once, since a full list is about 720 rows and runs in one
 * transaction in a few seconds, so the page shows the summary of the finished import. The live import from
 * EP_OPEN_DATA_URL takes minutes (one call per 50 Members, rate limits) and runs as a job: while it runs the
 * page shows its progress row and refreshes itself every few seconds (a meta refresh, so it works without
 * JavaScript).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  data,
  redirect,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { getEnv } from "#app/infra/env.server";
import { requireUser } from "#app/web/session.server";
import { importDirectory } from "#app/services/directory.server";
import { directoryImportRuns, nightlyEnabled, startDirectoryImport } from "#app/services/directory-import.server";
import { listMeps } from "#app/models/meps.server";
import { parseMepFile, type ImportProblem } from "#app/domain/mep-import";
import { Field, FormAlert } from "#app/components/field";
import { ImportOptionsSchema } from "#app/domain/admin-forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Import the MEP list · Undersigned" },
  ...(data?.running ? [{ httpEquiv: "refresh", content: "3" } as const] : []),
];

/** The EP's full XML list is about 400 KB; JSON-LD with memberships a few MB. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

async function requirePlatformAdmin(request: Request) {
  const ctx = await requireUser(request);
  if (!ctx.user.isPlatformAdmin) throw new Response("Forbidden", { status: 403 });
  return ctx;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  const all = await listMeps(await getDb(), { includeInactive: true });
  const terms = [...new Set(all.filter((m) => m.active).map((m) => m.term))].sort();
  const { runs, running } = await directoryImportRuns(await getDb());
  return {
    runs,
    running,
    live: Boolean(getEnv().EP_OPEN_DATA_URL),
    nightly: nightlyEnabled(),
    active: all.filter((m) => m.active).length,
    inactive: all.filter((m) => !m.active).length,
    withEpId: all.filter((m) => m.epId !== null).length,
    terms,
    maxMb: MAX_UPLOAD_BYTES / 1024 / 1024,
  };
}

class TooLarge extends Error {}

/** Reads a url-encoded body with a size cap (the no-JavaScript paste fallback of older clients). */
async function readUrlEncoded(request: Request, max: number): Promise<FormData> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > max) throw new TooLarge();
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const form = new FormData();
  for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) form.append(k, v);
  return form;
}

async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    try {
      return await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }),
      );
    } catch (e) {
      if (e instanceof MaxPartSizeExceededError) throw new TooLarge();
      throw e;
    }
  }
  return readUrlEncoded(request, MAX_UPLOAD_BYTES + 64 * 1024);
}

type Summary = {
  format: string;
  term: number;
  termSource: "given" | "file" | "groups";
  termMarkers: string[];
  full: boolean;
  read: number;
  added: number;
  updated: number;
  unchanged: number;
  left: number;
  groupChanges: Array<{ name: string; from: string; to: string }>;
  leftMeps: Array<{ name: string; epId: number }>;
  unknownGroups: string[];
  problems: ImportProblem[];
};

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requirePlatformAdmin(request);
  let form: FormData;
  try {
    form = await readForm(request);
  } catch (e) {
    if (e instanceof TooLarge)
      return data(
        { ok: false as const, fieldErrors: { file: "directory.import.error.tooLarge" }, detail: null },
        { status: 413 },
      );
    return data(
      { ok: false as const, fieldErrors: { file: "directory.import.error.unreadable" }, detail: null },
      { status: 400 },
    );
  }
  if (form.get("intent") === "live") {
    if (!getEnv().EP_OPEN_DATA_URL)
      return data(
        { ok: false as const, fieldErrors: { live: "directory.openData.error.noLive" }, detail: null },
        { status: 400 },
      );
    // A run already queued or running is shown instead of a second one.
    await startDirectoryImport(await getDb(), { source: "live", userId: ctx.user.id });
    return redirect("/admin/meps");
  }
  const opts = ImportOptionsSchema.safeParse({ term: form.get("term"), partial: form.get("partial") === "on" });
  const file = form.get("file");
  const fileText = file instanceof File && file.size > 0 ? await file.text() : "";
  const paste = typeof form.get("paste") === "string" ? String(form.get("paste")) : "";
  const content = fileText || paste;
  const fieldErrors: Record<string, string> = {};
  if (!opts.success) fieldErrors.term = "directory.import.error.term";
  if (!content.trim()) fieldErrors.file = "directory.import.error.noFile";
  if (Object.keys(fieldErrors).length || !opts.success)
    return data({ ok: false as const, fieldErrors, detail: null }, { status: 400 });

  const today = new Date();
  const parsed = parseMepFile(content, { term: opts.data.term, today });
  if (!parsed.ok && parsed.needsTerm)
    return data(
      {
        ok: false as const,
        fieldErrors: {
          term: parsed.needsTerm === "conflicting" ? "directory.term.conflicting" : "directory.term.needed",
        },
        detail: (parsed.markers ?? []).join("; "),
      },
      { status: 400 },
    );
  if (!parsed.ok)
    return data(
      { ok: false as const, fieldErrors: { file: "directory.import.badFile" }, detail: parsed.error.slice(0, 300) },
      { status: 400 },
    );
  const list = parsed.value;
  // A term chosen against the list's own groups (Identity and Democracy in a "10th term" list) is asked again.
  if (list.groupTerm.term && list.groupTerm.term !== list.term)
    return data(
      {
        ok: false as const,
        fieldErrors: { term: "directory.term.mismatch" },
        detail: list.groupTerm.markers.join("; "),
        termOfGroups: list.groupTerm.term,
      },
      { status: 400 },
    );
  if (!list.meps.length) {
    return data(
      {
        ok: false as const,
        fieldErrors: { file: "directory.import.error.empty" },
        detail: null,
        problems: list.problems.slice(0, 50),
      },
      { status: 400 },
    );
  }
  const full = !opts.data.partial;
  const db = await getDb();
  const s = await importDirectory(db, list, { today, full, actorUserId: ctx.user.id });
  const summary: Summary = {
    format: list.format,
    term: list.term,
    termSource: list.termSource,
    termMarkers: list.groupTerm.markers,
    full,
    read: list.meps.length,
    added: s.added,
    updated: s.updated,
    unchanged: s.unchanged,
    left: s.left,
    groupChanges: s.groupChanges.map((g) => ({ name: g.name, from: g.from, to: g.to })),
    leftMeps: s.leftMeps.map((l) => ({ name: l.name, epId: l.epId })),
    unknownGroups: s.unknownGroups,
    problems: list.problems.slice(0, 200),
  };
  return { ok: true as const, summary };
}

function SummaryView({ s }: { s: Summary }) {
  const t = useT();
  const problems = s.problems.filter((p) => p.kind !== "unknown-group");
  return (
    <section className="card" aria-labelledby="summary-title">
      <h2 id="summary-title">{t("directory.import.summary")}</h2>
      <p className="muted">
        {t("directory.import.read", { count: s.read, format: s.format === "ep-xml" ? "XML" : "JSON-LD", term: s.term })}
      </p>
      <ul className="stat-list">
        <li>{t("directory.import.added", { count: s.added })}</li>
        <li>{t("directory.import.updated", { count: s.updated })}</li>
        <li>{t("directory.import.unchanged", { count: s.unchanged })}</li>
        <li>{t("directory.import.left", { count: s.left })}</li>
      </ul>
      {s.termSource === "groups" ? (
        <p className="hint">{t("directory.term.inferred", { term: s.term, groups: s.termMarkers.join("; ") })}</p>
      ) : null}
      {!s.full ? <p className="hint">{t("directory.import.partialNote")}</p> : null}
      {s.groupChanges.length ? (
        <>
          <h3>{t("directory.import.groupChanges", { count: s.groupChanges.length })}</h3>
          <ul>
            {s.groupChanges.map((g, i) => (
              <li key={i}>{t("directory.import.groupChange", g)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {s.leftMeps.length ? (
        <>
          <h3>{t("directory.import.leftList")}</h3>
          <ul>
            {s.leftMeps.map((l) => (
              <li key={l.epId}>{l.name}</li>
            ))}
          </ul>
        </>
      ) : null}
      {s.unknownGroups.length ? (
        <FormAlert kind="warn" message={t("directory.import.unknownGroups", { groups: s.unknownGroups.join("; ") })} />
      ) : null}
      {problems.length ? (
        <>
          <h3>{t("directory.import.problems", { count: problems.length })}</h3>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                {t("directory.import.problem", { entry: p.entry, id: p.epId ?? "—" })} {p.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

type Run = ReturnType<typeof useLoaderData<typeof loader>>["runs"][number];

/** One import run from the API: its phase and progress while it runs, its counts once done. */
function RunView({ r }: { r: Run }) {
  const t = useT();
  const locale = useLocale();
  const active = r.status === "queued" || r.status === "running";
  return (
    <section className="card" data-testid="directory-import-run" aria-live={active ? "polite" : undefined}>
      <h3>
        {t(r.source === "nightly" ? "directory.openData.source.nightly" : "directory.openData.source.live")} ·{" "}
        {formatDate(locale, r.createdAt, { dateStyle: "medium", timeStyle: "short" })}
      </h3>
      <p>
        <span className="badge">{t(`directory.openData.status.${r.status}` as MessageKey)}</span>{" "}
        {active ? t(`directory.openData.phase.${r.phase}` as MessageKey) : null}
      </p>
      {active && r.total > 0 ? (
        <p>
          <progress value={r.processed} max={r.total} aria-label={t("directory.openData.progressLabel")} />{" "}
          {t("directory.openData.progress", { processed: r.processed, total: r.total, cached: r.cached })}
        </p>
      ) : null}
      {r.status === "done" ? (
        <>
          <p>
            {t("directory.openData.counts", {
              total: r.total,
              term: r.term ?? "—",
              added: r.added,
              updated: r.updated,
              unchanged: r.unchanged,
              left: r.left,
            })}
          </p>
          <p className="muted">{t("directory.openData.requests", { requests: r.requests, cached: r.cached })}</p>
        </>
      ) : null}
      {r.error ? <FormAlert kind={r.status === "failed" ? "error" : "warn"} message={r.error} /> : null}
      {r.groupChanges.length ? (
        <>
          <h4>{t("directory.import.groupChanges", { count: r.groupChanges.length })}</h4>
          <ul>
            {r.groupChanges.map((g, i) => (
              <li key={i}>{t("directory.import.groupChange", g)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {r.problems.length ? (
        <>
          <h4>{t("directory.openData.problems", { count: r.problems.length })}</h4>
          <ul>
            {r.problems.map((p, i) => (
              <li key={i}>
                {p.epId ? `${p.epId}: ` : ""}
                {p.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export default function AdminMepsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = (result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string>;
  const detail = result && "detail" in result ? result.detail : null;
  return (
    <>
      <p>
        <Link to="/admin">← {t("nav.admin")}</Link> · <Link to="/directory">{t("nav.directory")}</Link>
      </p>
      <h1>{t("directory.import.title")}</h1>
      <p>{t("directory.import.help")}</p>
      <p className="muted">
        {t("directory.import.current", { active: d.active, inactive: d.inactive, terms: d.terms.join(", ") || "—" })}
      </p>
      {result && result.ok ? <SummaryView s={result.summary} /> : null}
      {Object.keys(errors).length ? <FormAlert message={t("form.fixErrors")} /> : null}
      <Form method="post" encType="multipart/form-data" className="card" noValidate>
        <div className="field">
          <label htmlFor="file">{t("directory.import.file")}</label>
          <p id="file-hint" className="hint">
            {t("directory.import.file.hint", { max: d.maxMb })}
          </p>
          <input
            id="file"
            name="file"
            type="file"
            accept=".xml,.json,.jsonld,application/xml,text/xml,application/json,application/ld+json"
            aria-invalid={errors.file ? true : undefined}
            aria-describedby={errors.file ? "file-hint file-error" : "file-hint"}
          />
          {errors.file ? (
            <p id="file-error" className="field-error">
              {t(errors.file as MessageKey, { error: detail ?? "" })}
            </p>
          ) : null}
        </div>
        <Field id="paste" label={t("directory.import.paste")} hint={t("directory.import.paste.hint")}>
          {(a) => <textarea {...a} name="paste" rows={4} />}
        </Field>
        <Field
          id="term"
          label={t("directory.import.term")}
          hint={t("directory.term.hint")}
          error={errors.term}
          errorVars={{
            groups: detail ?? "",
            term: result && "termOfGroups" in result ? String(result.termOfGroups ?? "") : "",
          }}
        >
          {(a) => (
            <select {...a} name="term" defaultValue="">
              <option value="">{t("directory.term.fromList")}</option>
              <option value="10">10 (2024–2029)</option>
              <option value="9">9 (2019–2024)</option>
            </select>
          )}
        </Field>
        <div className="field">
          <label>
            <input type="checkbox" name="partial" /> {t("directory.import.partial")}
          </label>
          <p className="hint">{t("directory.import.partial.hint")}</p>
        </div>
        <p className="hint">{t("directory.import.sync")}</p>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t("directory.import.running") : t("directory.import.submit")}
          </button>
        </div>
      </Form>
      <h2>{t("directory.openData.title")}</h2>
      {d.live ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="live" />
          <p>{t("directory.openData.hint")}</p>
          <p className="hint">{t(d.nightly ? "directory.openData.nightly.on" : "directory.openData.nightly.off")}</p>
          {errors.live ? <FormAlert message={t(errors.live as MessageKey)} /> : null}
          <div className="actions">
            <button type="submit" disabled={d.running}>
              {t("directory.openData.submit")}
            </button>
          </div>
        </Form>
      ) : (
        <p className="hint">{t("directory.openData.off")}</p>
      )}
      {d.running ? <p className="hint">{t("directory.openData.refreshing")}</p> : null}
      {d.runs.map((r) => (
        <RunView key={r.id} r={r} />
      ))}
    </>
  );
}
