/**
 * One search over an office's records, grouped by kind:
 * - letters: the plain text of every published version and the subject (working drafts are not evidence, only their
 *   subject is searched), and the letter's own reference;
 * - replies: their text with the uploaded file's extracted text (replies.search_text), and the institution's
 *   reference (an Ares one in any form), the registration number it gave our letter and our own;
 * - questions in the office's register (authored or supported by its Member, followed, or linked): by their stored
 *   parsed reference (type, number, year, and term when the input settles it), title, text and answer; and the
 *   office's own question drafts by title and text;
 * - campaigns by title and summary;
 * - press items by headline, outlet and note;
 * - people: the Members of the directory by name (the directory is the same for every office).
 * Full-text search is PostgreSQL's: a letter and its replies are read with the text search configuration of the
 * letter's language where PostgreSQL has one (stemming, stop words: "negotiated" finds "negotiating"), otherwise
 * with 'simple' (every word as written); questions, drafts and campaigns, which have no language, with 'simple'. Every query is scoped to the office before any text is read, through the
 * office indexes, so another office's rows are never even looked at.
 * Snippets come from ts_headline with HIT_START/HIT_END around matched words.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Queryable } from "#db/client.server";
import { compactReference, parseSearchQuery, type ParsedSearch, type SearchKind } from "#app/domain/search-query";
import { normaliseName } from "#app/domain/names";

export const SEARCH_QUERY_MAX = 200;

/** Marks around the matched words in snippets: private-use characters no letter contains, split by the page. */
export const HIT_START = "\uE000";
export const HIT_END = "\uE001";

/**
 * ISO 639-1 → the PostgreSQL text search configuration for that language, where PostgreSQL 15 (and PGlite) ships
 * one; the other EU languages (bg, cs, et, hr, lv, mt, pl, sk, sl) are searched with 'simple' only.
 */
export const TS_CONFIGS: Readonly<Record<string, string>> = {
  da: "danish",
  de: "german",
  el: "greek",
  en: "english",
  es: "spanish",
  fi: "finnish",
  fr: "french",
  ga: "irish",
  hu: "hungarian",
  it: "italian",
  lt: "lithuanian",
  nl: "dutch",
  pt: "portuguese",
  ro: "romanian",
  sv: "swedish",
};

/** The configuration for a language column, as SQL (a regconfig). */
export function tsConfigOf(languageColumn: SQL): SQL {
  const cases = Object.entries(TS_CONFIGS).map(([code, cfg]) => sql.raw(`when '${code}' then '${cfg}'`));
  return sql`(case ${languageColumn} ${sql.join(cases, sql` `)} else 'simple' end)::regconfig`;
}

const HEADLINE_OPTS = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
/** Text without our own markers, so a stored private-use character cannot fake a hit. */
const clean = (doc: SQL) => sql`replace(replace(${doc}, ${HIT_START}, ''), ${HIT_END}, '')`;
const compact = (col: SQL) => sql`lower(regexp_replace(coalesce(${col}, ''), '\\s+', '', 'g'))`;

export function normaliseSearchQuery(q: string | null | undefined) {
  return (q ?? "")
    .replace(/[\u0000-\u001f\u007f\uE000\uE001]/g, " ")
    .trim()
    .slice(0, SEARCH_QUERY_MAX);
}

/** Reference strings to compare with stored references (compacted): the Ares form and the input as typed. */
function referenceKeys(p: ParsedSearch): string[] {
  const keys = new Set<string>();
  if (p.ares) keys.add(compactReference(p.ares));
  if (p.registration) keys.add(p.registration);
  return [...keys];
}
const inKeys = (col: SQL, keys: string[]) =>
  keys.length
    ? sql`${compact(col)} in (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )})`
    : sql`false`;

// ---------------------------------------------------------------- letters

export type LetterHit = {
  letterId: string;
  subject: string;
  status: string;
  updatedAt: Date;
  /** The best-matching version (null when only the subject or the reference matched). */
  versionNumber: number | null;
  rank: number;
  /** Plain text with matches wrapped in HIT_START/HIT_END. */
  snippet: string;
};
/** The name this module had when it searched letters only. */
export type SearchHit = LetterHit;

