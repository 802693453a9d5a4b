/**
 * Office-side analysis pages on the demo seed (the Nuctech letter, sent with 56 signatures, and
 * the follow-up letter still collecting): tally and targets, signatures collected outside the
 * app, and the undersigned block. Route modules are called directly with a real session cookie.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, isNull } from "drizzle-orm";
import { auditEvents, invitations, letters, meps, offices, signatures, users } from "#db/schema";
import type { Db, DbHandle } from "#db/client.server";
import { createTestDb } from "#tests/setup/db";
import { seedDemo, DEMO_EMAIL_DOMAIN } from "#db/seed.server";
import { NUCTECH_SIGNATORIES } from "#db/data/nuctech-signatories";
import { FOLLOW_UP_SUBJECT, NUCTECH_SUBJECT } from "#db/data/demo-letters";
import { createSession } from "#app/models/auth.server";
import { getCurrentVersion } from "#app/models/letters.server";
import { publishNewText } from "#tests/factories/index";
import { sessionCookieName } from "#app/web/session.server";
import { foldDiacritics } from "#app/domain/names";
import * as tallyRoute from "#app/routes/letters.$letterId.tally";
import * as outsideRoute from "#app/routes/letters.$letterId.outside";
import * as blockRoute from "#app/routes/letters.$letterId.undersigned";

// ------------------------------------------------------------ calling routes

type Result = { status: number; data: any; thrown: boolean };
type Mod = { loader?: (a: any) => unknown; action?: (a: any) => unknown };

async function settle(fn: () => unknown): Promise<Result> {
  const norm = async (v: unknown, thrown: boolean): Promise<Result> => {
    if (v instanceof Response) {
      const text = await v.text();
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        /* text */
      }
      return { status: v.status, data, thrown };
    }
    if (v && typeof v === "object" && (v as { type?: string }).type === "DataWithResponseInit") {
      const d = v as { data: unknown; init: ResponseInit | null };
      return { status: d.init?.status ?? 200, data: d.data, thrown };
    }
    return { status: 200, data: v, thrown };
  };
  try {
    return await norm(await fn(), false);
  } catch (e) {
    if (
      e instanceof Response ||
      (e && typeof e === "object" && (e as { type?: string }).type === "DataWithResponseInit")
    )
      return norm(e, true);
    throw e;
  }
}

function request(path: string, cookie: string, form?: Record<string, string | string[]>) {
  const headers = new Headers({ cookie, "user-agent": "vitest" });
  if (!form) return new Request(new URL(path, "http://localhost:3000"), { headers });
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  headers.set("content-type", "application/x-www-form-urlencoded");
  return new Request(new URL(path, "http://localhost:3000"), { method: "POST", headers, body: body.toString() });
}

const ctx = { ip: "203.0.113.50", nonce: "n", requestId: "r" };
const load = (mod: Mod, path: string, letterId: string, cookie: string) =>
  settle(() => mod.loader!({ request: request(path, cookie), params: { letterId }, context: ctx }));
const post = (mod: Mod, path: string, letterId: string, cookie: string, form: Record<string, string | string[]>) =>
  settle(() => mod.action!({ request: request(path, cookie, form), params: { letterId }, context: ctx }));

// ------------------------------------------------------------ fixture

let handle: DbHandle & { name: string };
let db: Db;
let sent: { id: string };
let collecting: { id: string };
let staff: string; // cookie of the lead office's staff member
let lead: string; // campaign lead (may track, not draft)
let otherOffice: string; // a user of the other demo office

async function cookieFor(email: string) {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  const membership = await db.query.memberships.findFirst({ where: (m, { eq: e }) => e(m.userId, u.id) });
  const token = await createSession(db, { userId: u.id, officeId: membership!.officeId, maxHours: 12 });
  return `${sessionCookieName()}=${token}`;
}

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  await seedDemo(db);
  [sent] = await db.select({ id: letters.id }).from(letters).where(eq(letters.subject, NUCTECH_SUBJECT));
  [collecting] = await db.select({ id: letters.id }).from(letters).where(eq(letters.subject, FOLLOW_UP_SUBJECT));
  staff = await cookieFor(`anna.staff@${DEMO_EMAIL_DOMAIN}`);
  lead = await cookieFor(`pieter.lead@${DEMO_EMAIL_DOMAIN}`);
  otherOffice = await cookieFor(`zsofia.staff@${DEMO_EMAIL_DOMAIN}`);
});
afterAll(async () => {
  await handle?.close();
});

