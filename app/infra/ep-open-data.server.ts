/**
 * HTTP client of the EP Open Data Portal API v2 (JSON-LD), for any of its collections
 * (/parliamentary-questions, /meps, /documents …): it knows the API's manners, not its records.
 *
 * - Every call has a timeout; network errors, timeouts and 5xx are retried with backoff.
 * - 429 waits for Retry-After (seconds or an HTTP date), capped, and retries.
 * - Lists are paged with offset/limit until the server answers 204. A page with fewer items than
 *   asked is asked again (the API sometimes cuts pages short) and, if it stays short, accepted; the
 *   next offset continues after what was received, so nothing is skipped.
 * - A 200 without a `data` array ("Pending acquire queue has reached its maximum size") is retried.
 * - Detail calls take at most 50 ids per request (100 was refused with 403); ids missing from an
 *   answer are asked once more, then reported as missing.
 * Mapping records to the app's facts is the caller's business (e.g. app/domain/ep-questions.ts).
 */

export type EpRecord = Record<string, unknown>;

export type EpClientOptions = {
  /** e.g. https://data.europarl.europa.eu/api/v2 */
  baseUrl: string;
  timeoutMs?: number;
  /** Attempts per request beyond the first (for 429, 5xx, network errors and "no data" answers). */
  retries?: number;
  /** Longest Retry-After honoured; a longer one fails the call (the caller reschedules). */
  maxRetryAfterMs?: number;
  /** Backoff before retry n (1-based) for errors without Retry-After. */
  backoffMs?: (attempt: number) => number;
  /** How many times a short page is asked again before it is accepted. */
  shortPageRetries?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  userAgent?: string;
};

export class EpOpenDataError extends Error {
  constructor(
    message: string,
    public readonly status: number | null,
    /** Set when the API asked us to wait longer than we are willing to. */
    public readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = "EpOpenDataError";
  }
}

export const MAX_IDS_PER_DETAIL_CALL = 50;

export type EpPage = { offset: number; records: EpRecord[] };

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After in ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function createEpClient(opts: EpClientOptions) {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const retries = opts.retries ?? 5;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 5 * 60_000;
  const backoff = opts.backoffMs ?? ((n: number) => Math.min(60_000, 1000 * 2 ** (n - 1)));
  const shortPageRetries = opts.shortPageRetries ?? 2;
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? defaultSleep;
  let requests = 0;

  function url(path: string, params: Record<string, string | number | undefined>) {
    const u = new URL(base + (path.startsWith("/") ? path : `/${path}`));
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /**
   * One GET with retries. Returns the records of a 200 (its `data` array) or null for a 204.
   * Throws EpOpenDataError for a refusal (4xx other than 429) or when retries are spent.
   */
  async function get(path: string, params: Record<string, string | number | undefined>): Promise<EpRecord[] | null> {
    const target = url(path, { format: "application/ld+json", ...params });
    let last = "";
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0 && last !== "429") await sleep(backoff(attempt));
      let res: Response;
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), timeoutMs);
      try {
        requests++;
        res = await doFetch(target, {
          headers: { accept: "application/ld+json", "user-agent": opts.userAgent ?? "Undersigned (EP office tool)" },
          signal: ctl.signal,
        });
      } catch (e) {
        clearTimeout(timer);
        last = ctl.signal.aborted ? `timeout after ${timeoutMs} ms` : `network: ${(e as Error).message}`;
        continue;
      }
      try {
        if (res.status === 204) return null;
        if (res.status === 429) {
          const wait = parseRetryAfter(res.headers.get("retry-after")) ?? backoff(attempt + 1);
          await res.body?.cancel();
          if (wait > maxRetryAfterMs) throw new EpOpenDataError("rate limited", 429, wait);
          last = "429";
          await sleep(wait);
          continue;
        }
        if (res.status >= 500) {
          await res.body?.cancel();
          last = `HTTP ${res.status}`;
          continue;
        }
        if (res.status !== 200) {
          await res.body?.cancel();
          throw new EpOpenDataError(`HTTP ${res.status} for ${path}`, res.status);
        }
        const text = await res.text();
        let body: unknown;
        try {
          body = text.trim() ? JSON.parse(text) : null;
        } catch {
          last = "unreadable JSON";
          continue;
        }
        const data = (body as { data?: unknown } | null)?.data;
        if (!Array.isArray(data)) {
          last = "200 without data";
          continue;
        }
        return data.filter((r): r is EpRecord => typeof r === "object" && r !== null && !Array.isArray(r));
      } catch (e) {
        if (e instanceof EpOpenDataError) throw e;
        last = `reading the answer: ${(e as Error).message}`;
      } finally {
        clearTimeout(timer);
      }
    }
    throw new EpOpenDataError(`${path}: gave up after ${retries + 1} attempts (${last})`, null);
  }

  /** Every page of a list, until 204 (an empty page also ends it). */
  async function* pages(
    path: string,
    params: Record<string, string | number | undefined> = {},
    { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {},
  ): AsyncGenerator<EpPage> {
    let at = offset;
    for (;;) {
      let records = await get(path, { ...params, offset: at, limit });
      for (let i = 0; records && records.length > 0 && records.length < limit && i < shortPageRetries; i++) {
        const again = await get(path, { ...params, offset: at, limit });
        if (again === null) break;
        if (again.length > records.length) records = again;
        if (records.length >= limit) break;
      }
      if (!records || records.length === 0) return;
      yield { offset: at, records };
      at += records.length;
    }
  }

  /**
   * Detail records for ids, in calls of at most 50. `idOf` reads a record's id (to find those missing
   * from an answer). Returns what came and the ids that never did.
   */
  async function details(
    path: string,
    ids: string[],
    params: Record<string, string | number | undefined> = {},
    { batchSize = MAX_IDS_PER_DETAIL_CALL, idOf }: { batchSize?: number; idOf: (r: EpRecord) => string | null },
  ): Promise<{ records: EpRecord[]; missing: string[] }> {
    const size = Math.max(1, Math.min(batchSize, MAX_IDS_PER_DETAIL_CALL));
    const records: EpRecord[] = [];
    const missing: string[] = [];
    const fetchBatch = async (batch: string[]) => {
      const got = (await get(`${path.replace(/\/+$/, "")}/${batch.map(encodeURIComponent).join(",")}`, params)) ?? [];
      const seen = new Set<string>();
      for (const r of got) {
        const id = idOf(r);
        if (id && batch.includes(id) && !seen.has(id)) {
          seen.add(id);
          records.push(r);
        }
      }
      return batch.filter((id) => !seen.has(id));
    };
    for (let i = 0; i < ids.length; i += size) {
      const left = await fetchBatch(ids.slice(i, i + size));
      if (left.length) missing.push(...(await fetchBatch(left)));
    }
    return { records, missing };
  }

  return { get, pages, details, requestCount: () => requests };
}

export type EpClient = ReturnType<typeof createEpClient>;
