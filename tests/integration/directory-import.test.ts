/**
 * The MEP directory from EP Open Data: the live import against a fake API on loopback (429 with Retry-After, a
 * 5xx retried, details 50 a call, the local cache), e-mails from hasEmail landing in ep_email without touching an
 * address a person set, a second import changing nothing, a saved file of list and detail responses uploaded on
 * the page, the page's progress and refusals, and the nightly job's schedule.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { count, eq, isNull } from "drizzle-orm";
import { directoryImports, epMepRecords, jobs, mepAffiliations, meps } from "#db/schema";
import type { Db } from "#db/client.server";
import { createTestDb, type TestDb } from "#tests/setup/db";
import { callAction, callLoader, sessionCookieFor } from "#tests/setup/routes";
import { createOffice, createUser } from "#tests/factories/index";
import {
  epPersonDetail,
  epPersonDetailAnswer,
  epPersonListEntry,
  startFakeEpServer,
  type FakeEpServer,
} from "#tests/mocks/fake-ep-server";
import { createEpClient } from "#app/infra/ep-open-data.server";
import { RetryLater } from "#app/infra/jobs.server";
import { resetEnvCache } from "#app/infra/env.server";
import { updateMepContact } from "#app/services/directory.server";
import {
  DIRECTORY_IMPORT_QUEUE,
  DIRECTORY_NIGHTLY_QUEUE,
  nextNightlyRun,
  runDirectoryImport,
  runDirectoryNightly,
  scheduleDirectoryNightly,
  startDirectoryImport,
} from "#app/services/directory-import.server";
import { getDirectoryImport } from "#app/models/directory-imports.server";
import * as route from "#app/routes/admin_.meps";

let handle: TestDb;
let db: Db;
let ep: FakeEpServer;
let officeId: string;
let adminCookie: string;
let staffCookie: string;
let staffActor: { userId: string; officeId: string };
const waits: number[] = [];

const client = (o: { maxRetryAfterMs?: number } = {}) =>
  createEpClient({
    baseUrl: ep.url,
    timeoutMs: 2000,
    backoffMs: () => 1,
    maxRetryAfterMs: o.maxRetryAfterMs,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });

const GROUPS = ["EPP", "S&D", "PfE", "ECR", "Renew", "Greens/EFA", "The Left", "ESN", "NI"];
const COUNTRIES = ["DE", "FR", "IT", "ES", "PL", "NL", "BE", "EL", "SE"];
/** 55 Members: two detail calls (50 + 5). Person 3 is David McALLISTER, as the EP spells him. */
function people() {
  return Array.from({ length: 55 }, (_, i) => {
    const id = 300001 + i;
    if (i === 2)
      return epPersonDetail(id, {
        given: "David",
        family: "MCALLISTER",
        labelFamily: "McALLISTER",
        country: "DE",
        group: "EPP",
        email: "david.mcallister@europarl.example",
      });
    return epPersonDetail(id, {
      given: `Given${i}`,
      family: `Family${String.fromCharCode(65 + (i % 26))}${i}`,
      country: COUNTRIES[i % COUNTRIES.length],
      group: GROUPS[i % GROUPS.length],
      email: i % 5 === 4 ? null : `member${i}@europarl.example`,
    });
  });
}
const epIdAt = (i: number) => 300001 + i;
const byEp = async (epId: number) => (await db.select().from(meps).where(eq(meps.epId, epId)))[0];
const n = async (t: typeof meps | typeof mepAffiliations | typeof epMepRecords) =>
  (await db.select({ n: count() }).from(t))[0].n;
const detailCalls = () => ep.log.filter((l) => /\/meps\/\d/.test(l));
const listCalls = () => ep.log.filter((l) => l.includes("/meps/show-current"));

