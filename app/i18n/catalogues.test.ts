/**
 * The catalogues against the English source and against the code: no missing key, no key English does not
 * have, the same placeholders, every plural category the language's CLDR rules use, no English key that no
 * source file references, and every key an invitee's page can show in the subset those pages send.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { en } from "./en";
import { translations } from "./translations";
import { DYNAMIC_KEY_PREFIXES, FRAME_KEYS, INVITEE_KEYS, KEYS_AWAITING_USE, SERVER_ONLY_PREFIXES } from "./audiences";
import { LOCALE_CODES, type Locale } from "./locales";
import { AWAITING_TRANSLATION, REVIEW_STATUS } from "./review-status";
import { PLURAL_CATEGORIES } from "./index";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const english = en as Record<string, string>;
const PLURAL = new RegExp(`^(.*)_(${PLURAL_CATEGORIES.join("|")})$`);

/** English keys by base: `sign.signedSoFar` → ["sign.signedSoFar_one", "sign.signedSoFar_other"]. */
const englishPlurals = new Map<string, string[]>();
for (const k of Object.keys(english)) {
  const m = PLURAL.exec(k);
  if (m) englishPlurals.set(m[1], [...(englishPlurals.get(m[1]) ?? []), k]);
}
const baseOf = (k: string) => {
  const m = PLURAL.exec(k);
  return m && englishPlurals.has(m[1]) ? m[1] : k;
};
const placeholders = (s: string) => new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
const sorted = (s: Set<string>) => [...s].sort();

function categoriesOf(locale: string): string[] {
  return new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
}

/** The keys a catalogue of `scope` must hold for `locale`: plural bases expanded to the language's categories. */
function requiredKeys(locale: string, scope: "all" | "invitee"): string[] {
  const bases =
    scope === "all" ? [...new Set(Object.keys(english).map(baseOf))] : (INVITEE_KEYS as readonly string[]).slice();
  return bases.flatMap((b) => (englishPlurals.has(b) ? categoriesOf(locale).map((c) => `${b}_${c}`) : [b]));
}

const translated = Object.entries(translations) as Array<[Locale, Record<string, string>]>;