const liveSignatures = async (letterId: string) =>
  db
    .select()
    .from(signatures)
    .where(and(eq(signatures.letterId, letterId), isNull(signatures.withdrawnAt)));
const auditCount = async (letterId: string) =>
  (await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.letterId, letterId)))[0].n;
const letterRow = async (id: string) => (await db.select().from(letters).where(eq(letters.id, id)))[0];

// Expected breadth of the 2022 letter, counted straight from the seed data.
const groups56 = new Set(NUCTECH_SIGNATORIES.map((s) => s.politicalGroup).filter((g) => g !== "NI"));
const countries56 = new Set(NUCTECH_SIGNATORIES.map((s) => s.country));
const nonAttached56 = NUCTECH_SIGNATORIES.filter((s) => s.politicalGroup === "NI").length;

// ------------------------------------------------------------ tally

describe("tally page", () => {
  it("counts the 56 signatures of the sent letter by group and member state", async () => {
    const r = await load(tallyRoute, `/letters/${sent.id}/tally`, sent.id, staff);
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
    const r = await post(tallyRoute, `/letters/${sent.id}/tally`, sent.id, lead, {
      intent: "targets",
      minSignatures: "60",
      minGroups: "3",
      ofGroups: ["EPP", "S&D", "The Left", "ECR"],
      minCountries: "20",
    });
    expect(r.status).toBe(200);
    expect((await letterRow(sent.id)).targets).toEqual({
      minSignatures: 60,
      minGroups: { count: 3, ofGroups: ["EPP", "S&D", "The Left", "ECR"] },
      minCountries: 20,
    });
    expect(await auditCount(sent.id)).toBe(before + 1);

    const page = await load(tallyRoute, `/letters/${sent.id}/tally`, sent.id, staff);
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
    const r = await load(tallyRoute, `/letters/${collecting.id}/tally`, collecting.id, staff);
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
      const r = await post(tallyRoute, `/letters/${sent.id}/tally`, sent.id, staff, { intent: "targets", ...form });
      expect(r.status, JSON.stringify(form)).toBe(400);
      expect(r.data.fieldErrors[field], JSON.stringify(r.data.fieldErrors)).toBe(message);
    }
    expect((await letterRow(sent.id)).targets).toEqual(before.targets);
    expect(await auditCount(sent.id)).toBe(auditBefore);
  });

  it("is not found for another office", async () => {
    expect((await load(tallyRoute, `/letters/${sent.id}/tally`, sent.id, otherOffice)).status).toBe(404);
    expect(
      (
        await post(tallyRoute, `/letters/${sent.id}/tally`, sent.id, otherOffice, {
          intent: "targets",
          minSignatures: "1",
        })
      ).status,
    ).toBe(404);
  });
});

// ------------------------------------------------------------ signatures collected outside the app

/** As pasted from an email: mixed separators, capitals, missing diacritics, typos, glued names. */
const PASTED = `Mohammed CHAHIM; Ivan Stefanec, Sophie in t Veld and Bas Eickhoudt
LOPEZ AGUILAR Juan Fernando; Malik Azmani; Manon Aubri, Rafaele Fito; Nicolae Stefanuta
Eva Kaily; J. Smith; Ursula von der Leyen; Caroline Roos; Marie Toussain; BartGroothuis
Viola von Cramon; Katalin Csehh; Karima Deli; Jan Huitmea; Martin Sonneborn`;

/** Who each pasted name means (null: not in the directory). */
const INTENDED: Record<string, string | null> = {
  "Mohammed CHAHIM": "Mohammed Chahim",
  "Ivan Stefanec": "Ivan Štefanec",
  "Sophie in t Veld": "Sophie in 't Veld",
  "Bas Eickhoudt": "Bas Eickhout",
  "LOPEZ AGUILAR Juan Fernando": "Juan Fernando López Aguilar",
  "Malik Azmani": "Malik Azmani",
  "Manon Aubri": "Manon Aubry",
  "Rafaele Fito": "Raffaele Fitto",
  "Nicolae Stefanuta": "Nicolae Ştefănuţă",
  "Eva Kaily": "Eva Kaili",
  "J. Smith": null,
  "Ursula von der Leyen": null,
  "Caroline Roos": "Caroline Roose",
  "Marie Toussain": "Marie Toussaint",
  "Bart Groothuis": "Bart Groothuis",
  "Viola von Cramon": "Viola von Cramon-Taubadel",
  "Katalin Csehh": "Katalin Cseh",
  "Karima Deli": "Karima Delli",
  "Jan Huitmea": "Jan Huitema",
  "Martin Sonneborn": null,
};

