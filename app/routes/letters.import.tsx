/**
 * Starting a draft from a Word document: the .docx is read into the editor's format (headings, lists, links,
 * quotes, footnotes, bold and italic kept) and becomes a new draft of the office; the edit page then says what
 * was left out.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useT, type MessageKey } from "#app/i18n";
import { getDb } from "#app/infra/db.server";
import { CAN_DRAFT, requireRole } from "#app/web/session.server";
import { readForm } from "#app/web/http.server";
import { draftFromWord } from "#app/services/word.server";
import { WORD_MAX_BYTES } from "#app/editor/word-import.server";
import { Field, FormAlert } from "#app/components/field";

export const meta: MetaFunction = () => [{ title: "Start from a Word document · Undersigned" }];

const ERRORS: Record<string, MessageKey> = {
  "not-docx": "word.import.error.notDocx",
  invalid: "word.import.error.invalid",
  empty: "word.import.error.empty",
  "too-large": "word.import.error.tooLarge",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, CAN_DRAFT);
  return { maxBytes: WORD_MAX_BYTES };
}

type ActionData = { ok: false; error: MessageKey };

function statusOf(e: unknown): number | null {
  const init = (e as { init?: { status?: number } } | null)?.init;
  return typeof init?.status === "number" ? init.status : null;
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireRole(request, CAN_DRAFT);
  let form: FormData;
  try {
    form = await readForm(request, { maxBytes: WORD_MAX_BYTES + 64 * 1024 });
  } catch (e) {
    if (statusOf(e) === 413)
      return data<ActionData>({ ok: false, error: "word.import.error.tooLarge" }, { status: 413 });
    throw e;
  }
  if (form.get("intent") !== "import")
    return data<ActionData>({ ok: false, error: "word.import.error.none" }, { status: 400 });
  const file = form.get("document");
  if (!file || typeof file === "string" || file.size === 0)
    return data<ActionData>({ ok: false, error: "word.import.error.none" }, { status: 400 });
  const subject = String(form.get("subject") ?? "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
  const r = await draftFromWord(
    await getDb(),
    { userId: ctx.user.id, officeId: ctx.office.id },
    {
      bytes: new Uint8Array(await file.arrayBuffer()),
      filename: file.name || "document.docx",
      subject: subject || null,
    },
  );
  if (!r.ok)
    return data<ActionData>({ ok: false, error: ERRORS[r.error] }, { status: r.error === "too-large" ? 413 : 400 });
  const dropped = r.dropped.length ? `&dropped=${r.dropped.join(",")}` : "";
  return redirect(`/letters/${r.letterId}/edit?imported=1${dropped}`);
}

export default function ImportWord() {
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <p>
        <Link to="/letters/new">← {t("letter.new.title")}</Link>
      </p>
      <h1>{t("word.import.title")}</h1>
      <p>{t("word.import.intro")}</p>
      {result ? <FormAlert message={t(result.error)} /> : null}
      <Form method="post" encType="multipart/form-data" className="card">
        <input type="hidden" name="intent" value="import" />
        <Field id="document" label={t("word.import.file")} error={result?.error}>
          {(a) => (
            <input
              {...a}
              name="document"
              type="file"
              required
              accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            />
          )}
        </Field>
        <Field id="subject" label={t("word.import.subject")} hint={t("word.import.subject.hint")}>
          {(a) => <input {...a} name="subject" type="text" maxLength={300} />}
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("word.import.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
