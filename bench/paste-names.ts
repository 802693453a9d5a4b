/**
 * Reading a pasted signature list of 700 names against a directory of 720, against a baseline measured in the
 * same run: the same 700 names one per line (each line matched on its own, no splitting), so the ratio is what
 * reading a run of names with only spaces between them costs on top of matching the names.
 * Run: npx tsx bench/paste-names.ts [runs]
 *
 * Directory: the 90 Members of db/data/meps-sample.xml, the 137 real names of tests/fixtures/ep-full-names.ts and
 * generated given + family names (bench/lib/texts.ts) up to 720. Paste: 700 of them, diacritics dropped, every
 * fourth with a typo, every seventh surname first in capitals, every ninth glued to the one before, a page
 * header and group labels in between, all on one line.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseMepXml } from "#app/domain/mep-import";
import { foldDiacritics, splitEpFullName } from "#app/domain/names";
import { buildNameIndex, matchName, readPastedNames, type DirectoryEntry } from "#app/domain/name-matcher";
import { EP_FULL_NAMES } from "#tests/fixtures/ep-full-names";
import { FAMILY_NAMES, GIVEN_NAMES } from "./lib/texts";
import { rng } from "./lib/random";

const RUNS = Number(process.argv[2] ?? 5);
const r = rng(20261201);

function directory(): DirectoryEntry[] {
  const parsed = parseMepXml(readFileSync("db/data/meps-sample.xml", "utf8"), { term: 9 });
  if (!parsed.ok) throw new Error(parsed.error);
  const out: DirectoryEntry[] = parsed.value.meps.map((m) => ({
    id: m.epId,
    givenName: m.givenName,
    familyName: m.familyName,
    country: m.country,
    politicalGroup: m.politicalGroup,
  }));
  const seen = new Set(out.map((e) => `${e.givenName} ${e.familyName}`));
  const add = (givenName: string, familyName: string, country: string) => {
    const key = `${givenName} ${familyName}`;
    if (seen.has(key) || out.length >= 720) return;
    seen.add(key);
    out.push({ id: 500_000 + out.length, givenName, familyName, country, politicalGroup: "EPP" });
  };
  for (const e of EP_FULL_NAMES) add(e.given, e.family, e.country);
  while (out.length < 720) {
    const family = splitEpFullName(`X ${r.pick(FAMILY_NAMES)}`).familyName;
    add(r.pick(GIVEN_NAMES), family, "FR");
  }
  return out;
}

/** Two letters swapped in the last word of the surname ("López Aguilar" → "López Agiular"). */
const typo = (family: string) => family.replace(/(\p{L}{5,})$/u, (w) => w.slice(0, 2) + w[3] + w[2] + w.slice(4));

function paste(dir: DirectoryEntry[]) {
  const chosen = r.sample(dir, 700);
  const lines = chosen.map((e, i) => {
    const given = foldDiacritics(e.givenName);
    const family = foldDiacritics(i % 4 === 1 ? typo(e.familyName) : e.familyName);
    return i % 7 === 0 ? `${family.toUpperCase()} ${given}` : `${given} ${family}`;
  });
  let block = "Signatories";
  lines.forEach((l, i) => {
    if (i > 0 && i % 100 === 0) block += ` Page ${i / 100 + 1}`;
    if (i % 150 === 75) block += " Renew";
    block += i % 9 === 5 ? l : ` ${l}`;
  });
  return { chosen, lines, block };
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(label: string, fn: () => unknown) {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  const m = median(samples);
  console.log(`${label.padEnd(58)} median ${m.toFixed(1)} ms  (min ${Math.min(...samples).toFixed(1)} ms)`);
  return m;
}

const dir = directory();
const { chosen, lines, block } = paste(dir);
console.log(`directory ${dir.length}, paste 700 names, ${block.length} characters on one line; ${RUNS} runs each`);

// A fresh index per run: the office pastes once, the server builds the index per request.
const tLines = time("baseline: 700 names one per line, matchName each", () => {
  const index = buildNameIndex(dir);
  for (const l of lines) matchName(l, index);
});
const tBlock = time("700 names on one line (readPastedNames)", () => readPastedNames(block, buildNameIndex(dir)));
const tMixed = time("700 names, mixed separators (readPastedNames)", () =>
  readPastedNames(
    lines.map((l, i) => l + (i % 3 === 0 ? "\n" : i % 3 === 1 ? ", " : " and ")).join(""),
    buildNameIndex(dir),
  ),
);

const res = readPastedNames(block, buildNameIndex(dir));
const want = new Set(chosen.map((e) => e.id));
const acceptedIds = res.matches.filter((m) => m.level === "exact" || m.level === "strong").map((m) => m.best!.id);
const correct = new Set(acceptedIds.filter((id) => want.has(id)));
console.log(
  `one line: ${res.matches.length} proposals, ${acceptedIds.length} pre-selected, precision ${(correct.size / Math.max(1, acceptedIds.length)).toFixed(3)}, ` +
    `recall ${(correct.size / want.size).toFixed(3)}, unmatched ${JSON.stringify(res.unmatched.slice(0, 8))}${res.unmatched.length > 8 ? "…" : ""}`,
);
console.log(`RATIO one line / one per line: ${(tBlock / tLines).toFixed(2)}`);
console.log(`RATIO mixed separators / one per line: ${(tMixed / tLines).toFixed(2)}`);
