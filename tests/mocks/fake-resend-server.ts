/**
 * The fake Resend API as a process, for browser tests and manual runs:
 *   node --import tsx tests/mocks/fake-resend-server.ts [port]   (or FAKE_RESEND_PORT; default 4010)
 * (one process, so its pid is the one to stop; through `npx tsx` the child outlives a killed parent)
 * Point the app at it with RESEND_API_KEY=re_test and RESEND_BASE_URL=http://127.0.0.1:<port>.
 * GET /__deliveries lists what was "delivered"; POST /__script queues canned answers; POST /__reset clears.
 */
import { startFakeResend } from "./fake-resend";

const port = Number(process.argv[2] ?? process.env.FAKE_RESEND_PORT ?? 4010);
const fake = await startFakeResend({ port });
console.log(`fake Resend listening on ${fake.url}`);

const stop = () => {
  fake.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
