/**
 * The undersigned block and the PDF mark a signature given by staff ("signed by staff: Name, role"), in the letter's
 * language, by default; the office can turn the mark off before sending. The block page, the preview, the send and
 * the sent PDF all print the same marks. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { Db } from "#db/client.server";
import { auditEvents, letters } from "#db/schema";
import * as undersignedRoute from "#app/routes/letters.$letterId.undersigned";
import { inviteStaff } from "#app/models/signing.server";
import {
  letterDocumentFrom,
  renderSentLetterPdf,
  sendReadiness,
  signatoriesInLetter,
} from "#app/models/sending.server";
import { sendLetter } from "#app/services/sending.server";
import { signWithLink } from "#app/services/signing.server";
import type { UndersignedBlock } from "#app/domain/undersigned-block";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, sessionCookieFor } from "#tests/setup/routes";
import { createMep } from "#tests/factories/index";
import { closeSigning, createSendingWorld } from "./sending.fixtures";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
const label = usingPostgres() ? "postgres" : "pglite";

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

async function pdfText(bytes: Buffer) {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  let out = "";
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    out += content.items.map((i) => ("str" in i ? i.str + (i.hasEOL ? "\n" : "") : "")).join("");
  }
  await pdf.destroy();
  return out.replace(/\s+/g, " ");
}

/** A letter with the lead Member's own signature and one given by staff (on the Member's domain, so it counts). */
async function withStaffSignature(language = "en") {
  const w = await createSendingWorld(db, { signers: 0, closeSigning: false });
  await db.update(letters).set({ language }).where(eq(letters.id, w.letter.id));
  const domain = `ep${Date.now()}.test`;
  const member = await createMep(db, {
    givenName: "Saskia",
    familyName: `Bricmont${Date.now()}`,
    politicalGroup: "Greens/EFA",
    country: "BE",
    email: `saskia@${domain}`,
  });
  const inv = await db.transaction((tx) =>
    inviteStaff(tx, w.actor, {
      letterId: w.letter.id,
      mepId: member.id,
      staffName: "Eve Aide",
      staffEmail: `eve@${domain}`,
    }),
  );
  if (!inv.ok) throw new Error(inv.error);
  const signed = await signWithLink(db, {
    token: inv.invitation.token,
    versionHash: w.version.sha256,
    signerName: "Eve Aide",
    capacity: "staff",
    signerRole: "Accredited assistant",
    ip: "203.0.113.8",
    userAgent: "vitest",
  });
  expect(signed).toMatchObject({ ok: true, status: "signed", needsMemberConfirmation: false });
  const scope = { letterId: w.letter.id, officeId: w.office.id };
  const { cookie } = await sessionCookieFor(db, w.user, w.office.id);
  const page = async () =>
    (await callLoader(undersignedRoute, { path: `/letters/${w.letter.id}/undersigned`, params: scope, cookie }))
      .data as { block: UndersignedBlock; markStaff: boolean; staffSigned: number };
  return { w, member, scope, cookie, page, name: `Saskia ${member.familyName}` };
}

describe(`signatures given by staff are marked (${label})`, () => {
  it("on the block page, the preview and the sent PDF alike, with the staff member's name and role", async () => {
    const { w, scope, page, name } = await withStaffSignature();
    const expected = `${name} (Greens/EFA, BE) — signed by staff: Eve Aide, Accredited assistant`;
    const shown = await page();
    expect(shown).toMatchObject({ markStaff: true, staffSigned: 1 });
    expect(shown.block.lines).toContain(expected);
    // The lead Member signed personally: no mark.
    expect(shown.block.lines.filter((l) => l.includes("signed by staff"))).toHaveLength(1);
    const ready = (await sendReadiness(db, scope))!;
    expect(letterDocumentFrom(ready, new Date()).undersigned.lines).toEqual(shown.block.lines);

    await closeSigning(db, w.letter.id);
    expect((await sendLetter(db, w.actor, { letterId: w.letter.id })).ok).toBe(true);
    const sent = await signatoriesInLetter(db, scope);
    expect(sent.block.lines).toContain(expected);
    const pdf = (await renderSentLetterPdf(db, scope))!;
    expect(pdf.matchesRecord).toBe(true);
    expect(pdf.document.undersigned.lines).toContain(expected);
    expect(await pdfText(pdf.bytes)).toContain("signed by staff: Eve Aide, Accredited assistant");
  });

  it("in the letter's language", async () => {
    const { page } = await withStaffSignature("de");
    expect((await page()).block.lines.join("\n")).toContain(
      "im Auftrag unterzeichnet von: Eve Aide, Accredited assistant",
    );
  });

  it("the office can turn the mark off before sending (audited with the format)", async () => {
    const { w, scope, cookie, page } = await withStaffSignature();
    const r = await callAction(undersignedRoute, {
      path: `/letters/${w.letter.id}/undersigned`,
      params: scope,
      cookie,
      form: { format: "names-group-country" },
    });
    expect(r.data).toMatchObject({ ok: true });
    const shown = await page();
    expect(shown.markStaff).toBe(false);
    expect(shown.block.lines.join("\n")).not.toContain("signed by staff");
    const ready = (await sendReadiness(db, scope))!;
    expect(letterDocumentFrom(ready, new Date()).undersigned.lines.join("\n")).not.toContain("signed by staff");
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, w.letter.id), eq(auditEvents.action, "letter.undersigned-format.set")));
    expect(event.data).toMatchObject({ markStaff: false });
  });
});
