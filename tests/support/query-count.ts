/** Counting the statements a piece of code sends, for "the number of queries does not grow with the data" tests. */
import type { Db } from "#db/client.server";

/** A db whose every statement is counted (select, insert, execute, … all start from one of these methods). */
export function countingDb(inner: Db) {
  const counter = { n: 0 };
  const counted = new Set(["execute", "select", "selectDistinct", "insert", "update", "delete", "query"]);
  const proxy = new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof prop === "string" && counted.has(prop)) counter.n++;
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return { db: proxy as Db, counter };
}

/** How many statements `run` sends through the db it is given. */
export async function countQueries(inner: Db, run: (db: Db) => Promise<unknown>): Promise<number> {
  const c = countingDb(inner);
  await run(c.db);
  return c.counter.n;
}
