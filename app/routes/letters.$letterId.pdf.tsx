/**
 * The letter as PDF, for members of the sending office only (404 for anyone else, as for a missing letter).
 * After sending: the sent PDF, rendered again byte for byte. Before: `?preview=1` gives a preview marked as such.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_TRACK } from "#app/web/session.server";
import { renderPreviewPdf, renderSentLetterPdf } from "#app/models/sending.server";
import { pdfResponse } from "#app/pdf/pdf-response.server";
import { notFound } from "#app/web/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_TRACK);
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  if (letter.status === "sent") {
    const pdf = await renderSentLetterPdf(db, scope);
    if (!pdf) throw notFound();
    return pdfResponse(pdf.bytes, pdf.filename, { "X-Content-SHA256": pdf.sha256 });
  }
  if (new URL(request.url).searchParams.get("preview") !== "1") throw notFound();
  const preview = await renderPreviewPdf(db, scope);
  if (!preview) throw notFound();
  return pdfResponse(preview.bytes, preview.filename);
}
