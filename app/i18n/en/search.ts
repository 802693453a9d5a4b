/** Searching letters. */
export const search = {
  "search.title": "Search letters",
  "search.label": "Search your office's letters",
  "search.hint": "Words, “an exact phrase”, or -word to exclude.",
  "search.submit": "Search",
  "search.results_one": "{count} letter found for “{q}”",
  "search.results_other": "{count} letters found for “{q}”",
  "search.none": "No letter matches “{q}”.",
  "search.inVersion": "in version {number}",
  "search.subjectOnly": "subject",
} as const;