async function liveRun(o: { maxRetryAfterMs?: number; now?: Date } = {}) {
  const { run } = await startDirectoryImport(db, { source: "live", userId: null });
  await runDirectoryImport(db, run.id, { client: client(o), now: o.now });
  return (await getDirectoryImport(db, run.id))!;
}

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  ep = await startFakeEpServer();
  const office = await createOffice(db);
  officeId = office.id;
  const admin = await createUser(db, { officeId, role: "staff", isPlatformAdmin: true });
  adminCookie = (await sessionCookieFor(db, admin, officeId)).cookie;
  const staff = await createUser(db, { officeId, role: "staff" });
  staffCookie = (await sessionCookieFor(db, staff, officeId)).cookie;
  staffActor = { userId: staff.id, officeId };
});
afterAll(async () => {
  await ep?.close();
  await handle?.close();
});
beforeEach(async () => {
  await db.delete(directoryImports);
  await db.delete(jobs);
  ep.persons = people();
  ep.faults = { list: [], detail: [] };
  ep.log.length = 0;
  ep.retryAfterSeconds = 1;
  ep.maxPersonIds = 50;
  ep.beforeAnswer = null;
  waits.length = 0;
});

describe("live import from the EP Open Data API", () => {
  it("lists, fetches details 50 a call through a 429 and a 500, and saves names, groups, terms and ep_email", async () => {
    ep.faults.list = ["429"];
    ep.faults.detail = ["500"];
    ep.retryAfterSeconds = 2;
    const run = await liveRun();
    expect(run, run.error ?? "").toMatchObject({
      status: "done",
      phase: "done",
      source: "live",
      term: 10,
      total: 55,
      processed: 55,
      cached: 0,
      added: 55,
      updated: 0,
      unchanged: 0,
      left: 0,
      skipped: 0,
      problems: [],
    });
    // The 429's Retry-After (2 s) was waited out; the 500 retried after the backoff.
    expect(waits).toContain(2000);
    // List: the 429, then pages of 50 until 204; details: the 500, then 50 ids and 5 ids.
    // (the short last page is asked twice more, as the API sometimes cuts pages short)
    expect(listCalls().length).toBe(6);
    expect(detailCalls().length).toBe(3);
    expect(detailCalls().map((l) => decodeURIComponent(l.split("?")[0].split("/meps/")[1]).split(",").length)).toEqual([
      50, 50, 5,
    ]);
    expect(run.requests).toBe(ep.log.length);

    expect(await n(meps)).toBe(55);
    expect(await n(mepAffiliations)).toBe(55);
    const david = await byEp(epIdAt(2));
    expect(david).toMatchObject({
      givenName: "David",
      familyName: "McAllister",
      country: "DE",
      politicalGroup: "EPP",
      term: 10,
      active: true,
      epEmail: "david.mcallister@europarl.example",
      email: "david.mcallister@europarl.example",
    });
    const [aff] = await db.select().from(mepAffiliations).where(eq(mepAffiliations.mepId, david.id));
    expect(aff).toMatchObject({ politicalGroup: "EPP", term: 10, validFrom: "2024-07-16", validTo: null });
    // A Member without hasEmail has no address, and no invented one.
    expect(await byEp(epIdAt(4))).toMatchObject({ email: null, epEmail: null });
    expect(await n(epMepRecords)).toBe(55);
  });

  it("keeps an address a person set, and one a person removed, while the EP's goes to ep_email", async () => {
    await liveRun();
    const a = await byEp(epIdAt(0));
    const b = await byEp(epIdAt(1));
    expect(a.email).toBe("member0@europarl.example");
    await updateMepContact(db, staffActor, a.id, {
      email: "own.address@office.example",
      officeEmail: "office@x.example",
    });
    await updateMepContact(db, staffActor, b.id, { email: null, officeEmail: null });
    // The EP publishes new addresses for both (and the list entry is unchanged, so the cache would serve the old
    // record: the run below ignores the cache by a cache period of zero days).
    ep.persons[0] = { ...ep.persons[0], hasEmail: "mailto:new0@europarl.example" };
    ep.persons[1] = { ...ep.persons[1], hasEmail: "mailto:new1@europarl.example" };
    const { run } = await startDirectoryImport(db, { source: "live", userId: null });
    await runDirectoryImport(db, run.id, { client: client(), cacheDays: 0 });
    expect(await getDirectoryImport(db, run.id)).toMatchObject({ status: "done", updated: 2, unchanged: 53 });
    expect(await byEp(epIdAt(0))).toMatchObject({
      email: "own.address@office.example",
      officeEmail: "office@x.example",
      epEmail: "new0@europarl.example",
    });
    expect(await byEp(epIdAt(1))).toMatchObject({ email: null, epEmail: "new1@europarl.example" });
  });

  it("is idempotent: a second run reads the cache, asks for no detail and changes nothing", async () => {
    const first = await liveRun();
    expect(first.status).toBe("done");
    const before = { meps: await db.select().from(meps).orderBy(meps.id), affs: await n(mepAffiliations) };
    ep.log.length = 0;
    const second = await liveRun();
    expect(second).toMatchObject({
      status: "done",
      total: 55,
      processed: 55,
      cached: 55,
      added: 0,
      updated: 0,
      unchanged: 55,
      left: 0,
      groupChanges: [],
    });
    expect(detailCalls()).toEqual([]);
    expect(listCalls().length).toBe(5);
    expect(await n(mepAffiliations)).toBe(before.affs);
    expect(await db.select().from(meps).orderBy(meps.id)).toEqual(before.meps);
  });

  it("asks again only for a Member whose list entry changed, records the group change and who left", async () => {
    ep.persons[5] = { ...ep.persons[5], "api:political-group": "Renew" };
    const gone = ep.persons.pop()!;
    ep.log.length = 0;
    const run = await liveRun();
    expect(detailCalls()).toHaveLength(1);
    expect(detailCalls()[0]).toContain(`/meps/${epIdAt(5)}?`);
    expect(run).toMatchObject({ status: "done", total: 54, cached: 53, updated: 1, left: 1 });
    expect(run.groupChanges).toEqual([{ name: expect.stringContaining("Given5"), from: GROUPS[5], to: "Renew" }]);
    const moved = await byEp(epIdAt(5));
    expect(moved.politicalGroup).toBe("Renew");
    const history = await db.select().from(mepAffiliations).where(eq(mepAffiliations.mepId, moved.id));
    expect(history.map((h) => [h.politicalGroup, h.validTo === null])).toEqual([
      [GROUPS[5], false],
      ["Renew", true],
    ]);
    expect(await byEp(Number(gone.identifier))).toMatchObject({ active: false });
  });

  it("stops at a Retry-After longer than it will wait (RetryLater), and the next attempt resumes from the cache", async () => {
    await db.delete(epMepRecords);
    ep.faults.detail = ["none", "429"];
    ep.retryAfterSeconds = 600;
    const { run } = await startDirectoryImport(db, { source: "live", userId: null });
    const err = await runDirectoryImport(db, run.id, { client: client({ maxRetryAfterMs: 60_000 }) }).catch((e) => e);
    expect(err).toBeInstanceOf(RetryLater);
    expect((err as RetryLater).ms).toBe(600_000);
    const waiting = (await getDirectoryImport(db, run.id))!;
    expect(waiting).toMatchObject({ status: "queued", error: expect.stringContaining("600 s") });
    // The first 50 records were fetched and cached before the refusal.
    expect(await n(epMepRecords)).toBe(50);
    ep.log.length = 0;
    await runDirectoryImport(db, run.id, { client: client() });
    expect(await getDirectoryImport(db, run.id)).toMatchObject({
      status: "done",
      cached: 50,
      processed: 55,
      error: null,
    });
    expect(detailCalls()).toHaveLength(1);
  });

  it("a run that lost its job does not block the next one forever, nor keep the page refreshing", async () => {
    const { run } = await startDirectoryImport(db, { source: "live", userId: null });
    await db
      .update(directoryImports)
      .set({ status: "running", createdAt: new Date(Date.now() - 7 * 3600 * 1000) })
      .where(eq(directoryImports.id, run.id));
    const page = await callLoader<any>(route, { path: "/admin/meps", cookie: adminCookie });
    expect(page.data.running).toBe(false);
    const next = await startDirectoryImport(db, { source: "live", userId: null });
    expect(next.started).toBe(true);
    expect(await getDirectoryImport(db, run.id)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("Abandoned"),
    });
  });

  it("asks one id at a time when the API refuses a call of several ids", async () => {
    await db.delete(epMepRecords);
    ep.maxPersonIds = 1;
    const run = await liveRun();
    expect(run).toMatchObject({ status: "done", total: 55, processed: 55, problems: [] });
    // The refused call of 50, then 55 calls of one.
    expect(detailCalls()).toHaveLength(56);
    expect(await n(epMepRecords)).toBe(55);
  });

  it("a second start while one is queued returns that run instead of a second job", async () => {
    const a = await startDirectoryImport(db, { source: "live", userId: null });
    const b = await startDirectoryImport(db, { source: "nightly", userId: null });
    expect(a.started).toBe(true);
    expect(b).toMatchObject({ started: false, run: { id: a.run.id } });
    expect(await db.select().from(jobs).where(eq(jobs.queue, DIRECTORY_IMPORT_QUEUE))).toHaveLength(1);
  });
});

