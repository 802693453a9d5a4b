import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

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
