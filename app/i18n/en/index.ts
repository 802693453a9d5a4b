/** All English messages. Each area owns one file; keys are prefixed by area. */
import { common } from "./common";

export const en = {
  ...common,
} as const;