describe("the import page", () => {
  /** A saved file as an office downloads it: a page of /meps/show-current and the /meps/{ids} answer, one per line. */
  function savedFile(persons: Array<Record<string, unknown>>) {
    return [
      JSON.stringify({ data: persons.map(epPersonListEntry) }),
      JSON.stringify({ data: persons.map(epPersonDetailAnswer) }),
    ].join("\n");
  }
  function upload(cookie: string, content: string, extra: Record<string, string> = {}) {
    const form = new FormData();
    form.append("file", new File([content], "meps.jsonl", { type: "application/json" }));
    form.append("paste", "");
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    const request = new Request("http://localhost:3000/admin/meps", {
      method: "POST",
      headers: { cookie },
      body: form,
    });
    return route.action({
      request,
      params: {},
      context: { ip: "203.0.113.61", nonce: "n", requestId: "r" },
    }) as Promise<any>;
  }

  it("imports a saved file of list and detail responses: groups from the list, e-mail from the detail, idempotent", async () => {
    const persons = people().map((p) => ({
      ...p,
      identifier: String(Number(p.identifier) + 1000),
      id: `person/${Number(p.identifier) + 1000}`,
    }));
    const file = savedFile(persons.slice(0, 10));
    const first = await upload(adminCookie, file, { partial: "on" });
    expect(first.summary, JSON.stringify(first)).toMatchObject({
      format: "ep-jsonld",
      term: 10,
      termSource: "file",
      read: 10,
      added: 10,
      problems: [],
    });
    const david = await byEp(301003);
    expect(david).toMatchObject({
      familyName: "McAllister",
      politicalGroup: "EPP",
      epEmail: "david.mcallister@europarl.example",
    });
    const second = await upload(adminCookie, file, { partial: "on" });
    expect(second.summary).toMatchObject({ added: 0, updated: 0, unchanged: 10 });
  });

  it("shows runs with their progress and refreshes itself while one runs", async () => {
    await db.delete(epMepRecords);
    const { run } = await startDirectoryImport(db, { source: "live", userId: null });
    // Mid-run, as the page polls it: the second detail call is about to be answered.
    const seen: any[] = [];
    ep.beforeAnswer = async (path) => {
      if (!/\/meps\/\d/.test(path) || seen.length) return;
      if (!detailCalls().slice(0, -1).length) return;
      const mid = await callLoader<any>(route, { path: "/admin/meps", cookie: adminCookie });
      seen.push({ running: mid.data.running, run: mid.data.runs[0], meta: route.meta({ data: mid.data } as never) });
    };
    const page = await callLoader<any>(route, { path: "/admin/meps", cookie: adminCookie });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({
      running: true,
      live: false,
      nightly: false,
      runs: [{ id: run.id, status: "queued" }],
    });
    const meta = route.meta({ data: page.data } as never);
    expect(meta).toContainEqual({ httpEquiv: "refresh", content: "3" });
    await runDirectoryImport(db, run.id, { client: client() });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      running: true,
      run: { status: "running", phase: "details", total: 55, processed: 50 },
    });
    expect(seen[0].meta).toContainEqual({ httpEquiv: "refresh", content: "3" });
    const after = await callLoader<any>(route, { path: "/admin/meps", cookie: adminCookie });
    expect(after.data.running).toBe(false);
    expect(after.data.runs[0]).toMatchObject({ status: "done", total: 55, processed: 55 });
    expect(route.meta({ data: after.data } as never)).not.toContainEqual({ httpEquiv: "refresh", content: "3" });
  });

  it("starts a live run with EP_OPEN_DATA_URL set, refuses it without (400), and only for platform admins", async () => {
    const refused = await callAction<any>(route, {
      path: "/admin/meps",
      cookie: adminCookie,
      form: { intent: "live" },
    });
    expect(refused.status).toBe(400);
    expect(refused.data.fieldErrors).toEqual({ live: "directory.openData.error.noLive" });
    const forbidden = await callAction<any>(route, {
      path: "/admin/meps",
      cookie: staffCookie,
      form: { intent: "live" },
    });
    expect(forbidden.status).toBe(403);
    expect(await db.select().from(directoryImports)).toEqual([]);
    process.env.EP_OPEN_DATA_URL = ep.url;
    resetEnvCache();
    try {
      const started = await callAction<any>(route, {
        path: "/admin/meps",
        cookie: adminCookie,
        form: { intent: "live" },
      });
      expect(started).toMatchObject({ status: 302, location: "/admin/meps" });
      const again = await callAction<any>(route, {
        path: "/admin/meps",
        cookie: adminCookie,
        form: { intent: "live" },
      });
      expect(again.status).toBe(302);
      const runs = await db.select().from(directoryImports);
      expect(runs).toHaveLength(1);
      expect(await db.select().from(jobs).where(eq(jobs.queue, DIRECTORY_IMPORT_QUEUE))).toHaveLength(1);
      // The job's own client comes from the environment.
      await runDirectoryImport(db, runs[0].id);
      expect(await getDirectoryImport(db, runs[0].id)).toMatchObject({ status: "done", total: 55 });
    } finally {
      delete process.env.EP_OPEN_DATA_URL;
      resetEnvCache();
    }
  });
});

