/** All English messages. Each file holds the strings of one thing, and its keys start with that thing's name. */
import { admin } from "./admin";
import { audit } from "./audit";
import { auth } from "./auth";
import { calendar } from "./calendar";
import { campaigns } from "./campaigns";
import { comments } from "./comments";
import { common } from "./common";
import { confirmations } from "./confirmations";
import { dashboard } from "./dashboard";
import { directory } from "./directory";
import { drafts } from "./drafts";
import { editor } from "./editor";
import { emails } from "./emails";
import { exports } from "./exports";
import { invitations } from "./invitations";
import { letters } from "./letters";
import { office } from "./office";
import { offices } from "./offices";
import { memberships } from "./memberships";
import { outsideSignatures } from "./outside-signatures";
import { questions } from "./questions";
import { replies } from "./replies";
import { replyClock } from "./reply-clock";
import { search } from "./search";
import { sending } from "./sending";
import { signatures } from "./signatures";
import { signing } from "./signing";
import { signingDeadline } from "./signing-deadline";
import { tally } from "./tally";
import { templates } from "./templates";
import { undersignedBlock } from "./undersigned-block";
import { unsubscribe } from "./unsubscribe";
import { versions } from "./versions";
import { word } from "./word";

export const en = {
  ...admin,
  ...audit,
  ...auth,
  ...calendar,
  ...campaigns,
  ...comments,
  ...common,
  ...confirmations,
  ...dashboard,
  ...directory,
  ...drafts,
  ...editor,
  ...emails,
  ...exports,
  ...invitations,
  ...letters,
  ...office,
  ...offices,
  ...memberships,
  ...outsideSignatures,
  ...questions,
  ...replies,
  ...replyClock,
  ...search,
  ...sending,
  ...signatures,
  ...signing,
  ...signingDeadline,
  ...tally,
  ...templates,
  ...undersignedBlock,
  ...unsubscribe,
  ...versions,
  ...word,
} as const;
