/**
 * Resend delivery webhooks. The raw body is verified before anything is parsed or stored (see
 * app/infra/resend-webhook.server.ts); server.js exempts /webhooks/* from the browser origin check.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "#app/infra/db.server";
import { getEnv } from "#app/infra/env.server";
import { handleResendWebhook } from "#app/infra/resend-webhook.server";

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });

export async function loader() {
  return json({ error: "method not allowed" }, 405);
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "method not allowed" }, 405);
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > 1_000_000) return json({ error: "payload too large" }, 413);
  const raw = await request.text();
  if (raw.length > 1_000_000) return json({ error: "payload too large" }, 413);
  const db = await getDb();
  const result = await handleResendWebhook(db, raw, request.headers, getEnv().RESEND_WEBHOOK_SECRET ?? "");
  if (!result.ok) return json({ error: result.status === 401 ? "invalid signature" : "bad request" }, result.status);
  return json({ ok: true, duplicate: result.duplicate }, 200);
}
