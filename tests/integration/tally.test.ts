/**
 * The tally page on the demo seed: the sent Nuctech letter's 56 signatures by group and member state, targets
 * and what is still missing, and the invitees of the collecting letter who have not answered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NUCTECH_SIGNATORIES } from "#db/data/nuctech-signatories";
import { closeTestDb } from "#tests/setup/db";
import { callAction, callLoader } from "#tests/setup/routes";
import {
  auditCount,
  collecting,
  countries56,
  groups56,
  lead,
  letterRow,
  nonAttached56,
  openDemoFixture,
  otherOffice,
  sent,
  staff,
} from "#tests/setup/demo-fixture";
import * as tallyRoute from "#app/routes/letters.$letterId.tally";

beforeAll(openDemoFixture);
afterAll(closeTestDb);

describe("tally page", () => {
  it("counts the 56 signatures of the sent letter by group and member state", async () => {
    const r = await callLoader<any>(tallyRoute, {
      path: `/letters/${sent.id}/tally`,
      params: { letterId: sent.id },
      cookie: staff,
    });
    expect(r.status).toBe(200);
    const t = r.data.tally;
    expect(t.total).toBe(56);
    expect(t.groups).toBe(groups56.size);
    expect(t.countries).toBe(countries56.size);
    expect(t.nonAttached).toBe(nonAttached56);
    const greens = NUCTECH_SIGNATORIES.filter((s) => s.politicalGroup === "Greens/EFA").length;
    expect(t.byGroup.find((g: { group: string }) => g.group === "Greens/EFA").count).toBe(greens);
    expect(t.byGroup.reduce((a: number, g: { count: number }) => a + g.count, 0)).toBe(56);
    expect(t.byCountry.reduce((a: number, c: { count: number }) => a + c.count, 0)).toBe(56);
    // Term 9 display order: EPP, S&D, Renew, ID, Greens/EFA, ECR, The Left, NI.
    expect(t.byGroup.map((g: { group: string }) => g.group)).toEqual([
      "EPP",
      "S&D",
      "Renew",
      "ID",
      "Greens/EFA",
      "ECR",
      "The Left",
      "NI",
    ]);
    // France leads with the most signatories.
    const fr = NUCTECH_SIGNATORIES.filter((s) => s.country === "FR").length;
    expect(t.byCountry[0]).toEqual({ country: "FR", count: fr });
    expect(r.data.nonResponders).toEqual([]);
  });

  it("saves targets and reports what is still missing per target", async () => {
    const before = await auditCount(sent.id);
    const r = await callAction<any>(tallyRoute, {
      path: `/letters/${sent.id}/tally`,
      params: { letterId: sent.id },
      cookie: lead,
      form: {
        intent: "targets",
        minSignatures: "60",
        minGroups: "3",
        ofGroups: ["EPP", "S&D", "The Left", "ECR"],
        minCountries: "20",
      },
    });
    expect(r.status).toBe(200);
    expect((await letterRow(sent.id)).targets).toEqual({
      minSignatures: 60,
      minGroups: { count: 3, ofGroups: ["EPP", "S&D", "The Left", "ECR"] },
      minCountries: 20,
    });
    expect(await auditCount(sent.id)).toBe(before + 1);

    const page = await callLoader<any>(tallyRoute, {
      path: `/letters/${sent.id}/tally`,
      params: { letterId: sent.id },
      cookie: staff,
    });
    const [sig, grp, ctry] = page.data.progress;
    expect(sig).toMatchObject({ target: "signatures", required: 60, current: 56, missing: 4, met: false });
    // All four chosen groups have at least one signer in 2022.
    expect(grp).toMatchObject({ target: "groups", required: 3, current: 4, missing: 0, met: true, unrepresented: [] });
    expect(ctry).toMatchObject({
      target: "countries",
      required: 20,
      current: countries56.size,
      missing: 20 - countries56.size,
      met: false,
    });
  });

  it("lists the invitees who have not answered, by group", async () => {
    const r = await callLoader<any>(tallyRoute, {
      path: `/letters/${collecting.id}/tally`,
      params: { letterId: collecting.id },
      cookie: staff,
    });
    expect(r.data.tally.total).toBe(3);
    expect(r.data.invited).toBe(8);
    const pending = r.data.nonResponders.map((g: { group: string; people: Array<{ name: string }> }) => [
      g.group,
      g.people.map((p) => p.name),
    ]);
    // Seed: Chahim, Štefanec, in 't Veld, Eickhout, López Aguilar have not answered (group order of term 9).
    expect(pending).toEqual([
      ["EPP", ["Ivan Štefanec"]],
      ["S&D", ["Mohammed Chahim", "Juan Fernando López Aguilar"]],
      ["Renew", ["Sophie in 't Veld"]],
      ["Greens/EFA", ["Bas Eickhout"]],
    ]);
  });

  it("answers 400 with field messages for bad targets and changes nothing", async () => {
    const before = await letterRow(sent.id);
    const auditBefore = await auditCount(sent.id);
    const cases: Array<[Record<string, string | string[]>, string, string]> = [
      [{ minSignatures: "forty" }, "minSignatures", "tally.targets.error.signatures"],
      [{ minSignatures: "-3" }, "minSignatures", "tally.targets.error.signatures"],
      [{ minCountries: "28" }, "minCountries", "tally.targets.error.countries"],
      [{ minGroups: "9" }, "minGroups", "tally.targets.error.groups"],
      [{ ofGroups: ["EPP", "Pirates"], minGroups: "1" }, "ofGroups.1", "tally.targets.error.ofGroups"],
      [{ ofGroups: ["EPP", "S&D"] }, "minGroups", "tally.targets.error.groupsNeeded"],
      [{ ofGroups: ["EPP", "S&D"], minGroups: "3" }, "minGroups", "tally.targets.error.moreThanChosen"],
    ];
    for (const [form, field, message] of cases) {
      const r = await callAction<any>(tallyRoute, {
        path: `/letters/${sent.id}/tally`,
        params: { letterId: sent.id },
        cookie: staff,
        form: { intent: "targets", ...form },
      });
      expect(r.status, JSON.stringify(form)).toBe(400);
      expect(r.data.fieldErrors[field], JSON.stringify(r.data.fieldErrors)).toBe(message);
    }
    expect((await letterRow(sent.id)).targets).toEqual(before.targets);
    expect(await auditCount(sent.id)).toBe(auditBefore);
  });

  it("is not found for another office", async () => {
    expect(
      (
        await callLoader<any>(tallyRoute, {
          path: `/letters/${sent.id}/tally`,
          params: { letterId: sent.id },
          cookie: otherOffice,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callAction<any>(tallyRoute, {
          path: `/letters/${sent.id}/tally`,
          params: { letterId: sent.id },
          cookie: otherOffice,
          form: {
            intent: "targets",
            minSignatures: "1",
          },
        })
      ).status,
    ).toBe(404);
  });
});
