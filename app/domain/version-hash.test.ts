import { describe, expect, it } from "vitest";
import { canonicalVersionText, VERSION_CANONICAL_FORMAT, type VersionHashInput } from "./version-hash";
import { versionHash } from "./version-hash.server";

const base: VersionHashInput = {
  number: 1,
  subject: "Security of 5G networks",
  addressees: [
    {
      name: "Ursula von der Leyen",
      role: "President",
      institution: "European Commission",
      salutation: "Dear President von der Leyen",
    },
  ],
  html: '<p>Dear President,</p><p>We write<sup>1</sup>.</p><section aria-label="Notes"><hr><ol><li>A note.</li></ol></section>',
};

describe("canonicalVersionText", () => {
  it("has a fixed key order regardless of how the input object was built", () => {
    const shuffled = {
      html: base.html,
      addressees: [
        {
          salutation: "Dear President von der Leyen",
          institution: "European Commission",
          role: "President",
          name: "Ursula von der Leyen",
        },
      ],
      subject: base.subject,
      number: 1,
    } as VersionHashInput;
    expect(canonicalVersionText(shuffled)).toBe(canonicalVersionText(base));
    expect(canonicalVersionText(base)).toBe(
      `{"format":"${VERSION_CANONICAL_FORMAT}","number":1,"subject":"Security of 5G networks","addressees":[{"name":"Ursula von der Leyen","role":"President","institution":"European Commission","salutation":"Dear President von der Leyen"}],"html":${JSON.stringify(base.html)}}`,
    );
  });

  it("is valid JSON that carries every field", () => {
    const parsed = JSON.parse(canonicalVersionText(base));
    expect(parsed).toEqual({ format: VERSION_CANONICAL_FORMAT, ...base });
  });

  it("normalises to NFC so visually identical text hashes the same", () => {
    const decomposed = {
      ...base,
      subject: "Re\u0301seaux 5G",
      addressees: [{ ...base.addressees[0], name: "Zu\u0308rich" }],
    };
    const composed = { ...base, subject: "Réseaux 5G", addressees: [{ ...base.addressees[0], name: "Zürich" }] };
    expect(canonicalVersionText(decomposed)).toBe(canonicalVersionText(composed));
    expect(versionHash(decomposed)).toBe(versionHash(composed));
  });

  it("treats missing optional addressee fields as null and ignores extra properties", () => {
    const withUndefined = {
      ...base,
      addressees: [{ name: "A", role: undefined, institution: null, salutation: null, email: "a@x.eu" }],
    } as unknown as VersionHashInput;
    expect(canonicalVersionText(withUndefined)).toContain(
      '{"name":"A","role":null,"institution":null,"salutation":null}',
    );
    expect(canonicalVersionText(withUndefined)).not.toContain("a@x.eu");
  });

  it("refuses a non-positive version number", () => {
    expect(() => canonicalVersionText({ ...base, number: 0 })).toThrow();
    expect(() => canonicalVersionText({ ...base, number: 1.5 })).toThrow();
  });
});

describe("versionHash", () => {
  it("is SHA-256 hex and stable", () => {
    const h = versionHash(base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(versionHash(structuredClone(base))).toBe(h);
  });

  it("changes when anything a signer sees changes", () => {
    const h = versionHash(base);
    const variants: VersionHashInput[] = [
      { ...base, number: 2 },
      { ...base, subject: base.subject + " " },
      { ...base, html: base.html.replace("A note.", "A note!") },
      { ...base, addressees: [] },
      { ...base, addressees: [{ ...base.addressees[0], salutation: "Dear Madam President" }] },
      {
        ...base,
        addressees: [...base.addressees, { name: "Roberta Metsola", role: null, institution: null, salutation: null }],
      },
      { ...base, addressees: [{ ...base.addressees[0], role: null }] },
    ];
    const hashes = new Set(variants.map(versionHash));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(h)).toBe(false);
  });

  it("distinguishes addressee order", () => {
    const two = [
      { name: "A", role: null, institution: null, salutation: null },
      { name: "B", role: null, institution: null, salutation: null },
    ];
    expect(versionHash({ ...base, addressees: two })).not.toBe(
      versionHash({ ...base, addressees: [...two].reverse() }),
    );
  });

  it("cannot be fooled by moving text between fields", () => {
    const a = { ...base, subject: "ab", html: "c" };
    const b = { ...base, subject: "a", html: "bc" };
    expect(versionHash(a)).not.toBe(versionHash(b));
  });
});

describe("format 2: everything a signer's text is shown or sent from", () => {
  const v2: VersionHashInput = {
    ...base,
    format: 2,
    kind: "substantive",
    plainText: "Dear President,\nWe write.\n1. A note.",
    editorJson: { root: { type: "root", children: [{ type: "paragraph", text: "We write." }] } },
  };

  it("keeps format 1 byte for byte (versions published before format 2 still verify)", () => {
    expect(canonicalVersionText({ ...base, format: 1 })).toBe(canonicalVersionText(base));
    expect(versionHash({ ...v2, format: 1 })).toBe(versionHash(base));
  });

  it("covers the kind, the plain text and the editor JSON, in a canonical key order", () => {
    const h = versionHash(v2);
    expect(h).not.toBe(versionHash(base));
    const variants: VersionHashInput[] = [
      { ...v2, kind: "editorial" },
      { ...v2, plainText: v2.plainText + " " },
      { ...v2, editorJson: { root: { type: "root", children: [{ type: "paragraph", text: "We wrote." }] } } },
    ];
    for (const v of variants) expect(versionHash(v)).not.toBe(h);
    // The same JSON with its keys in another order (as jsonb hands it back) hashes the same.
    const reordered = {
      ...v2,
      editorJson: { root: { children: [{ text: "We write.", type: "paragraph" }], type: "root" } },
    };
    expect(versionHash(reordered)).toBe(h);
    expect(JSON.parse(canonicalVersionText(v2))).toMatchObject({
      format: "undersigned/letter-version/2",
      kind: "substantive",
    });
  });

  it("refuses format 2 without its extra fields, and an unknown format", () => {
    expect(() => canonicalVersionText({ ...base, format: 2 })).toThrow();
    expect(() => canonicalVersionText({ ...v2, format: 3 as never })).toThrow();
  });
});
