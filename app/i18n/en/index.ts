/** All English messages. Each area owns one file; keys are prefixed by area. */
import { common } from "./common";
import { emails } from "./emails";
import { auth } from "./auth";
import { editor } from "./editor";
import { directory } from "./directory";

export const en = {
  ...common,
  ...emails,
  ...auth,
  ...editor,
  ...directory,
} as const;
