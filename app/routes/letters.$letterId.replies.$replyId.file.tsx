/** The reply as it was received (PDF or .docx), downloaded, never displayed inline. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLetter } from "#app/web/letter-route.server";
import { notFound } from "#app/web/http.server";
import { requireUuid } from "#app/infra/ids";
import { getReplyFileContent } from "#app/models/replies.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params);
  const replyId = requireUuid(params.replyId);
  const file = await getReplyFileContent(db, { replyId, letterId: letter.id, officeId: ctx.office.id });
  if (!file) throw notFound();
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.content.length),
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      ETag: `"${file.sha256}"`,
    },
  });
}
