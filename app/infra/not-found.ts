/**
 * The one "not found" answer. A missing row, a row of another office and a malformed id all get it,
 * so an answer never tells which of the three it was. Thrown from loaders and actions; the route's
 * error boundary renders it in the reader's language.
 */
export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}
