import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "#app/infra/db.server";
import { requireOutboxAccess } from "#app/web/outbox.server";
import { requireUuid } from "#app/infra/ids";
import { getEmail } from "#app/infra/email-outbox.server";
import { openEmailSecrets } from "#app/infra/email-secrets.server";
import { notFound } from "#app/web/http.server";

export const meta: MetaFunction = () => [{ title: "Message · Outbox · Undersigned" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOutboxAccess(request);
  // Only the messages of the office one is signed in for, platform administrators included: the
  // outbox shows live personal links (development only), which belong to that office alone.
  const row = await getEmail(await getDb(), requireUuid(params.emailId), { officeId: ctx.office.id });
  if (!row) throw notFound();
  const email = openEmailSecrets(row);
  return {
    email: {
      to: email.toAddress,
      subject: email.subject,
      text: email.text,
      html: email.html,
      status: email.status,
      kind: email.kind,
      from: email.fromAddress,
    },
  };
}

export default function OutboxMessage() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/outbox">← Outbox</Link>
      </p>
      <h1>{email.subject}</h1>
      <dl>
        <dt>From</dt>
        <dd>{email.from}</dd>
        <dt>To</dt>
        <dd>{email.to}</dd>
        <dt>Kind / status</dt>
        <dd>
          {email.kind} / {email.status}
        </dd>
      </dl>
      <h2>Plain text</h2>
      <pre className="card" style={{ whiteSpace: "pre-wrap" }} data-testid="email-text">
        {email.text}
      </pre>
      <h2>HTML</h2>
      {/* Sandboxed: no scripts, no same-origin access. */}
      <iframe
        title="HTML version"
        sandbox=""
        srcDoc={email.html}
        style={{ width: "100%", height: "32rem", border: "1px solid #ccc", background: "#fff" }}
      />
    </>
  );
}
