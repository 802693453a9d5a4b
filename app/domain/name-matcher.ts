/**
 * Matching a pasted list of names (from a PDF, an email, a spreadsheet) against the MEP
 * directory. Every proposal has a confidence and a level; only "exact" and "strong" may be
 * pre-selected in the UI, "weak" must be confirmed by a person, and alternatives are returned so
 * the office can pick another.
 *
 * How it works: each name is read as given+family in either order (every split point is tried,
 * so "Juan Fernando López Aguilar" and "LOPEZ AGUILAR Juan Fernando" both work), with initials,
 * surnames without particles ("Cramon-Taubadel"), a single part of a double surname ("Delbos"),
 * and the whole name run together ("BartGroothuis"). Strings are compared folded (no diacritics,
 * no case, German "ue" = "ü") by an edit-distance similarity. The directory is indexed by
 * letter bigrams once, so each name is scored only against a few dozen plausible entries.
 */
import { countryCode } from "./countries";
import { foldDiacritics, SURNAME_PARTICLES } from "./names";
import { groupLabel } from "./political-groups";

export type DirectoryEntry = {
  id: number;
  givenName: string;
  familyName: string;
  country: string;
  politicalGroup: string;
};

export type Candidate = { id: number; score: number };
export type MatchLevel = "exact" | "strong" | "weak" | "none";
export type NameMatch = {
  input: string;
  best: Candidate | null;
  level: MatchLevel;
  alternatives: Candidate[];
};

/** Thresholds, measured on tests/fixtures/damaged-names.ts (see name-matcher.test.ts). */
export const MATCH_THRESHOLDS = {
  /** Minimum score for "strong". */
  strong: 0.86,
  /** The runner-up must be at least this far behind for "strong" (otherwise ambiguous: weak). */
  strongMargin: 0.1,
  /** The surname part alone must be at least this similar for "strong". */
  strongFamily: 0.8,
  /** Minimum score to propose anything ("weak"). */
  weak: 0.55,
  /** Alternatives shown below the best proposal. */
  alternativeMin: 0.45,
  alternatives: 5,
} as const;

/** Factor for a name given by surname (or surname + initial) only: less evidence. */
const SURNAME_ONLY = 0.9;
/** Factor for a match on one part of a double surname or the first of several given names. */
const PARTIAL = 0.95;

// ------------------------------------------------------------ normalising

const TITLES = new Set([
  "mr",
  "mrs",
  "ms",
  "miss",
  "dr",
  "prof",
  "professor",
  "mep",
  "hon",
  "sir",
  "dame",
  "mdep",
  "mdpe",
  "eurodeputee",
  "eurodepute",
]);

/** Folded lower-case letters; German transliterations collapse to the plain vowel on both sides. */
function letters(s: string): string {
  return foldDiacritics(s)
    .toLowerCase()
    .replace(/[^a-z]/g, "")
    .replace(/ae/g, "a")
    .replace(/oe/g, "o")
    .replace(/ue/g, "u");
}

