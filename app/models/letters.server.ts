/** Letters, their working drafts, addressees and frozen versions. Every function is office-scoped. */
import { and, asc, desc, eq, max, sql } from "drizzle-orm";
import {
  addressees,
  campaigns,
  letters,
  letterVersions,
  offices,
  type AddresseeSnapshot,
  type LetterStatus,
  type VersionKind,
} from "#db/schema";
import type { Queryable } from "#db/client.server";
import { randomToken } from "#app/infra/crypto.server";
import { audit } from "#app/infra/audit.server";
import { renderLetterBody } from "#app/editor/render.server";
import { versionHash } from "#app/domain/version-hash.server";
import { CURRENT_HASH_FORMAT, hashInputOf } from "#app/domain/version-hash";
import { classifyChange, decideVersionKind, linkTargets, type ChangeAnalysis } from "#app/domain/change-kind";

export type { OfficeScope as Scope } from "./scope";
import type { Actor, OfficeScope as Scope } from "./scope";
import type { LetterVersion } from "#db/rows";

export async function listLetters(db: Queryable, { officeId }: Scope) {
  return db
    .select({
      id: letters.id,
      subject: letters.subject,
      status: letters.status,
      signatureDeadline: letters.signatureDeadline,
      updatedAt: letters.updatedAt,
      sentAt: letters.sentAt,
      campaignTitle: campaigns.title,
      signatures: sql<number>`(select count(*)::int from signatures s where s.letter_id = ${letters.id} and s.withdrawn_at is null)`,
      invitations: sql<number>`(select count(*)::int from invitations i where i.letter_id = ${letters.id} and i.status <> 'revoked')`,
    })
    .from(letters)
    .leftJoin(campaigns, eq(campaigns.id, letters.campaignId))
    .where(eq(letters.officeId, officeId))
    .orderBy(desc(letters.updatedAt));
}

export async function getLetter(db: Queryable, { id, officeId }: { id: string } & Scope) {
  const [row] = await db
    .select()
    .from(letters)
    .where(and(eq(letters.id, id), eq(letters.officeId, officeId)))
    .limit(1);
  return row ?? null;
}

/** Locks the letter row for the rest of the transaction (publishing, sending, signing serialise on it). */
export async function lockLetter(tx: Queryable, { id, officeId }: { id: string } & Scope) {
  const [row] = await tx
    .select()
    .from(letters)
    .where(and(eq(letters.id, id), eq(letters.officeId, officeId)))
    .for("update")
    .limit(1);
  return row ?? null;
}

export type AddresseeInput = {
  name: string;
  role?: string | null;
  institution?: string | null;
  salutation?: string | null;
  email?: string | null;
  kind?: "to" | "cc";
};

export async function createLetter(
  tx: Queryable,
  actor: Actor,
  input: {
    subject: string;
    language: string;
    campaignId?: string | null;
    placeLine?: string | null;
    ourReference?: string | null;
    signatureDeadline?: Date | null;
    draftJson?: unknown;
    addressees?: AddresseeInput[];
  },
) {
  if (input.campaignId) {
    const [c] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(and(eq(campaigns.id, input.campaignId), eq(campaigns.officeId, actor.officeId)));
    if (!c) return { ok: false as const, error: "campaign" };
  }
  // Without a place line of its own, a new letter starts with the office's (set on the office settings page).
  const placeLine =
    input.placeLine === undefined
      ? ((await tx.select({ p: offices.defaultPlaceLine }).from(offices).where(eq(offices.id, actor.officeId)))[0]?.p ??
        null)
      : input.placeLine;
  const [letter] = await tx
    .insert(letters)
    .values({
      officeId: actor.officeId,
      subject: input.subject,
      language: input.language,
      campaignId: input.campaignId ?? null,
      placeLine,
      ourReference: input.ourReference ?? null,
      signatureDeadline: input.signatureDeadline ?? null,
      draftJson: input.draftJson ?? null,
      draftRevision: 1,
      draftUpdatedAt: new Date(),
      verificationCode: randomToken(12),
      createdBy: actor.userId,
    })
    .returning();
  if (input.addressees?.length) {
    await tx.insert(addressees).values(
      input.addressees.map((a, i) => ({
        letterId: letter.id,
        officeId: actor.officeId,
        position: i + 1,
        name: a.name,
        role: a.role ?? null,
        institution: a.institution ?? null,
        salutation: a.salutation ?? null,
        email: a.email ?? null,
        kind: a.kind ?? "to",
      })),
    );
  }
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "letter.created",
    data: { subject: input.subject },
  });
  return { ok: true as const, letter };
}

export type SaveDraftResult =
  | { ok: true; revision: number }
  | { ok: false; error: "conflict"; current: { revision: number; json: unknown; updatedAt: Date | null } }
  | { ok: false; error: "locked" | "not-found" }
  | { ok: false; error: "invalid"; message: string };

