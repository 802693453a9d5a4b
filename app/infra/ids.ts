/** Route params are untrusted: anything that is not a UUID is "not found" before it reaches SQL. */
import { notFound } from "./not-found";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(x: unknown): x is string {
  return typeof x === "string" && UUID.test(x);
}

export function requireUuid(x: unknown): string {
  if (!isUuid(x)) throw notFound();
  return x.toLowerCase();
}
