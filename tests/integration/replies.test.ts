/**
 * The reply register end to end through the real routes and services: three addressees answered
 * three ways (acknowledgement, referral with its own clock, substantive reply with a PDF), search in
 * the PDF's text, bad input refused with nothing saved, corrections kept and audited, the scheduler
 * run twice sending each alert once, "did they reply?" answered by its link, one-click unsubscribe,
 * statistics with a query count that does not grow with the number of letters.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import PDFDocument from "pdfkit";
import JSZip from "jszip";
import type { Db } from "#db/client.server";
import {
  auditEvents,
  emails,
  jobs,
  letters,
  parliamentaryQuestions,
  questionFollows,
  replies,
  replyFiles,
  replyRevisions,
} from "#db/schema";
import { resetEnvCache } from "#app/infra/env.server";
import { runDueJobs } from "#app/infra/jobs.server";
import { openEmailSecrets } from "#app/infra/email-secrets.server";
import { verifyAuditChain } from "#app/infra/audit.server";
import { computeDue } from "#app/domain/reply-clock";
import { extractDocumentText } from "#app/infra/document-text.server";
import {
  answerNudge,
  letterReplyMatrix,
  registerReplyJobs,
  replyStatisticsCsv,
  replyStatisticsFor,
  scanReplyClocks,
  unsubscribeReplyEmails,
} from "#app/services/replies.server";
import * as repliesRoute from "#app/routes/letters.$letterId.replies._index";
import * as replyRoute from "#app/routes/letters.$letterId.replies.$replyId";
import * as fileRoute from "#app/routes/letters.$letterId.replies.$replyId.file";
import * as overviewRoute from "#app/routes/replies._index";
import * as statsRoute from "#app/routes/replies.stats";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callLoader, sessionCookieFor, TEST_ORIGIN } from "#tests/setup/routes";
import { createDraftLetter, createOffice, createUser, publish, tag } from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;

beforeAll(async () => {
  resetEnvCache();
  handle = await createTestDb();
  db = handle.db;
  registerReplyJobs();
});
afterAll(async () => {
  await handle?.close();
});

const SENT = new Date("2024-03-04T09:00:00Z"); // a Monday

async function officeWithStaff() {
  const t = tag();
  const office = await createOffice(db, { name: `Office ${t}`, contactEmail: `office.${t}@ep.test` });
  const staff = await createUser(db, { officeId: office.id, role: "staff", email: `staff.${t}@ep.test` });
  const { cookie } = await sessionCookieFor(db, staff, office.id);
  return { office, staff, cookie, actor: { userId: staff.id, officeId: office.id } };
}

/** A published letter to three addressees, marked sent on `sentAt` (sending itself is tested elsewhere). */
async function sentLetter(actor: { userId: string; officeId: string }, sentAt = SENT, n = 3) {
  const t = tag();
  const people = [
    { name: `Ursula von der Leyen ${t}`, role: "President", institution: "European Commission" },
    { name: `Thierry Breton ${t}`, role: "Commissioner", institution: "European Commission" },
    { name: `Paolo Gentiloni ${t}`, role: "Commissioner", institution: "European Commission" },
  ].slice(0, n);
  const letter = await createDraftLetter(db, actor, {
    subject: `Nuctech ${t}`,
    addressees: people.map((p) => ({ ...p, salutation: "Dear", email: `${tag()}@ec.test` })),
  });
  await publish(db, actor, letter.id);
  await db.update(letters).set({ status: "sent", sentAt }).where(eq(letters.id, letter.id));
  const addressees = await db.query.addressees.findMany({
    where: (a, o) => o.eq(a.letterId, letter.id),
    orderBy: (a, o) => o.asc(a.position),
  });
  return { letter, addressees };
}

function pdfWith(text: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });
}

async function docxWith(text: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  );
  return zip.generateAsync({ type: "nodebuffer" });
}

type Fields = Record<string, string | string[]>;

