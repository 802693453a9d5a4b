/**
 * Reading the EP's MEP lists into one shape, without a database: the XML list
 * (`<meps><mep><fullName>Bas EICKHOUT</fullName><country>…`) and the Open Data Portal v2 JSON-LD
 * (`data[]` of persons with `hasMembership[]`). Parsing is defensive: a bad entry is reported and
 * skipped, an unknown group is reported and kept under its raw name; nothing throws on bad input.
 *
 * JSON-LD fields read (others ignored): identifier | id "person/N"; givenName, familyName, label
 * ("Given SURNAME"); hasEmail ("mailto:…", a string, array or {id}); api:country-of-representation,
 * else citizenship ("…/country/BEL"); hasMembership[].membershipClassification (…/EU_POLITICAL_GROUP,
 * …/NATIONAL_POLITICAL_GROUP, …/EU_INSTITUTION with organization "org/ep-9" giving the term),
 * memberDuring.startDate/endDate, organization (a reference "org/…", or an embedded node with
 * label / prefLabel.en), organizationLabel; api:political-group as the fallback group label.
 */
import { XMLParser } from "fast-xml-parser";
import { countryCode } from "./countries";
import { displayFamily, splitEpFullName } from "./names";
import { groupLabel, termFromGroups, type Term } from "./political-groups";
import { toIsoDate, isValidIsoDate, type IsoDate } from "./reply-clock";

export type ImportedMep = {
  epId: number;
  givenName: string;
  familyName: string;
  /** EU country code. */
  country: string;
  /** Short label (EPP, S&D, …), or the raw name as given when the group is unknown. */
  politicalGroup: string;
  groupKnown: boolean;
  politicalGroupFull: string | null;
  nationalParty: string | null;
  email: string | null;
  /** Start of the current group membership when the source says (JSON-LD only). */
  groupSince: IsoDate | null;
};

export type ImportProblem = {
  /** 1-based position of the entry in the file. */
  entry: number;
  epId?: number;
  kind: "malformed" | "unknown-group" | "unknown-country" | "duplicate";
  message: string;
};

export type ParsedMepList = {
  format: "ep-xml" | "ep-jsonld";
  term: Term;
  /** Where the term came from: the caller, the file itself (JSON-LD "org/ep-9"), or the group names. */
  termSource: "given" | "file" | "groups";
  /** The term the group names point to, and the names that say so (see termFromGroups). */
  groupTerm: { term: Term | null; markers: string[] };
  meps: ImportedMep[];
  problems: ImportProblem[];
  /** Distinct group names that have no short label in this term. */
  unknownGroups: string[];
};

export type ParseResult =
  | { ok: true; value: ParsedMepList }
  /** needsTerm: the list does not say which term it is (the caller asks the person importing it). */
  | { ok: false; error: string; needsTerm?: "no-evidence" | "conflicting"; markers?: string[] };

export type ParseOptions = {
  /**
   * Parliamentary term whose groups apply. Default: from the file (JSON-LD memberships of "org/ep-9"), else from
   * the group names (termFromGroups); when neither tells, the result asks for it (needsTerm).
   */
  term?: Term;
  /** The day whose memberships are current (JSON-LD). */
  today?: Date | string;
};

const MAX_ENTRIES = 5000;

function str(v: unknown): string | null {
  if (typeof v === "string") return v.trim() || null;
  if (typeof v === "number") return String(v);
  if (v && typeof v === "object" && "#text" in v) return str((v as Record<string, unknown>)["#text"]);
  return null;
}

function toTerm(n: number | null | undefined): Term | null {
  return n === 9 || n === 10 ? n : null;
}

type TermChoice =
  | { ok: true; term: Term; source: ParsedMepList["termSource"]; groupTerm: ParsedMepList["groupTerm"] }
  | Extract<ParseResult, { ok: false }>;

