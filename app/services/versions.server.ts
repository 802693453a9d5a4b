/**
 * Publishing a version and telling earlier signers. Whether the version is editorial is the change's consequence
 * (publishVersion applies app/domain/change-kind.ts); every signer whose signature is carried over still gets the
 * changed words and a fresh personal link on which withdrawing is one button, and every signer whose signature now
 * needs re-confirmation gets a request with the diff on the page behind the link.
 */
import type { Db, Queryable } from "#db/client.server";
import {
  getLetter,
  publishVersion,
  saveDraft,
  type PublishResult,
  type SaveDraftResult,
} from "#app/models/letters.server";
import { planReminders } from "#app/models/reminders.server";
import { listLinkSigners, listVersionKinds, rotateInvitationToken } from "#app/models/signing.server";
import { signatureStatus } from "#app/domain/signature-status";
import { wordChanges } from "#app/domain/change-kind";
import { officeForMail, sendVersionNotice, type LetterForMail } from "./notifications.server";
import type { Actor } from "#app/models/scope";

/** At most this many changed stretches are listed in an email; the signing page shows the whole diff. */
const MAX_LISTED_CHANGES = 20;

/**
 * Tells everyone who signed through a personal link about a newly published version: a signature that carries
 * over (editorial changes only) gets the "text corrected" notice with the changed words and a link to withdraw;
 * one that now needs re-confirmation gets a request with a new personal link. Call it in the publishing transaction.
 */
export async function notifySignersOfNewVersion(
  tx: Queryable,
  input: {
    letter: LetterForMail;
    version: { id: string; number: number; kind: string; plainText?: string };
    previousPlainText?: string | null;
    now?: Date;
  },
): Promise<{ corrected: number; reconfirm: number }> {
  const counts = { corrected: 0, reconfirm: 0 };
  if (input.version.kind === "initial") return counts;
  const scope = { letterId: input.letter.id, officeId: input.letter.officeId };
  const [signers, versions, office] = await Promise.all([
    listLinkSigners(tx, scope),
    listVersionKinds(tx, input.letter.id),
    officeForMail(tx, input.letter.officeId),
  ]);
  const changes =
    input.previousPlainText != null && input.version.plainText != null
      ? wordChanges(input.previousPlainText, input.version.plainText)
          .slice(0, MAX_LISTED_CHANGES)
          .map(({ before, after }) => ({ before, after }))
      : [];
  for (const s of signers) {
    if (s.signedNumber >= input.version.number) continue;
    const status = signatureStatus(versions, s.signedNumber);
    if (status !== "carried" && status !== "needs-reconfirm") continue;
    const rotated = await rotateInvitationToken(tx, s.invitationId, input.now);
    if (!rotated) continue;
    const common = {
      letter: input.letter,
      office,
      to: { email: s.inviteeEmail, name: s.inviteeName },
      number: input.version.number,
      signedNumber: s.signedNumber,
      token: rotated.token,
      idempotencyKey: `version-notice:${input.version.id}:${s.signatureId}`,
    };
    if (status === "carried") {
      await sendVersionNotice(tx, { ...common, variant: "corrected", changes });
      counts.corrected++;
    } else {
      await sendVersionNotice(tx, { ...common, variant: "reconfirm" });
      counts.reconfirm++;
    }
  }
  return counts;
}

/** Publishes the draft (at `expectedRevision`, if given) and notifies earlier signers, in one transaction. */
export async function publishDraft(
  db: Db,
  actor: Actor,
  input: { letterId: string; kind: "editorial" | "substantive"; expectedRevision?: number; now?: Date },
): Promise<PublishResult> {
  return db.transaction(async (tx) => {
    const p = await publishVersion(tx, actor, input);
    if (p.ok) {
      const letter = (await getLetter(tx, { id: input.letterId, officeId: actor.officeId }))!;
      await notifySignersOfNewVersion(tx, {
        letter: { ...letter, subject: p.version.subject },
        version: p.version,
        previousPlainText: p.previous?.plainText ?? null,
        now: input.now,
      });
    }
    return p;
  });
}

export type SaveInput = Omit<Parameters<typeof saveDraft>[2], "letterId">;

/**
 * Saves the working draft (kept even if publishing then fails); a changed deadline re-plans reminders. With
 * `publish`, then publishes exactly the saved revision and notifies earlier signers.
 */
export async function saveAndPublish(
  db: Db,
  actor: Actor,
  input: {
    letterId: string;
    save: SaveInput;
    /** The deadline before this save, to tell whether reminders must be planned again. */
    previousDeadline: Date | null;
    publish?: { kind: "editorial" | "substantive" } | null;
  },
): Promise<{ saved: SaveDraftResult; published: PublishResult | null }> {
  const saved = await db.transaction(async (tx) => {
    const s = await saveDraft(tx, actor, { letterId: input.letterId, ...input.save });
    const deadlineChanged =
      input.save.signatureDeadline !== undefined &&
      (input.save.signatureDeadline?.getTime() ?? null) !== (input.previousDeadline?.getTime() ?? null);
    if (s.ok && deadlineChanged) await planReminders(tx, { letterId: input.letterId, officeId: actor.officeId });
    return s;
  });
  const published =
    saved.ok && input.publish
      ? await publishDraft(db, actor, {
          letterId: input.letterId,
          kind: input.publish.kind,
          expectedRevision: saved.revision,
        })
      : null;
  return { saved, published };
}
