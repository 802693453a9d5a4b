import { describe, expect, it } from "vitest";
import { compareGroups, groupColour, groupLabel, GROUP_ORDER, GROUPS } from "./political-groups";

describe("groupLabel", () => {
  it.each([
    ["Group of the European People's Party (Christian Democrats)", "EPP"],
    ["Group of the European People’s Party (Christian Democrats)", "EPP"],
    ["PPE", "EPP"],
    ["Group of the Progressive Alliance of Socialists and Democrats in the European Parliament", "S&D"],
    ["S&amp;D", "S&D"],
    ["Renew Europe Group", "Renew"],
    ["Group of the Greens/European Free Alliance", "Greens/EFA"],
    ["Verts/ALE", "Greens/EFA"],
    ["Greens / EFA", "Greens/EFA"],
    ["European Conservatives and Reformists Group", "ECR"],
    ["The Left group in the European Parliament - GUE/NGL", "The Left"],
    ["GUE/NGL", "The Left"],
    ["Non-attached Members", "NI"],
    ["  non-attached members ", "NI"],
  ])("maps %j to %s in both terms", (name, label) => {
    expect(groupLabel(name, 9)).toEqual({ ok: true, label });
    expect(groupLabel(name, 10)).toEqual({ ok: true, label });
  });

  it("knows which groups exist in which term", () => {
    expect(groupLabel("Identity and Democracy Group", 9)).toEqual({ ok: true, label: "ID" });
    expect(groupLabel("Identity and Democracy Group", 10)).toEqual({
      ok: false,
      unknown: "Identity and Democracy Group",
      reason: "not-in-term",
    });
    expect(groupLabel("Patriots for Europe Group", 10)).toEqual({ ok: true, label: "PfE" });
    expect(groupLabel("Europe of Sovereign Nations Group", 10)).toEqual({ ok: true, label: "ESN" });
    expect(groupLabel("PfE", 9)).toMatchObject({ ok: false, reason: "not-in-term" });
  });

  it("reports unknown groups with the original text", () => {
    expect(groupLabel("Europe of Freedom and Direct Democracy Group", 9)).toEqual({
      ok: false,
      unknown: "Europe of Freedom and Direct Democracy Group",
      reason: "unknown",
    });
  });
});

describe("order and colours", () => {
  it("lists every group of a term once, non-attached last", () => {
    for (const term of [9, 10] as const) {
      const order = GROUP_ORDER[term];
      expect(new Set(order).size).toBe(order.length);
      expect(order[order.length - 1]).toBe("NI");
      for (const g of order) expect(GROUPS[g].terms).toContain(term);
    }
    expect(["NI", "S&D", "EPP", "Zzz"].sort((a, b) => compareGroups(a, b, 9))).toEqual(["EPP", "S&D", "NI", "Zzz"]);
  });
  it("has a colour for every group and a neutral one for unknown labels", () => {
    for (const g of Object.values(GROUPS)) expect(g.colour).toMatch(/^#[0-9A-F]{6}$/i);
    expect(groupColour("Something else")).toBe("#C8C8C8");
  });
});
