import { relations } from "drizzle-orm";
import * as s from "./schema";

export const officesRelations = relations(s.offices, ({ many, one }) => ({
  memberships: many(s.memberships),
  letters: many(s.letters),
  mep: one(s.meps, { fields: [s.offices.mepId], references: [s.meps.id] }),
}));
export const usersRelations = relations(s.users, ({ many }) => ({ memberships: many(s.memberships) }));
export const membershipsRelations = relations(s.memberships, ({ one }) => ({
  office: one(s.offices, { fields: [s.memberships.officeId], references: [s.offices.id] }),
  user: one(s.users, { fields: [s.memberships.userId], references: [s.users.id] }),
}));
export const lettersRelations = relations(s.letters, ({ one, many }) => ({
  office: one(s.offices, { fields: [s.letters.officeId], references: [s.offices.id] }),
  campaign: one(s.campaigns, { fields: [s.letters.campaignId], references: [s.campaigns.id] }),
  versions: many(s.letterVersions),
  addressees: many(s.addressees),
  invitations: many(s.invitations),
  signatures: many(s.signatures),
  replies: many(s.replies),
}));
export const letterVersionsRelations = relations(s.letterVersions, ({ one }) => ({
  letter: one(s.letters, { fields: [s.letterVersions.letterId], references: [s.letters.id] }),
}));
export const addresseesRelations = relations(s.addressees, ({ one }) => ({
  letter: one(s.letters, { fields: [s.addressees.letterId], references: [s.letters.id] }),
}));
export const invitationsRelations = relations(s.invitations, ({ one }) => ({
  letter: one(s.letters, { fields: [s.invitations.letterId], references: [s.letters.id] }),
  mep: one(s.meps, { fields: [s.invitations.mepId], references: [s.meps.id] }),
}));
export const signaturesRelations = relations(s.signatures, ({ one }) => ({
  letter: one(s.letters, { fields: [s.signatures.letterId], references: [s.letters.id] }),
  mep: one(s.meps, { fields: [s.signatures.mepId], references: [s.meps.id] }),
  version: one(s.letterVersions, { fields: [s.signatures.versionId], references: [s.letterVersions.id] }),
}));
export const repliesRelations = relations(s.replies, ({ one, many }) => ({
  letter: one(s.letters, { fields: [s.replies.letterId], references: [s.letters.id] }),
  addressees: many(s.replyAddressees),
}));
export const replyAddresseesRelations = relations(s.replyAddressees, ({ one }) => ({
  reply: one(s.replies, { fields: [s.replyAddressees.replyId], references: [s.replies.id] }),
  addressee: one(s.addressees, { fields: [s.replyAddressees.addresseeId], references: [s.addressees.id] }),
}));
export const campaignsRelations = relations(s.campaigns, ({ many }) => ({ letters: many(s.letters) }));
