/**
 * Where a message stands, in words a member of staff understands. The outbox keeps the provider's raw answer
 * ("429 rate_limit_exceeded: Too many requests") for the record; pages show only the kind of problem and what
 * happens next, and a send is "sent" only once every addressee's message was accepted by the provider.
 */

/** The kinds of problem a provider answer can be. Only "address" and "account" need a person to act. */
export type DeliveryProblem = "busy" | "provider-down" | "network" | "quota" | "account" | "address" | "unknown";

export const PROBLEM_KEYS = {
  busy: "sending.problem.busy",
  "provider-down": "sending.problem.providerDown",
  network: "sending.problem.network",
  quota: "sending.problem.quota",
  account: "sending.problem.account",
  address: "sending.problem.address",
  unknown: "sending.problem.unknown",
} as const satisfies Record<DeliveryProblem, string>;

/**
 * The kind of problem in a stored error (the mailer writes `<status or "network"> <name>: <message>`, or
 * "invalid recipient address" for an address it never sent). Null when there is none.
 */
export function problemOf(lastError: string | null | undefined): DeliveryProblem | null {
  const e = (lastError ?? "").trim();
  if (!e) return null;
  if (/quota/i.test(e)) return "quota";
  if (/^held: /.test(e)) return problemOf(e.slice(6)) ?? "unknown";
  if (/^429\b/.test(e) || /concurrent_idempotent_requests|rate.?limit/i.test(e)) return "busy";
  if (/^5\d\d\b/.test(e)) return "provider-down";
  if (/^network\b|timeout|timed out|abort|ECONN|fetch failed/i.test(e)) return "network";
  if (/^40[13]\b|invalid_from_address|api_key|restricted_api_key/i.test(e)) return "account";
  if (/^4\d\d\b|invalid recipient address|validation_error/i.test(e)) return "address";
  return "unknown";
}

/** A refusal that trying again will not change (a 4xx other than "slow down"): raised prominently. */
export function isPermanent(problem: DeliveryProblem | null): boolean {
  return problem === "address" || problem === "account";
}

/** One message as staff see it. */
export type MessageState = "waiting" | "retrying" | "accepted" | "delivered" | "bounced" | "failed" | "held";

const DELIVERED = new Set(["delivered", "opened", "clicked"]);
const BOUNCED = new Set(["bounced", "complained", "suppressed"]);

export function messageStateOf(row: {
  status: string;
  lastError: string | null;
  deliveryStatus: string | null;
}): MessageState {
  if (row.status === "held") return "held";
  if (row.status === "failed") return "failed";
  if (row.status === "sent") {
    if (row.deliveryStatus && BOUNCED.has(row.deliveryStatus)) return "bounced";
    if (row.deliveryStatus === "failed") return "failed";
    if (row.deliveryStatus && DELIVERED.has(row.deliveryStatus)) return "delivered";
    return "accepted";
  }
  return row.lastError ? "retrying" : "waiting";
}

export type SendProgress = {
  /** "sent" only when every addressee's message was accepted by the provider. */
  state: "sent" | "sending" | "retrying" | "failed" | "held";
  /** Messages the provider accepted. */
  delivered: number;
  total: number;
  failed: number;
  /** The earliest next attempt among the messages being retried. */
  retryAt: Date | null;
};

export function sendProgressOf(rows: ReadonlyArray<{ state: MessageState; retryAt: Date | null }>): SendProgress {
  const accepted = (s: MessageState) => s === "accepted" || s === "delivered" || s === "bounced";
  const delivered = rows.filter((r) => accepted(r.state)).length;
  const failed = rows.filter((r) => r.state === "failed").length;
  const retrying = rows.filter((r) => r.state === "retrying");
  const times = retrying.map((r) => r.retryAt?.getTime()).filter((t): t is number => t !== undefined);
  const retryAt = times.length ? new Date(Math.min(...times)) : null;
  const state: SendProgress["state"] = rows.some((r) => r.state === "held")
    ? "held"
    : retrying.length
      ? "retrying"
      : rows.some((r) => r.state === "waiting")
        ? "sending"
        : failed
          ? "failed"
          : "sent";
  return { state, delivered, total: rows.length, failed, retryAt };
}
