/**
 * The list of undersigned printed under a joint letter, built from its signatures: sorted by
 * surname the way the EP sorts, in one of three formats, with a count line.
 */
import { countryName } from "./countries";
import { compareByEpOrder, fullName, type SortOptions } from "./names";
import { compareGroups, NON_ATTACHED, type Term } from "./political-groups";

export type BlockSignatory = {
  givenName: string;
  familyName: string;
  group: string;
  country: string;
  party?: string | null;
  /** Lead signatories are listed first, in the order given. */
  lead?: boolean;
  /** Who gave the signature when it was not the Member (staff signing on the Member's behalf). */
  signedBy?: { name: string; role: string | null } | null;
};

export type BlockFormat = "names" | "names-group-country" | "by-group";
export const BLOCK_FORMATS: readonly BlockFormat[] = ["names", "names-group-country", "by-group"];

export type CountLine = {
  count: number;
  /** Political groups represented, not counting non-attached Members. */
  groups: number;
  nonAttached: number;
  countries: number;
};

export type UndersignedBlock = {
  format: BlockFormat;
  /** Lead signatories, then everyone else by surname (formats "names" and "names-group-country"). */
  lines: string[];
  /** Format "by-group": one section per group in the EP's display order. */
  sections: Array<{ group: string; names: string[] }>;
  countLine: CountLine;
};

export type BlockOptions = {
  format: BlockFormat;
  term: Term;
  /** "code" prints "NL", "name" prints "Netherlands". */
  countryStyle?: "code" | "name";
  sort?: SortOptions;
  /**
   * Marks each signature given by staff after the Member's entry (", signed by staff: Name, role"), in the letter's
   * language: the caller passes the phrase. Absent: staff signatures print like the Member's own.
   */
  staffMark?: (by: { name: string; role: string | null }) => string;
};

export function countLineOf(signatories: readonly Pick<BlockSignatory, "group" | "country">[]): CountLine {
  const groups = new Set(signatories.map((s) => s.group).filter((g) => g !== NON_ATTACHED));
  return {
    count: signatories.length,
    groups: groups.size,
    nonAttached: signatories.filter((s) => s.group === NON_ATTACHED).length,
    countries: new Set(signatories.map((s) => s.country)).size,
  };
}

export function buildUndersignedBlock(signatories: readonly BlockSignatory[], opts: BlockOptions): UndersignedBlock {
  const country = (c: string) => (opts.countryStyle === "name" ? (countryName(c) ?? c) : c);
  const leads = signatories.filter((s) => s.lead);
  const rest = signatories.filter((s) => !s.lead).sort((a, b) => compareByEpOrder(a, b, opts.sort));
  const ordered = [...leads, ...rest];
  const countLine = countLineOf(signatories);
  const mark = (s: BlockSignatory, entry: string) =>
    opts.staffMark && s.signedBy ? `${entry} — ${opts.staffMark(s.signedBy)}` : entry;

  if (opts.format === "by-group") {
    const byGroup = new Map<string, BlockSignatory[]>();
    for (const s of ordered) byGroup.set(s.group, [...(byGroup.get(s.group) ?? []), s]);
    const sections = [...byGroup]
      .sort(([a], [b]) => compareGroups(a, b, opts.term))
      .map(([group, people]) => ({
        group,
        names: people.map((p) => mark(p, `${fullName(p)} (${country(p.country)})`)),
      }));
    return { format: opts.format, lines: [], sections, countLine };
  }
  const lines =
    opts.format === "names"
      ? ordered.map((s) => mark(s, fullName(s)))
      : ordered.map((s) => mark(s, `${fullName(s)} (${s.group}, ${country(s.country)})`));
  return { format: opts.format, lines, sections: [], countLine };
}

const plural = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`;

/**
 * "56 Members of the European Parliament from 7 political groups and 16 member states, including
 * 2 non-attached Members". Non-attached Members are not a political group, so they are named
 * separately rather than counted as one. The i18n catalog carries the same sentence as
 * `block.countLine*` keys for other languages.
 */
export function renderCountLineEn(c: CountLine): string {
  const who = plural(c.count, "Member of the European Parliament", "Members of the European Parliament");
  const states = plural(c.countries, "member state", "member states");
  let line: string;
  if (c.groups === 0) line = `${who} from ${states}`;
  else line = `${who} from ${plural(c.groups, "political group", "political groups")} and ${states}`;
  if (c.nonAttached > 0 && c.groups > 0)
    line += `, including ${plural(c.nonAttached, "non-attached Member", "non-attached Members")}`;
  else if (c.nonAttached > 0)
    line = `${plural(c.count, "non-attached Member", "non-attached Members")} of the European Parliament from ${states}`;
  return line;
}

/** Plain-text rendering for emails and the PDF's text layer. */
export function renderBlockText(block: UndersignedBlock): string {
  const body =
    block.format === "by-group"
      ? block.sections.map((s) => [s.group, ...s.names.map((n) => `  ${n}`)].join("\n")).join("\n\n")
      : block.lines.join("\n");
  return `${body}\n\n${renderCountLineEn(block.countLine)}`;
}
