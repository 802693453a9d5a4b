import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from "node:crypto";
import { getEnv } from "./env.server";

/** 32 random bytes, URL-safe. Used for signing links, login links and session ids. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256Hex(input: string | Buffer): string {
  return createHash("sha256").update(input).digest("hex");
}

/** A six-digit code, uniformly distributed. */
export function randomDigits(n = 6): string {
  return String(randomInt(0, 10 ** n)).padStart(n, "0");
}

export function safeEqualHex(a: string, b: string): boolean {
  const ab = Buffer.from(a, "hex");
  const bb = Buffer.from(b, "hex");
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Tokens in links are 43 base64url characters (32 bytes); anything else is rejected before a lookup. */
export function looksLikeToken(s: string | undefined): s is string {
  return typeof s === "string" && /^[A-Za-z0-9_-]{43}$/.test(s);
}

// ---------------------------------------------------------------- keyed with the server secret (APP_SECRET)

function keyFor(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", getEnv().APP_SECRET, "undersigned", purpose, 32));
}

/**
 * HMAC-SHA256 with a key derived from APP_SECRET for one purpose. For values with little entropy (a
 * six-digit code) or tokens derived from stored data: a database copy alone cannot test guesses.
 */
export function keyedHash(purpose: string, value: string): string {
  return createHmac("sha256", keyFor(purpose)).update(value).digest("hex");
}

/** AES-256-GCM with a key derived from APP_SECRET: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export function seal(plaintext: string, purpose = "sealed"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

/** The plaintext of `seal`, or null when it was sealed with another key or altered. */
export function unseal(sealed: string, purpose = "sealed"): string | null {
  const [v, iv, tag, body] = sealed.split(".");
  if (v !== "v1" || !iv || !tag || body === undefined) return null;
  try {
    const d = createDecipheriv("aes-256-gcm", keyFor(purpose), Buffer.from(iv, "base64url"));
    d.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
  } catch {
    return null;
  }
}
