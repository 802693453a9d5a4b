import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_DRAFT, CAN_TRACK } from "#app/web/session.server";
import { formError, zodFieldErrors, readForm, notFound } from "#app/web/http.server";
import { setUndersignedFormat } from "#app/models/tally.server";
import { signatoriesInLetter } from "#app/models/sending.server";
import { BLOCK_FORMATS, renderBlockText } from "#app/domain/undersigned-block";
import { groupFullName } from "#app/domain/political-groups";
import { FormAlert } from "#app/components/field";
import { countLineText } from "#app/components/count-line";
import { FormatSchema } from "#app/domain/outside-signature-forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Undersigned · ${data?.letter.subject ?? "Letter"} · Undersigned` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_TRACK);
  const scope = { letterId: letter.id, officeId: ctx.office.id };
  // The same list the send uses (before sending) or the frozen one (after): never all live signatures.
  const inLetter = await signatoriesInLetter(db, scope);
  const { block } = inLetter;
  const list = inLetter.signatories ?? [];
  return {
    letter: { id: letter.id, subject: letter.subject, status: letter.status },
    format: block.format,
    markStaff: letter.markStaffSignatures,
    staffSigned: list.filter((s) => ("signerCapacity" in s ? s.signerCapacity : s.capacity) === "staff").length,
    block,
    source: inLetter.source,
    text: block.countLine.count ? renderBlockText(block) : "",
    hasLead: inLetter.source === "sent" || list.some((s) => s.mepId === inLetter.leadMepId),
    outside: list.filter((s) => s.method === "outside").length,
    canChange: CAN_DRAFT.includes(ctx.role) && letter.status !== "sent",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { letter, db, actor } = await requireLetter(request, params, CAN_DRAFT);
  const form = await readForm(request);
  const parsed = FormatSchema.safeParse({ format: form.get("format") });
  if (!parsed.success) return formError(zodFieldErrors(parsed.error.issues));
  // The checkbox is in the same form as the format: unticked means "do not mark".
  const markStaff = form.get("markStaff") === "yes";
  const r = await db.transaction((tx) =>
    setUndersignedFormat(tx, actor, { letterId: letter.id, format: parsed.data.format, markStaff }),
  );
  if (!r.ok && r.error === "not-found") throw notFound();
  if (!r.ok) return data({ ok: false as const, fieldErrors: { format: "block.error.sent" } }, { status: 409 });
  return { ok: true as const, message: "block.saved" as MessageKey };
}

export default function UndersignedPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = (result && "fieldErrors" in result ? result.fieldErrors : {}) as Record<string, string>;
  const { block } = d;
  const empty = block.countLine.count === 0;
  return (
    <>
      <p>
        <Link to={`/letters/${d.letter.id}`}>← {d.letter.subject}</Link>
      </p>
      <h1>{t("block.title")}</h1>
      <p className="hint">{t("block.help")}</p>
      <p className="muted" data-testid="block-source">
        {t(d.source === "sent" ? "block.source.sent" : "block.source.toSend")}
      </p>
      {result && "message" in result ? <FormAlert kind="ok" message={t(result.message)} /> : null}
      {d.canChange ? (
        <Form method="post" className="card" noValidate>
          <fieldset aria-describedby={errors.format ? "format-error" : undefined}>
            <legend>{t("block.format")}</legend>
            {BLOCK_FORMATS.map((f) => (
              <label key={f} style={{ display: "block" }}>
                <input type="radio" name="format" value={f} defaultChecked={d.format === f} />{" "}
                {t(`block.format.${f}` as MessageKey)}
              </label>
            ))}
            {errors.format ? (
              <p id="format-error" className="field-error">
                {t(errors.format as MessageKey)}
              </p>
            ) : null}
          </fieldset>
          <label className="hint">
            <input type="checkbox" name="markStaff" value="yes" defaultChecked={d.markStaff} />{" "}
            {t("block.markStaff", { count: d.staffSigned })}
          </label>
          <div className="actions">
            <button type="submit">{t("block.save")}</button>
          </div>
        </Form>
      ) : (
        <>
          <p className="muted">{t("block.formatIs", { format: t(`block.format.${d.format}` as MessageKey) })}</p>
          {errors.format ? <FormAlert message={t(errors.format as MessageKey)} /> : null}
        </>
      )}

      <section className="card" aria-labelledby="preview-title">
        <h2 id="preview-title">{t("block.preview")}</h2>
        {empty ? (
          <p className="muted">{t("block.empty")}</p>
        ) : (
          <>
            {!d.hasLead ? <p className="hint">{t("block.noLead")}</p> : null}
            {d.outside ? <p className="hint">{t("block.outside", { count: d.outside })}</p> : null}
            <div className="letter-paper">
              {block.format === "by-group" ? (
                block.sections.map((s) => (
                  <div key={s.group}>
                    <h3 title={groupFullName(s.group) ?? undefined}>{s.group}</h3>
                    <ul style={{ listStyle: "none", padding: 0 }}>
                      {s.names.map((n, i) => (
                        <li key={i}>{n}</li>
                      ))}
                    </ul>
                  </div>
                ))
              ) : (
                <ul style={{ listStyle: "none", padding: 0 }}>
                  {block.lines.map((n, i) => (
                    <li key={i}>{n}</li>
                  ))}
                </ul>
              )}
              <p>
                <strong data-testid="count-line">{countLineText(t, block.countLine)}</strong>
              </p>
            </div>
          </>
        )}
      </section>

      {!empty ? (
        <section className="card" aria-labelledby="copy-title">
          <h2 id="copy-title">{t("block.copy")}</h2>
          <label htmlFor="block-text" className="hint">
            {t("block.copy.hint")}
          </label>
          <textarea
            id="block-text"
            readOnly
            rows={Math.min(30, d.text.split("\n").length + 1)}
            value={d.text}
            style={{ fontFamily: "inherit" }}
          />
        </section>
      ) : null}
    </>
  );
}
