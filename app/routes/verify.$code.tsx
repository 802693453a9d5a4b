/**
 * Public verification of a sent letter by the code printed on it: the text's hash, the number of signatories and
 * the send date, and a check that a PDF (uploaded, or its SHA-256 pasted) is exactly the one that was sent.
 * 404 while the letter is unsent, for unknown codes and malformed ones alike.
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDate, tFor, useLocale, useT, type MessageKey } from "#app/i18n";
import { pageMessages } from "#app/i18n/page-messages.server";
import { inviteeLocale } from "#app/web/page-locale.server";
import { getDb } from "#app/infra/db.server";
import { clientIp, notFound } from "#app/web/http.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { getSentLetterByCode } from "#app/models/verification.server";
import { FormAlert } from "#app/components/field";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${tFor(data.i18n)("sending.verify.heading")} · ${data.subject}` : "Undersigned" },
  { name: "robots", content: "noindex" },
];
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

/** A letter PDF with 720 signatories is well under 1 MB; anything far larger is not it. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

async function found(params: { code?: string }, context: unknown) {
  const db = await getDb();
  const rate = await hit(db, `verify:${clientIp(context)}`, LIMITS.tokenPerIp);
  if (!rate.ok) throw data("Too many requests", { status: 429 });
  const letter = await getSentLetterByCode(db, params.code ?? "");
  if (!letter) throw notFound();
  return letter;
}

/** The form, or null when the body is larger than `max` bytes (read no further than that). */
async function readFormCapped(request: Request, max: number): Promise<FormData | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > max) return null;
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
  }
  const body = Buffer.concat(chunks);
  try {
    return await new Response(body, {
      headers: { "content-type": request.headers.get("content-type") ?? "application/x-www-form-urlencoded" },
    }).formData();
  } catch {
    return new FormData(); // not a form at all: answered as "nothing to check"
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const l = await found(params, context);
  return {
    // In the letter's language (a reader can switch with ?lang=), like the signing pages.
    i18n: pageMessages(inviteeLocale(request, { letterLanguage: l.language }), "invitee"),
    subject: l.subject,
    office: l.office,
    sentAt: l.sentAt,
    signatories: l.signatories,
    versionNumber: l.versionNumber,
    versionHash: l.versionHash,
    pdfSha256: l.pdfSha256,
  };
}

type CheckResult = { result: "match" | "no-match" | "nothing" | "too-big"; hash: string | null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const l = await found(params, context);
  const form = await readFormCapped(request, MAX_UPLOAD_BYTES + 64 * 1024);
  if (!form) return data<CheckResult>({ result: "too-big", hash: null }, { status: 413 });
  const file = form.get("pdf");
  let hash: string | null = null;
  if (file && typeof file === "object" && "arrayBuffer" in file && file.size > 0) {
    if (file.size > MAX_UPLOAD_BYTES) return data<CheckResult>({ result: "too-big", hash: null }, { status: 413 });
    hash = sha256Hex(Buffer.from(await file.arrayBuffer()));
  } else {
    const pasted = String(form.get("sha256") ?? "")
      .trim()
      .toLowerCase()
      .replace(/\s+/g, "");
    if (/^[0-9a-f]{64}$/.test(pasted)) hash = pasted;
  }
  if (!hash) return data<CheckResult>({ result: "nothing", hash: null }, { status: 400 });
  return data<CheckResult>({ result: l.pdfSha256 && hash === l.pdfSha256 ? "match" : "no-match", hash });
}

export default function Verify() {
  const d = useLoaderData<typeof loader>();
  const check = useActionData<typeof action>();
  const locale = useLocale();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const message: Record<CheckResult["result"], MessageKey> = {
    match: "sending.verify.match",
    "no-match": "sending.verify.noMatch",
    nothing: "sending.verify.nothing",
    "too-big": "sending.verify.tooBig",
  };
  return (
    <div className="narrow">
      <h1>{t("sending.verify.heading")}</h1>
      <dl className="card">
        <dt>{t("sending.verify.subject")}</dt>
        <dd>{d.subject}</dd>
        <dt>{t("sending.verify.office")}</dt>
        <dd>{d.office}</dd>
        <dt>{t("sending.verify.sentAt")}</dt>
        <dd>{formatDate(locale, d.sentAt, { dateStyle: "long", timeStyle: "short" })}</dd>
        <dt>{t("sending.verify.signatories")}</dt>
        <dd data-testid="signatories">{d.signatories}</dd>
        <dt>{t("sending.verify.versionHash")}</dt>
        <dd className="mono" data-testid="version-hash">
          {d.versionHash}
        </dd>
        {d.pdfSha256 ? (
          <>
            <dt>{t("sending.verify.pdfHash")}</dt>
            <dd className="mono" data-testid="pdf-hash">
              {d.pdfSha256}
            </dd>
          </>
        ) : null}
      </dl>
      <section className="card" aria-labelledby="check-title">
        <h2 id="check-title">{t("sending.verify.check")}</h2>
        <p className="muted">{t("sending.verify.checkHelp")}</p>
        {check ? (
          <FormAlert
            kind={check.result === "match" ? "ok" : "error"}
            message={t(message[check.result], { hash: check.hash ?? "" })}
          />
        ) : null}
        <Form method="post" encType="multipart/form-data">
          <label htmlFor="pdf">{t("sending.verify.file")}</label>
          <input id="pdf" name="pdf" type="file" accept="application/pdf,.pdf" />
          <label htmlFor="sha256">{t("sending.verify.hash")}</label>
          <input
            id="sha256"
            name="sha256"
            type="text"
            inputMode="text"
            autoComplete="off"
            spellCheck={false}
            maxLength={80}
            pattern="[0-9a-fA-F ]*"
            className="mono"
          />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("sending.verify.submit")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
