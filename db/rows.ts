/** Row types of the main tables, named by noun: import these instead of writing `typeof table.$inferSelect`. */
import type {
  addressees,
  campaigns,
  invitations,
  letters,
  letterVersions,
  meps,
  offices,
  sends,
  signatures,
  users,
} from "./schema";

export type Office = typeof offices.$inferSelect;
export type User = typeof users.$inferSelect;
export type Letter = typeof letters.$inferSelect;
export type LetterVersion = typeof letterVersions.$inferSelect;
export type Addressee = typeof addressees.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type Signature = typeof signatures.$inferSelect;
export type Send = typeof sends.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
export type MepRow = typeof meps.$inferSelect;
