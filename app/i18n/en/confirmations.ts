/** A Member confirming a signature that their staff gave on their behalf. */
export const confirmations = {
  "confirmation.confirmed": "confirmed by the Member",
  "confirmation.awaiting": "awaiting the Member's confirmation",
  "confirmation.rejected": "the Member said they did not sign",
  "confirmation.page.title": "Confirm a signature given on your behalf",
  "confirmation.page.intro": "{signer} signed the letter “{subject}” on your behalf on {date}, for {office}.",
  "confirmation.page.role": "Their role: {role}.",
  "confirmation.page.version": "The signature is on version {number} of the text, shown below.",
  "confirmation.page.confirm": "Yes, I support this letter",
  "confirmation.page.reject": "No, I did not authorise this",
  "confirmation.page.confirmed": "Thank you. You confirmed the signature.",
  "confirmation.page.rejected": "Thank you. The signature has been withdrawn and the office has been told.",
  "confirmation.page.rejectedAfterSend":
    "Thank you. The letter was already sent; the office has been told that you did not authorise the signature.",
  "confirmation.page.alreadyConfirmed": "You already confirmed this signature.",
  "confirmation.page.alreadyRejected": "You already said you did not authorise this signature.",
  "confirmation.page.invalid": "This confirmation link is invalid or has expired.",
} as const;
