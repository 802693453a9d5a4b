/** Start-up and shutdown of everything the web process owns: database, demo seed, job handlers and worker. */
import { getEnv } from "#app/infra/env.server";
import { closeDb, getDbHandle } from "#app/infra/db.server";
import { logError, logInfo } from "#app/infra/log.server";
import { registeredQueues, startWorker } from "#app/infra/jobs.server";
import { seedDemoIfEmpty } from "#db/seed.server";
import { registerJobHandlers, scheduleMaintenance } from "./job-handlers.server";
import { scheduleReplyScan } from "./replies.server";
import { scheduleDirectoryNightly } from "./directory-import.server";
import { scheduleQuestionRepoll } from "./question-alerts.server";

let stopWorker: (() => Promise<void> | void) | undefined;
let driver = "unknown";

export async function startServices() {
  const env = getEnv();
  const handle = await getDbHandle();
  driver = handle.driver;
  registerJobHandlers();
  const seedWanted = env.SEED_DEMO === "always" || (env.SEED_DEMO === "auto" && env.NODE_ENV !== "production");
  if (seedWanted) {
    // Under the start-up lock: two instances starting on an empty database must not both seed it.
    const seeded = await handle.withStartupLock(() => seedDemoIfEmpty(handle.db));
    if (seeded) logInfo("demo data loaded", {});
  }
  await scheduleMaintenance(handle.db);
  await scheduleReplyScan(handle.db);
  await scheduleDirectoryNightly(handle.db);
  await scheduleQuestionRepoll(handle.db);
  if (env.RUN_WORKER === "true") {
    stopWorker = startWorker(async () => (await getDbHandle()).db, {
      intervalMs: 1000,
      concurrency: env.JOB_CONCURRENCY,
    }).stop;
  }
}

export async function stopServices() {
  try {
    await stopWorker?.();
  } catch (e) {
    logError(e, { phase: "stop-worker" });
  }
  await closeDb();
}

/** A health check answers within a second even when the database hangs: a load balancer must not wait. */
export const HEALTH_TIMEOUT_MS = 800;

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

export async function health(timeoutMs = HEALTH_TIMEOUT_MS) {
  const started = Date.now();
  try {
    const handle = await within(timeoutMs, getDbHandle());
    await within(timeoutMs - (Date.now() - started), handle.ping());
    return { ok: true, database: { status: "up", driver: handle.driver, latencyMs: Date.now() - started } };
  } catch (e) {
    return { ok: false, database: { status: "down", error: e instanceof Error ? e.message : String(e) } };
  }
}

export function driverName() {
  return driver;
}

/** The queues this process can run (for the start-up test and /healthz-style diagnostics). */
export { registeredQueues };
