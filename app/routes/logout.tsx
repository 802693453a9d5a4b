import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "#app/infra/db.server";
import { deleteSession } from "#app/models/auth.server";
import { clearSessionCookie, getSessionToken } from "#app/web/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const token = getSessionToken(request);
  if (token) await deleteSession(await getDb(), token);
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
}
