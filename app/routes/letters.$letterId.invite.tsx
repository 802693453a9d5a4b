/**
 * Inviting co-signers: search or filter the directory (group, member state, national party), then
 * tick Members or invite everyone shown; invite a Member's staff instead of or as well as the Member;
 * resend one invitation with a new link. Every invitee gets one email of their own.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { parsePositiveInt } from "#app/domain/form-values";
import { notFound, readForm } from "#app/web/http.server";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatSoon, useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_DRAFT } from "#app/web/session.server";
import { requireUuid } from "#app/infra/ids";
import { listInvitations } from "#app/models/signing.server";
import { listMeps, listNationalParties, searchMeps } from "#app/models/meps.server";
import { inviteMembers, inviteStaffMember, resendOne, retryInvitationEmail } from "#app/services/invitations.server";
import { latestInvitationEmails } from "#app/models/tracking.server";
import { getOfficeTimeZone } from "#app/models/offices.server";
import { staffLocale } from "#app/web/page-locale.server";
import { deliveryView } from "#app/web/delivery-view.server";
import { DeliveryCell, PermanentFailures } from "#app/components/invitation-delivery";
import { isSingleAddress } from "#app/infra/mailer.server";
import { FormAlert } from "#app/components/field";
import { fullName } from "#app/domain/names";
import { FormKey } from "#app/components/form-key";
import { formClaim, newFormKey, userScope } from "#app/web/form-key.server";
import { once } from "#app/models/form-submissions.server";

export const meta: MetaFunction = () => [{ title: "Invite MEPs · Undersigned" }];

type Queryable = Parameters<typeof listMeps>[0];

const GROUPS = ["EPP", "S&D", "Renew", "Greens/EFA", "ECR", "The Left", "ID", "PfE", "ESN", "NI"];

type Filters = { q: string; group: string; country: string; party: string };

function readFilters(get: (k: string) => unknown): Filters {
  const s = (k: string) => String(get(k) ?? "").trim();
  return {
    q: s("q").slice(0, 100),
    group: s("group").slice(0, 40),
    country: s("country").toUpperCase().slice(0, 2),
    party: s("party").slice(0, 200),
  };
}

/** The Members a set of filters shows; the "invite all shown" action recomputes exactly this list. */
async function findMeps(db: Queryable, f: Filters) {
  const results = f.q
    ? await searchMeps(db, f.q, { limit: 50 })
    : await listMeps(db, { group: f.group || undefined, country: f.country || undefined, party: f.party || undefined });
  return results.filter(
    (m) =>
      (!f.group || m.politicalGroup === f.group) &&
      (!f.country || m.country === f.country) &&
      (!f.party || m.nationalParty === f.party),
  );
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_DRAFT);
  const url = new URL(request.url);
  const filters = readFilters((k) => url.searchParams.get(k));
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  const [results, invited, parties, deliveries, timeZone] = await Promise.all([
    findMeps(db, filters),
    listInvitations(db, scope),
    listNationalParties(db, { country: filters.country || undefined }),
    latestInvitationEmails(db, scope),
    getOfficeTimeZone(db, ctx.office.id),
  ]);
  const locale = staffLocale(request, ctx.user);
  const time = (at: Date) => formatSoon(locale, at, timeZone);
  const invitedIds = new Set(invited.map((i) => i.mepId));
  const meps = results.map((m) => ({
    id: m.id,
    name: fullName(m),
    group: m.politicalGroup,
    country: m.country,
    party: m.nationalParty,
    hasEmail: Boolean(m.email || m.officeEmail),
    invited: invitedIds.has(m.id),
  }));
  return {
    letter: { id: letter.id, subject: letter.subject, status: letter.status },
    ...filters,
    groups: GROUPS,
    parties: parties.map((p) => ({ value: p.party, label: filters.country ? p.party : `${p.party} (${p.country})` })),
    meps,
    invitable: meps.filter((m) => !m.invited && m.hasEmail).length,
    invitations: invited.map((i) => ({
      id: i.id,
      mepName: i.mepName,
      inviteeName: i.inviteeName,
      kind: i.inviteeKind,
      status: i.status,
      sendCount: i.sendCount,
      remindersOff: i.remindersOff,
      delivery: deliveryView(deliveries.get(i.id), time),
    })),
    formKey: newFormKey(),
  };
}

