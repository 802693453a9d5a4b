/** Minimal structured logging. Never pass raw tokens, session ids or letter text here. */
type Fields = Record<string, unknown>;

function line(level: string, msg: string, fields: Fields) {
  return JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields });
}

export function logInfo(msg: string, fields: Fields = {}) {
  if (process.env.NODE_ENV === "test" && !process.env.LOG_IN_TESTS) return;
  console.log(line("info", msg, fields));
}

export function logError(error: unknown, fields: Fields = {}) {
  const e = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  console.error(line("error", e.name ?? "error", { ...fields, error: e }));
}