/** POSTs a multipart form (with an optional file) to a route action, as a browser without JavaScript does. */
async function postMultipart(
  mod: { action?: (args: any) => unknown },
  path: string,
  params: Record<string, string>,
  cookie: string,
  fields: Fields,
  file?: { name: string; bytes: Buffer; type: string },
) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  if (file) fd.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const request = new Request(new URL(path, TEST_ORIGIN), { method: "POST", body: fd, headers: { cookie } });
  let value: unknown;
  try {
    value = await mod.action!({ request, params, context: { ip: "203.0.113.7", nonce: "n", requestId: "r" } });
  } catch (e) {
    value = e;
  }
  if (value instanceof Response) return { status: value.status, data: await value.text() };
  const v = value as { type?: string; data?: unknown; init?: { status?: number } };
  if (v?.type === "DataWithResponseInit") return { status: v.init?.status ?? 200, data: v.data as any };
  return { status: 200, data: value as any };
}

const base = (addresseeIds: string[], over: Fields = {}): Fields => ({
  intent: "log",
  addresseeId: addresseeIds,
  receivedOn: "2024-03-08",
  senderName: "Sender",
  kind: "substantive",
  body: "",
  ...over,
});

async function counts(letterId: string) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(replies)
    .where(eq(replies.letterId, letterId));
  const [f] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(replyFiles)
    .innerJoin(replies, eq(replies.id, replyFiles.replyId))
    .where(eq(replies.letterId, letterId));
  return { replies: Number(r.n), files: Number(f.n) };
}

