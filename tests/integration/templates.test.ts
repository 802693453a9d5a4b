/**
 * Starting points for a new letter: saving a letter as a template and starting from it, and copying an earlier
 * letter (its details, addressees and draft, never its versions, invitations, signatures or comments); both
 * scoped to the office.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { comments, invitations, letters, letterTemplates, letterVersions, signatures } from "#db/schema";
import { copyLetter, getLetter, listAddressees } from "#app/models/letters.server";
import { addMemberComment } from "#app/models/comments.server";
import { createLetterFromTemplate, listTemplates, saveLetterAsTemplate } from "#app/models/templates.server";
import * as editRoute from "#app/routes/letters.$letterId.edit";
import * as newRoute from "#app/routes/letters.new";
import * as templatesRoute from "#app/routes/templates";
import { closeTestDb, db, dbLabel } from "#tests/setup/db";
import { callAction } from "#tests/setup/routes";
import { auditActions, cookieA, cookieB, openWorldFixture, w } from "#tests/setup/world-fixture";
import { createDraftLetter, tag } from "#tests/factories/index";

beforeAll(openWorldFixture);
afterAll(closeTestDb);

describe(`templates and starting points (${dbLabel()})`, () => {
  it("save as template keeps subject, language and text; the list is per office; a new letter from it copies exactly those", async () => {
    const letter = await createDraftLetter(db, w.actorA, {
      subject: `Templated ${tag()}`,
      body: "Template body text.",
    });
    await db.update(letters).set({ language: "fr" }).where(eq(letters.id, letter.id));
    const saved = await callAction(editRoute, {
      path: `/letters/${letter.id}/edit`,
      params: { letterId: letter.id },
      cookie: cookieA,
      form: { intent: "save-as-template", templateName: "Standard letter to the Commission" },
    });
    expect(saved.status).toBe(200);
    const mine = await listTemplates(db, { officeId: w.officeA.id });
    const tp = mine.find((x) => x.name === "Standard letter to the Commission");
    expect(tp).toMatchObject({ subject: letter.subject, language: "fr" });
    expect((await listTemplates(db, { officeId: w.officeB.id })).some((x) => x.id === tp!.id)).toBe(false);
    expect((await auditActions(letter.id)).map((e) => e.action)).toContain("template.saved");

    const created = await callAction(newRoute, {
      path: "/letters/new",
      cookie: cookieA,
      form: { intent: "from-template", templateId: tp!.id },
    });
    expect(created.status).toBe(302);
    const newId = /\/letters\/([0-9a-f-]{36})\/edit/.exec(created.location ?? "")![1];
    const copy = await getLetter(db, { id: newId, officeId: w.officeA.id });
    expect(copy).toMatchObject({ subject: letter.subject, language: "fr", status: "draft", draftRevision: 1 });
    const [orig] = await db.select({ json: letters.draftJson }).from(letters).where(eq(letters.id, letter.id));
    expect(copy!.draftJson).toEqual(orig.json);
    expect(await listAddressees(db, { letterId: newId, officeId: w.officeA.id })).toEqual([]);
  });

  it("another office cannot use or delete a template (404), and an empty name is refused", async () => {
    const r = await db.transaction((tx) =>
      saveLetterAsTemplate(tx, w.actorA, { letterId: w.letterA.id, name: `A only ${tag()}` }),
    );
    if (!r.ok) throw new Error("setup");
    const use = await callAction(newRoute, {
      path: "/letters/new",
      cookie: cookieB,
      form: { intent: "from-template", templateId: r.template.id },
    });
    expect(use.status).toBe(404);
    expect(await db.transaction((tx) => createLetterFromTemplate(tx, w.actorB, { templateId: r.template.id }))).toEqual(
      { ok: false, error: "not-found" },
    );
    const del = await callAction(templatesRoute, {
      path: "/templates",
      cookie: cookieB,
      form: { intent: "delete", templateId: r.template.id },
    });
    expect(del.status).toBe(404);
    expect(await db.select().from(letterTemplates).where(eq(letterTemplates.id, r.template.id))).toHaveLength(1);
    const own = await callAction(templatesRoute, {
      path: "/templates",
      cookie: cookieA,
      form: { intent: "delete", templateId: r.template.id },
    });
    expect(own.status).toBe(200);
    expect(await db.select().from(letterTemplates).where(eq(letterTemplates.id, r.template.id))).toHaveLength(0);
    const noName = await db.transaction((tx) =>
      saveLetterAsTemplate(tx, w.actorA, { letterId: w.letterA.id, name: " \u202e " }),
    );
    expect(noName).toEqual({ ok: false, error: "name" });
  });

  it("starting from an earlier letter copies subject, details, addressees in order and the draft, never versions, invitations, signatures or comments", async () => {
    // letterA has a version, two invitations, a signature and comments.
    await db
      .update(letters)
      .set({
        placeLine: "Brussels, 5 December 2022",
        ourReference: "REF/42",
        signatureDeadline: new Date(Date.now() - 86_400_000),
      })
      .where(eq(letters.id, w.letterA.id));
    await db.transaction((tx) =>
      addMemberComment(tx, { ...w.actorA, name: "A" }, { letterId: w.letterA.id, body: "not copied" }),
    );
    await db.transaction(async (tx) => {
      const { addAddressee } = await import("#app/models/letters.server");
      await addAddressee(tx, w.actorA, w.letterA.id, {
        name: `Cc person ${tag()}`,
        kind: "cc",
        institution: "Council",
      });
    });
    const r = await callAction(newRoute, {
      path: "/letters/new",
      cookie: cookieA,
      form: { intent: "copy-letter", sourceLetterId: w.letterA.id },
    });
    expect(r.status).toBe(302);
    const newId = /\/letters\/([0-9a-f-]{36})\/edit/.exec(r.location ?? "")![1];
    const [src] = await db.select().from(letters).where(eq(letters.id, w.letterA.id));
    const copy = (await getLetter(db, { id: newId, officeId: w.officeA.id }))!;
    expect(copy).toMatchObject({
      subject: src.subject,
      language: src.language,
      placeLine: "Brussels, 5 December 2022",
      ourReference: "REF/42",
      campaignId: w.campaignA.id,
      status: "draft",
      signatureDeadline: null, // the source's deadline had passed
      draftRevision: 1,
    });
    expect(copy.draftJson).toEqual(src.draftJson);
    expect(copy.verificationCode).not.toBe(src.verificationCode);
    const strip = (
      rows: Array<{
        name: string;
        role: string | null;
        institution: string | null;
        salutation: string | null;
        email: string | null;
        kind: string;
        position: number;
      }>,
    ) => rows.map((a) => [a.position, a.name, a.role, a.institution, a.salutation, a.email, a.kind]);
    expect(strip(await listAddressees(db, { letterId: newId, officeId: w.officeA.id }))).toEqual(
      strip(await listAddressees(db, { letterId: w.letterA.id, officeId: w.officeA.id })),
    );
    for (const [table, col] of [
      [letterVersions, letterVersions.letterId],
      [invitations, invitations.letterId],
      [signatures, signatures.letterId],
      [comments, comments.letterId],
    ] as const) {
      expect(await db.select().from(table).where(eq(col, newId))).toHaveLength(0);
    }
    expect((await auditActions(newId)).map((e) => e.action)).toEqual(["letter.created", "letter.copied"]);
  });

  it("a future deadline is copied; another office's letter cannot be copied (404)", async () => {
    const deadline = new Date(Date.now() + 10 * 86_400_000);
    const src = await createDraftLetter(db, w.actorA, { deadline });
    const r = await db.transaction((tx) => copyLetter(tx, w.actorA, { sourceLetterId: src.id }));
    expect(r.ok && r.letter.signatureDeadline?.getTime()).toBe(deadline.getTime());
    const forged = await callAction(newRoute, {
      path: "/letters/new",
      cookie: cookieB,
      form: { intent: "copy-letter", sourceLetterId: src.id },
    });
    expect(forged.status).toBe(404);
    const bad = await callAction(newRoute, {
      path: "/letters/new",
      cookie: cookieB,
      form: { intent: "copy-letter", sourceLetterId: "not-a-uuid" },
    });
    expect(bad.status).toBe(400);
  });
});
