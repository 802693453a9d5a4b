// HTTP entry point: security headers, CSRF origin checks, static files, health, then Remix.
// It opens the database before listening and closes it on SIGTERM/SIGINT (stack.md, gotchas 8–9).
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady } from "@remix-run/node";

const root = path.dirname(fileURLToPath(import.meta.url));
const BUILD_PATH = path.join(root, "build", "index.js");
const mode = process.env.NODE_ENV === "production" ? "production" : "development";

const build = await import(BUILD_PATH);
const services = build.entry.module;

// Fail fast on a bad environment, then open (and migrate) the database before taking traffic.
const env = services.getEnv();
await services.startServices();

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "true" ? 1 : false);

const publicOrigin = new URL(env.PUBLIC_ORIGIN).origin;
const secureOrigin = publicOrigin.startsWith("https:");

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  res.locals.requestId = crypto.randomUUID();
  const connect = mode === "development" ? "'self' ws://localhost:* ws://127.0.0.1:*" : "'self'";
  res.setHeader(
    "Content-Security-Policy",
    [
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
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  res.setHeader("X-Request-Id", res.locals.requestId);
  if (secureOrigin && mode === "production") {
    res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
  next();
});

// CSRF: browsers tell us where a state-changing request came from (ADR 004).
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const CSRF_EXEMPT = [/^\/webhooks\//];
app.use((req, res, next) => {
  if (SAFE_METHODS.has(req.method) || CSRF_EXEMPT.some((re) => re.test(req.path))) return next();
  // Fetch Metadata first: every current browser sends Sec-Fetch-Site, and it stays truthful under
  // Referrer-Policy: no-referrer (where a same-origin form POST carries "Origin: null"). Only when it
  // is absent do we fall back to comparing Origin, and then "null" is refused.
  const site = req.get("sec-fetch-site");
  const origin = req.get("origin");
  const own = `${req.protocol}://${req.get("host")}`;
  const refused = site
    ? site !== "same-origin" && site !== "none"
    : origin !== undefined && origin !== publicOrigin && origin !== own;
  if (refused) {
    res.status(403).type("text/plain").send("Cross-site request refused.");
    return;
  }
  next();
});

app.get("/healthz", async (_req, res) => {
  const health = await services.health();
  res.setHeader("Cache-Control", "no-store");
  res.status(health.ok ? 200 : 503).json(health);
});

app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build,
    mode,
    getLoadContext: (req, res) => ({
      nonce: res.locals.nonce,
      requestId: res.locals.requestId,
      ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
    }),
  }),
);

const port = Number(env.PORT);
const server = app.listen(port, () => {
  console.log(`Undersigned listening on http://localhost:${port} (${mode}, database: ${services.driverName()})`);
  if (process.env.REMIX_DEV_ORIGIN) broadcastDevReady(build);
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, shutting down`);
  server.close();
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await services.stopServices();
  } finally {
    process.exit(0);
  }
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
