/** Classifying errors that are not bugs: database unavailability and expected constraint violations. */

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "57014", // query_canceled: statement_timeout
  "55P03", // lock_not_available: lock_timeout
  "25P03", // idle_in_transaction_session_timeout
  "08000",
  "08003",
  "08006",
]);

function codeOf(e: unknown): string | undefined {
  if (!e || typeof e !== "object") return undefined;
  const o = e as { code?: unknown; cause?: unknown };
  if (typeof o.code === "string") return o.code;
  return o.cause ? codeOf(o.cause) : undefined;
}

export function isDbUnavailable(e: unknown): boolean {
  const code = codeOf(e);
  return code !== undefined && UNAVAILABLE_CODES.has(code);
}

/** Postgres unique_violation, possibly wrapped by drizzle. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 3 && cur; i++) {
    const o = cur as {
      code?: string;
      constraint_name?: string;
      constraint?: string;
      message?: string;
      cause?: unknown;
    };
    if (o.code === "23505") {
      if (!constraint) return true;
      const name = o.constraint_name ?? o.constraint ?? o.message ?? "";
      return name.includes(constraint);
    }
    cur = o.cause;
  }
  return false;
}
