/**
 * Failed queries in the logs (issue 10, checklist 56): what is written about a failed query is its
 * shape, its SQLSTATE and the request id, never its parameters (draft text, comments, names, hashes of
 * tokens) nor the values PostgreSQL quotes back in its message or its DETAIL line. Checked on the error
 * path of a request (handleError, as Remix calls it), of the job worker, and in a job's last_error.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { jobs, offices, users } from "#db/schema";
import { handleError } from "#app/entry.server";
import { enqueue, registerHandler, runDueJobs } from "#app/infra/jobs.server";
import { describeError, redactDbMessage } from "#app/infra/log.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { TEST_ORIGIN } from "#tests/setup/routes";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => handle?.close());
afterEach(() => vi.restoreAllMocks());

/** Something that looks like a secret: a token hash, a draft sentence, a name. */
const secret = () => `s3cr3t-${randomBytes(12).toString("hex")}`;

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error("the query was expected to fail");
}

/** Everything written to the console while `fn` runs. */
async function captured(fn: () => unknown | Promise<unknown>) {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  };
  vi.spyOn(console, "error").mockImplementation(keep);
  vi.spyOn(console, "warn").mockImplementation(keep);
  vi.spyOn(console, "log").mockImplementation(keep);
  // Info lines too (tests silence them otherwise): the job runner logs there.
  process.env.LOG_IN_TESTS = "1";
  try {
    await fn();
  } finally {
    delete process.env.LOG_IN_TESTS;
    vi.restoreAllMocks();
  }
  return lines.join("\n");
}

function requestError(error: unknown, requestId: string) {
  const request = new Request(new URL("/letters/new", TEST_ORIGIN), { method: "POST" });
  handleError(error, { request, context: { requestId } as never });
}

describe(`failed queries are logged by shape, never by value (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("a value PostgreSQL cannot read (22P02): the log has the query shape, the code and the request id, not the value", async () => {
    const value = secret();
    const error = await failure(() => db.execute(sql`select ${value}::int as n`));
    const requestId = randomUUID();
    const out = await captured(() => requestError(error, requestId));
    expect(out).toContain(requestId);
    expect(out).toContain("select $1::int as n");
    expect(out).toContain("22P02");
    expect(out).not.toContain(value);
  });

  it("a duplicate key: neither the parameters nor the DETAIL line's key values are logged; the constraint is", async () => {
    const email = `${secret()}@office.test`;
    const draft = `Draft text nobody outside the office may read ${secret()}`;
    await db.insert(users).values({ email, name: draft });
    const error = await failure(() => db.insert(users).values({ email, name: draft }));
    const requestId = randomUUID();
    const out = await captured(() => requestError(error, requestId));
    expect(out).toContain(requestId);
    expect(out).toContain("23505");
    expect(out).toMatch(/users_email/);
    expect(out).toMatch(/insert into \\?"users\\?"/);
    expect(out).not.toContain(email);
    expect(out).not.toContain(draft);
  });

  it("a value out of range and an impossible date: the quoted values are cut out of the message", async () => {
    for (const [value, query] of [
      ["99999999999999999999", sql`select ${"99999999999999999999"}::int`],
      ["2024-02-31", sql`select ${"2024-02-31"}::date`],
    ] as const) {
      const error = await failure(() => db.execute(query));
      const out = await captured(() => requestError(error, randomUUID()));
      expect(out).not.toContain(value);
      expect(JSON.stringify(describeError(error))).not.toContain(value);
    }
  });

  it("a failing job: its last_error and the worker's log hold the query shape, not the parameters", async () => {
    const value = secret();
    const queue = `test.failing-query.${randomBytes(3).toString("hex")}`;
    registerHandler(queue, async (payload: { value: string }) => {
      await db.execute(sql`select ${payload.value}::int`);
    });
    await enqueue(db, queue, { value }, { maxAttempts: 1 });
    const out = await captured(() => runDueJobs(db));
    const [row] = await db.select().from(jobs).where(eq(jobs.queue, queue));
    expect(row.status).toBe("failed");
    expect(row.lastError).toContain("select $1::int");
    expect(row.lastError).not.toContain(value);
    expect(out).not.toContain(value);
  });

  it("names of tables, columns and constraints stay readable; everything else quoted is cut", () => {
    expect(redactDbMessage('new row for relation "letters" violates check constraint "letters_subject_check"')).toBe(
      'new row for relation "letters" violates check constraint "letters_subject_check"',
    );
    expect(redactDbMessage('invalid input syntax for type uuid: "abc"')).toBe(
      'invalid input syntax for type uuid: "[value]"',
    );
    expect(redactDbMessage('value "123" is out of range for type integer')).toBe(
      'value "[value]" is out of range for type integer',
    );
  });

  it("an error that is not the database's keeps its message (they carry no parameters)", async () => {
    const out = await captured(() => requestError(new Error("plain bug in a loader"), randomUUID()));
    expect(out).toContain("plain bug in a loader");
    // The office table is untouched by this file's failures (each was refused as a whole).
    expect(await db.select().from(offices)).toEqual([]);
  });
});
