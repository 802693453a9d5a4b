/**
 * A letter version as a Word document (.docx), written with the `docx` package from the version's editor JSON:
 * headings, paragraphs, bulleted and numbered lists (nested, each list numbered from 1), quotes (Word's "Quote"
 * style), links, footnotes (real Word footnotes), bold and italic. The page header names the letter, the version and
 * its fingerprint; it is not part of the text (reading the file back, app/editor/word-import, ignores headers), so a
 * document exported and imported again gives the same letter body.
 */
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
  type ParagraphChild,
} from "docx";

type JsonNode = { type?: string; text?: string; format?: number; note?: string; url?: string; tag?: string } & {
  children?: JsonNode[];
  listType?: string;
};

const BOLD = 1;
const ITALIC = 2;
const NUMBERED = "letter-numbered";
const HEADINGS = {
  h1: HeadingLevel.HEADING_1,
  h2: HeadingLevel.HEADING_2,
  h3: HeadingLevel.HEADING_3,
  h4: HeadingLevel.HEADING_4,
} as const;

export type WordExportInput = {
  editorJson: unknown;
  subject: string;
  /** The header's words, in the letter's language: "Version {number} · SHA-256 {hash}". */
  headerLine: string;
};

class Writer {
  footnotes: Record<number, { children: Paragraph[] }> = {};
  private nextNote = 1;
  private nextList = 0;
  paragraphs: Paragraph[] = [];

  runs(nodes: JsonNode[] | undefined, style?: string): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const n of nodes ?? []) {
      switch (n.type) {
        case "text": {
          const f = n.format ?? 0;
          out.push(new TextRun({ text: n.text ?? "", bold: Boolean(f & BOLD), italics: Boolean(f & ITALIC), style }));
          break;
        }
        case "linebreak":
          out.push(new TextRun({ break: 1 }));
          break;
        case "tab":
          out.push(new TextRun({ text: "\t" }));
          break;
        case "footnote": {
          const id = this.nextNote++;
          this.footnotes[id] = { children: [new Paragraph({ children: [new TextRun(n.note ?? "")] })] };
          out.push(new FootnoteReferenceRun(id));
          break;
        }
        case "link":
        case "autolink":
          out.push(
            new ExternalHyperlink({
              link: n.url ?? "",
              children: this.runs(n.children, "Hyperlink") as TextRun[],
            }),
          );
          break;
        default:
          out.push(...this.runs(n.children, style));
      }
    }
    return out;
  }

  block(n: JsonNode) {
    switch (n.type) {
      case "heading":
        this.paragraphs.push(
          new Paragraph({
            heading: HEADINGS[(n.tag as keyof typeof HEADINGS) ?? "h2"] ?? HeadingLevel.HEADING_2,
            children: this.runs(n.children),
          }),
        );
        return;
      case "quote":
        this.paragraphs.push(new Paragraph({ style: "Quote", children: this.runs(n.children) }));
        return;
      case "list":
        this.list(n, 0, this.nextList++);
        return;
      default:
        this.paragraphs.push(new Paragraph({ children: this.runs(n.children) }));
    }
  }

  private list(list: JsonNode, level: number, instance: number) {
    const numbered = list.listType === "number";
    for (const item of list.children ?? []) {
      const inline = (item.children ?? []).filter((c) => c.type !== "list");
      const nested = (item.children ?? []).filter((c) => c.type === "list");
      if (inline.length)
        this.paragraphs.push(
          new Paragraph({
            children: this.runs(inline),
            ...(numbered
              ? { numbering: { reference: NUMBERED, level: Math.min(level, 8), instance } }
              : { bullet: { level: Math.min(level, 8) } }),
          }),
        );
      for (const sub of nested) this.list(sub, level + 1, sub.listType === "number" ? this.nextList++ : instance);
    }
  }
}

/** The .docx bytes of one version. */
export async function exportWord(input: WordExportInput): Promise<Buffer> {
  const root = (input.editorJson as { root?: JsonNode } | null)?.root;
  const w = new Writer();
  for (const block of root?.children ?? []) w.block(block);
  if (!w.paragraphs.length) w.paragraphs.push(new Paragraph(""));
  const doc = new Document({
    title: input.subject,
    description: input.headerLine,
    creator: "Undersigned",
    styles: {
      paragraphStyles: [
        {
          id: "Quote",
          name: "Quote",
          basedOn: "Normal",
          next: "Normal",
          quickFormat: true,
          run: { italics: true },
          paragraph: { indent: { left: 720, right: 720 } },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: NUMBERED,
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    footnotes: w.footnotes,
    sections: [
      {
        headers: {
          default: new Header({
            children: [
              new Paragraph({ children: [new TextRun({ text: input.subject, bold: true })] }),
              new Paragraph({ children: [new TextRun({ text: input.headerLine, size: 16 })] }),
            ],
          }),
        },
        children: w.paragraphs,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** "BG-2022-17-v3.docx": the PDF's name with the Word extension. */
export function wordFilename(pdfFilename: string) {
  return pdfFilename.replace(/\.pdf$/i, "") + ".docx";
}
