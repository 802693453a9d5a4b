import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { editorJsonFromBlocks } from "#app/editor/build";
import { renderLetterBody, renderUncheckedState } from "#app/editor/render.server";
import { sanitizeLetterHtml } from "#app/editor/sanitize.server";
import { validateEditorJson } from "#app/editor/validate";

const t = (text: string, extra: Record<string, unknown> = {}) => ({
  type: "text",
  version: 1,
  text,
  format: 0,
  detail: 0,
  mode: "normal",
  style: "",
  ...extra,
});
const p = (...children: unknown[]) => ({
  type: "paragraph",
  version: 1,
  direction: null,
  format: "",
  indent: 0,
  children,
});
const doc = (...children: unknown[]) => ({
  root: { type: "root", version: 1, direction: null, format: "", indent: 0, children },
});
const link = (url: unknown, extra: Record<string, unknown> = {}) =>
  doc(p({ type: "link", version: 1, url, rel: null, target: null, title: null, children: [t("click")], ...extra }));
const autolink = (url: unknown) =>
  doc(p({ type: "autolink", version: 1, url, isUnlinked: false, children: [t("click")] }));
const nest = (depth: number) => {
  let node: Record<string, unknown> = { type: "listitem", version: 1, value: 1, children: [t("deep")] };
  for (let i = 0; i < depth; i++) {
    const list = { type: "list", version: 1, listType: "bullet", tag: "ul", start: 1, children: [node] };
    node = { type: "listitem", version: 1, value: 1, children: [list] };
  }
  return doc({ type: "list", version: 1, listType: "bullet", tag: "ul", start: 1, children: [node] });
};

/** Built by hand: JSON.stringify itself would overflow the stack at this depth. */
const deepString = (depth: number) =>
  '{"root":{"type":"root","children":[' + '{"type":"quote","children":['.repeat(depth) + "]}".repeat(depth) + "]}}";

type Case = { name: string; input: unknown; expect: "reject" | "accept" | "either" };

const HOSTILE_SCHEMES = [
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "java\nscript:alert(1)",
  "java\rscript:alert(1)",
  " javascript:alert(1)",
  "\u0000javascript:alert(1)",
  "\u200bjavascript:alert(1)",
  "&#106;avascript:alert(1)",
  "&#x6A;avascript:alert(1)",
  "javascript&colon;alert(1)",
  "jav&#x09;ascript:alert(1)",
  "%6Aavascript:alert(1)",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "DATA:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "VBScript:msgbox(1)",
  "file:///etc/passwd",
  "//evil.example/x",
  "/relative/path",
  "#fragment",
  'https://example.com" onmouseover="alert(1)',
  "https://example.com/<script>",
  "https:// example.com",
  "http://",
  "mailto:",
  "https://example.com/x\\@evil",
  "ftp://example.com/",
  "tel:+3222842111",
];

