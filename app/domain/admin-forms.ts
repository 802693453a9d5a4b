/** Form schemas (zod) used by route actions; kept out of route modules so zod never ships to the browser. */
import { z } from "zod";

export const MemberSchema = z.object({
  email: z.string().trim().toLowerCase().email("login.invalidEmail").max(254),
  name: z.string().trim().min(1, "letter.error.name").max(200, "letter.error.name"),
  role: z.lazy(() => RoleSchema),
});

export const OfficeSchema = z.object({
  officeName: z.string().trim().min(1, "letter.error.name").max(200),
  contactEmail: z.string().trim().toLowerCase().email("login.invalidEmail").max(254).or(z.literal("")),
  adminEmail: z.string().trim().toLowerCase().email("login.invalidEmail").max(254),
  adminName: z.string().trim().min(1, "letter.error.name").max(200),
});

export const ImportOptionsSchema = z.object({
  /** "" (or no field): the term is worked out from the list itself. */
  term: z
    .enum(["", "9", "10"], { message: "directory.import.error.term" })
    .nullish()
    .transform((s) => (s ? (Number(s) as 9 | 10) : undefined)),
  partial: z.boolean(),
});

export const RoleSchema = z.enum(["mep", "staff", "campaign_lead", "admin"]);
