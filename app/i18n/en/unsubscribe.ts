/** Stopping reminders for one letter. */
export const unsubscribe = {
  "unsubscribe.title": "Stop reminders",
  "unsubscribe.intro":
    "You will no longer receive reminders about the letter “{subject}”. The invitation itself stays valid.",
  "unsubscribe.button": "Stop reminders for this letter",
  "unsubscribe.done": "Done: no more reminders for this letter.",
  "unsubscribe.already": "Reminders for this letter are already off.",
  "unsubscribe.invalid": "This link is invalid, or the invitation was withdrawn by the office.",
} as const;
