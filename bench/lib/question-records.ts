/**
 * A saved file of EP Open Data API v2 responses (JSON Lines, one response per line) for the question importer's
 * benchmark: for every 50 questions a list response (stubs) and a detail response (full records), in the shapes of
 * ../shared/docs/domain.md ("EP Open Data API v2") and tests/mocks/fake-ep-server.ts. Seeded, so the same `n` and
 * seed give the same file.
 *
 * Mix: written questions (E, 86 %), priority (P), oral (O) over 2019-2025 in the terms that sat in each year; one to
 * three authors from `personIds` (the directory's EP ids, so authors are matched), now and then a political group
 * as author; addressee codes from every era (Commission, Council, VP/HR; 1 % a code nobody knows, kept and
 * reported); 70 % answered (`inverse_answers_to` with its date); 2019-2021 records carry UTC date-times as
 * document_date, as older data does; an English title and the alternative title that holds the author names.
 */
import { termsInYear } from "#app/domain/question-reference";
import { rng } from "./random";
import { SUBJECTS } from "./texts";

const CONTEXT = [
  { data: "@graph", "@base": "https://data.europarl.europa.eu/" },
  "https://data.europarl.europa.eu/api/v2/context.jsonld",
];
const ADDRESSEE_CODES = [
  "org/COM",
  "org/EU_COMMISSION",
  "corporate-body/COM",
  "org/CS",
  "org/EU_COUNCIL",
  "corporate-body/CONSIL",
  "corporate-body/HRUFASP",
];
const GROUP_BODIES = ["org/7018", "org/5148", "org/4273"];
const WORK_TYPE = { E: "QUESTION_WRITTEN", P: "QUESTION_WRITTEN_PRIORITY", O: "QUESTION_ORAL" } as const;
const DAY = 86_400_000;

export type QuestionFile = { text: string; questions: number; lines: number };

export function questionRecordsFile(n: number, personIds: readonly number[], seed = 20241205): QuestionFile {
  const r = rng(seed);
  const counters = new Map<string, number>();
  const lines: string[] = [];
  let stubs: unknown[] = [];
  let details: unknown[] = [];
  const flush = () => {
    if (!details.length) return;
    lines.push(JSON.stringify({ data: stubs, "@context": CONTEXT }));
    lines.push(JSON.stringify({ data: details, "@context": CONTEXT }));
    stubs = [];
    details = [];
  };
  for (let i = 0; i < n; i++) {
    const year = r.int(2019, 2025);
    const terms = termsInYear(year);
    const term = terms[r.int(0, terms.length - 1)];
    const type = r.chance(0.86) ? "E" : r.chance(0.7) ? "P" : "O";
    const key = `${type}-${term}-${year}`;
    const number = (counters.get(key) ?? 0) + 1;
    counters.set(key, number);
    const identifier = `${key}-${String(number).padStart(6, "0")}`;
    const display = `${type}-${String(number).padStart(6, "0")}/${year}`;
    const tabled = Date.UTC(year, 0, 2) + r.int(0, 355) * DAY;
    const date = new Date(tabled).toISOString();
    // Older records give a UTC date-time (the evening before, in Brussels terms), newer ones a date.
    const documentDate = year <= 2021 ? `${date.slice(0, 10)}T23:00Z` : date.slice(0, 10);
    const authors = r.sample(personIds, r.int(1, 3));
    const body = r.chance(0.03) ? r.pick(GROUP_BODIES) : null;
    const addressee = r.chance(0.01) ? "org/UNKNOWN_BODY" : r.pick(ADDRESSEE_CODES);
    const names = authors.map((a) => `Member ${a} (Group)`).join(", ");
    const answered = r.chance(0.7);
    const answerDate = new Date(tabled + r.int(20, 160) * DAY).toISOString().slice(0, 10);
    stubs.push({
      id: `eli/dl/doc/${identifier}`,
      type: "Work",
      work_type: `def/ep-document-types/${WORK_TYPE[type]}`,
      identifier,
    });
    details.push({
      id: `eli/dl/doc/${identifier}`,
      type: "Work",
      work_type: `def/ep-document-types/${WORK_TYPE[type]}`,
      identifier,
      parliamentary_term: `org/ep-${term}`,
      document_date: documentDate,
      creator: authors.map((a) => `person/${a}`),
      title_dcterms: { en: `${r.pick(SUBJECTS)} (${display})`, fr: `Question ${display}` },
      workHadParticipation: [
        {
          participation_role: "def/ep-roles/AUTHOR",
          had_participant_person: authors.map((a) => `person/${a}`),
          ...(body ? { had_participant_organization: [body] } : {}),
        },
        { participation_role: "def/ep-roles/ADDRESSEE", had_participant_organization: [addressee] },
      ],
      is_realized_by: [
        {
          id: `eli/dl/doc/${identifier}/en`,
          title_alternative: { en: `Question for written answer ${display} - to the Commission - Rule 144 - ${names}` },
        },
      ],
      ...(answered
        ? {
            inverse_answers_to: [
              {
                identifier: `${identifier}-ASW`,
                answers_to: `eli/dl/doc/${identifier}`,
                document_date: answerDate,
                creator: ["org/EU_COMMISSION"],
                title_dcterms: { en: `Answer for question ${display}` },
              },
            ],
          }
        : {}),
    });
    if (details.length === 50) flush();
  }
  flush();
  return { text: lines.join("\n") + "\n", questions: n, lines: lines.length };
}