/**
 * Saves the working draft if nobody saved since `baseRevision` (optimistic locking). A stale save
 * is refused with the current text so the user can merge; nothing is overwritten.
 */
export async function saveDraft(
  tx: Queryable,
  actor: Actor,
  input: {
    letterId: string;
    baseRevision: number;
    json: unknown;
    subject?: string;
    placeLine?: string | null;
    ourReference?: string | null;
    signatureDeadline?: Date | null;
    language?: string;
  },
): Promise<SaveDraftResult> {
  const rendered = renderLetterBody(input.json);
  if (!rendered.ok) return { ok: false, error: "invalid", message: rendered.error };
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false, error: "not-found" };
  if (letter.status === "sent") return { ok: false, error: "locked" };
  if (letter.draftRevision !== input.baseRevision) {
    return {
      ok: false,
      error: "conflict",
      current: { revision: letter.draftRevision, json: letter.draftJson, updatedAt: letter.draftUpdatedAt },
    };
  }
  const revision = letter.draftRevision + 1;
  await tx
    .update(letters)
    .set({
      draftJson: rendered.json,
      draftRevision: revision,
      draftUpdatedAt: new Date(),
      updatedAt: new Date(),
      ...(input.subject !== undefined ? { subject: input.subject } : {}),
      ...(input.placeLine !== undefined ? { placeLine: input.placeLine } : {}),
      ...(input.ourReference !== undefined ? { ourReference: input.ourReference } : {}),
      ...(input.signatureDeadline !== undefined ? { signatureDeadline: input.signatureDeadline } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
    })
    .where(and(eq(letters.id, input.letterId), eq(letters.officeId, actor.officeId)));
  return { ok: true, revision };
}

export async function listAddressees(db: Queryable, { letterId, officeId }: { letterId: string } & Scope) {
  return db
    .select()
    .from(addressees)
    .where(and(eq(addressees.letterId, letterId), eq(addressees.officeId, officeId)))
    .orderBy(asc(addressees.position));
}