const cases: Case[] = [
  ...HOSTILE_SCHEMES.map((url): Case => ({ name: `link ${JSON.stringify(url)}`, input: link(url), expect: "reject" })),
  ...["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x"].map((url): Case => ({
    name: `autolink ${url}`,
    input: autolink(url),
    expect: "reject",
  })),
  { name: "link url is a number", input: link(42), expect: "reject" },
  { name: "link url missing", input: link(undefined), expect: "reject" },
  { name: "link with onclick field", input: link("https://example.com", { onclick: "alert(1)" }), expect: "either" },
  {
    name: "link title with quote break",
    input: link("https://example.com", { title: '" onmouseover="alert(1)' }),
    expect: "either",
  },
  {
    name: "link target with script",
    input: link("https://example.com", { target: "<script>alert(1)</script>" }),
    expect: "either",
  },
  { name: "script in text", input: doc(p(t("<script>alert(1)</script>"))), expect: "accept" },
  { name: "img onerror in text", input: doc(p(t('<img src=x onerror="alert(1)">'))), expect: "accept" },
  { name: "javascript: in plain text", input: doc(p(t("see javascript:alert(1)"))), expect: "accept" },
  { name: "style on text", input: doc(p(t("red", { style: "color:red" }))), expect: "reject" },
  {
    name: "style with expression",
    input: doc(p(t("x", { style: "background:url(javascript:alert(1))" }))),
    expect: "reject",
  },
  { name: "textStyle on paragraph", input: doc({ ...p(t("x")), textStyle: "font-size: 40px" }), expect: "reject" },
  { name: "style on paragraph", input: doc({ ...p(t("x")), style: "position:fixed" }), expect: "reject" },
  { name: "style not a string", input: doc(p(t("x", { style: { color: "red" } }))), expect: "reject" },
  { name: "onerror field on text", input: doc(p(t("x", { onerror: "alert(1)" }))), expect: "either" },
  { name: "onerror field on paragraph", input: doc({ ...p(t("x")), onerror: "alert(1)" }), expect: "either" },
  {
    name: "unknown node type image",
    input: doc(p({ type: "image", version: 1, src: "x", altText: "<img onerror=alert(1)>" })),
    expect: "reject",
  },
  {
    name: "unknown node type html",
    input: doc({ type: "html", version: 1, html: "<script>alert(1)</script>" }),
    expect: "reject",
  },
  { name: "unknown block type", input: doc({ type: "code", version: 1, children: [t("x")] }), expect: "reject" },
  {
    name: "checklist",
    input: doc({
      type: "list",
      version: 1,
      listType: "check",
      tag: "ul",
      children: [{ type: "listitem", version: 1, checked: true, children: [t("x")] }],
    }),
    expect: "reject",
  },
  { name: "heading h6", input: doc({ type: "heading", version: 1, tag: "h6", children: [t("x")] }), expect: "reject" },
  {
    name: "heading tag script",
    input: doc({ type: "heading", version: 1, tag: "script", children: [t("x")] }),
    expect: "reject",
  },
  {
    name: "list tag script",
    input: doc({
      type: "list",
      version: 1,
      listType: "bullet",
      tag: "script",
      children: [{ type: "listitem", version: 1, children: [t("x")] }],
    }),
    expect: "reject",
  },
  { name: "text directly in root", input: doc(t("x")), expect: "reject" },
  { name: "paragraph inside paragraph", input: doc(p(p(t("x")))), expect: "reject" },
  { name: "root nested", input: doc(p(doc(p(t("x"))).root)), expect: "reject" },
  { name: "listitem outside list", input: doc({ type: "listitem", version: 1, children: [t("x")] }), expect: "reject" },
  {
    name: "link inside link",
    input: doc(
      p({
        type: "link",
        version: 1,
        url: "https://a.example",
        children: [{ type: "link", version: 1, url: "https://b.example", children: [t("x")] }],
      }),
    ),
    expect: "reject",
  },
  { name: "500-deep nesting", input: nest(500), expect: "reject" },
  { name: "100,000-deep nesting as a string", input: deepString(100_000), expect: "reject" },
  { name: "10 MB of text", input: doc(p(t("a".repeat(10_000_000)))), expect: "reject" },
  { name: "10 MB JSON string", input: JSON.stringify(doc(p(t("a".repeat(10_000_000))))), expect: "reject" },
  {
    name: "300 kB text in many nodes",
    input: doc(...Array.from({ length: 300 }, () => p(t("b".repeat(1000))))),
    expect: "reject",
  },
  { name: "huge footnote", input: doc(p({ type: "footnote", version: 1, note: "n".repeat(6000) })), expect: "reject" },
  {
    name: "footnote with script",
    input: doc(
      p(t("x"), { type: "footnote", version: 1, note: "<script>alert(1)</script><img src=x onerror=alert(1)>" }),
    ),
    expect: "accept",
  },
  {
    name: "footnote with javascript url",
    input: doc(p(t("x"), { type: "footnote", version: 1, note: "see javascript:alert(1) and https://ok.example/a" })),
    expect: "accept",
  },
  {
    name: "footnote note not string",
    input: doc(p({ type: "footnote", version: 1, note: { toString: "x" } })),
    expect: "reject",
  },
  {
    name: "footnote with children",
    input: doc(p({ type: "footnote", version: 1, note: "x", children: [t("y")] })),
    expect: "reject",
  },
  { name: "null", input: null, expect: "reject" },
  { name: "undefined", input: undefined, expect: "reject" },
  { name: "number", input: 42, expect: "reject" },
  { name: "boolean", input: true, expect: "reject" },
  { name: "array", input: [doc(p(t("x")))], expect: "reject" },
  { name: "empty string", input: "", expect: "reject" },
  { name: "malformed JSON string", input: '{"root": {"type": "root", "children": [', expect: "reject" },
  { name: "JSON string of a number", input: "42", expect: "reject" },
  { name: "no root", input: { editorState: {} }, expect: "reject" },
  { name: "root wrong type", input: { root: { type: "paragraph", children: [] } }, expect: "reject" },
  { name: "root children not array", input: { root: { type: "root", children: "<script>" } }, expect: "reject" },
  { name: "text not a string", input: doc(p({ type: "text", version: 1, text: 12 })), expect: "reject" },
  { name: "text format a string", input: doc(p(t("x", { format: "bold" }))), expect: "reject" },
  { name: "text format negative", input: doc(p(t("x", { format: -1 }))), expect: "reject" },
  { name: "version a string", input: doc(p(t("x", { version: "<script>" }))), expect: "reject" },
  { name: "indent absurd", input: doc({ ...p(t("x")), indent: 1e9 }), expect: "reject" },
  { name: "alignment unknown", input: doc({ ...p(t("x")), format: "expression(alert(1))" }), expect: "reject" },
  { name: "direction unknown", input: doc({ ...p(t("x")), direction: "<script>" }), expect: "reject" },
  { name: "node is an array", input: doc([t("x")]), expect: "reject" },
  { name: "node is null", input: doc(null), expect: "reject" },
  { name: "type missing", input: doc({ version: 1, children: [] }), expect: "reject" },
  {
    name: "__proto__ key",
    input: JSON.parse('{"root":{"type":"root","children":[],"__proto__":{"polluted":true}}}'),
    expect: "either",
  },
  {
    name: "cyclic object",
    input: (() => {
      const d = doc(p(t("x"))) as { root: { children: unknown[] } };
      d.root.children.push(d.root);
      return d;
    })(),
    expect: "reject",
  },
  { name: "class instance", input: new Date(), expect: "reject" },
  {
    name: "list with no items",
    input: doc({ type: "list", version: 1, listType: "number", tag: "ol", children: [] }),
    expect: "reject",
  },
  {
    name: "ordinary letter",
    input: editorJsonFromBlocks([
      { type: "h2", text: "Dear President" },
      { type: "p", text: "We **urge** you[^See COM(2022) 123.]." },
      { type: "ol", items: ["one", "two"] },
    ]),
    expect: "accept",
  },
];