function chooseTerm(given: Term | undefined, fromFile: Term | null, groupNames: Iterable<string>): TermChoice {
  const groupTerm = termFromGroups(groupNames);
  if (given) return { ok: true, term: given, source: "given", groupTerm };
  if (fromFile) return { ok: true, term: fromFile, source: "file", groupTerm };
  if (groupTerm.term) return { ok: true, term: groupTerm.term, source: "groups", groupTerm };
  return groupTerm.markers.length
    ? {
        ok: false,
        needsTerm: "conflicting",
        markers: groupTerm.markers,
        error: `The list has groups of both the 9th and the 10th term (${groupTerm.markers.join("; ")}): choose the term.`,
      }
    : {
        ok: false,
        needsTerm: "no-evidence",
        markers: [],
        error:
          "The list does not show which parliamentary term it is (no group that existed in one term only): choose the term.",
      };
}

function parseId(v: unknown): number | null {
  const s = str(v);
  if (!s) return null;
  const m = s.match(/(?:^|\/)(\d{1,9})$/);
  if (!m) return null;
  const n = Number(m[1]);
  return n > 0 ? n : null;
}

class Collector {
  meps: ImportedMep[] = [];
  problems: ImportProblem[] = [];
  unknown = new Set<string>();
  seen = new Set<number>();
  add(entry: number, mep: ImportedMep | null) {
    if (!mep) return;
    if (this.seen.has(mep.epId)) {
      this.problems.push({
        entry,
        epId: mep.epId,
        kind: "duplicate",
        message: `Id ${mep.epId} appears more than once; the first entry was kept.`,
      });
      return;
    }
    this.seen.add(mep.epId);
    if (!mep.groupKnown) {
      this.unknown.add(mep.politicalGroup);
      this.problems.push({
        entry,
        epId: mep.epId,
        kind: "unknown-group",
        message: `Unknown political group "${mep.politicalGroup}"; kept under that name.`,
      });
    }
    this.meps.push(mep);
  }
  malformed(entry: number, message: string, epId?: number) {
    this.problems.push({ entry, epId: epId ?? undefined, kind: "malformed", message });
  }
}

function resolveGroup(
  names: Array<string | null | undefined>,
  term: Term,
): { label: string; known: boolean; full: string | null } {
  const present = names.filter((n): n is string => Boolean(n && n.trim()));
  for (const n of present) {
    const r = groupLabel(n, term);
    if (r.ok) return { label: r.label, known: true, full: present.find((p) => p.length > 12) ?? null };
  }
  const raw = present[0] ?? "";
  return { label: raw, known: false, full: raw || null };
}

// ------------------------------------------------------------ EP XML

export function parseMepXml(xml: string, opts: ParseOptions = {}): ParseResult {
  let doc: unknown;
  try {
    const parser = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: true,
      isArray: (name) => name === "mep",
    });
    doc = parser.parse(xml, true);
  } catch (e) {
    return { ok: false, error: `Not well-formed XML: ${(e as Error).message}` };
  }
  const root = (doc as Record<string, unknown>)?.meps;
  if (root === undefined) return { ok: false, error: "No <meps> element: this is not the EP's MEP list." };
  const list = (root && typeof root === "object" ? (root as Record<string, unknown>).mep : undefined) ?? [];
  if (!Array.isArray(list)) return { ok: false, error: "Unexpected <meps> content." };
  if (list.length > MAX_ENTRIES) return { ok: false, error: `Too many entries (${list.length}).` };
  const choice = chooseTerm(
    opts.term,
    null,
    list.flatMap((m) => str((m as Record<string, unknown> | null)?.politicalGroup) ?? []),
  );
  if (!choice.ok) return choice;
  const term = choice.term;

  const c = new Collector();
  list.forEach((raw, i) => {
    const entry = i + 1;
    const m = (raw ?? {}) as Record<string, unknown>;
    const epId = parseId(m.id);
    const full = str(m.fullName);
    const countryRaw = str(m.country);
    if (!epId) return c.malformed(entry, "Missing or invalid <id>.");
    if (!full) return c.malformed(entry, "Missing <fullName>.", epId);
    const country = countryCode(countryRaw);
    if (!country) {
      c.problems.push({
        entry,
        epId,
        kind: "unknown-country",
        message: `Unknown country "${countryRaw ?? ""}"; entry skipped.`,
      });
      return;
    }
    const { givenName, familyName } = splitEpFullName(full, { country });
    if (!givenName || !familyName) return c.malformed(entry, `Cannot split the name "${full}".`, epId);
    const groupRaw = str(m.politicalGroup);
    if (!groupRaw) return c.malformed(entry, "Missing <politicalGroup>.", epId);
    const g = resolveGroup([groupRaw], term);
    c.add(entry, {
      epId,
      givenName,
      familyName,
      country,
      politicalGroup: g.label,
      groupKnown: g.known,
      politicalGroupFull: groupRaw,
      nationalParty: str(m.nationalPoliticalGroup),
      email: null,
      groupSince: null,
    });
  });
  return {
    ok: true,
    value: {
      format: "ep-xml",
      term,
      termSource: choice.source,
      groupTerm: choice.groupTerm,
      meps: c.meps,
      problems: c.problems,
      unknownGroups: [...c.unknown],
    },
  };
}

