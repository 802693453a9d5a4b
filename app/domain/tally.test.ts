import { describe, expect, it } from "vitest";
import { NUCTECH_SIGNATORIES } from "#db/data/nuctech-signatories";
import { crosstab, nonRespondersByGroup, tally, targetProgress } from "./tally";

const signers = NUCTECH_SIGNATORIES.map((s) => ({ group: s.politicalGroup, country: s.country }));

describe("tally", () => {
  it("counts the seed letter by group and country", () => {
    const t = tally(signers, 9);
    expect(t.total).toBe(56);
    expect(t.byGroup.map((g) => g.group)).toEqual(["EPP", "S&D", "Renew", "ID", "Greens/EFA", "ECR", "The Left", "NI"]);
    expect(Object.fromEntries(t.byGroup.map((g) => [g.group, g.count]))).toEqual({
      EPP: 5,
      "S&D": 4,
      Renew: 19,
      ID: 3,
      "Greens/EFA": 18,
      ECR: 4,
      "The Left": 1,
      NI: 2,
    });
    expect(t.groups).toBe(7);
    expect(t.nonAttached).toBe(2);
    expect(t.countries).toBe(16);
    expect(t.byCountry[0]).toEqual({ country: "FR", count: 18 });
    expect(t.byCountry.reduce((n, c) => n + c.count, 0)).toBe(56);
  });
});

describe("crosstab", () => {
  it("puts the seed letter's 56 signers in member state × group cells that add up both ways", () => {
    const x = crosstab(signers, 9);
    expect(x.groups).toEqual(["EPP", "S&D", "Renew", "ID", "Greens/EFA", "ECR", "The Left", "NI"]);
    expect(x.countries[0]).toBe("FR");
    expect(x.countries).toHaveLength(16);
    expect(x.total).toBe(56);
    x.cells.forEach((row, r) => expect(row.reduce((a, b) => a + b, 0)).toBe(x.rowTotals[r]));
    x.groups.forEach((_, c) => expect(x.cells.reduce((n, row) => n + row[c], 0)).toBe(x.columnTotals[c]));
    expect(x.rowTotals.reduce((a, b) => a + b, 0)).toBe(56);
    // Every cell is the count of signers with exactly that pair.
    for (const [r, country] of x.countries.entries())
      for (const [c, group] of x.groups.entries())
        expect(x.cells[r][c]).toBe(signers.filter((s) => s.country === country && s.group === group).length);
  });

  it("is empty with no signers, and lists only the groups and states that have one", () => {
    expect(crosstab([], 10)).toEqual({
      groups: [],
      countries: [],
      cells: [],
      rowTotals: [],
      columnTotals: [],
      total: 0,
    });
    const x = crosstab(
      [
        { group: "PfE", country: "HU" },
        { group: "EPP", country: "HU" },
        { group: "EPP", country: "AT" },
      ],
      10,
    );
    expect(x.groups).toEqual(["EPP", "PfE"]);
    expect(x.countries).toEqual(["HU", "AT"]);
    expect(x.cells).toEqual([
      [1, 1],
      [1, 0],
    ]);
  });
});

describe("targets", () => {
  it("reports what is missing per target", () => {
    const t = tally(signers.slice(0, 10), 9);
    const p = targetProgress(t, { minSignatures: 40, minGroups: { count: 5 }, minCountries: 15 }, 9);
    expect(p[0]).toEqual({ target: "signatures", required: 40, current: 10, missing: 30, met: false });
    expect(p[1]).toMatchObject({ target: "groups", required: 5, met: true });
    expect(p[2]).toMatchObject({ target: "countries", required: 15, missing: 15 - t.countries, met: false });
  });
  it("restricts the group target to chosen groups and names the missing ones", () => {
    const t = tally(
      [
        { group: "EPP", country: "NL" },
        { group: "NI", country: "ES" },
      ],
      10,
    );
    const [g] = targetProgress(t, { minGroups: { count: 3, ofGroups: ["EPP", "S&D", "Renew", "NI"] } }, 10);
    expect(g).toEqual({
      target: "groups",
      required: 3,
      current: 1,
      missing: 2,
      met: false,
      unrepresented: ["S&D", "Renew"],
    });
  });
  it("returns only the targets that were set", () => {
    expect(targetProgress(tally([], 9), {}, 9)).toEqual([]);
  });
});

describe("nonRespondersByGroup", () => {
  it("lists pending invitees by group in display order, keeping their data", () => {
    const res = nonRespondersByGroup(
      [
        { id: 1, group: "Renew", status: "pending" as const },
        { id: 2, group: "EPP", status: "signed" as const },
        { id: 3, group: "EPP", status: "pending" as const },
        { id: 4, group: "Renew", status: "declined" as const },
        { id: 5, group: "Renew", status: "pending" as const },
      ],
      9,
    );
    expect(res.map((r) => [r.group, r.people.map((p) => p.id)])).toEqual([
      ["EPP", [3]],
      ["Renew", [1, 5]],
    ]);
  });
});