describe("catalogues", () => {
  it("the invitee key list names English keys only", () => {
    const unknown = INVITEE_KEYS.filter((k) => !(k in english) && !englishPlurals.has(k));
    expect(unknown).toEqual([]);
  });

  it("every catalogue has a review status, and the status says what the file holds", () => {
    expect(Object.keys(REVIEW_STATUS).sort()).toEqual([...LOCALE_CODES].sort());
    for (const code of LOCALE_CODES) {
      if (code === "en") continue;
      const has = code in translations;
      expect(has, `${code}: review-status says ${REVIEW_STATUS[code].scope}`).toBe(
        REVIEW_STATUS[code].scope !== "none",
      );
    }
    // A file in app/i18n/translations that is not registered would silently never be used.
    const files = readdirSync(path.join(ROOT, "app/i18n/translations"))
      .filter((f) => /^[a-z]{2}\.ts$/.test(f))
      .map((f) => f.slice(0, 2));
    expect(files.sort()).toEqual(Object.keys(translations).sort());
  });

  describe.each(translated)("%s", (code, messages) => {
    const scope = REVIEW_STATUS[code].scope as "all" | "invitee";

    it("has every key its scope needs, in every plural category of the language", () => {
      const awaiting = (k: string) => scope === "all" && AWAITING_TRANSLATION.some((p) => k.startsWith(p));
      const missing = requiredKeys(code, scope).filter((k) => !(k in messages) && !awaiting(k));
      expect(missing, `${code} (${scope}) lacks`).toEqual([]);
    });

    it("has no key English does not have, and no plural category the language does not use", () => {
      const cats = new Set(categoriesOf(code));
      const unknown = Object.keys(messages).filter((k) => {
        const base = baseOf(k);
        if (base === k) return !(k in english);
        return !cats.has(PLURAL.exec(k)![2]);
      });
      expect(unknown, `${code} has keys that are not English keys (or categories ${[...cats]})`).toEqual([]);
    });

    it("uses the placeholders of the English text, and {count} wherever a category covers more than one number", () => {
      const problems: string[] = [];
      const numbersIn = new Map<string, number>();
      const rules = new Intl.PluralRules(code);
      for (let n = 0; n <= 200; n++) numbersIn.set(rules.select(n), (numbersIn.get(rules.select(n)) ?? 0) + 1);
      for (const [k, v] of Object.entries(messages)) {
        const base = baseOf(k);
        const mine = placeholders(v);
        if (base === k) {
          if (!(k in english)) continue;
          const theirs = placeholders(english[k]);
          if (sorted(mine).join() !== sorted(theirs).join())
            problems.push(`${k}: {${sorted(mine)}} where English has {${sorted(theirs)}}`);
          continue;
        }
        // English variants may differ ("One signature" / "{count} signatures"): compare without {count}.
        const theirs = new Set(englishPlurals.get(base)!.flatMap((ek) => [...placeholders(english[ek])]));
        // Some English plurals leave the number out on purpose (the page prints it beside the word).
        const countShown = theirs.delete("count");
        const mineNoCount = new Set(mine);
        mineNoCount.delete("count");
        if (sorted(mineNoCount).join() !== sorted(theirs).join())
          problems.push(`${k}: {${sorted(mineNoCount)}} where English has {${sorted(theirs)}}`);
        const cat = PLURAL.exec(k)![2];
        if (countShown && (numbersIn.get(cat) ?? 0) > 1 && !mine.has("count"))
          problems.push(`${k}: "${cat}" covers several numbers in ${code}, so the text needs {count}`);
      }
      expect(problems).toEqual([]);
    });
  });
});

// ------------------------------------------------------------------------------------------------- the code

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name === "node_modules" || name === "migrations") continue;
      out.push(...sourceFiles(full));
    } else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

// The catalogues and the key lists name keys without using them.
const isCatalogue = (f: string) => /app\/i18n\/(en\/|translations\/|audiences\.ts|review-status\.ts)/.test(f);
const SOURCES = ["app", "emails", "db"]
  .map((d) => path.join(ROOT, d))
  .filter(existsSync)
  .flatMap(sourceFiles)
  .filter((f) => !isCatalogue(f));
const text = new Map(SOURCES.map((f) => [f, readFileSync(f, "utf8")]));