describe("the nightly refresh", () => {
  const on = { EP_OPEN_DATA_URL: "http://127.0.0.1:9/api/v2", EP_DIRECTORY_NIGHTLY: "true" as const };

  it("is not scheduled unless switched on and configured", async () => {
    expect(
      await scheduleDirectoryNightly(db, new Date(), { EP_OPEN_DATA_URL: undefined, EP_DIRECTORY_NIGHTLY: "true" }),
    ).toBeNull();
    expect(await scheduleDirectoryNightly(db, new Date(), { ...on, EP_DIRECTORY_NIGHTLY: "false" })).toBeNull();
    expect(await scheduleDirectoryNightly(db)).toBeNull();
    expect(await db.select().from(jobs)).toEqual([]);
  });

  it("is queued once per night at 03:00 UTC, however many instances ask", async () => {
    expect(nextNightlyRun(new Date("2026-12-02T02:59:00Z")).toISOString()).toBe("2026-12-02T03:00:00.000Z");
    expect(nextNightlyRun(new Date("2026-12-02T03:00:00Z")).toISOString()).toBe("2026-12-03T03:00:00.000Z");
    const now = new Date("2026-12-02T10:00:00Z");
    expect(await scheduleDirectoryNightly(db, now, on)).not.toBeNull();
    expect(await scheduleDirectoryNightly(db, now, on)).toBeNull();
    const queued = await db.select().from(jobs).where(eq(jobs.queue, DIRECTORY_NIGHTLY_QUEUE));
    expect(queued).toHaveLength(1);
    expect(queued[0].runAt.toISOString()).toBe("2026-12-03T03:00:00.000Z");
  });

  it("starts an import run and queues the next night", async () => {
    const run = await runDirectoryNightly(db, { now: new Date("2026-12-03T03:00:00Z"), env: on });
    expect(run).toMatchObject({ source: "nightly", status: "queued" });
    const queued = await db.select().from(jobs).orderBy(jobs.id);
    expect(queued.map((j) => j.queue)).toEqual([DIRECTORY_IMPORT_QUEUE, DIRECTORY_NIGHTLY_QUEUE]);
    expect(queued[1].runAt.toISOString()).toBe("2026-12-04T03:00:00.000Z");
    await runDirectoryImport(db, run!.id, { client: client() });
    expect(await getDirectoryImport(db, run!.id)).toMatchObject({ status: "done", source: "nightly" });
    // Switched off since: nothing.
    expect(await runDirectoryNightly(db, { env: { ...on, EP_DIRECTORY_NIGHTLY: "false" } })).toBeNull();
    expect(await db.select({ n: count() }).from(directoryImports).where(isNull(directoryImports.startedBy))).toEqual([
      { n: 1 },
    ]);
  });
});
