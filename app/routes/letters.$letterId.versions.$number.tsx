import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { getVersion, listVersions } from "#app/models/letters.server";
import { notFound } from "#app/web/http.server";
import { diffWords } from "#app/domain/word-diff";
import { LetterBody } from "#app/editor/letter-body";

export const meta: MetaFunction = () => [{ title: "Version · Undersigned" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params);
  const number = Number(params.number);
  if (!Number.isInteger(number) || number < 1 || number > 100_000) throw notFound();
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  const version = await getVersion(db, { ...scope, number });
  if (!version) throw notFound();
  const versions = await listVersions(db, scope);
  const compareTo = Number(new URL(request.url).searchParams.get("compare") ?? number - 1);
  const other =
    Number.isInteger(compareTo) && compareTo >= 1 && compareTo !== number
      ? await getVersion(db, { ...scope, number: compareTo })
      : null;
  return {
    letter: { id: letter.id, subject: letter.subject },
    version: {
      number: version.number,
      kind: version.kind,
      sha256: version.sha256,
      html: version.html,
      createdAt: version.createdAt,
      subject: version.subject,
      addressees: version.addressees,
    },
    versions: versions.map((v) => ({ number: v.number, kind: v.kind })),
    diff: other ? { from: other.number, ops: diffWords(other.plainText, version.plainText) } : null,
  };
}

export default function VersionPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("letter.version", { number: d.version.number })}</h1>
      <p className="muted">
        {d.version.kind} · {formatDate(locale, d.version.createdAt, { dateStyle: "medium", timeStyle: "short" })} ·{" "}
        {t("letter.version.hash")} <span className="mono">{d.version.sha256}</span>
      </p>
      <p className="actions">
        <a href={`/letters/${d.letter.id}/versions/${d.version.number}/docx`} download>
          {t("word.export.download")}
        </a>
      </p>
      <nav aria-label={t("letter.versions")}>
        <ul className="stat-list">
          {d.versions.map((v) => (
            <li key={v.number}>
              <Link
                to={`../versions/${v.number}`}
                relative="path"
                aria-current={v.number === d.version.number ? "page" : undefined}
              >
                v{v.number}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {d.diff ? (
        <section className="card" aria-labelledby="diff-title">
          <h2 id="diff-title">{t("letter.version.changes", { from: d.diff.from, to: d.version.number })}</h2>
          <p className="diff" style={{ whiteSpace: "pre-wrap" }}>
            {d.diff.ops.map((op, i) =>
              op.op === "insert" ? (
                <ins key={i}>{op.text}</ins>
              ) : op.op === "delete" ? (
                <del key={i}>{op.text}</del>
              ) : (
                <span key={i}>{op.text}</span>
              ),
            )}
          </p>
        </section>
      ) : null}
      <article className="letter-paper">
        <div className="addressee-block">
          {d.version.addressees.map((a, i) => (
            <p key={i}>
              {a.name}
              {a.role ? `, ${a.role}` : ""}
            </p>
          ))}
        </div>
        <p>
          <strong>{d.version.subject}</strong>
        </p>
        <LetterBody html={d.version.html} />
      </article>
    </>
  );
}
