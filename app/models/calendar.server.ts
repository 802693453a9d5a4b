/** Calendar feeds and the dated things they list, always for one user in one office. */
import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { calendarFeeds, letters, memberships, users } from "#db/schema";
import type { Actor } from "./scope";

/** Makes `tokenHash` the user's one live feed in the office; an earlier one stops working. */
export async function replaceFeed(tx: Queryable, actor: Actor, tokenHash: string, now = new Date()) {
  await tx
    .update(calendarFeeds)
    .set({ revokedAt: now })
    .where(
      and(
        eq(calendarFeeds.userId, actor.userId),
        eq(calendarFeeds.officeId, actor.officeId),
        isNull(calendarFeeds.revokedAt),
      ),
    );
  const [row] = await tx
    .insert(calendarFeeds)
    .values({ tokenHash, userId: actor.userId, officeId: actor.officeId, createdAt: now })
    .returning({ id: calendarFeeds.id, createdAt: calendarFeeds.createdAt });
  return row;
}

export async function revokeFeed(db: Queryable, actor: Actor, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(calendarFeeds)
    .set({ revokedAt: now })
    .where(
      and(
        eq(calendarFeeds.userId, actor.userId),
        eq(calendarFeeds.officeId, actor.officeId),
        isNull(calendarFeeds.revokedAt),
      ),
    )
    .returning({ id: calendarFeeds.id });
  return rows.length > 0;
}

export async function getLiveFeed(db: Queryable, actor: Actor) {
  const [row] = await db
    .select({ createdAt: calendarFeeds.createdAt, lastFetchedAt: calendarFeeds.lastFetchedAt })
    .from(calendarFeeds)
    .where(
      and(
        eq(calendarFeeds.userId, actor.userId),
        eq(calendarFeeds.officeId, actor.officeId),
        isNull(calendarFeeds.revokedAt),
      ),
    );
  return row ?? null;
}

/** The live feed with this hash, only while its user is still a member of the office. */
export async function findLiveFeed(db: Queryable, tokenHash: string) {
  const [row] = await db
    .select({
      id: calendarFeeds.id,
      userId: calendarFeeds.userId,
      officeId: calendarFeeds.officeId,
      locale: users.locale,
    })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .innerJoin(
      memberships,
      and(eq(memberships.userId, calendarFeeds.userId), eq(memberships.officeId, calendarFeeds.officeId)),
    )
    .where(and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt)));
  return row ?? null;
}

export async function touchFeed(db: Queryable, id: string, now = new Date()) {
  await db.update(calendarFeeds).set({ lastFetchedAt: now }).where(eq(calendarFeeds.id, id));
}

/** Letters still collecting or closed but unsent whose signing deadline lies in [from, to). */
export async function listSigningDeadlines(db: Queryable, officeId: string, from: Date, to: Date) {
  return db
    .select({ id: letters.id, subject: letters.subject, deadline: letters.signatureDeadline })
    .from(letters)
    .where(
      and(
        eq(letters.officeId, officeId),
        inArray(letters.status, ["collecting", "closed"]),
        isNotNull(letters.signatureDeadline),
        gte(letters.signatureDeadline, from),
        lt(letters.signatureDeadline, to),
      ),
    )
    .orderBy(asc(letters.signatureDeadline), sql`${letters.id}`);
}
