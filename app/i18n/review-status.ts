/**
 * Review status of every catalogue, in one place, for the people who check translations. A catalogue's own
 * questions for the reviewer are in the comment at the top of its file (app/i18n/translations/<code>.ts).
 * app/i18n/catalogues.test.ts holds this table to the files: the scope must match what the file contains.
 */
import type { Locale } from "./locales";

export type ReviewStatus = {
  /**
   * "all": every English key (the staff interface too); "invitee": the keys in INVITEE_KEYS
   * (app/i18n/audiences.ts); "none": no catalogue yet, everything falls back to English.
   */
  scope: "all" | "invitee" | "none";
  draftedBy: string;
  /** Who reviewed it and when (ISO date), or null while nobody has. */
  reviewedBy: string | null;
  notes: string;
};

const DRAFT = "translation helper session, 2026-12-01 (machine-written draft)";
const UNREVIEWED = "Not reviewed by a native speaker. The translator's questions are at the top of the file.";
const all = (notes = `${UNREVIEWED} Keys under AWAITING_TRANSLATION are still English.`): ReviewStatus => ({
  scope: "all",
  draftedBy: DRAFT,
  reviewedBy: null,
  notes,
});
const invitee = (notes = UNREVIEWED): ReviewStatus => ({ scope: "invitee", draftedBy: DRAFT, reviewedBy: null, notes });

/**
 * Prefixes of keys added to English that the "all" catalogues (fr, de, nl) do not translate yet: shown in English
 * until translated. The completeness test accepts keys under these prefixes as missing in "all" catalogues; nothing
 * else may be missing. Empty since issue 15 (2026-12-02): fr, de and nl hold every key. A new English key needs
 * fr/de/nl entries or a prefix here.
 */
export const AWAITING_TRANSLATION: readonly string[] = [];

export const REVIEW_STATUS: Record<Locale, ReviewStatus> = {
  en: { scope: "all", draftedBy: "the team (source text)", reviewedBy: null, notes: "The source of every key." },
  bg: invitee(),
  cs: invitee(),
  da: invitee(),
  de: all(),
  el: invitee(),
  es: invitee(),
  et: invitee(),
  fi: invitee(),
  fr: all(),
  ga: invitee(),
  hr: invitee(),
  hu: invitee(),
  it: invitee(),
  lt: invitee(),
  lv: invitee(),
  mt: invitee(`${UNREVIEWED} The translator marked Maltese as the language they were least sure of: review first.`),
  nl: all(),
  pl: invitee(),
  pt: invitee(),
  ro: invitee(),
  sk: invitee(),
  sl: invitee(),
  sv: invitee(),
};
