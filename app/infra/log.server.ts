/** Minimal structured logging. Never pass raw tokens, session ids or letter text here. */
type Fields = Record<string, unknown>;

function line(level: string, msg: string, fields: Fields) {
  return JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields });
}

/**
 * A path safe to log: personal tokens (signing, sign-in, confirmation, unsubscribe links and the
 * verification code) are replaced, so a full test run's logs hold no credential.
 */
export function redactPath(pathname: string): string {
  return pathname
    .split("/")
    .map((seg) =>
      /^[A-Za-z0-9_-]{16,}$/.test(seg) && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(seg)
        ? "[token]"
        : seg.replace(/^([0-9a-f-]{36})\.[A-Za-z0-9_-]+$/i, "$1.[token]"),
    )
    .join("/");
}

const LEVELS = ["debug", "info", "warn", "error"];
/** LOG_LEVEL is read here directly (not through getEnv) so that logging works before the environment is validated. */
function enabled(level: string) {
  const min = LEVELS.indexOf(process.env.LOG_LEVEL ?? "info");
  return LEVELS.indexOf(level) >= (min < 0 ? 1 : min);
}

export function logInfo(msg: string, fields: Fields = {}) {
  if (process.env.NODE_ENV === "test" && !process.env.LOG_IN_TESTS) return;
  if (!enabled("info")) return;
  console.log(line("info", msg, fields));
}

export function logError(error: unknown, fields: Fields = {}) {
  const e =
    error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack }
      : { value: String(error) };
  console.error(line("error", e.name ?? "error", { ...fields, error: e }));
}
