/**
 * The record of what was sent, as JSON: hashes of the PDF and HTML, every recipient and signatory notice with its
 * status, times and provider message id. Members of the sending office only; 404 otherwise and while unsent.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_TRACK } from "#app/web/session.server";
import { getSendRecord } from "#app/models/sending.server";
import { notFound } from "#app/web/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_TRACK);
  const record = await getSendRecord(db, { letterId: letter.id, officeId: ctx.office.id });
  if (!record) throw notFound();
  const name = `send-record-${record.letter.reference.replace(/[^A-Za-z0-9._-]+/g, "-")}.json`;
  return new Response(JSON.stringify({ ...record, generatedAt: new Date().toISOString() }, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
