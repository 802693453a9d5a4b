/**
 * Whether a new version of a letter is an editorial correction or a substantive change, decided by the change
 * itself rather than by the office's word. A signature carries over an editorial version without the signer being
 * asked again, so "editorial" must be provable from the word diff:
 *  - only punctuation, case, whitespace or formatting changed (the words, read in order, are the same), or
 *  - a word was respelled closely (one insertion, deletion, substitution or swap of adjacent letters) where the
 *    word is long, has no digit, is not a negation and is not capitalised (names, places, months, acronyms).
 * Anything else (a word added or removed, a sentence, a number or date, a negation, a name, the subject's words,
 * the addressees, a link target) is substantive. Pure; no dependencies beyond the word diff.
 */
import { diffTokens, tokenize } from "./word-diff";

export type ChangeKind = "editorial" | "substantive";

export type ChangeReason =
  | "words-added"
  | "words-removed"
  | "words-replaced"
  | "number"
  | "negation"
  | "name"
  | "subject"
  | "addressees"
  | "links";

export type VersionContent = {
  subject: string;
  /** Addressee block as printed; any change is substantive. */
  addressees: ReadonlyArray<{
    name: string;
    role: string | null;
    institution: string | null;
    salutation: string | null;
  }>;
  /** The body as plain text (notes included). */
  plainText: string;
  /** Link targets in the body, in order; a changed target is substantive. */
  links?: readonly string[];
};

export type TextChange = { before: string; after: string; reasons: ChangeReason[] };

export type ChangeAnalysis = {
  kind: ChangeKind;
  /** Why it is substantive (empty when editorial), without repeats. */
  reasons: ChangeReason[];
  /** Every changed stretch of words in the body and subject, with the reasons it is substantive (none: editorial). */
  changes: TextChange[];
};

/** Shortest a word may be for a one-letter respelling to count as a typo fix ("recieve" → "receive"). */
export const MIN_TYPO_WORD_LENGTH = 7;

/** Negations in the EU languages the letters are written in most; adding or removing one always changes meaning. */
const NEGATIONS = new Set(
  [
    // en
    "not",
    "no",
    "nor",
    "never",
    "none",
    "neither",
    "nobody",
    "nothing",
    "nowhere",
    "cannot",
    "without",
    "against",
    // fr
    "ne",
    "pas",
    "non",
    "jamais",
    "aucun",
    "aucune",
    "rien",
    "sans",
    "contre",
    // de
    "nicht",
    "kein",
    "keine",
    "keinen",
    "keinem",
    "keiner",
    "nie",
    "niemals",
    "nichts",
    "ohne",
    "gegen",
    // nl
    "niet",
    "geen",
    "nooit",
    "niets",
    "zonder",
    "tegen",
    // es, it, pt
    "nunca",
    "ningún",
    "ninguna",
    "nada",
    "sin",
    "mai",
    "nessun",
    "nessuno",
    "nessuna",
    "niente",
    "senza",
    "não",
    "nenhum",
    "nenhuma",
    "sem",
  ].map((w) => w.normalize("NFC")),
);

const isWordToken = (t: string) => /[\p{L}\p{M}\p{N}]/u.test(t);
const fold = (w: string) => w.normalize("NFC").toLocaleLowerCase("und");
const hasDigit = (w: string) => /\p{N}/u.test(w);
const hasUpper = (w: string) => /\p{Lu}/u.test(w);
/** "n't" endings and the negation list; a contraction such as "can't" is a negation even though it is one token. */
const isNegation = (w: string) => {
  const f = fold(w).replace(/’/g, "'");
  return NEGATIONS.has(f) || /n't$/.test(f);
};

/** Optimal-string-alignment distance (Levenshtein plus swaps of adjacent letters), capped for speed. */
export function editDistance(a: string, b: string, cap = 3): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > cap) return cap + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= x.length; i++) {
    rows.push(new Array<number>(y.length + 1).fill(0));
    rows[i][0] = i;
  }
  for (let j = 0; j <= y.length; j++) rows[0][j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[x.length][y.length];
}

