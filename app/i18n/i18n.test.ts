import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDate, registerCatalog, translate } from "./index";
import { en } from "./en";
import { EU_LANGUAGES, isLocale } from "./locales";

describe("translation layer", () => {
  it("knows the 24 official EU languages", () => {
    expect(EU_LANGUAGES).toHaveLength(24);
    expect(new Set(EU_LANGUAGES.map((l) => l.code)).size).toBe(24);
    expect(isLocale("ga")).toBe(true);
    expect(isLocale("xx")).toBe(false);
  });

  it("fills placeholders and falls back to English key by key", () => {
    registerCatalog("fr", { "sign.form.submit": "Signer la lettre" });
    expect(translate("fr", "sign.form.submit")).toBe("Signer la lettre");
    // Not translated yet: English, never the raw key.
    expect(translate("fr", "sign.decline.submit")).toBe(en["sign.decline.submit"]);
    expect(translate("en", "sign.invitedBy", { office: "Office X", name: "Ana" })).toBe(
      "Office X invites Ana to co-sign this letter.",
    );
  });

  it("formats numbers by locale", () => {
    registerCatalog("de", { "letter.signatures.count": "{count} Unterschriften" });
    expect(translate("de", "letter.signatures.count", { count: 1234 })).toBe("1.234 Unterschriften");
  });

  it("every English message is a non-empty string, and no two area files define the same key", async () => {
    for (const [k, v] of Object.entries(en)) {
      expect(typeof v, k).toBe("string");
      expect((v as string).length, k).toBeGreaterThan(0);
    }
    // The catalogue is merged with object spread, which would hide a collision silently.
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "en");
    const seen = new Map<string, string>();
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    for (const f of files) {
      const mod = (await import(path.join(dir, f))) as Record<string, Record<string, string>>;
      for (const table of Object.values(mod)) {
        for (const key of Object.keys(table)) {
          expect(seen.get(key), `${key} in ${f} and ${seen.get(key)}`).toBeUndefined();
          seen.set(key, f);
        }
      }
    }
    expect(seen.size).toBe(Object.keys(en).length);
  });

  it("formats dates the European way in English, in Brussels time", () => {
    expect(formatDate("en", new Date("2022-12-05T23:30:00Z"))).toBe("6 December 2022");
  });
});