const LITERAL = /["'`]([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_]+)+)["'`]/g;
const TEMPLATE_PREFIX = /`([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_]+)*\.)\$\{/g;

function literalsIn(src: string): Set<string> {
  return new Set([...src.matchAll(LITERAL)].map((m) => m[1]));
}
const englishKeys = Object.keys(english);
const isKeyPrefix = (p: string) => englishKeys.some((k) => k.startsWith(p));

describe("keys in the code", () => {
  it("every English key is referenced by some source file (dynamic prefixes declared in audiences.ts)", () => {
    const used = new Set<string>();
    for (const src of text.values()) for (const l of literalsIn(src)) used.add(l);
    const isUsed = (k: string) =>
      used.has(k) || used.has(baseOf(k)) || DYNAMIC_KEY_PREFIXES.some((p) => k.startsWith(p));
    const awaiting = (k: string) =>
      KEYS_AWAITING_USE.some((p) => (p.endsWith(".") ? k.startsWith(p) : baseOf(k) === p));
    const unused = englishKeys.filter((k) => !isUsed(k) && !awaiting(k));
    expect(unused, "English keys no source file uses: delete them, or declare their dynamic prefix").toEqual([]);
    const gone = KEYS_AWAITING_USE.filter(
      (p) => !englishKeys.some((k) => (p.endsWith(".") ? k.startsWith(p) : baseOf(k) === p)),
    );
    expect(gone, "KEYS_AWAITING_USE names keys English no longer has").toEqual([]);
  });

  it("every key built at run time has its prefix declared, and every declared prefix is used", () => {
    const found = new Map<string, string>();
    for (const [f, src] of text)
      for (const m of src.matchAll(TEMPLATE_PREFIX)) if (isKeyPrefix(m[1])) found.set(m[1], path.relative(ROOT, f));
    const undeclared = [...found.keys()].filter((p) => !(DYNAMIC_KEY_PREFIXES as readonly string[]).includes(p));
    expect(undeclared.map((p) => `${p} (${found.get(p)})`)).toEqual([]);
    const stale = DYNAMIC_KEY_PREFIXES.filter((p) => !found.has(p) || !isKeyPrefix(p));
    expect(stale, "declared dynamic prefixes no code builds").toEqual([]);
  });

  it("no source file names a key English does not have", () => {
    // Literals that look like keys of a known area (the first segment of an English key) but are not keys.
    const areas = new Set(englishKeys.map((k) => k.split(".")[0]));
    const problems: string[] = [];
    for (const [f, src] of text) {
      // Only calls of the translation functions and MessageKey-typed values are keys; other dotted strings
      // (audit actions, job kinds, file names) are not. So: literals passed to t(...) / translate(..., "x").
      for (const m of src.matchAll(
        /\bt(?:ranslate)?\(\s*(?:[a-zA-Z.]+,\s*)?["']([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_]+)+)["']/g,
      )) {
        const k = m[1];
        if (areas.has(k.split(".")[0]) && !(k in english) && !englishPlurals.has(k))
          problems.push(`${path.relative(ROOT, f)}: ${k}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------- what the invitee pages send

/**
 * A source file and every app file it imports, transitively (relative and #app/#emails imports), except
 * server modules: they never render, and a key they return to a page (an action's message) is named in
 * the route file, which is scanned in full.
 */
function importClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry) || !existsSync(entry) || /\.server\.tsx?$/.test(entry)) return seen;
  seen.add(entry);
  const src = readFileSync(entry, "utf8");
  for (const m of src.matchAll(/from\s+["']([^"']+)["']/g)) {
    const spec = m[1];
    let base: string | null = null;
    if (spec.startsWith("#app/")) base = path.join(ROOT, "app", spec.slice(5));
    else if (spec.startsWith("#emails/")) base = path.join(ROOT, "emails", spec.slice(8));
    else if (spec.startsWith(".")) base = path.resolve(path.dirname(entry), spec);
    if (!base || /app\/i18n\//.test(base)) continue;
    for (const cand of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")])
      if (existsSync(cand) && statSync(cand).isFile()) importClosure(cand, seen);
  }
  return seen;
}

const TOKEN_ROUTES = ["sign.$token.tsx", "sign.$token_.comment.tsx", "confirm.$token.tsx", "unsubscribe.$token.tsx"];
const serverOnly = (k: string) => SERVER_ONLY_PREFIXES.some((p) => k.startsWith(p));

describe("the invitee subset", () => {
  it("holds every key the token pages (and the components they render) can show", () => {
    const files = new Set<string>();
    for (const r of [...TOKEN_ROUTES, "verify.$code.tsx"]) importClosure(path.join(ROOT, "app/routes", r), files);
    const invitee = new Set<string>(INVITEE_KEYS);
    const frame = (k: string) => FRAME_KEYS.some((p) => (p.endsWith(".") ? k.startsWith(p) : k === p));
    const missing = new Set<string>();
    for (const f of files) {
      for (const l of literalsIn(readFileSync(f, "utf8"))) {
        const k = baseOf(l);
        if (!(k in english) && !englishPlurals.has(k)) continue;
        if (!serverOnly(k) && !invitee.has(k) && !frame(k)) missing.add(`${k} (${path.relative(ROOT, f)})`);
      }
    }
    expect([...missing], "keys a token page can show that are not translated for invitees").toEqual([]);
  });
});
