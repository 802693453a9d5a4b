/**
 * Word in and out through the pages: a real-looking .docx uploaded on /letters/import becomes a new draft (in the
 * office's default place line) and the edit page is told what was left out; once published, the version downloads
 * as .docx next to the PDF, and that file read again gives the same letter body. Another office gets a 404.
 * Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db, DbHandle } from "#db/client.server";
import { auditEvents, letters, offices } from "#db/schema";
import * as importRoute from "#app/routes/letters.import";
import * as docxRoute from "#app/routes/letters.$letterId.versions.$number_.docx";
import { importWord } from "#app/editor/word-import.server";
import { addAddressee } from "#app/models/letters.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callLoader, callWithRequest, sessionCookieFor, TEST_ORIGIN } from "#tests/setup/routes";
import { createOfficeActor, createUser, publish } from "#tests/factories/index";
import { LETTER_OUTLINE, outline, realLookingLetter } from "#tests/fixtures/word-letter";

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => handle?.close());

function upload(cookie: string, file: { bytes: Uint8Array; name: string }, subject = "") {
  const form = new FormData();
  form.set("intent", "import");
  form.set("subject", subject);
  form.set(
    "document",
    new File([new Uint8Array(file.bytes)], file.name, {
      type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }),
  );
  const request = new Request(new URL("/letters/import", TEST_ORIGIN), {
    method: "POST",
    headers: { cookie, "user-agent": "vitest" },
    body: form,
  });
  return callWithRequest<any>(importRoute, "action", request);
}

describe(`Word in and out (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("imports a .docx into a new draft, exports the published version as .docx, and the round trip keeps the body", async () => {
    const { office } = await createOfficeActor(db);
    await db.update(offices).set({ defaultPlaceLine: "Strasbourg" }).where(eq(offices.id, office.id));
    const staff = await createUser(db, { officeId: office.id, role: "staff" });
    const cookie = (await sessionCookieFor(db, staff, office.id)).cookie;
    const docx = await realLookingLetter();

    const r = await upload(cookie, { bytes: docx, name: "Nuctech_letter_final v3.docx" });
    expect(r.status).toBe(302);
    const [, , letterId, edit] = r.location!.split(/[/?]/);
    expect(edit).toBe("edit");
    expect(r.location).toMatch(/\?imported=1&dropped=images,tables,formatting$/);
    const [letter] = await db.select().from(letters).where(eq(letters.id, letterId));
    expect(letter.officeId).toBe(office.id);
    expect(letter.status).toBe("draft");
    expect(letter.subject).toBe("Nuctech letter final v3");
    expect(letter.placeLine).toBe("Strasbourg");
    expect(outline(letter.draftJson)).toEqual(LETTER_OUTLINE);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.letterId, letterId));
    expect(events.map((e) => e.action)).toContain("letter.imported-from-word");

    const actor = { userId: staff.id, officeId: office.id };
    await db.transaction((tx) =>
      addAddressee(tx, actor, letterId, {
        name: "Ursula von der Leyen",
        role: "President",
        institution: "European Commission",
        salutation: "Dear President",
        email: "president@ec.test",
      }),
    );
    const version = await publish(db, actor, letterId);
    const res = await callLoader(docxRoute, {
      path: `/letters/${letterId}/versions/${version.number}/docx`,
      params: { letterId, number: String(version.number) },
      cookie,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename=".+-v1\.docx"/);
    // callLoader reads bodies as text; fetch the bytes from the route's Response directly.
    const raw = (await docxRoute.loader({
      request: new Request(new URL(`/letters/${letterId}/versions/1/docx`, TEST_ORIGIN), {
        headers: { cookie, "user-agent": "vitest" },
      }),
      params: { letterId, number: "1" },
      context: {},
    })) as Response;
    const bytes = new Uint8Array(await raw.arrayBuffer());
    const again = await importWord(bytes);
    if (!again.ok) throw new Error(again.error);
    expect(again.dropped).toEqual([]);
    expect(again.json).toEqual(letter.draftJson);

    // Another office, or a version that does not exist: 404.
    const other = await createOfficeActor(db);
    const outsider = await createUser(db, { officeId: other.office.id, role: "staff" });
    const outsiderCookie = (await sessionCookieFor(db, outsider, other.office.id)).cookie;
    for (const [c, n] of [
      [outsiderCookie, "1"],
      [cookie, "2"],
    ] as const) {
      const refused = await callLoader(docxRoute, {
        path: `/letters/${letterId}/versions/${n}/docx`,
        params: { letterId, number: n },
        cookie: c,
      });
      expect(refused.status).toBe(404);
    }
  });

  it("a file that is not a Word document, or no file, creates nothing and says why", async () => {
    const { office } = await createOfficeActor(db);
    const staff = await createUser(db, { officeId: office.id, role: "staff" });
    const cookie = (await sessionCookieFor(db, staff, office.id)).cookie;
    const before = (await db.select().from(letters).where(eq(letters.officeId, office.id))).length;
    const pdf = await upload(cookie, { bytes: new TextEncoder().encode("%PDF-1.7\n"), name: "letter.docx" });
    expect(pdf.status).toBe(400);
    expect(pdf.data).toEqual({ ok: false, error: "word.import.error.notDocx" });
    const broken = await upload(cookie, { bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9]), name: "x.docx" });
    expect(broken.data.error).toBe("word.import.error.invalid");
    expect((await db.select().from(letters).where(eq(letters.officeId, office.id))).length).toBe(before);
  });
});
