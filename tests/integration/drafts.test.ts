/**
 * A letter's draft: restoring a version, autosave and its conflicts, the order of addressees, and comparing any
 * two versions word by word.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { addressees, letterVersions } from "#db/schema";
import { verifyAuditChain } from "#app/infra/audit.server";
import { getLetter, listAddressees, moveAddressee, restoreVersion, saveDraft } from "#app/models/letters.server";
import { diffSides } from "#app/domain/word-diff";
import * as compareRoute from "#app/routes/letters.$letterId.compare";
import * as editRoute from "#app/routes/letters.$letterId.edit";
import { closeTestDb, db, dbLabel } from "#tests/setup/db";
import { callAction, callLoader } from "#tests/setup/routes";
import {
  auditActions,
  cookieA,
  cookieB,
  openWorldFixture,
  revisionOf,
  twoVersionLetter,
  w,
} from "#tests/setup/world-fixture";
import { bodyJson, createDraftLetter, publishNewText } from "#tests/factories/index";

beforeAll(openWorldFixture);
afterAll(closeTestDb);

describe(`restore, autosave and addressee order (${dbLabel()})`, () => {
  it("restoring a version replaces the draft through a revision check, keeps every version and writes an audit row", async () => {
    const { letter, v1 } = await twoVersionLetter("Original wording.", "Revised wording.");
    const before = await revisionOf(letter.id);
    const r = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "restore", number: "1", revision: String(before.r) },
    });
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/letters/${letter.id}/edit?restored=1`);
    const after = await revisionOf(letter.id);
    expect(after.r).toBe(before.r + 1);
    expect(after.json).toEqual(v1.editorJson);
    expect(await db.select().from(letterVersions).where(eq(letterVersions.letterId, letter.id))).toHaveLength(2);
    const restored = (await auditActions(letter.id)).filter((e) => e.action === "draft.restored");
    expect(restored).toHaveLength(1);
    expect(restored[0].data).toMatchObject({ number: 1, sha256: v1.sha256, revision: before.r + 1 });
    expect((await verifyAuditChain(db, { officeId: w.officeA.id, letterId: letter.id })).broken).toEqual([]);
  });

  it("a stale restore is a conflict: the draft stays and no audit row is written; unknown versions are 404", async () => {
    const { letter } = await twoVersionLetter();
    const before = await revisionOf(letter.id);
    const stale = await db.transaction((tx) =>
      restoreVersion(tx, w.actorA, { letterId: letter.id, number: 1, baseRevision: before.r - 1 }),
    );
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.error).toBe("conflict");
    expect(await revisionOf(letter.id)).toEqual(before);
    expect((await auditActions(letter.id)).some((e) => e.action === "draft.restored")).toBe(false);
    const route = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "restore", number: "1", revision: String(before.r - 1) },
    });
    expect(route.status).toBe(409);
    const missing = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "restore", number: "7", revision: String(before.r) },
    });
    expect(missing.status).toBe(404);
    const otherOffice = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieB,
      form: { intent: "restore", number: "1", revision: String(before.r) },
    });
    expect(otherOffice.status).toBe(404);
    expect(await revisionOf(letter.id)).toEqual(before);
  });

  it("autosave saves the draft (not a version) and a stale autosave answers 409 with both texts, overwriting nothing", async () => {
    const letter = await createDraftLetter(db, w.actorA, { body: "Start." });
    const base = { path: `/letters/${letter.id}/edit`, params: { letterId: letter.id }, cookie: cookieA };
    const details = {
      subject: letter.subject,
      language: "en",
      campaignId: "",
      placeLine: "",
      ourReference: "",
      signatureDeadline: "",
    };
    const first = await callAction(editRoute, {
      ...base,
      form: {
        ...details,
        intent: "autosave",
        revision: "1",
        bodyJson: JSON.stringify(bodyJson("Mine, typed in tab one.")),
      },
    });
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ ok: true, autosavedRevision: 2, detailsSaved: true });
    expect(await db.select().from(letterVersions).where(eq(letterVersions.letterId, letter.id))).toHaveLength(0);
    const stale = await callAction(editRoute, {
      ...base,
      form: {
        ...details,
        intent: "autosave",
        revision: "1",
        bodyJson: JSON.stringify(bodyJson("Theirs, from tab two.")),
      },
    });
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({
      conflict: { revision: 2, theirs: "Mine, typed in tab one.", mine: "Theirs, from tab two." },
    });
    const now = await revisionOf(letter.id);
    expect(now.r).toBe(2);
    // A half-typed subject does not stop the text being saved; the details wait for a valid value.
    const partial = await callAction(editRoute, {
      ...base,
      form: {
        ...details,
        subject: "",
        intent: "autosave",
        revision: "2",
        bodyJson: JSON.stringify(bodyJson("More text.")),
      },
    });
    expect(partial.data).toMatchObject({ ok: true, autosavedRevision: 3, detailsSaved: false });
    expect((await getLetter(db, { id: letter.id, officeId: w.officeA.id }))!.subject).toBe(letter.subject);
    // Only an explicit choice saves over a newer revision.
    const overwrite = await callAction(editRoute, {
      ...base,
      form: {
        ...details,
        intent: "overwrite",
        revision: "1",
        conflictRevision: "3",
        bodyJson: JSON.stringify(bodyJson("Chosen.")),
      },
    });
    expect(overwrite.status).toBe(200);
    expect((await revisionOf(letter.id)).r).toBe(4);
  });

  it("addressees move up and down by swapping positions; another office gets 404", async () => {
    const letter = await createDraftLetter(db, w.actorA, {
      addressees: [{ name: "First" }, { name: "Second", kind: "cc" }, { name: "Third" }],
    });
    const names = async () =>
      (await listAddressees(db, { letterId: letter.id, officeId: w.officeA.id })).map((a) => `${a.name}:${a.kind}`);
    const [, second] = await listAddressees(db, { letterId: letter.id, officeId: w.officeA.id });
    const up = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "move-addressee", addresseeId: second.id, direction: "up" },
    });
    expect(up.status).toBe(200);
    expect(await names()).toEqual(["Second:cc", "First:to", "Third:to"]);
    expect(
      await db.transaction((tx) =>
        moveAddressee(tx, w.actorA, { letterId: letter.id, addresseeId: second.id, direction: "up" }),
      ),
    ).toEqual({ ok: true, moved: false });
    await db.transaction((tx) =>
      moveAddressee(tx, w.actorA, { letterId: letter.id, addresseeId: second.id, direction: "down" }),
    );
    await db.transaction((tx) =>
      moveAddressee(tx, w.actorA, { letterId: letter.id, addresseeId: second.id, direction: "down" }),
    );
    expect(await names()).toEqual(["First:to", "Third:to", "Second:cc"]);
    const positions = (
      await db.select({ p: addressees.position }).from(addressees).where(eq(addressees.letterId, letter.id))
    )
      .map((r) => r.p)
      .sort();
    expect(new Set(positions).size).toBe(3);
    const forged = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieB,
      form: { intent: "move-addressee", addresseeId: second.id, direction: "up" },
    });
    expect(forged.status).toBe(404);
    expect(
      await db.transaction((tx) =>
        moveAddressee(tx, w.actorB, { letterId: letter.id, addresseeId: second.id, direction: "up" }),
      ),
    ).toEqual({ ok: false, error: "not-found" });
    expect(await names()).toEqual(["First:to", "Third:to", "Second:cc"]);
  });

  it("saveDraft is still the only way the draft changes: a restore racing a save loses cleanly", async () => {
    const { letter } = await twoVersionLetter();
    const { r } = await revisionOf(letter.id);
    const saved = await db.transaction((tx) =>
      saveDraft(tx, w.actorA, { letterId: letter.id, baseRevision: r, json: bodyJson("Someone else's save.") }),
    );
    expect(saved.ok).toBe(true);
    const restore = await db.transaction((tx) =>
      restoreVersion(tx, w.actorA, { letterId: letter.id, number: 1, baseRevision: r }),
    );
    expect(restore.ok).toBe(false);
    expect((await revisionOf(letter.id)).json).toEqual(bodyJson("Someone else's save."));
  });
});

describe(`compare route (${dbLabel()})`, () => {
  it("shows a word diff between any two versions", async () => {
    const { letter } = await twoVersionLetter(
      "We ask the Commission to act now.",
      "We urge the Commission to act now and report.",
    );
    await publishNewText(db, w.actorA, letter.id, "We urge the Council to act.");
    const r = await callLoader(compareRoute, {
      path: `/letters/${letter.id}/compare?from=1&to=3`,
      params: { letterId: letter.id },
      cookie: cookieA,
    });
    expect(r.status).toBe(200);
    const c = (
      r.data as {
        compare: {
          from: { number: number };
          to: { number: number };
          body: Array<{ op: string; text: string }>;
          same: boolean;
        };
      }
    ).compare;
    expect([c.from.number, c.to.number]).toEqual([1, 3]);
    expect(diffSides(c.body as never)).toEqual({
      before: "We ask the Commission to act now.",
      after: "We urge the Council to act.",
    });
    expect(c.body.filter((o) => o.op === "delete").map((o) => o.text.trim())).toContain("ask");
    expect(c.body.filter((o) => o.op === "insert").map((o) => o.text.trim())).toContain("urge");
    expect(c.same).toBe(false);
    // Backwards works too, and with no parameters the newest two are compared.
    const back = await callLoader(compareRoute, {
      path: `/letters/${letter.id}/compare?from=3&to=1`,
      params: { letterId: letter.id },
      cookie: cookieA,
    });
    expect(back.status).toBe(200);
    const dflt = await callLoader(compareRoute, {
      path: `/letters/${letter.id}/compare`,
      params: { letterId: letter.id },
      cookie: cookieA,
    });
    expect((dflt.data as { compare: { from: { number: number }; to: { number: number } } }).compare).toMatchObject({
      from: { number: 2 },
      to: { number: 3 },
    });
  });

  it("404 for another office and for bad or unknown version numbers", async () => {
    const { letter } = await twoVersionLetter();
    const other = await callLoader(compareRoute, {
      path: `/letters/${letter.id}/compare?from=1&to=2`,
      params: { letterId: letter.id },
      cookie: cookieB,
    });
    expect(other.status).toBe(404);
    expect(other.body).not.toContain("first text");
    for (const q of [
      "from=abc&to=2",
      "from=0&to=2",
      "from=1&to=3",
      "from=-1&to=2",
      "from=1.5&to=2",
      "from=1&to=99999999",
      "from=1e1&to=2",
    ]) {
      const r = await callLoader(compareRoute, {
        path: `/letters/${letter.id}/compare?${q}`,
        params: { letterId: letter.id },
        cookie: cookieA,
      });
      expect(r.status, q).toBe(404);
    }
    const badLetter = await callLoader(compareRoute, {
      path: `/letters/nope/compare?from=1&to=2`,
      params: { letterId: "nope" },
      cookie: cookieA,
    });
    expect(badLetter.status).toBe(404);
  });
});