type ActionResult = { ok: boolean; message: MessageKey; vars?: Record<string, string | number> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, db, letter, actor } = await requireLetter(request, params, CAN_DRAFT);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "selected");
  // Sent twice (a double click, a retry), the same form key invites, or resends, once. One key serves the
  // page's forms: each resend button is a form of its own (its invitation is part of the name).
  const claimFor = (name: string) => formClaim(form, userScope(ctx.user.id), `letters/${letter.id}/invite/${name}`);

  const inviter = { name: ctx.user.name, email: ctx.user.email };
  const failure = (error: string) => {
    const message: MessageKey =
      error === "no-version" ? "invite.needsVersion" : error === "closed" ? "invite.closed" : "error.notFound.title";
    return data<ActionResult>({ ok: false, message }, { status: error === "not-found" ? 404 : 409 });
  };

  if (intent === "retry-email") {
    const emailId = requireUuid(form.get("emailId"));
    const r = await retryInvitationEmail(db, actor, { letterId: letter.id, emailId });
    if (r.ok) return data<ActionResult>({ ok: true, message: "invite.delivery.retried", vars: { address: r.address } });
    if (r.error === "not-found") throw notFound();
    return data<ActionResult>({ ok: false, message: "invite.delivery.notFailed" }, { status: 409 });
  }

  if (intent === "resend") {
    const invitationId = requireUuid(form.get("invitationId"));
    const claim = claimFor(`resend/${invitationId}`);
    const result = await db.transaction((tx) =>
      once(tx, claim, () =>
        resendOne(tx, actor, { letter, inviter, invitationId }).then((r) =>
          r.ok ? { ok: true as const, name: r.invitation.inviteeName } : r,
        ),
      ),
    );
    if (result.ok) return data<ActionResult>({ ok: true, message: "invite.resent", vars: { name: result.name } });
    if (result.error === "rate-limited") {
      return data<ActionResult>(
        {
          ok: false,
          message: "invite.resendLimited",
          vars: { minutes: Math.max(1, Math.ceil((result.retryAfterSeconds ?? 60) / 60)) },
        },
        { status: 429 },
      );
    }
    if (result.error === "not-pending")
      return data<ActionResult>({ ok: false, message: "invite.resendNotPending" }, { status: 409 });
    return failure(result.error);
  }

  if (intent === "staff") {
    const mepId = parsePositiveInt(form.get("mepId"));
    const staffName = String(form.get("staffName") ?? "")
      .trim()
      .slice(0, 200);
    const staffEmail = String(form.get("staffEmail") ?? "")
      .trim()
      .slice(0, 254);
    const alsoMep = form.get("alsoMep") === "yes";
    if (mepId === null || !staffName || !isSingleAddress(staffEmail)) {
      return data<ActionResult>({ ok: false, message: "invite.staff.invalid" }, { status: 400 });
    }
    const claim = claimFor("staff");
    const result = await db.transaction((tx) =>
      once(tx, claim, () =>
        inviteStaffMember(tx, actor, { letter, inviter, mepId, staffName, staffEmail, alsoMep }).then((r) =>
          r.ok ? { ok: true as const } : r,
        ),
      ),
    );
    if (result.ok) return data<ActionResult>({ ok: true, message: "invite.staff.done", vars: { name: staffName } });
    if (result.error === "duplicate")
      return data<ActionResult>({ ok: false, message: "invite.staff.duplicate" }, { status: 409 });
    if (result.error === "answered")
      return data<ActionResult>({ ok: false, message: "invite.staff.answered" }, { status: 409 });
    if (result.error === "no-mep")
      return data<ActionResult>({ ok: false, message: "invite.staff.invalid" }, { status: 400 });
    return failure(result.error);
  }

  let mepIds: number[];
  if (intent === "all") {
    const filters = readFilters((k) => form.get(k));
    // Without any filter "all" means the whole (active) Parliament, which is what the button says.
    mepIds = (await findMeps(db, filters)).map((m) => m.id);
  } else {
    mepIds = form
      .getAll("mepId")
      .map(parsePositiveInt)
      .filter((n): n is number => n !== null)
      .slice(0, 1000);
  }
  if (!mepIds.length) return data<ActionResult>({ ok: false, message: "invite.none" }, { status: 400 });
  const claim = claimFor(intent === "all" ? "all" : "selected");
  const result = await db.transaction((tx) =>
    once(tx, claim, () =>
      inviteMembers(tx, actor, { letter, inviter, mepIds }).then((r) =>
        r.ok ? { ok: true as const, count: r.invited.length, skipped: r.skipped } : r,
      ),
    ),
  );
  if (!result.ok) return failure(result.error);
  return data<ActionResult>({
    ok: true,
    message: "invite.done",
    vars: { count: result.count, skipped: result.skipped },
  });
}

