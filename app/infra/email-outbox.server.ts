/**
 * The outbox: one row per message. Queries for the admin outbox page, for tests that read links
 * from sent messages, and the status transitions the mailer and the Resend webhook make.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { openEmailSecrets } from "#app/infra/email-secrets.server";
import { emails, jobs, webhookEvents, type EmailStatus } from "#db/schema";
import type { Queryable } from "#db/client.server";

export type Email = typeof emails.$inferSelect;
export type NewEmail = typeof emails.$inferInsert;

export async function insertEmail(db: Queryable, row: NewEmail): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insert(emails)
    .values(row)
    .onConflictDoNothing({ target: emails.idempotencyKey })
    .returning({ id: emails.id });
  if (inserted[0]) return { id: inserted[0].id, created: true };
  // The same idempotency key was queued before: that row is the message.
  const [existing] = await db
    .select({ id: emails.id })
    .from(emails)
    .where(eq(emails.idempotencyKey, row.idempotencyKey));
  return { id: existing.id, created: false };
}

/** The outbox, newest first. Without officeId: every office (admins only; the caller checks). */
export async function listOutbox(
  db: Queryable,
  opts: { limit?: number; officeId?: string; status?: EmailStatus; letterId?: string } = {},
): Promise<Email[]> {
  const where = [];
  if (opts.officeId) where.push(eq(emails.officeId, opts.officeId));
  if (opts.status) where.push(eq(emails.status, opts.status));
  if (opts.letterId) where.push(eq(emails.letterId, opts.letterId));
  return db
    .select()
    .from(emails)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(Math.min(Math.max(opts.limit ?? 50, 1), 500));
}

/** One message; with officeId, only if it belongs to that office. */
export async function getEmail(db: Queryable, id: string, opts: { officeId?: string } = {}): Promise<Email | null> {
  const [row] = await db
    .select()
    .from(emails)
    .where(and(eq(emails.id, id), opts.officeId ? eq(emails.officeId, opts.officeId) : undefined));
  return row ?? null;
}

/**
 * The newest message to an address (case-insensitive), optionally of one kind, as it was sent (its
 * sealed links opened, see app/infra/email-secrets). Tests and e2e follow its links.
 */
export async function latestEmailTo(db: Queryable, address: string, kind?: string): Promise<Email | null> {
  const [row] = await db
    .select()
    .from(emails)
    .where(
      and(sql`lower(${emails.toAddress}) = ${address.trim().toLowerCase()}`, kind ? eq(emails.kind, kind) : undefined),
    )
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(1);
  return row ? openEmailSecrets(row) : null;
}

/**
 * When the queue will next try to deliver a message (its queued 'email.send' job, or the 'email.batch' job it is
 * in); null when no attempt is waiting. A column for a select from `emails`.
 */
export function nextAttemptAt() {
  // For a select from emails; written out in full, since inside the subquery an unqualified "id" would be the job's.
  const id = sql.raw(`"emails"."id"`);
  return sql<Date | null>`(select min(j.run_at) from jobs j
    where j.status = 'queued'
      and ((j.queue = 'email.send' and j.payload->>'emailId' = ${id}::text)
        or (j.queue = 'email.batch' and j.payload->'emailIds' @> jsonb_build_array(${id}::text))))`.mapWith(jobs.runAt);
}

// ---------------------------------------------------------------- transitions used by the mailer

/**
 * queued/sending → sending, counting the attempt. Returns the row, or null when it is already final
 * (sent, failed, held): a repeated job then does nothing.
 */
export async function markEmailSending(db: Queryable, id: string): Promise<Email | null> {
  const [row] = await db
    .update(emails)
    .set({ status: "sending", attempts: sql`${emails.attempts} + 1` })
    .where(and(eq(emails.id, id), inArray(emails.status, ["queued", "sending"])))
    .returning();
  return row ?? null;
}

export async function markEmailSent(
  db: Queryable,
  id: string,
  v: { transport: "resend" | "local"; providerMessageId: string },
) {
  await db
    .update(emails)
    .set({
      status: "sent",
      transport: v.transport,
      providerMessageId: v.providerMessageId,
      sentAt: sql`now()`,
      lastError: null,
      // Delivered: its links no longer need to exist anywhere here. The local outbox keeps them
      // sealed, because there the row is the message (development only).
      ...(v.transport === "resend" ? { sealedSecrets: null } : {}),
    })
    .where(and(eq(emails.id, id), inArray(emails.status, ["queued", "sending"])));
  await applyStoredDeliveryEvents(db, v.providerMessageId);
}

export async function markEmailFailed(db: Queryable, id: string, error: string) {
  await db
    .update(emails)
    .set({ status: "failed", lastError: error.slice(0, 2000) })
    .where(and(eq(emails.id, id), inArray(emails.status, ["queued", "sending"])));
}

export async function markEmailHeld(db: Queryable, id: string, error: string) {
  await db
    .update(emails)
    .set({ status: "held", lastError: error.slice(0, 2000) })
    .where(and(eq(emails.id, id), inArray(emails.status, ["queued", "sending"])));
}

