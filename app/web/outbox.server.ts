/** The local outbox is a developer tool: only without RESEND_API_KEY, never in production, only for admins. */
import { getEnv } from "#app/infra/env.server";
import { requireUser } from "./session.server";
import { notFound } from "./http.server";

export async function requireOutboxAccess(request: Request) {
  const env = getEnv();
  if (env.RESEND_API_KEY || env.NODE_ENV === "production") throw notFound();
  const ctx = await requireUser(request);
  if (ctx.role !== "admin" && !ctx.user.isPlatformAdmin) throw new Response("Forbidden", { status: 403 });
  return ctx;
}
