/** Form schemas (zod) of the directory pages; kept out of route modules so zod never ships to the browser. */
import { z } from "zod";

/** An address field: empty means "no address" (null); otherwise one plain address, stored lower-cased. */
const address = (message: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(254, message)
    .refine((s) => s === "" || (z.string().email().safeParse(s).success && !/[\s,;<>]/.test(s)), message)
    .transform((s) => (s === "" ? null : s));

export const ContactSchema = z.object({
  email: address("directory.contact.error.email"),
  officeEmail: address("directory.contact.error.officeEmail"),
});
