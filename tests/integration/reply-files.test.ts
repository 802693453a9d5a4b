/**
 * Where reply files live (issue 12: "stored in the database or a configured directory"): in the database by default,
 * in REPLY_FILES_DIR when it is set (named by SHA-256, written through a temporary file and a rename). Both modes:
 * the upload is written and read back byte for byte through the download route; a file whose bytes no longer match
 * the recorded hash is refused; a file gone from the directory answers a clear 404 message, not a 500.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import PDFDocument from "pdfkit";
import type { Db } from "#db/client.server";
import { letters, replyFiles } from "#db/schema";
import { resetEnvCache } from "#app/infra/env.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { pathInDir, readReplyFile, storageKeyFor, storeReplyFile } from "#app/infra/reply-file-store.server";
import { logReply, replyFileDownload } from "#app/services/replies.server";
import { replyFormFields } from "#app/domain/reply-forms";
import * as fileRoute from "#app/routes/letters.$letterId.replies.$replyId.file";
import { createTestDb } from "#tests/setup/db";
import { callLoader, sessionCookieFor } from "#tests/setup/routes";
import { createDraftLetter, createOffice, createUser, publish, tag } from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
const dirs: string[] = [];

beforeAll(async () => {
  resetEnvCache();
  handle = await createTestDb();
  db = handle.db;
});
afterEach(() => {
  delete process.env.REPLY_FILES_DIR;
  resetEnvCache();
});
afterAll(async () => {
  await handle?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const d = mkdtempSync(path.join(tmpdir(), "undersigned-reply-files-"));
  dirs.push(d);
  return d;
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

/** A sent letter with one addressee and a reply with `pdf` logged through the service, as the form does. */
async function replyWithFile(pdf: Buffer) {
  const t = tag();
  const office = await createOffice(db, { name: `Office ${t}`, contactEmail: `office.${t}@ep.test` });
  const staff = await createUser(db, { officeId: office.id, role: "staff", email: `staff.${t}@ep.test` });
  const { cookie } = await sessionCookieFor(db, staff, office.id);
  const actor = { userId: staff.id, officeId: office.id };
  const letter = await createDraftLetter(db, actor, {
    subject: `Files ${t}`,
    addressees: [
      { name: "Ursula von der Leyen", role: "President", institution: "European Commission", salutation: "Dear" },
    ],
  });
  await publish(db, actor, letter.id);
  await db
    .update(letters)
    .set({ status: "sent", sentAt: new Date("2024-03-04T09:00:00Z") })
    .where(eq(letters.id, letter.id));
  const [addressee] = await db.query.addressees.findMany({ where: (a, o) => o.eq(a.letterId, letter.id) });
  const form = new FormData();
  for (const [k, v] of Object.entries({
    addresseeId: addressee.id,
    receivedOn: "2024-03-20",
    senderName: "Ursula von der Leyen",
    kind: "substantive",
    body: "",
  }))
    form.append(k, v);
  const r = await logReply(db, actor, {
    letterId: letter.id,
    form: replyFormFields(form),
    file: { filename: "answer.pdf", bytes: new Uint8Array(pdf) },
    now: new Date("2024-03-21T12:00:00Z"),
  });
  if (!r.ok) throw new Error(`reply not logged: ${JSON.stringify(r.fieldErrors)}`);
  const [row] = await db.select().from(replyFiles).where(eq(replyFiles.replyId, r.replyId));
  const download = () =>
    callLoader(fileRoute, {
      path: `/letters/${letter.id}/replies/${r.replyId}/file`,
      params: { letterId: letter.id, replyId: r.replyId },
      cookie,
    });
  return { row, download, scope: { replyId: r.replyId, letterId: letter.id, officeId: office.id } };
}

