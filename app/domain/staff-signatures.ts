/**
 * When a signature given by a Member's staff counts. It never rests on the signer's own say-so: the Member is always
 * emailed at the directory address, and the signature waits for the Member's confirmation when the office asks for
 * that on every staff signature, or (the default) when the staff address is not on the Member's own mail domain.
 */
export type StaffConfirmationSetting = "outside-domain" | "always";

export const STAFF_CONFIRMATION_SETTINGS: readonly StaffConfirmationSetting[] = ["outside-domain", "always"];

/** The domain of an address, lower-cased, or null when it has none. */
export function emailDomain(address: string | null | undefined): string | null {
  const m = /@([^@\s>]+)\s*>?\s*$/.exec(address ?? "");
  return m ? m[1].toLowerCase().replace(/\.$/, "") : null;
}

export function staffConfirmationRequired(input: {
  setting: string | null | undefined;
  /** The address the staff member's personal link was sent to. */
  staffEmail: string | null | undefined;
  /** The Member's directory address. */
  memberEmail: string | null | undefined;
}): boolean {
  if (input.setting !== "outside-domain") return true; // "always", and anything unknown
  const staff = emailDomain(input.staffEmail);
  const member = emailDomain(input.memberEmail);
  return !staff || !member || staff !== member;
}
