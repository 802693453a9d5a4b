/** Rows for the office's CSV exports: one query per export, scoped to the office. */
import { asc, desc, eq, sql } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { campaigns, letters, replies } from "#db/schema";
import type { OfficeScope as Scope } from "./scope";

export async function letterExportRows(db: Queryable, { officeId }: Scope) {
  return db
    .select({
      id: letters.id,
      subject: letters.subject,
      status: letters.status,
      language: letters.language,
      reference: letters.ourReference,
      campaign: campaigns.title,
      createdAt: letters.createdAt,
      signatureDeadline: letters.signatureDeadline,
      sentAt: letters.sentAt,
      addressees: sql<string>`coalesce((select string_agg(a.name, '; ' order by a.position) from addressees a where a.letter_id = ${letters.id} and a.kind = 'to'), '')`,
      copies: sql<string>`coalesce((select string_agg(a.name, '; ' order by a.position) from addressees a where a.letter_id = ${letters.id} and a.kind = 'cc'), '')`,
      signatures: sql<number>`(select count(*)::int from signatures s where s.letter_id = ${letters.id} and s.withdrawn_at is null)`,
      replies: sql<number>`(select count(*)::int from replies r where r.letter_id = ${letters.id})`,
    })
    .from(letters)
    .leftJoin(campaigns, eq(campaigns.id, letters.campaignId))
    .where(eq(letters.officeId, officeId))
    .orderBy(desc(letters.createdAt), asc(letters.id));
}

export async function replyExportRows(db: Queryable, { officeId }: Scope) {
  return db
    .select({
      letterSubject: letters.subject,
      receivedOn: replies.receivedOn,
      kind: replies.kind,
      senderName: replies.senderName,
      senderRole: replies.senderRole,
      onBehalfOf: replies.onBehalfOf,
      theirReference: replies.theirReference,
      theirRegistration: replies.theirRegistration,
      ourRegistration: replies.ourRegistration,
      referredToName: replies.referredToName,
      answers: sql<string>`coalesce((select string_agg(a.name, '; ' order by a.position) from reply_addressees ra join addressees a on a.id = ra.addressee_id where ra.reply_id = ${replies.id}), '')`,
      body: replies.body,
    })
    .from(replies)
    .innerJoin(letters, eq(letters.id, replies.letterId))
    .where(eq(replies.officeId, officeId))
    .orderBy(desc(replies.receivedOn), asc(replies.id));
}
