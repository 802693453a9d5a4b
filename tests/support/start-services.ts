/**
 * Starts and stops the app's services once, as server.js does, and prints what it found. Used by the start-up
 * tests to run two instances at once against one database (DATABASE_URL) in separate processes.
 */
import { startServices, stopServices } from "#app/services/lifecycle.server";
import { registeredQueues } from "#app/infra/jobs.server";

try {
  await startServices();
  process.stdout.write(JSON.stringify({ ok: true, queues: registeredQueues() }) + "\n");
  await stopServices();
  process.exit(0);
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) }) + "\n");
  process.exit(1);
}
