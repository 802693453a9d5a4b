/**
 * Benchmark fixtures built through the app's own model functions, so what is measured is what the app does:
 * a collecting letter with invitations (raw tokens returned), sessions, and an office with nothing in it.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { memberships, meps, offices, signatures, users, type Role } from "#db/schema";
import { rowsOf, type Db } from "#db/client.server";
import { createLetter, publishVersion } from "#app/models/letters.server";
import { inviteMeps, signByToken, type NewInvitation } from "#app/models/signing.server";
import { createSession } from "#app/models/auth.server";
import { editorJsonFromBlocks } from "#app/editor/build";
import { ADDRESSEES, BODIES } from "./texts";

export type Actor = { userId: string; officeId: string };

/** An office with one staff member, created directly (benchmark set-up, not a feature under test). */
export async function createOfficeWithStaff(db: Db, name: string, role: Role = "staff"): Promise<Actor> {
  const officeId = randomUUID();
  const userId = randomUUID();
  await db
    .insert(offices)
    .values({ id: officeId, name, contactEmail: `${officeId.slice(0, 8)}@bench.undersigned.test` });
  await db.insert(users).values({ id: userId, email: `${userId}@bench.undersigned.test`, name: `${name} staff` });
  await db.insert(memberships).values({ officeId, userId, role });
  return { userId, officeId };
}

/** Gives an existing user a second office (no campaigns, no letters): the layout-only baseline page. */
export async function addEmptyOffice(db: Db, userId: string, name: string): Promise<string> {
  const officeId = randomUUID();
  await db.insert(offices).values({ id: officeId, name });
  await db.insert(memberships).values({ officeId, userId, role: "staff" });
  return officeId;
}

export function sessionFor(db: Db, actor: Actor) {
  return createSession(db, { userId: actor.userId, officeId: actor.officeId, userAgent: "bench", maxHours: 12 });
}

/** MEP ids that have an e-mail address (inviteMeps skips the others). */
export async function invitableMepIds(db: Db, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: meps.id })
    .from(meps)
    .where(and(isNotNull(meps.email), eq(meps.active, true)))
    .orderBy(meps.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

export type CollectingLetter = {
  letterId: string;
  versionHash: string;
  invitations: NewInvitation[];
  mepNames: Map<number, string>;
};

/** createLetter → publishVersion → inviteMeps, each in its own transaction, as the routes do. */
export async function createCollectingLetter(
  db: Db,
  actor: Actor,
  mepIds: number[],
  subject = "Benchmark letter",
): Promise<CollectingLetter> {
  const a = ADDRESSEES[0];
  const created = await db.transaction((tx) =>
    createLetter(tx, actor, {
      subject,
      language: "en",
      placeLine: "Brussels, 5 December 2022",
      signatureDeadline: new Date(Date.now() + 30 * 86_400_000),
      draftJson: editorJsonFromBlocks(BODIES[1]),
      addressees: [
        { name: a.name, role: a.role, institution: a.institution, salutation: a.salutation, email: a.email },
      ],
    }),
  );
  if (!created.ok) throw new Error(`createLetter: ${created.error}`);
  const letterId = created.letter.id;
  const published = await db.transaction((tx) => publishVersion(tx, actor, { letterId, kind: "substantive" }));
  if (!published.ok) throw new Error(`publishVersion: ${published.error}`);
  const invited = await db.transaction((tx) => inviteMeps(tx, actor, { letterId, mepIds }));
  if (!invited.ok) throw new Error(`inviteMeps: ${invited.error}`);
  const names = new Map(invited.invited.map((i) => [i.mepId, i.name]));
  return { letterId, versionHash: published.version.sha256, invitations: invited.invited, mepNames: names };
}

export type PoolResult = { ok: number; failed: number; thrown: number; firstError: string | null; ms: number };

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<boolean>,
): Promise<PoolResult> {
  const t0 = performance.now();
  let next = 0;
  const res: PoolResult = { ok: 0, failed: 0, thrown: 0, firstError: null, ms: 0 };
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        if (await task(item)) res.ok++;
        else res.failed++;
      } catch (e) {
        res.thrown++;
        res.firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  res.ms = performance.now() - t0;
  return res;
}

/** Every invitee signs through signByToken, each in its own transaction. */
export function signAll(db: Db, letter: CollectingLetter, concurrency: number) {
  return runPool(letter.invitations, concurrency, async (inv) => {
    const r = await db.transaction((tx) =>
      signByToken(tx, {
        token: inv.token,
        versionHash: letter.versionHash,
        signerName: inv.name,
        capacity: "mep",
        ip: "127.0.0.1",
        userAgent: "bench",
      }),
    );
    if (!r.ok) throw new Error(`signByToken: ${r.error}`);
    return r.status === "signed";
  });
}

/** A letter with exactly `n` live signatures, and a staff (or MEP) member of its office. */
export async function findLetterWithSignatures(
  db: Db,
  n: number,
): Promise<{ letterId: string; officeId: string; userId: string } | null> {
  const res = await db.execute(sql`
    select s.letter_id, s.office_id, (
      select m.user_id from memberships m where m.office_id = s.office_id and m.role in ('staff', 'mep', 'admin') order by m.role desc limit 1
    ) as user_id
    from signatures s where s.withdrawn_at is null
    group by s.letter_id, s.office_id having count(*) = ${n} limit 1`);
  const row = rowsOf<{ letter_id: string; office_id: string; user_id: string | null }>(res)[0];
  return row?.user_id ? { letterId: row.letter_id, officeId: row.office_id, userId: row.user_id } : null;
}

export async function countLiveSignatures(db: Db, letterId: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(signatures)
    .where(and(eq(signatures.letterId, letterId), isNull(signatures.withdrawnAt)));
  return Number(rows[0]?.n ?? 0);
}
