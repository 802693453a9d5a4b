/**
 * The office's CSV exports: the signatories of a letter (as sent, or as they would be sent), all letters,
 * all replies and the question register. UTF-8 with a byte-order mark so that Excel shows accents and
 * Greek or Cyrillic names as they are; csv-stringify does the quoting. Headings and values are in the
 * reader's language; dates in ISO form, which every spreadsheet reads as a date.
 */
import { stringify } from "csv-stringify/sync";
import type { Db } from "#db/client.server";
import { translate, type MessageKey } from "#app/i18n";
import type { UiLocale } from "#app/i18n/locales";
import { fullName } from "#app/domain/names";
import { signatoriesInLetter } from "#app/models/sending.server";
import { letterExportRows, replyExportRows } from "#app/models/exports.server";
import type { LetterScope, OfficeScope } from "#app/models/scope";
import { listPressItems } from "#app/models/campaigns.server";
import { registerView } from "./questions.server";

export type CsvFile = { filename: string; body: string };

function csv(locale: UiLocale, columns: Array<[MessageKey, string]>, records: Array<Record<string, unknown>>) {
  return (
    "\uFEFF" +
    stringify(records, {
      header: true,
      columns: columns.map(([label, key]) => ({ key, header: translate(locale, label) })),
      eof: true,
      cast: { date: (d) => d.toISOString() },
    })
  );
}

const day = (d: Date | string | null | undefined) =>
  d ? (typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10)) : "";

/** Who is in the letter, exactly as the undersigned block and the PDF show them. */
export async function signatoriesCsv(db: Db, scope: LetterScope, locale: UiLocale): Promise<CsvFile> {
  const t = (k: MessageKey) => translate(locale, k);
  const inLetter = await signatoriesInLetter(db, scope);
  // A send recorded before its list was frozen with it: the printed block is the record.
  const printed = () =>
    inLetter.block.sections.length
      ? inLetter.block.sections.flatMap((sec) => sec.names.map((name) => ({ name, group: sec.group })))
      : inLetter.block.lines.map((name) => ({ name }));
  const records = (inLetter.signatories ?? []).map((s) => {
    const capacity = "capacity" in s ? s.capacity : s.signerCapacity;
    return {
      name: fullName(s),
      group: s.group,
      country: s.country,
      signedAs: t(capacity === "staff" ? "exports.col.signedAs.staff" : "exports.col.signedAs.mep"),
      how: t(s.method === "outside" ? "exports.col.how.outside" : "exports.col.how.link"),
      lead: t(inLetter.leadMepId !== null && s.mepId === inLetter.leadMepId ? "exports.col.yes" : "exports.col.no"),
    };
  });
  return {
    filename: `signatories-${scope.letterId.slice(0, 8)}.csv`,
    body: csv(
      locale,
      [
        ["exports.col.name", "name"],
        ["exports.col.group", "group"],
        ["exports.col.country", "country"],
        ["exports.col.signedAs", "signedAs"],
        ["exports.col.how", "how"],
        ["exports.col.lead", "lead"],
      ],
      inLetter.signatories ? records : printed(),
    ),
  };
}

export async function lettersCsv(db: Db, scope: OfficeScope, locale: UiLocale): Promise<CsvFile> {
  const rows = await letterExportRows(db, scope);
  return {
    filename: "letters.csv",
    body: csv(
      locale,
      [
        ["exports.col.subject", "subject"],
        ["exports.col.status", "status"],
        ["exports.col.language", "language"],
        ["exports.col.reference", "reference"],
        ["exports.col.campaign", "campaign"],
        ["exports.col.created", "created"],
        ["exports.col.deadline", "deadline"],
        ["exports.col.sent", "sent"],
        ["exports.col.addressees", "addressees"],
        ["exports.col.copies", "copies"],
        ["exports.col.signatures", "signatures"],
        ["exports.col.replies", "replies"],
      ],
      rows.map((r) => ({
        ...r,
        status: translate(locale, `status.${r.status}` as MessageKey),
        created: day(r.createdAt),
        deadline: day(r.signatureDeadline),
        sent: day(r.sentAt),
      })),
    ),
  };
}

export async function repliesCsv(db: Db, scope: OfficeScope, locale: UiLocale): Promise<CsvFile> {
  const rows = await replyExportRows(db, scope);
  return {
    filename: "replies.csv",
    body: csv(
      locale,
      [
        ["exports.col.letter", "letterSubject"],
        ["exports.col.received", "receivedOn"],
        ["exports.col.kind", "kind"],
        ["exports.col.sender", "senderName"],
        ["exports.col.senderRole", "senderRole"],
        ["exports.col.onBehalfOf", "onBehalfOf"],
        ["exports.col.theirReference", "theirReference"],
        ["exports.col.theirRegistration", "theirRegistration"],
        ["exports.col.ourRegistration", "ourRegistration"],
        ["exports.col.referredTo", "referredToName"],
        ["exports.col.answers", "answers"],
        ["exports.col.text", "body"],
      ],
      rows.map((r) => ({
        ...r,
        receivedOn: day(r.receivedOn),
        kind: translate(locale, `replies.kind.${r.kind}` as MessageKey),
      })),
    ),
  };
}

export async function questionsCsv(db: Db, scope: OfficeScope, locale: UiLocale): Promise<CsvFile> {
  const view = await registerView(db, scope.officeId);
  return {
    filename: "questions.csv",
    body: csv(
      locale,
      [
        ["exports.col.question", "reference"],
        ["exports.col.title", "title"],
        ["exports.col.addressee", "addressee"],
        ["exports.col.tabled", "tabled"],
        ["exports.col.due", "due"],
        ["exports.col.answered", "answered"],
        ["exports.col.authors", "authors"],
      ],
      view.questions.map((q) => ({
        reference: q.reference,
        title: q.title ?? "",
        addressee: q.addressee ?? "",
        tabled: day(q.tabledOn),
        due: q.clock.applies ? q.clock.dueOn : "",
        answered: day(q.answeredOn),
        authors: q.participants
          .filter((p) => p.role === "author")
          .map((p) => p.name)
          .join("; "),
      })),
    ),
  };
}

/** Every press item the office logged, newest first, with its campaign and (when it names one) its letter. */
export async function pressCsv(db: Db, scope: OfficeScope, locale: UiLocale): Promise<CsvFile> {
  const rows = await listPressItems(db, scope.officeId);
  return {
    filename: "press.csv",
    body: csv(
      locale,
      [
        ["exports.col.published", "publishedOn"],
        ["exports.col.outlet", "outlet"],
        ["exports.col.title", "title"],
        ["exports.col.url", "url"],
        ["exports.col.campaign", "campaign"],
        ["exports.col.letter", "letter"],
        ["exports.col.note", "note"],
      ],
      rows,
    ),
  };
}
