/**
 * Signing through a personal link, as one workflow: the signature, and for a signature given by staff the email to
 * the Member at the directory address (never an address the inviting office chose) with the fingerprint of the text
 * and a link to confirm or to say "this was not me" (which withdraws it). The signer cannot opt out of that email.
 */
import type { Db } from "#db/client.server";
import {
  declineByToken,
  requestMemberConfirmation,
  signByToken,
  withdrawByToken,
  type SignInput,
  type SignResult,
} from "#app/models/signing.server";
import { sendMemberConfirmationEmail } from "./notifications.server";

export type SignWithLinkResult = SignResult & { memberNotified?: boolean; needsMemberConfirmation?: boolean };

export async function signWithLink(db: Db, input: SignInput): Promise<SignWithLinkResult> {
  return db.transaction(async (tx) => {
    const r = await signByToken(tx, input);
    if (!r.ok || r.status !== "signed" || input.capacity !== "staff") return r;
    const c = await requestMemberConfirmation(tx, { signatureId: r.signatureId, now: input.now });
    if (!c.ok) return { ...r, memberNotified: false, needsMemberConfirmation: true };
    await sendMemberConfirmationEmail(tx, {
      letter: c.letter,
      mep: c.mep,
      signerName: c.signerName,
      token: c.token,
      versionHash: c.versionHash,
      required: c.required,
    });
    return { ...r, memberNotified: true, needsMemberConfirmation: c.required };
  });
}

export function declineWithLink(db: Db, input: { token: string; reason: string | null; now?: Date }) {
  return db.transaction((tx) => declineByToken(tx, input));
}

export function withdrawWithLink(db: Db, input: { token: string; now?: Date }) {
  return db.transaction((tx) => withdrawByToken(tx, input));
}
