/**
 * One Member of the directory: group, country, party, and the two contact addresses an office may set by hand
 * (the Member's own, and the Member's office), with who changed them and when.
 *
 * Who may change them: the members of any office who may draft (Member, staff, administrators), not campaign
 * leads, who only follow letters. The directory is shared by every office, so a change is seen by all of them; the
 * audit log records the person and their office, and the page names the person only to their own office (to the
 * others it says "another office": nothing of one office is shown to another). An address set here is never
 * overwritten by an EP import.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDate, useLocale, useT } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { CAN_DRAFT, requireUser } from "#app/web/session.server";
import { notFound, readForm, zodFieldErrors } from "#app/web/http.server";
import { getMep, listContactChanges } from "#app/models/meps.server";
import { updateMepContact } from "#app/services/directory.server";
import { ContactSchema } from "#app/domain/directory-forms";
import { fullName } from "#app/domain/names";
import { Field, FormAlert } from "#app/components/field";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.mep.name ?? "Member"} · MEP directory · Undersigned` },
];

function mepIdOf(params: { mepId?: string }) {
  const id = /^\d{1,9}$/.test(params.mepId ?? "") ? Number(params.mepId) : NaN;
  return Number.isInteger(id) && id > 0 ? id : null;
}

async function view(mepId: number | null, officeId: string) {
  const db = await getDb();
  const mep = mepId ? await getMep(db, mepId) : null;
  if (!mep) throw notFound();
  // Another office's people are not named to this one: only that the change came from elsewhere.
  const changes = (await listContactChanges(db, mep.id)).map((c) => ({
    at: c.at.toISOString(),
    field: c.field,
    from: c.from,
    to: c.to,
    ours: c.officeId === officeId,
    userName: c.officeId === officeId ? c.userName : null,
  }));
  const last = (field: "email" | "officeEmail") => changes.find((c) => c.field === field) ?? null;
  return {
    mep: {
      id: mep.id,
      epId: mep.epId,
      name: fullName(mep),
      group: mep.politicalGroup,
      country: mep.country,
      party: mep.nationalParty,
      active: mep.active,
      term: mep.term,
    },
    contact: {
      email: mep.email,
      emailChangedAt: mep.emailChangedAt?.toISOString() ?? null,
      emailChangedBy: last("email"),
      epEmail: mep.epEmail,
      officeEmail: mep.officeEmail,
      officeEmailChangedAt: mep.officeEmailChangedAt?.toISOString() ?? null,
      officeEmailChangedBy: last("officeEmail"),
    },
    changes,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireUser(request);
  return { ...(await view(mepIdOf(params), ctx.office.id)), canEdit: CAN_DRAFT.includes(ctx.role) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireUser(request);
  if (!CAN_DRAFT.includes(ctx.role)) throw new Response("Forbidden", { status: 403 });
  const mepId = mepIdOf(params);
  if (!mepId) throw notFound();
  const form = await readForm(request);
  const parsed = ContactSchema.safeParse({
    email: form.get("email") ?? "",
    officeEmail: form.get("officeEmail") ?? "",
  });
  if (!parsed.success)
    return data(
      {
        ok: false as const,
        fieldErrors: zodFieldErrors(parsed.error.issues),
        values: { email: String(form.get("email") ?? ""), officeEmail: String(form.get("officeEmail") ?? "") },
      },
      { status: 400 },
    );
  const result = await updateMepContact(
    await getDb(),
    { userId: ctx.user.id, officeId: ctx.office.id },
    mepId,
    parsed.data,
  );
  if (!result.ok) throw notFound();
  return { ok: true as const, changed: result.changed };
}

type Change = { ours: boolean; userName: string | null };

/** "Anna de Vries" for a change by one's own office, "another office" otherwise. */
function who(t: ReturnType<typeof useT>, c: Change | null) {
  if (!c) return t("directory.contact.someone");
  return c.ours ? (c.userName ?? t("directory.contact.someone")) : t("directory.contact.otherOffice");
}

