/**
 * Parliamentary questions in the EP Open Data API v2 (JSON-LD): reading one detail record into the
 * facts the register keeps, and reading a saved file of API responses. Pure: the HTTP side is
 * app/infra/ep-open-data.server.ts, the database side app/models/questions.server.ts.
 *
 * A saved file holds one API response per line (JSON Lines, as the importer's live mode writes them):
 * list responses (stubs: id, type, identifier) and detail responses. A single pretty-printed response
 * is accepted too; its records are then reported by position. Bad records are reported by line and
 * record number and skipped; they never stop the others.
 */
import { addresseeFromCode, type Addressee } from "./question-addressees";
import { formatQuestionReference, termsInYear, type QuestionType } from "./question-reference";
import { isValidIsoDate, toIsoDate, type IsoDate } from "./reply-clock";

export type EpAuthor = { epPersonId: number; name: string | null } | { bodyCode: string; name: string | null };

export type EpQuestion = {
  type: QuestionType;
  term: number;
  year: number;
  number: number;
  /** "E-000213/2022" */
  reference: string;
  /** "E-9-2022-000213" */
  documentId: string;
  title: string | null;
  tabledOn: IsoDate | null;
  addressee: Addressee | null;
  addresseeCodes: string[];
  /** Codes the addressee table does not know (kept on the row, reported by the import). */
  unknownAddresseeCodes: string[];
  authors: EpAuthor[];
  answer: { documentId: string; answeredOn: IsoDate | null } | null;
};

export type RecordProblem = { line: number; record?: number; message: string };

const ID_RE = /^([EPOH])-(\d{1,2})-(\d{4})-(\d{1,6})$/;
const ANSWER_ID_RE = /([EPOH]-\d{1,2}-\d{4}-\d{1,6})-ASW$/;

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);
const asArray = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined || x === null ? [] : [x]);
const lastSegment = (s: string) => s.replace(/\/+$/, "").split("/").pop() ?? s;

/** A list item ("stub") has an identifier and nothing of the work itself. */
export function isStub(r: Json): boolean {
  return (
    r.document_date === undefined &&
    r.workHadParticipation === undefined &&
    r.title_dcterms === undefined &&
    r.creator === undefined
  );
}

/** "2024-07-16" stays; a date-time ("2022-01-04T23:00Z") becomes its date in Brussels (5 January). */
export function epDate(v: unknown): IsoDate | null {
  const s = Array.isArray(v) ? v[0] : v;
  if (typeof s !== "string" || !s) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return isValidIsoDate(s) ? s : null;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s)) return null;
  try {
    return toIsoDate(s);
  } catch {
    return null;
  }
}

/** The text in the preferred language, else English, else the first one given. */
export function pickLanguage(v: unknown, language = "en"): string | null {
  if (typeof v === "string") return v || null;
  if (!isObj(v)) return null;
  const val = v[language] ?? v.en ?? Object.values(v)[0];
  const s = Array.isArray(val) ? val[0] : val;
  return typeof s === "string" && s.trim() ? s.trim() : null;
}

/**
 * Author names appear only in the expression's alternative title: "Question for written answer
 * E-001357/2024 - to the Council - Rule 144 - João Oliveira (The Left), Ana Gomes (S&D)".
 */
export function authorNamesFromTitle(title: string | null): string[] {
  if (!title) return [];
  const parts = title.split(" - ");
  if (parts.length < 2) return [];
  const last = parts[parts.length - 1];
  if (/^Rule \d+/i.test(last) || /^to the /i.test(last)) return [];
  return last
    .split(/,\s*(?![^()]*\))/)
    .map((n) => n.replace(/\s*\([^)]*\)\s*$/, "").trim())
    .filter(Boolean);
}

export type MapResult = { ok: true; value: EpQuestion } | { ok: false; error: string };