function tokensOf(s: string): string[] {
  return foldDiacritics(s)
    .replace(/[’‘`´ʼ]/g, "'")
    .split(/[\s\-'.]+/)
    .map(letters)
    .filter(Boolean);
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (!n) return m;
  if (!m) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  return Math.max(0, 1 - editDistance(a, b) / Math.max(a.length, b.length));
}

// ------------------------------------------------------------ splitting a pasted list

function isCapsWord(w: string): boolean {
  const l = w.replace(/^(Mc|Mac)(?=\p{Lu}{2})/u, "").replace(/[^\p{L}]/gu, "");
  return l.length >= 2 && l === l.toUpperCase() && l !== l.toLowerCase();
}

function isNoise(segment: string): boolean {
  const s = segment.trim();
  if (!s) return true;
  if (!/\p{L}/u.test(s)) return true;
  if (groupLabel(s, 9).ok || groupLabel(s, 10).ok) return true;
  if (countryCode(s)) return true;
  return TITLES.has(letters(s));
}

/** "BartGroothuis" → "Bart Groothuis", but "MacManus" and "McGuinness" stay whole. */
function unglue(s: string): string {
  return s.replace(/(\p{Ll}{2,})(\p{Lu}\p{Ll})/gu, (m, a: string, b: string, offset: number, whole: string) =>
    /(^|[^\p{L}])(Mc|Mac)$/u.test(whole.slice(0, offset) + a) ? m : `${a} ${b}`,
  );
}

function cleanName(s: string): string {
  let t = s
    .replace(/\(.*?\)|\[.*?\]/g, " ")
    .replace(/^\s*(?:\d+[.)]|[-*•·–—>])\s*/, "")
    .replace(/[“”"]/g, " ");
  t = unglue(t);
  const words = t.split(/\s+/).filter(Boolean);
  while (words.length && TITLES.has(letters(words[0]))) words.shift();
  while (words.length && TITLES.has(letters(words[words.length - 1]))) words.pop();
  return words.join(" ").replace(/^[\s,.:;-]+|[\s,.:;-]+$/g, "");
}

/** "Bart GROOTHUIS Bas EICKHOUT" (or surname-first) → two names, using the printed capitals. */
function splitByCapitals(segment: string): string[] {
  const words = segment.split(/\s+/).filter(Boolean);
  if (words.length < 4) return [segment];
  const runs: Array<{ caps: boolean; words: string[] }> = [];
  for (const w of words) {
    const caps = isCapsWord(w) || (SURNAME_PARTICLES.has(w.toLowerCase()) && w === w.toUpperCase());
    const last = runs[runs.length - 1];
    if (last && last.caps === caps) last.words.push(w);
    else runs.push({ caps, words: [w] });
  }
  if (runs.length < 4 || runs.every((r) => r.caps)) return [segment];
  const out: string[] = [];
  for (let i = 0; i < runs.length; i += 2) out.push([...runs[i].words, ...(runs[i + 1]?.words ?? [])].join(" "));
  return out;
}

/**
 * Splits pasted text into candidate names: on new lines, semicolons, bullets, tabs (spreadsheet
 * cells that are groups or countries are dropped), commas ("SURNAME, Given" pairs are rejoined),
 * " and " / "&" / "und" / "en" / "et", and between full names written with capitalised surnames.
 * Names only separated by spaces without capitals are split later, against the directory.
 */
export function splitNameList(text: string): string[] {
  const out: string[] = [];
  const lines = (text ?? "").slice(0, 200_000).split(/\r\n|\r|\n|;|•|·|\|/);
  for (const rawLine of lines) {
    // Parenthesised notes ("(EPP, SK)") go before commas are read as separators.
    const line = rawLine.replace(/\([^)]*\)|\[[^\]]*\]/g, " ");
    if (line.includes("\t")) {
      const cells = line.split("\t").filter((c) => !isNoise(c));
      const joined = cleanName(cells.join(" "));
      if (joined) out.push(...splitByCapitals(joined));
      continue;
    }
    const parts = line.split(/,|\s+(?:and|und|en|et)\s+|\s*&\s*/i).map((p) => p.trim());
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i];
      const next = parts[i + 1];
      // "GROOTHUIS, Bart": a capitalised surname followed by a given name.
      const pw = part.split(/\s+/).filter(Boolean);
      if (
        next &&
        pw.length > 0 &&
        pw.every((w) => isCapsWord(w) || /^'T$/i.test(w)) &&
        next.split(/\s+/).length <= 2 &&
        !isCapsWord(next) &&
        !isNoise(next)
      ) {
        part = `${next} ${part}`;
        i++;
      }
      if (isNoise(part)) continue;
      const cleaned = cleanName(part);
      if (cleaned && !isNoise(cleaned)) out.push(...splitByCapitals(cleaned));
    }
  }
  return out.filter((s) => /\p{L}{2}/u.test(s)).map((s) => s.slice(0, 200));
}

// ------------------------------------------------------------ the index

type IndexedEntry = {
  id: number;
  given: string;
  givenTokens: string[];
  givenInitials: string;
  family: string;
  familyCore: string;
  familyParts: string[];
};

export type NameIndex = {
  entries: IndexedEntry[];
  byBigram: Map<string, number[]>;
};

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  const p = `^${s}$`;
  for (let i = 0; i < p.length - 1; i++) out.add(p.slice(i, i + 2));
  return out;
}

export function buildNameIndex(directory: readonly DirectoryEntry[]): NameIndex {
  const entries: IndexedEntry[] = directory.map((d) => {
    const givenTokens = tokensOf(d.givenName);
    const familyTokens = d.familyName.trim().split(/\s+/);
    let k = 0;
    while (
      k < familyTokens.length - 1 &&
      SURNAME_PARTICLES.has(foldDiacritics(familyTokens[k]).toLowerCase().replace(/[’`]/g, "'"))
    )
      k++;
    const core = familyTokens.slice(k).join(" ");
    return {
      id: d.id,
      given: letters(d.givenName),
      givenTokens,
      givenInitials: givenTokens.map((t) => t[0]).join(""),
      family: letters(d.familyName),
      familyCore: letters(core),
      familyParts: core
        .split(/[\s-]+/)
        .map(letters)
        .filter((p) => p.length >= 2),
    };
  });
  const byBigram = new Map<string, number[]>();
  entries.forEach((e, i) => {
    for (const g of new Set([...bigrams(e.family), ...bigrams(e.familyCore), ...bigrams(e.given)])) {
      const list = byBigram.get(g) ?? [];
      list.push(i);
      byBigram.set(g, list);
    }
  });
  return { entries, byBigram };
}

