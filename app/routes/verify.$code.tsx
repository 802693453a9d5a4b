/** Public verification of a sent letter by the code printed on it. Shows nothing until the letter is sent. */
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatDate, useLocale } from "#app/i18n";
import { getDb } from "#app/utils/db.server";
import { clientIp } from "#app/utils/http.server";
import { hit, LIMITS } from "#app/utils/rate-limit.server";
import { getSentLetterByCode } from "#app/models/verification.server";

export const meta: MetaFunction = () => [{ title: "Verify a letter · Undersigned" }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

export async function loader({ params, context }: LoaderFunctionArgs) {
  const db = await getDb();
  const rate = await hit(db, `verify:${clientIp(context)}`, LIMITS.tokenPerIp);
  if (!rate.ok) throw data("Too many requests", { status: 429 });
  const code = params.code ?? "";
  const found = /^[A-Za-z0-9_-]{16}$/.test(code) ? await getSentLetterByCode(db, code) : null;
  if (!found) throw new Response("Not found", { status: 404 });
  return found;
}

export default function Verify() {
  const d = useLoaderData<typeof loader>();
  const locale = useLocale();
  return (
    <div className="narrow">
      <h1>Letter verified</h1>
      <dl className="card">
        <dt>Subject</dt>
        <dd>{d.subject}</dd>
        <dt>Sent by</dt>
        <dd>{d.office}</dd>
        <dt>Sent on</dt>
        <dd>{formatDate(locale, d.sentAt, { dateStyle: "long", timeStyle: "short" })}</dd>
        <dt>Signatories</dt>
        <dd>{d.signatories}</dd>
        <dt>Version fingerprint (SHA-256)</dt>
        <dd className="mono">{d.versionHash}</dd>
      </dl>
    </div>
  );
}
