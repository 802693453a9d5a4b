/** All English messages. Each area owns one file; keys are prefixed by area. */
import { common } from "./common";
import { editor } from "./editor";

export const en = {
  ...common,
  ...editor,
} as const;
