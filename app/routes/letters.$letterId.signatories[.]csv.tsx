/** The letter's signatories as CSV: after sending, the frozen list that was sent; before, the list that would be. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLetter } from "#app/web/letter-route.server";
import { CAN_TRACK } from "#app/web/session.server";
import { staffLocale } from "#app/web/page-locale.server";
import { csvResponse } from "#app/web/csv-response.server";
import { signatoriesCsv } from "#app/services/exports.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, letter } = await requireLetter(request, params, CAN_TRACK);
  return csvResponse(
    await signatoriesCsv(db, { letterId: letter.id, officeId: ctx.office.id }, staffLocale(request, ctx.user)),
  );
}
