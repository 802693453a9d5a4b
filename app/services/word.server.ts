/**
 * Word in and out: a .docx becomes a new draft of the office (app/editor/word-import), and any published version
 * can be downloaded as .docx (app/editor/word-export), named like its PDF.
 */
import type { Db, Queryable } from "#db/client.server";
import type { Actor, LetterScope } from "#app/models/scope";
import { createLetter, getVersion } from "#app/models/letters.server";
import { pdfFilename } from "#app/models/sending.server";
import { audit } from "#app/infra/audit.server";
import { translate } from "#app/i18n";
import { localeOrEnglish } from "#app/i18n/locales";
import { importWord, type DroppedKind } from "#app/editor/word-import.server";
import { exportWord, wordFilename } from "#app/editor/word-export.server";

export type WordDraftResult =
  | { ok: true; letterId: string; dropped: DroppedKind[] }
  | { ok: false; error: "not-docx" | "empty" | "too-large" | "invalid" };

/** The subject a draft from `filename` gets when none is given and the document has no title. */
function subjectFromFilename(filename: string) {
  const stem = filename
    .replace(/^.*[\\/]/, "")
    .replace(/\.docx$/i, "")
    .replace(/[_]+/g, " ")
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return stem.slice(0, 300) || "Letter from a Word document";
}

export async function draftFromWord(
  db: Db,
  actor: Actor,
  input: { bytes: Uint8Array; filename: string; subject: string | null; language?: string },
): Promise<WordDraftResult> {
  const r = await importWord(input.bytes);
  if (!r.ok) return r;
  const subject = input.subject || r.title || subjectFromFilename(input.filename);
  return db.transaction(async (tx) => {
    const created = await createLetter(tx, actor, {
      subject,
      language: input.language ?? "en",
      draftJson: r.json,
    });
    if (!created.ok) throw new Error(`draftFromWord: ${created.error}`);
    await audit(tx, {
      officeId: actor.officeId,
      letterId: created.letter.id,
      actorUserId: actor.userId,
      action: "letter.imported-from-word",
      data: { filename: input.filename.slice(0, 200), bytes: input.bytes.length, dropped: r.dropped },
    });
    return { ok: true as const, letterId: created.letter.id, dropped: r.dropped };
  });
}

/** One version as .docx; null when the letter has no such version in this office. */
export async function versionAsWord(
  db: Queryable,
  scope: LetterScope & { number: number },
  letter: { id: string; ourReference: string | null; language: string },
) {
  const version = await getVersion(db, scope);
  if (!version) return null;
  const reference = letter.ourReference?.trim() || letter.id.slice(0, 8).toUpperCase();
  const bytes = await exportWord({
    editorJson: version.editorJson,
    subject: version.subject,
    headerLine: translate(localeOrEnglish(letter.language), "word.export.header", {
      number: version.number,
      hash: version.sha256.slice(0, 16),
    }),
  });
  return { bytes, filename: wordFilename(pdfFilename({ reference, versionNumber: version.number })) };
}
