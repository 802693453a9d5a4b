import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { requireUser } from "#app/web/session.server";
import { requireUuid } from "#app/infra/ids";
import { zodFieldErrors, readForm, notFound } from "#app/web/http.server";
import { changeRole, listMembers, listOffices, removeMember } from "#app/models/offices.server";
import {
  listPendingOfficeInvitations,
  OFFICE_INVITATION_DAYS,
  revokeOfficeInvitation,
} from "#app/models/office-invitations.server";
import { createOfficeWithAdmin, inviteToOffice } from "#app/services/memberships.server";
import { once } from "#app/models/form-submissions.server";
import { formClaim, newFormKey, userScope } from "#app/web/form-key.server";
import { Field, FormAlert } from "#app/components/field";
import { FormKey } from "#app/components/form-key";
import type { Role } from "#db/schema";
import { MemberSchema, OfficeSchema, RoleSchema } from "#app/domain/admin-forms";

export const meta: MetaFunction = () => [{ title: "Administration · Undersigned" }];

const ROLES: Role[] = ["mep", "staff", "campaign_lead", "admin"];

async function requireAdmin(request: Request) {
  const ctx = await requireUser(request);
  if (ctx.role !== "admin" && !ctx.user.isPlatformAdmin) throw new Response("Forbidden", { status: 403 });
  return ctx;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireAdmin(request);
  const db = await getDb();
  return {
    office: ctx.office.name,
    isOfficeAdmin: ctx.role === "admin",
    members: ctx.role === "admin" ? await listMembers(db, ctx.office.id) : [],
    pending: ctx.role === "admin" ? await listPendingOfficeInvitations(db, ctx.office.id) : [],
    offices: ctx.user.isPlatformAdmin ? await listOffices(db) : [],
    me: ctx.user.id,
    formKey: newFormKey(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireAdmin(request);
  const db = await getDb();
  const form = await readForm(request);
  const intent = form.get("intent");
  const actor = { userId: ctx.user.id, officeId: ctx.office.id };
  const officeAdmin = ctx.role === "admin";
  if (intent === "add-member" && officeAdmin) {
    const p = MemberSchema.safeParse({ email: form.get("email"), name: form.get("name"), role: form.get("role") });
    if (!p.success)
      return data({ ok: false, fieldErrors: zodFieldErrors(p.error.issues), message: null }, { status: 400 });
    // Nobody is added without saying yes: the person is invited, and joins by accepting the emailed link.
    const claim = formClaim(form, userScope(ctx.user.id), `admin/${ctx.office.id}/invite`);
    const r = await db.transaction((tx) =>
      once(tx, claim, () => inviteToOffice(tx, actor, { ...p.data, inviterName: ctx.user.name })),
    );
    return r.ok
      ? {
          ok: true,
          fieldErrors: {},
          message: "admin.invited" as MessageKey,
          vars: { name: r.name, days: OFFICE_INVITATION_DAYS },
        }
      : data(
          {
            ok: false,
            fieldErrors: { email: r.error === "exists" ? "admin.exists" : "admin.invitePending" },
            message: null,
          },
          { status: 409 },
        );
  }
  if (intent === "revoke-invitation" && officeAdmin) {
    const r = await db.transaction((tx) => revokeOfficeInvitation(tx, actor, requireUuid(form.get("invitationId"))));
    if (!r.ok) throw notFound();
    return { ok: true, fieldErrors: {}, message: "admin.pending.revoked" as MessageKey };
  }
  if (intent === "remove-member" && officeAdmin) {
    const r = await db.transaction((tx) => removeMember(tx, actor, requireUuid(form.get("membershipId"))));
    if (!r.ok && r.error === "not-found") throw notFound();
    return r.ok
      ? { ok: true, fieldErrors: {}, message: "admin.removed" as MessageKey }
      : data({ ok: false, fieldErrors: {}, message: "admin.self" as MessageKey }, { status: 409 });
  }
  if (intent === "role" && officeAdmin) {
    const role = RoleSchema.safeParse(form.get("role"));
    if (!role.success)
      return data({ ok: false, fieldErrors: {}, message: "error.forbidden" as MessageKey }, { status: 400 });
    const r = await db.transaction((tx) => changeRole(tx, actor, requireUuid(form.get("membershipId")), role.data));
    if (!r.ok) throw notFound();
    return { ok: true, fieldErrors: {}, message: "admin.roleChanged" as MessageKey };
  }
  if (intent === "create-office" && ctx.user.isPlatformAdmin) {
    const p = OfficeSchema.safeParse({
      officeName: form.get("officeName"),
      contactEmail: form.get("contactEmail") ?? "",
      adminEmail: form.get("adminEmail"),
      adminName: form.get("adminName"),
    });
    if (!p.success)
      return data({ ok: false, fieldErrors: zodFieldErrors(p.error.issues), message: null }, { status: 400 });
    const claim = formClaim(form, userScope(ctx.user.id), "admin/create-office");
    await db.transaction((tx) =>
      once(tx, claim, () =>
        createOfficeWithAdmin(tx, actor, {
          name: p.data.officeName,
          contactEmail: p.data.contactEmail || null,
          firstAdmin: { email: p.data.adminEmail, name: p.data.adminName },
          inviterName: ctx.user.name,
        }),
      ),
    );
    return { ok: true, fieldErrors: {}, message: "admin.officeCreated" as MessageKey };
  }
  throw new Response("Forbidden", { status: 403 });
}

export default function Admin() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const errors = (result?.fieldErrors ?? {}) as Record<string, string>;
  return (
    <>
      <h1>{t("nav.admin")}</h1>
      {result?.message ? (
        <FormAlert
          kind={result.ok ? "ok" : "error"}
          message={t(result.message, "vars" in result ? (result.vars as Record<string, string | number>) : undefined)}
        />
      ) : null}
      {d.isOfficeAdmin ? (
        <section className="card" aria-labelledby="members-title">
          <h2 id="members-title">{t("admin.members", { office: d.office })}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("letter.addressee.name")}</th>
                  <th scope="col">{t("letter.addressee.email")}</th>
                  <th scope="col">{t("admin.role")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("letter.addressee.remove")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.members.map((m) => (
                  <tr key={m.membershipId}>
                    <td>{m.name}</td>
                    <td>{m.email}</td>
                    <td>
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="role" />
                        <input type="hidden" name="membershipId" value={m.membershipId} />
                        <label className="visually-hidden" htmlFor={`role-${m.membershipId}`}>
                          {t("admin.role")}
                        </label>
                        <select id={`role-${m.membershipId}`} name="role" defaultValue={m.role}>
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {t(`role.${r}` as MessageKey)}
                            </option>
                          ))}
                        </select>{" "}
                        <button type="submit" className="secondary">
                          {t("form.save")}
                        </button>
                      </Form>
                    </td>
                    <td>
                      {m.userId !== d.me ? (
                        <Form method="post" className="inline">
                          <input type="hidden" name="intent" value="remove-member" />
                          <input type="hidden" name="membershipId" value={m.membershipId} />
                          <button
                            type="submit"
                            className="link-button"
                            aria-label={`${t("letter.addressee.remove")}: ${m.name}`}
                          >
                            {t("letter.addressee.remove")}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t("admin.archive.title")}</h3>
          <p>{t("admin.archive.note")}</p>
          <p className="actions">
            <a href="/exports/office.json" download>
              {t("admin.archive.download")}
            </a>
          </p>
          {d.pending.length ? (
            <>
              <h3>{t("admin.pending.title")}</h3>
              <ul>
                {d.pending.map((p) => (
                  <li key={p.id}>
                    {p.name} &lt;{p.email}&gt;, {t(`role.${p.role}` as MessageKey)}{" "}
                    <span className="muted">
                      ({t("admin.pending.expires", { date: formatDate(locale, p.expiresAt, { dateStyle: "medium" }) })})
                    </span>{" "}
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="revoke-invitation" />
                      <input type="hidden" name="invitationId" value={p.id} />
                      <button
                        type="submit"
                        className="link-button"
                        aria-label={`${t("admin.pending.revoke")}: ${p.name}`}
                      >
                        {t("admin.pending.revoke")}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="add-member" />
            <FormKey value={d.formKey} />
            <h3>{t("admin.addMember")}</h3>
            <Field id="member-name" label={t("letter.addressee.name")} error={errors.name}>
              {(a) => <input {...a} name="name" type="text" required maxLength={200} />}
            </Field>
            <Field id="member-email" label={t("letter.addressee.email")} error={errors.email}>
              {(a) => <input {...a} name="email" type="email" required maxLength={254} />}
            </Field>
            <Field id="member-role" label={t("admin.role")}>
              {(a) => (
                <select {...a} name="role" defaultValue="staff">
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="actions">
              <button type="submit">{t("admin.addMember")}</button>
            </div>
          </Form>
        </section>
      ) : null}
      {d.offices.length ? (
        <section className="card" aria-labelledby="offices-title">
          <h2 id="offices-title">{t("admin.offices")}</h2>
          <p>
            <Link to="/admin/meps">{t("admin.importMeps")}</Link> ·{" "}
            <Link to="/admin/questions">{t("question.import.title")}</Link>
          </p>
          <ul>
            {d.offices.map((o) => (
              <li key={o.id}>
                {o.name} ({o.members})
              </li>
            ))}
          </ul>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="create-office" />
            <FormKey value={d.formKey} />
            <h3>{t("admin.createOffice")}</h3>
            <Field id="officeName" label={t("admin.officeName")} error={errors.officeName}>
              {(a) => <input {...a} name="officeName" type="text" required maxLength={200} />}
            </Field>
            <Field id="contactEmail" label={t("admin.contactEmail")} error={errors.contactEmail}>
              {(a) => <input {...a} name="contactEmail" type="email" maxLength={254} />}
            </Field>
            <Field id="adminName" label={t("admin.firstAdminName")} error={errors.adminName}>
              {(a) => <input {...a} name="adminName" type="text" required maxLength={200} />}
            </Field>
            <Field id="adminEmail" label={t("admin.firstAdminEmail")} error={errors.adminEmail}>
              {(a) => <input {...a} name="adminEmail" type="email" required maxLength={254} />}
            </Field>
            <div className="actions">
              <button type="submit">{t("admin.createOffice")}</button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
