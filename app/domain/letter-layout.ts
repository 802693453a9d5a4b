/**
 * How the head and foot of a letter are laid out, the same in the PDF, the email to each addressee,
 * the letter page and the signing page: one place line (the date of sending is added by the
 * renderer, in the letter's language), one salutation per line, and the copies ("Cc:") named.
 */

type Addressee = { name: string; role?: string | null; institution?: string | null; salutation?: string | null };

const MONTH_WORD = "\\p{L}{3,}\\.?";
/** A date someone typed after the place: "5 December 2022", "December 5, 2022", "05.12.2022", "2022-12-05". */
const TRAILING_DATE = new RegExp(
  [
    `\\d{1,2}\\.?\\s+${MONTH_WORD}\\s+\\d{4}`, // 5 December 2022, 5. Dezember 2022
    `${MONTH_WORD}\\s+\\d{1,2},?\\s+\\d{4}`, // December 5, 2022
    `\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}`, // 05.12.2022, 5/12/22
    `\\d{4}-\\d{2}-\\d{2}`, // 2022-12-05
  ]
    .map((p) => `(?:${p})`)
    .join("|"),
  "u",
);
const PLACE_THEN_DATE = new RegExp(`^(.*?)[\\s,]+(?:the\\s+|le\\s+|den\\s+)?(?:${TRAILING_DATE.source})\\.?$`, "iu");

/**
 * The place of a place line, without a date typed after it: the renderers add the date of sending,
 * so "Brussels, 5 December 2022" would otherwise print two dates. A line that is only a date, or has
 * no place, gives the default place.
 */
export function placeOnly(placeLine: string | null | undefined, fallback = "Brussels"): string {
  const line = (placeLine ?? "").replace(/\s+/g, " ").trim();
  if (!line) return fallback;
  if (new RegExp(`^(?:${TRAILING_DATE.source})\\.?$`, "iu").test(line)) return fallback;
  const m = PLACE_THEN_DATE.exec(line);
  const place = (m ? m[1] : line).replace(/[\s,;]+$/, "").trim();
  return place || fallback;
}

/** The salutations of the letter's addressees, one per line, each ending in a comma. */
export function salutationLines(addressees: readonly Addressee[]): string[] {
  return addressees
    .map((a) =>
      a.salutation
        ?.trim()
        .replace(/[,;]+$/, "")
        .trim(),
    )
    .filter((s): s is string => Boolean(s))
    .map((s) => `${s},`);
}

/** One copy recipient as the letter names them: "Name, role, institution". */
export function copyName(a: Addressee): string {
  return [a.name, a.role, a.institution]
    .map((p) => p?.trim())
    .filter(Boolean)
    .join(", ");
}

/** The copies, in order, for the "Cc:" line; empty when the letter has none. */
export function copyNames(copies: readonly Addressee[]): string[] {
  return copies.map(copyName).filter(Boolean);
}
