/** Sign-in orchestration shared by the code, link and demo routes. */
import { redirect } from "@remix-run/node";
import type { Queryable } from "#db/client.server";
import { createLoginCode, createSession, findUserByEmail, listMembershipsForUser } from "#app/models/auth.server";
import { getEnv } from "#app/infra/env.server";
import { hit, LIMITS } from "#app/infra/rate-limit.server";
import { sessionCookie } from "./session.server";
import { sendLoginCodeEmail } from "#app/services/notifications.server";

class NoAccount extends Error {}

/**
 * Emails a code if the address has an account. The answer is the same either way (no account
 * enumeration); returns true when the caller is rate-limited.
 */
export async function requestLoginCode(db: Queryable, email: string, ip: string): Promise<boolean> {
  const [perIp, perEmail] = [
    await hit(db, `login:ip:${ip}`, LIMITS.loginPerIp),
    await hit(db, `login:email:${email}`, LIMITS.loginPerEmail),
  ];
  if (!perIp.ok || !perEmail.ok) return true;
  const user = await findUserByEmail(db, email);
  // An unknown address gets the same work (a code, the rendered email, the queue rows), rolled back
  // at the end: the answer and its timing do not tell whether the address has an account.
  try {
    await db.transaction(async (tx) => {
      const { code, linkToken } = await createLoginCode(tx, email);
      await sendLoginCodeEmail(tx, { email: user?.email ?? email, name: user?.name ?? "", code, linkToken });
      if (!user) throw new NoAccount();
    });
  } catch (e) {
    if (!(e instanceof NoAccount)) throw e;
  }
  return false;
}

/** A session for one given office of the user (one they just joined): the redirect sets its cookie. */
export async function signInToOffice(
  db: Queryable,
  request: Request,
  userId: string,
  officeId: string,
  redirectTo: string,
) {
  const env = getEnv();
  const token = await createSession(db, {
    userId,
    officeId,
    userAgent: request.headers.get("user-agent"),
    maxHours: env.SESSION_MAX_HOURS,
  });
  return redirect(redirectTo, { headers: { "Set-Cookie": sessionCookie(token, env.SESSION_MAX_HOURS * 3600) } });
}

export async function signInUser(db: Queryable, request: Request, userId: string, redirectTo: string) {
  const memberships = await listMembershipsForUser(db, userId);
  if (!memberships.length) throw redirect("/login?error=no-office");
  const env = getEnv();
  const token = await createSession(db, {
    userId,
    officeId: memberships[0].officeId,
    userAgent: request.headers.get("user-agent"),
    maxHours: env.SESSION_MAX_HOURS,
  });
  return redirect(redirectTo, { headers: { "Set-Cookie": sessionCookie(token, env.SESSION_MAX_HOURS * 3600) } });
}
