/**
 * Public pages of sent letters (issue 14). The slug is a random public address, not a credential: it only
 * keeps unpublished pages from being found by counting, so it is stored as it is and shown to the office.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, inArray, isNull, lte } from "drizzle-orm";
import { letters, offices, publications, replies } from "#db/schema";
import type { Queryable } from "#db/client.server";
import type { Actor, LetterScope } from "./scope";

export type Publication = typeof publications.$inferSelect;

export const newSlug = () => randomBytes(12).toString("base64url");

export async function getPublication(db: Queryable, scope: LetterScope): Promise<Publication | null> {
  const [row] = await db
    .select()
    .from(publications)
    .where(and(eq(publications.letterId, scope.letterId), eq(publications.officeId, scope.officeId)));
  return row ?? null;
}

/** Creates or updates the letter's publication; a withdrawn one comes back under its old address. */
export async function upsertPublication(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; embargoUntil: Date; replyIds: string[] },
): Promise<Publication> {
  const [row] = await tx
    .insert(publications)
    .values({
      officeId: actor.officeId,
      letterId: input.letterId,
      slug: newSlug(),
      embargoUntil: input.embargoUntil,
      replyIds: input.replyIds,
      publishedBy: actor.userId,
    })
    .onConflictDoUpdate({
      target: publications.letterId,
      set: {
        embargoUntil: input.embargoUntil,
        replyIds: input.replyIds,
        publishedBy: actor.userId,
        updatedAt: new Date(),
        withdrawnAt: null,
      },
    })
    .returning();
  return row;
}

export async function withdrawPublication(tx: Queryable, scope: LetterScope): Promise<boolean> {
  const rows = await tx
    .update(publications)
    .set({ withdrawnAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(publications.letterId, scope.letterId),
        eq(publications.officeId, scope.officeId),
        isNull(publications.withdrawnAt),
      ),
    )
    .returning({ id: publications.id });
  return rows.length > 0;
}

/** The live publication at `slug`: past its embargo and not withdrawn, of a sent letter. */
export async function getLivePublication(db: Queryable, slug: string, now: Date) {
  const [row] = await db
    .select({ publication: publications, office: { id: offices.id, name: offices.name } })
    .from(publications)
    .innerJoin(letters, eq(letters.id, publications.letterId))
    .innerJoin(offices, eq(offices.id, publications.officeId))
    .where(
      and(
        eq(publications.slug, slug),
        lte(publications.embargoUntil, now),
        isNull(publications.withdrawnAt),
        eq(letters.status, "sent"),
      ),
    );
  return row ?? null;
}

/** Live publications, newest embargo first, for the Atom feed. */
export async function listLivePublications(db: Queryable, now: Date, limit = 50) {
  return db
    .select({
      slug: publications.slug,
      embargoUntil: publications.embargoUntil,
      updatedAt: publications.updatedAt,
      subject: letters.subject,
      language: letters.language,
      sentAt: letters.sentAt,
      office: offices.name,
    })
    .from(publications)
    .innerJoin(letters, eq(letters.id, publications.letterId))
    .innerJoin(offices, eq(offices.id, publications.officeId))
    .where(and(lte(publications.embargoUntil, now), isNull(publications.withdrawnAt), eq(letters.status, "sent")))
    .orderBy(desc(publications.embargoUntil))
    .limit(limit);
}

/** The replies of the letter among `ids`, oldest first: what the office chose to publish and nothing else. */
export async function publishedReplies(db: Queryable, scope: LetterScope, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({
      id: replies.id,
      receivedOn: replies.receivedOn,
      kind: replies.kind,
      senderName: replies.senderName,
      senderRole: replies.senderRole,
      onBehalfOf: replies.onBehalfOf,
      body: replies.body,
    })
    .from(replies)
    .where(and(eq(replies.letterId, scope.letterId), eq(replies.officeId, scope.officeId), inArray(replies.id, ids)))
    .orderBy(replies.receivedOn);
}