describe("reply files in the database (the default)", () => {
  it("keeps the bytes in the row and sends them back checked against the hash", async () => {
    const pdf = await pdfWith("Answer kept in the database");
    const { row, download, scope } = await replyWithFile(pdf);
    expect(row).toMatchObject({ storage: "database", storageKey: null, sha256: sha256Hex(pdf), byteSize: pdf.length });
    expect(Buffer.from(row.content!).equals(pdf)).toBe(true);
    const got = await replyFileDownload(db, scope);
    expect(got.ok && got.content.equals(pdf)).toBe(true);
    const res = await download();
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe(`"${sha256Hex(pdf)}"`);
  });

  it("refuses bytes that no longer match the recorded hash", async () => {
    const pdf = await pdfWith("Answer tampered with in the database");
    const { download, scope } = await replyWithFile(pdf);
    const tampered = Buffer.from(pdf);
    tampered[tampered.length - 10] ^= 0xff;
    await db.update(replyFiles).set({ content: tampered }).where(eq(replyFiles.replyId, scope.replyId));
    expect(await replyFileDownload(db, scope)).toEqual({ ok: false, reason: "corrupt" });
    const res = await download();
    expect(res.status).toBe(409);
    expect(res.data).toEqual({ message: "replies.file.corrupt" });
  });
});

describe("reply files in REPLY_FILES_DIR", () => {
  it("writes the file under its SHA-256 (no temporary file left), keeps only metadata in the row, reads it back", async () => {
    const dir = tempDir();
    process.env.REPLY_FILES_DIR = dir;
    resetEnvCache();
    const pdf = await pdfWith("Answer kept in a directory");
    const { row, download, scope } = await replyWithFile(pdf);
    const sha = sha256Hex(pdf);
    expect(row).toMatchObject({ storage: "directory", storageKey: `${sha.slice(0, 2)}/${sha}`, content: null });
    expect(readFileSync(path.join(dir, sha.slice(0, 2), sha)).equals(pdf)).toBe(true);
    expect(readdirSync(path.join(dir, sha.slice(0, 2)))).toEqual([sha]);
    const got = await replyFileDownload(db, scope);
    expect(got.ok && got.content.equals(pdf)).toBe(true);
    const res = await download();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
  });

  it("refuses a file whose bytes changed on disk, and answers a clear 404 when it is gone", async () => {
    const dir = tempDir();
    process.env.REPLY_FILES_DIR = dir;
    resetEnvCache();
    const pdf = await pdfWith("Answer that will be damaged, then lost");
    const { row, download, scope } = await replyWithFile(pdf);
    const file = pathInDir(dir, row.storageKey!)!;
    writeFileSync(file, Buffer.concat([pdf, Buffer.from("junk")]));
    expect(await replyFileDownload(db, scope)).toEqual({ ok: false, reason: "corrupt" });
    expect((await download()).status).toBe(409);
    unlinkSync(file);
    expect(await replyFileDownload(db, scope)).toEqual({ ok: false, reason: "missing" });
    const res = await download();
    expect(res.status).toBe(404);
    expect(res.data).toEqual({ message: "replies.file.missing" });
  });

  it("reports a directory file as missing, not a crash, when REPLY_FILES_DIR is no longer set", async () => {
    const dir = tempDir();
    process.env.REPLY_FILES_DIR = dir;
    resetEnvCache();
    const { download } = await replyWithFile(await pdfWith("Answer whose directory is unset later"));
    delete process.env.REPLY_FILES_DIR;
    resetEnvCache();
    const res = await download();
    expect(res.status).toBe(404);
    expect(res.data).toEqual({ message: "replies.file.missing" });
  });
});

describe("the file store's names", () => {
  it("only ever names a file by a SHA-256 inside the directory", async () => {
    const dir = tempDir();
    expect(() => storageKeyFor("../../etc/passwd")).toThrow();
    expect(pathInDir(dir, "../" + "a".repeat(64))).toBeNull();
    expect(pathInDir(dir, `ab/${"c".repeat(64)}`)).toBeNull(); // the folder must be the hash's first two digits
    expect(pathInDir(dir, `cc/${"c".repeat(64)}`)).toBe(path.join(dir, "cc", "c".repeat(64)));
    const bytes = Buffer.from("same bytes twice");
    const a = await storeReplyFile(bytes, sha256Hex(bytes), dir);
    const b = await storeReplyFile(bytes, sha256Hex(bytes), dir);
    expect(a).toEqual(b);
    await expect(storeReplyFile(bytes, "0".repeat(64), dir)).rejects.toThrow(/does not match/);
    expect(
      await readReplyFile({ storage: "directory", storageKey: "../x", content: null, sha256: sha256Hex(bytes) }, dir),
    ).toMatchObject({ ok: false, reason: "missing" });
  });
});