// ------------------------------------------------------------ scoring

type Scored = { index: number; score: number; family: number; exact: boolean };

function familyScore(parts: string[], e: IndexedEntry): number {
  const c = parts.join("");
  let s = Math.max(similarity(c, e.family), similarity(c, e.familyCore));
  // Without the particles the person typed ("von Cramon" → "Cramon"), against each part of a
  // double surname ("Cramon-Taubadel", "López Aguilar").
  let k = 0;
  while (k < parts.length - 1 && (SURNAME_PARTICLES.has(parts[k]) || parts[k] === "t")) k++;
  const core = parts.slice(k);
  if (k > 0) s = Math.max(s, similarity(core.join(""), e.familyCore));
  if (core.length === 1 && e.familyParts.length > 1)
    for (const p of e.familyParts) s = Math.max(s, similarity(core[0], p) * PARTIAL);
  return s;
}

function givenScore(parts: string[], e: IndexedEntry): number {
  if (parts.every((p) => p.length === 1)) {
    const initials = parts.join("");
    return e.givenInitials.startsWith(initials) || e.given.startsWith(initials) ? 1 : 0;
  }
  let s = similarity(parts.join(""), e.given);
  if (e.givenTokens.length > 1) s = Math.max(s, similarity(parts.join(""), e.givenTokens[0]) * PARTIAL);
  return s;
}

function scoreEntry(tokens: string[], e: IndexedEntry): Scored & { index: -1 } {
  const compact = tokens.join("");
  let best = 0;
  let bestFamily = 0;
  let exact = false;
  // The whole name run together, in either order.
  for (const full of [e.given + e.family, e.family + e.given, e.given + e.familyCore, e.familyCore + e.given]) {
    const s = similarity(compact, full);
    if (s === 1) exact = full.endsWith(e.family) || full.startsWith(e.family);
    if (s > best) {
      best = s;
      bestFamily = s;
    }
  }
  const n = tokens.length;
  for (let k = 0; k < n; k++) {
    // given = tokens[0..k), family = tokens[k..n)  and  family = tokens[0..n-k), given = the rest
    for (const [givenPart, familyPart] of [
      [tokens.slice(0, k), tokens.slice(k)],
      [tokens.slice(n - k), tokens.slice(0, n - k)],
    ] as const) {
      if (!familyPart.length) continue;
      const f = familyScore(familyPart, e);
      if (f < 0.5) continue;
      const s = givenPart.length ? 0.6 * f + 0.4 * givenScore(givenPart, e) : f * SURNAME_ONLY;
      if (s > best || (s === best && f > bestFamily)) {
        best = s;
        bestFamily = f;
      }
    }
  }
  return { index: -1, score: Math.round(best * 1000) / 1000, family: bestFamily, exact };
}