/** The letters statement (exported so a test can EXPLAIN exactly what runs). */
export function searchLettersSql({
  officeId,
  q,
  limit = 50,
  parsed = parseSearchQuery(q),
}: {
  officeId: string;
  q: string;
  limit?: number;
  parsed?: ParsedSearch;
}): SQL {
  const keys = referenceKeys(parsed);
  const refHit = inKeys(sql`ql.our_reference`, keys);
  // Each text is parsed once (the lateral subqueries with OFFSET 0 are not flattened into the conditions that use
  // them), and the query once per configuration the office's letters use.
  return sql`
    with office_letters as (
      select l.id, l.subject, l.status, l.updated_at, l.our_reference, ${tsConfigOf(sql`l.language`)} as cfg
      from letters l
      where l.office_id = ${officeId}
    ),
    configs as (
      select c.cfg, websearch_to_tsquery(c.cfg, ${q}) as lq from (select distinct cfg from office_letters) c
    ),
    ql as (
      select ol.*, c.lq from office_letters ol join configs c on c.cfg = ol.cfg
    ),
    version_hits as (
      select distinct on (v.letter_id) v.letter_id, v.number, v.plain_text, ts_rank(t.tv, ql.lq) as rank
      from ql
      join letter_versions v on v.letter_id = ql.id and v.office_id = ${officeId}
      cross join lateral (select to_tsvector(ql.cfg, v.plain_text) as tv offset 0) t
      where t.tv @@ ql.lq
      order by v.letter_id, 4 desc, v.number desc
    ),
    ranked as (
      select ql.id, ql.subject, ql.status, ql.updated_at, ql.our_reference, ql.cfg, ql.lq, h.number, h.plain_text,
        ${refHit} as ref_hit,
        coalesce(h.rank, 0)
          + case when s.sv @@ ql.lq then 1 + ts_rank(s.sv, ql.lq) else 0 end
          + case when ${refHit} then 2 else 0 end as rank
      from ql
      cross join lateral (select to_tsvector(ql.cfg, ql.subject) as sv offset 0) s
      left join version_hits h on h.letter_id = ql.id
      where h.letter_id is not null or s.sv @@ ql.lq or ${refHit}
      order by rank desc, ql.updated_at desc
      limit ${limit}
    )
    select r.id, r.subject, r.status, r.updated_at, r.number, r.rank,
      case when r.ref_hit and r.number is null then ${HIT_START} || ${clean(sql`r.our_reference`)} || ${HIT_END}
        else ts_headline(r.cfg, ${clean(sql`coalesce(r.plain_text, r.subject)`)}, r.lq, ${HEADLINE_OPTS}) end as snippet
    from ranked r
    order by r.rank desc, r.updated_at desc`;
}

/**
 * Letters of the office whose published text, subject or reference matches `q` (web-search syntax: words,
 * "phrases", -exclusions, or). Best match first; at most `limit`.
 */
export async function searchLetters(
  db: Queryable,
  { officeId, q, limit = 50 }: { officeId: string; q: string; limit?: number },
): Promise<LetterHit[]> {
  const query = normaliseSearchQuery(q);
  if (!query) return [];
  const rows = rowsOf<{
    id: string;
    subject: string;
    status: string;
    updated_at: string | Date;
    number: number | null;
    rank: number | string;
    snippet: string;
  }>(await db.execute(searchLettersSql({ officeId, q: query, limit: clampLimit(limit) })));
  return rows.map((r) => ({
    letterId: r.id,
    subject: r.subject,
    status: r.status,
    updatedAt: new Date(r.updated_at),
    versionNumber: r.number === null ? null : Number(r.number),
    rank: Number(r.rank),
    snippet: r.snippet,
  }));
}

const clampLimit = (n: number) => Math.max(1, Math.min(Math.floor(n) || 1, 200));

// ---------------------------------------------------------------- replies

export type ReplyHit = {
  replyId: string;
  letterId: string;
  subject: string;
  senderName: string;
  receivedOn: string;
  kind: string;
  theirReference: string | null;
  snippet: string;
};

