/**
 * Signatures collected outside the app, on the demo seed's collecting letter: a pasted list of names is matched
 * against the directory, the office confirms, and the signatures are recorded with their source against the
 * version the office reviewed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { invitations, letters, meps, signatures, users } from "#db/schema";
import { DEMO_EMAIL_DOMAIN } from "#db/seed.server";
import { getCurrentVersion } from "#app/models/letters.server";
import { publishNewText } from "#tests/factories/index";
import { closeTestDb, db } from "#tests/setup/db";
import { callAction, callLoader } from "#tests/setup/routes";
import { auditCount, collecting, lead, openDemoFixture, otherOffice, sent, staff } from "#tests/setup/demo-fixture";
import * as outsideRoute from "#app/routes/letters.$letterId.outside";
import { nuctechBlock } from "#tests/fixtures/nuctech-block";

beforeAll(openDemoFixture);
afterAll(closeTestDb);

const liveSignatures = async (letterId: string) =>
  db
    .select()
    .from(signatures)
    .where(and(eq(signatures.letterId, letterId), isNull(signatures.withdrawnAt)));

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
    const r = await callAction<any>(outsideRoute, {
      path: path(),
      params: { letterId: collecting.id },
      cookie: staff,
      form: {
        intent: "match",
        names: PASTED,
        source: "email from the office of Jan Huitema, 3 Dec",
      },
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
    const r = await callAction<any>(outsideRoute, {
      path: path(),
      params: { letterId: collecting.id },
      cookie: staff,
      form: reviewForm(review.source, review.proposals, review.choices),
    });
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
    const r = await callAction<any>(outsideRoute, {
      path: path(),
      params: { letterId: collecting.id },
      cookie: staff,
      form: reviewForm(review.source, review.proposals, choices),
    });
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
    const r = await callAction<any>(outsideRoute, {
      path: path(),
      params: { letterId: collecting.id },
      cookie: staff,
      form: form,
    });
    expect(r.status).toBe(200);
    expect(r.data.step).toBe("review");
    expect(r.data.proposals[i].searched.map((m: { name: string }) => m.name)).toEqual(["Eva Kaili"]);
    expect(r.data.choices).toEqual(review.choices);
  });

  it("reads a signature page pasted as one long line and shows back what matched nobody, also after a search", async () => {
    const { text, names, absent } = nuctechBlock();
    const match = (names: string) =>
      callAction<any>(outsideRoute, {
        path: path(),
        params: { letterId: collecting.id },
        cookie: staff,
        form: { intent: "match", names, source: "signature page of the December letter (PDF)" },
      });
    const r = await match(text);
    expect(r.status).toBe(200);
    const proposals: P[] = r.data.proposals;
    const want = new Set(names.map((n) => `${n.signatory.givenName} ${n.signatory.familyName}`));
    const accepted = proposals.filter((p) => p.preselectedId !== null || p.level === "exact" || p.level === "strong");
    const correct = accepted.filter((p) => want.has(p.best!.name));
    console.log(
      `outside page, pasted block: ${proposals.length} lines for ${names.length} names, ${accepted.length} accepted, ` +
        `precision ${(correct.length / accepted.length).toFixed(3)}, recall ${(new Set(correct.map((p) => p.best!.name)).size / want.size).toFixed(3)}`,
    );
    expect(accepted.filter((p) => !want.has(p.best!.name)).map((p) => p.input)).toEqual([]);
    expect(new Set(correct.map((p) => p.best!.name)).size).toBeGreaterThanOrEqual(53);
    expect(r.data.unmatched).toEqual(expect.arrayContaining(["Signatories", "Page 2", absent]));
    expect(r.data.ignored).toEqual(expect.arrayContaining(["Renew", "MEP"]));

    // The review form carries the text along: a search round keeps it on screen.
    const form: Record<string, string | string[]> = reviewForm(r.data.source, proposals, r.data.choices, "refine");
    form.unmatched = r.data.unmatched;
    form.ignored = r.data.ignored;
    const again = await callAction<any>(outsideRoute, {
      path: path(),
      params: { letterId: collecting.id },
      cookie: staff,
      form,
    });
    expect(again.status).toBe(200);
    expect(again.data.unmatched).toEqual(r.data.unmatched);
    expect(again.data.ignored).toEqual(r.data.ignored);

    // Longer than one form field may be (10,000 characters): a list of 672 names is read whole.
    const long = Array.from({ length: 12 }, () => text).join(" ");
    expect(long.length).toBeGreaterThan(10_000);
    const big = await match(long);
    expect(big.status).toBe(200);
    expect(big.data.proposals.length).toBe(12 * names.length);
    expect(big.data.truncated).toBe(false);
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
      const r = await callAction<any>(outsideRoute, {
        path: path(),
        params: { letterId: collecting.id },
        cookie: staff,
        form: form,
      });
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
    const r = await callAction<any>(outsideRoute, {
      path: path(),
      params: { letterId: collecting.id },
      cookie: staff,
      form: reviewForm(review.source, review.proposals, choices),
    });
    expect(r.status).toBe(409);
    expect(r.data.fieldErrors.form).toBe("outside.error.textChanged");
    expect(r.data.versionHash).toBe(v2.sha256);
    expect(r.data.choices[i]).toBe(String(roos.id));
    expect((await liveSignatures(collecting.id)).length).toBe(before);
    // Confirming again, now against the new version, records Roos bound to it.
    const again = await callAction<any>(outsideRoute, {
      path: path(),
      params: { letterId: collecting.id },
      cookie: staff,
      form: reviewForm(review.source, review.proposals, choices, "confirm", v2.sha256),
    });
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
    const r = await callAction<any>(outsideRoute, {
      path: `/letters/${sent.id}/outside`,
      params: { letterId: sent.id },
      cookie: staff,
      form: form,
    });
    expect(r.status).toBe(409);
    expect((await liveSignatures(sent.id)).length).toBe(before);
    expect(
      (
        await callLoader<any>(outsideRoute, {
          path: `/letters/${sent.id}/outside`,
          params: { letterId: sent.id },
          cookie: staff,
        })
      ).data.blocked,
    ).toBe("outside.blocked.sent");
    expect(
      (
        await callAction<any>(outsideRoute, {
          path: path(),
          params: { letterId: collecting.id },
          cookie: lead,
          form: form,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callAction<any>(outsideRoute, {
          path: path(),
          params: { letterId: collecting.id },
          cookie: otherOffice,
          form: form,
        })
      ).status,
    ).toBe(404);
  });
});
