/**
 * Office-side analysis of a letter's support: the data behind the tally (live signatures and
 * invitations), the breadth targets and the undersigned-block format stored on the letter.
 * Every function is scoped by officeId.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { invitations, letters, meps, signatures } from "#db/schema";
import { rowsOf, type Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { BLOCK_FORMATS, type BlockFormat } from "#app/domain/undersigned-block";
import { type Targets } from "#app/domain/tally";
import { type Term } from "#app/domain/political-groups";
import { termForDate } from "#app/domain/question-reference";
import { lockLetter } from "./letters.server";
import type { Actor } from "./scope";

type LetterScope = { letterId: string; officeId: string };

const groupLabel = z.string().trim().min(1).max(40);

/** The shape stored in letters.targets (app/domain/tally.ts Targets), checked on every read. */
export const StoredTargetsSchema = z
  .object({
    minSignatures: z.number().int().min(1).max(1000).optional(),
    minGroups: z
      .object({
        count: z.number().int().min(1).max(20),
        ofGroups: z.array(groupLabel).max(20).optional(),
      })
      .optional(),
    minCountries: z.number().int().min(1).max(27).optional(),
  })
  .strict();

/** Targets stored on the letter; anything unreadable counts as "no targets" rather than an error page. */
export function readTargets(stored: unknown): Targets {
  const p = StoredTargetsSchema.safeParse(stored ?? {});
  return p.success ? p.data : {};
}

export function readBlockFormat(stored: string | null | undefined): BlockFormat {
  return (BLOCK_FORMATS as readonly string[]).includes(stored ?? "") ? (stored as BlockFormat) : "names-group-country";
}

function toTerm(n: number | null | undefined): Term | null {
  return n === 9 || n === 10 ? n : null;
}

/**
 * The parliamentary term whose groups apply to this letter: the term most of its signers and
 * invitees belong to in the directory, else the directory's newest term, else today's term.
 */
export async function letterTerm(db: Queryable, { letterId, officeId }: LetterScope): Promise<Term> {
  const res = await db.execute(sql`
    select m.term, count(*)::int as n from (
      select s.mep_id from ${signatures} s where s.letter_id = ${letterId} and s.office_id = ${officeId} and s.withdrawn_at is null
      union all
      select i.mep_id from ${invitations} i where i.letter_id = ${letterId} and i.office_id = ${officeId}
    ) x join ${meps} m on m.id = x.mep_id
    group by m.term order by n desc, m.term desc limit 1`);
  const [top] = rowsOf<{ term: number; n: number }>(res);
  const fromLetter = toTerm(top ? Number(top.term) : null);
  if (fromLetter) return fromLetter;
  const [dir] = await db
    .select({ term: meps.term })
    .from(meps)
    .where(eq(meps.active, true))
    .orderBy(desc(meps.term))
    .limit(1);
  return toTerm(dir?.term) ?? toTerm(termForDate(new Date())) ?? 10;
}

export type TallySigner = { mepId: number; name: string; group: string; country: string; method: "link" | "outside" };
export type TallyInvitee = {
  invitationId: string;
  mepId: number;
  name: string;
  group: string;
  country: string;
  status: "pending" | "signed" | "declined" | "revoked";
  lastSentAt: Date | null;
};

/**
 * Live signatures with the group and country recorded when they signed (the snapshot, not
 * today's directory), and the invitations with the Member's current group.
 */
export async function getTallyData(db: Queryable, scope: LetterScope) {
  const [signers, invited, term] = await Promise.all([
    db
      .select({
        mepId: signatures.mepId,
        name: sql<string>`${meps.givenName} || ' ' || ${meps.familyName}`,
        group: signatures.groupAtSigning,
        country: signatures.countryAtSigning,
        method: signatures.method,
      })
      .from(signatures)
      .innerJoin(meps, eq(meps.id, signatures.mepId))
      .where(
        and(
          eq(signatures.letterId, scope.letterId),
          eq(signatures.officeId, scope.officeId),
          isNull(signatures.withdrawnAt),
        ),
      )
      .orderBy(meps.sortKey),
    db
      .select({
        invitationId: invitations.id,
        mepId: invitations.mepId,
        name: sql<string>`${meps.givenName} || ' ' || ${meps.familyName}`,
        group: meps.politicalGroup,
        country: meps.country,
        status: invitations.status,
        lastSentAt: invitations.lastSentAt,
      })
      .from(invitations)
      .innerJoin(meps, eq(meps.id, invitations.mepId))
      .where(and(eq(invitations.letterId, scope.letterId), eq(invitations.officeId, scope.officeId)))
      .orderBy(meps.sortKey),
    letterTerm(db, scope),
  ]);
  // A Member invited twice (themself and their staff) is one person, with the most advanced answer.
  const rank = { revoked: 0, pending: 1, declined: 2, signed: 3 } as const;
  const signed = new Set(signers.map((s) => s.mepId));
  const byMep = new Map<number, TallyInvitee>();
  for (const i of invited as TallyInvitee[]) {
    const prev = byMep.get(i.mepId);
    if (!prev || rank[i.status] > rank[prev.status]) byMep.set(i.mepId, i);
  }
  // A signature collected outside the app answers the invitation too.
  const invitees = [...byMep.values()].map((i) =>
    signed.has(i.mepId) && i.status !== "signed" ? { ...i, status: "signed" as const } : i,
  );
  return { signers: signers as TallySigner[], invitees, term };
}

export async function saveTargets(tx: Queryable, actor: Actor, input: { letterId: string; targets: Targets }) {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  const targets = StoredTargetsSchema.parse(input.targets);
  const empty = Object.keys(targets).length === 0;
  await tx
    .update(letters)
    .set({ targets: empty ? null : (targets as Record<string, unknown>), updatedAt: new Date() })
    .where(and(eq(letters.id, letter.id), eq(letters.officeId, actor.officeId)));
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "letter.targets.set",
    data: { targets },
  });
  return { ok: true as const, targets };
}

// ------------------------------------------------------------ the undersigned block

export type SetFormatResult = { ok: true; format: BlockFormat } | { ok: false; error: "not-found" | "sent" };

/** The block format is part of the letter as sent, so it is frozen once the letter is sent. */
export async function setUndersignedFormat(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; format: BlockFormat; markStaff?: boolean },
): Promise<SetFormatResult> {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false, error: "not-found" };
  if (letter.status === "sent") return { ok: false, error: "sent" };
  if (!(BLOCK_FORMATS as readonly string[]).includes(input.format))
    throw new Error(`unknown block format ${input.format}`);
  const markStaff = input.markStaff ?? letter.markStaffSignatures;
  if (letter.undersignedFormat === input.format && letter.markStaffSignatures === markStaff)
    return { ok: true, format: input.format };
  await tx
    .update(letters)
    .set({ undersignedFormat: input.format, markStaffSignatures: markStaff, updatedAt: new Date() })
    .where(and(eq(letters.id, letter.id), eq(letters.officeId, actor.officeId)));
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "letter.undersigned-format.set",
    data: {
      from: letter.undersignedFormat,
      to: input.format,
      ...(markStaff !== letter.markStaffSignatures ? { markStaff } : {}),
    },
  });
  return { ok: true, format: input.format };
}
