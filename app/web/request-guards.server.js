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
 * CSRF (ADR 004): Fetch Metadata first. Every current browser sends Sec-Fetch-Site and it stays
 * truthful under Referrer-Policy: no-referrer (where a same-origin form POST carries "Origin: null").
 * Only when it is absent do we compare Origin, and then "null" or a foreign origin is refused.
 */
export function isCrossSiteRequest({ method, path, secFetchSite, origin, publicOrigin, ownOrigin }) {
  if (SAFE_METHODS.has(method) || EXEMPT.some((re) => re.test(path))) return false;
  if (secFetchSite) return secFetchSite !== "same-origin" && secFetchSite !== "none";
  return origin !== undefined && origin !== publicOrigin && origin !== ownOrigin;
}
