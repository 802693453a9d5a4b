/**
 * Whether a signature still stands for the current text. An editorial version (typos, formatting)
 * carries earlier signatures over; a substantive one asks earlier signers to re-confirm.
 */
export type VersionKindLike = "initial" | "editorial" | "substantive";
export type VersionInfo = { number: number; kind: VersionKindLike | string };
export type SignatureStatus = "current" | "carried" | "needs-reconfirm";

/**
 * `versions` in any order. A signature on the newest version is 'current'; one on an older version
 * is 'carried' when every later version is editorial, otherwise 'needs-reconfirm'.
 */
export function signatureStatus(versions: readonly VersionInfo[], signedNumber: number): SignatureStatus {
  let newest = signedNumber;
  let substantiveSince = false;
  for (const v of versions) {
    if (v.number > newest) newest = v.number;
    // "initial" is version 1, which nobody can have signed a predecessor of; treat anything that is
    // not explicitly editorial as substantive, so an unknown kind never silently carries a signature.
    if (v.number > signedNumber && v.kind !== "editorial") substantiveSince = true;
  }
  if (newest === signedNumber) return "current";
  return substantiveSince ? "needs-reconfirm" : "carried";
}

/** The signatures that count for the current text (current or carried over), in their input order. */
export function countableSignatures<S extends { versionNumber: number }>(
  signatures: readonly S[],
  versions: readonly VersionInfo[],
): S[] {
  return signatures.filter((s) => signatureStatus(versions, s.versionNumber) !== "needs-reconfirm");
}

/** The newest version a signature on `signedNumber` would have to be re-confirmed against, or null. */
export function latestSubstantiveAfter(versions: readonly VersionInfo[], signedNumber: number): number | null {
  let found: number | null = null;
  for (const v of versions)
    if (v.number > signedNumber && v.kind !== "editorial" && (found === null || v.number > found)) found = v.number;
  return found;
}

export type SigningWindow = {
  status: string;
  signatureDeadline: Date | string | null;
  signingClosedAt: Date | string | null;
};
export type SigningState = "open" | "not-collecting" | "deadline-passed" | "closed-by-office";

/** Whether signing links accept signatures now: the letter collects, the office has not closed it, the deadline has not passed. */
export function signingState(letter: SigningWindow, now: Date = new Date()): SigningState {
  if (letter.status !== "collecting") return "not-collecting";
  if (letter.signingClosedAt) return "closed-by-office";
  if (letter.signatureDeadline && new Date(letter.signatureDeadline).getTime() < now.getTime())
    return "deadline-passed";
  return "open";
}

export function signingOpen(letter: SigningWindow, now: Date = new Date()): boolean {
  return signingState(letter, now) === "open";
}
