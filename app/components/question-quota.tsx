/** The quota planner of one author: rolling three months, next free slot, priority question of the month. */
import { formatDate, useLocale, useT } from "#app/i18n";
import type { QuotaPlan } from "#app/domain/question-quota";

export function QuotaSummary({ plan }: { plan: QuotaPlan }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul className="stat-list" data-testid="quota">
      <li>{t("question.quota", { used: plan.used, limit: plan.limit })}</li>
      <li>
        {plan.remaining > 0
          ? t("question.quota.remaining", { count: plan.remaining })
          : t("question.quota.full", { date: formatDate(locale, plan.nextSlotOn) })}
      </li>
      <li>
        {plan.priority.available
          ? t("question.quota.priorityFree")
          : t("question.quota.priorityUsed", { date: formatDate(locale, plan.priority.nextOn) })}
      </li>
      <li>{t("question.quota.supported", { count: plan.supported })}</li>
      <li className="muted">{t("question.quota.window", { from: formatDate(locale, plan.windowStart) })}</li>
    </ul>
  );
}
