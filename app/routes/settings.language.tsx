/** The signed-in user's interface language: a POST from the form in the page header, then back to the page. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { getDb } from "#app/infra/db.server";
import { setUserLocale } from "#app/models/auth.server";
import { StaffLanguageSchema } from "#app/domain/language-forms";
import { requireUser, safeRedirectPath } from "#app/web/session.server";
import { readForm } from "#app/web/http.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUser(request);
  const parsed = StaffLanguageSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ ok: false }, { status: 400 });
  await setUserLocale(await getDb(), ctx.user.id, parsed.data.locale || null);
  return redirect(safeRedirectPath(parsed.data.redirectTo, "/letters"));
}
