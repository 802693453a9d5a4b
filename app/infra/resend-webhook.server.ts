/**
 * Resend delivery webhooks (delivered, bounced, complained, opened, …). The raw body is verified
 * with `resend.webhooks.verify` (Standard Webhooks / Svix signature, 5-minute timestamp tolerance)
 * before anything is parsed or stored. Each event is stored once (the svix-id is the primary key),
 * and the email's delivery status only moves forward (see DELIVERY_RANK in models/emails).
 *
 * The SDK's verifier lives on a Resend client, and the client's constructor insists on an API key
 * even though verifying never calls the API. So when no RESEND_API_KEY is configured we construct
 * it with a placeholder key that is never sent anywhere. (Importing `standardwebhooks` directly
 * would avoid that, but it is only a transitive dependency of resend.)
 */
import { Resend } from "resend";
import type { Db } from "#db/client.server";
import { recordDeliveryEvent } from "#app/infra/email-outbox.server";
import { getEnv } from "./env.server";

export type WebhookResult =
  | { ok: true; duplicate: boolean; type: string; emailId: string | null }
  | { ok: false; status: 400 | 401; error: string };

let verifier: Resend | undefined;
function getVerifier() {
  verifier ??= new Resend(getEnv().RESEND_API_KEY ?? "re_placeholder_for_webhook_verification_only");
  return verifier;
}

/**
 * Verifies and records one webhook delivery. `rawBody` must be the exact bytes received
 * (`await request.text()`): a re-serialised body does not verify. Returns 400 for a request that is
 * not a signed webhook at all (missing headers), 401 for a bad, stale or foreign signature; nothing
 * is stored in either case.
 */
export async function handleResendWebhook(
  db: Db,
  rawBody: string,
  headers: Headers,
  secret: string,
): Promise<WebhookResult> {
  const id = headers.get("svix-id") ?? headers.get("webhook-id");
  const timestamp = headers.get("svix-timestamp") ?? headers.get("webhook-timestamp");
  const signature = headers.get("svix-signature") ?? headers.get("webhook-signature");
  if (!id || !timestamp || !signature) return { ok: false, status: 400, error: "missing signature headers" };
  if (!secret) return { ok: false, status: 401, error: "webhook secret not configured" };

  let event: { type?: unknown; created_at?: unknown; data?: { email_id?: unknown; created_at?: unknown } };
  try {
    event = getVerifier().webhooks.verify({
      payload: rawBody,
      headers: { id, timestamp, signature },
      webhookSecret: secret,
    }) as typeof event;
  } catch (e) {
    // Wrong secret, tampered body, timestamp outside the tolerance, or a secret that is not base64.
    return { ok: false, status: 401, error: e instanceof Error ? e.message : "invalid signature" };
  }
  if (!event || typeof event !== "object" || typeof event.type !== "string") {
    return { ok: false, status: 400, error: "not an event" };
  }

  const providerMessageId = typeof event.data?.email_id === "string" ? event.data.email_id : null;
  const occurred = typeof event.created_at === "string" ? new Date(event.created_at) : null;
  const type = event.type;
  const { stored, emailId } = await db.transaction((tx) =>
    recordDeliveryEvent(tx, {
      id,
      type,
      providerMessageId,
      occurredAt: occurred && !Number.isNaN(occurred.getTime()) ? occurred : null,
      payload: event,
    }),
  );
  return { ok: true, duplicate: !stored, type, emailId };
}