export function searchRepliesSql({
  officeId,
  q,
  parsed,
  limit,
}: {
  officeId: string;
  q: string;
  parsed: ParsedSearch;
  limit: number;
}): SQL {
  const keys = referenceKeys(parsed);
  const refHit = sql`case
      when ${inKeys(sql`x.their_reference`, keys)} then x.their_reference
      when ${inKeys(sql`x.their_registration`, keys)} then x.their_registration
      when ${inKeys(sql`x.our_registration`, keys)} then x.our_registration end`;
  return sql`
    with x as (
      select r.id, r.letter_id, r.sender_name, r.received_on, r.kind, r.their_reference, r.their_registration,
        r.our_registration, r.search_text, l.subject, c.cfg
      from replies r
      join letters l on l.id = r.letter_id and l.office_id = ${officeId}
      cross join lateral (select ${tsConfigOf(sql`l.language`)} as cfg) c
      where r.office_id = ${officeId}
    ),
    configs as (
      select c.cfg, websearch_to_tsquery(c.cfg, ${q}) as lq from (select distinct cfg from x) c
    ),
    hits as (
      select x.*, configs.lq, ${refHit} as ref_hit, ts_rank(t.tv, configs.lq) as rank
      from x
      join configs on configs.cfg = x.cfg
      cross join lateral (select to_tsvector(x.cfg, x.search_text) as tv offset 0) t
      where t.tv @@ configs.lq
        or ${inKeys(sql`x.their_reference`, keys)} or ${inKeys(sql`x.their_registration`, keys)}
        or ${inKeys(sql`x.our_registration`, keys)}
      order by (${refHit}) is not null desc, rank desc, x.received_on desc
      limit ${limit}
    )
    select h.id, h.letter_id, h.subject, h.sender_name, h.received_on::text as received_on, h.kind, h.their_reference,
      case when h.ref_hit is not null then ${HIT_START} || ${clean(sql`h.ref_hit`)} || ${HIT_END}
        else ts_headline(h.cfg, ${clean(sql`h.search_text`)}, h.lq, ${HEADLINE_OPTS}) end as snippet
    from hits h
    order by h.ref_hit is not null desc, h.rank desc, h.received_on desc`;
}

async function searchRepliesOf(db: Queryable, a: { officeId: string; q: string; parsed: ParsedSearch; limit: number }) {
  const rows = rowsOf<{
    id: string;
    letter_id: string;
    subject: string;
    sender_name: string;
    received_on: string;
    kind: string;
    their_reference: string | null;
    snippet: string;
  }>(await db.execute(searchRepliesSql(a)));
  return rows.map((r): ReplyHit => ({
    replyId: r.id,
    letterId: r.letter_id,
    subject: r.subject,
    senderName: r.sender_name,
    receivedOn: String(r.received_on).slice(0, 10),
    kind: r.kind,
    theirReference: r.their_reference,
    snippet: r.snippet,
  }));
}

// ---------------------------------------------------------------- questions

export type QuestionHit =
  | { kind: "question"; id: string; reference: string; title: string | null; answered: boolean; snippet: string }
  | { kind: "draft"; id: string; reference: null; title: string; answered: false; snippet: string };

