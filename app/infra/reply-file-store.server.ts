/**
 * Where the bytes of reply files live: in the database (the default) or, when REPLY_FILES_DIR is set, in that
 * directory. A file in the directory is named after its SHA-256 ("ab/ab12…", 64 hex digits), so a name can never
 * leave the directory and the same file uploaded twice is stored once; it is written to a temporary file in the same
 * folder, flushed, and renamed into place, so a reader never sees half a file. The database keeps the metadata, the
 * hash and the storage location; reading checks the hash in both modes.
 *
 * A file written for a transaction that then fails stays in the directory (it is content-addressed, so it is
 * harmless and reused if the same file is uploaded again).
 */
import { constants as fsConstants } from "node:fs";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { sha256Hex } from "./crypto.server";
import { getEnv } from "./env.server";

export type StoredLocation =
  | { storage: "database"; storageKey: null; content: Buffer }
  | { storage: "directory"; storageKey: string; content: null };

export type StoredFileRow = {
  storage: string;
  storageKey: string | null;
  content: Buffer | Uint8Array | null;
  sha256: string;
};

export type ReadResult =
  { ok: true; content: Buffer } | { ok: false; reason: "missing" | "mismatch" | "unconfigured"; detail: string };

const KEY = /^([0-9a-f]{2})\/([0-9a-f]{64})$/;

/** The configured directory (absolute), or null for database storage. */
export function replyFilesDir(): string | null {
  const dir = getEnv().REPLY_FILES_DIR;
  return dir ? path.resolve(dir) : null;
}

/** "ab/abcdef…" for a SHA-256 in hex; throws on anything else (a key is never built from user input). */
export function storageKeyFor(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error("reply file store: not a SHA-256 hex digest");
  return `${sha256.slice(0, 2)}/${sha256}`;
}

/** The absolute path of a key inside `dir`, or null if the key is malformed or would leave the directory. */
export function pathInDir(dir: string, key: string): string | null {
  const m = KEY.exec(key);
  if (!m || m[2].slice(0, 2) !== m[1]) return null;
  const full = path.resolve(dir, m[1], m[2]);
  return full.startsWith(path.resolve(dir) + path.sep) ? full : null;
}

/**
 * Stores `content` (whose SHA-256 is `sha256`) where the configuration says: returns what the row keeps. `dir`
 * overrides the configuration (tests).
 */
export async function storeReplyFile(
  content: Buffer,
  sha256: string,
  dir: string | null = replyFilesDir(),
): Promise<StoredLocation> {
  if (sha256Hex(content) !== sha256) throw new Error("reply file store: content does not match its SHA-256");
  if (!dir) return { storage: "database", storageKey: null, content };
  const key = storageKeyFor(sha256);
  const target = pathInDir(dir, key)!;
  const existing = await readFile(target).catch(() => null);
  if (existing && sha256Hex(existing) === sha256) return { storage: "directory", storageKey: key, content: null };
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.tmp-${process.pid}-${randomBytes(8).toString("hex")}`);
  try {
    const fh = await open(tmp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o640);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { storage: "directory", storageKey: key, content: null };
}

/** The bytes of a stored file, checked against the SHA-256 the row recorded. */
export async function readReplyFile(row: StoredFileRow, dir: string | null = replyFilesDir()): Promise<ReadResult> {
  let content: Buffer;
  if (row.storage === "directory") {
    if (!dir) return { ok: false, reason: "unconfigured", detail: "REPLY_FILES_DIR is not set" };
    const full = row.storageKey ? pathInDir(dir, row.storageKey) : null;
    if (!full)
      return { ok: false, reason: "missing", detail: `malformed storage key ${JSON.stringify(row.storageKey)}` };
    try {
      content = await readFile(full);
    } catch (e) {
      return { ok: false, reason: "missing", detail: `${row.storageKey}: ${(e as NodeJS.ErrnoException).code ?? e}` };
    }
  } else {
    if (!row.content) return { ok: false, reason: "missing", detail: "no content in the database" };
    content = Buffer.from(row.content);
  }
  const actual = sha256Hex(content);
  if (actual !== row.sha256)
    return { ok: false, reason: "mismatch", detail: `expected sha256 ${row.sha256}, found ${actual}` };
  return { ok: true, content };
}
