/** Reply statistics across every office, for platform administrators: aggregates only, no letter content. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { requireUser } from "#app/web/session.server";
import { replyNow, replyStatisticsCsv, replyStatisticsFor } from "#app/services/replies.server";
import { ReplyStatistics } from "#app/components/reply-statistics";

export const meta: MetaFunction = () => [{ title: "Reply statistics, all offices · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  if (!ctx.user.isPlatformAdmin) throw new Response("Forbidden", { status: 403 });
  const db = await getDb();
  const stats = await replyStatisticsFor(db, { officeId: null, now: await replyNow(db) });
  if (new URL(request.url).searchParams.get("format") === "csv")
    return new Response(replyStatisticsCsv(stats), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="reply-statistics-all-offices.csv"',
        "Cache-Control": "private, no-store",
      },
    });
  return { stats };
}

export default function AllOfficesReplyStatistics() {
  const { stats } = useLoaderData<typeof loader>() as { stats: Awaited<ReturnType<typeof replyStatisticsFor>> };
  const t = useT();
  return (
    <>
      <h1>{t("replies.stats.allOffices")}</h1>
      <p>
        <a href="/admin/replies?format=csv" download>
          {t("replies.stats.csv")}
        </a>
      </p>
      <ReplyStatistics stats={stats} />
    </>
  );
}
