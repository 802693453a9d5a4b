/**
 * Session cookie and the per-request user context. The cookie holds a random token; the
 * database holds only its SHA-256 (sessions.id_hash), so a database leak gives no live session.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { redirect } from "@remix-run/node";
import { getEnv } from "#app/infra/env.server";
import { getDb } from "#app/infra/db.server";
import { getSessionContext, type SessionContext } from "#app/models/auth.server";
import type { Role } from "#db/schema";

function secure() {
  return new URL(getEnv().PUBLIC_ORIGIN).protocol === "https:";
}

/** `__Host-` prefix when served over https: no Domain, Path=/, Secure. */
export function sessionCookieName() {
  return secure() ? "__Host-undersigned" : "undersigned";
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(token: string, maxAgeSeconds: number) {
  const attrs = [`${sessionCookieName()}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (secure()) attrs.push("Secure");
  return attrs.join("; ");
}

export function clearSessionCookie() {
  return sessionCookie("", 0);
}

export function getSessionToken(request: Request) {
  const t = readCookie(request, sessionCookieName());
  return t && /^[A-Za-z0-9_-]{20,64}$/.test(t) ? t : undefined;
}

/**
 * One session lookup per page request: the root loader and the page's own loader both ask who is signed in,
 * and Remix gives each loader its own copy of the request, so the answer is kept for the duration of one GET
 * (server.js runs each request inside `withRequestMemo`). Only reads: a POST runs its action, which may change
 * the session (sign out, re-authenticate, switch office), before the loaders, so it always looks up afresh.
 */
const requestMemo = new AsyncLocalStorage<{ method: string; sessions: Map<string, Promise<SessionContext | null>> }>();

export function withRequestMemo<T>(method: string, fn: () => T): T {
  return requestMemo.run({ method: method.toUpperCase(), sessions: new Map() }, fn);
}

export async function getOptionalUser(request: Request): Promise<SessionContext | null> {
  const token = getSessionToken(request);
  if (!token) return null;
  const memo = requestMemo.getStore();
  if (!memo || (memo.method !== "GET" && memo.method !== "HEAD") || request.method !== memo.method) {
    return getSessionContext(await getDb(), token, getEnv().SESSION_IDLE_MINUTES);
  }
  let pending = memo.sessions.get(token);
  if (!pending) {
    pending = getDb().then((db) => getSessionContext(db, token, getEnv().SESSION_IDLE_MINUTES));
    memo.sessions.set(token, pending);
    // A failed lookup (database down) is not remembered: the next loader tries again and answers for itself.
    pending.catch(() => memo.sessions.delete(token));
  }
  return pending;
}

/** Only same-site relative paths; anything else (https://evil, //evil, /\evil) goes to "/". */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  try {
    const u = new URL(to, "http://x");
    return u.host === "x" ? u.pathname + u.search + u.hash : fallback;
  } catch {
    return fallback;
  }
}

export async function requireUser(request: Request): Promise<SessionContext> {
  const ctx = await getOptionalUser(request);
  if (!ctx) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return ctx;
}

export const CAN_DRAFT: Role[] = ["mep", "staff", "admin"];
export const CAN_TRACK: Role[] = ["mep", "staff", "admin", "campaign_lead"];

/** Roles are checked after the office scope: a user without the role gets 403, not a hint about other offices. */
export async function requireRole(request: Request, roles: Role[]): Promise<SessionContext> {
  const ctx = await requireUser(request);
  if (!roles.includes(ctx.role)) throw new Response("Forbidden", { status: 403 });
  return ctx;
}