/** Whether replacing `before` by `after` (original case) is a respelling the rule can show to be a typo fix. */
export function isTypoFix(before: string, after: string): boolean {
  if (hasDigit(before) || hasDigit(after)) return false;
  if (hasUpper(before) || hasUpper(after)) return false;
  if (isNegation(before) || isNegation(after)) return false;
  if (!/^[\p{L}\p{M}]+$/u.test(before) || !/^[\p{L}\p{M}]+$/u.test(after)) return false;
  if (Math.max([...before].length, [...after].length) < MIN_TYPO_WORD_LENGTH) return false;
  return editDistance(fold(before), fold(after), 2) === 1;
}

/** The letters of some words run together, without the hyphens, apostrophes and dots inside words. */
const joined = (words: string[]) => fold(words.join("")).replace(/[-'’./,]/g, "");

/** Reasons one replaced stretch of words is substantive (empty when it is a typo fix of each word in turn). */
function stretchReasons(removed: string[], added: string[]): ChangeReason[] {
  const reasons = new Set<ChangeReason>();
  const all = [...removed, ...added];
  if (all.some(hasDigit)) reasons.add("number");
  if (all.some(isNegation)) reasons.add("negation");
  if (reasons.size === 0 && joined(removed) === joined(added)) return []; // "high risk" → "high-risk", "e-mail"
  if (all.some(hasUpper)) reasons.add("name");
  if (removed.length === added.length) {
    if (!removed.every((w, i) => isTypoFix(w, added[i]))) reasons.add("words-replaced");
  } else if (!removed.length) reasons.add("words-added");
  else if (!added.length) reasons.add("words-removed");
  else reasons.add(added.length > removed.length ? "words-added" : "words-removed");
  return [...reasons];
}

/**
 * The changed stretches between two texts, compared as sequences of words (punctuation and whitespace left out;
 * case folded, so a change of case alone is no stretch at all). Each stretch keeps the words in their original case.
 */
export function wordChanges(before: string, after: string): TextChange[] {
  const a = tokenize(before.normalize("NFC")).filter(isWordToken);
  const b = tokenize(after.normalize("NFC")).filter(isWordToken);
  const fa = a.map(fold);
  const fb = b.map(fold);
  const ops = diffTokens(fa, fb);
  const out: TextChange[] = [];
  let i = 0;
  let j = 0;
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    if (removed.length || added.length)
      out.push({ before: removed.join(" "), after: added.join(" "), reasons: stretchReasons(removed, added) });
    removed = [];
    added = [];
  };
  for (const o of ops) {
    if (o.op === "equal") {
      // The same word, perhaps in another case: a change of case alone is editorial.
      i++;
      j++;
      flush();
    } else if (o.op === "delete") removed.push(a[i++]);
    else added.push(b[j++]);
  }
  flush();
  return out;
}

const norm = (s: string | null | undefined) => (s ?? "").normalize("NFC").trim();

/** Classifies the change from one version's content to the next. */
export function classifyChange(before: VersionContent, after: VersionContent): ChangeAnalysis {
  const reasons = new Set<ChangeReason>();
  const changes = wordChanges(before.plainText, after.plainText);
  const subjectChanges = wordChanges(before.subject, after.subject);
  for (const c of changes) for (const r of c.reasons) reasons.add(r);
  if (subjectChanges.some((c) => c.reasons.length)) reasons.add("subject");
  const addr = (v: VersionContent) =>
    JSON.stringify(v.addressees.map((x) => [norm(x.name), norm(x.role), norm(x.institution), norm(x.salutation)]));
  if (addr(before) !== addr(after)) reasons.add("addressees");
  if (JSON.stringify(before.links ?? []) !== JSON.stringify(after.links ?? [])) reasons.add("links");
  return {
    kind: reasons.size ? "substantive" : "editorial",
    reasons: [...reasons],
    changes: [...subjectChanges, ...changes],
  };
}

/**
 * The kind a version is published as: the office may mark an editorial change substantive (asking everyone to
 * re-confirm), never the reverse.
 */
export function decideVersionKind(requested: ChangeKind, analysis: Pick<ChangeAnalysis, "kind">): ChangeKind {
  return requested === "substantive" || analysis.kind === "substantive" ? "substantive" : "editorial";
}

/** Link targets of a rendered body, in order (for `VersionContent.links`). */
export function linkTargets(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"/gi)].map((m) => m[1]);
}
