/**
 * /exports/office.json: the whole office as an archive (app/services/office-archive.server.ts), for the office's
 * administrators only. Each download is recorded in the office's audit chain ("office.exported").
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#app/infra/db.server";
import { requireRole } from "#app/web/session.server";
import { exportOfficeAudited } from "#app/services/office-archive.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireRole(request, ["admin"]);
  const archive = await exportOfficeAudited(await getDb(), ctx.office.id, { userId: ctx.user.id });
  const day = archive.exportedAt.slice(0, 10);
  return new Response(JSON.stringify(archive), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="office-archive-${day}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
