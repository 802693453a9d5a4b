/**
 * The directory import from the EP Open Data API v2, as a job: `/meps/show-current` lists the sitting Members
 * (names, country, group label), `/meps/{id},…` (50 a call) adds what only the detail has (hasEmail, memberships
 * with dates and the term). Detail records are kept in ep_mep_records and asked for again only after
 * DETAIL_CACHE_DAYS or when the Member's list entry changed, so a nightly run costs the list pages and the few
 * changed Members. The merged records go through the same parser (names keep the EP's spelling) and the same
 * upsert as an uploaded file (importDirectory: group and party history in mep_affiliations, the EP's address in
 * ep_email, an address a person set never overwritten).
 *
 * Rate limits: the client waits out 429 + Retry-After up to its cap; a longer wait ends the attempt with
 * RetryLater, and the next attempt starts from the cache, so what was fetched is not fetched again.
 */
import type { Db, Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { getEnv, type Env } from "#app/infra/env.server";
import { enqueue, registerHandler, RetryLater } from "#app/infra/jobs.server";
import { logInfo } from "#app/infra/log.server";
import {
  createEpClient,
  EpOpenDataError,
  MAX_IDS_PER_DETAIL_CALL,
  type EpClient,
  type EpRecord,
} from "#app/infra/ep-open-data.server";
import { epListEntryKey, epPersonId, mergeEpPersons, parseMepJsonLd } from "#app/domain/mep-import";
import { listMeps } from "#app/models/meps.server";
import * as m from "#app/models/directory-imports.server";
import { importDirectory } from "./directory.server";

export const DIRECTORY_IMPORT_QUEUE = "directory.import";
export const DIRECTORY_NIGHTLY_QUEUE = "directory.nightly";
/** A cached detail record is used for this long (unless the Member's list entry changed). */
export const DETAIL_CACHE_DAYS = 7;
/** The nightly run starts at this hour, UTC (after the EP's own overnight updates, before offices open). */
export const NIGHTLY_HOUR_UTC = 3;

export type ImportProblem = { entry: number; epId?: number; message: string };

const idOf = (r: EpRecord) => {
  const n = epPersonId(r);
  return n === null ? null : String(n);
};

export function openDataClient(env: Pick<Env, "EP_OPEN_DATA_URL"> = getEnv()): EpClient | null {
  return env.EP_OPEN_DATA_URL ? createEpClient({ baseUrl: env.EP_OPEN_DATA_URL }) : null;
}

/** Creates a run and its job in one transaction; while one is queued or running, that one is returned instead. */
export async function startDirectoryImport(
  db: Db,
  input: { source: "live" | "nightly"; userId: string | null },
): Promise<{ run: m.DirectoryImport; started: boolean }> {
  return db.transaction(async (tx) => {
    await m.failStaleDirectoryImports(tx);
    const active = await m.activeDirectoryImport(tx);
    if (active) return { run: active, started: false };
    const run = await m.createDirectoryImport(tx, { source: input.source, startedBy: input.userId });
    await enqueue(tx, DIRECTORY_IMPORT_QUEUE, { importId: run.id }, { maxAttempts: 3 });
    await audit(tx, {
      officeId: null,
      actorUserId: input.userId,
      action: "directory.import.started",
      data: { importId: run.id, source: input.source },
    });
    return { run, started: true };
  });
}

/**
 * Details for these ids in calls of up to 50. Should the API refuse a call of several ids (4xx), the rest are asked
 * one by one. `onBatch` receives each answer as it lands (the caller caches it and counts progress).
 */
async function fetchDetails(
  client: EpClient,
  ids: string[],
  onBatch: (records: EpRecord[], asked: number) => Promise<void>,
): Promise<string[]> {
  const missing: string[] = [];
  let size = MAX_IDS_PER_DETAIL_CALL;
  for (let i = 0; i < ids.length;) {
    const batch = ids.slice(i, i + size);
    try {
      const got = await client.details("/meps", batch, {}, { idOf, batchSize: size });
      missing.push(...got.missing);
      await onBatch(got.records, batch.length);
      i += batch.length;
    } catch (e) {
      const refused = e instanceof EpOpenDataError && e.status !== null && e.status >= 400 && e.status < 500;
      if (refused && e.status !== 429 && size > 1) {
        logInfo("directory import: a call of several ids was refused, asking one by one", { status: e.status });
        size = 1;
        continue;
      }
      throw e;
    }
  }
  return missing;
}

export type LiveFetch = { records: unknown[]; listed: number; fromCache: number; fetched: number; missing: number[] };

/** Lists the sitting Members and gathers each one's detail (cache first), merged with the list entry. */
export async function fetchCurrentMeps(
  db: Db,
  client: EpClient,
  opts: { importId?: string | null; now?: Date; cacheDays?: number } = {},
): Promise<LiveFetch> {
  const now = opts.now ?? new Date();
  const importId = opts.importId ?? null;
  const progress = async (patch: m.DirectoryImportPatch) => {
    if (importId) await m.updateDirectoryImport(db, importId, patch);
  };
  let requests = client.requestCount();
  const spent = () => {
    const n = client.requestCount() - requests;
    requests = client.requestCount();
    return n;
  };

  await progress({ phase: "listing" });
  const entries: EpRecord[] = [];
  for await (const page of client.pages("/meps/show-current")) {
    entries.push(...page.records);
    await progress({ total: entries.length });
  }
  if (importId) await m.addDirectoryImportProgress(db, importId, { processed: 0, requests: spent() });

  const keyById = new Map<number, string>();
  for (const e of entries) {
    const id = epPersonId(e);
    if (id !== null) keyById.set(id, epListEntryKey(e));
  }
  const ids = [...keyById.keys()];
  const since = new Date(now.getTime() - (opts.cacheDays ?? DETAIL_CACHE_DAYS) * 24 * 3600 * 1000);
  const cached = await m.cachedMepRecords(db, ids, since);
  const details: unknown[] = [];
  const wanted: string[] = [];
  for (const id of ids) {
    const c = cached.get(id);
    if (c && c.listHash === keyById.get(id)) details.push(c.record);
    else wanted.push(String(id));
  }
  await progress({ phase: "details" });
  if (importId) await m.addDirectoryImportProgress(db, importId, { processed: details.length, cached: details.length });

  let fetched = 0;
  const missing = await fetchDetails(client, wanted, async (records, asked) => {
    fetched += records.length;
    details.push(...records);
    await m.saveMepRecords(
      db,
      records.flatMap((r) => {
        const id = epPersonId(r);
        return id === null ? [] : [{ epId: id, listHash: keyById.get(id) ?? "", record: r }];
      }),
      now,
    );
    if (importId) await m.addDirectoryImportProgress(db, importId, { processed: asked, requests: spent() });
  });
  return {
    // List entries first, details after: mergeEpPersons lets the detail's fields win and keeps the list's order.
    records: mergeEpPersons([...entries, ...details]),
    listed: entries.length,
    fromCache: ids.length - wanted.length,
    fetched,
    missing: missing.map(Number),
  };
}

export type LiveImportResult = {
  term: number;
  listed: number;
  fromCache: number;
  fetched: number;
  full: boolean;
  summary: Awaited<ReturnType<typeof importDirectory>>;
  problems: ImportProblem[];
};

/**
 * One live import: fetch, parse as the file import does, save through importDirectory. A list shorter than half
 * the sitting Members we know (an API answering partially) is saved as a partial list: nobody is marked as left.
 */
export async function importDirectoryLive(
  db: Db,
  client: EpClient,
  opts: { importId?: string | null; now?: Date; actorUserId?: string | null; cacheDays?: number } = {},
): Promise<LiveImportResult> {
  const now = opts.now ?? new Date();
  const got = await fetchCurrentMeps(db, client, opts);
  const parsed = parseMepJsonLd({ data: got.records }, { today: now });
  if (!parsed.ok) throw new EpOpenDataError(`the list could not be read: ${parsed.error}`, null);
  const list = parsed.value;
  if (!list.meps.length) throw new EpOpenDataError("the API listed no Member that could be read", null);
  const known = (await listMeps(db)).filter((x) => x.epId !== null).length;
  const full = list.meps.length * 2 >= known;
  const problems: ImportProblem[] = [
    ...list.problems.filter((p) => p.kind !== "unknown-group"),
    ...got.missing.map((epId) => ({
      entry: 0,
      epId,
      message: "No detail record (e-mail and memberships); imported from the list entry.",
    })),
  ];
  if (!full)
    problems.push({
      entry: 0,
      message: `Only ${list.meps.length} Members listed against ${known} in the directory: imported as a partial list, nobody marked as left.`,
    });
  if (opts.importId) await m.updateDirectoryImport(db, opts.importId, { phase: "saving", term: list.term });
  const summary = await importDirectory(
    db,
    { format: "ep-open-data", term: list.term, meps: list.meps },
    { today: now, full, actorUserId: opts.actorUserId ?? null },
  );
  return {
    term: list.term,
    listed: got.listed,
    fromCache: got.fromCache,
    fetched: got.fetched,
    full,
    summary,
    problems,
  };
}

/** The job: runs one import and records its outcome on the run. */
export async function runDirectoryImport(
  db: Db,
  importId: string,
  opts: { client?: EpClient | null; now?: Date; cacheDays?: number } = {},
) {
  const run = await m.getDirectoryImport(db, importId);
  if (!run || run.status === "done") return;
  await m.updateDirectoryImport(db, importId, {
    status: "running",
    phase: "listing",
    total: 0,
    processed: 0,
    cached: 0,
    error: null,
  });
  try {
    const client = opts.client ?? openDataClient();
    if (!client) throw new EpOpenDataError("EP_OPEN_DATA_URL is not set", null);
    const r = await importDirectoryLive(db, client, {
      importId,
      now: opts.now,
      actorUserId: run.startedBy,
      cacheDays: opts.cacheDays,
    });
    await m.updateDirectoryImport(db, importId, {
      status: "done",
      phase: "done",
      term: r.term,
      added: r.summary.added,
      updated: r.summary.updated,
      unchanged: r.summary.unchanged,
      left: r.summary.left,
      skipped: r.problems.filter((p) => p.entry > 0).length,
      problems: r.problems.slice(0, 500),
      groupChanges: r.summary.groupChanges.map((g) => ({ name: g.name, from: g.from, to: g.to })),
      finishedAt: new Date(),
    });
  } catch (e) {
    if (e instanceof EpOpenDataError && e.retryAfterMs !== null) {
      // Asked to wait longer than the client will: the job comes back then, and starts from the cache.
      await m.updateDirectoryImport(db, importId, {
        status: "queued",
        phase: "queued",
        error: `Rate limited by the EP: trying again in ${Math.ceil(e.retryAfterMs / 1000)} s.`,
      });
      throw new RetryLater(e.retryAfterMs, e.message);
    }
    await m.updateDirectoryImport(db, importId, {
      status: "failed",
      error: (e as Error).message.slice(0, 500),
      finishedAt: new Date(),
    });
    throw e;
  }
}

// ------------------------------------------------------------ nightly

export function nightlyEnabled(env: Pick<Env, "EP_OPEN_DATA_URL" | "EP_DIRECTORY_NIGHTLY"> = getEnv()) {
  return env.EP_DIRECTORY_NIGHTLY === "true" && Boolean(env.EP_OPEN_DATA_URL);
}

/** The next NIGHTLY_HOUR_UTC strictly after `now`. */
export function nextNightlyRun(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), NIGHTLY_HOUR_UTC));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/**
 * Queues the next nightly refresh when it is enabled (EP_DIRECTORY_NIGHTLY=true and EP_OPEN_DATA_URL set). The
 * dedupe key names the night, so instances starting together and the job re-queueing itself leave one per night.
 */