function candidatesFor(tokens: string[], index: NameIndex): number[] {
  const compact = tokens.join("");
  if (compact.length <= 6 || index.entries.length <= 60) return index.entries.map((_, i) => i);
  const hits = new Map<number, number>();
  const grams = new Set<string>();
  for (const t of tokens) for (const g of bigrams(t)) grams.add(g);
  for (const g of bigrams(compact)) grams.add(g);
  for (const g of grams) for (const i of index.byBigram.get(g) ?? []) hits.set(i, (hits.get(i) ?? 0) + 1);
  return [...hits]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 60)
    .map(([i]) => i);
}

function rank(tokens: string[], index: NameIndex): Scored[] {
  return candidatesFor(tokens, index)
    .map((i) => ({ ...scoreEntry(tokens, index.entries[i]), index: i }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
}

function decide(input: string, ranked: Scored[], index: NameIndex): NameMatch {
  const T = MATCH_THRESHOLDS;
  const [top, second] = ranked;
  const toCandidate = (s: Scored): Candidate => ({ id: index.entries[s.index].id, score: s.score });
  if (!top || top.score < T.weak) {
    return {
      input,
      best: null,
      level: "none",
      alternatives: ranked
        .filter((r) => r.score >= T.alternativeMin)
        .slice(0, T.alternatives)
        .map(toCandidate),
    };
  }
  const runnerUp = second?.score ?? 0;
  let level: MatchLevel = "weak";
  if (top.exact && top.score === 1 && runnerUp < 1) level = "exact";
  else if (top.score >= T.strong && top.score - runnerUp >= T.strongMargin && top.family >= T.strongFamily)
    level = "strong";
  return {
    input,
    best: toCandidate(top),
    level,
    alternatives: ranked
      .slice(1)
      .filter((r) => r.score >= T.alternativeMin)
      .slice(0, T.alternatives)
      .map(toCandidate),
  };
}

/** Match one name (already split). */
export function matchName(input: string, index: NameIndex): NameMatch {
  const tokens = tokensOf(cleanName(input));
  return decide(input, tokens.length ? rank(tokens, index) : [], index);
}

const accepted = (m: NameMatch) => m.level === "exact" || m.level === "strong";

/**
 * A segment of several names separated only by spaces ("Bart Groothuis Bas Eickhout"):
 * split it into the chunks of 1–4 words that match the directory best, if every chunk is accepted.
 */
function segment(input: string, index: NameIndex): NameMatch[] | null {
  const words = cleanName(input).split(/\s+/).filter(Boolean);
  if (words.length < 4 || words.length > 40) return null;
  const n = words.length;
  const best: Array<{ total: number; parts: NameMatch[] } | null> = new Array(n + 1).fill(null);
  best[0] = { total: 0, parts: [] };
  for (let i = 1; i <= n; i++) {
    for (let len = 2; len <= Math.min(4, i); len++) {
      const prev = best[i - len];
      if (!prev) continue;
      const m = matchName(words.slice(i - len, i).join(" "), index);
      if (!accepted(m) || !m.best) continue;
      const total = prev.total + m.best.score;
      if (!best[i] || total > best[i]!.total) best[i] = { total, parts: [...prev.parts, m] };
    }
  }
  const result = best[n];
  return result && result.parts.length >= 2 ? result.parts : null;
}

/**
 * Splits pasted text and proposes a directory match for each name. Pass a prebuilt index when
 * matching repeatedly against the same directory.
 */
export function matchNames(text: string, directory: readonly DirectoryEntry[] | NameIndex): NameMatch[] {
  const index = Array.isArray(directory) ? buildNameIndex(directory as DirectoryEntry[]) : (directory as NameIndex);
  const out: NameMatch[] = [];
  for (const name of splitNameList(text)) {
    const m = matchName(name, index);
    if (!accepted(m)) {
      const parts = segment(name, index);
      if (parts) {
        out.push(...parts);
        continue;
      }
    }
    out.push(m);
  }
  return out;
}
