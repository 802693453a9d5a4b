import { describe, expect, it } from "vitest";
import { emailDomain, staffConfirmationRequired } from "./staff-signatures";

describe("staffConfirmationRequired", () => {
  const member = "anna.devries@europarl.europa.eu";
  it("by default waits for the Member only when the staff address is outside the Member's domain", () => {
    expect(
      staffConfirmationRequired({
        setting: "outside-domain",
        staffEmail: "aide@europarl.europa.eu",
        memberEmail: member,
      }),
    ).toBe(false);
    expect(
      staffConfirmationRequired({ setting: "outside-domain", staffEmail: "aide@gmail.com", memberEmail: member }),
    ).toBe(true);
    expect(
      staffConfirmationRequired({
        setting: "outside-domain",
        staffEmail: "aide@EUROPARL.europa.eu",
        memberEmail: member,
      }),
    ).toBe(false);
    // A look-alike domain is another domain.
    expect(
      staffConfirmationRequired({
        setting: "outside-domain",
        staffEmail: "a@europarl.europa.eu.evil.test",
        memberEmail: member,
      }),
    ).toBe(true);
  });
  it("always waits when the office says so, or when an address or the setting is missing", () => {
    expect(
      staffConfirmationRequired({ setting: "always", staffEmail: "aide@europarl.europa.eu", memberEmail: member }),
    ).toBe(true);
    expect(
      staffConfirmationRequired({
        setting: "outside-domain",
        staffEmail: "aide@europarl.europa.eu",
        memberEmail: null,
      }),
    ).toBe(true);
    expect(
      staffConfirmationRequired({ setting: null, staffEmail: "aide@europarl.europa.eu", memberEmail: member }),
    ).toBe(true);
  });
  it("reads domains", () => {
    expect(emailDomain("A@B.example")).toBe("b.example");
    expect(emailDomain("nobody")).toBeNull();
  });
});
