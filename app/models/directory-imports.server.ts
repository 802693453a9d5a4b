/**
 * Queries of the directory import from EP Open Data: its runs (progress the admin page polls) and the local
 * cache of Members' detail records. Directory facts are shared by every office, so nothing here is office-scoped.
 */
import { and, desc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { directoryImports, epMepRecords } from "#db/schema";
import type { Queryable } from "#db/client.server";

export type DirectoryImport = typeof directoryImports.$inferSelect;
export type DirectoryImportPatch = Partial<typeof directoryImports.$inferInsert>;

export async function createDirectoryImport(
  tx: Queryable,
  input: { source: "live" | "nightly"; startedBy: string | null },
): Promise<DirectoryImport> {
  const [r] = await tx.insert(directoryImports).values(input).returning();
  return r;
}

export async function getDirectoryImport(db: Queryable, id: string): Promise<DirectoryImport | null> {
  const [r] = await db.select().from(directoryImports).where(eq(directoryImports.id, id));
  return r ?? null;
}

export async function listDirectoryImports(db: Queryable, limit = 10): Promise<DirectoryImport[]> {
  return db.select().from(directoryImports).orderBy(desc(directoryImports.createdAt)).limit(limit);
}

/**
 * A run still queued or running this long after it was created lost its job (attempts spent, a queue cleared): it
 * no longer blocks a new run, and the page stops refreshing for it.
 */
export const STALE_RUN_MS = 6 * 3600 * 1000;

export const isActiveRun = (r: Pick<DirectoryImport, "status" | "createdAt">, now = new Date()) =>
  (r.status === "queued" || r.status === "running") && now.getTime() - r.createdAt.getTime() < STALE_RUN_MS;

/** Runs left queued or running past STALE_RUN_MS are recorded as failed. */
export async function failStaleDirectoryImports(db: Queryable, now = new Date()) {
  await db
    .update(directoryImports)
    .set({ status: "failed", error: "Abandoned: the import stopped without finishing.", finishedAt: now })
    .where(
      and(
        inArray(directoryImports.status, ["queued", "running"]),
        lt(directoryImports.createdAt, new Date(now.getTime() - STALE_RUN_MS)),
      ),
    );
}

/** A queued or running import, if any (a second one is not started beside it). */
export async function activeDirectoryImport(db: Queryable, now = new Date()): Promise<DirectoryImport | null> {
  const [r] = await db
    .select()
    .from(directoryImports)
    .where(
      and(
        inArray(directoryImports.status, ["queued", "running"]),
        gt(directoryImports.createdAt, new Date(now.getTime() - STALE_RUN_MS)),
      ),
    )
    .orderBy(desc(directoryImports.createdAt))
    .limit(1);
  return r ?? null;
}

export async function updateDirectoryImport(db: Queryable, id: string, patch: DirectoryImportPatch) {
  await db.update(directoryImports).set(patch).where(eq(directoryImports.id, id));
}

/** Adds to the progress counters without reading the row first. */
export async function addDirectoryImportProgress(
  db: Queryable,
  id: string,
  c: { processed: number; cached?: number; requests?: number },
) {
  const t = directoryImports;
  await db
    .update(t)
    .set({
      processed: sql`${t.processed} + ${c.processed}`,
      cached: sql`${t.cached} + ${c.cached ?? 0}`,
      requests: sql`${t.requests} + ${c.requests ?? 0}`,
    })
    .where(eq(t.id, id));
}

// ------------------------------------------------------------ the cache of detail records

/** Cached detail records of these Members fetched after `since`, with the list entry each was fetched for. */
export async function cachedMepRecords(
  db: Queryable,
  epIds: number[],
  since: Date,
): Promise<Map<number, { listHash: string; record: Record<string, unknown> }>> {
  if (!epIds.length) return new Map();
  const rows = await db
    .select()
    .from(epMepRecords)
    .where(and(inArray(epMepRecords.epId, epIds), gt(epMepRecords.fetchedAt, since)));
  return new Map(rows.map((r) => [r.epId, { listHash: r.listHash, record: r.record }]));
}

export async function saveMepRecords(
  db: Queryable,
  rows: Array<{ epId: number; listHash: string; record: Record<string, unknown> }>,
  at = new Date(),
) {
  if (!rows.length) return;
  await db
    .insert(epMepRecords)
    .values(rows.map((r) => ({ ...r, fetchedAt: at })))
    .onConflictDoUpdate({
      target: epMepRecords.epId,
      set: {
        listHash: sql`excluded.list_hash`,
        record: sql`excluded.record`,
        fetchedAt: sql`excluded.fetched_at`,
      },
    });
}
