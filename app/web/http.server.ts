/** Small helpers for expected failures in routes. */
import { data } from "@remix-run/node";

export function notFound() {
  return new Response("Not found", { status: 404 });
}

/** A form error answer: field messages for the form, nothing written. */
export function formError(fieldErrors: Record<string, string>, status = 400, extra: Record<string, unknown> = {}) {
  return data({ ok: false as const, fieldErrors, ...extra }, { status });
}

export function clientIp(context: unknown): string {
  const ip = (context as { ip?: string } | undefined)?.ip;
  return typeof ip === "string" ? ip : "unknown";
}

/** Flattens zod issues to the first message per field. */
export function zodFieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>) {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.map(String).join(".") || "form";
    out[key] ??= i.message;
  }
  return out;
}