const { window } = new JSDOM("");
const ALLOWED_TAGS = new Set([
  "P",
  "H1",
  "H2",
  "H3",
  "H4",
  "STRONG",
  "EM",
  "U",
  "S",
  "UL",
  "OL",
  "LI",
  "A",
  "BLOCKQUOTE",
  "SUP",
  "BR",
  "SECTION",
  "HR",
]);

/** Text may legitimately mention "javascript:" or "onerror=" (escaped); markup may not. */
function assertSafeHtml(html: string) {
  expect(html).not.toMatch(/<script/i);
  // inside any tag: no scheme tricks, no event handlers, no styles
  for (const tag of html.match(/<[^>]*>/g) ?? []) {
    expect(tag).not.toMatch(/javascript:|vbscript:|data:/i);
    expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag).not.toMatch(/style\s*=/i);
  }
  const container = window.document.createElement("div");
  container.innerHTML = html;
  for (const el of Array.from(container.querySelectorAll("*"))) {
    expect(ALLOWED_TAGS.has(el.tagName), el.tagName).toBe(true);
    for (const attr of Array.from(el.attributes)) {
      expect(["href", "rel", "start", "aria-label"]).toContain(attr.name);
      if (attr.name === "href") expect(attr.value).toMatch(/^(https?:\/\/|mailto:)/i);
    }
  }
}

