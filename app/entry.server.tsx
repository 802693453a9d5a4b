import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { NonceProvider } from "#app/components/nonce";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { isDbUnavailable } from "#app/infra/errors.server";
import { logError, redactPath } from "#app/infra/log.server";
import { etagMatches } from "#app/web/etag";

// server.js reaches the app's services through the build's entry module.
export { getEnv } from "#app/infra/env.server";
export { startServices, stopServices, health, driverName, registeredQueues } from "#app/services/lifecycle.server";
export { JOB_QUEUES } from "#app/services/job-handlers.server";
export { logError } from "#app/infra/log.server";
export { withRequestMemo } from "#app/web/session.server";

// Generous: aborting a slow render answers 500 even when the action already succeeded (seen under load).
const ABORT_DELAY = 15_000;

/** Requests whose loader or action met a database outage: their page is a 503 "please retry", not a bug. */
const unavailable = new WeakSet<Request>();

export function handleError(error: unknown, { request, context }: { request: Request; context?: AppLoadContext }) {
  if (isDbUnavailable(error)) unavailable.add(request);
  if (request.signal.aborted) return;
  const requestId = (context as { requestId?: string } | undefined)?.requestId;
  logError(error, { path: redactPath(new URL(request.url).pathname), requestId });
}

/**
 * What the page and its hydration data may say about an error: a database outage becomes a 503
 * response ("please retry"); no stack or server path is sent to the browser, in development either.
 */
function presentErrors(request: Request, errors: Record<string, unknown>): boolean {
  const down = unavailable.has(request) || Object.values(errors).some(isDbUnavailable);
  for (const [key, e] of Object.entries(errors)) {
    if (down && !isRouteErrorResponse(e)) {
      errors[key] = {
        status: 503,
        statusText: "Service Unavailable",
        internal: false,
        data: { message: "error.unavailable" },
      };
    } else if (isRouteErrorResponse(e)) {
      const r = e as { error?: unknown; internal?: boolean; data?: unknown };
      if (r.internal) {
        delete r.error;
        r.data = null;
      }
    } else if (e instanceof Error) {
      const clean = new Error(process.env.NODE_ENV === "production" ? e.message : "Unexpected Server Error");
      clean.stack = undefined;
      errors[key] = clean;
    }
  }
  return down;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = (loadContext as { nonce?: string }).nonce;
  // A database outage is "please retry" (503), not a bug (500).
  const errors = remixContext.staticHandlerContext.errors;
  if (errors && presentErrors(request, errors)) responseStatusCode = 503;
  // A page whose route gives an ETag (the public pages) is not rendered again for a client that has it.
  const etag = responseHeaders.get("ETag");
  if (responseStatusCode === 200 && etag && etagMatches(request.headers.get("If-None-Match"), etag))
    return new Response(null, { status: 304, headers: responseHeaders });
  const bot = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logError(error, { phase: "stream" });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
