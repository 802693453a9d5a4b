/**
 * Everything printed on the final letter, as plain JSON. It is frozen when the letter is sent (kept in the
 * append-only "letter.sent" audit event), so the PDF can be rendered again at any time with identical bytes:
 * a retried email must carry the same attachment under the same idempotency key, and the hash on the
 * verification page must keep matching, even if the office later edits its letterhead or an MEP's name is
 * corrected in the directory.
 */
import type { AddresseeSnapshot } from "#db/schema";
import {
  buildUndersignedBlock,
  type BlockFormat,
  type BlockSignatory,
  type CountLine,
  BLOCK_FORMATS,
} from "#app/domain/undersigned-block";
import type { Term } from "#app/domain/political-groups";
import { copyNames, placeOnly, salutationLines } from "#app/domain/letter-layout";

export const LETTER_DOCUMENT_VERSION = 1;

export type LetterDocument = {
  v: typeof LETTER_DOCUMENT_VERSION;
  /** The letter's language (one of the 24 EU codes); labels fall back to English. */
  locale: string;
  /** Lead office: its letterhead lines (or its name when it has none). */
  letterhead: string[];
  officeName: string;
  place: string;
  /** ISO timestamp of the send; printed as the letter's date and used as the PDF's creation date. */
  date: string;
  subject: string;
  addressees: AddresseeSnapshot[];
  /** One per line, each ending in a comma (documents frozen before that rule may lack the comma). */
  salutations: string[];
  /** Who receives a copy ("Cc:"), as the letter names them; absent on documents frozen before copies were shown. */
  cc?: string[];
  /** The final version's sanitised HTML, notes section included. */
  bodyHtml: string;
  undersigned: {
    format: BlockFormat;
    lines: string[];
    sections: Array<{ group: string; names: string[] }>;
    countLine: CountLine;
  };
  reference: string;
  versionNumber: number;
  versionHash: string;
  verificationCode: string;
  verifyUrl: string;
  /** A preview rendered before sending: every footer says so. Never set on a sent letter's document. */
  preview?: boolean;
};

/** The 10th term began on 16 July 2024; earlier letters use the 9th term's group order. */
export function termAt(date: Date): Term {
  return date.getTime() >= Date.UTC(2024, 6, 16) ? 10 : 9;
}

export function asBlockFormat(s: string | null | undefined): BlockFormat {
  return (BLOCK_FORMATS as readonly string[]).includes(s ?? "") ? (s as BlockFormat) : "names-group-country";
}

export type LetterDocumentInput = Omit<
  LetterDocument,
  "v" | "undersigned" | "date" | "letterhead" | "salutations" | "cc"
> & {
  /** The addressees who receive a copy. */
  copies?: Array<Pick<AddresseeSnapshot, "name" | "role" | "institution">>;
  letterhead: string | null;
  date: Date;
  signatories: BlockSignatory[];
  format: BlockFormat;
  /** The phrase that marks a signature given by staff (see BlockOptions.staffMark); absent: no marks. */
  staffMark?: (by: { name: string; role: string | null }) => string;
};

export function buildLetterDocument(input: LetterDocumentInput): LetterDocument {
  const { signatories, format, letterhead, date, copies, staffMark, ...rest } = input;
  const block = buildUndersignedBlock(signatories, { format, term: termAt(date), staffMark });
  const head = (letterhead ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    v: LETTER_DOCUMENT_VERSION,
    ...rest,
    letterhead: head.length ? head : [input.officeName],
    place: placeOnly(input.place),
    date: date.toISOString(),
    salutations: salutationLines(input.addressees),
    cc: copyNames(copies ?? []),
    undersigned: { format: block.format, lines: block.lines, sections: block.sections, countLine: block.countLine },
  };
}

/** Checks a stored document's shape (it comes back from jsonb); null when it is not one. */
export function asLetterDocument(x: unknown): LetterDocument | null {
  const d = x as Partial<LetterDocument> | null;
  if (!d || typeof d !== "object" || d.v !== LETTER_DOCUMENT_VERSION) return null;
  if (
    typeof d.bodyHtml !== "string" ||
    typeof d.versionHash !== "string" ||
    typeof d.date !== "string" ||
    !d.undersigned
  )
    return null;
  return d as LetterDocument;
}
