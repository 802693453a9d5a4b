/**
 * The order of the start page's sections by role: a campaign lead follows what was sent and what came back,
 * so tracking comes first; staff and Members draft and collect signatures, so signing comes first.
 */
type Role = "mep" | "staff" | "campaign_lead" | "admin";

export type DashboardSection = "deadlines" | "waiting" | "comments" | "overdueReplies" | "questions" | "failures";

const DRAFTING_FIRST: readonly DashboardSection[] = [
  "deadlines",
  "comments",
  "waiting",
  "failures",
  "overdueReplies",
  "questions",
];
const TRACKING_FIRST: readonly DashboardSection[] = [
  "overdueReplies",
  "questions",
  "failures",
  "waiting",
  "deadlines",
  "comments",
];

export function dashboardOrder(role: Role): readonly DashboardSection[] {
  return role === "campaign_lead" ? TRACKING_FIRST : DRAFTING_FIRST;
}
