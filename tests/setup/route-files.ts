/** Flat-route file names in app/routes → URL paths and params, and the route modules themselves. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RouteModule } from "./routes";

export const ROUTES_DIR = fileURLToPath(new URL("../../app/routes/", import.meta.url));

const modules = new Map<string, RouteModule>();
export async function routeModule(file: string): Promise<RouteModule> {
  let m = modules.get(file);
  if (!m) {
    m = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as RouteModule;
    modules.set(file, m);
  }
  return m;
}

/** URL segments of a flat-route file name; a trailing "_" (e.g. `sign.$token_.comment`) only opts out of nesting. */
export function segments(file: string) {
  return file
    .replace(/\.(tsx|ts)$/, "")
    .split(".")
    .map((s) => s.replace(/_$/, ""));
}

/** Route params in a flat-route file name: `letters.$letterId.edit.tsx` → ["letterId"]. */
export function paramNames(file: string) {
  return segments(file)
    .filter((s) => s.startsWith("$"))
    .map((s) => s.slice(1));
}

export function urlPath(file: string, params: Record<string, string>) {
  const segs = segments(file)
    .filter((s) => s !== "_index")
    .map((s) => (s.startsWith("$") ? encodeURIComponent(params[s.slice(1)] ?? "") : s));
  return "/" + segs.join("/");
}
