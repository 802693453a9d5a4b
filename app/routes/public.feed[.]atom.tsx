/** The Atom feed of published letters (issue 14): every live public page, newest first; ETag and 304. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#app/infra/db.server";
import { publicFeed } from "#app/services/publications.server";
import { etagMatches } from "#app/web/etag";

export async function loader({ request }: LoaderFunctionArgs) {
  const { xml, etag } = await publicFeed(await getDb());
  const headers = {
    "Content-Type": "application/atom+xml; charset=utf-8",
    "Cache-Control": "public, max-age=300",
    ETag: etag,
  };
  if (etagMatches(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(xml, { headers });
}
