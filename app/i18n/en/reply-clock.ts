/** The reply clock: when a reply is due and how late it is. */
export const replyClock = {
  "clock.explain":
    "Sent on {sentOn}. The office expects a reply within {weeks} weeks, so by {expectedBy}. After {veryOverdueWeeks} weeks ({factor} times the expectation), from {veryOverdueFrom}, it counts as very overdue.",
  "clock.state.replied": "Replied",
  "clock.state.on-time": "Waiting for a reply",
  "clock.state.overdue": "Overdue",
  "clock.state.very-overdue": "Very overdue",
  "clock.daysOverdue_one": "{count} day overdue",
  "clock.daysOverdue_other": "{count} days overdue",
  "clock.holdingReply": "Holding reply received on {date}; the full reply is still awaited.",
  "clock.nudge": "It has been {weeks} weeks. Did they reply?",
} as const;