let reviewedHash = "";

type P = {
  input: string;
  level: string;
  best: { id: number; name: string } | null;
  alternatives: Array<{ id: number; name: string }>;
  preselectedId: number | null;
};

/** The fields a browser sends from the review form, with the choices left as the page proposed them. */
function reviewForm(source: string, proposals: P[], choices: string[], intent = "confirm", versionHash = reviewedHash) {
  const form: Record<string, string> = { intent, source, versionHash, rows: String(proposals.length) };
  proposals.forEach((p, i) => {
    form[`input-${i}`] = p.input;
    form[`choice-${i}`] = choices[i] ?? "";
    form[`search-${i}`] = "";
  });
  return form;
}

describe("signatures collected outside the app", () => {
  const path = () => `/letters/${collecting.id}/outside`;
  let review: { proposals: P[]; choices: string[]; source: string; versionHash: string };

  it("proposes a match per pasted name and pre-selects only exact and strong ones", async () => {
    const r = await post(outsideRoute, path(), collecting.id, staff, {
      intent: "match",
      names: PASTED,
      source: "email from the office of Jan Huitema, 3 Dec",
    });
    expect(r.status).toBe(200);
    expect(r.data.step).toBe("review");
    review = r.data;
    reviewedHash = review.versionHash;
    expect(reviewedHash).toBe((await getCurrentVersion(db, collecting.id))!.sha256);
    const proposals = review.proposals;
    expect(proposals.map((p) => p.input)).toEqual(Object.keys(INTENDED));
    for (const p of proposals) {
      const accepted = p.level === "exact" || p.level === "strong";
      expect(p.preselectedId !== null, `${p.input}: ${p.level}`).toBe(accepted);
      expect(review.choices[proposals.indexOf(p)]).toBe(accepted ? String(p.best!.id) : "");
      // No wrong match is ever pre-selected.
      if (accepted) expect(p.best!.name, p.input).toBe(INTENDED[p.input]);
      // People not in the directory get no accepted match.
      if (INTENDED[p.input] === null) expect(accepted, p.input).toBe(false);
    }
    // The demo directory lists Štefanec and Eickhout twice (signatories and "other sitting MEPs"):
    // nothing may be pre-selected between identical entries, and both are offered.
    const all = await db.select().from(meps);
    for (const input of ["Ivan Stefanec", "Bas Eickhoudt"]) {
      const twins = all.filter((m) => `${m.givenName} ${m.familyName}` === INTENDED[input]);
      if (twins.length < 2) continue;
      const p = proposals.find((x) => x.input === input)!;
      expect(p.preselectedId, input).toBeNull();
      expect([p.best, ...p.alternatives].filter((c) => c?.name === INTENDED[input]).length).toBe(twins.length);
    }
    expect(proposals.filter((p) => p.preselectedId !== null).length).toBeGreaterThanOrEqual(12);
  });

  it("records the confirmed ones with method outside, the source and the current version, skipping existing signatures", async () => {
    const before = await liveSignatures(collecting.id);
    const auditBefore = await auditCount(collecting.id);
    const version = (await getCurrentVersion(db, collecting.id))!;
    const r = await post(
      outsideRoute,
      path(),
      collecting.id,
      staff,
      reviewForm(review.source, review.proposals, review.choices),
    );
    expect(r.status).toBe(200);
    expect(r.data.step).toBe("done");

    const preselected = review.proposals.filter((p) => p.preselectedId !== null);
    // Azmani signed by link in the seed: skipped, not doubled.
    expect(r.data.skipped.map((s: { name: string }) => s.name)).toEqual(["Malik Azmani"]);
    expect(r.data.recorded.length).toBe(preselected.length - 1);

    const after = await liveSignatures(collecting.id);
    expect(after.length).toBe(before.length + preselected.length - 1);
    const added = after.filter((s) => !before.some((b) => b.id === s.id));
    const allMeps = await db.select().from(meps);
    for (const s of added) {
      const m = allMeps.find((x) => x.id === s.mepId)!;
      expect(s.method).toBe("outside");
      expect(s.sourceNote).toBe("email from the office of Jan Huitema, 3 Dec");
      expect(s.versionId).toBe(version.id);
      expect(s.versionHash).toBe(version.sha256);
      expect(s.groupAtSigning).toBe(m.politicalGroup);
      expect(s.countryAtSigning).toBe(m.country);
      expect(s.partyAtSigning).toBe(m.nationalParty);
    }
    // Weak and unmatched names were not recorded without an explicit choice.
    const addedNames = added
      .map((s) => allMeps.find((m) => m.id === s.mepId)!)
      .map((m) => `${m.givenName} ${m.familyName}`);
    for (const input of ["Ivan Stefanec", "Bas Eickhoudt", "Rafaele Fito"]) {
      const p = review.proposals.find((x) => x.input === input)!;
      if (p.preselectedId === null) expect(addedNames).not.toContain(INTENDED[input]);
    }
    expect(await auditCount(collecting.id)).toBe(auditBefore + added.length);
    // The pending invitation of a Member signed outside is answered (no more reminders).
    const chahim = allMeps.find((m) => m.familyName === "Chahim")!;
    const [inv] = await db
      .select()
      .from(invitations)
      .where(and(eq(invitations.letterId, collecting.id), eq(invitations.mepId, chahim.id)));
    expect(inv.status).toBe("signed");
    expect(added.find((s) => s.mepId === chahim.id)!.invitationId).toBe(inv.id);
  });

  it("records a weak match only when the office picks it, and never twice", async () => {
    const fito = review.proposals.find((p) => p.input === "Rafaele Fito")!;
    const fitto = (await db.select().from(meps).where(eq(meps.familyName, "Fitto")))[0];
    const choices = review.proposals.map((p) =>
      p === fito ? String(fitto.id) : p.preselectedId ? String(p.preselectedId) : "",
    );
    const r = await post(
      outsideRoute,
      path(),
      collecting.id,
      staff,
      reviewForm(review.source, review.proposals, choices),
    );
    expect(r.status).toBe(200);
    expect(r.data.recorded.map((x: { name: string }) => x.name)).toEqual(["Raffaele Fitto"]);
    expect(r.data.skipped.length).toBe(review.proposals.filter((p) => p.preselectedId).length);
    const fittoSigs = (await liveSignatures(collecting.id)).filter((s) => s.mepId === fitto.id);
    expect(fittoSigs.length).toBe(1);
  });

  it("searches the directory for a line the office types a search for", async () => {
    const form = reviewForm(review.source, review.proposals, review.choices, "refine");
    const i = review.proposals.findIndex((p) => p.input === "J. Smith");
    form[`search-${i}`] = "kaili";
    const r = await post(outsideRoute, path(), collecting.id, staff, form);
    expect(r.status).toBe(200);
    expect(r.data.step).toBe("review");
    expect(r.data.proposals[i].searched.map((m: { name: string }) => m.name)).toEqual(["Eva Kaili"]);
    expect(r.data.choices).toEqual(review.choices);
  });

  it("answers 400 with field messages for bad input and records nothing", async () => {
    const before = (await liveSignatures(collecting.id)).length;
    const auditBefore = await auditCount(collecting.id);
    const bad: Array<[Record<string, string>, string, string]> = [
      [{ intent: "match", names: "", source: "email" }, "names", "outside.error.names"],
      [{ intent: "match", names: "Bas Eickhout", source: "" }, "source", "outside.error.source"],
      [{ intent: "match", names: "Bas Eickhout", source: "x".repeat(301) }, "source", "outside.error.sourceLong"],
      [{ intent: "match", names: "12345 ;;; ---", source: "email of 3 Dec" }, "names", "outside.error.noNames"],
      [{ ...reviewForm("", review.proposals, review.choices) }, "source", "outside.error.source"],
      [
        { ...reviewForm("email", review.proposals, review.choices), "choice-0": "Chahim" },
        "choice-0",
        "outside.error.choice",
      ],
      [
        {
          ...reviewForm(
            "email",
            review.proposals,
            review.proposals.map(() => ""),
          ),
        },
        "form",
        "outside.error.noneChosen",
      ],
      [
        {
          ...reviewForm(
            "email",
            review.proposals,
            review.proposals.map((_, i) => (i === 0 ? "99999999" : "")),
          ),
        },
        "form",
        "outside.error.unknownMep",
      ],
    ];
    for (const [form, field, message] of bad) {
      const r = await post(outsideRoute, path(), collecting.id, staff, form);
      expect(r.status, `${field}: ${JSON.stringify(r.data.fieldErrors)}`).toBe(400);
      expect(r.data.fieldErrors[field]).toBe(message);
    }
    expect((await liveSignatures(collecting.id)).length).toBe(before);
    expect(await auditCount(collecting.id)).toBe(auditBefore);
  });

  it("refuses to record against a version the office did not review (409) and shows the list again", async () => {
    const before = (await liveSignatures(collecting.id)).length;
    // On the line "Eva Kaily" (already recorded above) the office picks someone not yet signed: Rob Roos.
    const i = review.proposals.findIndex((p) => p.input === "Eva Kaily");
    const roos = (await db.select().from(meps).where(eq(meps.familyName, "Roos")))[0];
    const choices = review.proposals.map((_, k) => (k === i ? String(roos.id) : ""));
    const [anna] = await db
      .select()
      .from(users)
      .where(eq(users.email, `anna.staff@${DEMO_EMAIL_DOMAIN}`));
    const office = (await db.select().from(letters).where(eq(letters.id, collecting.id)))[0].officeId;
    const v2 = await publishNewText(
      db,
      { userId: anna.id, officeId: office },
      collecting.id,
      "We write again about security criteria in CCEI tenders.",
    );
    const r = await post(
      outsideRoute,
      path(),
      collecting.id,
      staff,
      reviewForm(review.source, review.proposals, choices),
    );
    expect(r.status).toBe(409);
    expect(r.data.fieldErrors.form).toBe("outside.error.textChanged");
    expect(r.data.versionHash).toBe(v2.sha256);
    expect(r.data.choices[i]).toBe(String(roos.id));
    expect((await liveSignatures(collecting.id)).length).toBe(before);
    // Confirming again, now against the new version, records Roos bound to it.
    const again = await post(
      outsideRoute,
      path(),
      collecting.id,
      staff,
      reviewForm(review.source, review.proposals, choices, "confirm", v2.sha256),
    );
    expect(again.status).toBe(200);
    const [sig] = (await liveSignatures(collecting.id)).filter((s) => s.mepId === roos.id);
    expect(sig.versionId).toBe(v2.id);
  });

  it("refuses a sent letter (409), a campaign lead (403) and another office (404)", async () => {
    const before = (await liveSignatures(sent.id)).length;
    const kaili = (await db.select().from(meps).where(eq(meps.familyName, "Kaili")))[0];
    const form = {
      intent: "confirm",
      source: "email",
      versionHash: reviewedHash,
      rows: "1",
      "input-0": "Eva Kaili",
      "choice-0": String(kaili.id),
      "search-0": "",
    };
    const r = await post(outsideRoute, `/letters/${sent.id}/outside`, sent.id, staff, form);
    expect(r.status).toBe(409);
    expect((await liveSignatures(sent.id)).length).toBe(before);
    expect((await load(outsideRoute, `/letters/${sent.id}/outside`, sent.id, staff)).data.blocked).toBe(
      "outside.blocked.sent",
    );
    expect((await post(outsideRoute, path(), collecting.id, lead, form)).status).toBe(403);
    expect((await post(outsideRoute, path(), collecting.id, otherOffice, form)).status).toBe(404);
  });
});

