/**
 * The staff catalogue of one language as a script (`.js`, loaded by the page head) or as JSON (`.json`, fetched
 * by the root's clientLoader after a client-side language change): `/i18n/<locale>-staff.<version>.<ext>`.
 * The version is a hash of the messages, so a URL's content never changes and browsers keep it for a year; a
 * page rendered before a deployment that asks for an older version gets today's catalogue, not cached.
 * Public: these are the interface's own strings, the same for everyone.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { catalogueScript } from "#app/i18n/catalogue-ref";
import { isStaffLocale } from "#app/i18n/locales";
import { pageMessages, staffCatalogueRef } from "#app/i18n/page-messages.server";
import { notFound } from "#app/infra/not-found";

const FILE = /^([a-z]{2})-staff\.([0-9a-f]{12})\.(js|json)$/;

export async function loader({ params }: LoaderFunctionArgs) {
  const m = FILE.exec(params.file ?? "");
  if (!m || !isStaffLocale(m[1])) throw notFound();
  const [, locale, version, ext] = m;
  const ref = staffCatalogueRef(locale);
  const messages = pageMessages(ref.locale, "staff");
  // Registered under the version the page asked for, which is the one it looks up.
  const body = ext === "js" ? catalogueScript({ ...ref, version }, messages) : JSON.stringify(messages);
  return new Response(body, {
    headers: {
      "Content-Type": ext === "js" ? "text/javascript; charset=utf-8" : "application/json; charset=utf-8",
      "Cache-Control": version === ref.version ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
