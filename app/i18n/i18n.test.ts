import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDate, registerCatalog, translate, translateWith } from "./index";
import { en } from "./en";
import { EU_LANGUAGES, inviteeLanguage, isLocale, PSEUDO_LOCALE } from "./locales";
import { pageMessages } from "./page-messages.server";
import { INVITEE_KEYS } from "./audiences";

describe("translation layer", () => {
  it("knows the 24 official EU languages", () => {
    expect(EU_LANGUAGES).toHaveLength(24);
    expect(new Set(EU_LANGUAGES.map((l) => l.code)).size).toBe(24);
    expect(isLocale("ga")).toBe(true);
    expect(isLocale("xx")).toBe(false);
  });

  it("fills placeholders and falls back to English key by key", () => {
    registerCatalog("hu", { "sign.form.submit": "Levél aláírása" });
    expect(translate("hu", "sign.form.submit")).toBe("Levél aláírása");
    // Not translated (the Hungarian catalogue covers the invitee's pages only): English, never the raw key.
    expect(translate("hu", "admin.role")).toBe(en["admin.role"]);
    expect(translate("en", "sign.invitedBy", { office: "Office X", name: "Ana" })).toBe(
      "Office X invites Ana to co-sign this letter.",
    );
  });

  it("formats numbers by locale", () => {
    registerCatalog("hu", { "sign.signedSoFar_one": "{count} aláírás", "sign.signedSoFar_other": "{count} aláírás" });
    expect(translate("hu", "sign.signedSoFar", { count: 1234 })).toBe("1234 aláírás");
    expect(translate("en", "sign.signedSoFar", { count: 1234 })).toContain("1,234");
  });

  it("chooses every CLDR category: Polish few/many, Irish two, Latvian zero, Arabic-style six forms", () => {
    const table = {
      "x.n_zero": "zero {count}",
      "x.n_one": "one {count}",
      "x.n_two": "two {count}",
      "x.n_few": "few {count}",
      "x.n_many": "many {count}",
      "x.n_other": "other {count}",
    };
    const t = (locale: Parameters<typeof translateWith>[0], count: number) =>
      translateWith(locale, table, {}, "x.n", { count }).split(" ")[0];
    expect([1, 2, 5, 22, 25, 112].map((n) => t("pl", n))).toEqual(["one", "few", "many", "few", "many", "many"]);
    expect([1, 2, 3, 7, 11].map((n) => t("ga", n))).toEqual(["one", "two", "few", "many", "other"]);
    expect([0, 1, 10, 21].map((n) => t("lv", n))).toEqual(["zero", "one", "zero", "one"]);
    expect([0, 1, 2, 11, 20].map((n) => t("mt", n))).toEqual(["few", "one", "two", "many", "other"]);
  });

  it("resolves a plural key in one table: a locale's _other before English, English only when the locale has none", () => {
    const own = { "x.n_one": "jeden", "x.n_other": "inne {count}" };
    const english = { "x.n_one": "one", "x.n_other": "{count} others", "x.m_one": "one m", "x.m_other": "{count} ms" };
    // Polish 5 is "many"; the catalogue lacks it: its own "other", not English.
    expect(translateWith("pl", own, english, "x.n", { count: 5 })).toBe("inne 5");
    // A key the locale does not have at all: English, by English rules.
    expect(translateWith("pl", own, english, "x.m", { count: 1 })).toBe("one m");
    expect(translateWith("pl", own, english, "x.m", { count: 5 })).toBe("5 ms");
    expect(translateWith("pl", own, english, "nope")).toBe("nope");
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
    expect(formatDate("pl", new Date("2022-12-05T23:30:00Z"))).toBe("6 grudnia 2022");
  });

  it("the pseudo-locale accents every message, keeps placeholders, and accents dates", () => {
    const s = translate(PSEUDO_LOCALE, "sign.invitedBy", { office: "Office X", name: "Ana" });
    expect(s).toMatch(/^⟦.*Office X.*Ana.*⟧$/);
    expect(s.replace(/Office X|Ana/g, "")).not.toMatch(/[A-Za-z]{2}/);
    expect(formatDate(PSEUDO_LOCALE, new Date("2022-12-05T12:00:00Z"))).not.toMatch(/December/);
  });

  it("the invitee's language is the Member's preferred one, else the letter's", () => {
    expect(inviteeLanguage({ letterLanguage: "fr", preferredLanguage: "pl" })).toBe("pl");
    expect(inviteeLanguage({ letterLanguage: "fr", preferredLanguage: null })).toBe("fr");
    expect(inviteeLanguage({ letterLanguage: "xx" })).toBe("en");
  });
});

describe("page messages", () => {
  it("an invitee page gets one locale's invitee keys, nothing of the staff interface or the emails", () => {
    const page = pageMessages("pl", "invitee");
    expect(page.messages["sign.form.submit"]).toBe(translate("pl", "sign.form.submit"));
    expect(page.fallback["sign.form.submit"]).toBeUndefined();
    const keys = [...Object.keys(page.messages), ...Object.keys(page.fallback)];
    expect(keys.some((k) => k.startsWith("admin."))).toBe(false);
    expect(keys.some((k) => k.startsWith("emails."))).toBe(false);
    expect(keys.length).toBeLessThan(INVITEE_KEYS.length + 40);
  });

  it("English goes along only for the keys the locale lacks", () => {
    const page = pageMessages("hu", "staff");
    expect(page.fallback["admin.role"]).toBe(en["admin.role"]);
    expect(page.messages["admin.role"]).toBeUndefined();
    expect(page.fallback["sign.form.submit"]).toBeUndefined();
  });

  it("a staff page gets every key a browser may need, never the email texts", () => {
    const page = pageMessages("en", "staff");
    expect(page.messages["nav.letters"]).toBe("Letters");
    expect(Object.keys(page.messages).some((k) => k.startsWith("emails."))).toBe(false);
    expect(page.fallback).toEqual({});
  });
});
