/**
 * The sent letter's PDF, read back with pdf.js: the text layer carries the undersigned block (lead MEP first), the
 * version hash, the verification code on every page and names in Slovak, Romanian, Greek, Bulgarian, Hungarian and
 * Polish; the bytes are identical on every render; one page and three pages both come out right.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { Db, DbHandle } from "#db/client.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { sha256Hex } from "#app/infra/crypto.server";
import { renderSentLetterPdf } from "#app/models/sending.server";
import { sendLetter } from "#app/services/sending.server";
import { renderLetterPdf } from "#app/pdf/letter-pdf.server";
import { buildLetterDocument } from "#app/pdf/letter-document";
import { parseLetterHtml, runsText } from "#app/pdf/html-blocks";
import { createSendingWorld } from "./sending.fixtures";
import { and, eq } from "drizzle-orm";
import { emails } from "#db/schema";
import { openEmailSecrets } from "#app/infra/email-secrets.server";

let handle: DbHandle & { name: string };
let db: Db;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

/** Text of each page, lines joined the way pdf.js reports line ends. */
async function pdfPages(bytes: Buffer): Promise<string[]> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const pages: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    pages.push(content.items.map((i) => ("str" in i ? i.str + (i.hasEOL ? "\n" : "") : "")).join(""));
  }
  await pdf.destroy();
  return pages;
}

const normalise = (s: string) => s.normalize("NFC").replace(/[ \t]+/g, " ");
/** Wrapped lines joined again (a line broken after a hyphen keeps the hyphen). */
const flat = (s: string) => s.replace(/-\n/g, "-").replace(/\s*\n\s*/g, " ");

