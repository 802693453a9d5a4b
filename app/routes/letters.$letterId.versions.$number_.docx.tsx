/** One version of the letter as a Word document (.docx), for members of the office (404 for anyone else). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_TRACK } from "#app/web/session.server";
import { notFound } from "#app/web/http.server";
import { parsePositiveInt } from "#app/domain/form-values";
import { versionAsWord } from "#app/services/word.server";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_TRACK);
  const number = parsePositiveInt(params.number);
  if (number === null || number > 100_000) throw notFound();
  const doc = await versionAsWord(db, { letterId: letter.id, officeId: ctx.office.id, number }, letter);
  if (!doc) throw notFound();
  return new Response(new Uint8Array(doc.bytes), {
    headers: {
      "Content-Type": DOCX,
      "Content-Length": String(doc.bytes.length),
      "Content-Disposition": `attachment; filename="${doc.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
