/**
 * Bytes on the wire: the server compresses pages as gzip and the built JavaScript as brotli when the client offers
 * it, and sends identity when it offers nothing. Read with node:http, which does not decompress, so the sizes are
 * what travels.
 */
import http from "node:http";
import zlib from "node:zlib";
import { expect, test } from "@playwright/test";
import { APP_ORIGIN } from "./support/helpers";

function rawGet(path: string, acceptEncoding: string | null) {
  return new Promise<{ status: number; encoding: string | undefined; vary: string | undefined; body: Buffer }>(
    (resolve, reject) => {
      const headers: Record<string, string> = {};
      if (acceptEncoding !== null) headers["accept-encoding"] = acceptEncoding;
      http
        .get(new URL(path, APP_ORIGIN), { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              encoding: res.headers["content-encoding"],
              vary: res.headers.vary,
              body: Buffer.concat(chunks),
            }),
          );
        })
        .on("error", reject);
    },
  );
}

test("pages go out as gzip and built JavaScript as brotli, plain only when the client asks for nothing", async ({
  page,
}) => {
  const plain = await rawGet("/login", null);
  expect(plain.status).toBe(200);
  expect(plain.encoding).toBeUndefined();
  const html = plain.body.toString("utf8");
  expect(html).toContain("<html");

  // Pages are gzip even when the browser also offers brotli (cheaper per request, see server.js).
  const page1 = await rawGet("/login", "gzip, deflate, br, zstd");
  expect(page1.encoding).toBe("gzip");
  expect(page1.vary).toMatch(/accept-encoding/i);
  expect(zlib.gunzipSync(page1.body).toString("utf8")).toContain("<html");
  expect(page1.body.length).toBeLessThan(plain.body.length / 2);

  // The largest script the page loads: compressed too, and decompresses to the file as served plainly.
  await page.goto("/login");
  const scripts = await page.$$eval("script[src], link[rel=modulepreload]", (els) =>
    els.map((e) => (e as HTMLScriptElement).src || (e as HTMLLinkElement).href).filter(Boolean),
  );
  expect(scripts.length).toBeGreaterThan(0);
  let biggest = { path: "", size: 0 };
  for (const src of scripts) {
    const p = new URL(src).pathname;
    const r = await rawGet(p, null);
    if (r.body.length > biggest.size) biggest = { path: p, size: r.body.length };
  }
  const js = await rawGet(biggest.path, "br");
  expect(js.encoding).toBe("br");
  expect(zlib.brotliDecompressSync(js.body).length).toBe(biggest.size);
  expect(js.body.length).toBeLessThan(biggest.size / 2);
});
