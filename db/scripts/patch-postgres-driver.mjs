// Runs after `npm install` / `npm ci` (package.json "postinstall"). Patches a crash in postgres.js
// 3.4.9: when PostgreSQL drops a connection while a small write is buffered, a deferred
// `socket.write` runs on a null socket and throws from a setImmediate callback, an uncaught
// exception that kills the whole app (porsager/postgres#1154, #1208; fixes proposed in #1168, #1209,
// not released). The patch makes that write fail the pending queries with CONNECTION_CLOSED (which
// the app answers 503) and resets the write buffer on teardown. It is idempotent, and it only warns
// when the driver's code no longer looks as expected (an upgrade that fixed it, or changed it).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const MARK = "/* undersigned: null-socket guard */";
const NEXT_WRITE = "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)";
const GUARDED =
  "  function nextWrite(fn) {\n" +
  `    ${MARK}\n` +
  "    if (!socket) {\n" +
  "      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n" +
  "      chunk = nextWriteTimer = null\n" +
  "      error(Errors.connection('CONNECTION_CLOSED', options, socket))\n" +
  "      return false\n" +
  "    }\n" +
  "    const x = socket.write(chunk, fn)";
const TEARDOWN = "    clearImmediate(nextWriteTimer)\n";
const TEARDOWN_FIXED = "    clearImmediate(nextWriteTimer)\n    nextWriteTimer = null\n    chunk = null\n";

let patched = 0;
for (const flavour of ["src", "cjs/src", "cf/src"]) {
  const file = path.join(root, "node_modules", "postgres", flavour, "connection.js");
  if (!existsSync(file)) continue;
  let src = readFileSync(file, "utf8");
  if (src.includes(MARK)) continue;
  if (!src.includes(NEXT_WRITE)) {
    console.warn(
      `[patch-postgres-driver] ${path.relative(root, file)} changed upstream; not patched (check porsager/postgres#1154).`,
    );
    continue;
  }
  src = src.replace(NEXT_WRITE, GUARDED).split(TEARDOWN).join(TEARDOWN_FIXED);
  writeFileSync(file, src);
  patched++;
}
if (patched)
  console.log(`[patch-postgres-driver] guarded ${patched} postgres.js build(s) against writes on a closed socket`);