// ------------------------------------------------------------ EP Open Data JSON-LD

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === "object" && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

function classification(m: Obj): string {
  const s =
    str(m.membershipClassification) ??
    (isObj(m.membershipClassification) ? str(m.membershipClassification.id) : null) ??
    "";
  return s.slice(s.lastIndexOf("/") + 1).toUpperCase();
}

function period(m: Obj): { start: IsoDate | null; end: IsoDate | null } {
  const p = isObj(m.memberDuring) ? m.memberDuring : {};
  const d = (v: unknown) => {
    const s = str(v)?.slice(0, 10) ?? null;
    return s && isValidIsoDate(s) ? s : null;
  };
  return { start: d(p.startDate), end: d(p.endDate) };
}

function orgNames(m: Obj): string[] {
  const org = m.organization;
  const out: string[] = [];
  if (isObj(org)) {
    if (isObj(org.prefLabel)) out.push(str(org.prefLabel.en) ?? "");
    out.push(str(org.label) ?? "");
  }
  out.push(str(m.organizationLabel) ?? "");
  return out.filter(Boolean);
}

function orgId(m: Obj): string {
  const org = m.organization;
  return (isObj(org) ? str(org.id) : str(org)) ?? "";
}

/** The membership of a kind current on `today`, else the latest one. */
function currentMembership(ms: Obj[], kind: string, today: IsoDate): Obj | null {
  const of = ms.filter((m) => classification(m) === kind);
  const active = of.filter((m) => {
    const p = period(m);
    return (!p.start || p.start <= today) && (!p.end || p.end >= today);
  });
  const pool = active.length ? active : of;
  return pool.sort((a, b) => (period(b).start ?? "").localeCompare(period(a).start ?? ""))[0] ?? null;
}

function emailOf(v: unknown): string | null {
  for (const item of asArray(v)) {
    const s = isObj(item) ? str(item.id) : str(item);
    if (!s) continue;
    const e = s.replace(/^mailto:/i, "").trim();
    if (/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(e)) return e.toLowerCase();
  }
  return null;
}

/** Term named by EU_INSTITUTION memberships ("org/ep-9") across the file: the most common one. */
function detectTerm(people: Obj[]): Term | null {
  const counts = new Map<number, number>();
  for (const p of people) {
    for (const m of asArray(p.hasMembership).filter(isObj)) {
      const t = orgId(m).match(/ep-(\d+)$/);
      if (t) counts.set(Number(t[1]), (counts.get(Number(t[1])) ?? 0) + 1);
    }
  }
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return toTerm(top?.[0]);
}

/**
 * The surname as the EP prints it in the label when familyName came in plain capitals: "MCALLISTER" with the
 * label "David McALLISTER" is "McALLISTER", so the display form keeps the EP's "McAllister" (and
 * "NAGTEGAAL-van DOORN" its lower-case "van"). Otherwise familyName as given.
 */