export async function scheduleDirectoryNightly(
  db: Queryable,
  now = new Date(),
  env: Pick<Env, "EP_OPEN_DATA_URL" | "EP_DIRECTORY_NIGHTLY"> = getEnv(),
): Promise<number | null> {
  if (!nightlyEnabled(env)) return null;
  const at = nextNightlyRun(now);
  return enqueue(
    db,
    DIRECTORY_NIGHTLY_QUEUE,
    {},
    { runAt: at, dedupeKey: `${DIRECTORY_NIGHTLY_QUEUE}:${at.toISOString().slice(0, 10)}`, maxAttempts: 3 },
  );
}

/** The nightly job: starts an import run (unless one is running; switched off since: nothing) and queues the next. */
export async function runDirectoryNightly(
  db: Db,
  opts: { now?: Date; env?: Pick<Env, "EP_OPEN_DATA_URL" | "EP_DIRECTORY_NIGHTLY"> } = {},
) {
  const env = opts.env ?? getEnv();
  if (!nightlyEnabled(env)) return null;
  const { run } = await startDirectoryImport(db, { source: "nightly", userId: null });
  await scheduleDirectoryNightly(db, new Date((opts.now ?? new Date()).getTime() + 1000), env);
  return run;
}

export function registerDirectoryJobHandlers() {
  registerHandler(DIRECTORY_IMPORT_QUEUE, async (payload: { importId: string }, { db }) => {
    await runDirectoryImport(db, payload.importId);
  });
  registerHandler(DIRECTORY_NIGHTLY_QUEUE, async (_payload, { db }) => {
    await runDirectoryNightly(db);
  });
}

/** The latest runs for the page, and whether one is still going (the page then refreshes itself). */
export async function directoryImportRuns(db: Db, now = new Date()) {
  const runs = await m.listDirectoryImports(db);
  return { runs, running: runs.some((r) => m.isActiveRun(r, now)) };
}
