/**
 * Reads a reply form, which may carry the reply as a file (multipart) or not (url-encoded, e.g. the
 * no-JavaScript form without a file), through the shared `readForm` (encoding, control characters,
 * field lengths). The body is capped just above the file cap; past it nothing more is read and the
 * route answers 413 with the file field's message rather than a bare error page.
 */
import { readForm } from "./http.server";
import { REPLY_FILE_MAX_BYTES } from "#app/domain/reply-kinds";
import type { UploadedFile } from "#app/services/replies.server";

export type ReadReplyForm = { ok: true; form: FormData; file: UploadedFile | null } | { ok: false; status: 413 };

/** The text fields of a reply form are small next to the file. */
const FIELDS_ALLOWANCE = 512 * 1024;

function statusOf(e: unknown): number | null {
  const init = (e as { init?: { status?: number } } | null)?.init;
  return typeof init?.status === "number" ? init.status : null;
}

export async function readReplyForm(request: Request): Promise<ReadReplyForm> {
  let form: FormData;
  try {
    form = await readForm(request, { maxBytes: REPLY_FILE_MAX_BYTES + FIELDS_ALLOWANCE, long: ["body"] });
  } catch (e) {
    if (statusOf(e) === 413) return { ok: false, status: 413 };
    throw e;
  }
  const f = form.get("file");
  const file =
    f && typeof f === "object" && "arrayBuffer" in f && f.size > 0
      ? { filename: (f as File).name || "reply", bytes: new Uint8Array(await f.arrayBuffer()) }
      : null;
  return { ok: true, form, file };
}
