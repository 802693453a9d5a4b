/**
 * The final letter as an A4 PDF, written with PDFKit and the DejaVu fonts (full Latin incl. Š ț ő ł, Greek and
 * Cyrillic; embedded as subsets with a ToUnicode map, so the text is selectable and extractable).
 *
 * Deterministic: the same LetterDocument gives the same bytes on every render. PDFKit derives the trailer /ID from
 * the info dictionary, so fixing CreationDate/ModDate (the send's time) is enough; nothing else is random.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
// pdfkit (with fontkit) is loaded when the first PDF is made, not at start-up.
import type PDFKitDocument from "pdfkit";
import { formatDate, translate, type MessageKey, type Vars } from "#app/i18n";
import { localeOrEnglish, type Locale } from "#app/i18n/locales";
import type { CountLine } from "#app/domain/undersigned-block";
import { parseLetterHtml, type PdfBlock, type Run } from "./html-blocks";
import type { LetterDocument } from "./letter-document";

type Doc = PDFKit.PDFDocument;

// ---------------------------------------------------------------- fonts

const FONT_FILES = {
  serif: "DejaVuSerif.ttf",
  "serif-bold": "DejaVuSerif-Bold.ttf",
  "serif-italic": "DejaVuSerif-Italic.ttf",
  "serif-bolditalic": "DejaVuSerif-BoldItalic.ttf",
  sans: "DejaVuSans.ttf",
  "sans-bold": "DejaVuSans-Bold.ttf",
} as const;
type FontName = keyof typeof FONT_FILES;

let fontCache: Record<FontName, Buffer> | undefined;

function fonts(): Record<FontName, Buffer> {
  if (fontCache) return fontCache;
  const require = createRequire(import.meta.url);
  const out = {} as Record<FontName, Buffer>;
  for (const [name, file] of Object.entries(FONT_FILES) as [FontName, string][]) {
    out[name] = readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
  }
  fontCache = out;
  return out;
}

// ---------------------------------------------------------------- layout constants (points; A4 = 595.28 × 841.89)

const MARGIN = { top: 56, bottom: 84, left: 68, right: 64 };
const BODY_SIZE = 10.5;
const BODY_GAP = 7; // after a paragraph
const SMALL = 8.5;
const FOOTER_SIZE = 7.5;
const INK = "#111111";
const MUTED = "#555555";

// ---------------------------------------------------------------- helpers

function labels(locale: Locale) {
  return (key: MessageKey, vars?: Vars) => translate(locale, key, vars);
}

function formatLetterDate(locale: Locale, iso: string) {
  return formatDate(locale, iso);
}

function countLineText(t: ReturnType<typeof labels>, c: CountLine) {
  const members = t("block.members", { count: c.count });
  const states = t("block.states", { count: c.countries });
  if (c.groups === 0) return t("block.countLine.noGroups", { members, states });
  const groups = t("block.groups", { count: c.groups });
  if (c.nonAttached > 0)
    return t("block.countLine.withNonAttached", {
      members,
      groups,
      states,
      nonAttached: t("block.nonAttached", { count: c.nonAttached }),
    });
  return t("block.countLine", { members, groups, states });
}

function bodyFont(r: Run): FontName {
  if (r.bold && r.italic) return "serif-bolditalic";
  if (r.bold) return "serif-bold";
  if (r.italic) return "serif-italic";
  return "serif";
}

const contentWidth = (doc: Doc) => doc.page.width - MARGIN.left - MARGIN.right;
const bottomLimit = (doc: Doc) => doc.page.height - MARGIN.bottom;

/** Starts a new page when fewer than `needed` points are left. */
function ensureSpace(doc: Doc, needed: number) {
  if (doc.y + needed > bottomLimit(doc)) doc.addPage();
}

