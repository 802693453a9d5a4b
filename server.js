// HTTP entry point: security headers, CSRF origin checks, static files, health, then Remix.
// It opens the database before listening and closes it on SIGTERM/SIGINT: an open database handle would otherwise keep the process alive, and PGlite needs a clean close to avoid crash recovery on the next start.
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady } from "@remix-run/node";
import {
  bodyLengthProblem,
  dropCheckedOrigin,
  isCrossSiteRequest,
  securityHeaders,
} from "./app/web/request-guards.server.js";

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
app.set("trust proxy", env.TRUST_PROXY === "true" ? 1 : false);

const publicOrigin = new URL(env.PUBLIC_ORIGIN).origin;
const secureOrigin = publicOrigin.startsWith("https:");

// Each request runs in its own memo (one session lookup per page request; app/web/session.server.ts).
app.use((req, _res, next) => services.withRequestMemo(req.method, next));

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.nonce = nonce;
  res.locals.requestId = crypto.randomUUID();
  res.set(securityHeaders({ nonce, development: mode === "development", hsts: secureOrigin && mode === "production" }));
  res.setHeader("X-Request-Id", res.locals.requestId);
  next();
});

app.use((req, res, next) => {
  const refused = isCrossSiteRequest({
    method: req.method,
    path: req.path,
    secFetchSite: req.get("sec-fetch-site"),
    origin: req.get("origin"),
    publicOrigin,
  });
  if (refused) {
    res.status(403).type("text/plain").send("Cross-site request refused.");
    return;
  }
  dropCheckedOrigin(req.headers);
  // Each route reads at most its own cap (readForm); nothing is read past the largest one.
  const tooLarge = bodyLengthProblem({
    method: req.method,
    contentLength: req.get("content-length"),
    transferEncoding: req.get("transfer-encoding"),
  });
  if (tooLarge) {
    res.status(tooLarge).type("text/plain").set("Connection", "close").send("Request body refused.");
    return;
  }
  next();
});

// HTML, JSON, CSS, JS, CSV and ICS go out compressed (brotli when the client accepts it, else gzip); PDFs, .docx
// and images are compressed already and are left alone (the library's default filter reads the content type).
// Pages and data go out as gzip: measured on the empty page, brotli (quality 4, the library's default) halved the
// throughput for 20 % fewer bytes, and quality 1 made bigger files than gzip at the same cost. The built assets keep
// brotli, since browsers cache them for a year.
app.use((req, _res, next) => {
  const accepted = req.headers["accept-encoding"];
  if (accepted && !req.path.startsWith("/build/")) {
    req.headers["accept-encoding"] = accepted
      .split(",")
      .filter((part) => part.split(";")[0].trim().toLowerCase() !== "br")
      .join(",");
  }
  next();
});
app.use(compression({ threshold: 1024 }));

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

// A stray rejected promise (typically a driver's internal query on a connection that just died) is
// logged, not fatal: the request that needed it has already been answered 503.
// Described without a failed query's parameters, like every other error the app logs.
process.on("unhandledRejection", (reason) => services.logError(reason, { phase: "unhandledRejection" }));

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
