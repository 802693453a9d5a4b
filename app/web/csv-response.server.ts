/** A CSV download: UTF-8 (the body starts with a byte-order mark), never cached by shared caches. */
export function csvResponse(file: { filename: string; body: string }) {
  return new Response(file.body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]+/g, "-")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
