/**
 * Full-text search over an office's letters: the plain text of every published version (through the
 * GIN index on to_tsvector('simple', plain_text)) and the letters' subjects, ranked, with a snippet.
 * Working drafts are not searched: only text that was published as a version is evidence.
 */
import { sql, type SQL } from "drizzle-orm";
import { letterVersions } from "#db/schema";
import { rowsOf, type Queryable } from "#db/client.server";

export const SEARCH_QUERY_MAX = 200;

/**
 * The indexed expression, written exactly as in db/schema.ts (letter_versions_fts_idx). Postgres
 * uses the index only when a query repeats this expression, so every query builds on this fragment.
 */
export const versionTsvector = sql`to_tsvector('simple', ${letterVersions.plainText})`;

/** Marks around the matched words in snippets: private-use characters no letter contains, split by the page. */
export const HIT_START = "\uE000";
export const HIT_END = "\uE001";

export type SearchHit = {
  letterId: string;
  subject: string;
  status: string;
  updatedAt: Date;
  /** The best-matching version (null when only the subject matched a letter without matching text). */
  versionNumber: number | null;
  rank: number;
  /** Plain text with matches wrapped in HIT_START/HIT_END. */
  snippet: string;
};

export function normaliseSearchQuery(q: string | null | undefined) {
  return (q ?? "")
    .replace(/[\u0000-\u001f\u007f\uE000\uE001]/g, " ")
    .trim()
    .slice(0, SEARCH_QUERY_MAX);
}

/** The search statement (exported so a test can EXPLAIN exactly what runs). */
export function searchLettersSql({ officeId, q, limit = 50 }: { officeId: string; q: string; limit?: number }): SQL {
  const query = sql`websearch_to_tsquery('simple', ${q})`;
  const opts = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
  return sql`
    with version_hits as (
      select distinct on (${letterVersions.letterId}) ${letterVersions.letterId} as letter_id, ${letterVersions.number} as number,
        ${letterVersions.plainText} as plain_text, ts_rank(${versionTsvector}, ${query}) as rank
      from ${letterVersions}
      where ${letterVersions.officeId} = ${officeId} and ${versionTsvector} @@ ${query}
      order by ${letterVersions.letterId}, ts_rank(${versionTsvector}, ${query}) desc, ${letterVersions.number} desc
    ),
    ranked as (
      select l.id, l.subject, l.status, l.updated_at, h.number, h.plain_text,
        coalesce(h.rank, 0)
          + case when to_tsvector('simple', l.subject) @@ ${query} then 1 + ts_rank(to_tsvector('simple', l.subject), ${query}) else 0 end as rank
      from letters l
      left join version_hits h on h.letter_id = l.id
      where l.office_id = ${officeId}
        and (h.letter_id is not null or to_tsvector('simple', l.subject) @@ ${query})
      order by rank desc, l.updated_at desc
      limit ${limit}
    )
    select id, subject, status, updated_at, number, rank,
      ts_headline('simple',
        replace(replace(coalesce(plain_text, subject), ${HIT_START}, ''), ${HIT_END}, ''),
        ${query}, ${opts}) as snippet
    from ranked
    order by rank desc, updated_at desc`;
}

/**
 * Letters of the office whose published text or subject matches `q` (web-search syntax: words,
 * "phrases", -exclusions, or). Best match first; at most `limit`.
 */
export async function searchLetters(
  db: Queryable,
  { officeId, q, limit = 50 }: { officeId: string; q: string; limit?: number },
): Promise<SearchHit[]> {
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
  }>(await db.execute(searchLettersSql({ officeId, q: query, limit: Math.max(1, Math.min(limit, 200)) })));
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
