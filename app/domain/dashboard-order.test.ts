import { describe, expect, it } from "vitest";
import { dashboardOrder } from "./dashboard-order";

describe("dashboard order", () => {
  it("puts tracking first for a campaign lead and signing first for staff and Members", () => {
    expect(dashboardOrder("campaign_lead")[0]).toBe("overdueReplies");
    expect(dashboardOrder("staff")[0]).toBe("deadlines");
    expect(dashboardOrder("mep")[0]).toBe("deadlines");
  });
  it("shows every section for every role", () => {
    for (const role of ["mep", "staff", "campaign_lead", "admin"] as const)
      expect([...dashboardOrder(role)].sort()).toEqual(
        ["comments", "deadlines", "failures", "overdueReplies", "questions", "waiting"].sort(),
      );
  });
});
