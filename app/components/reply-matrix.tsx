/** Who answered and who is late, one row per addressee; each due date says how it was computed. */
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";

export type ReplyMatrixRow = {
  addresseeId: string;
  name: string;
  role: string | null;
  institution: string | null;
  state: string;
  dueOn: string;
  veryOverdueOn: string;
  explanation: { key: string; vars: Record<string, string | number> };
  referredTo: { name: string; role: string | null; on: string } | null;
  answeredOn: string | null;
  daysLate: number;
  daysWaiting: number;
};

const BADGE: Record<string, string> = {
  answered: "ok",
  overdue: "warn",
  "very-overdue": "bad",
  "not-expected": "",
};

export function ReplyStateBadge({ state }: { state: string }) {
  const t = useT();
  return (
    <span className={`badge ${BADGE[state] ?? ""}`} data-state={state}>
      {t(`replies.state.${state}` as MessageKey)}
    </span>
  );
}

export function ReplyMatrix({ rows, caption }: { rows: ReplyMatrixRow[]; caption: string }) {
  const t = useT();
  const locale = useLocale();
  if (!rows.length) return <p>{t("replies.matrix.none")}</p>;
  return (
    <div className="table-wrap">
      <table className="reply-matrix">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("replies.matrix.addressee")}</th>
            <th scope="col">{t("replies.matrix.state")}</th>
            <th scope="col">{t("replies.matrix.due")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.addresseeId} data-addressee={r.name}>
              <th scope="row">
                {r.name}
                {r.role ? <div className="muted">{r.role}</div> : null}
              </th>
              <td>
                <ReplyStateBadge state={r.state} />
                {r.referredTo ? (
                  <div className="muted">
                    {t("replies.matrix.referredTo", {
                      name: r.referredTo.role ? `${r.referredTo.name}, ${r.referredTo.role}` : r.referredTo.name,
                      date: formatDate(locale, r.referredTo.on),
                    })}
                  </div>
                ) : null}
                {r.answeredOn ? (
                  <div className="muted">
                    {t("replies.matrix.answeredOn", { date: formatDate(locale, r.answeredOn) })}
                  </div>
                ) : r.daysLate > 0 ? (
                  <div className="muted">{t("replies.matrix.daysLate", { count: r.daysLate })}</div>
                ) : null}
              </td>
              <td>
                <time dateTime={r.dueOn}>{formatDate(locale, r.dueOn)}</time>
                <div className="muted">{t(r.explanation.key as MessageKey, r.explanation.vars)}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