function epSpelling(familyName: string, label: string | null): string {
  if (!label || familyName !== familyName.toUpperCase()) return familyName;
  const squash = (s: string) => s.replace(/\s+/g, " ").trim();
  const l = squash(label);
  const f = squash(familyName);
  if (l.length <= f.length) return familyName;
  const tail = l.slice(l.length - f.length);
  const boundary = l[l.length - f.length - 1] === " ";
  return boundary && tail.toUpperCase() === f.toUpperCase() ? tail : familyName;
}

export function parseMepJsonLd(input: string | unknown, opts: ParseOptions = {}): ParseResult {
  let doc: unknown = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      return { ok: false, error: `Not valid JSON: ${(e as Error).message}` };
    }
  }
  const data = isObj(doc) ? doc.data : Array.isArray(doc) ? doc : undefined;
  if (!Array.isArray(data)) return { ok: false, error: 'No "data" array: this is not an EP Open Data MEP list.' };
  if (data.length > MAX_ENTRIES) return { ok: false, error: `Too many entries (${data.length}).` };
  const today = toIsoDate(opts.today ?? new Date());
  const people = data.filter(isObj);
  const choice = chooseTerm(
    opts.term,
    detectTerm(people),
    people.flatMap((p) => {
      const gm = currentMembership(asArray(p.hasMembership).filter(isObj), "EU_POLITICAL_GROUP", today);
      return [...(gm ? orgNames(gm) : []), str(p["api:political-group"]) ?? ""].filter(Boolean);
    }),
  );
  if (!choice.ok) return choice;
  const term = choice.term;

  const c = new Collector();
  data.forEach((raw, i) => {
    const entry = i + 1;
    if (!isObj(raw)) return c.malformed(entry, "Entry is not an object.");
    const epId = parseId(raw.identifier) ?? parseId(raw.id);
    if (!epId) return c.malformed(entry, "Missing or invalid identifier.");
    const country =
      countryCode(str(raw["api:country-of-representation"])) ??
      countryCode(str(raw.country)) ??
      countryCode(str(raw.citizenship));
    if (!country) {
      c.problems.push({
        entry,
        epId,
        kind: "unknown-country",
        message: "No member state found (api:country-of-representation or citizenship); entry skipped.",
      });
      return;
    }
    let givenName = str(raw.givenName);
    let familyName = str(raw.familyName);
    const label = str(raw.label);
    if ((!givenName || !familyName) && label) {
      const split = splitEpFullName(label, { country });
      givenName ??= split.givenName;
      familyName ??= split.familyName;
    }
    if (!givenName || !familyName) return c.malformed(entry, "Missing givenName/familyName and no usable label.", epId);
    familyName = displayFamily(epSpelling(familyName, label), { country });

    const ms = asArray(raw.hasMembership).filter(isObj);
    const gm = currentMembership(ms, "EU_POLITICAL_GROUP", today);
    const g = resolveGroup([...(gm ? orgNames(gm) : []), str(raw["api:political-group"])], term);
    if (!g.label)
      return c.malformed(entry, "No political group (EU_POLITICAL_GROUP membership or api:political-group).", epId);
    const pm = currentMembership(ms, "NATIONAL_POLITICAL_GROUP", today);
    const partyNames = pm ? orgNames(pm) : [];
    c.add(entry, {
      epId,
      givenName,
      familyName,
      country,
      politicalGroup: g.label,
      groupKnown: g.known,
      politicalGroupFull: g.full,
      nationalParty: partyNames[0] ?? str(raw["api:national-party"]) ?? null,
      email: emailOf(raw.hasEmail),
      groupSince: gm ? period(gm).start : null,
    });
  });
  return {
    ok: true,
    value: {
      format: "ep-jsonld",
      term,
      termSource: choice.source,
      groupTerm: choice.groupTerm,
      meps: c.meps,
      problems: c.problems,
      unknownGroups: [...c.unknown],
    },
  };
}