/** Writes styled runs as one flowing paragraph (PDFKit `continued` text). */
function writeRuns(
  doc: Doc,
  runs: Run[],
  opts: { x: number; width: number; size: number; align?: "left" | "justify"; indent?: number },
) {
  const parts = runs.filter((r) => r.text.length);
  if (!parts.length) return;
  doc.x = opts.x;
  parts.forEach((r, i) => {
    const last = i === parts.length - 1;
    doc
      .font(bodyFont(r))
      .fontSize(r.sup ? opts.size * 0.65 : opts.size)
      .fillColor(r.href ? "#1d4ed8" : INK);
    const o: PDFKit.Mixins.TextOptions = {
      continued: !last,
      underline: Boolean(r.underline || r.href),
      strike: Boolean(r.strike),
      link: r.href ?? null,
      lineGap: 2,
    } as PDFKit.Mixins.TextOptions;
    if (i === 0) Object.assign(o, { width: opts.width, align: opts.align ?? "left", indent: opts.indent ?? 0 });
    doc.text(r.text, o);
  });
  doc.fillColor(INK).fontSize(opts.size);
}

function writeBlock(doc: Doc, b: PdfBlock) {
  const x0 = MARGIN.left;
  const w = contentWidth(doc);
  switch (b.kind) {
    case "rule": {
      ensureSpace(doc, 14);
      const y = doc.y + 4;
      doc
        .moveTo(x0, y)
        .lineTo(x0 + w, y)
        .lineWidth(0.5)
        .strokeColor(MUTED)
        .stroke();
      doc.y = y + 8;
      return;
    }
    case "heading": {
      const size = b.level === 1 ? 14 : b.level === 2 ? 12.5 : b.level === 3 ? 11.5 : BODY_SIZE;
      // Keep a heading with at least two lines of what follows.
      ensureSpace(doc, size * 1.4 + BODY_SIZE * 3);
      doc.moveDown(0.2);
      writeRuns(
        doc,
        b.runs.map((r) => ({ ...r, bold: true })),
        { x: x0, width: w, size },
      );
      doc.y += 4;
      return;
    }
    case "paragraph": {
      const inset = b.quote ? 22 : 0;
      ensureSpace(doc, BODY_SIZE * 2.5);
      if (b.quote) {
        const top = doc.y;
        writeRuns(
          doc,
          b.runs.map((r) => ({ ...r, italic: !r.italic })),
          { x: x0 + inset, width: w - inset * 2, size: BODY_SIZE },
        );
        // A quote bar on the part of the paragraph that stayed on this page.
        if (doc.y > top)
          doc
            .moveTo(x0 + 6, top)
            .lineTo(x0 + 6, doc.y)
            .lineWidth(1.5)
            .strokeColor("#bbbbbb")
            .stroke();
      } else {
        writeRuns(doc, b.runs, { x: x0, width: w, size: BODY_SIZE, align: "justify" });
      }
      doc.y += BODY_GAP;
      return;
    }
    case "item": {
      const indent = 16 + b.depth * 16 + (b.quote ? 22 : 0);
      ensureSpace(doc, BODY_SIZE * 2.5);
      const y = doc.y;
      doc
        .font("serif")
        .fontSize(BODY_SIZE)
        .fillColor(INK)
        .text(b.marker, x0 + indent - 14, y, { width: 14, lineBreak: false });
      doc.y = y;
      writeRuns(doc, b.runs, { x: x0 + indent + 4, width: w - indent - 4, size: BODY_SIZE });
      doc.y += 3;
      return;
    }
  }
}

/**
 * The list of undersigned in one or two columns: long lists flow down the left column and then the right one on
 * each page, and the last page is balanced so both columns end at about the same height.
 */