/** One detail record of /parliamentary-questions/{id} → the facts kept, or why it cannot be read. */
export function mapEpQuestion(r: unknown, opts: { language?: string } = {}): MapResult {
  if (!isObj(r)) return { ok: false, error: "not an object" };
  const ident = typeof r.identifier === "string" ? r.identifier : typeof r.id === "string" ? lastSegment(r.id) : null;
  if (!ident) return { ok: false, error: "no identifier" };
  const m = ident.match(ID_RE);
  if (!m) return { ok: false, error: `identifier not understood: ${ident.slice(0, 60)}` };
  const type = m[1] as QuestionType;
  const term = Number(m[2]);
  const year = Number(m[3]);
  const number = Number(m[4]);
  if (number < 1) return { ok: false, error: `question number 0 in ${ident}` };
  if (year >= 2014 && !termsInYear(year).includes(term))
    return { ok: false, error: `term ${term} did not sit in ${year}` };
  const declaredTerm = typeof r.parliamentary_term === "string" ? r.parliamentary_term.match(/ep-(\d+)$/)?.[1] : null;
  if (declaredTerm && Number(declaredTerm) !== term)
    return { ok: false, error: `parliamentary_term ${r.parliamentary_term} contradicts ${ident}` };
  let tabledOn: IsoDate | null = null;
  if (r.document_date !== undefined) {
    tabledOn = epDate(r.document_date);
    if (!tabledOn) return { ok: false, error: `document_date not a date: ${String(r.document_date).slice(0, 40)}` };
  }

  const addresseeCodes: string[] = [];
  const authors: EpAuthor[] = [];
  for (const p of asArray(r.workHadParticipation)) {
    if (!isObj(p)) continue;
    const role = typeof p.participation_role === "string" ? lastSegment(p.participation_role).toUpperCase() : "";
    if (role === "ADDRESSEE") {
      for (const o of [...asArray(p.had_participant_organization), ...asArray(p.had_participant_person)])
        if (typeof o === "string") addresseeCodes.push(o);
    } else if (role === "AUTHOR") {
      for (const person of asArray(p.had_participant_person)) {
        const id = typeof person === "string" ? Number(person.match(/person\/(\d+)$/)?.[1] ?? NaN) : NaN;
        if (Number.isInteger(id) && id > 0) authors.push({ epPersonId: id, name: null });
      }
      for (const o of asArray(p.had_participant_organization))
        if (typeof o === "string") authors.push({ bodyCode: o, name: null });
    }
  }
  // creator repeats the authors on most records; on some it is the only place they are.
  if (!authors.length)
    for (const c of asArray(r.creator)) {
      const id = typeof c === "string" ? Number(c.match(/person\/(\d+)$/)?.[1] ?? NaN) : NaN;
      if (Number.isInteger(id) && id > 0) authors.push({ epPersonId: id, name: null });
    }
  const names = authorNamesFromTitle(
    pickLanguage(
      asArray(r.is_realized_by)
        .filter(isObj)
        .map((e) => e.title_alternative)
        .find((t) => t !== undefined),
      "en",
    ),
  );
  if (names.length === authors.length) authors.forEach((a, i) => (a.name = names[i]));

  const mapped = addresseeCodes.map((c) => ({ c, a: addresseeFromCode(c) }));
  const known = [...new Set(mapped.map((x) => x.a).filter((a): a is Addressee => a !== null))];

  let answer: EpQuestion["answer"] = null;
  for (const a of asArray(r.inverse_answers_to)) {
    const id =
      typeof a === "string" ? lastSegment(a) : isObj(a) ? String(a.identifier ?? lastSegment(String(a.id ?? ""))) : "";
    if (!ANSWER_ID_RE.test(id)) continue;
    const answeredOn = isObj(a) ? epDate(a.document_date) : null;
    answer = { documentId: id, answeredOn };
    break;
  }
  const documentId = `${type}-${term}-${year}-${String(number).padStart(6, "0")}`;
  return {
    ok: true,
    value: {
      type,
      term,
      year,
      number,
      reference: formatQuestionReference({ type, number, year }),
      documentId,
      title: pickLanguage(r.title_dcterms, opts.language ?? "en"),
      tabledOn,
      addressee: known[0] ?? null,
      addresseeCodes,
      unknownAddresseeCodes: mapped.filter((x) => !x.a).map((x) => x.c),
      authors,
      answer,
    },
  };
}

export type SavedFile = {
  questions: Array<{ line: number; record: number; question: EpQuestion }>;
  /** Identifiers listed (stubs) with no detail record in the file. */
  listedOnly: string[];
  problems: RecordProblem[];
  /** Records read (stubs not counted). */
  records: number;
};

function recordsOf(doc: unknown): unknown[] | null {
  if (Array.isArray(doc)) return doc;
  if (!isObj(doc)) return null;
  if (Array.isArray(doc.data)) return doc.data;
  if (Array.isArray(doc["@graph"])) return doc["@graph"];
  if (doc.data === undefined && (doc.identifier !== undefined || doc.id !== undefined)) return [doc];
  // A 200 with no data ("Pending acquire queue has reached its maximum size") saved by mistake.
  return [];
}

/** Reads a saved file of API responses. The same document id twice: the later record wins (it is newer). */
export function parseSavedQuestions(text: string, opts: { language?: string } = {}): SavedFile {
  const problems: RecordProblem[] = [];
  const units: Array<{ line: number; doc: unknown }> = [];
  const trimmed = text.replace(/^\uFEFF/, "");
  const lines = trimmed.split(/\r?\n/);
  const firstLine = lines.find((l) => l.trim()) ?? "";
  let wholeDoc: unknown = undefined;
  if (!safeParse(firstLine).ok) {
    const whole = safeParse(trimmed);
    if (whole.ok) wholeDoc = whole.value;
  }
  if (wholeDoc !== undefined) units.push({ line: 1, doc: wholeDoc });
  else
    lines.forEach((l, i) => {
      if (!l.trim()) return;
      const p = safeParse(l);
      if (p.ok) units.push({ line: i + 1, doc: p.value });
      else problems.push({ line: i + 1, message: `not JSON: ${p.error}` });
    });

  const byId = new Map<string, { line: number; record: number; question: EpQuestion }>();
  const listed = new Set<string>();
  let records = 0;
  for (const u of units) {
    const recs = recordsOf(u.doc);
    if (recs === null) {
      problems.push({ line: u.line, message: "not an API response" });
      continue;
    }
    recs.forEach((r, i) => {
      const record = i + 1;
      if (isObj(r) && isStub(r)) {
        const id = typeof r.identifier === "string" ? r.identifier : null;
        if (id) listed.add(id);
        else problems.push({ line: u.line, record, message: "list item without identifier" });
        return;
      }
      records++;
      const m = mapEpQuestion(r, opts);
      if (!m.ok) problems.push({ line: u.line, record, message: m.error });
      else byId.set(m.value.documentId, { line: u.line, record, question: m.value });
    });
  }
  return {
    questions: [...byId.values()],
    listedOnly: [...listed].filter((id) => !byId.has(id)),
    problems: problems.sort((a, b) => a.line - b.line || (a.record ?? 0) - (b.record ?? 0)),
    records,
  };
}

function safeParse(s: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch (e) {
    return { ok: false, error: (e as Error).message.slice(0, 80) };
  }
}
