/** Public facts about a sent letter, looked up by its verification code. Nothing for unsent letters. */
import { and, eq, isNotNull } from "drizzle-orm";
import { letters, letterVersions, offices, sends } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { isUuid } from "#app/infra/ids";

/** Verification codes are 12 random bytes, base64url (see createLetter). */
export const isVerificationCode = (code: string | undefined): code is string =>
  typeof code === "string" && /^[A-Za-z0-9_-]{16}$/.test(code);

export async function getSentLetterByCode(db: Queryable, code: string) {
  if (!isVerificationCode(code)) return null;
  const [row] = await db
    .select({
      subject: letterVersions.subject,
      versionNumber: letterVersions.number,
      versionHash: letterVersions.sha256,
      sentAt: sends.createdAt,
      signatories: sends.signatoryCount,
      pdfSha256: sends.pdfSha256,
      office: offices.name,
      language: letters.language,
    })
    .from(letters)
    .innerJoin(sends, eq(sends.letterId, letters.id))
    .innerJoin(letterVersions, eq(letterVersions.id, sends.versionId))
    .innerJoin(offices, eq(offices.id, letters.officeId))
    .where(and(eq(letters.verificationCode, code), eq(letters.status, "sent"), isNotNull(letters.sentAt)))
    .limit(1);
  return row ?? null;
}

/**
 * The letter behind a signatory's PDF link: both the verification code and the send's random id must match, and
 * the letter must be sent. Returns the office scope to render it with, or null.
 */
export async function findSentLetterForPdfLink(db: Queryable, code: string, key: string | null) {
  if (!isVerificationCode(code) || !key || !isUuid(key)) return null;
  const [row] = await db
    .select({ letterId: letters.id, officeId: letters.officeId })
    .from(letters)
    .innerJoin(sends, and(eq(sends.letterId, letters.id), eq(sends.officeId, letters.officeId)))
    .where(and(eq(letters.verificationCode, code), eq(sends.id, key), eq(letters.status, "sent")))
    .limit(1);
  return row ?? null;
}