function writeUndersigned(doc: Doc, entries: Array<{ text: string; bold?: boolean }>) {
  const x0 = MARGIN.left;
  const w = contentWidth(doc);
  const twoColumns = entries.length > 8;
  const gap = 18;
  const colW = twoColumns ? (w - gap) / 2 : w;
  const size = entries.length > 40 ? 8.5 : 9.5;
  const heightOf = (e: { text: string; bold?: boolean }) =>
    doc
      .font(e.bold ? "sans-bold" : "sans")
      .fontSize(size)
      .heightOfString(e.text, { width: colW, lineGap: 1 }) + 1.5;
  const heights = entries.map(heightOf);
  let i = 0;
  while (i < entries.length) {
    if (bottomLimit(doc) - doc.y < heights[i] + 4) doc.addPage();
    const available = bottomLimit(doc) - doc.y;
    const remaining = heights.slice(i).reduce((a, b) => a + b, 0);
    // When the rest fits on this page, the left column takes about half of it; otherwise it runs to the bottom.
    const balance = twoColumns && remaining <= available * 2 - 2 * Math.max(...heights.slice(i));
    const top = doc.y;
    let maxY = top;
    for (let c = 0; c < (twoColumns ? 2 : 1) && i < entries.length; c++) {
      let used = 0;
      while (i < entries.length) {
        const h = heights[i];
        if (used > 0 && used + h > available) break;
        if (c === 0 && balance && used > 0 && used + h / 2 > remaining / 2) break;
        const e = entries[i];
        doc
          .font(e.bold ? "sans-bold" : "sans")
          .fontSize(size)
          .fillColor(INK);
        doc.text(e.text, x0 + c * (colW + gap), top + used, { width: colW, lineGap: 1 });
        used += h;
        i++;
      }
      maxY = Math.max(maxY, top + used);
    }
    doc.x = x0;
    doc.y = maxY;
    if (i < entries.length) doc.addPage();
  }
}

function writeFooters(doc: Doc, d: LetterDocument, t: ReturnType<typeof labels>) {
  const range = doc.bufferedPageRange();
  const shortHash = d.versionHash.slice(0, 16);
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    // Writing in the bottom margin must not trigger PDFKit's automatic page break.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 58;
    const x0 = MARGIN.left;
    const w = contentWidth(doc);
    doc
      .moveTo(x0, y - 6)
      .lineTo(x0 + w, y - 6)
      .lineWidth(0.4)
      .strokeColor("#999999")
      .stroke();
    doc.font("sans").fontSize(FOOTER_SIZE).fillColor(MUTED);
    const pageLabel = t("sending.pdf.page", { page: p - range.start + 1, pages: range.count });
    const pageW = doc.widthOfString(pageLabel) + 2;
    doc.text(
      t("sending.pdf.footer.reference", { reference: d.reference, number: d.versionNumber, hash: shortHash }),
      x0,
      y,
      { width: w - pageW - 12, lineBreak: false },
    );
    doc.text(pageLabel, x0 + w - pageW, y, { width: pageW, align: "right", lineBreak: false });
    const second = d.preview
      ? t("sending.pdf.footer.preview")
      : t("sending.pdf.footer.verify", { code: d.verificationCode, url: d.verifyUrl });
    doc.text(second, x0, y + 10, { width: w, lineBreak: false });
    doc.page.margins.bottom = savedBottom;
  }
  doc.fillColor(INK);
}

// ---------------------------------------------------------------- the document

