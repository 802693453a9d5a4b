import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { jobs } from "#db/schema";
import { openDb, type Db, type DbHandle } from "#db/client.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import {
  claimJobs,
  enqueue,
  HoldJob,
  isHeld,
  registerHandler,
  releaseHeldJobs,
  RetryLater,
  runDueJobs,
  startWorker,
} from "#app/infra/jobs.server";

let handle: DbHandle & { name: string };
let db: Db;
let n = 0;
/** A fresh queue name per test, so handlers registered by one test never see another's jobs. */
const q = () => `test.q${++n}.${Date.now()}`;
const later = (ms: number) => new Date(Date.now() + ms);

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  await db.delete(jobs);
});

async function jobRow(id: number) {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

describe(`job queue (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("a job enqueued in a rolled-back transaction does not exist", async () => {
    const queue = q();
    await expect(
      db.transaction(async (tx) => {
        await enqueue(tx, queue, { a: 1 });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await db.select().from(jobs).where(eq(jobs.queue, queue))).toEqual([]);

    await db.transaction(async (tx) => {
      await enqueue(tx, queue, { a: 2 });
    });
    const rows = await db.select().from(jobs).where(eq(jobs.queue, queue));
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toEqual({ a: 2 });
  });

  it("runs a due job once and marks it done; a job due later waits", async () => {
    const queue = q();
    const seen: unknown[] = [];
    registerHandler(queue, async (payload) => {
      seen.push(payload);
    });
    const now = await enqueue(db, queue, { x: "now" });
    const future = await enqueue(db, queue, { x: "later" }, { runAt: later(60_000) });
    expect(await runDueJobs(db, { workerId: "w1" })).toBe(1);
    expect(seen).toEqual([{ x: "now" }]);
    expect((await jobRow(now!)).status).toBe("done");
    expect((await jobRow(future!)).status).toBe("queued");
    expect(await runDueJobs(db, { workerId: "w1" })).toBe(0);
    expect(await runDueJobs(db, { workerId: "w1", now: later(61_000) })).toBe(1);
    expect(seen).toEqual([{ x: "now" }, { x: "later" }]);
  });

  it("a dedupe key makes a second enqueue a no-op", async () => {
    const queue = q();
    const a = await enqueue(db, queue, {}, { dedupeKey: `k-${queue}` });
    const b = await enqueue(db, queue, {}, { dedupeKey: `k-${queue}` });
    expect(a).toBeTypeOf("number");
    expect(b).toBeNull();
    expect(await db.select().from(jobs).where(eq(jobs.queue, queue))).toHaveLength(1);
  });

  it("a failing job is retried with growing delays, then marked failed after maxAttempts", async () => {
    const queue = q();
    let calls = 0;
    registerHandler(queue, async () => {
      calls++;
      throw new Error("boom");
    });
    const id = (await enqueue(db, queue, {}, { maxAttempts: 3 }))!;
    await runDueJobs(db, { workerId: "w" });
    let row = await jobRow(id);
    expect(row.status).toBe("queued");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain("boom");
    const firstDelay = row.runAt.getTime() - Date.now();
    expect(firstDelay).toBeGreaterThan(1000); // 2 s ± 20 %
    // Not due yet: nothing runs.
    expect(await runDueJobs(db, { workerId: "w" })).toBe(0);

    await runDueJobs(db, { workerId: "w", now: later(10_000) });
    row = await jobRow(id);
    expect(row.attempts).toBe(2);
    const secondDelay = row.runAt.getTime() - (Date.now() + 10_000);
    expect(secondDelay).toBeGreaterThan(firstDelay); // 4 s ± 20 % > 2 s ± 20 %

    await runDueJobs(db, { workerId: "w", now: later(60_000) });
    row = await jobRow(id);
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(3);
    expect(calls).toBe(3);
    expect(await runDueJobs(db, { workerId: "w", now: later(3_600_000) })).toBe(0);
  });

  it("RetryLater reschedules without spending an attempt", async () => {
    const queue = q();
    let calls = 0;
    registerHandler(queue, async () => {
      calls++;
      if (calls < 4) throw new RetryLater(30_000);
    });
    const id = (await enqueue(db, queue, {}, { maxAttempts: 2 }))!;
    for (let i = 1; i <= 3; i++) {
      await runDueJobs(db, { workerId: "w", now: later(i * 40_000) });
      const row = await jobRow(id);
      expect(row.status).toBe("queued");
      expect(row.attempts).toBe(0);
      expect(row.runAt.getTime()).toBeGreaterThanOrEqual(Date.now() + i * 40_000 + 29_000);
    }
    await runDueJobs(db, { workerId: "w", now: later(4 * 40_000) });
    expect((await jobRow(id)).status).toBe("done");
    expect(calls).toBe(4);
  });

  it("HoldJob parks the job without a retry loop; releaseHeldJobs puts it back", async () => {
    const queue = q();
    let calls = 0;
    let hold = true;
    registerHandler(queue, async () => {
      calls++;
      if (hold) throw new HoldJob("daily quota");
    });
    const id = (await enqueue(db, queue, {}))!;
    await runDueJobs(db, { workerId: "w" });
    const row = await jobRow(id);
    expect(row.status).toBe("failed");
    expect(row.lastError).toBe("held: daily quota");
    expect(isHeld(row)).toBe(true);
    expect(await runDueJobs(db, { workerId: "w", now: later(86_400_000) })).toBe(0);
    expect(calls).toBe(1);

    hold = false;
    expect(await releaseHeldJobs(db, queue)).toBe(1);
    await runDueJobs(db, { workerId: "w" });
    expect((await jobRow(id)).status).toBe("done");
    expect(calls).toBe(2);
  });

  it("a job left running by a crashed worker is picked up once after its lease expires", async () => {
    const queue = q();
    const runs: string[] = [];
    registerHandler(queue, async (_p, ctx) => {
      runs.push(ctx.workerId);
    });
    const id = (await enqueue(db, queue, {}))!;
    // Worker A claims the job and "crashes": it never finishes it.
    const claimed = await claimJobs(db, { workerId: "A", leaseMs: 30_000 });
    expect(claimed.map((j) => j.id)).toEqual([id]);
    expect((await jobRow(id)).status).toBe("running");

    // While the lease holds, nobody else takes it.
    expect(await runDueJobs(db, { workerId: "B", leaseMs: 30_000, now: later(10_000) })).toBe(0);
    expect(runs).toEqual([]);

    // After the lease: worker B runs it, once.
    expect(await runDueJobs(db, { workerId: "B", leaseMs: 30_000, now: later(31_000) })).toBe(1);
    expect(await runDueJobs(db, { workerId: "C", leaseMs: 30_000, now: later(120_000) })).toBe(0);
    expect(runs).toEqual(["B"]);
    const row = await jobRow(id);
    expect(row.status).toBe("done");
    expect(row.attempts).toBe(2);
    expect(row.lockedBy).toBe("B");
  });

  it("a late finish by the crashed worker cannot overwrite the new owner's state", async () => {
    const queue = q();
    registerHandler(queue, async () => {
      throw new Error("fails for B");
    });
    const id = (await enqueue(db, queue, {}, { maxAttempts: 5 }))!;
    await claimJobs(db, { workerId: "A", leaseMs: 1000 });
    await runDueJobs(db, { workerId: "B", leaseMs: 1000, now: later(2000) });
    // B's failure rescheduled it; A's stale "done" must not apply because A no longer holds it.
    await db.execute(sql`update jobs set status = 'done' where id = ${id} and status = 'running' and locked_by = 'A'`);
    expect((await jobRow(id)).status).toBe("queued");
  });

  it("a job that keeps killing its worker is given up after maxAttempts claims", async () => {
    const queue = q();
    let calls = 0;
    registerHandler(queue, async () => {
      calls++;
    });
    const id = (await enqueue(db, queue, {}, { maxAttempts: 2 }))!;
    await claimJobs(db, { workerId: "A", leaseMs: 1000 });
    await claimJobs(db, { workerId: "B", leaseMs: 1000, now: later(2000) });
    await runDueJobs(db, { workerId: "C", leaseMs: 1000, now: later(4000) });
    const row = await jobRow(id);
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/gave up/);
    expect(calls).toBe(0);
  });

  it("a job whose queue has no handler here waits instead of failing", async () => {
    const queue = q();
    const id = (await enqueue(db, queue, {}))!;
    await runDueJobs(db, { workerId: "w" });
    const row = await jobRow(id);
    expect(row.status).toBe("queued");
    expect(row.attempts).toBe(0);
    expect(row.runAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  it("two workers running at the same time never run the same job twice", async () => {
    const queue = q();
    const runs = new Map<number, number>();
    registerHandler(queue, async (p: { i: number }) => {
      runs.set(p.i, (runs.get(p.i) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 2));
    });
    const total = 60;
    await db.transaction(async (tx) => {
      for (let i = 0; i < total; i++) await enqueue(tx, queue, { i });
    });
    // On Postgres the second worker uses its own connection pool, like a second app instance.
    let other: DbHandle | undefined;
    if (usingPostgres()) {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${handle.name}`;
      other = await openDb({ url: url.toString(), migrate: false });
    }
    const dbB = other?.db ?? db;
    const work = async (d: Db, workerId: string) => {
      let claimed = 0;
      for (;;) {
        const k = await runDueJobs(d, { workerId, limit: 3 });
        if (k === 0) break;
        claimed += k;
      }
      return claimed;
    };
    try {
      const counts = await Promise.all([work(db, "A"), work(dbB, "B"), work(db, "C"), work(dbB, "D")]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    } finally {
      await other?.close();
    }
    expect(runs.size).toBe(total);
    expect([...runs.values()].every((c) => c === 1)).toBe(true);
    const states = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.queue, queue));
    expect(states.every((s) => s.status === "done")).toBe(true);
  });

  it("startWorker runs enqueued jobs in the background and stops cleanly", async () => {
    const queue = q();
    const done: number[] = [];
    registerHandler(queue, async (p: { i: number }) => {
      done.push(p.i);
    });
    const worker = startWorker(async () => db, { intervalMs: 50, workerId: "bg" });
    try {
      await db.transaction(async (tx) => {
        await enqueue(tx, queue, { i: 1 });
        await enqueue(tx, queue, { i: 2 });
      });
      const deadline = Date.now() + 10_000;
      while (done.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await worker.stop();
    }
    expect(done.sort()).toEqual([1, 2]);
  });

  it("a job that hangs holds one slot: the jobs queued after it run meanwhile", async () => {
    const slow = q();
    const quick = q();
    let release!: () => void;
    const hanging = new Promise<void>((r) => (release = r));
    const done: number[] = [];
    registerHandler(slow, () => hanging);
    registerHandler(quick, async (p: { i: number }) => {
      done.push(p.i);
    });
    const worker = startWorker(async () => db, { intervalMs: 50, workerId: "slots", concurrency: 2 });
    try {
      await enqueue(db, slow, {});
      await new Promise((r) => setTimeout(r, 100)); // the slow job is claimed first
      for (const i of [1, 2, 3]) await enqueue(db, quick, { i });
      const deadline = Date.now() + 10_000;
      while (done.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(done.sort()).toEqual([1, 2, 3]);
      const [stuck] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.queue, slow));
      expect(stuck.status).toBe("running");
    } finally {
      release();
      await worker.stop();
    }
    const [finished] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.queue, slow));
    expect(finished.status).toBe("done");
  });
});
