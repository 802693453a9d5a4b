import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { requireUser } from "#app/web/session.server";
import { requireUuid } from "#app/infra/ids";
import { notFound } from "#app/web/http.server";
import { getCampaignOverview } from "#app/models/campaigns.server";
import { explainReplyClock, replyClock } from "#app/domain/reply-clock";
import { StatusBadge } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Campaign · Undersigned" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = requireUuid(params.campaignId);
  const ctx = await requireUser(request);
  const overview = await getCampaignOverview(await getDb(), { id, officeId: ctx.office.id });
  if (!overview) throw notFound();
  const today = new Date();
  return {
    campaign: { title: overview.campaign.title, summary: overview.campaign.summary },
    letters: overview.letters.map((l) => {
      const clock = l.sentAt
        ? replyClock({
            sentOn: l.sentAt,
            today,
            // This overview's clock stops at a substantive reply only; every other kind keeps it running.
            replies: l.replies.map((r) => ({
              receivedOn: r.receivedOn,
              kind: r.kind === "substantive" ? "reply" : "holding",
            })),
          })
        : null;
      return {
        id: l.id,
        subject: l.subject,
        status: l.status,
        clock: clock
          ? {
              state: clock.state,
              expectedBy: clock.expectedBy,
              daysOverdue: clock.daysOverdue,
              explanation: explainReplyClock(clock),
            }
          : null,
      };
    }),
  };
}

const STATE_CLASS: Record<string, string> = { replied: "ok", "on-time": "", overdue: "warn", "very-overdue": "bad" };

export default function Campaign() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/campaigns">← {t("campaigns.title")}</Link>
      </p>
      <h1>{d.campaign.title}</h1>
      {d.campaign.summary ? <p>{d.campaign.summary}</p> : null}
      <h2>{t("campaigns.letters")}</h2>
      {d.letters.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("letters.col.subject")}</th>
                <th scope="col">{t("letters.col.status")}</th>
                <th scope="col">{t("letter.replies")}</th>
              </tr>
            </thead>
            <tbody>
              {d.letters.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={`/letters/${l.id}`}>{l.subject}</Link>
                  </td>
                  <td>
                    <StatusBadge status={l.status} />
                  </td>
                  <td>
                    {l.clock ? (
                      <>
                        <span className={`badge ${STATE_CLASS[l.clock.state]}`}>
                          {l.clock.state}
                          {l.clock.daysOverdue ? ` (${l.clock.daysOverdue} days)` : ""}
                        </span>
                        <div className="muted">{l.clock.explanation}</div>
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("campaigns.noLetters")}</p>
      )}
    </>
  );
}
