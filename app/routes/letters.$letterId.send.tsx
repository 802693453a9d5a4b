import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/utils/letter-route.server";
import { CAN_DRAFT } from "#app/utils/session.server";
import { getEnv } from "#app/utils/env.server";
import { sendLetter, sendReadiness } from "#app/models/sending.server";
import { FormAlert } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Send the letter · Undersigned" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_DRAFT);
  if (letter.status === "sent") throw redirect(`/letters/${letter.id}`);
  const r = await sendReadiness(db, { letterId: letter.id, officeId: ctx.office.id });
  return {
    letter: { id: letter.id, subject: letter.subject },
    office: ctx.office.name,
    from: getEnv().MAIL_FROM,
    version: r.version ? { number: r.version.number, sha256: r.version.sha256 } : null,
    signatures: r.signatures.length,
    otherSignatures: r.otherSignatures,
    withEmail: r.withEmail.map((a) => ({ name: a.name, email: a.email, kind: a.kind })),
    missingEmail: r.missingEmail.map((a) => a.name),
    problems: r.problems,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, letter, actor } = await requireLetter(request, params, CAN_DRAFT);
  const result = await db.transaction((tx) => sendLetter(tx, actor, { letterId: letter.id }));
  if (result.ok) return redirect(`/letters/${letter.id}?sent=1`);
  if (result.error === "already-sent") return data({ message: "send.already" as MessageKey, reasons: [] as string[] }, { status: 409 });
  if (result.error === "not-found") throw new Response("Not found", { status: 404 });
  return data({ message: "send.notReady" as MessageKey, reasons: result.reasons ?? [] }, { status: 409 });
}

export default function SendPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("send.title")}</h1>
      {result ? <FormAlert message={t(result.message, { reason: result.reasons.map((r) => t(r as MessageKey)).join(", ") })} /> : null}
      <section className="card" aria-labelledby="checklist-title">
        <h2 id="checklist-title">{t("send.checklist")}</h2>
        <ul>
          <li>{d.version ? t("send.check.version", { number: d.version.number, hash: d.version.sha256.slice(0, 16) }) : t("send.reason.noVersion")}</li>
          <li>{t("send.check.signatures", { count: d.signatures })}</li>
          {d.otherSignatures ? <li className="muted">{d.otherSignatures} signatures on earlier versions are not included.</li> : null}
          <li>
            {t("send.check.addressees", { count: d.withEmail.length })}
            <ul>
              {d.withEmail.map((a) => (
                <li key={a.email}>
                  {a.kind === "cc" ? "Cc: " : ""}
                  {a.name} &lt;{a.email}&gt;
                </li>
              ))}
              {d.missingEmail.map((n) => (
                <li key={n} className="field-error">
                  {t("send.check.missingEmail", { name: n })}
                </li>
              ))}
            </ul>
          </li>
          <li>{t("send.check.sender", { from: d.from, office: d.office })}</li>
        </ul>
      </section>
      {d.problems.length ? (
        <FormAlert kind="warn" message={t("send.notReady", { reason: d.problems.map((p) => t(p as MessageKey)).join(", ") })} />
      ) : (
        <Form method="post">
          <button type="submit" disabled={busy}>
            {t("send.confirm", { count: d.withEmail.length })}
          </button>
        </Form>
      )}
    </div>
  );
}
