/**
 * The background job queue, on the `jobs` table of our own database (no pg-boss: see the ADR on the
 * job queue). Enqueueing is a plain INSERT, so it joins the caller's transaction: a rolled-back
 * change enqueues nothing. Workers claim due jobs with `FOR UPDATE SKIP LOCKED` and hold them under
 * a lease (`locked_until`); a job whose worker died is claimed again once its lease has expired.
 * The same code runs on PGlite (one in-process worker) and on PostgreSQL (any number of instances).
 *
 * Delivery is at-least-once: a handler can run again after a crash, so every handler must make its
 * effect idempotent (the email handler does it with the outbox row's status and Resend's
 * Idempotency-Key).
 *
 * Statuses: queued → running → done | failed. A handler may also
 *  - throw `RetryLater(ms)`: rescheduled after `ms` without spending an attempt (for provider
 *    rate limits). So that a job cannot be postponed forever, the refund stops once the job is
 *    older than RETRY_LATER_WINDOW_MS (24 h); after that a RetryLater counts like a failure.
 *  - throw `HoldJob(reason)`: parked, not retried. There is no separate status for it (JobStatus is
 *    shared with the schema), so a held job is `failed` with `last_error` starting with "held: ";
 *    `isHeld()` and `releaseHeldJobs()` work on that prefix.
 */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { jobs } from "#db/schema";
import { rowsOf, type Db, type Queryable } from "#db/client.server";
import { errorSummary, logError } from "./log.server";

export const HELD_PREFIX = "held: ";
export const RETRY_LATER_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A job whose queue has no handler in this process waits this long (another instance may know it). */
const NO_HANDLER_DELAY_MS = 60_000;

export type JobOptions = { runAt?: Date; dedupeKey?: string; maxAttempts?: number };

/**
 * Inserts a job. Pass the transaction of the change that causes the job. With `dedupeKey`, a second
 * job with the same key is not created (the key stays taken after the job finished) and null is
 * returned.
 */
export async function enqueue(
  q: Queryable,
  queue: string,
  payload: object,
  opts: JobOptions = {},
): Promise<number | null> {
  const rows = await q
    .insert(jobs)
    .values({
      queue,
      payload,
      runAt: opts.runAt ?? sql`now()`,
      maxAttempts: opts.maxAttempts ?? 8,
      dedupeKey: opts.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  // Best effort: the caller's transaction may not have committed yet, so nudge the worker a moment later.
  if (rows[0] && wakers.size) setTimeout(wakeWorkers, 20).unref?.();
  return rows[0]?.id ?? null;
}

// ---------------------------------------------------------------- handlers and control-flow errors

export type JobInfo = { id: number; queue: string; attempts: number; maxAttempts: number; createdAt: Date };
export type JobContext = { db: Db; job: JobInfo; workerId: string };
export type JobHandler = (payload: any, ctx: JobContext) => Promise<void>;

const handlers = new Map<string, JobHandler>();

/** Registers (or replaces) the handler of a queue for this process. */
export function registerHandler(queue: string, handler: JobHandler) {
  handlers.set(queue, handler);
}

/** The queues that have a handler in this process. */
export function registeredQueues(): string[] {
  return [...handlers.keys()].sort();
}

/** Reschedule after `ms` without spending an attempt (see the module comment for the bound). */
export class RetryLater extends Error {
  constructor(
    public readonly ms: number,
    message = `retry in ${ms} ms`,
  ) {
    super(message);
    this.name = "RetryLater";
  }
}

/** Park the job: no further attempts until someone releases it. */
export class HoldJob extends Error {
  constructor(public readonly reason: string) {
    super(reason);
    this.name = "HoldJob";
  }
}

export function isHeld(job: { status: string; lastError: string | null }) {
  return job.status === "failed" && (job.lastError ?? "").startsWith(HELD_PREFIX);
}

/** Exponential backoff with ±20% jitter: 2 s, 4 s, 8 s … capped at one hour. */
export function backoffMs(attempt: number, baseMs = 2000, capMs = 60 * 60 * 1000) {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.8 + Math.random() * 0.4));
}

// ---------------------------------------------------------------- claiming and running

export type ClaimedJob = JobInfo & { payload: unknown };

export type RunOptions = {
  workerId?: string;
  limit?: number;
  leaseMs?: number;
  /** Only for tests: the clock to use instead of the database's now(). */
  now?: Date;
  /** Delay before retry number `attempt`; defaults to `backoffMs`. */
  backoff?: (attempt: number) => number;
};

const defaultWorkerId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;

function nowSql(now?: Date) {
  return now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
}

function toDate(v: unknown): Date {
  return v instanceof Date ? v : new Date(String(v));
}

function toPayload(v: unknown): unknown {
  return typeof v === "string" ? JSON.parse(v) : v;
}