describe(`letter PDF (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("a one-page letter: letterhead, addressees, salutations, body with its note, the undersigned block, hash and code", async () => {
    const w = await createSendingWorld(db);
    const sent = await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }));
    expect(sent.ok).toBe(true);
    const pdf = await renderSentLetterPdf(db, { letterId: w.letter.id, officeId: w.office.id });
    expect(pdf).not.toBeNull();
    expect(pdf!.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf!.matchesRecord).toBe(true);

    const pages = (await pdfPages(pdf!.bytes)).map(normalise);
    expect(pages).toHaveLength(1);
    const text = pages[0];
    expect(text).toContain(`Bart Groothuis ${w.t}`);
    expect(text).toContain("Member of the European Parliament");
    expect(text).toContain("Ursula von der Leyen");
    expect(text).toContain("European Commission");
    expect(text).toContain("Dear President von der Leyen,");
    expect(text).toContain("Dear Commissioner Breton,");
    expect(text).toMatch(/Brussels, \d{1,2} \w+ \d{4}/);
    expect(text).toContain(`Subject: Security of EU border scanners ${w.t}`);
    expect(text).toContain("We write to you about the security of scanners");
    expect(text).toContain("Customs Control Equipment Instrument");
    // The undersigned block: the lead office's MEP first, then the others in EP order, with group and country.
    const undersigned = text.slice(text.indexOf("Undersigned"));
    const lead = undersigned.indexOf(`Bart Groothuis${w.t} (Renew, NL)`);
    expect(lead).toBeGreaterThan(0);
    for (const name of [
      "Ivan Štefanec (EPP, SK)",
      "Dragoș Ştefănuță (Greens/EFA, RO)",
      "Ελένη Σταυρέα (EPP, EL)",
      "Андрей Ковачев (EPP, BG)",
      "Zoltán Őry (NI, HU)",
      "Łukasz Kohut (S&D, PL)",
    ]) {
      const at = undersigned.indexOf(name);
      expect(at, name).toBeGreaterThan(lead);
    }
    expect(flat(text)).toContain(
      "7 Members of the European Parliament from 4 political groups and 7 member states, including 1 non-attached Member",
    );
    expect(text).toContain(`Text fingerprint (SHA-256): ${w.version.sha256}`);
    expect(text).toContain(`Ref. BG-${w.t} · Version 1 · SHA-256 ${w.version.sha256.slice(0, 16)}`);
    expect(text).toContain(`Verification code ${w.letter.verificationCode}`);
    expect(text).toContain("Page 1 of 1");
  });

  it("what the Commission receives: one place-and-date line, one salutation per line, the copies named (PDF and email)", async () => {
    const w = await createSendingWorld(db, {
      signers: 2,
      placeLine: "Brussels, 5 December 2022", // an office typing the date as well
      addressees: [
        {
          name: "Ursula von der Leyen",
          role: "President",
          institution: "European Commission",
          salutation: "Dear President von der Leyen,",
          email: `president.${Date.now()}@ec.test`,
        },
        {
          name: "Thierry Breton",
          role: "Commissioner",
          salutation: "Dear Commissioner Breton",
          email: `breton.${Date.now()}@ec.test`,
        },
        {
          name: "Paolo Gentiloni",
          role: "Commissioner for Economy",
          institution: "European Commission",
          email: `gentiloni.${Date.now()}@ec.test`,
          kind: "cc",
        },
      ],
    });
    const sent = await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }));
    expect(sent.ok).toBe(true);
    const pdf = await renderSentLetterPdf(db, { letterId: w.letter.id, officeId: w.office.id });
    const text = (await pdfPages(pdf!.bytes)).map(normalise).join("\n");
    const dateLines = text.split("\n").filter((l) => /\b\d{1,2} [A-Z][a-z]+ \d{4}\b/.test(l));
    expect(dateLines).toHaveLength(1);
    expect(dateLines[0]).toMatch(/^Brussels, \d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(text).not.toContain("December 2022");
    expect(text).toMatch(/Dear President von der Leyen,\n\s*Dear Commissioner Breton,\n/);
    expect(flat(text)).toContain("Cc: Paolo Gentiloni, Commissioner for Economy, European Commission");

    const mails = (
      await db
        .select()
        .from(emails)
        .where(and(eq(emails.letterId, w.letter.id), eq(emails.kind, "letter")))
    ).map((m) => openEmailSecrets(m));
    expect(mails).toHaveLength(3); // two addressees and the copy, each their own message
    for (const m of mails) {
      expect(m.text).toContain("Ursula von der Leyen");
      expect(m.text).toContain("Thierry Breton");
      expect(m.text).toMatch(/Dear President von der Leyen,\s*\n+\s*Dear Commissioner Breton,/);
      expect(m.text).toContain("Cc: Paolo Gentiloni, Commissioner for Economy, European Commission");
      expect(m.text).not.toMatch(
        /(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}/,
      );
      expect(m.text).not.toContain("December 2022");
    }
  });

  it("renders identical bytes every time, so a retried email carries the same attachment and the hash keeps matching", async () => {
    const w = await createSendingWorld(db, { signers: 3 });
    const sent = await db.transaction((tx) => sendLetter(tx, w.actor, { letterId: w.letter.id }));
    if (!sent.ok) throw new Error(sent.error);
    const a = await renderSentLetterPdf(db, { letterId: w.letter.id, officeId: w.office.id });
    const b = await renderSentLetterPdf(db, { letterId: w.letter.id, officeId: w.office.id });
    expect(a!.bytes.equals(b!.bytes)).toBe(true);
    expect(sha256Hex(a!.bytes)).toBe(sent.pdfSha256);
    // Later edits to the office or the directory do not change the sent letter.
    const { offices, meps } = await import("#db/schema");
    const { eq } = await import("drizzle-orm");
    await db
      .update(offices)
      .set({ letterhead: "Someone else entirely", name: "Renamed" })
      .where(eq(offices.id, w.office.id));
    await db.update(meps).set({ givenName: "Renamed" }).where(eq(meps.id, w.leadMep.id));
    const c = await renderSentLetterPdf(db, { letterId: w.letter.id, officeId: w.office.id });
    expect(c!.sha256).toBe(sent.pdfSha256);
    expect(c!.matchesRecord).toBe(true);
    // Another office cannot render it.
    expect(
      await renderSentLetterPdf(db, { letterId: w.letter.id, officeId: "00000000-0000-4000-8000-000000000000" }),
    ).toBeNull();
  });

  it("a three-page letter with 700 signatories: body across pages, the block in columns, the footer on every page", async () => {
    const paragraph =
      "The Commission should ensure that security considerations outweigh price in every tender financed by the Union, and that the Member States apply the guidance consistently. ".repeat(
        4,
      );
    const body = [
      { type: "h2" as const, text: "Background" },
      ...Array.from({ length: 18 }, (_, i) => ({
        type: "p" as const,
        text: `${i + 1}. ${paragraph}${i === 3 ? "[^See the CCEI regulation.]" : ""}`,
      })),
      {
        type: "ul" as const,
        items: ["Exclude high-risk suppliers", "Publish the risk assessment", "Report to Parliament"],
      },
      { type: "quote" as const, text: "Security above price." },
      { type: "p" as const, text: "Yours sincerely," },
    ];
    const signatories = Array.from({ length: 700 }, (_, i) => ({
      givenName: ["Ivan", "Dragoș", "Ελένη", "Андрей"][i % 4],
      familyName: `${["Štefanec", "Ştefănuță", "Σταυρέα", "Ковачев"][i % 4]} ${String(i).padStart(3, "0")}`,
      group: ["EPP", "S&D", "Renew", "Greens/EFA"][i % 4],
      country: ["SK", "RO", "EL", "BG"][i % 4],
      lead: i === 0,
    }));
    const { editorJsonFromBlocks } = await import("#app/editor/build");
    const { renderLetterBody } = await import("#app/editor/render.server");
    const rendered = renderLetterBody(editorJsonFromBlocks(body));
    if (!rendered.ok) throw new Error(rendered.error);
    const doc = buildLetterDocument({
      locale: "en",
      letterhead: "Office of Bart Groothuis",
      officeName: "Office of Bart Groothuis",
      place: "Strasbourg",
      date: new Date("2024-10-21T08:00:00Z"),
      subject: "Security of EU border scanners",
      addressees: [
        {
          name: "Ursula von der Leyen",
          role: "President",
          institution: "European Commission",
          salutation: "Dear President von der Leyen",
        },
      ],
      bodyHtml: rendered.html,
      signatories,
      format: "names-group-country",
      reference: "BG-2024-07",
      versionNumber: 3,
      versionHash: "c".repeat(64),
      verificationCode: "AbCdEfGhIjKlMnOp",
      verifyUrl: "https://undersigned.example/verify/AbCdEfGhIjKlMnOp",
    });
    const bytes = await renderLetterPdf(doc);
    const pages = (await pdfPages(bytes)).map(normalise);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    pages.forEach((p, i) => {
      expect(p, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(p, `page ${i + 1}`).toContain("Verification code AbCdEfGhIjKlMnOp");
      expect(p, `page ${i + 1}`).toContain("SHA-256 cccccccccccccccc");
    });
    const all = pages.join("\n");
    // Every paragraph of the body made it, in order.
    let at = 0;
    for (let i = 1; i <= 18; i++) {
      const next = all.indexOf(`${i}. The Commission should ensure`, at);
      expect(next, `paragraph ${i}`).toBeGreaterThanOrEqual(at);
      at = next;
    }
    expect(pages[0]).not.toContain("Undersigned");
    // Every signatory is printed exactly once, the lead first.
    const lines = all.split("\n");
    for (const s of signatories) {
      const label = `${s.givenName} ${s.familyName} (${s.group}, ${s.country})`;
      expect(lines.filter((l) => l.includes(label)).length, label).toBe(1);
    }
    const block = all.slice(all.indexOf("Undersigned"));
    expect(block.split("\n").find((l) => l.includes("(") && l.includes(")"))).toContain("Ivan Štefanec 000");
    expect(flat(all)).toContain("700 Members of the European Parliament from 4 political groups and 4 member states");
    expect(all).toContain("See the CCEI regulation.");
    expect(all).toContain("Exclude high-risk suppliers");
  });

  it("a send recorded without a frozen document (demo seed, imports) still gets its PDF, rebuilt from the sent version", async () => {
    const w = await createSendingWorld(db, { signers: 2 });
    const { sends, letters } = await import("#db/schema");
    const { eq } = await import("drizzle-orm");
    const at = new Date();
    await db.update(letters).set({ status: "sent", sentAt: at }).where(eq(letters.id, w.letter.id));
    await db.insert(sends).values({
      letterId: w.letter.id,
      officeId: w.office.id,
      versionId: w.version.id,
      status: "sent",
      signatoryCount: 3,
      createdAt: at,
    });
    const pdf = await renderSentLetterPdf(db, { letterId: w.letter.id, officeId: w.office.id });
    expect(pdf?.matchesRecord).toBe(false);
    const [page] = (await pdfPages(pdf!.bytes)).map(normalise);
    expect(page).toContain("Ivan Štefanec (EPP, SK)");
    expect(page).toContain(`Text fingerprint (SHA-256): ${w.version.sha256}`);
  });

  it("a preview is marked as such and carries no verification code", async () => {
    const w = await createSendingWorld(db, { signers: 1 });
    const { renderPreviewPdf } = await import("#app/models/sending.server");
    const preview = await renderPreviewPdf(db, { letterId: w.letter.id, officeId: w.office.id });
    const [page] = (await pdfPages(preview!.bytes)).map(normalise);
    expect(page).toContain("PREVIEW — not sent");
    expect(page).not.toContain(`Verification code ${w.letter.verificationCode}`);
  });
});

describe("letter HTML to PDF blocks", () => {
  it("walks the allowed tags and pulls out the notes", () => {
    const html =
      '<h2>Heading</h2><p>We <strong>write</strong> to <em>you</em> about <u>Štefanec</u><sup>1</sup>&nbsp;&amp; <a href="https://example.org" rel="noopener noreferrer">more</a>.</p>' +
      '<ul><li>one</li><li>two<ol start="4"><li>nested</li></ol></li></ul><blockquote>Quoted</blockquote><p>line<br>break</p>' +
      '<section aria-label="Notes"><hr><ol><li>See <a href="https://example.org/x">https://example.org/x</a>.</li><li>Second note</li></ol></section>';
    const { blocks, notes } = parseLetterHtml(html);
    expect(blocks.map((b) => b.kind)).toEqual([
      "heading",
      "paragraph",
      "item",
      "item",
      "item",
      "paragraph",
      "paragraph",
    ]);
    const p = blocks[1];
    if (p.kind !== "paragraph") throw new Error();
    expect(runsText(p.runs)).toBe("We write to you about Štefanec1\u00a0& more.");
    expect(p.runs.find((r) => r.text === "write")?.bold).toBe(true);
    expect(p.runs.find((r) => r.text === "you")?.italic).toBe(true);
    expect(p.runs.find((r) => r.text === "Štefanec")?.underline).toBe(true);
    expect(p.runs.find((r) => r.text === "1")?.sup).toBe(true);
    expect(p.runs.find((r) => r.text === "more")?.href).toBe("https://example.org");
    expect(blocks.slice(2, 5).map((b) => (b.kind === "item" ? [b.marker, b.depth, runsText(b.runs)] : null))).toEqual([
      ["•", 0, "one"],
      ["•", 0, "two"],
      ["4.", 1, "nested"],
    ]);
    expect(blocks[5]).toMatchObject({ kind: "paragraph", quote: true });
    expect(blocks[6].kind === "paragraph" && runsText(blocks[6].runs)).toBe("line\nbreak");
    expect(notes.map(runsText)).toEqual(["See https://example.org/x.", "Second note"]);
  });

  it("keeps text but never markup from tags outside the allow-list, and drops unsafe links", () => {
    const { blocks } = parseLetterHtml(
      '<p>a <span onclick="x()">b</span> <a href="javascript:alert(1)">c</a> <img src=x onerror=alert(1)> 1 &lt; 2</p><script>evil()</script>',
    );
    const text = blocks.map((b) => (b.kind === "rule" ? "" : runsText(b.runs))).join("|");
    expect(text).toBe("a b c 1 < 2|evil()");
    expect(blocks.flatMap((b) => (b.kind === "rule" ? [] : b.runs)).some((r) => r.href)).toBe(false);
  });
});