export function searchQuestionsSql({
  officeId,
  q,
  parsed,
  limit,
}: {
  officeId: string;
  q: string;
  parsed: ParsedSearch;
  limit: number;
}): SQL {
  const sq = sql`websearch_to_tsquery('simple', ${q})`;
  const ref = parsed.question;
  const refMatch = ref
    ? sql`(pq.type = ${ref.type} and pq.number = ${ref.number} and pq.year = ${ref.year}${
        ref.term === null ? sql`` : sql` and pq.term = ${ref.term}`
      })`
    : sql`false`;
  const doc = sql`concat_ws(' ', pq.title, pq.body, pq.answer_text)`;
  const draftDoc = sql`concat_ws(' ', d.title, d.body)`;
  return sql`
    with register as (
      select f.question_id as id from question_follows f where f.office_id = ${officeId}
      union
      select ql.question_id from question_links ql where ql.office_id = ${officeId}
      union
      select p.question_id from question_participants p
        join offices o on o.id = ${officeId} and o.mep_id = p.mep_id
    ),
    found as (
      select 'question' as kind, pq.id, pq.reference, pq.title, pq.answered_on is not null as answered,
        ${refMatch} as ref_hit, ${doc} as doc,
        case when ${refMatch} then 2 else ts_rank(to_tsvector('simple', ${doc}), ${sq}) end as rank,
        pq.tabled_on as at
      from register
      join parliamentary_questions pq on pq.id = register.id
      where ${refMatch} or to_tsvector('simple', ${doc}) @@ ${sq}
      union all
      select 'draft', d.id, null, d.title, false, false, ${draftDoc},
        ts_rank(to_tsvector('simple', ${draftDoc}), ${sq}), d.updated_at::date
      from question_drafts d
      where d.office_id = ${officeId} and d.status = 'draft' and to_tsvector('simple', ${draftDoc}) @@ ${sq}
    ),
    top as (select * from found order by rank desc, at desc nulls last limit ${limit})
    select kind, id, reference, title, answered,
      case when ref_hit then ${HIT_START} || reference || ${HIT_END}
        else ts_headline('simple', ${clean(sql`doc`)}, ${sq}, ${HEADLINE_OPTS}) end as snippet
    from top
    order by rank desc, at desc nulls last`;
}

async function searchQuestionsOf(
  db: Queryable,
  a: { officeId: string; q: string; parsed: ParsedSearch; limit: number },
) {
  const rows = rowsOf<{
    kind: "question" | "draft";
    id: string;
    reference: string | null;
    title: string | null;
    answered: boolean | string;
    snippet: string;
  }>(await db.execute(searchQuestionsSql(a)));
  return rows.map((r) =>
    r.kind === "draft"
      ? ({
          kind: "draft",
          id: r.id,
          reference: null,
          title: r.title ?? "",
          answered: false,
          snippet: r.snippet,
        } as const)
      : ({
          kind: "question",
          id: r.id,
          reference: r.reference ?? "",
          title: r.title,
          answered: r.answered === true || r.answered === "t",
          snippet: r.snippet,
        } as const),
  ) as QuestionHit[];
}

// ---------------------------------------------------------------- campaigns

export type CampaignHit = { campaignId: string; title: string; snippet: string };

async function searchCampaignsOf(
  db: Queryable,
  { officeId, q, limit }: { officeId: string; q: string; limit: number },
) {
  const sq = sql`websearch_to_tsquery('simple', ${q})`;
  const doc = sql`concat_ws(' ', c.title, c.summary)`;
  const rows = rowsOf<{ id: string; title: string; snippet: string }>(
    await db.execute(sql`
      select c.id, c.title, ts_headline('simple', ${clean(doc)}, ${sq}, ${HEADLINE_OPTS}) as snippet
      from campaigns c
      where c.office_id = ${officeId} and to_tsvector('simple', ${doc}) @@ ${sq}
      order by ts_rank(to_tsvector('simple', ${doc}), ${sq}) desc, c.created_at desc
      limit ${limit}`),
  );
  return rows.map((r): CampaignHit => ({ campaignId: r.id, title: r.title, snippet: r.snippet }));
}

// ---------------------------------------------------------------- press items

export type PressHit = { campaignId: string; title: string; outlet: string; publishedOn: string; snippet: string };

/** Press items by headline, outlet and note ('simple': an outlet's name is not a word of any one language). */
async function searchPressOf(db: Queryable, { officeId, q, limit }: { officeId: string; q: string; limit: number }) {
  const sq = sql`websearch_to_tsquery('simple', ${q})`;
  const doc = sql`concat_ws(' ', p.title, p.outlet, p.note)`;
  const rows = rowsOf<{ campaign_id: string; title: string; outlet: string; published_on: string; snippet: string }>(
    await db.execute(sql`
      select p.campaign_id, p.title, p.outlet, p.published_on::text as published_on,
        ts_headline('simple', ${clean(doc)}, ${sq}, ${HEADLINE_OPTS}) as snippet
      from press_items p
      where p.office_id = ${officeId} and to_tsvector('simple', ${doc}) @@ ${sq}
      order by ts_rank(to_tsvector('simple', ${doc}), ${sq}) desc, p.published_on desc
      limit ${limit}`),
  );
  return rows.map((r): PressHit => ({
    campaignId: r.campaign_id,
    title: r.title,
    outlet: r.outlet,
    publishedOn: r.published_on,
    snippet: r.snippet,
  }));
}

