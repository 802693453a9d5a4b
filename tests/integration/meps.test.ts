import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { mepAffiliations, meps } from "#db/schema";
import type { Db, DbHandle } from "#db/client.server";
import { createTestDb } from "#tests/setup/db";
import { parseMepFile, type ImportedMep } from "#app/domain/mep-import";
import { getMep, importMeps, listMeps, listNationalParties, searchMeps } from "#app/models/meps.server";

let handle: DbHandle & { name: string };
let db: Db;

function sample(file: string, today = "2022-12-01"): ImportedMep[] {
  const r = parseMepFile(readFileSync(`db/data/${file}`, "utf8"), { term: 9, today });
  if (!r.ok) throw new Error(r.error);
  return r.value.meps;
}
const xml = sample("meps-sample.xml");
const jsonld = sample("meps-sample.jsonld");
const counts = async () => ({
  meps: (await db.select({ n: count() }).from(meps))[0].n,
  affiliations: (await db.select({ n: count() }).from(mepAffiliations))[0].n,
});
const byEp = async (epId: number) => (await db.select().from(meps).where(eq(meps.epId, epId)))[0];
const epIdOf = (family: string) => xml.find((m) => m.familyName === family)!.epId;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  await db.delete(mepAffiliations);
  await db.delete(meps);
});

