/**
 * Staff pages carry a reference to their catalogue instead of the catalogue: the root loader's data is small,
 * names a versioned script, and that script (and its JSON twin) holds exactly the messages the page used to
 * carry, cached for a year under its version.
 */
import { describe, expect, it } from "vitest";
import { pageMessages } from "#app/i18n/page-messages.server";
import { catalogueUrl, isCatalogueRef, type CatalogueRef } from "#app/i18n/catalogue-ref";
import * as root from "#app/root";
import * as file from "#app/routes/i18n.$file";

const call = async (path: string, headers: Record<string, string> = {}) =>
  root.loader({ request: new Request(`http://localhost:3000${path}`, { headers }), params: {}, context: {} });

const fetchFile = (name: string) =>
  file.loader({ request: new Request(`http://localhost:3000/i18n/${name}`), params: { file: name }, context: {} });

describe("the staff catalogue travels as a cached script", () => {
  it("a staff page's root data refers to the catalogue of the browser's language and stays small", async () => {
    const data = await call("/login", { "accept-language": "de-DE,de;q=0.9" });
    expect(isCatalogueRef(data.i18n)).toBe(true);
    const ref = data.i18n as CatalogueRef;
    expect(ref).toMatchObject({ locale: "de", audience: "staff" });
    expect(ref.version).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(data).length).toBeLessThan(2_000);
    expect(JSON.stringify(pageMessages("de", "staff")).length).toBeGreaterThan(50_000);
  });

  it("the script and the JSON hold the same messages, immutable under the current version", async () => {
    const ref = (await call("/login", { "accept-language": "fr" })).i18n as CatalogueRef;
    const name = catalogueUrl(ref).replace("/i18n/", "");
    const js = await fetchFile(name);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const registry: Record<string, unknown> = {};
    new Function("self", await js.text())({ __undersignedI18n: registry });
    expect(registry).toEqual({ [name.replace(/\.js$/, "")]: pageMessages("fr", "staff") });

    const json = await fetchFile(name.replace(/\.js$/, ".json"));
    expect(await json.json()).toEqual(pageMessages("fr", "staff"));
  });

  it("an outdated version is answered with today's messages, not cached, under the name the page asked for", async () => {
    const old = await fetchFile("nl-staff.0123456789ab.js");
    expect(old.headers.get("cache-control")).toBe("no-cache");
    expect(await old.text()).toContain('["nl-staff.0123456789ab"]');
  });

  it("token pages keep their small catalogue inline", async () => {
    const data = await call("/sign/abc", { "accept-language": "pl" });
    expect(isCatalogueRef(data.i18n)).toBe(false);
    expect((data.i18n as { messages: Record<string, string> }).messages).toBeTruthy();
  });
});
