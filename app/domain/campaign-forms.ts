/** Form schemas (zod) used by route actions; kept out of route modules so zod never ships to the browser. */
import { z } from "zod";

export const CampaignSchema = z.object({
  title: z.string().trim().min(1, "letter.error.subject").max(200, "letter.error.subject"),
  summary: z
    .string()
    .trim()
    .max(2000)
    .transform((s) => s || null),
});
