/** Campaigns group the letters of one cause; campaign leads follow what was sent and what came back. */
import { and, asc, desc, eq, inArray, like, or, sql } from "drizzle-orm";
import {
  auditEvents,
  campaigns,
  letters,
  parliamentaryQuestions,
  pressItems,
  questionLinks,
  replies,
} from "#db/schema";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import type { CampaignFacts } from "#app/domain/campaign-timeline";
import type { PressItemInput } from "#app/domain/campaign-forms";
import { toIsoDate } from "#app/domain/reply-clock";

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

type Actor = { userId: string; officeId: string };

export async function getCampaign(db: Queryable, { id, officeId }: { id: string; officeId: string }) {
  const [campaign] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), eq(campaigns.officeId, officeId)));
  return campaign ?? null;
}

export async function listCampaigns(db: Queryable, officeId: string) {
  return db
    .select({ id: campaigns.id, title: campaigns.title, summary: campaigns.summary })
    .from(campaigns)
    .where(eq(campaigns.officeId, officeId))
    .orderBy(asc(campaigns.title));
}

/**
 * Everything the timeline and the counts need for the given campaigns of one office, in four queries
 * whatever the number of campaigns or letters: letters, their replies, the questions linked to a campaign or
 * to one of its letters, and the press items. Keyed by campaign id.
 */
export async function campaignFacts(
  db: Queryable,
  { officeId, campaignIds }: { officeId: string; campaignIds: string[] },
): Promise<Map<string, CampaignFacts>> {
  const out = new Map<string, CampaignFacts>(
    campaignIds.map((id) => [id, { letters: [], replies: [], questions: [], press: [] }]),
  );
  if (!campaignIds.length) return out;
  const letterRows = await db
    .select({
      id: letters.id,
      campaignId: letters.campaignId,
      subject: letters.subject,
      status: letters.status,
      createdAt: letters.createdAt,
      sentAt: letters.sentAt,
      replyDueDays: letters.replyDueDays,
      replyVeryOverdueDays: letters.replyVeryOverdueDays,
      replyDayKind: letters.replyDayKind,
    })
    .from(letters)
    .where(and(eq(letters.officeId, officeId), inArray(letters.campaignId, campaignIds)))
    .orderBy(desc(letters.createdAt));
  const campaignOf = new Map(letterRows.map((l) => [l.id, l.campaignId!]));
  for (const { campaignId, ...l } of letterRows) out.get(campaignId!)!.letters.push(l);
  const letterIds = letterRows.map((l) => l.id);

  if (letterIds.length) {
    const replyRows = await db
      .select({
        id: replies.id,
        letterId: replies.letterId,
        receivedOn: replies.receivedOn,
        kind: replies.kind,
        senderName: replies.senderName,
      })
      .from(replies)
      .where(and(eq(replies.officeId, officeId), inArray(replies.letterId, letterIds)));
    for (const r of replyRows) out.get(campaignOf.get(r.letterId)!)!.replies.push(r);
  }

  const linkRows = await db
    .select({
      campaignId: questionLinks.campaignId,
      letterId: questionLinks.letterId,
      id: parliamentaryQuestions.id,
      reference: parliamentaryQuestions.reference,
      title: parliamentaryQuestions.title,
      tabledOn: parliamentaryQuestions.tabledOn,
      answeredOn: parliamentaryQuestions.answeredOn,
      answerUrl: parliamentaryQuestions.answerUrl,
    })
    .from(questionLinks)
    .innerJoin(parliamentaryQuestions, eq(parliamentaryQuestions.id, questionLinks.questionId))
    .where(
      and(
        eq(questionLinks.officeId, officeId),
        letterIds.length
          ? or(inArray(questionLinks.campaignId, campaignIds), inArray(questionLinks.letterId, letterIds))
          : inArray(questionLinks.campaignId, campaignIds),
      ),
    );
  // A question linked twice (to the campaign and to one of its letters) is one question of the campaign.
  const seen = new Set<string>();
  for (const { campaignId, letterId, ...q } of linkRows) {
    const cid = campaignId && out.has(campaignId) ? campaignId : letterId ? campaignOf.get(letterId) : undefined;
    if (!cid || seen.has(`${cid}:${q.id}`)) continue;
    seen.add(`${cid}:${q.id}`);
    out.get(cid)!.questions.push({ ...q, letterId });
  }

  const pressRows = await db
    .select()
    .from(pressItems)
    .where(and(eq(pressItems.officeId, officeId), inArray(pressItems.campaignId, campaignIds)))
    .orderBy(desc(pressItems.publishedOn));
  for (const p of pressRows)
    out.get(p.campaignId)!.press.push({
      id: p.id,
      title: p.title,
      outlet: p.outlet,
      publishedOn: p.publishedOn,
      url: p.url,
      note: p.note,
      letterId: p.letterId,
    });
  return out;
}

