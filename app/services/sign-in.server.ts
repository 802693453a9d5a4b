/** Sign-in workflows: issue a one-time code and email it, in one transaction. */
import type { Queryable } from "#db/client.server";
import { createLoginCode } from "#app/models/auth.server";
import { sendLoginCodeEmail } from "./notifications.server";

/**
 * Issues a fresh sign-in code for a known user and queues the email that carries it. Both happen or
 * neither: a code nobody was told about, or an email with a code that was never stored, cannot exist.
 */
export async function emailSignInCode(db: Queryable, user: { email: string; name: string }) {
  await db.transaction(async (tx) => {
    const { code, linkToken } = await createLoginCode(tx, user.email);
    await sendLoginCodeEmail(tx, { email: user.email, name: user.name, code, linkToken });
  });
}
