/** The personal calendar feed: the settings page and the events in the feed. */
export const calendar = {
  "calendar.name": "Undersigned: deadlines and due dates",
  "calendar.event.signing": "Signing closes: {subject}",
  "calendar.event.signing.description":
    "Signing closes for the letter “{subject}”. Close it and send, or move the deadline.",
  "calendar.event.reply": "Reply due from {owedBy}: {subject}",
  "calendar.event.reply.description": "{owedBy} is expected to have replied to “{subject}” by this day.",
  "calendar.event.question": "Answer due: {reference}",
  "calendar.title": "Calendar feed",
  "calendar.intro":
    "Subscribe to your signing deadlines, the days replies are due and the days answers to parliamentary questions are due, in Outlook, Google Calendar or any calendar that reads an ICS address.",
  "calendar.none": "You have no calendar address yet.",
  "calendar.live": "Your calendar address was made on {date}.",
  "calendar.lastFetched": "Your calendar last fetched it on {date}.",
  "calendar.neverFetched": "No calendar has fetched it yet.",
  "calendar.create": "Make a calendar address",
  "calendar.replace": "Make a new address (the old one stops working)",
  "calendar.stop": "Stop this address",
  "calendar.made": "Your new calendar address. Copy it now: for your security it is shown only once.",
  "calendar.made.label": "Calendar address",
  "calendar.secret":
    "Anyone with this address can read the dates and letter subjects in it. If it leaks, make a new one or stop it.",
  "calendar.stopped": "The address no longer works.",
  "calendar.nav": "Calendar",
};
