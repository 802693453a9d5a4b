/**
 * European Parliament political groups: official names and their variants → short labels,
 * aware of the parliamentary term (ID existed in the 9th term only; PfE and ESN from the 10th).
 * An unknown name is reported to the caller, never silently dropped or guessed.
 */

export type Term = 9 | 10;
export type GroupLabel = "EPP" | "S&D" | "Renew" | "Greens/EFA" | "ECR" | "The Left" | "ID" | "PfE" | "ESN" | "NI";

export type GroupInfo = {
  label: GroupLabel;
  /** Official English name (as in the EP's XML list). */
  fullName: string;
  terms: readonly Term[];
  /** Chart colour (the groups' customary colours; not an official palette). */
  colour: string;
  /** Other spellings: French short forms used on EP pages, older names, open-data forms. */
  aliases: readonly string[];
};

export const GROUPS: Readonly<Record<GroupLabel, GroupInfo>> = {
  EPP: {
    label: "EPP",
    fullName: "Group of the European People's Party (Christian Democrats)",
    terms: [9, 10],
    colour: "#3399FF",
    aliases: [
      "PPE",
      "EPP Group",
      "European People's Party",
      "European People's Party (Christian Democrats)",
      "Groupe du Parti populaire européen (Démocrates-Chrétiens)",
    ],
  },
  "S&D": {
    label: "S&D",
    fullName: "Group of the Progressive Alliance of Socialists and Democrats in the European Parliament",
    terms: [9, 10],
    colour: "#DB3A34",
    aliases: [
      "S and D",
      "S-D",
      "SD",
      "Progressive Alliance of Socialists and Democrats",
      "Groupe de l'Alliance Progressiste des Socialistes et Démocrates au Parlement européen",
    ],
  },
  Renew: {
    label: "Renew",
    fullName: "Renew Europe Group",
    terms: [9, 10],
    colour: "#FFC61A",
    aliases: ["Renew Europe", "RE", "Groupe Renew Europe"],
  },
  "Greens/EFA": {
    label: "Greens/EFA",
    fullName: "Group of the Greens/European Free Alliance",
    terms: [9, 10],
    colour: "#3DA55D",
    aliases: ["Verts/ALE", "Greens-EFA", "Greens", "Greens / EFA", "Groupe des Verts/Alliance libre européenne"],
  },
  ECR: {
    label: "ECR",
    fullName: "European Conservatives and Reformists Group",
    terms: [9, 10],
    colour: "#0054A5",
    aliases: [
      "ECR Group",
      "European Conservatives and Reformists",
      "Groupe des Conservateurs et Réformistes européens",
    ],
  },
  "The Left": {
    label: "The Left",
    fullName: "The Left group in the European Parliament - GUE/NGL",
    terms: [9, 10],
    colour: "#8B1A1A",
    aliases: [
      "GUE/NGL",
      "Left",
      "The Left - GUE/NGL",
      "The Left in the European Parliament - GUE/NGL",
      "The Left group in the European Parliament",
      "Confederal Group of the European United Left - Nordic Green Left",
      "Groupe de la Gauche au Parlement européen - GUE/NGL",
    ],
  },
  ID: {
    label: "ID",
    fullName: "Identity and Democracy Group",
    terms: [9],
    colour: "#2B3856",
    aliases: ["Identity and Democracy", "Groupe Identité et Démocratie"],
  },
  PfE: {
    label: "PfE",
    fullName: "Patriots for Europe Group",
    terms: [10],
    colour: "#36225E",
    aliases: ["Patriots for Europe", "PfE Group", "Groupe des Patriotes pour l'Europe"],
  },
  ESN: {
    label: "ESN",
    fullName: "Europe of Sovereign Nations Group",
    terms: [10],
    colour: "#0B3B60",
    aliases: ["Europe of Sovereign Nations", "ESN Group", "Groupe L'Europe des nations souveraines"],
  },
  NI: {
    label: "NI",
    fullName: "Non-attached Members",
    terms: [9, 10],
    colour: "#9A9A9A",
    aliases: ["Non-attached", "Non-attached Member", "Non-inscrits", "NA"],
  },
};

/**
 * Display order for lists and charts: the order the EP itself uses (by size at the start of the
 * term), non-attached last.
 */
export const GROUP_ORDER: Readonly<Record<Term, readonly GroupLabel[]>> = {
  9: ["EPP", "S&D", "Renew", "ID", "Greens/EFA", "ECR", "The Left", "NI"],
  10: ["EPP", "S&D", "PfE", "ECR", "Renew", "Greens/EFA", "The Left", "ESN", "NI"],
};

export const NON_ATTACHED: GroupLabel = "NI";

function groupKey(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&amp;/g, "&")
    .replace(/[’‘`´]/g, "'")
    .replace(/\s*([/&-])\s*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

const index = new Map<string, GroupLabel>();
for (const g of Object.values(GROUPS)) {
  for (const name of [g.label, g.fullName, ...g.aliases]) index.set(groupKey(name), g.label);
}

export type GroupLabelResult =
  { ok: true; label: GroupLabel } | { ok: false; unknown: string; reason: "unknown" | "not-in-term" };

/** Short label for a full, short or variant group name, checked against the term. */
export function groupLabel(fullOrShort: string, term: Term): GroupLabelResult {
  const raw = fullOrShort.trim();
  const label = index.get(groupKey(raw));
  if (!label) return { ok: false, unknown: raw, reason: "unknown" };
  if (!GROUPS[label].terms.includes(term)) return { ok: false, unknown: raw, reason: "not-in-term" };
  return { ok: true, label };
}

/**
 * The term a list of group names belongs to, from the groups that existed in one term only (Identity and
 * Democracy in the 9th; Patriots for Europe and Europe of Sovereign Nations in the 10th). `markers` are those
 * names as given; term is null when there are none, or when they point to both terms.
 */
export function termFromGroups(names: Iterable<string>): { term: Term | null; markers: string[] } {
  const markers = new Map<string, Term>();
  for (const raw of names) {
    const name = raw.trim();
    const label = index.get(groupKey(name));
    if (!label || markers.has(name)) continue;
    const terms = GROUPS[label].terms;
    if (terms.length === 1) markers.set(name, terms[0]);
  }
  const terms = new Set(markers.values());
  return { term: terms.size === 1 ? [...terms][0] : null, markers: [...markers.keys()].sort() };
}

export function isGroupLabel(s: string): s is GroupLabel {
  return Object.prototype.hasOwnProperty.call(GROUPS, s);
}

export function groupsOfTerm(term: Term): readonly GroupLabel[] {
  return GROUP_ORDER[term];
}

/** Sort position of a label in a term; unknown labels sort after all known ones. */
export function groupRank(label: string, term: Term): number {
  const i = (GROUP_ORDER[term] as readonly string[]).indexOf(label);
  return i === -1 ? GROUP_ORDER[term].length : i;
}

export function compareGroups(a: string, b: string, term: Term): number {
  return groupRank(a, term) - groupRank(b, term) || a.localeCompare(b, "en");
}

/** Chart colour; a neutral grey for labels that are not known groups. */
export function groupColour(label: string): string {
  return isGroupLabel(label) ? GROUPS[label].colour : "#C8C8C8";
}

export function groupFullName(label: string): string | null {
  return isGroupLabel(label) ? GROUPS[label].fullName : null;
}
