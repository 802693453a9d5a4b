/** Zod schemas for the office's letter forms. Messages are i18n keys shown next to the field. */
import { z } from "zod";
import { LOCALE_CODES } from "#app/i18n/locales";
import { brusselsLocalToUtc } from "./brussels-time";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional()
    .transform((s) => s ?? null);

/** Refuse control characters (CR/LF header injection, RTL overrides) in one-line fields. */
const oneLine = (max: number, message: string) =>
  z
    .string({ message })
    .trim()
    .min(1, message)
    .max(max, message)
    .refine((s) => !/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(s), message);

const optionalOneLine = (max: number, message: string) =>
  optionalText(max).refine((s) => s === null || !/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(s), message);

export const LetterDetailsSchema = z.object({
  subject: oneLine(300, "letter.error.subject"),
  language: z.enum(LOCALE_CODES as [string, ...string[]], { message: "letter.error.language" }),
  campaignId: z
    .string()
    .trim()
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional()
    .refine((s) => s == null || /^[0-9a-f-]{36}$/i.test(s), "letter.error.campaign")
    .transform((s) => s ?? null),
  placeLine: optionalOneLine(120, "letter.field.place.hint"),
  ourReference: optionalOneLine(80, "letter.field.reference"),
  signatureDeadline: z
    .string()
    .trim()
    .optional()
    .transform((s, ctx) => {
      if (!s) return null;
      const d = brusselsLocalToUtc(s);
      if (!d) {
        ctx.addIssue({ code: "custom", message: "letter.error.deadline" });
        return z.NEVER;
      }
      return d;
    }),
});

export const AddresseeSchema = z.object({
  name: oneLine(200, "letter.error.name"),
  role: optionalOneLine(200, "letter.addressee.role"),
  institution: optionalOneLine(200, "letter.addressee.institution"),
  salutation: optionalOneLine(200, "letter.addressee.salutation.hint"),
  email: optionalText(254).refine((s) => s === null || z.string().email().safeParse(s).success, "letter.error.email"),
  kind: z.enum(["to", "cc"]).default("to"),
});

/** Reads the named fields of a form into a plain object for zod (files and repeats ignored). */
export function formFields(form: FormData, names: string[]) {
  const out: Record<string, string | undefined> = {};
  for (const n of names) {
    const v = form.get(n);
    out[n] = typeof v === "string" ? v : undefined;
  }
  return out;
}
