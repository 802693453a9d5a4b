/**
 * The office settings form (zod stays out of routes, ADR 008): the office's own Member, its letterhead, the place
 * line new letters start with, the reply clock, the time zone it reads times in, and when staff signatures need the
 * Member's confirmation. Empty optional fields mean "none".
 */
import { z } from "zod";
import { parsePositiveInt } from "./form-values";
import { ClockFormSchema } from "./reply-forms";

export const LETTERHEAD_MAX_LINES = 8;
export const LETTERHEAD_MAX_LINE_CHARS = 120;
export const PLACE_LINE_MAX_CHARS = 120;

// Line breaks are allowed in the letterhead only; bidi overrides never (they disguise what is printed).
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const CONTROL = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** A time zone the runtime knows (IANA name such as "Europe/Brussels"); anything else is refused. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(value) || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The European zones offered first in the form (any other IANA zone is accepted too). */
export const EUROPEAN_TIME_ZONES = [
  "Europe/Brussels",
  "Europe/Lisbon",
  "Europe/Dublin",
  "Europe/London",
  "Europe/Paris",
  "Europe/Luxembourg",
  "Europe/Amsterdam",
  "Europe/Berlin",
  "Europe/Madrid",
  "Europe/Rome",
  "Europe/Vienna",
  "Europe/Prague",
  "Europe/Warsaw",
  "Europe/Stockholm",
  "Europe/Copenhagen",
  "Europe/Budapest",
  "Europe/Bratislava",
  "Europe/Ljubljana",
  "Europe/Zagreb",
  "Europe/Malta",
  "Europe/Helsinki",
  "Europe/Tallinn",
  "Europe/Riga",
  "Europe/Vilnius",
  "Europe/Bucharest",
  "Europe/Sofia",
  "Europe/Athens",
  "Asia/Nicosia",
] as const;

const letterhead = z
  .string()
  .transform((s) => s.replace(/\r\n?/g, "\n"))
  .refine((s) => !CONTROL_EXCEPT_NEWLINE.test(s), "office.error.letterhead")
  .transform((s) =>
    s
      .split("\n")
      .map((l) => l.replace(/\s+/g, " ").trim())
      .filter(Boolean),
  )
  .refine(
    (lines) => lines.length <= LETTERHEAD_MAX_LINES && lines.every((l) => l.length <= LETTERHEAD_MAX_LINE_CHARS),
    "office.error.letterhead",
  )
  .transform((lines) => (lines.length ? lines.join("\n") : null));

const placeLine = z
  .string()
  .trim()
  .max(PLACE_LINE_MAX_CHARS, "office.error.placeLine")
  .refine((s) => !CONTROL.test(s), "office.error.placeLine")
  .transform((s) => s || null);

/** "" or absent: the office has no Member of its own (a group secretariat); otherwise a directory id. */
const mepId = z.unknown().transform((v, ctx): number | null => {
  if (v === undefined || v === null || v === "") return null;
  const n = parsePositiveInt(v);
  if (n === null) {
    ctx.addIssue({ code: "custom", message: "office.error.mep" });
    return z.NEVER;
  }
  return n;
});

export const OfficeSettingsSchema = z.object({
  mepId,
  letterhead,
  defaultPlaceLine: placeLine,
  timeZone: z
    .string()
    .trim()
    .refine((s) => isTimeZone(s), "office.error.timeZone"),
  staffSignatureConfirmation: z.enum(["outside-domain", "always"], { message: "office.error.confirmation" }),
  clock: ClockFormSchema,
});

export type OfficeSettings = z.infer<typeof OfficeSettingsSchema>;

/** The form's fields, as read from FormData (files and repeated values ignored). */
export function officeSettingsFields(form: FormData) {
  const get = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : undefined;
  };
  return {
    mepId: get("mepId"),
    letterhead: get("letterhead") ?? "",
    defaultPlaceLine: get("defaultPlaceLine") ?? "",
    timeZone: get("timeZone") ?? "",
    staffSignatureConfirmation: get("staffSignatureConfirmation"),
    clock: { dueDays: get("dueDays"), veryOverdueDays: get("veryOverdueDays"), dayKind: get("dayKind") },
  };
}
