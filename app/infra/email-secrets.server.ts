/**
 * Personal links and codes inside queued emails are never stored readable. The caller
 * names the secrets a message carries; they are cut out of the subject, parts and headers, replaced by
 * placeholders, and kept only sealed with a key from the environment (APP_SECRET) until the provider
 * has accepted the message, when the sealed copy is deleted. A database copy alone opens nothing.
 * The local transport's outbox (development) opens the message with the same key to show it.
 */
import { seal, unseal } from "./crypto.server";

const PURPOSE = "email-secrets";
const placeholder = (i: number) => `[[undersigned-secret-${i}]]`;

type Parts = { subject: string; html: string; text: string; headers: Record<string, string> | null };

function replaceAll(s: string, from: string, to: string) {
  return from ? s.split(from).join(to) : s;
}

function mapParts(p: Parts, fn: (s: string) => string): Parts {
  return {
    subject: fn(p.subject),
    html: fn(p.html),
    text: fn(p.text),
    headers: p.headers ? Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k, fn(v)])) : null,
  };
}

/** The parts with every secret replaced by a placeholder, and the sealed secrets (null when there are none). */
export function sealEmailSecrets(parts: Parts, secrets: string[] = []): Parts & { sealedSecrets: string | null } {
  const list = [...new Set(secrets.filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);
  if (!list.length) return { ...parts, sealedSecrets: null };
  const cut = mapParts(parts, (s) => list.reduce((acc, secret, i) => replaceAll(acc, secret, placeholder(i)), s));
  return { ...cut, sealedSecrets: seal(JSON.stringify(list), PURPOSE) };
}

/**
 * The message as it is sent. Without its sealed secrets (already delivered and scrubbed, or sealed
 * with another key) the placeholders stay: the message can be shown, but its links are gone.
 */
export function openEmailSecrets<T extends Parts & { sealedSecrets?: string | null }>(row: T): T {
  if (!row.sealedSecrets) return row;
  const raw = unseal(row.sealedSecrets, PURPOSE);
  if (!raw) return row;
  const list = JSON.parse(raw) as string[];
  return {
    ...row,
    ...mapParts(row, (s) => list.reduce((acc, secret, i) => replaceAll(acc, placeholder(i), secret), s)),
  };
}
