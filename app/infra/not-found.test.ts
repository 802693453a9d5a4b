import { describe, expect, it } from "vitest";
import { notFound } from "./not-found";
import { requireUuid } from "./ids";

describe("notFound", () => {
  it("is a plain 404 answer, the same for a malformed id", async () => {
    const r = notFound();
    expect(r.status).toBe(404);
    expect(await r.text()).toBe("Not found");
    let thrown: unknown;
    try {
      requireUuid("not-a-uuid");
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Response).status).toBe(404);
  });
});
