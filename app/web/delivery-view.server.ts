/**
 * An invitation's latest message as staff see it on the invite and letter pages: queued, trying again at (a time
 * in the office's zone), sent, delivered, bounced, failed or held, the kind of problem in words, whether it needs a
 * person to act (a refusal trying again will not change), and whether it can be retried.
 */
import type { InvitationDelivery } from "#app/models/tracking.server";
import { isPermanent, messageStateOf, problemOf, PROBLEM_KEYS } from "#app/domain/delivery";

export type DeliveryView = {
  emailId: string;
  state: ReturnType<typeof messageStateOf>;
  retryAt: string | null;
  problem: string | null;
  permanent: boolean;
  retryable: boolean;
};

export function deliveryView(d: InvitationDelivery | undefined, time: (at: Date) => string): DeliveryView | null {
  if (!d) return null;
  const state = messageStateOf(d);
  const problem = state === "accepted" || state === "delivered" ? null : problemOf(d.lastError);
  return {
    emailId: d.emailId,
    state,
    retryAt: state === "retrying" && d.retryAt ? time(d.retryAt) : null,
    problem: state === "bounced" ? "sending.state.bounced" : problem ? PROBLEM_KEYS[problem] : null,
    permanent: state === "bounced" || (state === "failed" && isPermanent(problem)),
    retryable: state === "failed",
  };
}