export async function addAddressee(tx: Queryable, actor: Actor, letterId: string, a: AddresseeInput) {
  const letter = await lockLetter(tx, { id: letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  if (letter.status === "sent") return { ok: false as const, error: "locked" as const };
  const [{ pos }] = await tx
    .select({ pos: max(addressees.position) })
    .from(addressees)
    .where(eq(addressees.letterId, letterId));
  const [row] = await tx
    .insert(addressees)
    .values({
      letterId,
      officeId: actor.officeId,
      position: (pos ?? 0) + 1,
      name: a.name,
      role: a.role ?? null,
      institution: a.institution ?? null,
      salutation: a.salutation ?? null,
      email: a.email ?? null,
      kind: a.kind ?? "to",
    })
    .returning();
  await audit(tx, {
    officeId: actor.officeId,
    letterId,
    actorUserId: actor.userId,
    action: "addressee.added",
    data: { name: a.name },
  });
  return { ok: true as const, addressee: row };
}

export async function removeAddressee(tx: Queryable, actor: Actor, letterId: string, addresseeId: string) {
  const letter = await lockLetter(tx, { id: letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  if (letter.status === "sent") return { ok: false as const, error: "locked" as const };
  const removed = await tx
    .delete(addressees)
    .where(
      and(eq(addressees.id, addresseeId), eq(addressees.letterId, letterId), eq(addressees.officeId, actor.officeId)),
    )
    .returning({ name: addressees.name });
  if (!removed.length) return { ok: false as const, error: "not-found" as const };
  await audit(tx, {
    officeId: actor.officeId,
    letterId,
    actorUserId: actor.userId,
    action: "addressee.removed",
    data: { name: removed[0].name },
  });
  return { ok: true as const };
}

export function addresseeSnapshot(
  rows: Array<{
    name: string;
    role: string | null;
    institution: string | null;
    salutation: string | null;
    kind: string;
  }>,
): AddresseeSnapshot[] {
  return rows
    .filter((r) => r.kind === "to")
    .map((r) => ({ name: r.name, role: r.role, institution: r.institution, salutation: r.salutation }));
}

export type PublishResult =
  | {
      ok: true;
      version: LetterVersion;
      /** What the office asked for; `version.kind` is what the change allows (app/domain/change-kind.ts). */
      requestedKind: "editorial" | "substantive";
      /** The change from the previous version (null for version 1). */
      change: ChangeAnalysis | null;
      previous: { number: number; plainText: string } | null;
    }
  | { ok: false; error: "not-found" | "locked" | "empty" | "no-addressees" | "stale" }
  | { ok: false; error: "invalid"; message: string };

/**
 * Freezes the working draft as the next version: rendered, sanitised HTML, plain text and the
 * SHA-256 of what a signer sees. The letter row lock makes concurrent publishes take turns.
 * `kind` is the office's request: a change the rule does not show to be editorial is published as
 * substantive whatever was asked (app/domain/change-kind.ts); the audit row records both.
 */
export async function publishVersion(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; kind: "editorial" | "substantive"; expectedRevision?: number; at?: Date },
): Promise<PublishResult> {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false, error: "not-found" };
  if (letter.status === "sent") return { ok: false, error: "locked" };
  if (input.expectedRevision !== undefined && input.expectedRevision !== letter.draftRevision)
    return { ok: false, error: "stale" };
  if (!letter.draftJson) return { ok: false, error: "empty" };
  const rendered = renderLetterBody(letter.draftJson);
  if (!rendered.ok) return { ok: false, error: "invalid", message: rendered.error };
  if (!rendered.plainText.trim()) return { ok: false, error: "empty" };
  const to = addresseeSnapshot(await listAddressees(tx, { letterId: letter.id, officeId: actor.officeId }));
  if (!to.length) return { ok: false, error: "no-addressees" };
  const previous = await getCurrentVersion(tx, letter.id);
  const number = (previous?.number ?? 0) + 1;
  const change = previous
    ? classifyChange(
        {
          subject: previous.subject,
          addressees: previous.addressees,
          plainText: previous.plainText,
          links: linkTargets(previous.html),
        },
        { subject: letter.subject, addressees: to, plainText: rendered.plainText, links: linkTargets(rendered.html) },
      )
    : null;
  const kind: VersionKind = change ? decideVersionKind(input.kind, change) : "initial";
  const sha256 = versionHash({
    format: CURRENT_HASH_FORMAT,
    number,
    kind,
    subject: letter.subject,
    addressees: to,
    html: rendered.html,
    plainText: rendered.plainText,
    editorJson: rendered.json,
  });
  const [version] = await tx
    .insert(letterVersions)
    .values({
      letterId: letter.id,
      officeId: actor.officeId,
      number,
      kind,
      subject: letter.subject,
      addressees: to,
      editorJson: rendered.json,
      html: rendered.html,
      plainText: rendered.plainText,
      sha256,
      hashFormat: CURRENT_HASH_FORMAT,
      authorId: actor.userId,
      ...(input.at ? { createdAt: input.at } : {}),
    })
    .returning();
  const status: LetterStatus = letter.status === "draft" ? "collecting" : letter.status;
  await tx.update(letters).set({ status, updatedAt: new Date() }).where(eq(letters.id, letter.id));
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "version.published",
    data: {
      number,
      kind,
      sha256,
      hashFormat: CURRENT_HASH_FORMAT,
      ...(change ? { requestedKind: input.kind, changeKind: change.kind, reasons: change.reasons } : {}),
    },
  });
  return {
    ok: true,
    version,
    requestedKind: input.kind,
    change,
    previous: previous ? { number: previous.number, plainText: previous.plainText } : null,
  };
}

export async function listVersions(db: Queryable, { letterId, officeId }: { letterId: string } & Scope) {
  return db
    .select({
      id: letterVersions.id,
      number: letterVersions.number,
      kind: letterVersions.kind,
      sha256: letterVersions.sha256,
      createdAt: letterVersions.createdAt,
      authorId: letterVersions.authorId,
    })
    .from(letterVersions)
    .where(and(eq(letterVersions.letterId, letterId), eq(letterVersions.officeId, officeId)))
    .orderBy(asc(letterVersions.number));
}

export async function getVersion(
  db: Queryable,
  { letterId, officeId, number }: { letterId: string; number: number } & Scope,
) {
  const [v] = await db
    .select()
    .from(letterVersions)
    .where(
      and(
        eq(letterVersions.letterId, letterId),
        eq(letterVersions.officeId, officeId),
        eq(letterVersions.number, number),
      ),
    )
    .limit(1);
  return v ?? null;
}

/** The version signers are asked to approve: the newest one. */
export async function getCurrentVersion(db: Queryable, letterId: string) {
  const [v] = await db
    .select()
    .from(letterVersions)
    .where(eq(letterVersions.letterId, letterId))
    .orderBy(desc(letterVersions.number))
    .limit(1);
  return v ?? null;
}

/** Recomputes every stored version hash; returns the versions whose content no longer matches. */
export async function verifyVersionHashes(db: Queryable) {
  const rows = await db.select().from(letterVersions).orderBy(asc(letterVersions.createdAt));
  const mismatched = rows.filter((v) => versionHash(hashInputOf(v)) !== v.sha256);
  return {
    checked: rows.length,
    mismatched: mismatched.map((v) => ({ id: v.id, letterId: v.letterId, number: v.number })),
  };
}

