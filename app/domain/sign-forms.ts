/** Form schemas (zod) used by route actions; kept out of route modules so zod never ships to the browser. */
import { z } from "zod";

export const SignSchema = z
  .object({
    versionHash: z.string().regex(/^[0-9a-f]{64}$/),
    typedName: z.string().trim().min(1).max(200),
    capacity: z.enum(["mep", "staff"]),
    staffName: z.string().trim().max(200).optional(),
    staffRole: z.string().trim().max(200).optional(),
    confirm: z.literal("yes"),
  })
  .partial({ staffName: true, staffRole: true });