/** Notes a transient error on a row that stays queued for another attempt. */
export async function noteEmailError(db: Queryable, id: string, error: string) {
  await db
    .update(emails)
    .set({ lastError: error.slice(0, 2000) })
    .where(eq(emails.id, id));
}

/** failed → queued with a fresh attempt count and idempotency key (the caller enqueues its job). */
export async function requeueFailedEmail(db: Queryable, id: string, keySuffix: string): Promise<boolean> {
  const rows = await db
    .update(emails)
    .set({
      status: "queued",
      attempts: 0,
      lastError: null,
      deliveryStatus: null,
      idempotencyKey: sql`${emails.idempotencyKey} || ':' || ${keySuffix}`,
    })
    .where(and(eq(emails.id, id), eq(emails.status, "failed")))
    .returning({ id: emails.id });
  return rows.length > 0;
}

/** held → queued; returns the ids so the caller can enqueue their jobs again. */
export async function unholdEmails(db: Queryable, opts: { officeId?: string } = {}): Promise<string[]> {
  const rows = await db
    .update(emails)
    .set({ status: "queued", lastError: null })
    .where(and(eq(emails.status, "held"), opts.officeId ? eq(emails.officeId, opts.officeId) : undefined))
    .returning({ id: emails.id });
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------- delivery events (webhook)

/**
 * Precedence of delivery states, so out-of-order webhook deliveries never regress a row:
 * a later "delivered" does not undo "bounced", "opened" does not go back to "delivered".
 */
const DELIVERY_RANK: Record<string, number> = {
  sent: 10,
  scheduled: 5,
  delivery_delayed: 20,
  delivered: 30,
  opened: 40,
  clicked: 50,
  failed: 80,
  suppressed: 85,
  bounced: 90,
  complained: 95,
};

/** "email.delivery_delayed" → "delivery_delayed"; null for events that are not about delivery. */
export function deliveryStatusOf(eventType: string): string | null {
  if (!eventType.startsWith("email.")) return null;
  const s = eventType.slice("email.".length);
  return s in DELIVERY_RANK ? s : null;
}

export function deliveryRank(status: string | null | undefined): number {
  return status ? (DELIVERY_RANK[status] ?? 0) : 0;
}

/** SQL CASE giving the rank of a delivery_status column value. */
function rankSql(col: unknown) {
  // Constants from this file, so inlining them is safe and keeps the expression free of parameters.
  const whens = Object.entries(DELIVERY_RANK).map(([k, v]) => sql.raw(`when '${k}' then ${v}`));
  return sql`(case ${col} ${sql.join(whens, sql` `)} else 0 end)`;
}

export type DeliveryEvent = {
  /** The provider's event id (svix-id). */
  id: string;
  type: string;
  providerMessageId: string | null;
  occurredAt: Date | null;
  payload: unknown;
};

/**
 * Stores a webhook event once (a repeated id is ignored) and advances the matching email's
 * delivery status if the event ranks higher. Run it in a transaction so both happen or neither.
 */
export async function recordDeliveryEvent(
  db: Queryable,
  event: DeliveryEvent,
): Promise<{ stored: boolean; emailId: string | null }> {
  const inserted = await db
    .insert(webhookEvents)
    .values({
      id: event.id,
      type: event.type,
      providerMessageId: event.providerMessageId,
      occurredAt: event.occurredAt,
      payload: event.payload as object,
    })
    .onConflictDoNothing({ target: webhookEvents.id })
    .returning({ id: webhookEvents.id });
  if (!inserted[0]) return { stored: false, emailId: null };
  const status = deliveryStatusOf(event.type);
  if (!status || !event.providerMessageId) return { stored: true, emailId: null };
  const [row] = await db
    .update(emails)
    .set({ deliveryStatus: status, deliveryUpdatedAt: event.occurredAt ?? sql`now()` })
    .where(
      and(
        eq(emails.providerMessageId, event.providerMessageId),
        sql`${rankSql(emails.deliveryStatus)} < ${sql.raw(String(deliveryRank(status)))}`,
      ),
    )
    .returning({ id: emails.id });
  return { stored: true, emailId: row?.id ?? null };
}

/**
 * Events can arrive before the row is marked sent (the worker crashed after the provider accepted
 * the message). When the provider id is finally recorded, apply the best event already stored.
 */
export async function applyStoredDeliveryEvents(db: Queryable, providerMessageId: string) {
  const events = await db
    .select({ type: webhookEvents.type, occurredAt: webhookEvents.occurredAt })
    .from(webhookEvents)
    .where(eq(webhookEvents.providerMessageId, providerMessageId));
  let best: { status: string; at: Date | null } | null = null;
  for (const e of events) {
    const s = deliveryStatusOf(e.type);
    if (s && deliveryRank(s) > deliveryRank(best?.status)) best = { status: s, at: e.occurredAt };
  }
  if (!best) return;
  await db
    .update(emails)
    .set({ deliveryStatus: best.status, deliveryUpdatedAt: best.at ?? sql`now()` })
    .where(
      and(
        eq(emails.providerMessageId, providerMessageId),
        sql`${rankSql(emails.deliveryStatus)} < ${sql.raw(String(deliveryRank(best.status)))}`,
      ),
    );
}
