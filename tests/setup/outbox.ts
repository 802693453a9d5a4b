/** Reading the outbox in tests: messages as they were sent (the links stored sealed, opened here). */
import { and, eq } from "drizzle-orm";
import { emails } from "#db/schema";
import type { Db } from "#db/client.server";
import { openEmailSecrets } from "#app/infra/email-secrets.server";

/** Every message to `address` (about `letterId`, if given), oldest first, with its links opened. */
export const emailsTo = async (db: Db, address: string, letterId?: string) =>
  (
    await db
      .select()
      .from(emails)
      .where(and(eq(emails.toAddress, address), letterId ? eq(emails.letterId, letterId) : undefined))
      .orderBy(emails.createdAt)
  ).map(openEmailSecrets);

/** The token of the first /sign/, /confirm/ or /unsubscribe/ link in an email. */
export function tokenFromEmail(html: string, path: "sign" | "confirm" | "unsubscribe") {
  const m = new RegExp(`/${path}/([A-Za-z0-9_.-]+)`).exec(html);
  if (!m) throw new Error(`no /${path}/ link in email`);
  return m[1];
}
