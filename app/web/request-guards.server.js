// Plain JavaScript so that server.js (which runs without a TypeScript step) can import it.
// Security headers and the cross-site request check; both are unit-tested in tests/unit.

/** Response headers for every request. `nonce` is per request; CSP allows only scripts carrying it. */
export function securityHeaders({ nonce, development, hsts }) {
  const connect = development ? "'self' ws://localhost:* ws://127.0.0.1:*" : "'self'";
  const headers = {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: https://www.europarl.europa.eu",
      `connect-src ${connect}`,
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
  if (hsts) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// Authenticated by something other than a cookie: the webhook by its signature, one-click
// unsubscribe (RFC 8058, posted by mail providers' servers) by its token, and it only turns reminders off.
const EXEMPT = [/^\/webhooks\//, /^\/unsubscribe\//];

/**
 * CSRF (ADR 004): a state-changing request must come from a page of the configured public origin.
 * Fetch Metadata, when sent, must say "same-origin" ("none", a typed or bookmarked request, never
 * posts a form of ours). Origin, when sent, must be PUBLIC_ORIGIN: never the request's own Host,
 * which the client chooses. "Origin: null" (a same-origin form on a no-referrer page) passes only
 * with Fetch Metadata vouching for it. Clients that send neither header (curl, servers) carry no
 * browser cookies by accident, and are let through to authenticate like anyone else.
 */
export function isCrossSiteRequest({ method, path, secFetchSite, origin, publicOrigin }) {
  if (SAFE_METHODS.has(method) || EXEMPT.some((re) => re.test(path))) return false;
  if (secFetchSite !== undefined && secFetchSite !== "same-origin") return true;
  if (origin === undefined) return false;
  if (origin === "null") return secFetchSite !== "same-origin";
  return origin !== publicOrigin;
}

/**
 * Headers Remix must not see once the check above passed: its own Origin-versus-Host comparison
 * throws (a 500) whenever a proxy rewrites Host, and we have already compared Origin with the
 * public origin, which is the comparison that matters.
 */
export function dropCheckedOrigin(headers) {
  delete headers.origin;
}

/** Largest body any route accepts (the MEP list upload); each route reads less (readForm). Over it: 413 before reading. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * 413 when the declared length is over the cap; 411 for a body of unknown length on a state-changing request.
 * @param {{ method: string, contentLength?: string, transferEncoding?: string, max?: number }} req
 */
export function bodyLengthProblem({ method, contentLength, transferEncoding, max = MAX_BODY_BYTES }) {
  if (SAFE_METHODS.has(method)) return null;
  if (contentLength !== undefined) {
    const n = Number(contentLength);
    if (!Number.isFinite(n) || n < 0) return 400;
    return n > max ? 413 : null;
  }
  return transferEncoding ? 411 : null;
}
