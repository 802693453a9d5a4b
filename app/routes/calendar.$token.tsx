/**
 * A user's calendar feed: `/calendar/<secret>.ics`, fetched by a calendar application without a session.
 * Unknown, revoked and malformed addresses all get the same 404; guessing is rate-limited per address.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { getDb } from "#app/infra/db.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { clientIp, notFound } from "#app/web/http.server";
import { calendarFeed } from "#app/services/calendar.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const db = await getDb();
  const rate = await hit(db, `calendar:${clientIp(context)}`, LIMITS.tokenViewPerIp);
  if (!rate.ok)
    throw data("Too many requests", { status: 429, headers: { "Retry-After": String(rate.retryAfterSeconds) } });
  const file = params.token ?? "";
  if (!file.endsWith(".ics")) throw notFound();
  const ics = await calendarFeed(db, file.slice(0, -".ics".length));
  if (ics === null) throw notFound();
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="undersigned.ics"',
      "Cache-Control": "private, max-age=300",
      "Referrer-Policy": "no-referrer",
      "X-Robots-Tag": "noindex",
    },
  });
}