function ChangedBy({ at, by }: { at: string | null; by: Change | null }) {
  const t = useT();
  const locale = useLocale();
  if (!at) return <p className="hint">{t("directory.contact.fromEp")}</p>;
  return (
    <p className="hint">
      {t("directory.contact.changedBy", {
        name: who(t, by),
        date: formatDate(locale, at, { dateStyle: "medium", timeStyle: "short" }),
      })}
    </p>
  );
}

export default function DirectoryMember() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const errors = (result && !result.ok ? result.fieldErrors : {}) as Record<string, string>;
  const values = result && !result.ok ? result.values : null;
  const c = d.contact;
  return (
    <>
      <p>
        <Link to="/directory">← {t("directory.title")}</Link>
      </p>
      <h1>{d.mep.name}</h1>
      <p>
        {d.mep.group} · {d.mep.country}
        {d.mep.party ? ` · ${d.mep.party}` : ""}
        {d.mep.active ? "" : ` · ${t("directory.member.left")}`}
        {d.mep.epId ? (
          <>
            {" · "}
            <a href={`https://www.europarl.europa.eu/meps/en/${d.mep.epId}`} rel="noopener noreferrer">
              {t("directory.member.epProfile")}
            </a>
          </>
        ) : null}
      </p>
      <h2>{t("directory.contact.title")}</h2>
      {result?.ok ? (
        <FormAlert
          kind="ok"
          message={result.changed.length ? t("directory.contact.saved") : t("directory.contact.unchanged")}
        />
      ) : null}
      {Object.keys(errors).length ? <FormAlert message={t("form.fixErrors")} /> : null}
      {d.canEdit ? (
        <Form method="post" className="card" noValidate>
          <input type="hidden" name="intent" value="contact" />
          <Field
            id="email"
            label={t("directory.contact.email")}
            hint={t("directory.contact.email.hint")}
            error={errors.email}
          >
            {(a) => (
              <input {...a} name="email" type="email" maxLength={254} defaultValue={values?.email ?? c.email ?? ""} />
            )}
          </Field>
          <ChangedBy at={c.emailChangedAt} by={c.emailChangedBy} />
          {c.epEmail && c.epEmail !== c.email ? (
            <p className="hint" data-testid="ep-email">
              {t("directory.contact.epListed", { email: c.epEmail })}
            </p>
          ) : null}
          <Field
            id="officeEmail"
            label={t("directory.contact.officeEmail")}
            hint={t("directory.contact.officeEmail.hint")}
            error={errors.officeEmail}
          >
            {(a) => (
              <input
                {...a}
                name="officeEmail"
                type="email"
                maxLength={254}
                defaultValue={values?.officeEmail ?? c.officeEmail ?? ""}
              />
            )}
          </Field>
          {c.officeEmailChangedAt ? <ChangedBy at={c.officeEmailChangedAt} by={c.officeEmailChangedBy} /> : null}
          <p className="hint">{t("directory.contact.shared")}</p>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t("directory.contact.save")}
            </button>
          </div>
        </Form>
      ) : (
        <dl className="card">
          <dt>{t("directory.contact.email")}</dt>
          <dd>{c.email ?? "—"}</dd>
          <dt>{t("directory.contact.officeEmail")}</dt>
          <dd>{c.officeEmail ?? "—"}</dd>
        </dl>
      )}
      {d.changes.length ? (
        <>
          <h2>{t("directory.contact.history")}</h2>
          <ul data-testid="contact-history">
            {d.changes.map((ch, i) => (
              <li key={i}>
                {t("directory.contact.change", {
                  date: formatDate(locale, ch.at, { dateStyle: "medium", timeStyle: "short" }),
                  field: ch.field === "email" ? t("directory.contact.email") : t("directory.contact.officeEmail"),
                  from: ch.from ?? "—",
                  to: ch.to ?? "—",
                  name: who(t, ch),
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
