/**
 * A letter as the addressee reads it, on the office's letter page and on the signing page: the
 * addressees, one place line (with the date once the letter is sent, in the letter's language),
 * the subject, one salutation per line, the body, and the copies. The PDF and the email follow
 * the same rules (app/domain/letter-layout.ts).
 */
import type { ReactNode } from "react";
import { formatDate, useT } from "#app/i18n";
import { localeOrEnglish } from "#app/i18n/locales";
import { copyNames, placeOnly, salutationLines } from "#app/domain/letter-layout";

type Person = { name: string; role?: string | null; institution?: string | null; salutation?: string | null };

export function LetterPaper(props: {
  addressees: Person[];
  copies: Person[];
  placeLine: string | null;
  /** Set once sent: the date printed after the place. */
  sentAt?: Date | string | null;
  /** The letter's language (its date and its copies line are written in it). */
  language: string;
  subject: string;
  label?: string;
  children: ReactNode;
}) {
  const t = useT();
  const locale = localeOrEnglish(props.language);
  const place = placeOnly(props.placeLine);
  const copies = copyNames(props.copies);
  return (
    <article className="letter-paper" aria-label={props.label ?? props.subject} lang={locale}>
      <div className="addressee-block">
        {props.addressees.map((a, i) => (
          <p key={i}>
            {a.name}
            {a.role ? `, ${a.role}` : ""}
          </p>
        ))}
      </div>
      <p className="letter-place">{props.sentAt ? `${place}, ${formatDate(locale, props.sentAt)}` : place}</p>
      <p>
        <strong>{props.subject}</strong>
      </p>
      <div className="letter-salutations">
        {salutationLines(props.addressees).map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      {props.children}
      {copies.length ? <p className="letter-copies">{t("sending.letter.cc", { names: copies.join("; ") })}</p> : null}
    </article>
  );
}