export async function listCampaigns(db: Queryable, { officeId }: Scope) {
  return db.select().from(campaigns).where(eq(campaigns.officeId, officeId)).orderBy(asc(campaigns.title));
}

// ---------------------------------------------------------------- drafts: restore, autosave, addressee order

/**
 * Moves an addressee one place up or down in the letter's order, swapping positions with its
 * neighbour inside the caller's transaction (the letter row lock serialises concurrent moves).
 */
export async function moveAddressee(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; addresseeId: string; direction: "up" | "down" },
) {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  if (letter.status === "sent") return { ok: false as const, error: "locked" as const };
  const rows = await listAddressees(tx, { letterId: letter.id, officeId: actor.officeId });
  const i = rows.findIndex((r) => r.id === input.addresseeId);
  if (i < 0) return { ok: false as const, error: "not-found" as const };
  const j = input.direction === "up" ? i - 1 : i + 1;
  if (j < 0 || j >= rows.length) return { ok: true as const, moved: false };
  const a = rows[i];
  const b = rows[j];
  // Positions are not unique in the schema, but equal ones would make the order ambiguous: renumber if needed.
  const posA = a.position === b.position ? j + 1 : b.position;
  const posB = a.position === b.position ? i + 1 : a.position;
  await tx
    .update(addressees)
    .set({ position: posA })
    .where(and(eq(addressees.id, a.id), eq(addressees.officeId, actor.officeId)));
  await tx
    .update(addressees)
    .set({ position: posB })
    .where(and(eq(addressees.id, b.id), eq(addressees.officeId, actor.officeId)));
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "addressee.moved",
    data: { name: a.name, direction: input.direction },
  });
  return { ok: true as const, moved: true };
}

/**
 * A new draft letter from an earlier letter of the same office: subject, language, place line,
 * reference, campaign, addressees (in order, with cc) and the working draft (or, without one, the
 * newest version's text). Versions, invitations, signatures and comments are never copied; a
 * deadline that has already passed is left empty.
 */
export async function copyLetter(tx: Queryable, actor: Actor, input: { sourceLetterId: string; now?: Date }) {
  const source = await getLetter(tx, { id: input.sourceLetterId, officeId: actor.officeId });
  if (!source) return { ok: false as const, error: "not-found" as const };
  const rows = await listAddressees(tx, { letterId: source.id, officeId: actor.officeId });
  let draftJson: unknown = source.draftJson;
  if (!draftJson) draftJson = (await getCurrentVersion(tx, source.id))?.editorJson ?? null;
  const rendered = draftJson ? renderLetterBody(draftJson) : null;
  const now = input.now ?? new Date();
  const created = await createLetter(tx, actor, {
    subject: source.subject,
    language: source.language,
    campaignId: source.campaignId,
    placeLine: source.placeLine,
    ourReference: source.ourReference,
    signatureDeadline: source.signatureDeadline && source.signatureDeadline > now ? source.signatureDeadline : null,
    draftJson: rendered?.ok ? rendered.json : null,
    addressees: rows.map((r) => ({
      name: r.name,
      role: r.role,
      institution: r.institution,
      salutation: r.salutation,
      email: r.email,
      kind: r.kind,
    })),
  });
  if (!created.ok) return { ok: false as const, error: "not-found" as const };
  await audit(tx, {
    officeId: actor.officeId,
    letterId: created.letter.id,
    actorUserId: actor.userId,
    action: "letter.copied",
    data: { from: source.id },
  });
  return { ok: true as const, letter: created.letter };
}

export type RestoreResult =
  | { ok: true; revision: number; number: number }
  | Exclude<SaveDraftResult, { ok: true }>
  | { ok: false; error: "version-not-found" };

/**
 * Makes an old version the working draft again (its text and subject). Versions are untouched; the
 * draft goes through saveDraft, so a draft someone saved meanwhile is reported as a conflict, never
 * overwritten. Leaves an audit row naming the version and the new revision.
 */
export async function restoreVersion(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; number: number; baseRevision: number },
): Promise<RestoreResult> {
  const version = await getVersion(tx, { letterId: input.letterId, officeId: actor.officeId, number: input.number });
  if (!version) return { ok: false, error: "version-not-found" };
  const saved = await saveDraft(tx, actor, {
    letterId: input.letterId,
    baseRevision: input.baseRevision,
    json: version.editorJson,
    subject: version.subject,
  });
  if (!saved.ok) return saved;
  await audit(tx, {
    officeId: actor.officeId,
    letterId: input.letterId,
    actorUserId: actor.userId,
    action: "draft.restored",
    data: { number: version.number, sha256: version.sha256, revision: saved.revision },
  });
  return { ok: true, revision: saved.revision, number: version.number };
}