describe(`the reply register (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("logs an acknowledgement, a referral with its own clock and a reply with a PDF; the matrix and search follow", async () => {
    const { cookie, office, actor } = await officeWithStaff();
    const {
      letter,
      addressees: [vdl, breton, gentiloni],
    } = await sentLetter(actor);
    const path = `/letters/${letter.id}/replies`;
    const params = { letterId: letter.id };

    const ack = await postMultipart(
      repliesRoute,
      path,
      params,
      cookie,
      base([vdl.id], {
        kind: "acknowledgement",
        senderName: "Secretariat-General",
        theirReference: "Ref. Ares(2024)1234567 - 06/03/2024",
        body: "We acknowledge receipt of your letter.",
      }),
    );
    expect(ack.status, JSON.stringify(ack.data)).toBe(200);

    const referral = await postMultipart(
      repliesRoute,
      path,
      params,
      cookie,
      base([breton.id], {
        kind: "referral",
        receivedOn: "2024-03-11",
        senderName: "Thierry Breton",
        referredToName: "Margrethe Vestager",
        referredToRole: "Executive Vice-President",
        body: "Executive Vice-President Vestager will respond.",
      }),
    );
    expect(referral.status, JSON.stringify(referral.data)).toBe(200);

    const pdf = await pdfWith("The Commission shares your concerns about Nuctech scanners and quaternion procurement.");
    const answer = await postMultipart(
      repliesRoute,
      path,
      params,
      cookie,
      base([gentiloni.id], {
        senderName: "Paolo Gentiloni",
        onBehalfOf: "the President",
        theirRegistration: "Ares(2024)1122334",
        ourRegistration: "BG/2024/017",
      }),
      { name: "reply.pdf", bytes: pdf, type: "application/pdf" },
    );
    expect(answer.status, JSON.stringify(answer.data)).toBe(200);

    const matrix = await letterReplyMatrix(db, {
      letterId: letter.id,
      officeId: office.id,
      now: new Date("2024-03-12T10:00:00Z"),
    });
    expect(matrix.map((m) => m.status.state)).toEqual(["acknowledged", "referred", "answered"]);
    const referred = matrix[1].status;
    expect(referred.referredTo).toMatchObject({ name: "Margrethe Vestager" });
    expect(referred.clockStart).toBe("2024-03-11");
    expect(referred.due.due).toBe(computeDue("2024-03-11", 15, "working").due);

    const [stored] = await db
      .select()
      .from(replies)
      .where(and(eq(replies.letterId, letter.id), eq(replies.kind, "substantive")));
    expect(stored).toMatchObject({
      onBehalfOf: "the President",
      theirRegistration: "Ares(2024)1122334",
      ourRegistration: "BG/2024/017",
    });
    const [ackRow] = await db
      .select()
      .from(replies)
      .where(and(eq(replies.letterId, letter.id), eq(replies.kind, "acknowledgement")));
    expect(ackRow).toMatchObject({ theirReference: "Ares(2024)1234567", theirReferenceDate: "2024-03-06" });

    // Search finds a word that is only in the PDF.
    const found = await callLoader(overviewRoute, { path: "/replies?q=quaternion", cookie });
    expect(found.status).toBe(200);
    expect((found.data as any).hits.map((h: any) => h.replyId)).toEqual([stored.id]);

    // The file comes back byte for byte, as a download.
    const file = await fileRoute.loader({
      request: new Request(new URL(`${path}/${stored.id}/file`, TEST_ORIGIN), { headers: { cookie } }),
      params: { letterId: letter.id, replyId: stored.id },
      context: {},
    } as any);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);

    // The page shows the matrix as of today, long after 2024: the two unanswered ones are very overdue.
    const page = await callLoader(repliesRoute, { path, params, cookie });
    expect((page.data as any).matrix.map((m: any) => m.state)).toEqual(["very-overdue", "very-overdue", "answered"]);
  });

  it("refuses bad input with a clear message and saves nothing", async () => {
    const { cookie, actor } = await officeWithStaff();
    const {
      letter,
      addressees: [a],
    } = await sentLetter(actor);
    const path = `/letters/${letter.id}/replies`;
    const params = { letterId: letter.id };
    const before = await counts(letter.id);
    const auditBefore = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(eq(auditEvents.letterId, letter.id));
    const cases: Array<
      [string, Fields, { name: string; bytes: Buffer; type: string } | undefined, number, string, string]
    > = [
      [
        "impossible date",
        base([a.id], { receivedOn: "2024-02-31", body: "x" }),
        undefined,
        400,
        "receivedOn",
        "replies.error.date",
      ],
      [
        "date before sending",
        base([a.id], { receivedOn: "2024-03-01", body: "x" }),
        undefined,
        400,
        "receivedOn",
        "replies.error.beforeSent",
      ],
      [
        "malformed Ares",
        base([a.id], { theirReference: "Ares(20x3)12", body: "x" }),
        undefined,
        400,
        "theirReference",
        "replies.ares.malformed",
      ],
      [
        "Ares date in another year",
        base([a.id], { theirReference: "Ref. Ares(2024)1234567 - 06/10/2023", body: "x" }),
        undefined,
        400,
        "theirReference",
        "replies.ares.yearMismatch",
      ],
      ["no addressee", base([], { body: "x" }), undefined, 400, "addresseeIds", "replies.error.addressees"],
      [
        "referral without a new sender",
        base([a.id], { kind: "referral", body: "x" }),
        undefined,
        400,
        "referredToName",
        "replies.error.referredTo",
      ],
      ["neither text nor file", base([a.id]), undefined, 400, "body", "replies.error.body"],
      [
        "a file that is not a PDF",
        base([a.id]),
        { name: "reply.pdf", bytes: Buffer.from("GIF89a not a pdf at all"), type: "application/pdf" },
        400,
        "file",
        "replies.file.type",
      ],
      [
        "a 30 MB file",
        base([a.id], { body: "x" }),
        {
          name: "big.pdf",
          bytes: Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(30 * 1024 * 1024)]),
          type: "application/pdf",
        },
        413,
        "file",
        "replies.file.tooLarge",
      ],
    ];
    for (const [label, fields, file, status, field, message] of cases) {
      const r = await postMultipart(repliesRoute, path, params, cookie, fields, file);
      expect(r.status, label).toBe(status);
      expect(r.data.fieldErrors?.[field], label).toBe(message);
    }
    // Another letter's addressee is refused too.
    const other = await sentLetter(actor);
    const r = await postMultipart(repliesRoute, path, params, cookie, base([other.addressees[0].id], { body: "x" }));
    expect(r.status).toBe(400);
    expect(await counts(letter.id)).toEqual(before);
    const auditAfter = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(eq(auditEvents.letterId, letter.id));
    expect(auditAfter).toEqual(auditBefore);
  });

  it("reads the text of a .docx", async () => {
    const r = await extractDocumentText(await docxWith("Réponse de la Commission sur les scanners"));
    expect(r).toMatchObject({ ok: true, kind: "docx", text: "Réponse de la Commission sur les scanners" });
    expect(await extractDocumentText(Buffer.from("PK\u0003\u0004 a zip that is no document"))).toEqual({
      ok: false,
      error: "type",
    });
  });

  it("keeps every correction with its reason, audits it, and refuses to rewrite the kept revision", async () => {
    const { cookie, actor } = await officeWithStaff();
    const {
      letter,
      addressees: [a, b],
    } = await sentLetter(actor);
    const params = { letterId: letter.id };
    const logged = await postMultipart(
      repliesRoute,
      `/letters/${letter.id}/replies`,
      params,
      cookie,
      base([a.id], { senderName: "Ursla", body: "First text." }),
    );
    expect(logged.status).toBe(200);
    const [reply] = await db.select().from(replies).where(eq(replies.letterId, letter.id));
    const correct = (fields: Fields) =>
      postMultipart(replyRoute, `/letters/${letter.id}/replies/${reply.id}`, { ...params, replyId: reply.id }, cookie, {
        ...base([a.id, b.id], { senderName: "Ursula", body: "First text." }),
        intent: "correct",
        ...fields,
      });
    expect((await correct({ reason: "" })).data.fieldErrors.reason).toBe("replies.error.reason");
    const ok = await correct({ reason: "Name misspelt; it answered both" });
    expect(ok.status, JSON.stringify(ok.data)).toBe(200);
    expect((await correct({ reason: "again" })).data.fieldErrors.form).toBe("replies.error.unchanged");

    const [after] = await db.select().from(replies).where(eq(replies.id, reply.id));
    expect(after).toMatchObject({ senderName: "Ursula", revision: 2 });
    const revs = await db.select().from(replyRevisions).where(eq(replyRevisions.replyId, reply.id));
    expect(revs).toHaveLength(1);
    expect(revs[0]).toMatchObject({ revision: 1, reason: "Name misspelt; it answered both" });
    expect(revs[0].snapshot).toMatchObject({ senderName: "Ursla", addresseeIds: [a.id] });
    const audited = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.letterId, letter.id), eq(auditEvents.action, "reply.corrected")));
    expect(audited[0].data).toMatchObject({ changed: ["senderName", "addressees"], revision: 2 });
    await expect(
      db.execute(sql`update reply_revisions set reason = 'silent' where reply_id = ${reply.id}`),
    ).rejects.toThrow();
    expect((await verifyAuditChain(db, { officeId: actor.officeId, letterId: letter.id })).broken).toEqual([]);
    const page = await callLoader(replyRoute, {
      path: `/letters/${letter.id}/replies/${reply.id}`,
      params: { ...params, replyId: reply.id },
      cookie,
    });
    expect((page.data as any).revisions).toHaveLength(1);
  });
});

describe("reply alerts", () => {
  const day = (n: number) => new Date(SENT.getTime() + n * 86_400_000);
  const storedAlertMails = (letterId: string) =>
    db
      .select({
        kind: emails.kind,
        to: emails.toAddress,
        subject: emails.subject,
        headers: emails.headers,
        html: emails.html,
        text: emails.text,
        sealedSecrets: emails.sealedSecrets,
      })
      .from(emails)
      .where(and(eq(emails.letterId, letterId), sql`${emails.kind} like 'reply-%'`));
  // The messages as they go out: their personal links are stored only sealed.
  const alertMails = async (letterId: string) => (await storedAlertMails(letterId)).map((m) => openEmailSecrets(m));

  it("sends each alert once however often the scheduler runs, asks at 14 days and a week later, and stops on answers", async () => {
    const { actor, staff, office } = await officeWithStaff();
    const lead = await createUser(db, { officeId: office.id, role: "campaign_lead", email: `lead.${tag()}@ep.test` });
    const {
      letter,
      addressees: [a, b],
    } = await sentLetter(actor, SENT, 2);
    await db.update(letters).set({ replyDueDays: 10, replyVeryOverdueDays: 20 }).where(eq(letters.id, letter.id));

    const run = async (n: number) => {
      await scanReplyClocks(db, { now: day(n) });
      await scanReplyClocks(db, { now: day(n) });
      // Every due job, not only the first batch (the scan sees every office's letters).
      while ((await runDueJobs(db, { now: day(n), limit: 100 })) > 0);
    };
    await run(13);
    expect(await alertMails(letter.id)).toEqual([]);
    await run(15); // 14 days: the nudge; 10 working days are past: overdue
    let mails = await alertMails(letter.id);
    const byKind = (k: string) => mails.filter((m) => m.kind === k);
    // "Did they reply?" goes to the sender of the letter only; overdue to everyone following replies.
    expect(
      byKind("reply-nudge")
        .map((m) => m.to)
        .sort(),
    ).toEqual([staff.email, staff.email]);
    expect(
      byKind("reply-overdue")
        .map((m) => m.to)
        .sort(),
    ).toEqual([lead.email, lead.email, staff.email, staff.email].sort());
    await run(16);
    expect(await alertMails(letter.id)).toHaveLength(mails.length);

    // Answer the nudge for b with its link: not expected. Unsubscribe the lead from very-overdue alerts.
    const nudgeFor = (addresseeName: string) => byKind("reply-nudge").find((m) => m.subject.includes(addresseeName))!;
    const token = /\/replied\/([A-Za-z0-9_-]{43})/.exec(nudgeFor(b.name).html)![1];
    // A copy of the database holds neither the answer link nor the unsubscribe link in readable form.
    const stored = JSON.stringify(await storedAlertMails(letter.id));
    expect(stored).not.toContain(token);
    expect(stored).not.toMatch(/\/(replied|unsubscribe\/replies)\/[A-Za-z0-9_-]{43}/);
    expect((await answerNudge(db, token, "not-expected")).ok).toBe(true);
    const leadOverdue = byKind("reply-overdue").find((m) => m.to === lead.email)!;
    const unsub = /\/unsubscribe\/replies\/([A-Za-z0-9_-]{43})/.exec(leadOverdue.headers!["List-Unsubscribe"])![1];
    const off = await unsubscribeReplyEmails(db, unsub);
    expect(off).toEqual({ ok: true, kind: "overdue" });

    await run(22); // the second nudge, a week later: only for a (b is not expected)
    mails = await alertMails(letter.id);
    expect(byKind("reply-nudge").filter((m) => m.subject.includes(a.name))).toHaveLength(2);
    expect(byKind("reply-nudge").filter((m) => m.subject.includes(b.name))).toHaveLength(1);
    await run(40); // very overdue, for a only; the lead still gets it (they turned off plain overdue alerts only)
    mails = await alertMails(letter.id);
    expect(
      byKind("reply-very-overdue")
        .map((m) => m.to)
        .sort(),
    ).toEqual([lead.email, staff.email].sort());
    await run(41);
    expect(await alertMails(letter.id)).toHaveLength(mails.length);
  });

  it("sends nothing once the addressee answered", async () => {
    const { actor } = await officeWithStaff();
    const {
      letter,
      addressees: [a],
    } = await sentLetter(actor, SENT, 1);
    await db.insert(replies).values({
      letterId: letter.id,
      officeId: actor.officeId,
      receivedOn: "2024-03-06",
      senderName: "x",
      kind: "substantive",
      body: "x",
    });
    const [r] = await db.select().from(replies).where(eq(replies.letterId, letter.id));
    await db.execute(
      sql`insert into reply_addressees (reply_id, addressee_id, letter_id, office_id) values (${r.id}, ${a.id}, ${letter.id}, ${actor.officeId})`,
    );
    await scanReplyClocks(db, { now: day(60) });
    const [j] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(jobs)
      .where(sql`${jobs.dedupeKey} like ${"reply-alert:" + a.id + "%"}`);
    expect(Number(j.n)).toBe(0);
  });
});

describe("reply statistics", () => {
  it("shows medians per addressee and institution, as CSV too, with a query count that does not grow with letters", async () => {
    const { actor, office, cookie } = await officeWithStaff();
    const answerAfter = async (letterId: string, addresseeId: string, days: number, kind = "substantive") => {
      const on = new Date(SENT.getTime() + days * 86_400_000).toISOString().slice(0, 10);
      const [r] = await db
        .insert(replies)
        .values({ letterId, officeId: office.id, receivedOn: on, senderName: "x", kind: kind as any, body: "x" })
        .returning();
      await db.execute(
        sql`insert into reply_addressees (reply_id, addressee_id, letter_id, office_id) values (${r.id}, ${addresseeId}, ${letterId}, ${office.id})`,
      );
    };
    const first = await sentLetter(actor);
    await answerAfter(first.letter.id, first.addressees[0].id, 10);
    await answerAfter(first.letter.id, first.addressees[1].id, 5, "holding");

    const statements = async (run: () => Promise<unknown>) => {
      const client = (db as any).$client;
      const method = typeof client.query === "function" && !usingPostgres() ? "query" : "unsafe";
      const spy = vi.spyOn(client, method);
      await run();
      const n = spy.mock.calls.length;
      spy.mockRestore();
      return n;
    };
    const queries = () =>
      statements(() => replyStatisticsFor(db, { officeId: office.id, now: new Date("2024-06-01T12:00:00Z") }));
    // The whole page too (session lookup, the clock, the statistics), as GET /replies/stats runs it.
    const pageQueries = () => statements(() => callLoader(statsRoute, { path: "/replies/stats", cookie }));
    const withOne = await queries();
    const pageWithOne = await pageQueries();
    for (let i = 0; i < 5; i++) {
      const more = await sentLetter(actor);
      await answerAfter(more.letter.id, more.addressees[0].id, 20 + i * 10);
    }
    expect(await queries()).toBe(withOne);
    expect(withOne).toBeLessThanOrEqual(2);
    expect(pageWithOne).toBeGreaterThan(withOne);
    expect(await pageQueries()).toBe(pageWithOne);

    const stats = await replyStatisticsFor(db, { officeId: office.id, now: new Date("2024-06-01T12:00:00Z") });
    const commission = stats.byInstitution.find((s) => s.group === "European Commission")!;
    expect(commission).toMatchObject({ sent: 18, answered: 6, medianDays: 35, p90Days: 60, holdingReplies: 1 });
    const csv = replyStatisticsCsv(stats);
    expect(csv.startsWith("\uFEFFgrouping,name,role,letters_sent,answered,median_days,p90_days")).toBe(true);
    expect(csv).toContain("institution,European Commission,,18,6,35,60,");

    const page = await callLoader(statsRoute, { path: "/replies/stats", cookie });
    expect((page.data as any).stats.byInstitution[0].medianDays).toBe(35);
    const download = await callLoader(statsRoute, { path: "/replies/stats?format=csv", cookie });
    expect(download.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  });
});

describe("question statistics on the reply statistics page (issue 13)", () => {
  it("shows per addressee the median days from tabling to answer and the share within the Rule, in one query however many questions", async () => {
    const { office, cookie } = await officeWithStaff();
    let n = 0;
    const follow = async (q: { type?: string; addressee: string; tabledOn: string; answeredOn?: string | null }) => {
      n++;
      const [row] = await db
        .insert(parliamentaryQuestions)
        .values({
          type: q.type ?? "E",
          number: 900_000 + Math.floor(Math.random() * 90_000),
          year: 2024,
          term: 9,
          reference: `E-9${n}/2024`,
          addressee: q.addressee,
          tabledOn: q.tabledOn,
          answeredOn: q.answeredOn ?? null,
          source: "ep-open-data",
        })
        .returning({ id: parliamentaryQuestions.id });
      await db.insert(questionFollows).values({ officeId: office.id, questionId: row.id });
    };
    // Six weeks from tabling 2024-01-01: due 2024-02-12.
    await follow({ addressee: "commission", tabledOn: "2024-01-01", answeredOn: "2024-02-10" }); // 40 days, on time
    await follow({ addressee: "commission", tabledOn: "2024-01-01", answeredOn: "2024-03-01" }); // 60 days, late
    await follow({ addressee: "council", tabledOn: "2024-01-01" }); // overdue on 2024-06-01

    const page = () => callLoader(statsRoute, { path: "/replies/stats", cookie });
    const client = (db as any).$client;
    const method = typeof client.query === "function" && !usingPostgres() ? "query" : "unsafe";
    const count = async () => {
      const spy = vi.spyOn(client, method);
      await page();
      const c = spy.mock.calls.length;
      spy.mockRestore();
      return c;
    };
    const before = await count();
    const data = (await page()).data as any;
    const commission = data.questions.find((q: any) => q.addressee === "commission");
    expect(commission).toMatchObject({ questions: 2, answered: 2, medianDaysToAnswer: 50, onTimeShare: 0.5 });
    expect(data.questions.find((q: any) => q.addressee === "council")).toMatchObject({
      questions: 1,
      answered: 0,
      medianDaysToAnswer: null,
      onTimeShare: 0,
    });
    const csv = replyStatisticsCsv(data.stats, data.questions);
    expect(csv).toContain("question_addressee,commission,,2,2,50,,0.500,,");

    for (let i = 0; i < 4; i++)
      await follow({ addressee: "commission", tabledOn: "2024-02-01", answeredOn: "2024-02-21" });
    expect(await count()).toBe(before);
    const after = ((await page()).data as any).questions.find((q: any) => q.addressee === "commission");
    expect(after).toMatchObject({ questions: 6, answered: 6, medianDaysToAnswer: 20 });
  });
});
