/** Conditional GETs for the public pages and their feed. */
/** If-None-Match against our (strong) ETag: "*", or any listed tag, weak or not, with the same value. */
export function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}