describe("XSS and malformed-JSON corpus", () => {
  it("has at least 50 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = renderLetterBody(c.input);
    if (result.ok) {
      expect(c.expect).not.toBe("reject");
      assertSafeHtml(result.html);
    } else {
      expect(c.expect).not.toBe("accept");
      expect(typeof result.error).toBe("string");
      expect(result.error.length).toBeGreaterThan(10);
    }
    // validation alone must agree and never throw
    expect(validateEditorJson(c.input).ok === true || result.ok === false).toBe(true);
  });

  it("escapes markup in text instead of interpreting it", () => {
    const r = renderLetterBody(cases.find((c) => c.name === "script in text")!.input);
    expect(r.ok && r.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const f = renderLetterBody(cases.find((c) => c.name === "footnote with script")!.input);
    expect(f.ok && f.html).toContain("&lt;script&gt;");
    expect(f.ok && f.footnotes[0]).toContain("<script>");
  });

  it("explains a refused link scheme", () => {
    const r = renderLetterBody(link("JaVaScRiPt:alert(1)"));
    expect(r).toEqual({ ok: false, error: expect.stringContaining("http, https or mailto") });
  });

  it("keeps only safe links in footnotes", () => {
    const r = renderLetterBody(cases.find((c) => c.name === "footnote with javascript url")!.input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.html).toContain('<a href="https://ok.example/a" rel="noopener noreferrer">');
    expect(r.html).not.toContain('href="javascript');
  });
});

describe("sanitizeLetterHtml (DOMPurify on jsdom)", () => {
  it("really strips dangerous markup passed to it directly", () => {
    const dirty =
      '<p onclick="alert(1)" style="color:red" class="x">hi<img src=x onerror="alert(1)"></p>' +
      '<a href="javascript:alert(1)">a</a><a href="https://ok.example" target="_blank">b</a>' +
      '<script>alert(1)</script><iframe src="https://evil.example"></iframe><svg><g onload="alert(1)"></g></svg>' +
      '<span style="white-space:pre-wrap">kept</span><b><strong>bold</strong></b><h5>h5</h5><sup data-x="1">1</sup>';
    const clean = sanitizeLetterHtml(dirty);
    expect(clean).not.toMatch(
      /onerror|onclick|onload|<img|<script|<iframe|<svg|style=|class=|data-x|javascript:|target=/i,
    );
    expect(clean).toContain("<p>hi</p>");
    expect(clean).toContain('<a rel="noopener noreferrer">a</a>');
    expect(clean).toContain('<a href="https://ok.example" rel="noopener noreferrer">b</a>');
    expect(clean).toContain("kept");
    expect(clean).toContain("<strong>bold</strong>");
    expect(clean).toContain("<sup>1</sup>");
  });
});

describe("defence in depth: the sanitiser alone, with validation bypassed", () => {
  it("still produces safe HTML from hostile editor JSON", () => {
    const hostile = doc(
      p(
        t("red", { style: "color:red;background:url(javascript:alert(1))" }),
        { type: "link", version: 1, url: "JaVaScRiPt:alert(1)", children: [t("a")] },
        { type: "link", version: 1, url: "data:text/html,<script>alert(1)</script>", children: [t("b")] },
        { type: "link", version: 1, url: 'https://ok.example/" onmouseover="alert(1)', children: [t("c")] },
        { type: "footnote", version: 1, note: "<img src=x onerror=alert(1)>" },
      ),
      { type: "heading", version: 1, tag: "h6", children: [t("<script>alert(1)</script>")] },
      { ...p(t("centred")), format: "center", indent: 3 },
    );
    expect(renderLetterBody(hostile).ok).toBe(false);
    const out = renderUncheckedState(hostile as never);
    assertSafeHtml(out.html);
    expect(out.html).toContain("&lt;script&gt;");
  });
});

describe("direction overrides", () => {
  it("refuses RLO/LRO characters that would make the text display differently from what is signed", () => {
    expect(renderLetterBody(doc(p(t("pay \u202e001 EUR")))).ok).toBe(false);
    expect(renderLetterBody(doc(p({ type: "footnote", version: 1, note: "x\u202dy" }))).ok).toBe(false);
    expect(renderLetterBody(doc(p(t("Arabic \u2067نص\u2069 isolate is fine")))).ok).toBe(true);
  });
});