export async function renderLetterPdf(d: LetterDocument): Promise<Buffer> {
  const locale = localeOrEnglish(d.locale);
  const t = labels(locale);
  const when = new Date(d.date);
  const { default: PDFDocument }: { default: typeof PDFKitDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    compress: true,
    pdfVersion: "1.7",
    lang: locale,
    displayTitle: true,
    info: {
      Title: d.subject,
      Author: d.officeName,
      Subject: d.subject,
      Keywords: `${d.reference}; SHA-256 ${d.versionHash}; ${d.verificationCode}`,
      Creator: "Undersigned",
      Producer: "Undersigned (PDFKit)",
      CreationDate: when,
      ModDate: when,
    },
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const f = fonts();
  for (const name of Object.keys(f) as FontName[]) doc.registerFont(name, f[name]);

  const x0 = MARGIN.left;
  const w = contentWidth(doc);

  // Letterhead: the lead office, then a rule.
  d.letterhead.forEach((line, i) => {
    doc
      .font(i === 0 ? "sans-bold" : "sans")
      .fontSize(i === 0 ? 13 : SMALL)
      .fillColor(i === 0 ? INK : MUTED)
      .text(line, x0, doc.y, { width: w });
  });
  doc.y += 6;
  doc
    .moveTo(x0, doc.y)
    .lineTo(x0 + w, doc.y)
    .lineWidth(0.8)
    .strokeColor(INK)
    .stroke();
  doc.y += 18;
  doc.fillColor(INK);

  // Addressees (several side by side would crowd the page: one block each, stacked).
  for (const a of d.addressees) {
    const lines = [a.name, a.role, a.institution].filter((l): l is string => Boolean(l && l.trim()));
    lines.forEach((l, i) =>
      doc
        .font(i === 0 ? "serif-bold" : "serif")
        .fontSize(BODY_SIZE)
        .text(l, x0, doc.y, { width: w * 0.6 }),
    );
    doc.y += 5;
  }

  // Place and date, right-aligned.
  doc.y += 6;
  doc
    .font("serif")
    .fontSize(BODY_SIZE)
    .text(`${d.place}, ${formatLetterDate(locale, d.date)}`, x0, doc.y, { width: w, align: "right" });
  doc.y += 14;

  doc
    .font("serif-bold")
    .fontSize(BODY_SIZE)
    .text(t("sending.pdf.subject", { subject: d.subject }), x0, doc.y, { width: w });
  doc.y += 10;
  for (const s of d.salutations)
    doc
      .font("serif")
      .fontSize(BODY_SIZE)
      .text(s.endsWith(",") ? s : `${s},`, x0, doc.y, { width: w });
  doc.y += 8;

  const parsed = parseLetterHtml(d.bodyHtml);
  for (const b of parsed.blocks) writeBlock(doc, b);

  // The undersigned.
  doc.y += 8;
  ensureSpace(doc, 60);
  doc.font("sans-bold").fontSize(BODY_SIZE).fillColor(INK).text(t("sending.pdf.undersigned"), x0, doc.y, { width: w });
  doc.y += 4;
  const entries =
    d.undersigned.format === "by-group"
      ? d.undersigned.sections.flatMap((s) => [{ text: s.group, bold: true }, ...s.names.map((n) => ({ text: n }))])
      : d.undersigned.lines.map((l) => ({ text: l }));
  writeUndersigned(doc, entries);
  doc.y += 6;
  ensureSpace(doc, 24);
  doc
    .font("sans")
    .fontSize(SMALL)
    .fillColor(MUTED)
    .text(countLineText(t, d.undersigned.countLine), x0, doc.y, { width: w });
  doc.fillColor(INK);

  // Copies.
  if (d.cc?.length) {
    doc.y += 10;
    ensureSpace(doc, BODY_SIZE * 2);
    doc
      .font("serif")
      .fontSize(BODY_SIZE)
      .text(t("sending.letter.cc", { names: d.cc.join("; ") }), x0, doc.y, { width: w });
  }

  // Notes, numbered as in the body.
  if (parsed.notes.length) {
    doc.y += 14;
    ensureSpace(doc, 40);
    doc
      .moveTo(x0, doc.y)
      .lineTo(x0 + w * 0.35, doc.y)
      .lineWidth(0.5)
      .strokeColor(MUTED)
      .stroke();
    doc.y += 6;
    parsed.notes.forEach((runs, i) => {
      ensureSpace(doc, SMALL * 2.5);
      const y = doc.y;
      doc
        .font("serif")
        .fontSize(SMALL)
        .fillColor(INK)
        .text(`${i + 1}`, x0, y, { width: 16, lineBreak: false });
      doc.y = y;
      writeRuns(doc, runs, { x: x0 + 16, width: w - 16, size: SMALL });
      doc.y += 3;
    });
  }

  // How to check it.
  doc.y += 12;
  ensureSpace(doc, 44);
  doc.font("sans-bold").fontSize(SMALL).fillColor(INK).text(t("sending.pdf.verifyHeading"), x0, doc.y, { width: w });
  doc.font("sans").fontSize(SMALL).fillColor(MUTED);
  doc.text(t("sending.pdf.reference", { reference: d.reference, number: d.versionNumber }), x0, doc.y, { width: w });
  doc.text(t("sending.pdf.versionHash", { hash: d.versionHash }), x0, doc.y, { width: w });
  doc.text(t("sending.pdf.verifyAt", { code: d.verificationCode, url: d.verifyUrl }), x0, doc.y, { width: w });
  doc.fillColor(INK);

  writeFooters(doc, d, t);
  doc.end();
  return done;
}