describe("importMeps", () => {
  it("is idempotent: the second import of the same list changes nothing", async () => {
    const first = await importMeps(db, xml, { term: 9, today: "2022-12-01" });
    expect(first).toMatchObject({ added: 90, updated: 0, unchanged: 0, left: 0, groupChanges: [], unknownGroups: [] });
    const before = await db.select().from(meps).orderBy(meps.id);
    const second = await importMeps(db, xml, { term: 9, today: "2022-12-08" });
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 90, left: 0, groupChanges: [] });
    expect(await db.select().from(meps).orderBy(meps.id)).toEqual(before);
    expect(await counts()).toEqual({ meps: 90, affiliations: 90 });
  });

  it("fills in what the other format adds (e-mail) without touching groups or history", async () => {
    await importMeps(db, xml, { term: 9, today: "2022-12-01" });
    const s = await importMeps(db, jsonld, { term: 9, today: "2022-12-01" });
    expect(s).toMatchObject({ added: 0, updated: 90, groupChanges: [] });
    expect((await byEp(epIdOf("Groothuis"))).email).toBe("bart.groothuis@europarl.example");
    expect(await counts()).toEqual({ meps: 90, affiliations: 90 });
    // And the XML, which has no e-mail field, does not erase it again.
    expect(await importMeps(db, xml, { term: 9, today: "2022-12-02" })).toMatchObject({ updated: 0, unchanged: 90 });
    expect((await byEp(epIdOf("Groothuis"))).email).toBe("bart.groothuis@europarl.example");
  });

  it("records a group change in the history: the old row is closed, a new one opened", async () => {
    await importMeps(db, xml, { term: 9, today: "2022-12-01" });
    const moved = xml.map((m) =>
      m.familyName === "Cseh"
        ? {
            ...m,
            politicalGroup: "EPP",
            politicalGroupFull: "Group of the European People's Party (Christian Democrats)",
          }
        : m,
    );
    const s = await importMeps(db, moved, { term: 9, today: "2023-03-15" });
    expect(s).toMatchObject({ added: 0, updated: 1, unchanged: 89 });
    expect(s.groupChanges).toEqual([
      expect.objectContaining({ epId: epIdOf("Cseh"), name: "Katalin Cseh", from: "Renew", to: "EPP" }),
    ]);
    const mep = await getMep(db, (await byEp(epIdOf("Cseh"))).id);
    expect(mep?.politicalGroup).toBe("EPP");
    expect(mep?.affiliations.map((a) => [a.politicalGroup, a.validFrom, a.validTo])).toEqual([
      ["Renew", "2022-12-01", "2023-03-15"],
      ["EPP", "2023-03-15", null],
    ]);
    // Importing the new state again is a no-op.
    expect(await importMeps(db, moved, { term: 9, today: "2023-03-16" })).toMatchObject({
      updated: 0,
      unchanged: 90,
      groupChanges: [],
    });
    expect(await counts()).toEqual({ meps: 90, affiliations: 91 });
  });

  it("uses the membership start date from JSON-LD for history", async () => {
    await importMeps(db, jsonld, { term: 9, today: "2022-12-01" });
    const mep = await getMep(db, (await byEp(epIdOf("Meuthen"))).id);
    expect(mep?.affiliations.map((a) => [a.politicalGroup, a.validFrom, a.validTo])).toEqual([
      ["NI", "2022-01-28", null],
    ]);
  });

  it("marks Members missing from a full list as having left, and brings them back", async () => {
    await importMeps(db, xml, { term: 9, today: "2022-12-01" });
    const gone = ["Beck", "Fest", "Puigdemont"];
    const shorter = xml.filter((m) => !gone.includes(m.familyName));
    const s = await importMeps(db, shorter, { term: 9, today: "2023-02-01" });
    expect(s).toMatchObject({ added: 0, updated: 0, unchanged: 87, left: 3 });
    expect(s.leftMeps.map((l) => l.name).sort()).toEqual(["Carles Puigdemont", "Gunnar Beck", "Nicolaus Fest"]);
    const beck = await getMep(db, (await byEp(epIdOf("Beck"))).id);
    expect(beck?.active).toBe(false);
    expect(beck?.affiliations.at(-1)?.validTo).toBe("2023-02-01");
    expect((await listMeps(db)).length).toBe(87);
    expect(await searchMeps(db, "beck")).toEqual([]);
    expect((await searchMeps(db, "beck", { includeInactive: true })).map((m) => m.familyName)).toEqual(["Beck"]);
    // Running the shorter list again: they have already left, nothing to do.
    expect(await importMeps(db, shorter, { term: 9, today: "2023-02-02" })).toMatchObject({ left: 0, unchanged: 87 });
    // A partial list never marks anyone as left.
    expect(await importMeps(db, shorter.slice(0, 5), { term: 9, today: "2023-02-03", full: false })).toMatchObject({
      left: 0,
      unchanged: 5,
    });
    // Back in the list: active again, with a new open affiliation.
    const back = await importMeps(db, xml, { term: 9, today: "2023-04-01" });
    expect(back).toMatchObject({ added: 0, updated: 3, left: 0 });
    const again = await getMep(db, (await byEp(epIdOf("Beck"))).id);
    expect(again?.active).toBe(true);
    expect(again?.affiliations.map((a) => [a.validFrom, a.validTo])).toEqual([
      ["2022-12-01", "2023-02-01"],
      ["2023-04-01", null],
    ]);
  });

  it("two imports at once do not duplicate anyone", async () => {
    const [a, b] = await Promise.all([
      importMeps(db, xml, { term: 9, today: "2022-12-01" }),
      importMeps(db, xml, { term: 9, today: "2022-12-01" }),
    ]);
    expect([a.added, b.added].sort()).toEqual([0, 90]);
    expect(a.unchanged + b.unchanged).toBe(90);
    expect(await counts()).toEqual({ meps: 90, affiliations: 90 });
  });

  it("keeps Members of unknown groups and reports the groups", async () => {
    const odd = [
      ...xml.slice(0, 3),
      {
        ...xml[3],
        politicalGroup: "Group of the Future",
        groupKnown: false,
        politicalGroupFull: "Group of the Future",
      },
    ];
    const s = await importMeps(db, odd, { term: 9, today: "2022-12-01", full: false });
    expect(s.added).toBe(4);
    expect(s.unknownGroups).toEqual(["Group of the Future"]);
    expect((await byEp(xml[3].epId)).politicalGroup).toBe("Group of the Future");
  });

  it("is one transaction: a failure part-way leaves the directory as it was", async () => {
    await importMeps(db, xml.slice(0, 10), { term: 9, today: "2022-12-01" });
    const before = await counts();
    const broken = [...xml.slice(10, 20), { ...xml[20], givenName: null as unknown as string }];
    await expect(importMeps(db, broken, { term: 9, today: "2022-12-02" })).rejects.toThrow();
    expect(await counts()).toEqual(before);
    expect((await listMeps(db)).every((m) => m.active)).toBe(true);
  });

  it("leaves hand-entered people (no EP id) alone", async () => {
    await db.insert(meps).values({
      givenName: "Ada",
      familyName: "Byron",
      sortKey: "BYRON ADA",
      searchKey: "ada byron",
      country: "IE",
      politicalGroup: "NI",
      term: 9,
    });
    const s = await importMeps(db, xml, { term: 9, today: "2022-12-01" });
    expect(s.left).toBe(0);
    expect((await searchMeps(db, "byron")).length).toBe(1);
  });
});

