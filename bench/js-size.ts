/**
 * Gzip size of the JavaScript a browser loads for a route (entry + root + the route module + every chunk they
 * import, as listed in the Remix assets manifest), for the editor routes against pages without the editor, and
 * whether any chunk containing Lexical reaches a non-editor route.
 *
 *   npx tsx bench/js-size.ts            # reads the current production build (builds first if there is none)
 *   npx tsx bench/js-size.ts --build    # runs npm run build first
 *
 * Lexical detection uses the client build's esbuild metafile (build/metafile.js.json: which source files went into
 * which output chunk), and falls back to searching chunk text for Lexical's own identifiers if it is missing.
 * Exit code 1 if Lexical leaks into a non-editor route.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { argValue } from "./lib/db.server";
import { ensureProductionBuild, ROOT } from "./lib/app-server.server";

type ManifestRoute = { id: string; parentId?: string; module: string; imports?: string[] };
type Manifest = {
  version: string;
  entry: { module: string; imports: string[] };
  routes: Record<string, ManifestRoute>;
};

ensureProductionBuild(argValue("build") === "true");

const buildDir = path.join(ROOT, "build");
const version = readFileSync(path.join(buildDir, "version.txt"), "utf8").trim();
const manifestFile = path.join(ROOT, "public", "build", `manifest-${version.toUpperCase()}.js`);
if (!existsSync(manifestFile))
  throw new Error(`${manifestFile} not found: public/build does not match build/ (run with --build)`);
const manifest = JSON.parse(
  readFileSync(manifestFile, "utf8")
    .replace(/^window\.__remixManifest=/, "")
    .replace(/;\s*$/, ""),
) as Manifest;

// Which output files contain Lexical, by the source files esbuild put in them.
const lexicalFiles = new Set<string>();
const metafilePath = path.join(buildDir, "metafile.js.json");
let method = "esbuild metafile";
type Meta = { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
let meta: Meta | null = null;
if (existsSync(metafilePath)) {
  meta = JSON.parse(readFileSync(metafilePath, "utf8")) as Meta;
  for (const [out, info] of Object.entries(meta.outputs)) {
    if (Object.keys(info.inputs).some((i) => /node_modules\/(lexical|@lexical)\//.test(i)))
      lexicalFiles.add("/" + out.replace(/^public\//, ""));
  }
} else {
  method = "text search";
}
const isLexical = (url: string, text: string) =>
  method === "esbuild metafile" ? lexicalFiles.has(url) : /\$getRoot|LexicalComposer|createEditor\(/.test(text);

const cache = new Map<string, { raw: number; gzip: number; text: string }>();
function sizeOf(url: string) {
  let s = cache.get(url);
  if (!s) {
    const buf = readFileSync(path.join(ROOT, "public", url));
    s = { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length, text: buf.toString("utf8") };
    cache.set(url, s);
  }
  return s;
}

/** Minified bytes per npm package (or app folder) across `files`, largest first. */
function packagesIn(files: string[]): Array<[string, number]> {
  if (!meta) return [];
  const by = new Map<string, number>();
  for (const f of files) {
    for (const [input, { bytesInOutput }] of Object.entries(meta.outputs["public" + f]?.inputs ?? {})) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split("/").slice(0, 2).join("/");
      by.set(pkg, (by.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return [...by.entries()].sort((a, b) => b[1] - a[1]);
}

/** Everything the browser loads for a route on a full page load: entry, its ancestors' and its own modules and imports. */
function filesFor(routeId: string): string[] {
  const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
  const chain: ManifestRoute[] = [];
  for (
    let r: ManifestRoute | undefined = manifest.routes[routeId];
    r;
    r = r.parentId ? manifest.routes[r.parentId] : undefined
  )
    chain.unshift(r);
  if (!chain.length) throw new Error(`route ${routeId} is not in the manifest`);
  for (const r of chain) {
    files.add(r.module);
    for (const i of r.imports ?? []) files.add(i);
  }
  return [...files];
}

const ROUTES: Array<{ id: string; editor: boolean; note: string }> = [
  { id: "routes/letters.$letterId.edit", editor: true, note: "editor" },
  { id: "routes/letters.new", editor: true, note: "editor" },
  { id: "routes/letters._index", editor: false, note: "letters list" },
  { id: "routes/letters.$letterId._index", editor: false, note: "letter page" },
  { id: "routes/sign.$token", editor: false, note: "signing page" },
];

const kb = (n: number) => (n / 1024).toFixed(1);
console.log(
  `build ${version}, Lexical chunks found by ${method}: ${[...lexicalFiles].map((f) => path.basename(f)).join(", ") || "none"}`,
);
console.log("");
console.log(
  `${"route".padEnd(34)} ${"files".padStart(5)} ${"min kB".padStart(8)} ${"gzip kB".padStart(8)} ${"lexical gz".padStart(10)}  lexical?`,
);
const totals = new Map<string, number>();
let leaks = 0;
for (const r of ROUTES) {
  if (!manifest.routes[r.id]) {
    console.log(`${r.id.padEnd(34)} (not in this build)`);
    continue;
  }
  const files = filesFor(r.id);
  let raw = 0;
  let gz = 0;
  let lexGz = 0;
  const lexical: string[] = [];
  for (const f of files) {
    const s = sizeOf(f);
    raw += s.raw;
    gz += s.gzip;
    if (isLexical(f, s.text)) {
      lexical.push(path.basename(f));
      lexGz += s.gzip;
    }
  }
  totals.set(r.id, gz);
  const leak = !r.editor && lexical.length > 0;
  if (leak) leaks++;
  console.log(
    `${r.id.replace("routes/", "").padEnd(34)} ${String(files.length).padStart(5)} ${kb(raw).padStart(8)} ${kb(gz).padStart(8)} ${kb(lexGz).padStart(10)}  ${lexical.length ? (leak ? `LEAK: ${lexical.join(", ")}` : "yes (editor route)") : "no"}`,
  );
}
console.log("");
console.log("largest contributors (minified kB, entry and root included):");
for (const r of ROUTES) {
  if (!manifest.routes[r.id]) continue;
  const top = packagesIn(filesFor(r.id)).slice(0, 5);
  console.log(`  ${r.id.replace("routes/", "").padEnd(32)} ${top.map(([p, n]) => `${p} ${kb(n)}`).join(", ")}`);
}
console.log("");
console.log(
  "gzip sizes are of each file compressed on its own (level 9), summed; the server's own compression may differ.",
);
const editor = totals.get("routes/letters.$letterId.edit");
for (const id of ["routes/letters._index", "routes/sign.$token"]) {
  const other = totals.get(id);
  if (editor && other)
    console.log(
      `RATIO editor route / ${id.replace("routes/", "")}: ${(editor / other).toFixed(2)}x (${kb(editor - other)} kB gzip more)`,
    );
}
console.log(`Lexical in non-editor routes: ${leaks ? `YES (${leaks} route(s))` : "no"}`);
if (leaks) process.exitCode = 1;
