import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDate, useLocale, useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { requireUser } from "#app/web/session.server";
import { dashboardFor } from "#app/models/dashboard.server";
import { dashboardOrder, type DashboardSection } from "#app/domain/dashboard-order";

export const meta: MetaFunction = () => [{ title: "Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  const dashboard = await dashboardFor(await getDb(), { officeId: ctx.office.id });
  return { dashboard, order: dashboardOrder(ctx.role), office: ctx.office.name };
}

function Section({
  id,
  title,
  total,
  shown,
  none,
  children,
}: {
  id: string;
  title: string;
  total: number;
  shown: number;
  none: string;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <section className="card" aria-labelledby={`dash-${id}`}>
      <h2 id={`dash-${id}`}>
        {title} {total ? <span className="muted">({total})</span> : null}
      </h2>
      {total === 0 ? <p className="muted">{none}</p> : children}
      {total > shown ? <p className="muted">{t("dashboard.more", { count: total - shown })}</p> : null}
    </section>
  );
}

export default function Dashboard() {
  const { dashboard: d, order, office } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const sections: Record<DashboardSection, ReactNode> = {
    deadlines: (
      <Section
        key="deadlines"
        id="deadlines"
        title={t("dashboard.deadlines.title")}
        total={d.deadlines.total}
        shown={d.deadlines.items.length}
        none={t("dashboard.deadlines.none")}
      >
        <ul>
          {d.deadlines.items.map((l) => (
            <li key={l.id}>
              <Link to={`/letters/${l.id}`}>{l.subject}</Link>{" "}
              <span className="muted">
                {t("dashboard.deadlines.item", {
                  date: formatDate(locale, l.deadline, { dateStyle: "full", timeStyle: "short" }),
                  signed: t("dashboard.deadlines.signed", { count: l.signed }),
                })}
              </span>
              {l.gaps.length ? (
                <ul>
                  {l.gaps.map((g) => (
                    <li key={g.target}>{t(`dashboard.gap.${g.target}`, { count: g.missing })}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
    ),
    waiting: (
      <Section
        key="waiting"
        id="waiting"
        title={t("dashboard.waiting.title")}
        total={d.waiting.total}
        shown={d.waiting.items.length}
        none={t("dashboard.waiting.none")}
      >
        <ul>
          {d.waiting.items.map((l) => (
            <li key={l.id}>
              <Link to={`/letters/${l.id}/send`}>{l.subject}</Link>{" "}
              <span className="muted">{t("dashboard.waiting.item", { count: l.signed })}</span>
            </li>
          ))}
        </ul>
      </Section>
    ),
    overdueReplies: (
      <Section
        key="overdueReplies"
        id="replies"
        title={t("dashboard.replies.title")}
        total={d.overdueReplies.total}
        shown={d.overdueReplies.items.length}
        none={t("dashboard.replies.none")}
      >
        <p>
          {t("dashboard.replies.summary", {
            overdue: t("dashboard.replies.overdue", { count: d.overdueReplies.total }),
            very: d.overdueReplies.veryOverdue,
          })}
        </p>
        <ul>
          {d.overdueReplies.items.map((l) => (
            <li key={l.id}>
              <Link to={`/letters/${l.id}`}>{l.subject}</Link>{" "}
              <span className="muted">{t("dashboard.replies.item", { date: formatDate(locale, l.sentAt) })}</span>
              {l.veryOverdue ? <strong> · {t("dashboard.replies.veryOverdue")}</strong> : null}
            </li>
          ))}
        </ul>
      </Section>
    ),
    questions: (
      <Section
        key="questions"
        id="questions"
        title={t("dashboard.questions.title")}
        total={d.questions.total}
        shown={d.questions.items.length}
        none={t("dashboard.questions.none")}
      >
        <ul>
          {d.questions.items.map((q) => (
            <li key={q.id}>
              <strong>{q.reference}</strong> {q.title ?? ""}{" "}
              <span className={q.overdue ? undefined : "muted"}>
                {t(q.overdue ? "dashboard.questions.overdue" : "dashboard.questions.due", {
                  date: formatDate(locale, q.dueOn),
                })}
              </span>
            </li>
          ))}
        </ul>
      </Section>
    ),
    comments: (
      <Section
        key="comments"
        id="comments"
        title={t("dashboard.comments.title")}
        total={d.comments.total}
        shown={d.comments.items.length}
        none={t("dashboard.comments.none")}
      >
        <p>
          {t("dashboard.comments.summary", { count: d.comments.total })}
          {d.comments.proposals ? `, ${t("dashboard.comments.proposals", { count: d.comments.proposals })}` : ""}
        </p>
        <ul>
          {d.comments.items.map((c) => (
            <li key={c.id}>
              <Link to={`/letters/${c.letterId}/comments`}>
                {t("dashboard.comments.item", { name: c.authorName, subject: c.subject })}
              </Link>
              {c.proposal ? <span className="muted"> · {t("dashboard.comments.proposal")}</span> : null}
            </li>
          ))}
        </ul>
      </Section>
    ),
    failures: (
      <Section
        key="failures"
        id="failures"
        title={t("dashboard.failures.title")}
        total={d.failures.total}
        shown={d.failures.items.length}
        none={t("dashboard.failures.none")}
      >
        <ul>
          {d.failures.items.map((f) => (
            <li key={f.id}>
              <Link to={`/outbox/${f.id}`}>{f.subject}</Link>{" "}
              <span className="muted">{t("dashboard.failures.item", { problem: f.problem, to: f.toAddress })}</span>
            </li>
          ))}
        </ul>
      </Section>
    ),
  };
  return (
    <>
      <h1>
        {t("dashboard.title")} <span className="muted">· {office}</span>
      </h1>
      {order.map((s) => sections[s])}
    </>
  );
}
