import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { requireOutboxAccess } from "#app/web/outbox.server";
import { listOutbox } from "#app/infra/email-outbox.server";

export const meta: MetaFunction = () => [{ title: "Outbox · Undersigned" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOutboxAccess(request);
  // Only the office one is signed in for, platform administrators included (never other offices' mail or sign-in codes).
  const rows = await listOutbox(await getDb(), { limit: 200, officeId: ctx.office.id });
  return {
    emails: rows.map((e) => ({
      id: e.id,
      kind: e.kind,
      to: e.toAddress,
      subject: e.subject,
      status: e.status,
      createdAt: e.createdAt,
    })),
  };
}

export default function Outbox() {
  const { emails } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("nav.outbox")}</h1>
      <p className="muted">Without RESEND_API_KEY every message is delivered here instead of being sent.</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {emails.map((e) => (
              <tr key={e.id}>
                <td>{formatDate(locale, e.createdAt, { dateStyle: "short", timeStyle: "medium" })}</td>
                <td>{e.to}</td>
                <td>
                  <Link to={e.id}>{e.subject}</Link>
                </td>
                <td>{e.kind}</td>
                <td>{e.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
