/**
 * Who a written question may be put to (Rule 144): the Commission, the Council, the President of the
 * European Council and the Vice-President/High Representative. Sources spell them differently by era
 * ("org/COM", "corporate-body/COM", "org/EU_COUNCIL", "HRVP" …): one lenient table maps them all. A code
 * that is not in the table is kept by the importer and reported, never dropped.
 */
export const ADDRESSEES = ["commission", "council", "european-council", "vp-hr"] as const;
export type Addressee = (typeof ADDRESSEES)[number];

export function isAddressee(x: unknown): x is Addressee {
  return typeof x === "string" && (ADDRESSEES as readonly string[]).includes(x);
}

/** Code (without its "org/" or "corporate-body/" prefix, upper-cased) → addressee. Add new spellings here. */
export const ADDRESSEE_CODES: Readonly<Record<string, Addressee>> = {
  COM: "commission",
  EU_COMMISSION: "commission",
  COMMISSION: "commission",
  EC: "commission",
  CS: "council",
  CONSIL: "council",
  EU_COUNCIL: "council",
  COUNCIL: "council",
  EUCO: "european-council",
  EU_EUROPEAN_COUNCIL: "european-council",
  EUROPEAN_COUNCIL: "european-council",
  PEUCO: "european-council",
  HRUFASP: "vp-hr",
  HRVP: "vp-hr",
  VPHR: "vp-hr",
  "VP/HR": "vp-hr",
};

/** "org/COM", "corporate-body/CONSIL", "https://data.europarl.europa.eu/org/EU_COUNCIL", "HRVP" → addressee or null. */
export function addresseeFromCode(code: string): Addressee | null {
  const last = code.trim().replace(/\/+$/, "");
  const key = (last.match(/(?:^|\/)(?:org|corporate-body)\/(.+)$/)?.[1] ?? last).toUpperCase();
  return ADDRESSEE_CODES[key] ?? null;
}
