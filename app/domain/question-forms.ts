/** Form schemas (zod) of the questions pages; kept out of route modules so zod never ships to the browser. */
import { z } from "zod";
import { ADDRESSEES } from "./question-addressees";
import { isValidIsoDate } from "./reply-clock";

const optionalDate = (message: string) =>
  z
    .string()
    .trim()
    .transform((s) => s || null)
    .refine((s) => s === null || isValidIsoDate(s), message);
const requiredDate = (message: string) =>
  z
    .string()
    .trim()
    .refine((s) => isValidIsoDate(s), message);
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .transform((s) => s || null);
const mepIds = z.array(z.coerce.number().int().positive()).max(100);
const term = z
  .string()
  .trim()
  .transform((s) => (s ? Number(s) : undefined))
  .refine((n) => n === undefined || (Number.isInteger(n) && n >= 8 && n <= 20), "question.error.termNeeded");

export const RegisterQuestionSchema = z.object({
  reference: z.string().trim().min(1, "question.error.empty").max(300, "question.error.format"),
  term,
  title: optionalText(300, "question.error.title"),
  addressee: z
    .string()
    .transform((s) => s || null)
    .refine((s) => s === null || (ADDRESSEES as readonly string[]).includes(s), "question.error.addressee"),
  tabledOn: optionalDate("question.error.date"),
  forwardedOn: optionalDate("question.error.date"),
  /** What the office's own Member did: the register attaches them as author or supporter. */
  ourRole: z.enum(["author", "supporter", "none"]),
});

export const QuestionDatesSchema = z.object({
  forwardedOn: optionalDate("question.error.date"),
  answeredOn: optionalDate("question.error.date"),
  answerText: optionalText(20_000, "question.error.body"),
  answerUrl: optionalText(500, "question.error.url").refine(
    (s) => s === null || /^https:\/\/[^\s]+$/.test(s),
    "question.error.url",
  ),
});

export const DraftSchema = z.object({
  authorMepId: z
    .string()
    .trim()
    .transform((s) => (s ? Number(s) : null))
    .refine((n) => n === null || (Number.isInteger(n) && n > 0), "question.error.author"),
  type: z.enum(["E", "P"]),
  addressee: z.enum(ADDRESSEES, { message: "question.error.addressee" }),
  title: z.string().trim().min(1, "question.error.title").max(300, "question.error.title"),
  body: z.string().max(20_000, "question.error.body"),
  ongoingProcedure: z.boolean(),
  supporterMepIds: mepIds,
  letterId: z
    .string()
    .trim()
    .transform((s) => s || null),
});

export const TableDraftSchema = z.object({
  reference: z.string().trim().min(1, "question.error.empty").max(300, "question.error.format"),
  tabledOn: requiredDate("question.error.date"),
  term,
});

export const StartImportSchema = z.object({
  source: z.enum(["file", "live"]),
  years: z
    .string()
    .trim()
    .transform((s) => (s ? s.split(/[\s,]+/).map(Number) : []))
    .refine((ys) => ys.every((y) => Number.isInteger(y) && y >= 2014 && y <= 2100), "question.import.error.years"),
});

/** A draft form's fields (shared by the new-draft and the draft page). */
export function draftInputFrom(form: FormData) {
  return DraftSchema.safeParse({
    authorMepId: form.get("authorMepId") ?? "",
    type: form.get("type") ?? "E",
    addressee: form.get("addressee") ?? "",
    title: form.get("title") ?? "",
    body: form.get("body") ?? "",
    ongoingProcedure: form.get("ongoingProcedure") === "on",
    supporterMepIds: form.getAll("supporterMepIds").map(String),
    letterId: form.get("letterId") ?? "",
  });
}
