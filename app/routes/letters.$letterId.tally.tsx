import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_TRACK } from "#app/web/session.server";
import { formError, zodFieldErrors, readForm, notFound } from "#app/web/http.server";
import { targetsSchema } from "#app/domain/tally-forms";
import { getTallyData, readTargets, saveTargets } from "#app/models/tally.server";
import { crosstab, nonRespondersByGroup, tally, targetProgress } from "#app/domain/tally";
import { groupColour, groupFullName, groupsOfTerm, NON_ATTACHED } from "#app/domain/political-groups";
import { countryName } from "#app/domain/countries";
import { BarChart, ProgressBar } from "#app/components/charts";
import { Field, FormAlert } from "#app/components/field";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Tally · ${data?.letter.subject ?? "Letter"} · Undersigned` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_TRACK);
  const { signers, invitees, term } = await getTallyData(db, { letterId: letter.id, officeId: ctx.office.id });
  const t = tally(signers, term);
  const targets = readTargets(letter.targets);
  return {
    letter: { id: letter.id, subject: letter.subject, status: letter.status },
    term,
    tally: t,
    crosstab: crosstab(signers, term),
    targets,
    progress: targetProgress(t, targets, term),
    eligibleGroups: groupsOfTerm(term).filter((g) => g !== NON_ATTACHED) as string[],
    invited: invitees.length,
    answered: invitees.filter((i) => i.status === "signed" || i.status === "declined").length,
    nonResponders: nonRespondersByGroup(invitees, term).map((g) => ({
      group: g.group,
      people: g.people.map((p) => ({ mepId: p.mepId, name: p.name, country: p.country, lastSentAt: p.lastSentAt })),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, db, letter, actor } = await requireLetter(request, params, CAN_TRACK);
  const form = await readForm(request);
  if (form.get("intent") !== "targets") return formError({ form: "error.forbidden" });
  const { term } = await getTallyData(db, { letterId: letter.id, officeId: ctx.office.id });
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const parsed = targetsSchema(term).safeParse({
    minSignatures: str("minSignatures"),
    minGroups: str("minGroups"),
    ofGroups: form
      .getAll("ofGroups")
      .filter((v): v is string => typeof v === "string")
      .slice(0, 30),
    minCountries: str("minCountries"),
  });
  if (!parsed.success) return formError(zodFieldErrors(parsed.error.issues));
  const r = await db.transaction((tx) => saveTargets(tx, actor, { letterId: letter.id, targets: parsed.data }));
  if (!r.ok) throw notFound();
  return { ok: true as const, message: "tally.targets.saved" as MessageKey };
}

function progressText(
  t: ReturnType<typeof useT>,
  p: ReturnType<typeof useLoaderData<typeof loader>>["progress"][number],
) {
  if (p.target === "signatures")
    return t("tally.target.signatures", { required: p.required, current: p.current, missing: p.missing });
  if (p.target === "groups") return t("tally.target.groups", { required: p.required, current: p.current });
  return t("tally.target.countries", { required: p.required, current: p.current, missing: p.missing });
}

export default function TallyPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = (result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string>;
  const chosen = new Set(d.targets.minGroups?.ofGroups ?? []);
  const total = d.tally.total;
  const share = (n: number) => (total ? `${Math.round((n / total) * 100)}%` : "—");
  return (
    <>
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("tally.title")}</h1>
      {result && "message" in result ? <FormAlert kind="ok" message={t(result.message)} /> : null}
      {Object.keys(errors).length ? <FormAlert message={t("form.fixErrors")} /> : null}

      <ul className="stat-list" aria-label={t("tally.summary")}>
        <li>
          <strong>{total}</strong> {t("tally.signatures", { count: total })}
        </li>
        <li>
          <strong>{d.tally.groups}</strong> {t("tally.groups", { count: d.tally.groups })}
        </li>
        <li>
          <strong>{d.tally.countries}</strong> {t("tally.countries", { count: d.tally.countries })}
        </li>
        {d.tally.nonAttached ? (
          <li>
            <strong>{d.tally.nonAttached}</strong> {t("tally.nonAttached", { count: d.tally.nonAttached })}
          </li>
        ) : null}
        <li>
          <strong>
            {d.answered}/{d.invited}
          </strong>{" "}
          {t("tally.answered")}
        </li>
      </ul>

      <section className="card" aria-labelledby="targets-title">
        <h2 id="targets-title">{t("tally.targets.title")}</h2>
        {d.progress.length ? (
          <ul style={{ listStyle: "none", padding: 0 }}>
            {d.progress.map((p) => (
              <li key={p.target} style={{ marginBottom: "0.75rem" }}>
                <span className={`badge ${p.met ? "ok" : "warn"}`}>
                  {p.met ? t("tally.target.met") : t("tally.targets.notMet")}
                </span>{" "}
                {progressText(t, p)}
                {p.target === "groups" && !p.met && p.unrepresented.length ? (
                  <>
                    <br />
                    <span className="muted">
                      {t("tally.target.groups.missing", { groups: p.unrepresented.join(", ") })}
                    </span>
                  </>
                ) : null}
                <ProgressBar current={p.current} required={p.required} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("tally.targets.none")}</p>
        )}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="targets" />
          <Field
            id="minSignatures"
            label={t("tally.targets.minSignatures")}
            hint={t("tally.targets.blankHint")}
            error={errors.minSignatures}
          >
            {(a) => (
              <input
                {...a}
                name="minSignatures"
                type="text"
                inputMode="numeric"
                defaultValue={d.targets.minSignatures ?? ""}
                maxLength={6}
              />
            )}
          </Field>
          <Field id="minGroups" label={t("tally.targets.minGroups")} error={errors.minGroups}>
            {(a) => (
              <input
                {...a}
                name="minGroups"
                type="text"
                inputMode="numeric"
                defaultValue={d.targets.minGroups?.count ?? ""}
                maxLength={2}
              />
            )}
          </Field>
          <fieldset aria-describedby={errors.ofGroups ? "ofGroups-error" : undefined}>
            <legend>{t("tally.targets.ofGroups")}</legend>
            <p className="hint">{t("tally.targets.ofGroups.hint")}</p>
            {d.eligibleGroups.map((g) => (
              <label key={g} className="hint" style={{ display: "inline-block", marginRight: "1rem" }}>
                <input type="checkbox" name="ofGroups" value={g} defaultChecked={chosen.has(g)} /> {g}
              </label>
            ))}
            {errors.ofGroups ? (
              <p id="ofGroups-error" className="field-error">
                {t(errors.ofGroups as MessageKey)}
              </p>
            ) : null}
          </fieldset>
          <Field id="minCountries" label={t("tally.targets.minCountries")} error={errors.minCountries}>
            {(a) => (
              <input
                {...a}
                name="minCountries"
                type="text"
                inputMode="numeric"
                defaultValue={d.targets.minCountries ?? ""}
                maxLength={2}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit">{t("tally.targets.save")}</button>
          </div>
        </Form>
      </section>

      <div className="grid two">
        <section className="card" aria-labelledby="by-group-title">
          <h2 id="by-group-title">{t("tally.byGroup")}</h2>
          {total ? (
            <>
              <BarChart
                caption={t("tally.chart.byGroup", { count: total })}
                data={d.tally.byGroup.map((g) => ({
                  key: g.group,
                  label: g.group,
                  value: g.count,
                  colour: groupColour(g.group),
                  title: groupFullName(g.group),
                }))}
              />
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">{t("tally.byGroup")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("directory.column.group")}</th>
                      <th scope="col">{t("tally.column.signatures")}</th>
                      <th scope="col">{t("tally.column.share")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.tally.byGroup.map((g) => (
                      <tr key={g.group}>
                        <th scope="row">
                          <abbr title={groupFullName(g.group) ?? undefined}>{g.group}</abbr>
                        </th>
                        <td>{g.count}</td>
                        <td>{share(g.count)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p className="muted">{t("tally.empty")}</p>
          )}
        </section>
        <section className="card" aria-labelledby="by-country-title">
          <h2 id="by-country-title">{t("tally.byCountry")}</h2>
          {total ? (
            <>
              <BarChart
                caption={t("tally.chart.byCountry", { count: d.tally.countries })}
                data={d.tally.byCountry.map((c) => ({
                  key: c.country,
                  label: countryName(c.country) ?? c.country,
                  value: c.count,
                }))}
              />
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">{t("tally.byCountry")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("directory.column.country")}</th>
                      <th scope="col">{t("tally.column.signatures")}</th>
                      <th scope="col">{t("tally.column.share")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.tally.byCountry.map((c) => (
                      <tr key={c.country}>
                        <th scope="row">{countryName(c.country) ?? c.country}</th>
                        <td>{c.count}</td>
                        <td>{share(c.count)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p className="muted">{t("tally.empty")}</p>
          )}
        </section>
      </div>

      {total ? (
        <section className="card" aria-labelledby="crosstab-title">
          <h2 id="crosstab-title">{t("tally.crosstab.title")}</h2>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="crosstab-title">
            <table className="crosstab">
              <caption className="visually-hidden">{t("tally.crosstab.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("directory.column.country")}</th>
                  {d.crosstab.groups.map((g) => (
                    <th scope="col" key={g}>
                      <abbr title={groupFullName(g) ?? undefined}>{g}</abbr>
                    </th>
                  ))}
                  <th scope="col">{t("tally.column.total")}</th>
                </tr>
              </thead>
              <tbody>
                {d.crosstab.countries.map((c, r) => (
                  <tr key={c}>
                    <th scope="row">{countryName(c) ?? c}</th>
                    {d.crosstab.cells[r].map((n, i) => (
                      <td key={d.crosstab.groups[i]} className={n ? undefined : "muted"}>
                        {n}
                      </td>
                    ))}
                    <td>
                      <strong>{d.crosstab.rowTotals[r]}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("tally.column.total")}</th>
                  {d.crosstab.columnTotals.map((n, i) => (
                    <td key={d.crosstab.groups[i]}>
                      <strong>{n}</strong>
                    </td>
                  ))}
                  <td>
                    <strong>{d.crosstab.total}</strong>
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        </section>
      ) : null}

      <section className="card" aria-labelledby="pending-title">
        <h2 id="pending-title">{t("tally.nonResponders")}</h2>
        {d.nonResponders.length ? (
          d.nonResponders.map((g) => (
            <div key={g.group}>
              <h3>
                {g.group} ({g.people.length})
              </h3>
              <ul>
                {g.people.map((p) => (
                  <li key={p.mepId}>
                    {p.name} ({p.country})
                  </li>
                ))}
              </ul>
            </div>
          ))
        ) : (
          <p className="muted">{d.invited ? t("tally.pending.none") : t("tally.pending.noInvitations")}</p>
        )}
      </section>
    </>
  );
}
