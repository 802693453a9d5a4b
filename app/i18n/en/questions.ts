/** Parliamentary question references and their deadlines. */
export const questions = {
  "question.error.empty": "Enter a question reference, e.g. E-000213/2022.",
  "question.error.format":
    "This is not a parliamentary question reference. Use the form E-000213/2022 or E-9-2022-000213.",
  "question.error.number": "The question number must be at least 1.",
  "question.error.year": "The year is not plausible.",
  "question.error.date": "The date is not valid.",
  "question.error.dateYearMismatch": "The date is not in the reference's year.",
  "question.error.termYearMismatch": "That parliamentary term did not sit in that year.",
  "question.error.language": "Unknown language code.",
  "question.termAmbiguous":
    "Two parliamentary terms met in that year: give the date the question was tabled, or its document id (E-9-… or E-10-…).",
  "question.termUnknown": "The parliamentary term of this question is not known.",
  "question.typeMayBeDiscontinued": "Question Time (H) questions may no longer be issued; check the reference.",
  "question.deadline.notWritten": "Oral questions have no written-answer deadline.",
  "question.deadline.due": "Answer due by {date} ({weeks} weeks after it was {basis})",
  "question.deadline.basis.forwarded": "forwarded",
  "question.deadline.basis.tabled": "tabled",
  "question.state.pending": "Awaiting answer",
  "question.state.overdue": "Overdue by {days} days",
  "question.state.answered-on-time": "Answered on time",
  "question.state.answered-late": "Answered {days} days late",
  "question.quota": "{used} of {limit} written questions used in the last three months",
} as const;
