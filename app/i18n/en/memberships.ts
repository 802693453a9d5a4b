/** Invitations to join an office: the page the emailed link opens. */
export const memberships = {
  "membership.title": "Invitation to join {office}",
  "membership.intro": "{inviter} invites {name} to join {office} on Undersigned, as {role}.",
  "membership.introNoName": "{name} is invited to join {office} on Undersigned, as {role}.",
  "membership.consent": "You become a member only if you accept. You can decline; the office is told.",
  "membership.accept": "Accept and join {office}",
  "membership.decline": "Decline",
  "membership.newAccount": "Accepting creates your account for this address and signs you in.",
  "membership.signIn": "This address already has an account: sign in with it to answer.",
  "membership.signIn.button": "Sign in",
  "membership.otherPerson":
    "You are signed in with another address than the one this invitation was sent to. Sign out and open the link again, or sign in with the invited address.",
  "membership.declined": "You declined the invitation. Nothing has changed.",
  "membership.expires": "The link works until {date}.",
} as const;
