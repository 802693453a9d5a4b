/** Public facts about a sent letter, looked up by its verification code. Nothing for unsent letters. */
import { and, eq, isNotNull } from "drizzle-orm";
import { letters, letterVersions, offices, sends } from "#db/schema";
import type { Queryable } from "#db/client.server";

export async function getSentLetterByCode(db: Queryable, code: string) {
  const [row] = await db
    .select({ subject: letterVersions.subject, versionHash: letterVersions.sha256, sentAt: sends.createdAt, signatories: sends.signatoryCount, office: offices.name })
    .from(letters)
    .innerJoin(sends, eq(sends.letterId, letters.id))
    .innerJoin(letterVersions, eq(letterVersions.id, sends.versionId))
    .innerJoin(offices, eq(offices.id, letters.officeId))
    .where(and(eq(letters.verificationCode, code), eq(letters.status, "sent"), isNotNull(letters.sentAt)))
    .limit(1);
  return row ?? null;
}