// ------------------------------------------------------------ the undersigned block

describe("undersigned block", () => {
  it("lists the 56 signatories of 2022 with the lead MEP first, then in EP surname order, with the count line", async () => {
    const r = await load(blockRoute, `/letters/${sent.id}/undersigned`, sent.id, staff);
    expect(r.status).toBe(200);
    const { block, text } = r.data;
    expect(block.format).toBe("names-group-country");
    expect(block.lines.length).toBe(56);
    expect(block.lines[0]).toBe("Bart Groothuis (Renew, NL)");
    expect(block.lines[1]).toBe("François Alfonsi (Greens/EFA, FR)");
    expect(block.lines[55]).toBe("Lara Wolters (S&D, NL)");
    // Everyone after the lead is ordered by surname as the EP prints it: diacritics folded
    // (Auštrevičius between Alfonsi and Azmani), the particle "von" kept (von Cramon-Taubadel under V).
    const surnames = block.lines
      .slice(1)
      .map(
        (l: string) => NUCTECH_SIGNATORIES.find((s) => l.startsWith(`${s.givenName} ${s.familyName} (`))!.familyName,
      );
    const fold = (s: string) =>
      foldDiacritics(s)
        .toLowerCase()
        .replace(/[^a-z]/g, "");
    expect(surnames.map(fold)).toEqual([...surnames.map(fold)].sort());
    expect(surnames.slice(0, 3)).toEqual(["Alfonsi", "Auštrevičius", "Azmani"]);
    expect(surnames.indexOf("von Cramon-Taubadel")).toBeGreaterThan(surnames.indexOf("Vedrenne"));
    expect(surnames.indexOf("Šimečka")).toBeLessThan(surnames.indexOf("Štefanec"));
    const expectedCount = `56 Members of the European Parliament from ${groups56.size} political groups and ${countries56.size} member states, including ${nonAttached56} non-attached Member${nonAttached56 === 1 ? "" : "s"}`;
    expect(text.endsWith(`\n\n${expectedCount}`)).toBe(true);
    expect(text.split("\n")[0]).toBe("Bart Groothuis (Renew, NL)");
  });

  it("stores the chosen format, groups by political group, and refuses bad or late changes", async () => {
    const bad = await post(blockRoute, `/letters/${collecting.id}/undersigned`, collecting.id, staff, {
      format: "alphabetical",
    });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors.format).toBe("block.error.format");
    expect((await letterRow(collecting.id)).undersignedFormat).toBe("names-group-country");

    const ok = await post(blockRoute, `/letters/${collecting.id}/undersigned`, collecting.id, staff, {
      format: "by-group",
    });
    expect(ok.status).toBe(200);
    expect((await letterRow(collecting.id)).undersignedFormat).toBe("by-group");
    const page = await load(blockRoute, `/letters/${collecting.id}/undersigned`, collecting.id, staff);
    const sections = page.data.block.sections as Array<{ group: string; names: string[] }>;
    expect(sections.map((s) => s.group)).toEqual([...new Set(sections.map((s) => s.group))]);
    // The office's own Member (Groothuis) was recorded above from the pasted list, but on version 1: a substantive
    // version 2 followed, so until he re-confirms he is not in the letter (the block is what would be sent).
    expect(sections.flatMap((s) => s.names)).not.toContain("Bart Groothuis (NL)");

    // The sent letter's block is frozen.
    const sentBefore = (await letterRow(sent.id)).undersignedFormat;
    const late = await post(blockRoute, `/letters/${sent.id}/undersigned`, sent.id, staff, { format: "names" });
    expect(late.status).toBe(409);
    expect((await letterRow(sent.id)).undersignedFormat).toBe(sentBefore);
    // A campaign lead may look but not change.
    expect(
      (await post(blockRoute, `/letters/${collecting.id}/undersigned`, collecting.id, lead, { format: "names" }))
        .status,
    ).toBe(403);
    expect((await load(blockRoute, `/letters/${collecting.id}/undersigned`, collecting.id, lead)).status).toBe(200);
  });

  it("prints a sent letter's block as it was sent, even if the office's Member changes later", async () => {
    const [office] = await db.select().from(offices).where(eq(offices.name, "Office of Bart Groothuis"));
    await db.update(offices).set({ mepId: null }).where(eq(offices.id, office.id));
    try {
      const r = await load(blockRoute, `/letters/${sent.id}/undersigned`, sent.id, staff);
      expect(r.data.source).toBe("sent");
      expect(r.data.block.lines[0]).toBe("Bart Groothuis (Renew, NL)");
    } finally {
      await db.update(offices).set({ mepId: office.mepId }).where(eq(offices.id, office.id));
    }
  });
});
