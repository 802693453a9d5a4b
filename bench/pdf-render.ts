/**
 * PDF render time of the final letter: a three-page letter body with 700 signatories against a one-page letter
 * with one signatory, measured in the same run (the baseline), plus the size and page count of each.
 * Run: npx tsx bench/pdf-render.ts [runs]
 */
import { performance } from "node:perf_hooks";
import { editorJsonFromBlocks, type Block } from "#app/editor/build";
import { renderLetterBody } from "#app/editor/render.server";
import { buildLetterDocument, type LetterDocument } from "#app/pdf/letter-document";
import { renderLetterPdf } from "#app/pdf/letter-pdf.server";

const RUNS = Number(process.argv[2] ?? 15);
const WARMUP = 3;

const SENTENCES = [
  "We are writing to you about the security of the scanners that will inspect cargo at the Union's external borders.",
  "The Customs Control Equipment Instrument finances over one billion euro of such equipment in the Member States.",
  "Several Member States have since adopted national measures, but the picture across the Union remains uneven.",
  "Procurement decisions taken today will determine the resilience of our critical infrastructure for a decade or more.",
  "We therefore ask the Commission to set out how it intends to ensure that security is weighed above price.",
];

function body(paragraphs: number, notes: number): Block[] {
  const blocks: Block[] = [];
  for (let p = 0; p < paragraphs; p++) {
    let text = "";
    for (let s = 0; s < 4; s++) text += SENTENCES[(p + s) % SENTENCES.length] + " ";
    if (p < notes) text += `[^See document E-${String(p + 1).padStart(6, "0")}/2022.]`;
    blocks.push({ type: "p", text: text.trim() });
    if (p % 6 === 5) blocks.push({ type: "h2", text: `Part ${p / 6 + 1}` });
  }
  blocks.push({ type: "p", text: "Yours sincerely," });
  return blocks;
}

const GIVEN = ["Ivan", "Dragoș", "Ελένη", "Андрей", "Zoltán", "Łukasz", "Markéta", "Bart"];
const FAMILY = ["Štefanec", "Ştefănuță", "Σταυρέα", "Ковачев", "Őry", "Kohut", "Gregorová", "Groothuis"];
const GROUPS = ["EPP", "S&D", "Renew", "Greens/EFA", "ECR", "The Left", "PfE", "NI"];
const COUNTRIES = ["SK", "RO", "EL", "BG", "HU", "PL", "CZ", "NL", "DE", "FR", "IT", "ES"];

function documentWith(paragraphs: number, signatories: number): LetterDocument {
  const rendered = renderLetterBody(editorJsonFromBlocks(body(paragraphs, Math.min(paragraphs, 8))));
  if (!rendered.ok) throw new Error(rendered.error);
  return buildLetterDocument({
    locale: "en",
    letterhead: "Bart Groothuis\nMember of the European Parliament\nRue Wiertz 60, 1047 Brussels",
    officeName: "Office of Bart Groothuis",
    place: "Brussels",
    date: new Date("2024-12-05T09:30:00Z"),
    subject: "Security of EU border scanners",
    addressees: [
      {
        name: "Ursula von der Leyen",
        role: "President",
        institution: "European Commission",
        salutation: "Dear President von der Leyen",
      },
      {
        name: "Stéphane Séjourné",
        role: "Executive Vice-President",
        institution: "European Commission",
        salutation: "Dear Executive Vice-President Séjourné",
      },
    ],
    bodyHtml: rendered.html,
    signatories: Array.from({ length: signatories }, (_, i) => ({
      givenName: GIVEN[i % GIVEN.length],
      familyName: `${FAMILY[(i * 7) % FAMILY.length]}${i ? ` ${i}` : ""}`,
      group: GROUPS[i % GROUPS.length],
      country: COUNTRIES[i % COUNTRIES.length],
      lead: i === 0,
    })),
    format: "names-group-country",
    reference: "BG-2024-12",
    versionNumber: 4,
    versionHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    verificationCode: "K7Q29XWDa1b2c3d4",
    verifyUrl: "https://undersigned.example/verify/K7Q29XWDa1b2c3d4",
  });
}

const pageCount = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;

async function measure(label: string, doc: LetterDocument) {
  for (let i = 0; i < WARMUP; i++) await renderLetterPdf(doc);
  const times: number[] = [];
  let last: Buffer = Buffer.alloc(0);
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = await renderLetterPdf(doc);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p90 = times[Math.floor(times.length * 0.9)];
  console.log(
    `${label.padEnd(44)} median ${median.toFixed(1).padStart(7)} ms  p90 ${p90.toFixed(1).padStart(7)} ms  ${String(pageCount(last)).padStart(2)} pages  ${(last.length / 1024).toFixed(0).padStart(4)} KB`,
  );
  return median;
}

const small = documentWith(3, 1);
const large = documentWith(16, 700);
const bodyOnly = documentWith(16, 1);
console.log(`PDF render, ${RUNS} runs after ${WARMUP} warm-up (node ${process.version})`);
const base = await measure("baseline: one page, one signatory", small);
await measure("three-page body, one signatory", bodyOnly);
const big = await measure("three-page body, 700 signatories", large);
console.log(`ratio (three-page body + 700 signatories / one page, one signatory): ${(big / base).toFixed(2)}×`);
