import { describe, expect, it } from "vitest";
import { isPermanent, messageStateOf, problemOf, sendProgressOf } from "./delivery";

describe("problemOf: the provider's answer as a kind of problem", () => {
  it.each([
    ["429 rate_limit_exceeded: Too many requests", "busy"],
    ["409 concurrent_idempotent_requests: Same idempotency key used while…", "busy"],
    ["429 daily_quota_exceeded: You have reached your daily email sending quota.", "quota"],
    ["held: 429 daily_quota_exceeded: quota", "quota"],
    ["500 internal_server_error: oops", "provider-down"],
    ["503 application_error: unavailable", "provider-down"],
    ["network application_error: Unable to fetch data. The request could not be resolved.", "network"],
    ["401 missing_api_key: Missing API key in the authorization header.", "account"],
    ["403 invalid_from_address: The domain is not verified", "account"],
    ["422 validation_error: Invalid `to` field.", "address"],
    ["invalid recipient address", "address"],
    ["provider returned no id for this message", "unknown"],
  ])("%s → %s", (error, kind) => {
    expect(problemOf(error)).toBe(kind);
  });

  it("no error, no problem; only refusals trying again will not change are permanent", () => {
    expect(problemOf(null)).toBeNull();
    expect(problemOf("  ")).toBeNull();
    expect(isPermanent("address")).toBe(true);
    expect(isPermanent("account")).toBe(true);
    expect(isPermanent("busy")).toBe(false);
    expect(isPermanent("provider-down")).toBe(false);
  });
});

describe("sendProgressOf", () => {
  const row = (status: string, lastError: string | null = null, deliveryStatus: string | null = null) =>
    messageStateOf({ status, lastError, deliveryStatus });

  it("is 'sent' only when every message was accepted", () => {
    const at = new Date("2026-12-02T18:42:00Z");
    const later = new Date("2026-12-02T18:50:00Z");
    expect(
      sendProgressOf([
        { state: row("sent"), retryAt: null },
        { state: row("sent", null, "delivered"), retryAt: null },
        { state: row("queued", "429 rate_limit_exceeded: x"), retryAt: later },
        { state: row("queued", "500 internal_server_error: x"), retryAt: at },
      ]),
    ).toEqual({ state: "retrying", delivered: 2, total: 4, failed: 0, retryAt: at });
    expect(sendProgressOf([{ state: row("queued"), retryAt: null }]).state).toBe("sending");
    expect(
      sendProgressOf([
        { state: row("sent"), retryAt: null },
        { state: row("failed"), retryAt: null },
      ]).state,
    ).toBe("failed");
    expect(sendProgressOf([{ state: row("held", "held: quota"), retryAt: null }]).state).toBe("held");
    expect(sendProgressOf([{ state: row("sent", null, "bounced"), retryAt: null }])).toMatchObject({
      state: "sent",
      delivered: 1,
    });
  });
});
