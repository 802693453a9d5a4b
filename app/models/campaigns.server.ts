/** Campaigns group the letters of one cause; campaign leads follow what was sent and what came back. */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { campaigns, letters, replies } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";

export async function listCampaignsWithCounts(db: Queryable, officeId: string) {
  return db
    .select({
      id: campaigns.id,
      title: campaigns.title,
      summary: campaigns.summary,
      letters: sql<number>`(select count(*)::int from letters l where l.campaign_id = ${campaigns.id})`,
      sent: sql<number>`(select count(*)::int from letters l where l.campaign_id = ${campaigns.id} and l.status = 'sent')`,
    })
    .from(campaigns)
    .where(eq(campaigns.officeId, officeId))
    .orderBy(asc(campaigns.title));
}

export async function createCampaign(
  tx: Queryable,
  actor: { userId: string; officeId: string },
  input: { title: string; summary: string | null },
) {
  const [c] = await tx
    .insert(campaigns)
    .values({ officeId: actor.officeId, title: input.title, summary: input.summary })
    .returning();
  await audit(tx, {
    officeId: actor.officeId,
    actorUserId: actor.userId,
    action: "campaign.created",
    data: { campaignId: c.id, title: input.title },
  });
  return c;
}

export async function getCampaignOverview(db: Queryable, { id, officeId }: { id: string; officeId: string }) {
  const [campaign] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), eq(campaigns.officeId, officeId)));
  if (!campaign) return null;
  const rows = await db
    .select({ id: letters.id, subject: letters.subject, status: letters.status, sentAt: letters.sentAt })
    .from(letters)
    .where(and(eq(letters.campaignId, id), eq(letters.officeId, officeId)))
    .orderBy(desc(letters.updatedAt));
  const replyRows = rows.length
    ? await db
        .select({ letterId: replies.letterId, receivedOn: replies.receivedOn, kind: replies.kind })
        .from(replies)
        .where(
          and(
            eq(replies.officeId, officeId),
            sql`${replies.letterId} in (select id from letters where campaign_id = ${id})`,
          ),
        )
    : [];
  return { campaign, letters: rows.map((l) => ({ ...l, replies: replyRows.filter((r) => r.letterId === l.id) })) };
}
