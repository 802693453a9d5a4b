/** A campaign's counts in words ("3 letters · 2 sent · 1 answered · 1 overdue ..."), shared by the list and the page. */
import { useT, type T } from "#app/i18n";
import type { CampaignSummary } from "#app/domain/campaign-timeline";

export function summaryWords(t: T, s: CampaignSummary): string[] {
  const parts = [t("campaign.summary.letters", { count: s.letters })];
  if (s.letters) parts.push(t("campaign.summary.sent", { count: s.sent }));
  if (s.sent) parts.push(t("campaign.summary.replied", { count: s.replied }));
  if (s.overdue)
    parts.push(
      t("campaign.summary.overdue", { count: s.overdue }) +
        (s.veryOverdue ? ` (${t("campaign.summary.veryOverdue", { count: s.veryOverdue })})` : ""),
    );
  if (s.repliesIn) parts.push(t("campaign.summary.repliesIn", { count: s.repliesIn }));
  if (s.questions)
    parts.push(
      `${t("campaign.summary.questions", { count: s.questions })} (${t("campaign.summary.questionsOpen", { count: s.questionsOpen })})`,
    );
  if (s.press) parts.push(t("campaign.summary.press", { count: s.press }));
  return parts;
}

export function CampaignSummaryLine({ summary }: { summary: CampaignSummary }) {
  const t = useT();
  return <span className="muted">{summaryWords(t, summary).join(" · ")}</span>;
}
