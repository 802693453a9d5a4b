/**
 * The campaign lead's view of a campaign: its letters with where each stands against its reply clock, the
 * escalation ladder of each sent letter (letter → reminder → question → answer), the timeline of everything
 * that happened, and the counts in words; and the campaign list with the same counts.
 * The number of queries does not depend on how many campaigns or letters the office has.
 */
import type { Queryable } from "#db/client.server";
import { campaignFacts, getCampaign, letterReminderDays, listCampaigns } from "#app/models/campaigns.server";
import { getOfficeClock } from "#app/models/replies.server";
import {
  campaignTimeline,
  escalationLadder,
  letterReplyState,
  summarizeCampaign,
  type TimelineKind,
} from "#app/domain/campaign-timeline";
import { toIsoDate } from "#app/domain/reply-clock";
import { replyNow } from "./replies.server";

/** Timeline entries per page; older ones are a link away (no JavaScript needed). */
export const TIMELINE_PAGE = 50;

export async function campaignPage(
  db: Queryable,
  { id, officeId, kinds, page = 1 }: { id: string; officeId: string; kinds: TimelineKind[]; page?: number },
) {
  const campaign = await getCampaign(db, { id, officeId });
  if (!campaign) return null;
  const [facts, clock, now] = await Promise.all([
    campaignFacts(db, { officeId, campaignIds: [id] }).then((m) => m.get(id)!),
    getOfficeClock(db, { officeId }),
    replyNow(db),
  ]);
  const today = toIsoDate(now);
  const sentIds = facts.letters.filter((l) => l.sentAt).map((l) => l.id);
  const reminders = await letterReminderDays(db, { officeId, letterIds: sentIds });
  const answered = new Set(facts.replies.filter((r) => r.kind === "substantive").map((r) => r.letterId));
  const timeline = campaignTimeline(facts, kinds);
  const pages = Math.max(1, Math.ceil(timeline.length / TIMELINE_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  return {
    campaign,
    summary: summarizeCampaign(facts, clock, today),
    letters: facts.letters.map((l) => ({
      id: l.id,
      subject: l.subject,
      status: l.status,
      replies: facts.replies.filter((r) => r.letterId === l.id).length,
      clock: letterReplyState(l, answered.has(l.id), clock, today),
    })),
    ladder: escalationLadder(facts, reminders),
    timeline: timeline.slice((current - 1) * TIMELINE_PAGE, current * TIMELINE_PAGE),
    timelineTotal: timeline.length,
    page: current,
    pages,
    press: facts.press,
  };
}

export async function campaignList(db: Queryable, officeId: string) {
  const [rows, clock, now] = await Promise.all([
    listCampaigns(db, officeId),
    getOfficeClock(db, { officeId }),
    replyNow(db),
  ]);
  const facts = await campaignFacts(db, { officeId, campaignIds: rows.map((c) => c.id) });
  const today = toIsoDate(now);
  return rows.map((c) => ({ ...c, counts: summarizeCampaign(facts.get(c.id)!, clock, today) }));
}
