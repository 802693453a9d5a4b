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
  const e = describeError(error);
  console.error(line("error", "name" in e ? e.name : "error", { ...fields, error: e }));
}

// ---------------------------------------------------------------- errors without their values

type Described =
  | {
      name: string;
      message: string;
      /** PostgreSQL's SQLSTATE (or the driver's code): what went wrong, without the values. */
      code?: string;
      /** The statement's shape with $1, $2 placeholders: which query failed, never its parameters. */
      query?: string;
      constraint?: string;
      table?: string;
      column?: string;
      stack?: string;
      cause?: Described;
    }
  | { value: string };

type ErrorLike = Error & Record<string, unknown>;

const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);

/** A database error: drizzle's wrapper (query + params) or a driver error (SQLSTATE, severity). */
function isDbError(e: ErrorLike) {
  return (
    (typeof e.query === "string" && ("params" in e || "parameters" in e)) ||
    (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && ("severity" in e || "routine" in e))
  );
}

// Words after which PostgreSQL quotes a name of ours (a table, a column, a constraint), not a value.
const NAME_BEFORE_QUOTE =
  /\b(relation|column|constraint|table|index|type|function|schema|database|role|sequence|trigger|view|operator|savepoint|cursor|extension|channel)\s+"[^"]*"/giu;

/**
 * PostgreSQL quotes offending values back in its messages ('invalid input syntax for type integer:
 * "…"', 'value "…" is out of range'): every quoted text is replaced unless it names a table,
 * column, constraint or other object. The DETAIL line (which holds the values of a duplicate key)
 * is never read.
 */
export function redactDbMessage(message: string): string {
  const kept: string[] = [];
  const marked = message.replace(NAME_BEFORE_QUOTE, (m) => {
    kept.push(m);
    return `\u0000${kept.length - 1}\u0000`;
  });
  return marked.replace(/"[^"]*"/g, '"[value]"').replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)]);
}

/**
 * What may be written about an error (logs, a job's last_error). For database errors: the SQLSTATE, the
 * statement's shape, the constraint, table and column, and the message with its quoted values removed;
 * never the query's parameters (draft text, comments, names, hashes of tokens) nor PostgreSQL's DETAIL.
 * Other errors keep their message. The stack keeps its frames, under the redacted first line.
 */
export function describeError(error: unknown, depth = 0): Described {
  if (!(error instanceof Error)) return { value: String(error) };
  const e = error as ErrorLike;
  const db = isDbError(e);
  let message = e.message;
  if (db)
    message =
      typeof e.query === "string" && message.startsWith("Failed query:") ? "Failed query" : redactDbMessage(message);
  const out: Described = { name: e.name, message };
  if (db) {
    const code = str(e.code);
    if (code) out.code = code;
    const query = str(e.query);
    if (query) out.query = query.slice(0, 2000);
    const constraint = str(e.constraint_name) ?? str(e.constraint);
    if (constraint) out.constraint = constraint;
    const table = str(e.table_name) ?? str(e.table);
    if (table) out.table = table;
    const column = str(e.column_name) ?? str(e.column);
    if (column) out.column = column;
  } else if (typeof e.code === "string") out.code = e.code;
  if (e.stack && depth === 0) {
    const frames = e.stack.split("\n").filter((l) => /^\s+at /.test(l));
    out.stack = [`${e.name}: ${message}`, ...frames].join("\n");
  }
  if (e.cause !== undefined && depth < 3) out.cause = describeError(e.cause, depth + 1);
  return out;
}

/** One line about an error, safe to store (a job's last_error): its name, code, redacted message and query shape. */
export function errorSummary(error: unknown): string {
  const parts: string[] = [];
  let d: Described | undefined = describeError(error);
  while (d) {
    if ("value" in d) {
      parts.push(d.value);
      break;
    }
    parts.push(
      [`${d.name}: ${d.message}`, d.code && `[${d.code}]`, d.query && `(${d.query})`].filter(Boolean).join(" "),
    );
    d = d.cause;
  }
  return parts.join(" <- ");
}
