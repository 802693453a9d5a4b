/**
 * Personal names of MEPs: folding for search and matching, the EP's surname ordering, and
 * splitting the EP XML's "Given SURNAME" full names.
 *
 * Sorting decision: the EP sorts by the surname exactly as it prints it in capitals, particles
 * included: its lists put "VAN BREMPT" and "VON CRAMON-TAUBADEL" under V, "DE LANGE" and
 * "DEL CASTILLO VERA" under D, "IN 'T VELD" under I; the Open Data `sortLabel` is the same
 * surname folded and run together ("DIRUPO"). We follow that by default, so our undersigned
 * blocks read like the EP's own lists. Dutch and German national practice (sorting "van Dalen"
 * under D) is available as `{ particles: "ignore" }` for offices that want it.
 */

const SPECIAL_LETTERS: Record<string, string> = {
  ß: "ss",
  ẞ: "SS",
  æ: "ae",
  Æ: "AE",
  œ: "oe",
  Œ: "OE",
  ø: "o",
  Ø: "O",
  đ: "d",
  Đ: "D",
  ł: "l",
  Ł: "L",
  ı: "i",
  þ: "th",
  Þ: "TH",
  ð: "d",
  Ð: "D",
  ħ: "h",
  Ħ: "H",
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join("")}]`, "g");

/** "Štefanec" → "Stefanec", "Løkkegaard" → "Lokkegaard", "Straße" → "Strasse". Case is kept. */
export function foldDiacritics(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(SPECIAL_RE, (c) => SPECIAL_LETTERS[c])
    .normalize("NFC");
}

/** Folded, lower-case, single-spaced; keeps letters, digits, hyphens and apostrophes. */
export function normaliseName(s: string): string {
  return foldDiacritics(s)
    .toLowerCase()
    .replace(/[’‘`´ʼ]/g, "'")
    .replace(/[^\p{L}\p{N}'\- ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Lower-case, diacritic-free "given family": the meps.searchKey column. */
export function searchKeyOf(givenName: string, familyName: string): string {
  return normaliseName(`${givenName} ${familyName}`);
}

/** Surname particles (folded, lower case). Only leading surname words are treated as particles. */
export const SURNAME_PARTICLES: ReadonlySet<string> = new Set([
  "von",
  "van",
  "vom",
  "zu",
  "zum",
  "zur",
  "de",
  "der",
  "den",
  "del",
  "della",
  "delle",
  "dello",
  "degli",
  "dei",
  "di",
  "da",
  "dal",
  "dalla",
  "das",
  "dos",
  "do",
  "du",
  "des",
  "la",
  "le",
  "lo",
  "ten",
  "ter",
  "te",
  "in",
  "'t",
  "het",
  "af",
  "op",
]);

/** Splits a surname into its leading particles and the rest: "van der Sanden" → ["van der", "Sanden"]. */
export function splitParticles(familyName: string): { particles: string; core: string } {
  const words = familyName.trim().split(/\s+/);
  let i = 0;
  while (i < words.length - 1 && SURNAME_PARTICLES.has(normaliseName(words[i]))) i++;
  return { particles: words.slice(0, i).join(" "), core: words.slice(i).join(" ") };
}

const sortLetters = (s: string) =>
  foldDiacritics(s)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");

export type SortOptions = { particles?: "keep" | "ignore" };

/**
 * Surname-first key, folded and upper-cased with spaces, hyphens and apostrophes removed, like
 * the EP's sortLabel: ("Viola", "von Cramon-Taubadel") → "VONCRAMONTAUBADEL VIOLA".
 * The space separator sorts before any letter, so ROOS comes before ROOSE.
 */
export function epSortKey(givenName: string, familyName: string, opts: SortOptions = {}): string {
  const family = opts.particles === "ignore" ? splitParticles(familyName).core : familyName;
  return `${sortLetters(family)} ${sortLetters(givenName)}`;
}

export type NamedPerson = { givenName: string; familyName: string };

/** Comparator for the EP's surname order; ties broken by the folded then the exact full name. */
export function compareByEpOrder(a: NamedPerson, b: NamedPerson, opts: SortOptions = {}): number {
  const ka = epSortKey(a.givenName, a.familyName, opts);
  const kb = epSortKey(b.givenName, b.familyName, opts);
  if (ka !== kb) return ka < kb ? -1 : 1;
  const fa = normaliseName(`${a.familyName} ${a.givenName}`);
  const fb = normaliseName(`${b.familyName} ${b.givenName}`);
  if (fa !== fb) return fa < fb ? -1 : 1;
  const ra = `${a.familyName} ${a.givenName}`;
  const rb = `${b.familyName} ${b.givenName}`;
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

export function sortByEpOrder<T extends NamedPerson>(people: readonly T[], opts: SortOptions = {}): T[] {
  return [...people].sort((a, b) => compareByEpOrder(a, b, opts));
}

// ------------------------------------------------------------ EP XML full names

const MC_PREFIX = /^(Mc|Mac)(?=\p{Lu}{2})/u;

/** A surname word as the EP prints it: all capitals ("EICKHOUT", "'T"), or Mc/Mac + capitals. */
function isCapsWord(word: string): boolean {
  const letters = word.replace(MC_PREFIX, "").replace(/[^\p{L}]/gu, "");
  if (!letters) return false;
  if (letters.length === 1 && word.endsWith(".")) return false; // an initial such as "J."
  return letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/**
 * Words that join the parts of a surname and are written in lower case inside it, whatever the case the EP
 * printed them in: Catalan and Spanish "i"/"y" (Riba i Giner), Portuguese "e", German "und" (Thun und
 * Hohenstein). Only between two surname words, never at either end.
 */
const SURNAME_JOINERS: ReadonlySet<string> = new Set(["i", "y", "e", "und"]);

const isParticle = (w: string) => SURNAME_PARTICLES.has(normaliseName(w));
const isJoiner = (w: string) => SURNAME_JOINERS.has(normaliseName(w));

/**
 * A word of the EP's printed surname: capitals ("EICKHOUT"), or a hyphenated word whose parts are capitals or
 * particles as the EP writes them ("NAGTEGAAL-van", "HERMIDA-VAN").
 */
function isSurnameWord(word: string): boolean {
  if (isCapsWord(word)) return true;
  const parts = word.split("-").filter(Boolean);
  return parts.length > 1 && parts.some(isCapsWord) && parts.every((p) => isCapsWord(p) || isParticle(p));
}

/**
 * Countries whose surname particles are written with a capital ("Van Brempt", "De Castro"); in France the
 * articles only ("Le Pen", "La Porte"; "de Villiers" stays lower case). Best-effort: the EP's own spelling
 * (JSON-LD familyName, or lower case the EP printed) wins whenever it is available.
 */
const CAPITALISED_PARTICLE_COUNTRIES = new Set(["BE", "IT", "MT"]);
const CAPITALISED_ARTICLES: Readonly<Record<string, ReadonlySet<string>>> = {
  FR: new Set(["le", "la", "les"]),
};

function capitaliseWord(word: string): string {
  // Hyphen and apostrophe parts each start with a capital: Delbos-Corfield, O'Sullivan, D'Amato.
  return word
    .split(/(-|')/)
    .map((part, i, arr) => {
      if (part === "-" || part === "'" || part === "") return part;
      const prevApostrophe = i >= 2 && arr[i - 1] === "'";
      // "'T" (in 't Veld) stays lower case; O'/D'/L' prefixes are followed by a capital.
      if (prevApostrophe && arr[i - 2] === "" && part.length === 1) return part.toLowerCase();
      const mc = part.match(MC_PREFIX);
      if (mc) return mc[1] + part.slice(mc[1].length, mc[1].length + 1) + part.slice(mc[1].length + 1).toLowerCase();
      return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
    })
    .join("");
}

/** A particle the EP printed in capitals, as it is written at the start of a surname in the Member's country. */
function leadingParticle(word: string, country: string | null | undefined): string {
  if (country && CAPITALISED_PARTICLE_COUNTRIES.has(country)) return capitaliseWord(word);
  if (country && CAPITALISED_ARTICLES[country]?.has(normaliseName(word))) return capitaliseWord(word);
  return word.toLowerCase();
}

/**
 * Display form of a surname as the EP prints it: capitals become "Eickhout", "von Cramon-Taubadel",
 * "in 't Veld", "MacManus", "McAllister", "Pascual de la Parte", "García Hermida-van der Walle"; whatever the EP
 * (or a person) wrote in lower case is kept as written ("NAGTEGAAL-van DOORN" → "Nagtegaal-van Doorn"), so a
 * surname already in mixed case comes back unchanged.
 *
 * Particles: leading ones follow the country (see CAPITALISED_PARTICLE_COUNTRIES); inside a surname (after its
 * first proper word, also after a hyphen) they and the joiners ("i", "und") are lower case.
 */
export function displayFamily(surname: string, opts: { country?: string | null } = {}): string {
  const s = surname.trim().replace(/\s+/g, " ");
  if (!s) return s;
  const words = s.split(" ");
  // The last proper word: particles and joiners are never the end of a surname.
  let leading = true;
  return words
    .map((w, i) => {
      const last = i === words.length - 1;
      const parts = w.split("-");
      const out = parts.map((part, j) => {
        const lastPart = last && j === parts.length - 1;
        if (!isCapsWord(part)) {
          if (part && !isParticle(part) && !isJoiner(part)) leading = false;
          return part; // written in lower or mixed case: kept as written
        }
        if (!lastPart && isParticle(part)) return leading ? leadingParticle(part, opts.country) : part.toLowerCase();
        if (!leading && !lastPart && isJoiner(part)) return part.toLowerCase();
        leading = false;
        return capitaliseWord(part);
      });
      return out.join("-");
    })
    .join(" ");
}

/**
 * Splits an EP XML fullName into given and family name: the surname is the trailing run of words the EP
 * printed in capitals ("Juan Fernando LÓPEZ AGUILAR" → "Juan Fernando" + "López Aguilar"), with the particles
 * and joiners it printed in lower case inside or just before that run ("Esther de LANGE", "Sophia in 't VELD",
 * "Diana RIBA i GINER", "Caroline NAGTEGAAL-van DOORN"). When every word is in capitals, the first word is
 * taken as the given name.
 */
export function splitEpFullName(
  fullName: string,
  opts: { country?: string | null } = {},
): { givenName: string; familyName: string; familyNameAsPrinted: string } {
  const words = fullName.trim().replace(/\s+/g, " ").split(" ").filter(Boolean);
  let i = words.length;
  let seenCaps = false;
  while (i > 0) {
    const w = words[i - 1];
    if (isSurnameWord(w)) seenCaps = true;
    // A lower-case particle belongs to the surname only after its last word and with a given name before it.
    else if (!(seenCaps && i - 1 > 0 && (isParticle(w) || (isJoiner(w) && i < words.length)))) break;
    i--;
  }
  // Leading joiners are not part of a surname ("Maria i" is no surname start).
  while (i < words.length - 1 && !isSurnameWord(words[i]) && isJoiner(words[i])) i++;
  if (i === 0) i = Math.min(1, words.length - 1);
  if (i === words.length && words.length > 1) i = words.length - 1; // no capitals at all: last word
  const given = words.slice(0, i).join(" ");
  const printed = words.slice(i).join(" ");
  return { givenName: given, familyName: displayFamily(printed, opts), familyNameAsPrinted: printed };
}

/** "Bas Eickhout": how a person's name is written in running text. */
export function fullName(p: { givenName: string | null; familyName: string | null }): string {
  return [p.givenName, p.familyName]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join(" ");
}
