/**
 * The shared start of every route whose credential is a token in the URL (signing, commenting,
 * confirming): a per-IP view limit, one generic 404 for any bad token, and a per-IP budget of bad
 * tokens held in Postgres so guessing is answered 429.
 */
import { data } from "@remix-run/node";
import type { Queryable } from "#db/client.server";
import type { MessageKey } from "#app/i18n";
import { looksLikeToken } from "#app/infra/crypto.server";
import { hit, peek, LIMITS } from "#app/infra/rate-limit.server";
import { getSigningContext } from "#app/models/signing.server";
import { signingState, type SigningState } from "#app/domain/signature-status";

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

/** Why a link no longer works, for a client that reads the answer (the page itself shows the generic text). */
const CLOSED_MESSAGE: Record<Exclude<SigningState, "open">, MessageKey> = {
  "not-collecting": "sign.error.closed",
  "deadline-passed": "sign.error.deadline",
  "closed-by-office": "signatures.closedByOffice",
};

/**
 * The invitation behind a signing link, only while signing is open. Once the office closes signing, the
 * deadline passes or the letter is sent, the link stops working: the signing page and its sub-pages answer
 * the generic "invalid or expired" page (410, nothing of the letter), and no POST gets as far as writing.
 * Reopening signing (or extending the deadline) makes the same link work again; a sent letter never does.
 * A closed link is not a bad guess: it does not count towards the address's bad-token budget.
 */
export async function resolveSigningToken(db: Queryable, token: string | undefined, ip: string, now = new Date()) {
  const resolved = await resolveToken(db, token, ip, (t) => getSigningContext(db, t));
  const state = signingState(resolved.ctx.letter, now);
  if (state !== "open")
    throw data(
      { state: "closed" as const, closed: true, windowState: state, message: CLOSED_MESSAGE[state] },
      { status: 410, headers: TOKEN_PAGE_HEADERS },
    );
  return resolved;
}
