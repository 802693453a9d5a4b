/**
 * How each institution and each addressee answers the office's letters: counts, median and
 * 90th-percentile days to answer, share on time, holding replies and referrals; a chart and CSV
 * (`?format=csv`).
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { CAN_TRACK, requireRole } from "#app/web/session.server";
import { questionStatisticsFor, replyNow, replyStatisticsCsv, replyStatisticsFor } from "#app/services/replies.server";
import { QuestionStatistics, ReplyStatistics } from "#app/components/reply-statistics";

export const meta: MetaFunction = () => [{ title: "Reply statistics · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireRole(request, CAN_TRACK);
  const db = await getDb();
  const now = await replyNow(db);
  const [stats, questions] = await Promise.all([
    replyStatisticsFor(db, { officeId: ctx.office.id, now }),
    questionStatisticsFor(db, { officeId: ctx.office.id, now }),
  ]);
  if (new URL(request.url).searchParams.get("format") === "csv")
    return new Response(replyStatisticsCsv(stats, questions), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="reply-statistics.csv"',
        "Cache-Control": "private, no-store",
      },
    });
  return { stats, questions };
}

export default function ReplyStatisticsPage() {
  const { stats, questions } = useLoaderData<typeof loader>() as {
    stats: Awaited<ReturnType<typeof replyStatisticsFor>>;
    questions: Awaited<ReturnType<typeof questionStatisticsFor>>;
  };
  const t = useT();
  return (
    <>
      <p>
        <Link to="/replies">← {t("replies.overview.title")}</Link>
      </p>
      <h1>{t("replies.stats.title")}</h1>
      <p>
        <a href="/replies/stats?format=csv" download>
          {t("replies.stats.csv")}
        </a>
      </p>
      <ReplyStatistics stats={stats} />
      <QuestionStatistics rows={questions} />
    </>
  );
}
