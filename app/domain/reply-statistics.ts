/**
 * How institutions and addressees answer, from the derived state of every (letter, addressee):
 * letters sent, answered, median and 90th-percentile days to answer (calendar days from sending to
 * the first substantive reply), share answered on time by the letter's clock, holding replies and
 * referrals. "On time" counts among the expectations whose due date has passed or that were
 * answered (a letter still within its clock is neither on time nor late yet).
 */
export type StatInput = {
  group: string;
  /** Shown with the group (e.g. the addressee's role). */
  detail?: string | null;
  answeredAfterDays: number | null;
  answeredOnTime: boolean | null;
  /** Due date passed without an answer. */
  late: boolean;
  holdingReplies: number;
  referrals: number;
};

export type StatRow = {
  group: string;
  detail: string | null;
  sent: number;
  answered: number;
  medianDays: number | null;
  p90Days: number | null;
  onTimeShare: number | null;
  holdingReplies: number;
  referrals: number;
};

/** Median of sorted numbers (the mean of the middle two for an even count). */
export function median(sorted: readonly number[]): number | null {
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function replyStatistics(rows: readonly StatInput[]): StatRow[] {
  const groups = new Map<string, StatInput[]>();
  for (const r of rows) {
    const g = groups.get(r.group);
    if (g) g.push(r);
    else groups.set(r.group, [r]);
  }
  const out: StatRow[] = [];
  for (const [group, items] of groups) {
    const days = items
      .map((i) => i.answeredAfterDays)
      .filter((d): d is number => d !== null)
      .sort((a, b) => a - b);
    const judged = items.filter((i) => i.answeredOnTime !== null || i.late);
    out.push({
      group,
      detail: items.find((i) => i.detail)?.detail ?? null,
      sent: items.length,
      answered: days.length,
      medianDays: median(days),
      p90Days: percentile(days, 90),
      onTimeShare: judged.length ? judged.filter((i) => i.answeredOnTime === true).length / judged.length : null,
      holdingReplies: items.reduce((n, i) => n + i.holdingReplies, 0),
      referrals: items.reduce((n, i) => n + i.referrals, 0),
    });
  }
  return out.sort((a, b) => b.sent - a.sent || a.group.localeCompare(b.group));
}
