/** The reply as it was received (PDF or .docx), downloaded, never displayed inline. */
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { requireLetter } from "#app/web/letter-route.server";
import { notFound } from "#app/web/http.server";
import { requireUuid } from "#app/infra/ids";
import { replyFileDownload } from "#app/services/replies.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params);
  const replyId = requireUuid(params.replyId);
  const file = await replyFileDownload(db, { replyId, letterId: letter.id, officeId: ctx.office.id });
  if (!file.ok) {
    if (file.reason === "not-found") throw notFound();
    // Shown by the error boundary: the file store lost the file, or it no longer matches the uploaded one.
    throw data(
      { message: file.reason === "missing" ? "replies.file.missing" : "replies.file.corrupt" },
      { status: file.reason === "missing" ? 404 : 409 },
    );
  }
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
