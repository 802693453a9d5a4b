/**
 * The canonical form of what a signer sees in one letter version: version number, subject, the addressee block and
 * the rendered body (with its notes). Its SHA-256 (version-hash.server.ts) is stored with the version and bound into
 * every signature, so this function must never change output for the same input; a new form gets a new FORMAT tag.
 */

export type VersionHashInput = {
  number: number;
  subject: string;
  addressees: Array<{ name: string; role: string | null; institution: string | null; salutation: string | null }>;
  html: string;
};

export const VERSION_CANONICAL_FORMAT = "undersigned/letter-version/1";

const nfc = (s: string | null | undefined): string | null => (typeof s === "string" ? s.normalize("NFC") : null);

/**
 * Stable JSON with a fixed key order (written out by hand, not left to object insertion order), NFC-normalised
 * strings, and null for missing optional fields. Extra properties on the input are ignored.
 */
export function canonicalVersionText(v: VersionHashInput): string {
  if (!Number.isInteger(v.number) || v.number < 1) throw new Error("version number must be a positive integer");
  const parts = [
    `"format":${JSON.stringify(VERSION_CANONICAL_FORMAT)}`,
    `"number":${v.number}`,
    `"subject":${JSON.stringify(nfc(v.subject) ?? "")}`,
    `"addressees":[${v.addressees
      .map(
        (a) =>
          `{"name":${JSON.stringify(nfc(a.name) ?? "")},"role":${JSON.stringify(nfc(a.role))},"institution":${JSON.stringify(nfc(a.institution))},"salutation":${JSON.stringify(nfc(a.salutation))}}`,
      )
      .join(",")}]`,
    `"html":${JSON.stringify(nfc(v.html) ?? "")}`,
  ];
  return `{${parts.join(",")}}`;
}
