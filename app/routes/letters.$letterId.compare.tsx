/** Compare any two versions of a letter: a word-level diff of subject, addressees and text, readable on a phone. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { getVersion, listVersions } from "#app/models/letters.server";
import { notFound } from "#app/web/http.server";
import { diffWords, type DiffOp } from "#app/domain/word-diff";
import { DIFF_CSS, DiffText } from "#app/components/diff-text";
import type { AddresseeSnapshot } from "#db/schema";

export const meta: MetaFunction = () => [{ title: "Compare versions · Undersigned" }];

/** A version number from the query: absent is null; anything but a positive integer is a 404. */
function versionParam(raw: string | null): number | null {
  if (raw === null || raw === "") return null;
  if (!/^\d{1,6}$/.test(raw)) throw notFound();
  const n = Number(raw);
  if (n < 1) throw notFound();
  return n;
}

function addresseeLines(list: AddresseeSnapshot[]) {
  return list
    .map((a) => [a.name, a.role, a.institution].filter(Boolean).join(", ") + (a.salutation ? ` — ${a.salutation}` : ""))
    .join("\n");
}

function wordCount(ops: DiffOp[], kind: "insert" | "delete") {
  return ops.filter((o) => o.op === kind).reduce((n, o) => n + (o.text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0), 0);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params);
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  const url = new URL(request.url);
  const fromParam = versionParam(url.searchParams.get("from"));
  const toParam = versionParam(url.searchParams.get("to"));
  const versions = await listVersions(db, scope);
  const base = {
    letter: { id: letter.id, subject: letter.subject },
    versions: versions.map((v) => ({ number: v.number, kind: v.kind })),
  };
  const newest = versions.length ? versions[versions.length - 1].number : 0;
  const to = toParam ?? newest;
  const from = fromParam ?? to - 1;
  if (versions.length < 2 && fromParam === null && toParam === null) return { ...base, compare: null };
  const [a, b] = await Promise.all([
    getVersion(db, { ...scope, number: from }),
    getVersion(db, { ...scope, number: to }),
  ]);
  if (!a || !b) throw notFound();
  const body = diffWords(a.plainText, b.plainText);
  return {
    ...base,
    compare: {
      from: { number: a.number, kind: a.kind, createdAt: a.createdAt, sha256: a.sha256 },
      to: { number: b.number, kind: b.kind, createdAt: b.createdAt, sha256: b.sha256 },
      subject: a.subject === b.subject ? null : diffWords(a.subject, b.subject),
      addressees:
        addresseeLines(a.addressees) === addresseeLines(b.addressees)
          ? null
          : diffWords(addresseeLines(a.addressees), addresseeLines(b.addressees)),
      body,
      same: a.sha256 === b.sha256,
      inserted: wordCount(body, "insert"),
      deleted: wordCount(body, "delete"),
    },
  };
}

export default function ComparePage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const c = d.compare;
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: DIFF_CSS }} />
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("compare.title")}</h1>
      {d.versions.length >= 2 ? (
        <Form method="get" className="card compare-pick">
          <div>
            <label htmlFor="from">{t("compare.from")}</label>
            <select id="from" name="from" defaultValue={c?.from.number}>
              {d.versions.map((v) => (
                <option key={v.number} value={v.number}>
                  v{v.number}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="to">{t("compare.to")}</label>
            <select id="to" name="to" defaultValue={c?.to.number}>
              {d.versions.map((v) => (
                <option key={v.number} value={v.number}>
                  v{v.number}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            {t("compare.submit")}
          </button>
        </Form>
      ) : null}
      {!c ? (
        <p>{t("compare.needTwo")}</p>
      ) : (
        <section className="card" aria-labelledby="diff-title">
          <h2 id="diff-title">{t("compare.heading", { from: c.from.number, to: c.to.number })}</h2>
          <p className="muted">
            <Link to={`/letters/${d.letter.id}/versions/${c.from.number}`}>v{c.from.number}</Link> (
            {t(`versions.kind.${c.from.kind}`)},{" "}
            {formatDate(locale, c.from.createdAt, { dateStyle: "medium", timeStyle: "short" })}) →{" "}
            <Link to={`/letters/${d.letter.id}/versions/${c.to.number}`}>v{c.to.number}</Link> (
            {t(`versions.kind.${c.to.kind}`)},{" "}
            {formatDate(locale, c.to.createdAt, { dateStyle: "medium", timeStyle: "short" })})
          </p>
          <h3 id="legend-title" className="visually-hidden">
            {t("compare.legend")}
          </h3>
          <ul className="diff-legend" aria-labelledby="legend-title">
            <li>
              <ins>{t("compare.legend.ins")}</ins>
            </li>
            <li>
              <del>{t("compare.legend.del")}</del>
            </li>
          </ul>
          {c.same ? (
            <p role="status">{t("compare.same")}</p>
          ) : (
            <p role="status">{t("compare.stats", { inserted: c.inserted, deleted: c.deleted })}</p>
          )}
          <h3>{t("compare.subject")}</h3>
          {c.subject ? (
            <DiffText ops={c.subject} label={t("compare.subject")} />
          ) : (
            <p className="muted">{t("compare.unchanged")}</p>
          )}
          <h3>{t("compare.addressees")}</h3>
          {c.addressees ? (
            <DiffText ops={c.addressees} label={t("compare.addressees")} />
          ) : (
            <p className="muted">{t("compare.unchanged")}</p>
          )}
          <h3>{t("compare.body")}</h3>
          <DiffText ops={c.body} label={t("compare.body")} />
        </section>
      )}
    </>
  );
}
