/**
 * Calling Remix route modules directly in integration tests: build a Request (optionally with a
 * session cookie and a form), run the loader or action with the context server.js gives, and turn
 * whatever comes back or is thrown (Response, single-fetch `data()` result, plain object) into one
 * shape the tests can assert on.
 */
import { randomUUID } from "node:crypto";
import type { Queryable } from "#db/client.server";
import { createSession } from "#app/models/auth.server";
import { sessionCookieName } from "#app/web/session.server";

export const TEST_ORIGIN = "http://localhost:3000";

export type RouteModule = {
  loader?: (args: any) => unknown;
  action?: (args: any) => unknown;
};

export type FormInput = Record<string, string | string[] | undefined>;

export type CallOptions = {
  /** Path and query, e.g. "/letters/123/edit?x=1". */
  path: string;
  params?: Record<string, string | undefined>;
  /** A full `Cookie` header value, e.g. from `sessionCookieFor`. */
  cookie?: string | null;
  form?: FormInput;
  headers?: Record<string, string>;
  ip?: string;
};

/** `D` is what the test takes the data to be (`any` to read fields without casts); nothing checks it. */
export type RouteResult<D = unknown> = {
  status: number;
  /** The loader/action data (parsed JSON or text for a Response body). */
  data: D;
  headers: Headers;
  /** Location header of a redirect. */
  location: string | null;
  /** Whether the route threw (a Response or `data()`), rather than returned. */
  thrown: boolean;
  /** Everything a browser could see, as one string: for "nothing of office A in the body" checks. */
  body: string;
};

export function formBody(form: FormInput) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  }
  return body;
}

export function buildRequest(method: "GET" | "POST", opts: CallOptions) {
  const headers = new Headers(opts.headers ?? {});
  if (opts.cookie) headers.set("cookie", opts.cookie);
  if (!headers.has("user-agent")) headers.set("user-agent", "vitest-integration");
  const init: RequestInit = { method, headers };
  if (method === "POST") {
    headers.set("content-type", "application/x-www-form-urlencoded");
    init.body = formBody(opts.form ?? {}).toString();
  }
  return new Request(new URL(opts.path, TEST_ORIGIN), init);
}

type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };

function isDataWithInit(x: unknown): x is DataWithInit {
  return typeof x === "object" && x !== null && (x as { type?: unknown }).type === "DataWithResponseInit";
}

async function normalise(value: unknown, thrown: boolean): Promise<RouteResult> {
  if (value instanceof Response) {
    const text = await value.text();
    let data: unknown = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      /* plain text body */
    }
    return {
      status: value.status,
      data,
      headers: value.headers,
      location: value.headers.get("location"),
      thrown,
      body: text,
    };
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers ?? {});
    return {
      status: value.init?.status ?? 200,
      data: value.data,
      headers,
      location: headers.get("location"),
      thrown,
      body: stringify(value.data),
    };
  }
  return { status: 200, data: value, headers: new Headers(), location: null, thrown, body: stringify(value) };
}

function stringify(x: unknown) {
  if (x === undefined) return "";
  return JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) ?? "";
}

let ipCounter = 0;
/** A fresh client address, so per-IP rate limits of one test never leak into another. */
export function freshIp() {
  ipCounter++;
  return `198.51.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
}

function context(ip: string | undefined) {
  return { ip: ip ?? freshIp(), nonce: "test-nonce", requestId: randomUUID() };
}

async function run(fn: () => unknown): Promise<RouteResult> {
  try {
    return await normalise(await fn(), false);
  } catch (e) {
    if (e instanceof Response || isDataWithInit(e)) return normalise(e, true);
    throw e;
  }
}

/** Runs a loader or action on a request built by the caller (any method, headers and raw body). */
export function callWithRequest<D = unknown>(
  mod: RouteModule,
  kind: "loader" | "action",
  request: Request,
  params: Record<string, string | undefined> = {},
  ip?: string,
): Promise<RouteResult<D>> {
  const fn = kind === "loader" ? mod.loader : mod.action;
  if (!fn) throw new Error(`route has no ${kind}: ${request.url}`);
  return run(() => fn({ request, params, context: context(ip) })) as Promise<RouteResult<D>>;
}

export function callLoader<D = unknown>(mod: RouteModule, opts: CallOptions): Promise<RouteResult<D>> {
  if (!mod.loader) throw new Error(`route has no loader: ${opts.path}`);
  return callWithRequest<D>(mod, "loader", buildRequest("GET", opts), opts.params, opts.ip);
}

export function callAction<D = unknown>(mod: RouteModule, opts: CallOptions): Promise<RouteResult<D>> {
  if (!mod.action) throw new Error(`route has no action: ${opts.path}`);
  return callWithRequest<D>(mod, "action", buildRequest("POST", opts), opts.params, opts.ip);
}

/** ok / redirect / redirect-to-login / the status code as a string. */
export function outcomeOf(r: Pick<RouteResult, "status" | "location">): string {
  if (r.status >= 300 && r.status < 400) {
    const loc = r.location ?? "";
    return loc === "/login" || loc.startsWith("/login?") ? "redirect-to-login" : "redirect";
  }
  if (r.status === 200) return "ok";
  return String(r.status);
}

/** Signs the user in (a real sessions row) and returns the Cookie header value a browser would send. */
export async function sessionCookieFor(
  db: Queryable,
  user: { id: string },
  officeId: string,
  opts: { maxHours?: number; now?: Date } = {},
) {
  const token = await createSession(
    db,
    { userId: user.id, officeId, userAgent: "vitest", maxHours: opts.maxHours ?? 12 },
    opts.now,
  );
  return { token, cookie: `${sessionCookieName()}=${token}` };
}

/** Reads the token out of a Set-Cookie header returned by a sign-in route. */
export function cookieFromSetCookie(setCookie: string | null): string | null {
  if (!setCookie) return null;
  const first = setCookie.split(";")[0];
  return first.includes("=") ? first : null;
}
