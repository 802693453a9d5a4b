/** Form schemas (zod) used by route actions; kept out of route modules so zod never ships to the browser. */
import { z } from "zod";

export const RequestSchema = z.object({ email: z.string().trim().toLowerCase().email().max(254) });

export const CodeSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

export const ReauthCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/);
