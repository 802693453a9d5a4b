/**
 * The public page of a published letter (issue 14): the letter as sent, its signatories as sent, the replies the
 * office chose, the questions with their EP links and the press items. 404 before the embargo, after a withdrawal
 * and for unknown addresses alike. Cacheable: the same for every visitor, with an ETag (a client that has the
 * page gets 304); no JavaScript; social preview tags.
 */
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatDate, tFor, useLocale, useT, type MessageKey } from "#app/i18n";
import { pageMessages } from "#app/i18n/page-messages.server";
import { inviteeLocale } from "#app/web/page-locale.server";
import { getDb } from "#app/infra/db.server";
import { notFound } from "#app/web/http.server";
import { publicUrl } from "#app/infra/public-url.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { publicLetterPage } from "#app/services/publications.server";
import { LetterPaper } from "#app/components/letter-paper";
import { LetterBody } from "#app/editor/letter-body";
import { LanguageSwitch } from "#app/components/language-switch";
import { countLineText } from "#app/components/count-line";
import { localeOrEnglish } from "#app/i18n/locales";

export const handle = { hydrate: false };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await publicLetterPage(await getDb(), params.slug ?? "");
  if (!page) throw notFound();
  const i18n = pageMessages(inviteeLocale(request, { letterLanguage: page.language }), "staff");
  const { etag, ...rest } = page;
  return data(
    { ...rest, i18n, canonical: publicUrl(`/public/${page.slug}`) },
    // The page's content and the language it is shown in make its ETag.
    { headers: { ETag: `"${sha256Hex(`${etag}:${i18n.locale}`).slice(0, 32)}"` } },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  if (errorHeaders) return { "Cache-Control": "no-store" };
  const etag = loaderHeaders.get("ETag");
  return {
    "Cache-Control": "public, max-age=300",
    Vary: "Accept-Language, Cookie",
    ...(etag ? { ETag: etag } : {}),
  };
};

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Undersigned" }];
  const t = tFor(data.i18n);
  const description = t("public.description", { office: data.office, count: data.undersigned.countLine.count });
  return [
    { title: `${data.subject} · ${data.office}` },
    { name: "description", content: description },
    { property: "og:type", content: "article" },
    { property: "og:title", content: data.subject },
    { property: "og:description", content: description },
    { property: "og:url", content: data.canonical },
    { name: "twitter:card", content: "summary" },
    { tagName: "link", rel: "canonical", href: data.canonical },
    { tagName: "link", rel: "alternate", type: "application/atom+xml", href: "/public/feed.atom" },
  ];
};

export default function PublicLetter() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const day = (iso: string) => formatDate(locale, `${iso}T12:00:00Z`);
  const letterLang = localeOrEnglish(d.language);
  return (
    <div className="narrow public-page">
      <LanguageSwitch letterLanguage={letterLang} />
      <p className="muted">{t("public.from", { office: d.office })}</p>
      <h1 lang={letterLang}>{d.subject}</h1>
      <LetterPaper
        addressees={d.addressees}
        copies={d.copies.map((name) => ({ name }))}
        placeLine={d.place}
        sentAt={d.sentAt}
        language={d.language}
        subject={d.subject}
      >
        <LetterBody html={d.bodyHtml} lang={letterLang} />
      </LetterPaper>

      <section aria-labelledby="signatories">
        <h2 id="signatories">{t("public.signatories")}</h2>
        <p>{countLineText(t, d.undersigned.countLine)}</p>
        {d.undersigned.format === "by-group" ? (
          d.undersigned.sections.map((s) => (
            <div key={s.group}>
              <h3>{s.group}</h3>
              <ul className="plain-list">
                {s.names.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            </div>
          ))
        ) : (
          <ul className="plain-list">
            {d.undersigned.lines.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ul>
        )}
        <p className="muted">
          {t("public.verify")} <a href={d.verifyUrl}>{d.verifyUrl}</a>
        </p>
      </section>

      {d.replies.length ? (
        <section aria-labelledby="replies">
          <h2 id="replies">{t("public.replies")}</h2>
          {d.replies.map((r, i) => (
            <article key={i} className="card">
              <h3>
                {t(`replies.kind.${r.kind}` as MessageKey)} · {r.senderName}
                {r.senderRole ? `, ${r.senderRole}` : ""}
              </h3>
              <p className="muted">
                <time dateTime={r.receivedOn}>{day(r.receivedOn)}</time>
                {r.onBehalfOf ? ` · ${t("public.onBehalfOf", { name: r.onBehalfOf })}` : ""}
              </p>
              <div className="reply-body">
                {r.body.split(/\n{2,}/).map((para, j) => (
                  <p key={j}>{para}</p>
                ))}
              </div>
            </article>
          ))}
        </section>
      ) : null}

      {d.questions.length ? (
        <section aria-labelledby="questions">
          <h2 id="questions">{t("public.questions")}</h2>
          <ul>
            {d.questions.map((q) => (
              <li key={q.reference}>
                {q.url ? <a href={q.url}>{q.reference}</a> : q.reference}
                {q.title ? ` · ${q.title}` : ""}
                {q.answerUrl ? (
                  <>
                    {" · "}
                    <a href={q.answerUrl}>{t("public.answer")}</a>
                  </>
                ) : (
                  ` · ${t("public.notAnswered")}`
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.press.length ? (
        <section aria-labelledby="press">
          <h2 id="press">{t("public.press")}</h2>
          <ul>
            {d.press.map((p, i) => (
              <li key={i}>
                <time dateTime={p.publishedOn}>{day(p.publishedOn)}</time> · {p.outlet}:{" "}
                {p.url ? (
                  <a href={p.url} rel="noopener noreferrer">
                    {p.title}
                  </a>
                ) : (
                  p.title
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="muted">
        <a href="/public/feed.atom">{t("public.feed")}</a>
      </p>
    </div>
  );
}
