/** Absolute links for emails and documents, always from PUBLIC_ORIGIN: never from the request's Host header. */
import { getEnv } from "./env.server";

export function publicUrl(path: string) {
  return new URL(path, getEnv().PUBLIC_ORIGIN).toString();
}
