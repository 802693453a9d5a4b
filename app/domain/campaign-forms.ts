/** Form schemas (zod) used by route actions; kept out of route modules so zod never ships to the browser. */
import { z } from "zod";
import { isValidIsoDate } from "./reply-clock";

export const CampaignSchema = z.object({
  title: z.string().trim().min(1, "letter.error.subject").max(200, "letter.error.subject"),
  summary: z
    .string()
    .trim()
    .max(2000)
    .transform((s) => s || null),
});

const isHttpUrl = (s: string) => {
  try {
    const u = new URL(s);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
};

/** A press item as the office types it: the link must be a web address (no javascript: or data: URLs). */
export const PressItemSchema = z.object({
  title: z.string().trim().min(1, "press.error.title").max(300, "press.error.title"),
  outlet: z.string().trim().min(1, "press.error.outlet").max(200, "press.error.outlet"),
  publishedOn: z
    .string()
    .trim()
    .refine((s) => isValidIsoDate(s) && s >= "1979-01-01" && s <= "2999-12-31", "press.error.date"),
  url: z
    .string()
    .trim()
    .max(2000, "press.error.url")
    .refine((s) => s === "" || isHttpUrl(s), "press.error.url")
    .transform((s) => s || null),
  note: z
    .string()
    .trim()
    .max(2000, "press.error.note")
    .transform((s) => s || null),
  letterId: z
    .string()
    .trim()
    .refine(
      (s) => s === "" || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
      "press.error.letter",
    )
    .transform((s) => s.toLowerCase() || null),
});
export type PressItemInput = z.infer<typeof PressItemSchema>;
