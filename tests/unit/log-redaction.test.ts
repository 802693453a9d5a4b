import { describe, expect, it } from "vitest";
import { randomBytes, randomUUID } from "node:crypto";
import { redactPath } from "#app/infra/log.server";

describe("paths in logs carry no credentials", () => {
  const token = randomBytes(32).toString("base64url");
  it("replaces signing, sign-in and confirmation tokens and the verification code", () => {
    expect(redactPath(`/sign/${token}`)).toBe("/sign/[token]");
    expect(redactPath(`/sign/${token}/comment`)).toBe("/sign/[token]/comment");
    expect(redactPath(`/login/link/${token}`)).toBe("/login/link/[token]");
    expect(redactPath(`/confirm/${token}`)).toBe("/confirm/[token]");
    expect(redactPath(`/verify/${randomBytes(12).toString("base64url")}`)).toBe("/verify/[token]");
  });
  it("keeps the MAC of an unsubscribe link out but the invitation id readable", () => {
    const id = randomUUID();
    expect(redactPath(`/unsubscribe/${id}.${"A".repeat(32)}`)).toBe(`/unsubscribe/${id}.[token]`);
  });
  it("leaves ordinary paths and record ids alone", () => {
    const id = randomUUID();
    expect(redactPath(`/letters/${id}/versions/2`)).toBe(`/letters/${id}/versions/2`);
    expect(redactPath("/letters/new")).toBe("/letters/new");
  });
});
