import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/utils/letter-route.server";
import { CAN_DRAFT } from "#app/utils/session.server";
import { inviteMeps, listInvitations } from "#app/models/signing.server";
import { listMeps, searchMeps } from "#app/models/meps.server";
import { sendInvitationEmail } from "#app/utils/notify.server";
import { getOffice } from "#app/models/offices.server";
import { FormAlert } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Invite MEPs · Undersigned" }];

const GROUPS = ["EPP", "S&D", "Renew", "Greens/EFA", "ECR", "The Left", "ID", "PfE", "ESN", "NI"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_DRAFT);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const group = url.searchParams.get("group") ?? "";
  const country = (url.searchParams.get("country") ?? "").toUpperCase().slice(0, 2);
  const [results, invited] = await Promise.all([
    q ? searchMeps(db, q, { limit: 50 }) : listMeps(db, { group: group || undefined, country: country || undefined }),
    listInvitations(db, { letterId: letter.id, officeId: ctx.office.id }),
  ]);
  const invitedIds = new Set(invited.map((i) => i.mepId));
  const filtered = results.filter((m) => (!group || m.politicalGroup === group) && (!country || m.country === country));
  return {
    letter: { id: letter.id, subject: letter.subject, status: letter.status },
    q,
    group,
    country,
    groups: GROUPS,
    meps: filtered.map((m) => ({ id: m.id, name: `${m.givenName} ${m.familyName}`, group: m.politicalGroup, country: m.country, hasEmail: Boolean(m.email), invited: invitedIds.has(m.id) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, db, letter, actor } = await requireLetter(request, params, CAN_DRAFT);
  const form = await request.formData();
  const mepIds = form
    .getAll("mepId")
    .map((v) => Number(v))
    .filter((n) => Number.isInteger(n) && n > 0)
    .slice(0, 1000);
  if (!mepIds.length) return data({ ok: false, message: "invite.none" as MessageKey, vars: {} }, { status: 400 });
  const result = await db.transaction(async (tx) => {
    const r = await inviteMeps(tx, actor, { letterId: letter.id, mepIds });
    if (!r.ok) return r;
    const office = (await getOffice(tx, ctx.office.id))!;
    for (const inv of r.invited) {
      await sendInvitationEmail(tx, {
        letter,
        office: { name: office.name, contactEmail: office.contactEmail },
        inviter: { name: ctx.user.name, email: ctx.user.email },
        invitee: { name: inv.name, email: inv.email },
        token: inv.token,
      });
    }
    return r;
  });
  if (!result.ok) {
    const message: MessageKey = result.error === "no-version" ? "invite.needsVersion" : result.error === "closed" ? "invite.closed" : "error.notFound.title";
    return data({ ok: false, message, vars: {} }, { status: result.error === "not-found" ? 404 : 409 });
  }
  return { ok: true, message: "invite.done" as MessageKey, vars: { count: result.invited.length, skipped: result.skipped } };
}

export default function InvitePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("invite.title")}</h1>
      {result ? <FormAlert kind={result.ok ? "ok" : "error"} message={t(result.message, result.vars)} /> : null}
      <Form method="get" className="card" role="search">
        <label htmlFor="q">{t("invite.search")}</label>
        <p className="hint" id="q-hint">
          {t("invite.search.hint")}
        </p>
        <input id="q" name="q" type="search" defaultValue={d.q} aria-describedby="q-hint" />
        <label htmlFor="group">{t("invite.group")}</label>
        <select id="group" name="group" defaultValue={d.group}>
          <option value="">{t("invite.any")}</option>
          {d.groups.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
        <label htmlFor="country">{t("invite.country")}</label>
        <input id="country" name="country" type="text" maxLength={2} defaultValue={d.country} autoComplete="off" />
        <div className="actions">
          <button type="submit" className="secondary">
            {t("invite.filter")}
          </button>
        </div>
      </Form>
      <Form method="post" className="card">
        <fieldset>
          <legend>MEPs ({d.meps.length})</legend>
          <ul style={{ listStyle: "none", padding: 0 }}>
            {d.meps.map((m) => (
              <li key={m.id}>
                <label className="hint">
                  <input type="checkbox" name="mepId" value={m.id} disabled={m.invited || !m.hasEmail} /> {m.name} · {m.group} · {m.country}
                  {m.invited ? <span className="badge"> {t("invite.already")}</span> : null}
                  {!m.hasEmail ? <span className="badge warn"> {t("invite.noEmail")}</span> : null}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("invite.selected")}
          </button>
        </div>
      </Form>
    </>
  );
}