// ------------------------------------------------------------ list entries and detail records

/** The person number of a record ("person/197490" or identifier "197490"), or null. */
export function epPersonId(r: unknown): number | null {
  if (!isObj(r)) return null;
  return parseId(r.identifier) ?? parseId(r.id);
}

/** A detail record (/meps/{id}) carries memberships or an address; a list entry (/meps/show-current) neither. */
export function isEpPersonDetail(r: unknown): boolean {
  return isObj(r) && (r.hasMembership !== undefined || r.hasEmail !== undefined);
}

/**
 * What a list entry says that a detail record fetched for it depends on (name, country, group): when it differs
 * from the one a cached detail was fetched for, the cache is stale. A plain string, compared for equality.
 */
export function epListEntryKey(r: Obj): string {
  const pick = (k: string) => str(r[k]) ?? "";
  return JSON.stringify([
    pick("label"),
    pick("givenName"),
    pick("familyName"),
    pick("api:country-of-representation"),
    pick("api:political-group"),
  ]);
}

/**
 * One record per person from list entries and detail records in any order: the detail's fields win, the list
 * entry fills what the detail lacks (the live detail names its groups only by reference, the list entry by
 * label). Records without a person number are kept as they are, so the parser reports them.
 */
export function mergeEpPersons(records: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const at = new Map<number, number>();
  for (const r of records) {
    const id = epPersonId(r);
    if (id === null || !isObj(r)) {
      out.push(r);
      continue;
    }
    const i = at.get(id);
    if (i === undefined) {
      at.set(id, out.length);
      out.push({ ...r });
      continue;
    }
    const prev = out[i] as Obj;
    out[i] = isEpPersonDetail(r) || !isEpPersonDetail(prev) ? { ...prev, ...r } : { ...r, ...prev };
  }
  return out;
}

/**
 * A saved file of Open Data responses: one response (pretty-printed or not), or several, one per line (JSON
 * Lines: the list pages of /meps/show-current and the detail answers of /meps/{id}), merged per person.
 * An error when the text is not JSON of either kind.
 */
export function readSavedEpResponses(text: string): { ok: true; data: unknown[] } | { ok: false; error: string } {
  const s = text.replace(/^\uFEFF/, "").trim();
  const recordsOf = (doc: unknown): unknown[] | null =>
    Array.isArray(doc)
      ? doc
      : isObj(doc) && Array.isArray(doc.data)
        ? doc.data
        : isObj(doc) && Array.isArray(doc["@graph"])
          ? doc["@graph"]
          : null;
  let whole: unknown;
  try {
    whole = JSON.parse(s);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    const recs = recordsOf(whole);
    return recs
      ? { ok: true, data: recs }
      : { ok: false, error: 'No "data" array: this is not an EP Open Data MEP list.' };
  }
  const all: unknown[] = [];
  const lines = s.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch (e) {
      return { ok: false, error: `Not valid JSON (line ${i + 1}): ${(e as Error).message.slice(0, 80)}` };
    }
    const recs = recordsOf(doc);
    // A 200 without data ("Pending acquire queue…") saved by mistake adds nothing.
    if (recs) all.push(...recs);
    else if (!isObj(doc)) return { ok: false, error: `Line ${i + 1} is not an API response.` };
  }
  return { ok: true, data: mergeEpPersons(all) };
}

/** Picks the parser by content: XML starts with "<", JSON with "{" or "[" (one response or JSON Lines). */
export function parseMepFile(content: string, opts: ParseOptions = {}): ParseResult {
  const s = content.replace(/^\uFEFF/, "").trimStart();
  if (s.startsWith("<")) return parseMepXml(s, opts);
  if (s.startsWith("{") || s.startsWith("[")) {
    const saved = readSavedEpResponses(s);
    if (!saved.ok) return { ok: false, error: saved.error };
    return parseMepJsonLd({ data: saved.data }, opts);
  }
  return { ok: false, error: "Unrecognised file: expected the EP's XML list or Open Data JSON-LD." };
}
