/**
 * Breadth of support for a letter: counts by political group and by member state, the office's
 * targets and what is still missing for each, and who has not answered, by group.
 */
import { compareCountries } from "./countries";
import { compareGroups, groupsOfTerm, NON_ATTACHED, type Term } from "./political-groups";

export type Counted = { group: string; country: string };

export type Tally = {
  total: number;
  byGroup: Array<{ group: string; count: number }>;
  byCountry: Array<{ country: string; count: number }>;
  /** Distinct political groups, not counting the non-attached (NI is not a group). */
  groups: number;
  nonAttached: number;
  countries: number;
};

function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return m;
}

/** Groups in the EP's display order, countries by English name. */
export function tally(signers: readonly Counted[], term: Term): Tally {
  const g = countBy(signers, (s) => s.group);
  const c = countBy(signers, (s) => s.country);
  return {
    total: signers.length,
    byGroup: [...g].map(([group, count]) => ({ group, count })).sort((a, b) => compareGroups(a.group, b.group, term)),
    byCountry: [...c]
      .map(([country, count]) => ({ country, count }))
      .sort((a, b) => b.count - a.count || compareCountries(a.country, b.country)),
    groups: [...g.keys()].filter((k) => k !== NON_ATTACHED).length,
    nonAttached: g.get(NON_ATTACHED) ?? 0,
    countries: c.size,
  };
}

export type Crosstab = {
  /** Columns: the groups that have a signer, in the EP's display order. */
  groups: string[];
  /** Rows: the member states that have a signer, most signers first, then by name. */
  countries: string[];
  /** cells[row][column]: signers of that member state in that group. */
  cells: number[][];
  rowTotals: number[];
  columnTotals: number[];
  total: number;
};

/** Signers by member state × political group, one table instead of two lists. */
export function crosstab(signers: readonly Counted[], term: Term): Crosstab {
  const t = tally(signers, term);
  const groups = t.byGroup.map((g) => g.group);
  const countries = t.byCountry.map((c) => c.country);
  const gi = new Map(groups.map((g, i) => [g, i]));
  const ci = new Map(countries.map((c, i) => [c, i]));
  const cells = countries.map(() => groups.map(() => 0));
  for (const s of signers) cells[ci.get(s.country)!][gi.get(s.group)!] += 1;
  return {
    groups,
    countries,
    cells,
    rowTotals: t.byCountry.map((c) => c.count),
    columnTotals: t.byGroup.map((g) => g.count),
    total: t.total,
  };
}

export type Targets = {
  minSignatures?: number;
  /** At least one signer from each of `count` groups, optionally among `ofGroups` only. */
  minGroups?: { count: number; ofGroups?: readonly string[] };
  minCountries?: number;
};

export type TargetProgress =
  | { target: "signatures"; required: number; current: number; missing: number; met: boolean }
  | {
      target: "groups";
      required: number;
      current: number;
      missing: number;
      met: boolean;
      /** Groups (of those that count) with no signer yet, in display order. */
      unrepresented: string[];
    }
  | { target: "countries"; required: number; current: number; missing: number; met: boolean };

/** One entry per target the office set, in the order signatures, groups, countries. */
export function targetProgress(t: Tally, targets: Targets, term: Term): TargetProgress[] {
  const out: TargetProgress[] = [];
  const entry = (required: number, current: number) => ({
    required,
    current,
    missing: Math.max(0, required - current),
    met: current >= required,
  });
  if (targets.minSignatures !== undefined) out.push({ target: "signatures", ...entry(targets.minSignatures, t.total) });
  if (targets.minGroups !== undefined) {
    const eligible = (targets.minGroups.ofGroups ?? groupsOfTerm(term).filter((g) => g !== NON_ATTACHED)).filter(
      (g) => g !== NON_ATTACHED,
    );
    const present = new Set(t.byGroup.filter((x) => x.count > 0).map((x) => x.group));
    const current = eligible.filter((g) => present.has(g)).length;
    out.push({
      target: "groups",
      ...entry(targets.minGroups.count, current),
      unrepresented: eligible.filter((g) => !present.has(g)).sort((a, b) => compareGroups(a, b, term)),
    });
  }
  if (targets.minCountries !== undefined)
    out.push({ target: "countries", ...entry(targets.minCountries, t.countries) });
  return out;
}

export type ResponseStatus = "pending" | "signed" | "declined" | "revoked";

/**
 * Invitees who have not answered (status pending), grouped by political group in display order.
 * Items keep whatever else the caller attached (ids, names) so the page can link them.
 */
export function nonRespondersByGroup<T extends { group: string; status: ResponseStatus }>(
  invitees: readonly T[],
  term: Term,
): Array<{ group: string; people: T[] }> {
  const m = new Map<string, T[]>();
  for (const i of invitees) {
    if (i.status !== "pending") continue;
    const list = m.get(i.group) ?? [];
    list.push(i);
    m.set(i.group, list);
  }
  return [...m].map(([group, people]) => ({ group, people })).sort((a, b) => compareGroups(a.group, b.group, term));
}