export default function InvitePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("invite.title")}</h1>
      {result ? <FormAlert kind={result.ok ? "ok" : "error"} message={t(result.message, result.vars)} /> : null}
      <PermanentFailures invitations={d.invitations} />
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
        <label htmlFor="party">{t("invite.party")}</label>
        <select id="party" name="party" defaultValue={d.party}>
          <option value="">{t("invite.any")}</option>
          {d.parties.map((p) => (
            <option key={p.label} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        <div className="actions">
          <button type="submit" className="secondary">
            {t("invite.filter")}
          </button>
        </div>
      </Form>

      <Form method="post" className="card">
        <input type="hidden" name="intent" value="all" />
        <FormKey value={d.formKey} />
        <input type="hidden" name="q" value={d.q} />
        <input type="hidden" name="group" value={d.group} />
        <input type="hidden" name="country" value={d.country} />
        <input type="hidden" name="party" value={d.party} />
        <p className="hint">{t("invite.all.hint")}</p>
        <div className="actions">
          <button type="submit" disabled={busy || d.invitable === 0}>
            {t("invite.all", { count: d.invitable })}
          </button>
        </div>
      </Form>

      <Form method="post" className="card">
        <input type="hidden" name="intent" value="selected" />
        <FormKey value={d.formKey} />
        <fieldset>
          <legend>{t("invite.list.meps", { count: d.meps.length })}</legend>
          <ul style={{ listStyle: "none", padding: 0 }}>
            {d.meps.map((m) => (
              <li key={m.id}>
                <label className="hint">
                  <input type="checkbox" name="mepId" value={m.id} disabled={m.invited || !m.hasEmail} /> {m.name} ·{" "}
                  {m.group} · {m.country}
                  {m.party ? ` · ${m.party}` : ""}
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

      <Form method="post" className="card">
        <h2>{t("invite.staff.title")}</h2>
        <p className="hint">{t("invite.staff.hint")}</p>
        <input type="hidden" name="intent" value="staff" />
        <FormKey value={d.formKey} />
        <label htmlFor="staff-mep">{t("invite.staff.mep")}</label>
        <select id="staff-mep" name="mepId" required defaultValue="">
          <option value="" disabled>
            —
          </option>
          {d.meps.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} · {m.group} · {m.country}
            </option>
          ))}
        </select>
        <label htmlFor="staffName">{t("invite.staff.name")}</label>
        <input id="staffName" name="staffName" type="text" required maxLength={200} autoComplete="off" />
        <label htmlFor="staffEmail">{t("invite.staff.email")}</label>
        <input id="staffEmail" name="staffEmail" type="email" required maxLength={254} autoComplete="off" />
        <label className="hint">
          <input type="checkbox" name="alsoMep" value="yes" /> {t("invite.staff.alsoMep")}
        </label>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("invite.staff.submit")}
          </button>
        </div>
      </Form>

      {d.invitations.length ? (
        <section className="card" aria-labelledby="invited-title">
          <h2 id="invited-title">{t("invite.list.title", { count: d.invitations.length })}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("directory.column.member")}</th>
                  <th scope="col">{t("letters.col.status")}</th>
                  <th scope="col">{t("invite.delivery.col")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("invite.resend")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.invitations.map((i) => (
                  <tr key={i.id}>
                    <td>
                      {i.kind === "staff"
                        ? `${i.inviteeName} (${t("invite.kind.staff", { name: i.mepName })})`
                        : i.mepName}
                    </td>
                    <td>
                      <span className="badge">{i.status}</span>{" "}
                      <span className="muted">{t("invite.sent", { count: i.sendCount })}</span>
                      {i.remindersOff ? <span className="badge warn"> {t("invite.remindersOff")}</span> : null}
                    </td>
                    <td>
                      <DeliveryCell delivery={i.delivery} name={i.inviteeName} canRetry />
                    </td>
                    <td>
                      {i.status === "pending" && d.letter.status === "collecting" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="resend" />
                          <FormKey value={d.formKey} />
                          <input type="hidden" name="invitationId" value={i.id} />
                          <button
                            type="submit"
                            className="link-button"
                            aria-label={`${t("invite.resend")}: ${i.inviteeName}`}
                          >
                            {t("invite.resend")}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
