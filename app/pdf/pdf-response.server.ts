/** The HTTP answer for a PDF download: attachment, exact length, never cached by shared caches. */
export function pdfResponse(bytes: Buffer, filename: string, extra: Record<string, string> = {}) {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(bytes.length),
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ...extra,
    },
  });
}