/**
 * Claims up to `limit` due jobs for `workerId`: queued ones whose run_at has come, and running ones
 * whose lease has expired (their worker crashed). Each claim counts as an attempt.
 * The CTE is MATERIALIZED so the locking subquery runs exactly once: with a plain
 * `WHERE id IN (SELECT … LIMIT n)` the planner may re-run it and lock more than n rows.
 */
export async function claimJobs(db: Queryable, opts: RunOptions = {}): Promise<ClaimedJob[]> {
  const workerId = opts.workerId ?? defaultWorkerId;
  const limit = opts.limit ?? 10;
  const leaseMs = opts.leaseMs ?? 60_000;
  const now = nowSql(opts.now);
  const result = await db.execute(sql`
    with next as materialized (
      select id from jobs
      where (status = 'queued' and run_at <= ${now})
         or (status = 'running' and locked_until < ${now})
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    update jobs j
       set status = 'running',
           attempts = j.attempts + 1,
           locked_by = ${workerId},
           locked_until = ${now} + make_interval(secs => ${leaseMs / 1000})
      from next
     where j.id = next.id
    returning j.id, j.queue, j.payload, j.attempts, j.max_attempts, j.created_at`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    id: Number(r.id),
    queue: String(r.queue),
    payload: toPayload(r.payload),
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    createdAt: toDate(r.created_at),
  }));
}

async function finish(db: Db, job: ClaimedJob, workerId: string, now?: Date) {
  await db.execute(sql`
    update jobs set status = 'done', finished_at = ${nowSql(now)}, locked_until = null, last_error = null
     where id = ${job.id} and status = 'running' and locked_by = ${workerId}`);
}

async function reschedule(
  db: Db,
  job: ClaimedJob,
  workerId: string,
  delayMs: number,
  error: string,
  refund: boolean,
  now?: Date,
) {
  await db.execute(sql`
    update jobs set status = 'queued',
           run_at = ${nowSql(now)} + make_interval(secs => ${Math.max(0, delayMs) / 1000}),
           attempts = greatest(0, attempts - ${refund ? 1 : 0}),
           locked_until = null, locked_by = null, last_error = ${error.slice(0, 2000)}
     where id = ${job.id} and status = 'running' and locked_by = ${workerId}`);
}

async function fail(db: Db, job: ClaimedJob, workerId: string, error: string, now?: Date) {
  await db.execute(sql`
    update jobs set status = 'failed', finished_at = ${nowSql(now)}, locked_until = null,
           last_error = ${error.slice(0, 2000)}
     where id = ${job.id} and status = 'running' and locked_by = ${workerId}`);
}

/** Keeps the leases of jobs this worker is still running, so a slow handler is not taken over. */
function keepLeases(db: Db, ids: number[], workerId: string, leaseMs: number, now?: Date) {
  if (now || ids.length === 0) return () => {};
  const timer = setInterval(
    () => {
      db.execute(
        sql`
      update jobs set locked_until = now() + make_interval(secs => ${leaseMs / 1000})
       where id in (${sql.join(
         ids.map((id) => sql`${id}`),
         sql`, `,
       )})
         and status = 'running' and locked_by = ${workerId}`,
      ).catch(() => {});
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  timer.unref?.();
  return () => clearInterval(timer);
}

/** What a failed job keeps in last_error: never a failed query's parameters (see errorSummary). */
function message(e: unknown) {
  return errorSummary(e);
}

/**
 * Claims due jobs and runs them, at most `concurrency` at a time (default 1: in order, as tests and
 * scripts expect). Returns how many jobs were claimed. The polling worker below does not wait for a
 * whole batch: it keeps its slots filled.
 */
export async function runDueJobs(db: Db, opts: RunOptions & { concurrency?: number } = {}): Promise<number> {
  const workerId = opts.workerId ?? defaultWorkerId;
  const leaseMs = opts.leaseMs ?? 60_000;
  const claimed = await claimJobs(db, { ...opts, workerId, leaseMs });
  // Jobs still waiting their turn in this batch keep their leases too, so no other worker takes them over.
  const stopBatchLeases = keepLeases(
    db,
    claimed.map((j) => j.id),
    workerId,
    leaseMs,
    opts.now,
  );
  const queue = [...claimed];
  const lanes = Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, queue.length)) }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await runLeased(db, job, workerId, { ...opts, leaseMs });
  });
  try {
    await Promise.all(lanes);
  } finally {
    stopBatchLeases();
  }
  return claimed.length;
}

/** Runs one claimed job while renewing its lease, so a slow handler is not taken over by another worker. */
async function runLeased(db: Db, job: ClaimedJob, workerId: string, opts: RunOptions & { leaseMs: number }) {
  const stopLease = keepLeases(db, [job.id], workerId, opts.leaseMs, opts.now);
  try {
    await runOne(db, job, workerId, opts);
  } finally {
    stopLease();
  }
}

