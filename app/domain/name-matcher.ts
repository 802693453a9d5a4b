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

// Rows of the distance table, reused: matching a long paste computes hundreds of thousands of distances.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (!n) return m;
  if (!m) return n;
  if (rowA.length <= m) {
    rowA = new Int32Array(m * 2);
    rowB = new Int32Array(m * 2);
    rowC = new Int32Array(m * 2);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

/**
 * Similarities already computed while a run of names is segmented (it compares the same parts of the same chunks
 * with the same entries many times; elsewhere the memo costs more than it saves). Bounded; cleared after a paste.
 */
const similarityMemo = new Map<string, number>();
let memoOn = false;

function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  if (!memoOn) return Math.max(0, 1 - editDistance(a, b) / Math.max(a.length, b.length));
  const key = `${a}\u0000${b}`;
  let v = similarityMemo.get(key);
  if (v === undefined) {
    v = Math.max(0, 1 - editDistance(a, b) / Math.max(a.length, b.length));
    if (similarityMemo.size > 500_000) similarityMemo.clear();
    similarityMemo.set(key, v);
  }
  return v;
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

/**
 * Names glued together when a PDF lost the line break: "BartGroothuis" → "Bart Groothuis", "CsehGwendoline" →
 * "Cseh Gwendoline", "CsehDELBOS" → "Cseh DELBOS", "GROOTHUISBart" → "GROOTHUIS Bart", "2Bart" → "2 Bart"; "MacManus",
 * "McGuinness" and "McALLISTER" stay whole.
 */
function unglue(s: string): string {
  const mc = (before: string) => /(^|[^\p{L}])(Mc|Mac)$/u.test(before);
  return s
    .replace(/(\p{Ll}{2,})(\p{Lu}\p{Ll})/gu, (m, a: string, b: string, offset: number, whole: string) =>
      mc(whole.slice(0, offset) + a) ? m : `${a} ${b}`,
    )
    .replace(/(\p{Ll}{2,})(\p{Lu}{2,})/gu, (m, a: string, b: string, offset: number, whole: string) =>
      mc(whole.slice(0, offset) + a) ? m : `${a} ${b}`,
    )
    .replace(/(\p{Lu}{3,})(\p{Lu}\p{Ll}{2,})/gu, "$1 $2")
    .replace(/(\p{N})(\p{L})|(\p{L})(\p{N})/gu, (_m, n1?: string, l1?: string, l2?: string, n2?: string) =>
      n1 ? `${n1} ${l1}` : `${l2} ${n2}`,
    );
}

/** Strips notes, numbering, quotes and leading or trailing titles; what it strips is passed to `ignored`. */
function cleanName(s: string, ignored: (text: string) => void = () => {}): string {
  let t = s
    .replace(/\(.*?\)|\[.*?\]/g, (m) => {
      ignored(m.slice(1, -1));
      return " ";
    })
    .replace(/^\s*(?:\d+[.)]|[-*•·–—>])\s*/, "")
    .replace(/[“”"]/g, " ");
  t = unglue(t);
  const words = t.split(/\s+/).filter(Boolean);
  while (words.length && TITLES.has(letters(words[0]))) ignored(words.shift()!);
  while (words.length && TITLES.has(letters(words[words.length - 1]))) ignored(words.pop()!);
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

/** A piece of pasted text: a stretch that may hold one or more names, or a label left out on purpose. */
export type PastePiece = { kind: "names"; text: string } | { kind: "ignored"; text: string };

/**
 * Text as it comes out of PDFs and word processors: no-break and zero-width spaces, soft hyphens, a name
 * hyphenated across a line break ("Delbos-\nCorfield") joined again.
 */
function normalisePaste(text: string): string {
  return (text ?? "")
    .normalize("NFC")
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, "")
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, " ")
    .replace(/(\p{L})-[ \t]*(?:\r\n|\r|\n)[ \t]*(\p{L})/gu, "$1-$2");
}

/**
 * Splits pasted text into pieces: on new lines, semicolons, bullets, tabs (spreadsheet cells that are groups or
 * countries are left out), commas ("SURNAME, Given" pairs are rejoined), " and " / "&" / "und" / "en" / "et".
 * Parenthesised notes, numbering, group and country labels and titles come back as "ignored" pieces, so the
 * caller can show them: nothing is dropped silently. Pieces are not cut: a long run of names with only spaces
 * between them is one piece, split later against the directory.
 */
export function splitPaste(text: string): PastePiece[] {
  const out: PastePiece[] = [];
  const ignore = (t: string) => {
    const v = t.replace(/^[\s,.:;()[\]-]+|[\s,.:;()[\]-]+$/g, "");
    if (/[\p{L}\p{N}]/u.test(v)) out.push({ kind: "ignored", text: v });
  };
  const names = (t: string) => {
    const cleaned = cleanName(t, ignore);
    if (!cleaned) return;
    if (isNoise(cleaned)) ignore(cleaned);
    else out.push({ kind: "names", text: cleaned });
  };
  for (const rawLine of normalisePaste(text).split(/\r\n|\r|\n|;|•|·|\|/)) {
    // Parenthesised notes ("(EPP, SK)") go before commas are read as separators.
    const line = rawLine.replace(/\([^)]*\)|\[[^\]]*\]/g, (m) => {
      ignore(m.slice(1, -1));
      return " ";
    });
    if (line.includes("\t")) {
      const cells = line.split("\t");
      for (const c of cells) if (isNoise(c)) ignore(c);
      names(cells.filter((c) => !isNoise(c)).join(" "));
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
      if (isNoise(part)) ignore(part);
      else names(part);
    }
  }
  return out;
}

