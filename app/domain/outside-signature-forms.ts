/** Form schemas (zod) used by route actions; kept out of route modules so zod never ships to the browser. */
import { z } from "zod";
import { BLOCK_FORMATS, type BlockFormat } from "./undersigned-block";

export const noControl = (s: string) => !/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(s);

export const SourceSchema = z
  .string({ message: "outside.error.source" })
  .trim()
  .min(3, "outside.error.source")
  .max(300, "outside.error.sourceLong")
  .refine((s) => noControl(s) && !/[\r\n]/.test(s), "outside.error.source");

/** A pasted list: the whole Parliament (720 names) with its groups and countries fits several times over. */
export const MAX_PASTE_CHARS = 100_000;

export const PasteSchema = z.object({
  names: z
    .string({ message: "outside.error.names" })
    .trim()
    .min(2, "outside.error.names")
    .max(MAX_PASTE_CHARS, "outside.error.namesLong")
    .refine(noControl, "outside.error.names"),
  source: SourceSchema,
});

export const RowSchema = z.object({
  input: z.string().trim().min(1).max(200).refine(noControl),
  choice: z
    .string()
    .trim()
    .refine((s) => s === "" || /^\d{1,9}$/.test(s), "outside.error.choice")
    .transform((s) => (s === "" ? null : Number(s))),
  search: z
    .string()
    .trim()
    .max(100, "outside.error.search")
    .transform((s) => s || null),
});

export const FormatSchema = z.object({
  format: z.enum(BLOCK_FORMATS as [BlockFormat, ...BlockFormat[]], { message: "block.error.format" }),
});
