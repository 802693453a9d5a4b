/**
 * The 27 EU member states as the European Parliament names them. Codes are ISO 3166 alpha-2
 * except Greece, which the EU writes EL (ISO says GR; GR is accepted as input).
 */

export type MemberState = {
  code: string;
  /** ISO 3166 alpha-3, as used in EP Open Data citizenship URIs (…/country/BEL). */
  iso3: string;
  /** English name as the EP's XML list writes it. */
  name: string;
  /** Other spellings seen in EP data or pasted text. */
  aliases: readonly string[];
};

export const MEMBER_STATES: readonly MemberState[] = [
  { code: "AT", iso3: "AUT", name: "Austria", aliases: [] },
  { code: "BE", iso3: "BEL", name: "Belgium", aliases: [] },
  { code: "BG", iso3: "BGR", name: "Bulgaria", aliases: [] },
  { code: "HR", iso3: "HRV", name: "Croatia", aliases: [] },
  { code: "CY", iso3: "CYP", name: "Cyprus", aliases: [] },
  { code: "CZ", iso3: "CZE", name: "Czechia", aliases: ["Czech Republic"] },
  { code: "DK", iso3: "DNK", name: "Denmark", aliases: [] },
  { code: "EE", iso3: "EST", name: "Estonia", aliases: [] },
  { code: "FI", iso3: "FIN", name: "Finland", aliases: [] },
  { code: "FR", iso3: "FRA", name: "France", aliases: [] },
  { code: "DE", iso3: "DEU", name: "Germany", aliases: [] },
  { code: "EL", iso3: "GRC", name: "Greece", aliases: ["GR", "Hellas", "Hellenic Republic"] },
  { code: "HU", iso3: "HUN", name: "Hungary", aliases: [] },
  { code: "IE", iso3: "IRL", name: "Ireland", aliases: [] },
  { code: "IT", iso3: "ITA", name: "Italy", aliases: [] },
  { code: "LV", iso3: "LVA", name: "Latvia", aliases: [] },
  { code: "LT", iso3: "LTU", name: "Lithuania", aliases: [] },
  { code: "LU", iso3: "LUX", name: "Luxembourg", aliases: [] },
  { code: "MT", iso3: "MLT", name: "Malta", aliases: [] },
  { code: "NL", iso3: "NLD", name: "Netherlands", aliases: ["The Netherlands"] },
  { code: "PL", iso3: "POL", name: "Poland", aliases: [] },
  { code: "PT", iso3: "PRT", name: "Portugal", aliases: [] },
  { code: "RO", iso3: "ROU", name: "Romania", aliases: [] },
  { code: "SK", iso3: "SVK", name: "Slovakia", aliases: ["Slovak Republic"] },
  { code: "SI", iso3: "SVN", name: "Slovenia", aliases: [] },
  { code: "ES", iso3: "ESP", name: "Spain", aliases: [] },
  { code: "SE", iso3: "SWE", name: "Sweden", aliases: [] },
];

const key = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, " ")
    .trim();

const byCode = new Map(MEMBER_STATES.map((m) => [m.code, m]));
const byKey = new Map<string, MemberState>();
for (const m of MEMBER_STATES) {
  for (const k of [m.code, m.iso3, m.name, ...m.aliases]) byKey.set(key(k), m);
}

export const MEMBER_STATE_CODES = MEMBER_STATES.map((m) => m.code);

export function isMemberStateCode(code: string): boolean {
  return byCode.has(code);
}

/** English name for an EU code ("EL" → "Greece"); null for anything else. */
export function countryName(code: string): string | null {
  return byCode.get(code.trim().toUpperCase())?.name ?? null;
}

/**
 * EU code from a code (alpha-2 or alpha-3, GR accepted), an English name or alias, or an EP
 * citizenship URI such as "http://publications.europa.eu/resource/authority/country/BEL".
 */
export function countryCode(nameOrCode: string | null | undefined): string | null {
  if (!nameOrCode) return null;
  let s = nameOrCode.trim();
  if (s.includes("/")) s = s.slice(s.lastIndexOf("/") + 1);
  return byKey.get(key(s))?.code ?? null;
}

/** Sort codes by English name, for pickers and tables. */
export function compareCountries(a: string, b: string): number {
  return (countryName(a) ?? a).localeCompare(countryName(b) ?? b, "en");
}
