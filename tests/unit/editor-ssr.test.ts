import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { editorJsonFromBlocks } from "#app/editor/build";
import { LetterBody } from "#app/editor/letter-body";
import { LetterEditor } from "#app/editor/letter-editor";
import { catalogOf, LocaleProvider } from "#app/i18n";

/** As on a page: components read the messages the loader put in the LocaleProvider. */
function renderInPage(element: ReturnType<typeof createElement>) {
  return renderToString(
    createElement(LocaleProvider, { value: { locale: "en", messages: catalogOf("en"), fallback: {} } }, element),
  );
}

describe("server rendering of the editor components", () => {
  it("renders the editor on the server with its hidden input, toolbar and accessible text area", () => {
    const json = editorJsonFromBlocks([{ type: "p", text: "Dear colleagues[^A note.]" }]);
    const html = renderInPage(
      createElement(LetterEditor, { name: "bodyJson", initialJson: json, ariaLabelledBy: "body-label" }),
    );
    const hidden = html.match(/<input type="hidden" name="bodyJson"[^>]* value="([^"]*)"/);
    expect(hidden).not.toBeNull();
    const posted = JSON.parse(
      hidden![1]
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">"),
    );
    expect(posted).toEqual(json);
    expect(html).toContain('role="toolbar"');
    expect(html).toContain('aria-label="Bold"');
    expect(html).toContain('aria-label="Insert footnote"');
    expect(html).toMatch(/type="button"/);
    expect(html).not.toMatch(/<button(?![^>]*type="button")/);
    expect(html).toContain('aria-labelledby="body-label"');
    expect(html).not.toContain("&quot;Times New Roman&quot;"); // CSS is emitted raw, not escaped
  });

  it("starts from an empty document when there is no stored JSON", () => {
    const html = renderInPage(createElement(LetterEditor, { name: "body", initialJson: null }));
    expect(html).toContain('name="body"');
    expect(html).toContain("&quot;root&quot;");
  });

  it("renders stored HTML read-only", () => {
    const html = renderInPage(createElement(LetterBody, { html: "<p>Hi<sup>1</sup></p>", lang: "fr" }));
    expect(html).toContain('<div class="letter-typography letter-body" lang="fr"><p>Hi<sup>1</sup></p></div>');
  });
});

describe("a stored text the editor cannot load", () => {
  it("says so instead of silently showing an empty page", () => {
    const html = renderInPage(
      createElement(LetterEditor, {
        name: "body",
        initialJson: { root: { type: "root", children: [{ type: "image" }] } } as never,
      }),
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain("could not be loaded");
  });
});

describe("no-JavaScript fallback", () => {
  it("offers the text in a plain textarea named after the field, inside <noscript>", () => {
    const json = editorJsonFromBlocks([{ type: "p", text: "Hello **world**[^n]" }]);
    const html = renderInPage(createElement(LetterEditor, { name: "bodyJson", initialJson: json }));
    const noscript = html.match(/<noscript>([^]*?)<\/noscript>/)?.[1] ?? "";
    expect(noscript).toContain('<textarea name="bodyText"');
    expect(noscript).toContain("Hello **world**[^n]</textarea>");
    const none = renderInPage(
      createElement(LetterEditor, { name: "bodyJson", initialJson: json, fallbackTextName: null }),
    );
    expect(none.match(/<noscript>([^]*?)<\/noscript>/)?.[1]).not.toContain("<textarea");
    // the notes panel is server-rendered too, so a no-JS reader still sees the notes
    expect(none).toContain('aria-label="Text of footnote 1"');
  });
});
