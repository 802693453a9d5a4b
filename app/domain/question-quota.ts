/**
 * The quota planner of one author (a Member, a political group or a committee): written questions
 * tabled in the rolling three months (20 allowed), the date the next slot frees up, the priority
 * question of this calendar month (1 allowed), and questions supported (which do not count).
 * The same question can reach the planner twice (from the office's register and from the imported
 * EP data): entries are merged on their key, the document id when the question has one.
 */
import { priorityQuestionAvailable, writtenQuestionQuota, type QuotaStatus } from "./question-reference";
import { toIsoDate, type IsoDate } from "./reply-clock";

export type QuotaEntry = {
  /** "E-10-2025-000123", or a draft's id when it has no reference yet. */
  key: string;
  type: string;
  tabledOn: Date | string | null;
  role: "author" | "supporter";
};

export type QuotaPlan = QuotaStatus & {
  priority: { usedThisMonth: boolean; available: boolean; nextOn: IsoDate };
  /** Supported questions tabled in the same rolling window (shown, not counted). */
  supported: number;
  /** The authored questions counted, newest first (key and date), so the planner can list them. */
  counted: Array<{ key: string; type: string; tabledOn: IsoDate }>;
};

/** Written questions count against the quota; O (oral) and H (question time) do not. */
const WRITTEN = new Set(["E", "P"]);

export function mergeQuotaEntries(entries: ReadonlyArray<QuotaEntry>): QuotaEntry[] {
  const byKey = new Map<string, QuotaEntry>();
  for (const e of entries) {
    const prev = byKey.get(e.key);
    // Authorship wins over support; a known tabling date wins over none.
    if (!prev) byKey.set(e.key, e);
    else
      byKey.set(e.key, {
        ...prev,
        role: prev.role === "author" || e.role === "author" ? "author" : "supporter",
        tabledOn: prev.tabledOn ?? e.tabledOn,
      });
  }
  return [...byKey.values()];
}

export function questionQuotaPlan(entries: ReadonlyArray<QuotaEntry>, today: Date | string): QuotaPlan {
  const t = toIsoDate(today);
  const merged = mergeQuotaEntries(entries).filter((e) => e.tabledOn && WRITTEN.has(e.type));
  const dated = merged.map((e) => ({ ...e, tabledOn: toIsoDate(e.tabledOn!) })).filter((e) => e.tabledOn <= t);
  const authored = dated.filter((e) => e.role === "author");
  const status = writtenQuestionQuota(
    authored.map((e) => e.tabledOn),
    t,
  );
  const inWindow = (d: IsoDate) => d >= status.windowStart && d <= t;
  const priority = priorityQuestionAvailable(
    authored.filter((e) => e.type === "P").map((e) => e.tabledOn),
    t,
  );
  return {
    ...status,
    priority: { usedThisMonth: !priority.available, available: priority.available, nextOn: priority.nextOn },
    supported: dated.filter((e) => e.role === "supporter" && inWindow(e.tabledOn)).length,
    counted: authored
      .filter((e) => inWindow(e.tabledOn))
      .sort((a, b) => (a.tabledOn < b.tabledOn ? 1 : -1))
      .map((e) => ({ key: e.key, type: e.type, tabledOn: e.tabledOn })),
  };
}
