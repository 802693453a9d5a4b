import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { isDbUnavailable } from "#app/infra/errors.server";
import { logError, redactPath } from "#app/infra/log.server";

// server.js reaches the app's services through the build's entry module.
export { getEnv } from "#app/infra/env.server";
export { startServices, stopServices, health, driverName } from "#app/services/lifecycle.server";

// Generous: aborting a slow render answers 500 even when the action already succeeded (seen under load).
const ABORT_DELAY = 15_000;

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logError(error, { path: redactPath(new URL(request.url).pathname) });
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
  if (errors && Object.values(errors).some(isDbUnavailable)) responseStatusCode = 503;
  const bot = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />,
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
