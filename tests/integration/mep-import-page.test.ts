/**
 * The MEP list upload page (platform administrators only): a multipart upload of the sample XML,
 * an idempotent second upload, the paste fallback, and bad input answered 400 with nothing changed.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, isNull } from "drizzle-orm";
import { auditEvents, mepAffiliations, meps } from "#db/schema";
import type { Db, DbHandle } from "#db/client.server";
import { createTestDb } from "#tests/setup/db";
import { createOffice, createUser } from "#tests/factories/index";
import { createSession } from "#app/models/auth.server";
import { sessionCookieName } from "#app/web/session.server";
import * as route from "#app/routes/admin_.meps";

const XML = readFileSync("db/data/meps-sample.xml", "utf8");
const ENTRIES = XML.match(/<mep>/g)!.length;

type Result = { status: number; data: any };

async function settle(fn: () => unknown): Promise<Result> {
  const norm = async (v: unknown): Promise<Result> => {
    if (v instanceof Response) return { status: v.status, data: await v.text() };
    if (v && typeof v === "object" && (v as { type?: string }).type === "DataWithResponseInit") {
      const d = v as { data: unknown; init: ResponseInit | null };
      return { status: d.init?.status ?? 200, data: d.data };
    }
    return { status: 200, data: v };
  };
  try {
    return await norm(await fn());
  } catch (e) {
    if (
      e instanceof Response ||
      (e && typeof e === "object" && (e as { type?: string }).type === "DataWithResponseInit")
    )
      return norm(e);
    throw e;
  }
}

const ctx = { ip: "203.0.113.60", nonce: "n", requestId: "r" };
const url = "http://localhost:3000/admin/meps";

function upload(
  cookie: string,
  fields: {
    file?: { name: string; content: string | Uint8Array<ArrayBuffer> };
    term?: string;
    partial?: boolean;
    paste?: string;
  },
) {
  const form = new FormData();
  if (fields.file) form.append("file", new File([fields.file.content], fields.file.name, { type: "application/xml" }));
  else form.append("file", new File([], "", { type: "application/octet-stream" }));
  form.append("paste", fields.paste ?? "");
  if (fields.term !== undefined) form.append("term", fields.term);
  if (fields.partial) form.append("partial", "on");
  const request = new Request(url, { method: "POST", headers: { cookie }, body: form });
  return settle(() => route.action({ request, params: {}, context: ctx }));
}

let handle: DbHandle & { name: string };
let db: Db;
let admin: string;
let officeAdmin: string;
let staff: string;
let adminId: string;

const counts = async () => ({
  meps: (await db.select({ n: count() }).from(meps))[0].n,
  affiliations: (await db.select({ n: count() }).from(mepAffiliations))[0].n,
  audits: (await db.select({ n: count() }).from(auditEvents).where(isNull(auditEvents.letterId)))[0].n,
});

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
  const office = await createOffice(db);
  const cookie = async (u: { id: string }) =>
    `${sessionCookieName()}=${await createSession(db, { userId: u.id, officeId: office.id, maxHours: 12 })}`;
  const platform = await createUser(db, { officeId: office.id, role: "staff", isPlatformAdmin: true });
  adminId = platform.id;
  admin = await cookie(platform);
  officeAdmin = await cookie(await createUser(db, { officeId: office.id, role: "admin" }));
  staff = await cookie(await createUser(db, { officeId: office.id, role: "staff" }));
});
afterAll(async () => {
  await handle?.close();
});

describe("admin MEP import page", () => {
  it("is forbidden to anyone but a platform administrator, even an office admin", async () => {
    for (const cookie of [staff, officeAdmin]) {
      const l = await settle(() =>
        route.loader({ request: new Request(url, { headers: { cookie } }), params: {}, context: ctx }),
      );
      expect(l.status).toBe(403);
      const a = await upload(cookie, { file: { name: "meps.xml", content: XML }, term: "9" });
      expect(a.status).toBe(403);
    }
    expect((await counts()).meps).toBe(0);
    const anon = await settle(() => route.loader({ request: new Request(url), params: {}, context: ctx }));
    expect(anon.status).toBe(302);
  });

  it("imports the sample XML, then reports everything unchanged on a second upload", async () => {
    const first = await upload(admin, { file: { name: "meps-sample.xml", content: XML }, term: "9" });
    expect(first.status).toBe(200);
    const s = first.data.summary;
    expect(s).toMatchObject({
      format: "ep-xml",
      term: 9,
      full: true,
      read: ENTRIES,
      added: ENTRIES,
      updated: 0,
      unchanged: 0,
      left: 0,
      unknownGroups: [],
      problems: [],
    });
    const c1 = await counts();
    expect(c1.meps).toBe(ENTRIES);
    expect(c1.affiliations).toBe(ENTRIES);
    const [bas] = await db.select().from(meps).where(eq(meps.familyName, "Eickhout"));
    expect(bas).toMatchObject({ givenName: "Bas", country: "NL", politicalGroup: "Greens/EFA", term: 9, active: true });

    const second = await upload(admin, { file: { name: "meps-sample.xml", content: XML }, term: "9" });
    expect(second.status).toBe(200);
    expect(second.data.summary).toMatchObject({
      read: ENTRIES,
      added: 0,
      updated: 0,
      unchanged: ENTRIES,
      left: 0,
      groupChanges: [],
      leftMeps: [],
    });
    const c2 = await counts();
    expect(c2.meps).toBe(c1.meps);
    expect(c2.affiliations).toBe(c1.affiliations);
    // One audit row per import, by the administrator.
    expect(c2.audits).toBe(c1.audits + 1);
    const rows = await db.select().from(auditEvents).where(eq(auditEvents.action, "directory.imported"));
    expect(rows.length).toBe(2);
    expect(rows[1]).toMatchObject({ actorUserId: adminId, officeId: null });
    expect(rows[1].data).toMatchObject({ added: 0, unchanged: ENTRIES });

    const page = await settle(() =>
      route.loader({ request: new Request(url, { headers: { cookie: admin } }), params: {}, context: ctx }),
    );
    expect(page.data).toMatchObject({ active: ENTRIES, inactive: 0, terms: [9] });
  });

  it("reports group changes and Members who left; a partial list marks nobody as left", async () => {
    // Bas Eickhout moves to Renew in a full list that no longer has Lara Wolters.
    const changed = XML.replace(
      /(<fullName>Bas EICKHOUT<\/fullName>[\s\S]*?<politicalGroup>)[^<]*/,
      "$1Renew Europe Group",
    ).replace(/<mep>\s*<fullName>Lara WOLTERS<\/fullName>[\s\S]*?<\/mep>/, "");
    expect(changed).not.toBe(XML);
    const partial = await upload(admin, { paste: changed, term: "9", partial: true });
    expect(partial.status).toBe(200);
    expect(partial.data.summary).toMatchObject({ full: false, read: ENTRIES - 1, updated: 1, left: 0 });
    expect(partial.data.summary.groupChanges).toEqual([{ name: "Bas Eickhout", from: "Greens/EFA", to: "Renew" }]);

    const full = await upload(admin, { file: { name: "meps.xml", content: changed }, term: "9" });
    expect(full.data.summary).toMatchObject({
      full: true,
      updated: 0,
      left: 1,
      leftMeps: [{ name: "Lara Wolters", epId: expect.any(Number) }],
    });
    const [lara] = await db.select().from(meps).where(eq(meps.familyName, "Wolters"));
    expect(lara.active).toBe(false);
  });

  it("works the term out from the groups when none is chosen, and asks when the list cannot tell", async () => {
    const r = await upload(admin, { file: { name: "meps.xml", content: XML }, partial: true });
    expect(r.status, JSON.stringify(r.data)).toBe(200);
    expect(r.data.summary).toMatchObject({
      term: 9,
      termSource: "groups",
      termMarkers: ["Identity and Democracy Group"],
      unknownGroups: [],
    });
    // A term chosen against the list's own groups is asked again, and nothing is imported.
    const before = await counts();
    const wrong = await upload(admin, { file: { name: "meps.xml", content: XML }, term: "10", partial: true });
    expect(wrong.status).toBe(400);
    expect(wrong.data).toMatchObject({
      fieldErrors: { term: "directory.term.mismatch" },
      detail: "Identity and Democracy Group",
      termOfGroups: 9,
    });
    // Only groups of both terms: the term is asked for.
    const noEvidence = XML.replace(
      /<politicalGroup>Identity and Democracy Group<\/politicalGroup>/g,
      "<politicalGroup>Non-attached Members</politicalGroup>",
    );
    const asked = await upload(admin, { paste: noEvidence, partial: true });
    expect(asked.status).toBe(400);
    expect(asked.data.fieldErrors).toEqual({ term: "directory.term.needed" });
    expect(await counts()).toEqual(before);
    // Chosen, it imports under that term.
    const chosen = await upload(admin, { paste: noEvidence, term: "9", partial: true });
    expect(chosen.data.summary).toMatchObject({ term: 9, termSource: "given" });
  });

  it("answers 400 (413 when too large) with field messages for bad input and changes nothing", async () => {
    const before = await counts();
    const snapshot = await db.select().from(meps).orderBy(meps.id);
    const cases: Array<[Parameters<typeof upload>[1], number, string, string]> = [
      [{ term: "9" }, 400, "file", "directory.import.error.noFile"],
      [{ file: { name: "meps.xml", content: XML }, term: "11" }, 400, "term", "directory.import.error.term"],
      [
        { file: { name: "notes.txt", content: "Bas Eickhout, Greens" }, term: "9" },
        400,
        "file",
        "directory.import.badFile",
      ],
      [
        { file: { name: "meps.xml", content: "<meps><mep><fullName>Broken" }, term: "9" },
        400,
        "file",
        "directory.import.badFile",
      ],
      [
        { file: { name: "meps.xml", content: "<meps></meps>" }, term: "9" },
        400,
        "file",
        "directory.import.error.empty",
      ],
      [
        { file: { name: "big.xml", content: new Uint8Array(5 * 1024 * 1024 + 1).fill(32) }, term: "9" },
        413,
        "file",
        "directory.import.error.tooLarge",
      ],
    ];
    for (const [fields, status, field, message] of cases) {
      const r = await upload(admin, fields);
      expect(r.status, JSON.stringify(r.data)).toBe(status);
      expect(r.data.fieldErrors[field]).toBe(message);
    }
    expect(await counts()).toEqual(before);
    expect(await db.select().from(meps).orderBy(meps.id)).toEqual(snapshot);
  });
});
