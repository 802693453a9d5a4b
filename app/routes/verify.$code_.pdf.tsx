/**
 * The sent letter's PDF for its signatories: the link in their "the letter went out" notice. It needs both the
 * verification code and the send's random id (`?key=`), so knowing the code printed on the letter is not enough;
 * 404 for anything else, including while the letter is unsent.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { getDb } from "#app/infra/db.server";
import { clientIp, notFound } from "#app/web/http.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { findSentLetterForPdfLink } from "#app/models/verification.server";
import { renderSentLetterPdf } from "#app/models/sending.server";
import { pdfResponse } from "#app/pdf/pdf-response.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = await getDb();
  const rate = await hit(db, `verify-pdf:${clientIp(context)}`, LIMITS.tokenPerIp);
  if (!rate.ok) throw data("Too many requests", { status: 429 });
  const scope = await findSentLetterForPdfLink(db, params.code ?? "", new URL(request.url).searchParams.get("key"));
  if (!scope) throw notFound();
  const pdf = await renderSentLetterPdf(db, scope);
  if (!pdf) throw notFound();
  return pdfResponse(pdf.bytes, pdf.filename, { "Referrer-Policy": "no-referrer" });
}
