/** The office's CSV exports: /exports/letters.csv, /exports/replies.csv, /exports/questions.csv, /exports/press.csv. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#app/infra/db.server";
import { CAN_TRACK, requireRole } from "#app/web/session.server";
import { staffLocale } from "#app/web/page-locale.server";
import { csvResponse } from "#app/web/csv-response.server";
import { notFound } from "#app/web/http.server";
import { lettersCsv, pressCsv, questionsCsv, repliesCsv } from "#app/services/exports.server";

const EXPORTS = {
  "letters.csv": lettersCsv,
  "replies.csv": repliesCsv,
  "questions.csv": questionsCsv,
  "press.csv": pressCsv,
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireRole(request, CAN_TRACK);
  const file = params.file ?? "";
  if (!Object.hasOwn(EXPORTS, file)) throw notFound();
  const make = EXPORTS[file as keyof typeof EXPORTS];
  return csvResponse(await make(await getDb(), { officeId: ctx.office.id }, staffLocale(request, ctx.user)));
}
