import { describe, expect, it } from "vitest";
import { countableSignatures, latestSubstantiveAfter, signatureStatus } from "./signature-status";

const v = (...kinds: string[]) => kinds.map((kind, i) => ({ number: i + 1, kind }));

describe("signature status", () => {
  it("a signature on the newest version is current", () => {
    expect(signatureStatus(v("initial"), 1)).toBe("current");
    expect(signatureStatus(v("initial", "substantive", "editorial"), 3)).toBe("current");
  });
  it("only editorial versions since: carried over", () => {
    expect(signatureStatus(v("initial", "editorial"), 1)).toBe("carried");
    expect(signatureStatus(v("initial", "editorial", "editorial"), 1)).toBe("carried");
    expect(signatureStatus(v("initial", "substantive", "editorial"), 2)).toBe("carried");
  });
  it("a substantive version since: needs re-confirmation, even if editorial ones follow", () => {
    expect(signatureStatus(v("initial", "substantive"), 1)).toBe("needs-reconfirm");
    expect(signatureStatus(v("initial", "editorial", "substantive", "editorial"), 2)).toBe("needs-reconfirm");
  });
  it("order of the input does not matter; unknown kinds are treated as substantive", () => {
    expect(signatureStatus([...v("initial", "editorial", "editorial")].reverse(), 1)).toBe("carried");
    expect(signatureStatus(v("initial", "mystery"), 1)).toBe("needs-reconfirm");
  });
  it("countableSignatures keeps current and carried ones", () => {
    const versions = v("initial", "substantive", "editorial");
    const sigs = [
      { id: "a", versionNumber: 1 },
      { id: "b", versionNumber: 2 },
      { id: "c", versionNumber: 3 },
    ];
    expect(countableSignatures(sigs, versions).map((s) => s.id)).toEqual(["b", "c"]);
  });
  it("latestSubstantiveAfter names the version to re-confirm against", () => {
    expect(latestSubstantiveAfter(v("initial", "substantive", "editorial", "substantive", "editorial"), 1)).toBe(4);
    expect(latestSubstantiveAfter(v("initial", "editorial"), 1)).toBeNull();
  });
});

import { signingState } from "./signature-status";

describe("signing window", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  it("open, closed by the office, past the deadline, not collecting", () => {
    expect(signingState({ status: "collecting", signatureDeadline: null, signingClosedAt: null }, now)).toBe("open");
    expect(
      signingState(
        { status: "collecting", signatureDeadline: new Date("2026-12-02T00:00:00Z"), signingClosedAt: null },
        now,
      ),
    ).toBe("open");
    expect(
      signingState(
        { status: "collecting", signatureDeadline: new Date("2026-12-01T11:59:00Z"), signingClosedAt: null },
        now,
      ),
    ).toBe("deadline-passed");
    expect(
      signingState(
        { status: "collecting", signatureDeadline: null, signingClosedAt: new Date("2026-11-30T00:00:00Z") },
        now,
      ),
    ).toBe("closed-by-office");
    expect(signingState({ status: "sent", signatureDeadline: null, signingClosedAt: null }, now)).toBe(
      "not-collecting",
    );
  });
});