/**
 * Candidate names in pasted text (see splitPaste), with full names written with capitalised surnames and only
 * spaces between them already split ("Bart GROOTHUIS Bas EICKHOUT"). Names only separated by spaces without
 * capitals are split by matchNames, against the directory.
 */
export function splitNameList(text: string): string[] {
  return splitPaste(text).flatMap((p) =>
    p.kind === "names" && /\p{L}{2}/u.test(p.text) ? splitByCapitals(p.text) : [],
  );
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
  /** Every distinct name token of the directory (given names, surname parts, whole surnames), folded. */
  tokens: string[];
  /** Per token: the entries that hold it. */
  tokenEntries: number[][];
  tokensByBigram: Map<string, number[]>;
  /** Per pasted token: the entries holding a similar token (filled as pastes are read). */
  tokenHits: Map<string, number[]>;
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
  const push = (m: Map<string, number[]>, k: string, v: number) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  const tokenIds = new Map<string, number>();
  const tokenEntries: number[][] = [];
  entries.forEach((e, i) => {
    for (const g of new Set([...bigrams(e.family), ...bigrams(e.familyCore), ...bigrams(e.given)]))
      push(byBigram, g, i);
    for (const t of new Set([...e.givenTokens, ...e.familyParts, e.family, e.familyCore, e.given])) {
      if (t.length < 2) continue;
      let id = tokenIds.get(t);
      if (id === undefined) {
        id = tokenEntries.length;
        tokenIds.set(t, id);
        tokenEntries.push([]);
      }
      if (tokenEntries[id][tokenEntries[id].length - 1] !== i) tokenEntries[id].push(i);
    }
  });
  const tokens = [...tokenIds.keys()];
  const tokensByBigram = new Map<string, number[]>();
  tokens.forEach((t, id) => {
    for (const g of bigrams(t)) push(tokensByBigram, g, id);
  });
  return { entries, byBigram, tokens, tokenEntries, tokensByBigram, tokenHits: new Map() };
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

function rank(tokens: string[], index: NameIndex, candidates = candidatesFor(tokens, index)): Scored[] {
  return candidates
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

/** Entries holding a token similar to `t` (a folded word of the paste): the only ones a chunk is scored against. */
function tokenHits(t: string, index: NameIndex): number[] {
  const hit = index.tokenHits.get(t);
  if (hit) return hit;
  const shared = new Map<number, number>();
  for (const g of bigrams(t))
    for (const id of index.tokensByBigram.get(g) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
  const out = new Set<number>();
  for (const [id] of [...shared].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    if (similarity(t, index.tokens[id]) >= TOKEN_HIT) for (const e of index.tokenEntries[id]) out.add(e);
  }
  const list = [...out];
  if (index.tokenHits.size > 50_000) index.tokenHits.clear();
  index.tokenHits.set(t, list);
  return list;
}

/** A word of the paste must be at least this similar to a directory token to make its entries candidates. */
const TOKEN_HIT = 0.6;
/** Longest chunk of words read as one name ("Raquel García Hermida-van der Walle" is five). */
const MAX_NAME_WORDS = 6;
/** A chunk's worth in the segmentation: (score - CHUNK_BASE) per word, so a weak match is worth little. */
const CHUNK_BASE = 0.5;
/** Words read per name wanted when a paste is longer than the names it may hold (names average 2-3 words). */
const WORDS_PER_NAME = 4;
/** Runs of up to this many words are read as one name first (split only when every part is accepted). */
const ONE_NAME_WORDS = 5;

/**
 * Matches a chunk of words against the entries that hold a token like each of its words (particles aside): fast,
 * and a chunk that straddles two people, or takes in a stray word ("Page", "Signatories"), has no candidate.
 */
function matchChunk(words: string[], index: NameIndex): NameMatch {
  const input = words.join(" ");
  const tokens = tokensOf(input);
  const proper = tokens.filter((t) => t.length >= 2 && !SURNAME_PARTICLES.has(t));
  const hits = new Map<number, number>();
  for (const t of new Set(proper)) for (const e of tokenHits(t, index)) hits.set(e, (hits.get(e) ?? 0) + 1);
  const need = new Set(proper).size;
  const candidates = [...hits].filter(([, n]) => n >= need).map(([e]) => e);
  if (!candidates.length) return { input, best: null, level: "none", alternatives: [] };
  return decide(
    input,
    rank(
      tokens,
      index,
      candidates.sort((a, b) => a - b),
    ),
    index,
  );
}

/** Words of a chunk that are not particles: a name has at most four ("Juan Fernando López Aguilar"). */
const MAX_PROPER_WORDS = 4;

type RunPart = { match: NameMatch } | { unmatched: string };

/**
 * Splits a run of words with only spaces between them into the names that match the directory best (a dynamic
 * programme over chunks of 1-6 words, every chunk worth (score - 0.5) per word, a word left out worth nothing).
 * Words no chunk takes are returned as unmatched text, in place. Any length: each position tries six chunks, each
 * scored only against the entries holding one of its words.
 */
function segmentRun(words: string[], index: NameIndex, strict: boolean): RunPart[] | null {
  memoOn = true;
  try {
    return segmentWith(words, index, strict);
  } finally {
    memoOn = false;
  }
}

function segmentWith(words: string[], index: NameIndex, strict: boolean): RunPart[] | null {
  const n = words.length;
  const best = new Float64Array(n + 1).fill(Number.NEGATIVE_INFINITY);
  const back: Array<{ from: number; match: NameMatch | null }> = new Array(n + 1);
  const hasLetters = words.map((w) => /\p{L}/u.test(w));
  const isParticleWord = words.map((w) => SURNAME_PARTICLES.has(letters(w)) || /^'t$/i.test(w));
  best[0] = 0;
  for (let i = 1; i <= n; i++) {
    if (!strict && best[i - 1] > best[i]) {
      best[i] = best[i - 1];
      back[i] = { from: i - 1, match: null };
    }
    let proper = 0;
    for (let len = 1; len <= Math.min(MAX_NAME_WORDS, i); len++) {
      const from = i - len;
      if (best[from] === Number.NEGATIVE_INFINITY) continue;
      // Every word of a name has letters: a page number or a stray dash is never part of one.
      if (!hasLetters[from]) break;
      if (!isParticleWord[from]) proper++;
      if (proper > MAX_PROPER_WORDS) break;
      const m = matchChunk(words.slice(from, i), index);
      if (!m.best || (strict ? !accepted(m) : m.best.score < MATCH_THRESHOLDS.weak)) continue;
      const v = best[from] + (m.best.score - CHUNK_BASE) * len;
      if (v > best[i]) {
        best[i] = v;
        back[i] = { from, match: m };
      }
    }
  }
  if (best[n] === Number.NEGATIVE_INFINITY) return null;
  const parts: RunPart[] = [];
  for (let i = n; i > 0;) {
    const b = back[i];
    if (b.match) parts.push({ match: b.match });
    else {
      const last = parts[parts.length - 1];
      if (last && "unmatched" in last) last.unmatched = `${words[b.from]} ${last.unmatched}`;
      else parts.push({ unmatched: words[b.from] });
    }
    i = b.from;
  }
  return parts.reverse();
}

export type PastedNames = {
  /** One proposal per name found, in the order of the paste. */
  matches: NameMatch[];
  /** Text between the names that no directory entry matched: shown back to the person pasting, in order. */
  unmatched: string[];
  /** Labels recognised and left out (groups, member states, titles, notes in brackets), shown back too. */
  ignored: string[];
};

/** Longest text kept as one proposal's input (the review form's limit); longer text is shown as unmatched. */
export const MAX_INPUT_CHARS = 200;

/**
 * Reads a pasted list of any length and any mix of separators (new lines, commas, semicolons, "and", tabs, spaces
 * only, names glued together) and proposes a directory match per name. Nothing is dropped silently: whatever was
 * not read as a name comes back in `unmatched` or `ignored`.
 */
export function readPastedNames(
  text: string,
  directory: readonly DirectoryEntry[] | NameIndex,
  opts: { maxNames?: number } = {},
): PastedNames {
  try {
    return readPasted(text, directory, opts.maxNames ?? Number.POSITIVE_INFINITY);
  } finally {
    similarityMemo.clear();
  }
}

/** Reads a paste (see readPastedNames). */
function readPasted(text: string, directory: readonly DirectoryEntry[] | NameIndex, maxNames: number): PastedNames {
  const index = Array.isArray(directory) ? buildNameIndex(directory as DirectoryEntry[]) : (directory as NameIndex);
  const out: PastedNames = { matches: [], unmatched: [], ignored: [] };
  // The work is bounded by the names wanted: past maxNames (or past MAX_RUN_WORDS per name wanted in one run), the
  // rest of the text is shown back unread rather than matched.
  const wordBudget = Number.isFinite(maxNames) ? maxNames * WORDS_PER_NAME : Number.POSITIVE_INFINITY;
  const take = (parts: RunPart[]) => {
    for (const p of parts) {
      if ("match" in p) out.matches.push(p.match);
      else out.unmatched.push(p.unmatched);
    }
  };
  for (const piece of splitPaste(text)) {
    if (piece.kind === "ignored") {
      out.ignored.push(piece.text);
      continue;
    }
    // Group labels and titles inside a run ("… Bas Eickhout Renew Tineke Strik MEP …") separate names.
    const runs: string[][] = [[]];
    for (const w of piece.text.split(/\s+/).filter(Boolean)) {
      const bare = w.replace(/^[,:;]+|[,:;]+$/g, "");
      const label =
        bare && !SURNAME_PARTICLES.has(bare.toLowerCase()) && (TITLES.has(letters(bare)) || isGroupWord(bare));
      if (label) {
        out.ignored.push(bare);
        runs.push([]);
      } else if (bare) runs[runs.length - 1].push(bare);
    }
    for (let words of runs) {
      if (!words.length) continue;
      if (out.matches.length >= maxNames) {
        out.unmatched.push(words.join(" "));
        continue;
      }
      if (words.length > wordBudget) {
        out.unmatched.push(words.slice(wordBudget).join(" "));
        words = words.slice(0, wordBudget);
      }
      if (!words.some((w) => /\p{L}{2}/u.test(w))) {
        out.unmatched.push(words.join(" "));
        continue;
      }
      if (words.length <= ONE_NAME_WORDS) {
        const whole = words.join(" ");
        const m = matchName(whole, index);
        if (accepted(m)) {
          out.matches.push(m);
          continue;
        }
        const parts = words.length >= 2 ? segmentRun(words, index, true) : null;
        if (parts && parts.length >= 2) take(parts);
        else if (whole.length > MAX_INPUT_CHARS) out.unmatched.push(whole);
        else out.matches.push(m);
        continue;
      }
      // Capitals often mark the surnames ("Bart GROOTHUIS Bas EICKHOUT"): use them when every name they give is accepted.
      const byCaps = splitByCapitals(words.join(" "));
      const capsMatches = byCaps.length > 1 ? byCaps.map((c) => matchName(c, index)) : [];
      if (capsMatches.length && capsMatches.every(accepted)) {
        out.matches.push(...capsMatches);
        continue;
      }
      const parts = segmentRun(words, index, false);
      if (parts) take(parts);
      else out.unmatched.push(words.join(" "));
    }
  }
  return out;
}

/** A word that is a political group's label or alias ("Renew", "EPP", "Verts/ALE"). */
function isGroupWord(w: string): boolean {
  return groupLabel(w, 9).ok || groupLabel(w, 10).ok;
}

/**
 * Splits pasted text and proposes a directory match for each name (see readPastedNames, which also returns the
 * text that was not read as a name). Pass a prebuilt index when matching repeatedly against the same directory.
 */
export function matchNames(text: string, directory: readonly DirectoryEntry[] | NameIndex): NameMatch[] {
  return readPastedNames(text, directory).matches;
}
