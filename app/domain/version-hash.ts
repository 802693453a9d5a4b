/**
 * The canonical form of what a signer sees in one letter version. Its SHA-256 (version-hash.server.ts) is stored
 * with the version and bound into every signature, so a format must never change output for the same input; a new
 * form gets a new format number, stored with each version (letter_versions.hash_format) and in its audit event.
 *
 * - Format 1: version number, subject, the addressee block and the rendered body (with its notes).
 * - Format 2 (every version published since): also the version's kind (whether earlier signatures carry over), its
 *   plain text (what diffs and emails show) and its editor JSON (what the editor and the renderer read), so that no
 *   stored field a signer's text is shown or sent from lies outside the hash.
 */
import { canonicalJson } from "./canonical-json";

export type HashFormat = 1 | 2;

export type VersionHashInput = {
  number: number;
  subject: string;
  addressees: Array<{ name: string; role: string | null; institution: string | null; salutation: string | null }>;
  html: string;
  /** Absent means format 1 (versions published before format 2 existed). */
  format?: HashFormat;
  /** Format 2 only. */
  kind?: string;
  plainText?: string;
  editorJson?: unknown;
};

export const VERSION_CANONICAL_FORMAT = "undersigned/letter-version/1";
export const VERSION_CANONICAL_FORMAT_2 = "undersigned/letter-version/2";
/** The format new versions are published with. */
export const CURRENT_HASH_FORMAT: HashFormat = 2;

const nfc = (s: string | null | undefined): string | null => (typeof s === "string" ? s.normalize("NFC") : null);

/**
 * Stable JSON with a fixed key order (written out by hand, not left to object insertion order), NFC-normalised
 * strings, and null for missing optional fields. Extra properties on the input are ignored.
 */
export function canonicalVersionText(v: VersionHashInput): string {
  if (!Number.isInteger(v.number) || v.number < 1) throw new Error("version number must be a positive integer");
  const format = v.format ?? 1;
  if (format !== 1 && format !== 2) throw new Error(`unknown version hash format ${String(format)}`);
  const addressees = `"addressees":[${v.addressees
    .map(
      (a) =>
        `{"name":${JSON.stringify(nfc(a.name) ?? "")},"role":${JSON.stringify(nfc(a.role))},"institution":${JSON.stringify(nfc(a.institution))},"salutation":${JSON.stringify(nfc(a.salutation))}}`,
    )
    .join(",")}]`;
  if (format === 1) {
    const parts = [
      `"format":${JSON.stringify(VERSION_CANONICAL_FORMAT)}`,
      `"number":${v.number}`,
      `"subject":${JSON.stringify(nfc(v.subject) ?? "")}`,
      addressees,
      `"html":${JSON.stringify(nfc(v.html) ?? "")}`,
    ];
    return `{${parts.join(",")}}`;
  }
  if (typeof v.kind !== "string" || typeof v.plainText !== "string" || v.editorJson === undefined)
    throw new Error("format 2 needs the kind, the plain text and the editor JSON");
  const parts = [
    `"format":${JSON.stringify(VERSION_CANONICAL_FORMAT_2)}`,
    `"number":${v.number}`,
    `"kind":${JSON.stringify(v.kind)}`,
    `"subject":${JSON.stringify(nfc(v.subject) ?? "")}`,
    addressees,
    `"html":${JSON.stringify(nfc(v.html) ?? "")}`,
    `"plainText":${JSON.stringify(nfc(v.plainText) ?? "")}`,
    `"editorJson":${canonicalJson(v.editorJson ?? null)}`,
  ];
  return `{${parts.join(",")}}`;
}

/** The hash input of a stored version row, in the format it was published with. */
export function hashInputOf(row: {
  number: number;
  subject: string;
  addressees: VersionHashInput["addressees"];
  html: string;
  hashFormat: number;
  kind: string;
  plainText: string;
  editorJson: unknown;
}): VersionHashInput {
  return {
    number: row.number,
    subject: row.subject,
    addressees: row.addressees,
    html: row.html,
    format: row.hashFormat as HashFormat,
    kind: row.kind,
    plainText: row.plainText,
    editorJson: row.editorJson,
  };
}
