/**
 * The machine's own limit, measured in the same run: a bare `node:http` server in its own process (so it does not
 * share an event loop with the load generator) answering a fixed HTML page of the given size, no framework, no
 * database, no compression. The app's pages are printed as a fraction of what this does.
 */
import { spawn } from "node:child_process";

export async function startBareServer(bytes: number) {
  const code = `
    const http = require("node:http");
    const body = Buffer.from("<!doctype html><html><body>" + "x".repeat(Math.max(0, ${bytes} - 42)) + "</body></html>");
    const s = http.createServer((req, res) => { res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length }); res.end(body); });
    s.listen(0, "127.0.0.1", () => console.log(s.address().port));
  `;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(Number(String(d).trim())));
    child.once("exit", (c) => reject(new Error(`bare server exited (${c})`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
