import { describe, expect, it } from "vitest";
import {
  bodyLengthProblem,
  dropCheckedOrigin,
  isCrossSiteRequest,
  MAX_BODY_BYTES,
  securityHeaders,
} from "#app/web/request-guards.server.js";

const base = {
  path: "/letters/new",
  publicOrigin: "https://undersigned.example",
};

describe("cross-site request check", () => {
  it("lets same-origin and user-initiated posts through", () => {
    expect(
      isCrossSiteRequest({
        ...base,
        method: "POST",
        secFetchSite: "same-origin",
        origin: "https://undersigned.example",
      }),
    ).toBe(false);
    // A no-referrer page's form post: Origin null but Fetch Metadata says same-origin.
    expect(isCrossSiteRequest({ ...base, method: "POST", secFetchSite: "same-origin", origin: "null" })).toBe(false);
  });

  it("refuses cross-site and same-site posts by Fetch Metadata", () => {
    expect(
      isCrossSiteRequest({ ...base, method: "POST", secFetchSite: "cross-site", origin: "https://evil.example" }),
    ).toBe(true);
    expect(
      isCrossSiteRequest({
        ...base,
        method: "POST",
        secFetchSite: "same-site",
        origin: "https://sub.undersigned.example",
      }),
    ).toBe(true);
    // Fetch Metadata wins even when a forged-looking Origin matches.
    expect(
      isCrossSiteRequest({
        ...base,
        method: "POST",
        secFetchSite: "cross-site",
        origin: "https://undersigned.example",
      }),
    ).toBe(true);
  });

  it("refuses a POST that Fetch Metadata calls user-initiated (none): no form of ours posts like that", () => {
    expect(isCrossSiteRequest({ ...base, method: "POST", secFetchSite: "none", origin: undefined })).toBe(true);
  });

  it("compares Origin with the public origin only, never with the Host the client sent", () => {
    // Host: evil + Origin: http://evil passed the old check, which accepted the request's own Host.
    expect(isCrossSiteRequest({ ...base, method: "POST", secFetchSite: undefined, origin: "http://evil" })).toBe(true);
    expect(isCrossSiteRequest({ ...base, method: "POST", secFetchSite: "same-origin", origin: "http://evil" })).toBe(
      true,
    );
    expect(isCrossSiteRequest({ ...base, method: "POST", secFetchSite: undefined, origin: "not a url" })).toBe(true);
    expect(
      isCrossSiteRequest({
        ...base,
        method: "POST",
        secFetchSite: "same-origin",
        origin: "https://undersigned.example",
      }),
    ).toBe(false);
  });

  it("drops the checked Origin so Remix's own Origin/Host check cannot throw behind a Host-rewriting proxy", () => {
    const headers: Record<string, string> = { origin: "https://undersigned.example", host: "10.0.0.5:3000" };
    dropCheckedOrigin(headers);
    expect(headers.origin).toBeUndefined();
    expect(headers.host).toBe("10.0.0.5:3000");
  });

  it("refuses bodies over the largest cap before reading them, and bodies of unknown length", () => {
    expect(bodyLengthProblem({ method: "POST", contentLength: String(MAX_BODY_BYTES + 1) })).toBe(413);
    expect(bodyLengthProblem({ method: "POST", contentLength: "100" })).toBeNull();
    expect(bodyLengthProblem({ method: "POST", contentLength: "-5" })).toBe(400);
    expect(bodyLengthProblem({ method: "POST", transferEncoding: "chunked" })).toBe(411);
    expect(bodyLengthProblem({ method: "GET" })).toBeNull();
  });

  it("falls back to Origin when the browser sends no Fetch Metadata", () => {
    expect(
      isCrossSiteRequest({ ...base, method: "POST", secFetchSite: undefined, origin: "https://evil.example" }),
    ).toBe(true);
    expect(isCrossSiteRequest({ ...base, method: "POST", secFetchSite: undefined, origin: "null" })).toBe(true);
    expect(
      isCrossSiteRequest({ ...base, method: "POST", secFetchSite: undefined, origin: "https://undersigned.example" }),
    ).toBe(false);
    // Non-browser clients (curl, tests) send neither header.
    expect(isCrossSiteRequest({ ...base, method: "POST", secFetchSite: undefined, origin: undefined })).toBe(false);
  });

  it("never blocks safe methods, the signed webhook or one-click unsubscribe", () => {
    expect(
      isCrossSiteRequest({ ...base, method: "GET", secFetchSite: "cross-site", origin: "https://evil.example" }),
    ).toBe(false);
    expect(
      isCrossSiteRequest({
        ...base,
        path: "/webhooks/resend",
        method: "POST",
        secFetchSite: "cross-site",
        origin: undefined,
      }),
    ).toBe(false);
    expect(
      isCrossSiteRequest({
        ...base,
        path: "/unsubscribe/x.y",
        method: "POST",
        secFetchSite: "cross-site",
        origin: "https://mail.example",
      }),
    ).toBe(false);
  });
});

describe("security headers", () => {
  it("sets a nonce CSP that forbids framing, plus nosniff and a referrer policy", () => {
    const h = securityHeaders({ nonce: "abc123", development: false, hsts: false }) as Record<string, string>;
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc123'");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Content-Security-Policy"]).not.toContain("unsafe-eval");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("same-origin");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
  });
  it("adds HSTS only when asked (https in production)", () => {
    const h = securityHeaders({ nonce: "n", development: false, hsts: true }) as Record<string, string>;
    expect(h["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
  });
});
