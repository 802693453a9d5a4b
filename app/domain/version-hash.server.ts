/** SHA-256 (hex) of a letter version's canonical form; server-only because it uses node:crypto. */
import { createHash } from "node:crypto";
import { canonicalVersionText, type VersionHashInput } from "./version-hash";

export { canonicalVersionText, type VersionHashInput } from "./version-hash";

export function versionHash(v: VersionHashInput): string {
  return createHash("sha256").update(canonicalVersionText(v), "utf8").digest("hex");
}