async function runOne(db: Db, job: ClaimedJob, workerId: string, opts: RunOptions) {
  const now = opts.now;
  // A job claimed more often than allowed without ever finishing keeps crashing its worker.
  if (job.attempts > job.maxAttempts) {
    await fail(db, job, workerId, "gave up: the job's worker stopped before finishing it too many times", now);
    return;
  }
  const handler = handlers.get(job.queue);
  if (!handler) {
    await reschedule(
      db,
      job,
      workerId,
      NO_HANDLER_DELAY_MS,
      `no handler for queue ${job.queue} on ${workerId}`,
      true,
      now,
    );
    return;
  }
  try {
    await handler(job.payload, {
      db,
      job: {
        id: job.id,
        queue: job.queue,
        attempts: job.attempts,
        maxAttempts: job.maxAttempts,
        createdAt: job.createdAt,
      },
      workerId,
    });
    await finish(db, job, workerId, now);
  } catch (e) {
    if (e instanceof HoldJob) {
      await fail(db, job, workerId, HELD_PREFIX + e.reason, now);
      return;
    }
    if (e instanceof RetryLater) {
      const age = (now ?? new Date()).getTime() - job.createdAt.getTime();
      const refund = age < RETRY_LATER_WINDOW_MS;
      if (refund || job.attempts < job.maxAttempts) {
        await reschedule(db, job, workerId, e.ms, message(e), refund, now);
        return;
      }
      await fail(db, job, workerId, message(e), now);
      return;
    }
    if (job.attempts >= job.maxAttempts) {
      await fail(db, job, workerId, message(e), now);
      return;
    }
    const delay = (opts.backoff ?? backoffMs)(job.attempts);
    await reschedule(db, job, workerId, delay, message(e), false, now);
  }
}

/** Puts held jobs back in the queue with fresh attempts (e.g. after the provider's daily quota reset). */
export async function releaseHeldJobs(db: Queryable, queue?: string): Promise<number> {
  const result = await db.execute(sql`
    update jobs set status = 'queued', run_at = now(), attempts = 0, last_error = null, finished_at = null,
           locked_by = null, locked_until = null
     where status = 'failed' and last_error like ${HELD_PREFIX + "%"}
       ${queue ? sql`and queue = ${queue}` : sql``}
    returning id`);
  const n = rowsOf(result).length;
  if (n) wakeWorkers();
  return n;
}

// ---------------------------------------------------------------- the in-process polling worker

const wakers = new Set<() => void>();

/** Makes in-process workers poll now instead of at their next tick (called after every enqueue). */
export function wakeWorkers() {
  for (const w of wakers) w();
}

export type WorkerOptions = Omit<RunOptions, "now" | "limit"> & {
  intervalMs?: number;
  /** Jobs run at the same time by this worker (default 4): one slow provider call holds one slot only. */
  concurrency?: number;
  onError?: (e: unknown) => void;
};

/**
 * Polls for due jobs until stopped. Used in-process by server.js (the only way with PGlite; with
 * PostgreSQL every instance runs one and they share the work). Up to `concurrency` jobs run at once;
 * whenever one finishes, its slot claims the next due job, so a handler that hangs (until its own
 * timeout) delays nothing else. A wake-up from `enqueue` in this process claims at once; jobs
 * enqueued by other instances are picked up within `intervalMs`. `stop()` waits for the jobs in
 * progress to finish.
 */
export function startWorker(getDb: () => Promise<Db>, opts: WorkerOptions = {}): { stop: () => Promise<void> } {
  const intervalMs = opts.intervalMs ?? 1000;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const workerId = opts.workerId ?? defaultWorkerId;
  const leaseMs = opts.leaseMs ?? 60_000;
  const onError = opts.onError ?? ((e) => logError(e, { phase: "jobs-worker" }));
  const running = new Set<Promise<void>>();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;
  let again = false;

  const waker = () => {
    again = true;
    wake?.();
  };
  wakers.add(waker);

  const loop = (async () => {
    while (!stopped) {
      again = false;
      const free = concurrency - running.size;
      let claimedAll = false;
      if (free > 0) {
        try {
          const db = await getDb();
          const claimed = await claimJobs(db, { ...opts, workerId, leaseMs, limit: free });
          claimedAll = claimed.length === free;
          for (const job of claimed) {
            const run: Promise<void> = runLeased(db, job, workerId, { ...opts, leaseMs })
              .catch(onError)
              .finally(() => {
                running.delete(run);
                waker(); // a slot is free: look for the next due job
              });
            running.add(run);
          }
        } catch (e) {
          onError(e);
        }
      }
      if (stopped) break;
      // Every free slot was filled: more may be due. Otherwise wait for a wake-up, a freed slot or the tick.
      if ((claimedAll && running.size < concurrency) || again) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
      });
      wake = undefined;
      clearTimeout(timer);
    }
    await Promise.all(running);
  })();

  return {
    stop: async () => {
      stopped = true;
      wakers.delete(waker);
      clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}