describe("directory queries", () => {
  beforeEach(async () => {
    await importMeps(db, jsonld, { term: 9, today: "2022-12-01" });
  });

  it("searches ignoring case and diacritics", async () => {
    const names = async (q: string) => (await searchMeps(db, q)).map((m) => `${m.givenName} ${m.familyName}`);
    expect(await names("stefanec")).toEqual(["Ivan Štefanec"]);
    expect(await names("ŠTEFANEC")).toEqual(["Ivan Štefanec"]);
    expect(await names("ivan stef")).toEqual(["Ivan Štefanec"]);
    expect(await names("stefan")).toEqual(["Ivan Štefanec", "Nicolae Ştefănuţă"]);
    expect(await names("lopez aguilar")).toEqual(["Juan Fernando López Aguilar"]);
    expect(await names("in 't veld")).toEqual(["Sophie in 't Veld"]);
    expect(await names("lukasz")).toEqual(["Łukasz Kohut"]);
    expect(await names("lokkegaard")).toEqual(["Morten Løkkegaard"]);
    expect(await names("   ")).toEqual([]);
    expect(await names("%")).toEqual([]);
    expect(await names("_")).toEqual([]);
  });

  it("ranks names where the words start a name part first, then by surname", async () => {
    const res = (await searchMeps(db, "del", { limit: 10 })).map((m) => m.familyName);
    expect(res.slice(0, 3)).toEqual(["Delbos-Corfield", "del Castillo Vera", "Delli"]);
    expect(res).toContain("Vandenkendelaere");
    expect(res.indexOf("Vandenkendelaere")).toBeGreaterThan(2);
    expect((await searchMeps(db, "a", { limit: 3 })).length).toBe(3);
  });

  it("lists by group, country and party in EP order", async () => {
    const nl = await listMeps(db, { country: "NL" });
    expect(nl.map((m) => m.familyName).slice(0, 4)).toEqual(["Azmani", "Berendsen", "Chahim", "de Lange"]);
    const renewNl = await listMeps(db, { country: "NL", group: "Renew" });
    expect(renewNl.map((m) => m.familyName)).toEqual([
      "Azmani",
      "Groothuis",
      "Huitema",
      "in 't Veld",
      "Nagtegaal",
      "Rinzema",
    ]);
    const vvd = await listMeps(db, { party: "VVD" });
    expect(vvd).toHaveLength(5);
    const parties = await listNationalParties(db, { country: "SK" });
    expect(parties.map((p) => p.party)).toEqual(["Independent", "KDH", "Progresívne Slovensko"]);
  });

  it("returns null for an unknown or invalid id", async () => {
    expect(await getMep(db, 1_999_999)).toBeNull();
    expect(await getMep(db, -1)).toBeNull();
    expect(await getMep(db, Number.NaN)).toBeNull();
  });
});
