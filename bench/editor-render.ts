/**
 * Server render time of a three-page letter with 20 footnotes, against baselines measured in the same run.
 * Run: npx tsx bench/editor-render.ts [runs]
 */
import { performance } from "node:perf_hooks";
import { editorJsonFromBlocks, type Block } from "#app/editor/build";
import { renderLetterBody } from "#app/editor/render.server";
import { validateEditorJson } from "#app/editor/validate";

const RUNS = Number(process.argv[2] ?? 200);
const WARMUP = 20;

const SENTENCES = [
  "We are writing to you about the security of the equipment that will carry Europe's next generation of mobile networks.",
  "The Commission's own risk assessment identified dependence on high-risk suppliers as a strategic vulnerability.",
  "Several Member States have since adopted national measures, but the picture across the Union remains uneven.",
  "Procurement decisions taken today will determine the resilience of our critical infrastructure for a decade or more.",
  "We therefore ask the Commission to set out how it intends to ensure that security is weighed above price.",
  "This is not a question of protectionism but of the basic duty to protect citizens and their data.",
];

/** About 1,500 words: three printed pages. */
function threePageLetter(): Block[] {
  const blocks: Block[] = [];
  let notes = 0;
  for (let section = 0; section < 5; section++) {
    blocks.push({ type: "h2", text: `Section ${section + 1}: **findings** and requests` });
    for (let para = 0; para < 4; para++) {
      let text = "";
      for (let s = 0; s < 3; s++) {
        text += SENTENCES[(section + para + s) % SENTENCES.length] + " ";
        if (notes < 20 && s === 1)
          text += `[^See document E-${String(++notes).padStart(6, "0")}/2022, https://www.europarl.europa.eu/doceo/document/E-9-2022-${notes}_EN.html.] `;
      }
      blocks.push({ type: "p", text: text.trim() });
    }
    blocks.push({
      type: "ul",
      items: ["a **first** request to the Commission", "a second request, with detail", "a third request"],
    });
    if (section % 2 === 0) blocks.push({ type: "quote", text: SENTENCES[section % SENTENCES.length] });
  }
  return blocks;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(label: string, fn: () => unknown): number {
  for (let i = 0; i < WARMUP; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  const m = median(samples);
  console.log(
    `${label.padEnd(44)} median ${m.toFixed(3)} ms  (p90 ${samples.sort((a, b) => a - b)[Math.floor(RUNS * 0.9)].toFixed(3)} ms)`,
  );
  return m;
}

const big = editorJsonFromBlocks(threePageLetter());
const small = editorJsonFromBlocks([{ type: "p", text: "Dear colleagues, please sign this letter." }]);
const bigText = JSON.stringify(big);

const check = renderLetterBody(big);
if (!check.ok) throw new Error(check.error);
const words = check.plainText.split(/\s+/).length;
console.log(
  `letter: ${words} words, ${check.footnotes.length} footnotes, ${Math.round(bigText.length / 1024)} kB JSON, ${Math.round(check.html.length / 1024)} kB HTML; ${RUNS} runs each`,
);

const tJson = time("baseline: JSON.parse+stringify (3 pages)", () => JSON.stringify(JSON.parse(bigText)));
const tSmall = time("baseline: render one-paragraph letter", () => renderLetterBody(small));
const tValidate = time("validate only (3 pages)", () => validateEditorJson(bigText));
const tBig = time("render three-page letter, 20 footnotes", () => renderLetterBody(bigText));

console.log("");
console.log(`ratio render(3 pages) / render(1 paragraph): ${(tBig / tSmall).toFixed(1)}x`);
console.log(`ratio render(3 pages) / JSON round trip:     ${(tBig / tJson).toFixed(1)}x`);
console.log(`share of validation in render(3 pages):     ${((tValidate / tBig) * 100).toFixed(1)}%`);
