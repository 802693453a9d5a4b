/** Signatures as the office sees them: which version, carried over or to re-confirm. */
export const signatures = {
  "signatures.status.carried": "carried over to v{current} (editorial change)",
  "signatures.status.reconfirm": "signed v{signed}, current v{current}",
  "signatures.signedBy": "signed by {name}",
  "signatures.closed": "Signing is closed for this letter.",
  "signatures.closedByOffice": "The office closed signing for this letter. Contact them if you still wish to sign.",
  "signatures.carried":
    "{name} signed version {signed}. The text was corrected since (an editorial change only), so the signature stands for version {current}.",
  "signatures.diff.title": "What changed since version {signed}, which {name} signed",
  "signatures.diff.legend": "Added words are underlined, removed words are struck through.",
  "signatures.diff.added": "added:",
  "signatures.diff.removed": "removed:",
  "signatures.memberAlwaysTold":
    "{name} is told by email at the Member's own address, with the fingerprint of this text and a link to withdraw the signature.",
  "signatures.confirmAsked": "{name} will receive an email asking them to confirm.",
} as const;
