/**
 * The shared start of every route whose credential is a token in the URL (signing, commenting,
 * confirming): a per-IP view limit, one generic 404 for any bad token, and a per-IP budget of bad
 * tokens held in Postgres so guessing is answered 429.
 */
import { data } from "@remix-run/node";
import type { Queryable } from "#db/client.server";
import { looksLikeToken } from "#app/infra/crypto.server";
import { hit, peek, LIMITS } from "#app/infra/rate-limit.server";

/** Response headers for token pages: the token must not leak through referrers, caches or indexes. */
export const TOKEN_PAGE_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
} as const;

/** Counts one page view from this address; throws 429 past LIMITS.tokenViewPerIp. */
export async function limitTokenViews(db: Queryable, ip: string) {
  const rate = await hit(db, `sign-view:${ip}`, LIMITS.tokenViewPerIp);
  if (!rate.ok) throw data({ state: "too-many" as const }, { status: 429 });
}

/** Resolves a token with `lookup`, or throws the generic 404 (or 429 once this address guessed too often). */
export async function resolveToken<T>(
  db: Queryable,
  token: string | undefined,
  ip: string,
  lookup: (token: string) => Promise<T | null>,
) {
  const blocked = await peek(db, `sign-bad:${ip}`, LIMITS.badTokenPerIp);
  if (!blocked.ok) throw data({ state: "too-many" as const }, { status: 429 });
  const ctx = looksLikeToken(token) ? await lookup(token) : null;
  if (!ctx) {
    await hit(db, `sign-bad:${ip}`, LIMITS.badTokenPerIp);
    throw data({ state: "invalid" as const }, { status: 404 });
  }
  return { ctx, token: token as string };
}
