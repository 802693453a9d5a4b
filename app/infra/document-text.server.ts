/**
 * What an uploaded reply is and the text in it, for search. The type is decided by the bytes, never
 * by the file name or the browser's Content-Type: a PDF starts with "%PDF-", a .docx is a ZIP that
 * mammoth can read as a Word document. Text comes from pdf.js (Mozilla) and mammoth.
 */
// pdf.js and mammoth are loaded on the first upload, not at start-up (each costs about half a second and 15-30 MB).

export type DocumentKind = "pdf" | "docx";
export const DOCUMENT_CONTENT_TYPES: Record<DocumentKind, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};
/** Enough for any letter; a PDF with more pages is searched on its first ones only. */
const MAX_PAGES = 300;
/** Extracted text kept for search. */
const MAX_TEXT = 1_000_000;

export type ExtractResult =
  { ok: true; kind: DocumentKind; contentType: string; text: string } | { ok: false; error: "type" | "unreadable" };

export function sniffDocument(bytes: Uint8Array): DocumentKind | null {
  const head = Buffer.from(bytes.subarray(0, 8)).toString("latin1");
  if (head.startsWith("%PDF-")) return "pdf";
  if (head.startsWith("PK\u0003\u0004")) return "docx";
  return null;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
  }).promise;
  try {
    const pages: string[] = [];
    for (let p = 1; p <= Math.min(pdf.numPages, MAX_PAGES); p++) {
      const content = await (await pdf.getPage(p)).getTextContent();
      pages.push(content.items.map((i) => ("str" in i ? i.str + (i.hasEOL ? "\n" : " ") : "")).join(""));
    }
    return pages.join("\n\n");
  } finally {
    await pdf.destroy();
  }
}

async function docxText(bytes: Uint8Array): Promise<string> {
  const { default: mammoth } = await import("mammoth");
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
}

/** The file's kind and its text, or why it cannot be taken (not a PDF or .docx, or damaged). */
export async function extractDocumentText(bytes: Uint8Array): Promise<ExtractResult> {
  const kind = sniffDocument(bytes);
  if (!kind) return { ok: false, error: "type" };
  try {
    const raw = kind === "pdf" ? await pdfText(bytes) : await docxText(bytes);
    const text = raw
      .replace(/\u0000/g, "")
      .replace(/[ \t]+/g, " ")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
      .slice(0, MAX_TEXT);
    return { ok: true, kind, contentType: DOCUMENT_CONTENT_TYPES[kind], text };
  } catch {
    // A ZIP that is not a Word document, or a broken PDF.
    return { ok: false, error: kind === "docx" ? "type" : "unreadable" };
  }
}