// ---------------------------------------------------------------- people

export type PersonHit = { mepId: number; name: string; politicalGroup: string; country: string; active: boolean };

/** Members whose folded name contains every word of the query (at most five words of two letters or more). */
async function searchPeopleOf(db: Queryable, { q, limit }: { q: string; limit: number }) {
  const words = normaliseName(q)
    .split(" ")
    .map((x) => x.replace(/^[-']+|[-']+$/g, ""))
    .filter((x) => x.length >= 2 && !/^\d+$/.test(x))
    .slice(0, 5);
  if (!words.length) return [];
  // normaliseName keeps letters, digits, hyphens and apostrophes only, so no LIKE wildcard can reach the pattern.
  const conds = words.map((x) => sql`m.search_key like ${`%${x}%`}`);
  const rows = rowsOf<{
    id: number;
    given_name: string;
    family_name: string;
    political_group: string;
    country: string;
    active: boolean | string;
  }>(
    await db.execute(sql`
      select m.id, m.given_name, m.family_name, m.political_group, m.country, m.active
      from meps m
      where ${sql.join(conds, sql` and `)}
      order by m.active desc, m.sort_key
      limit ${limit}`),
  );
  return rows.map((r): PersonHit => ({
    mepId: Number(r.id),
    name: `${r.given_name} ${r.family_name}`,
    politicalGroup: r.political_group,
    country: r.country,
    active: r.active === true || r.active === "t",
  }));
}

// ---------------------------------------------------------------- everything

export type SearchGroups = {
  letters: LetterHit[];
  replies: ReplyHit[];
  questions: QuestionHit[];
  campaigns: CampaignHit[];
  press: PressHit[];
  people: PersonHit[];
};

/**
 * Every kind (or one) for the office, at most `limit` of each. Run one after the other: on PGlite the queries
 * would queue anyway, and on PostgreSQL one request then holds one connection of the pool.
 */
export async function searchEverything(
  db: Queryable,
  { officeId, q, kind, limit = 10 }: { officeId: string; q: string; kind?: SearchKind | null; limit?: number },
): Promise<SearchGroups> {
  const query = normaliseSearchQuery(q);
  const out: SearchGroups = { letters: [], replies: [], questions: [], campaigns: [], press: [], people: [] };
  if (!query) return out;
  const parsed = parseSearchQuery(query);
  const n = clampLimit(limit);
  const want = (k: SearchKind) => !kind || kind === k;
  if (want("letters")) out.letters = await searchLetters(db, { officeId, q: query, limit: n });
  if (want("replies")) out.replies = await searchRepliesOf(db, { officeId, q: query, parsed, limit: n });
  if (want("questions")) out.questions = await searchQuestionsOf(db, { officeId, q: query, parsed, limit: n });
  if (want("campaigns")) out.campaigns = await searchCampaignsOf(db, { officeId, q: query, limit: n });
  if (want("press")) out.press = await searchPressOf(db, { officeId, q: query, limit: n });
  if (want("people")) out.people = await searchPeopleOf(db, { q: query, limit: n });
  return out;
}

/** Splits a snippet into plain runs and matched runs, for rendering <mark> without HTML. */
export function snippetParts(snippet: string): Array<{ text: string; hit: boolean }> {
  const out: Array<{ text: string; hit: boolean }> = [];
  let rest = snippet;
  while (rest) {
    const s = rest.indexOf(HIT_START);
    if (s < 0) {
      out.push({ text: rest, hit: false });
      break;
    }
    if (s > 0) out.push({ text: rest.slice(0, s), hit: false });
    const e = rest.indexOf(HIT_END, s + 1);
    const end = e < 0 ? rest.length : e;
    out.push({ text: rest.slice(s + 1, end), hit: true });
    rest = e < 0 ? "" : rest.slice(e + 1);
  }
  return out.filter((p) => p.text !== "");
}
