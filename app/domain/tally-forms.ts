/** The tally page's targets form (zod), kept out of the route module so zod never ships to the browser. */
import { z } from "zod";
import type { MessageKey } from "#app/i18n";
import type { Targets } from "./tally";
import { groupsOfTerm, NON_ATTACHED, type Term } from "./political-groups";

const optionalCount = (max: number, message: MessageKey) =>
  z
    .string()
    .trim()
    .max(6, message)
    .refine((s) => s === "" || /^\d+$/.test(s), message)
    .transform((s) => (s === "" ? undefined : Number(s)))
    .refine((n) => n === undefined || (n >= 1 && n <= max), message);

export function targetsSchema(term: Term) {
  const eligible = groupsOfTerm(term).filter((g) => g !== NON_ATTACHED) as string[];
  return z
    .object({
      minSignatures: optionalCount(1000, "tally.targets.error.signatures"),
      minGroups: optionalCount(eligible.length, "tally.targets.error.groups"),
      ofGroups: z
        .array(z.string().refine((g) => eligible.includes(g), "tally.targets.error.ofGroups"))
        .max(eligible.length),
      minCountries: optionalCount(27, "tally.targets.error.countries"),
    })
    .superRefine((v, ctx) => {
      if (v.ofGroups.length && v.minGroups === undefined)
        ctx.addIssue({ code: "custom", path: ["minGroups"], message: "tally.targets.error.groupsNeeded" });
      if (v.ofGroups.length && v.minGroups !== undefined && v.minGroups > v.ofGroups.length) {
        ctx.addIssue({ code: "custom", path: ["minGroups"], message: "tally.targets.error.moreThanChosen" });
      }
    })
    .transform((v): Targets => {
      const out: Targets = {};
      if (v.minSignatures !== undefined) out.minSignatures = v.minSignatures;
      if (v.minGroups !== undefined)
        out.minGroups = v.ofGroups.length
          ? { count: v.minGroups, ofGroups: [...new Set(v.ofGroups)] }
          : { count: v.minGroups };
      if (v.minCountries !== undefined) out.minCountries = v.minCountries;
      return out;
    });
}
