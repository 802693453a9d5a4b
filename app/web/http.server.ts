/** Small helpers for routes: reading a form, and answering expected failures. */
import { data } from "@remix-run/node";
import type { MessageKey } from "#app/i18n";

export { notFound } from "#app/infra/not-found";

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

// ---------------------------------------------------------------- reading a form

/** Default cap for a form body; uploads state their own (admin MEP import, PDF verification). */
export const FORM_MAX_BYTES = 256 * 1024;
/** Default cap for one field; the fields a route names in `long` may fill the whole body. */
export const FIELD_MAX_CHARS = 10_000;

export type ReadFormOptions = { maxBytes?: number; long?: string[] };

/** A refusal of the request body itself, before any field is looked at: shown by the error boundary. */
function refuse(status: number, message: MessageKey): never {
  throw data({ message }, { status });
}

/** Reads at most `max` bytes of the body; one more is a 413 (the rest is never read). */
async function readCapped(request: Request, max: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) refuse(413, "form.error.tooLarge");
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      refuse(413, "form.error.tooLarge");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Strict application/x-www-form-urlencoded: invalid UTF-8 (raw or percent-encoded) is refused, not replaced. */
function parseUrlEncoded(bytes: Uint8Array): FormData {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    refuse(400, "form.error.encoding");
  }
  const form = new FormData();
  for (const part of text.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const [k, v] = eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
    try {
      form.append(decodeURIComponent(k.replace(/\+/g, " ")), decodeURIComponent(v.replace(/\+/g, " ")));
    } catch {
      refuse(400, "form.error.encoding");
    }
  }
  return form;
}

// C0 controls other than tab, newline and carriage return: NUL cannot be stored by PostgreSQL in
// text or jsonb, and none of them belongs in anything a person types.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * The one way routes read a form. Whatever a client sends, the answer is a 4xx with a message,
 * never a 500: a body that is not a form (415), one over the route's cap (413), broken multipart,
 * invalid UTF-8, control characters such as NUL, or a field longer than FIELD_MAX_CHARS (400).
 */
export async function readForm(request: Request, opts: ReadFormOptions = {}): Promise<FormData> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const isUrlEncoded = type.startsWith("application/x-www-form-urlencoded");
  const isMultipart = type.startsWith("multipart/form-data");
  if (!isUrlEncoded && !isMultipart) refuse(415, "form.error.notAForm");
  if (isMultipart && !/;\s*boundary=/.test(type)) refuse(400, "form.error.broken");
  const bytes = await readCapped(request, opts.maxBytes ?? FORM_MAX_BYTES);
  let form: FormData;
  if (isUrlEncoded) form = parseUrlEncoded(bytes);
  else {
    try {
      form = await new Response(Buffer.from(bytes), {
        headers: { "content-type": request.headers.get("content-type")! },
      }).formData();
    } catch {
      refuse(400, "form.error.broken");
    }
  }
  const long = new Set(opts.long ?? []);
  for (const [key, value] of form.entries()) {
    if (CONTROL.test(key)) refuse(400, "form.error.control");
    if (typeof value !== "string") continue;
    if (CONTROL.test(value)) refuse(400, "form.error.control");
    if (value.length > FIELD_MAX_CHARS && !long.has(key)) refuse(400, "form.error.fieldTooLong");
  }
  return form;
}
