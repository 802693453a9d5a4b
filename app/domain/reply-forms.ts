/** Zod schemas for the reply register's forms. Messages are keys of app/i18n/en/replies.ts. */
import { z } from "zod";
import { parseInstitutionReference } from "./ares-reference";
import { isValidIsoDate, validClock, type IsoDate } from "./reply-clock";
import { REPLY_FILE_MAX_BYTES, REPLY_KINDS } from "./reply-kinds";
import { parsePositiveInt } from "./form-values";

const CONTROL = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

const optionalLine = (max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .refine((s) => s.length <= max && !CONTROL.test(s), message)
    .transform((s) => (s === "" ? null : s));

export { REPLY_FILE_MAX_BYTES, REPLY_KINDS };

/** The register's form; `today` (Brussels, ISO) refuses replies from the future. */
export function replyFormSchema(today: IsoDate) {
  return z
    .object({
      receivedOn: z
        .string({ message: "replies.error.date" })
        .trim()
        .refine((s) => isValidIsoDate(s), "replies.error.date")
        .refine((s) => !isValidIsoDate(s) || s <= today, "replies.error.dateFuture"),
      senderName: z
        .string({ message: "replies.error.sender" })
        .trim()
        .min(1, "replies.error.sender")
        .max(200, "replies.error.sender")
        .refine((s) => !CONTROL.test(s), "replies.error.sender"),
      senderRole: optionalLine(200, "replies.error.line"),
      onBehalfOf: optionalLine(200, "replies.error.line"),
      theirReference: optionalLine(120, "replies.error.line"),
      theirRegistration: optionalLine(120, "replies.error.line"),
      ourRegistration: optionalLine(120, "replies.error.line"),
      kind: z.enum(REPLY_KINDS, { message: "replies.error.kind" }),
      referredToName: optionalLine(200, "replies.error.line"),
      referredToRole: optionalLine(200, "replies.error.line"),
      body: z
        .string()
        .optional()
        .transform((s) => (s ?? "").replace(/\r\n/g, "\n").trim())
        .refine((s) => s.length <= 200_000, "replies.error.body"),
      addresseeIds: z.array(z.string().uuid("replies.error.addressees")).min(1, "replies.error.addressees"),
    })
    .transform((v, ctx) => {
      let theirReferenceDate: string | null = null;
      if (v.theirReference) {
        const r = parseInstitutionReference(v.theirReference, today);
        if (!r.ok) {
          ctx.addIssue({ code: "custom", path: ["theirReference"], message: r.error });
          return z.NEVER;
        }
        v.theirReference = r.value.reference;
        if (r.value.kind === "ares") theirReferenceDate = r.value.ares.date;
      }
      if (v.kind === "referral" && !v.referredToName) {
        ctx.addIssue({ code: "custom", path: ["referredToName"], message: "replies.error.referredTo" });
        return z.NEVER;
      }
      if (v.kind !== "referral") {
        v.referredToName = null;
        v.referredToRole = null;
      }
      return { ...v, theirReferenceDate };
    });
}

export type ReplyFormValues = z.infer<ReturnType<typeof replyFormSchema>>;

export const CorrectionReasonSchema = z
  .string({ message: "replies.error.reason" })
  .trim()
  .min(3, "replies.error.reason")
  .max(500, "replies.error.reason")
  .refine((s) => !CONTROL.test(s), "replies.error.reason");

/** Plain decimal digits only ("0x10", "1e3" and " 12" are refused, not coerced). */
const wholeDays = z
  .unknown()
  .transform((v) => parsePositiveInt(v))
  .refine((n): n is number => n !== null, "replies.error.clock");

/** The letter's or the office's reply clock. Empty fields on a letter mean "the office's". */
export const ClockFormSchema = z
  .object({
    dueDays: wholeDays,
    veryOverdueDays: wholeDays,
    dayKind: z.enum(["working", "calendar"], { message: "replies.error.clock" }),
  })
  .refine((c) => validClock(c), { message: "replies.error.clock", path: ["dueDays"] });

/** Reads the named single-value fields of a form (files ignored) and the repeated addressee ids. */
export function replyFormFields(form: FormData) {
  const names = [
    "receivedOn",
    "senderName",
    "senderRole",
    "onBehalfOf",
    "theirReference",
    "theirRegistration",
    "ourRegistration",
    "kind",
    "referredToName",
    "referredToRole",
    "body",
  ];
  const out: Record<string, unknown> = {};
  for (const n of names) {
    const v = form.get(n);
    out[n] = typeof v === "string" ? v : undefined;
  }
  out.addresseeIds = form.getAll("addresseeId").filter((v): v is string => typeof v === "string");
  return out;
}
