/** All English messages. Each area owns one file; keys are prefixed by area. */
import { common } from "./common";
import { auth } from "./auth";
import { editor } from "./editor";

export const en = {
  ...common,
  ...auth,
  ...editor,
} as const;
