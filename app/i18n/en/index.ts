/** All English messages. Each area owns one file; keys are prefixed by area. */
import { common } from "./common";
import { emails } from "./emails";
import { auth } from "./auth";
import { letters } from "./letters";
import { signing } from "./signing";
import { admin } from "./admin";
import { editor } from "./editor";
import { directory } from "./directory";
import { cosigning } from "./cosigning";
import { sending } from "./sending";
import { drafting } from "./drafting";
import { analysis } from "./analysis";

export const en = {
  ...common,
  ...emails,
  ...auth,
  ...letters,
  ...signing,
  ...admin,
  ...editor,
  ...directory,
  ...cosigning,
  ...sending,
  ...drafting,
  ...analysis,
} as const;
