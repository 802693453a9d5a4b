/** The statistics tables and chart, shared by the office's page and the platform admins' one. */
import { useLocale, useT } from "#app/i18n";
import { BarChart } from "#app/components/charts";

type Row = {
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

export function ReplyStatistics({
  stats,
}: {
  stats: { expectations: number; byInstitution: Row[]; byAddressee: Row[] };
}) {
  const t = useT();
  if (!stats.expectations) return <p>{t("replies.stats.none")}</p>;
  return (
    <>
      <p className="muted">{t("replies.stats.explain")}</p>
      <section aria-labelledby="by-institution" className="card">
        <h2 id="by-institution">{t("replies.stats.byInstitution")}</h2>
        <StatTable rows={stats.byInstitution} caption={t("replies.stats.byInstitution")} />
      </section>
      <section aria-labelledby="by-addressee" className="card">
        <h2 id="by-addressee">{t("replies.stats.byAddressee")}</h2>
        <BarChart
          caption={t("replies.stats.chart")}
          data={stats.byAddressee
            .filter((r) => r.medianDays !== null)
            .map((r) => ({ key: r.group, label: r.group, value: r.medianDays ?? 0, title: r.detail }))}
          valueLabel={(d) => t("replies.stats.days", { count: d.value })}
        />
        <StatTable rows={stats.byAddressee} caption={t("replies.stats.byAddressee")} showDetail />
      </section>
    </>
  );
}

type QuestionRow = {
  addressee: string | null;
  questions: number;
  answered: number;
  medianDaysToAnswer: number | null;
  onTimeShare: number | null;
  judged: number;
};

/** The office's parliamentary questions per addressee: median days from tabling to answer, share within the Rule. */
export function QuestionStatistics({ rows }: { rows: QuestionRow[] }) {
  const t = useT();
  const locale = useLocale();
  const pct = (x: number | null) =>
    x === null ? "—" : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(x);
  const num = (x: number | null) =>
    x === null ? "—" : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(x);
  return (
    <section aria-labelledby="questions-by-addressee" className="card">
      <h2 id="questions-by-addressee">{t("replies.stats.questions.title")}</h2>
      {rows.length === 0 ? (
        <p>{t("replies.stats.questions.none")}</p>
      ) : (
        <>
          <p className="muted">{t("replies.stats.questions.explain")}</p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("replies.stats.questions.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("replies.stats.col.name")}</th>
                  <th scope="col">{t("replies.stats.questions.col.questions")}</th>
                  <th scope="col">{t("replies.stats.col.answered")}</th>
                  <th scope="col">{t("replies.stats.questions.col.median")}</th>
                  <th scope="col">{t("replies.stats.questions.col.onTime")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.addressee ?? "unknown"}>
                    <th scope="row">
                      {r.addressee
                        ? t(`question.addressee.${r.addressee}` as "question.addressee.commission")
                        : t("replies.stats.questions.unknownAddressee")}
                    </th>
                    <td>{r.questions}</td>
                    <td>{r.answered}</td>
                    <td data-col="question-median">{num(r.medianDaysToAnswer)}</td>
                    <td>
                      {pct(r.onTimeShare)}
                      {r.judged ? (
                        <div className="muted">{t("replies.stats.questions.judged", { count: r.judged })}</div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function StatTable({ rows, caption, showDetail }: { rows: Row[]; caption: string; showDetail?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const pct = (x: number | null) =>
    x === null ? "—" : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(x);
  const num = (x: number | null) =>
    x === null ? "—" : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(x);
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("replies.stats.col.name")}</th>
            <th scope="col">{t("replies.stats.col.sent")}</th>
            <th scope="col">{t("replies.stats.col.answered")}</th>
            <th scope="col">{t("replies.stats.col.median")}</th>
            <th scope="col">{t("replies.stats.col.p90")}</th>
            <th scope="col">{t("replies.stats.col.onTime")}</th>
            <th scope="col">{t("replies.stats.col.holding")}</th>
            <th scope="col">{t("replies.stats.col.referrals")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group}>
              <th scope="row">
                {r.group}
                {showDetail && r.detail ? <div className="muted">{r.detail}</div> : null}
              </th>
              <td>{r.sent}</td>
              <td>{r.answered}</td>
              <td data-col="median">{num(r.medianDays)}</td>
              <td>{num(r.p90Days)}</td>
              <td>{pct(r.onTimeShare)}</td>
              <td>{r.holdingReplies}</td>
              <td>{r.referrals}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
