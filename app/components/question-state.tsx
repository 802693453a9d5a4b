/** The state badge and the explanation of a question's answer clock (which Rule, from which date). */
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import type { QuestionClock, QuestionListState } from "#app/domain/question-clock";

const BADGE: Record<QuestionListState, string> = {
  awaiting: "",
  "due-soon": "warn",
  overdue: "bad",
  "answered-on-time": "ok",
  "answered-late": "warn",
  answered: "ok",
  "no-deadline": "",
};

export function QuestionStateBadge({ state, clock }: { state: QuestionListState; clock: QuestionClock }) {
  const t = useT();
  const days = clock.applies ? (state === "due-soon" ? clock.daysLeft : clock.daysLate) : 0;
  return (
    <span className={`badge ${BADGE[state]}`}>{t(`question.state.${state}` as MessageKey, { days, count: days })}</span>
  );
}

export function QuestionClockExplained({ clock }: { clock: QuestionClock }) {
  const t = useT();
  const locale = useLocale();
  if (!clock.applies) return <p className="muted">{t(clock.reason)}</p>;
  return (
    <>
      <p>
        {t("question.clock.due", {
          date: formatDate(locale, clock.dueOn),
          weeks: clock.weeks,
          from: formatDate(locale, clock.from),
          basis: t(`question.deadline.basis.${clock.basis}`),
          rule: clock.rule ?? "?",
        })}
      </p>
      {clock.basis === "tabled" ? <p className="hint">{t("question.clock.fromTabled")}</p> : null}
      {clock.committeeMayTakeUp ? <p className="alert warn">{t("question.clock.committeeNote")}</p> : null}
    </>
  );
}