/**
 * The day of each letter's first reply-clock reminder ("did they reply?" or an overdue alert, as the audit trail
 * records them), for the escalation ladder. One query whatever the number of letters.
 */
export async function letterReminderDays(
  db: Queryable,
  { officeId, letterIds }: { officeId: string; letterIds: string[] },
): Promise<Map<string, string>> {
  if (!letterIds.length) return new Map();
  const rows = await db
    .select({ letterId: auditEvents.letterId, at: sql<Date | string>`min(${auditEvents.createdAt})` })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.officeId, officeId),
        inArray(auditEvents.letterId, letterIds),
        like(auditEvents.action, "reply.alert.%"),
      ),
    )
    .groupBy(auditEvents.letterId);
  return new Map(rows.map((r) => [r.letterId!, toIsoDate(new Date(r.at))]));
}

export type PressProblem = "not-found" | "letter";

/** Logs a press item on a campaign; a letter named must be one of the campaign's letters. */
export async function addPressItem(
  tx: Queryable,
  actor: Actor,
  campaignId: string,
  input: PressItemInput,
): Promise<{ ok: true; id: string } | { ok: false; error: PressProblem }> {
  const campaign = await getCampaign(tx, { id: campaignId, officeId: actor.officeId });
  if (!campaign) return { ok: false, error: "not-found" };
  if (input.letterId) {
    const [l] = await tx
      .select({ id: letters.id })
      .from(letters)
      .where(
        and(eq(letters.id, input.letterId), eq(letters.officeId, actor.officeId), eq(letters.campaignId, campaignId)),
      );
    if (!l) return { ok: false, error: "letter" };
  }
  const [row] = await tx
    .insert(pressItems)
    .values({
      officeId: actor.officeId,
      campaignId,
      letterId: input.letterId,
      title: input.title,
      outlet: input.outlet,
      publishedOn: toIsoDate(input.publishedOn),
      url: input.url,
      note: input.note,
      createdBy: actor.userId,
    })
    .returning({ id: pressItems.id });
  await audit(tx, {
    officeId: actor.officeId,
    letterId: input.letterId ?? undefined,
    actorUserId: actor.userId,
    action: "press.added",
    data: { campaignId, pressItemId: row.id, title: input.title, outlet: input.outlet, url: input.url },
  });
  return { ok: true, id: row.id };
}

export async function deletePressItem(
  tx: Queryable,
  actor: Actor,
  { campaignId, id }: { campaignId: string; id: string },
): Promise<boolean> {
  const [row] = await tx
    .delete(pressItems)
    .where(and(eq(pressItems.id, id), eq(pressItems.campaignId, campaignId), eq(pressItems.officeId, actor.officeId)))
    .returning();
  if (!row) return false;
  await audit(tx, {
    officeId: actor.officeId,
    letterId: row.letterId ?? undefined,
    actorUserId: actor.userId,
    action: "press.removed",
    data: { campaignId, pressItemId: id, title: row.title, outlet: row.outlet },
  });
  return true;
}

/** The office's press items, newest first, with their campaign's title (for the CSV export). */
export async function listPressItems(db: Queryable, officeId: string) {
  return db
    .select({
      title: pressItems.title,
      outlet: pressItems.outlet,
      publishedOn: pressItems.publishedOn,
      url: pressItems.url,
      note: pressItems.note,
      campaign: campaigns.title,
      letter: letters.subject,
    })
    .from(pressItems)
    .innerJoin(campaigns, eq(campaigns.id, pressItems.campaignId))
    .leftJoin(letters, eq(letters.id, pressItems.letterId))
    .where(eq(pressItems.officeId, officeId))
    .orderBy(desc(pressItems.publishedOn), asc(pressItems.title));
}
