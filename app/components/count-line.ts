/** The undersigned block's count line ("56 Members of the European Parliament from 7 political groups and 19 member states"). */
import type { T } from "#app/i18n";
import type { CountLine } from "#app/domain/undersigned-block";

/** The count line through the catalog, so other languages can phrase it their own way. */
export function countLineText(t: T, c: CountLine): string {
  const members = t("block.members", { count: c.count });
  const states = t("block.states", { count: c.countries });
  if (c.groups === 0)
    return t("block.countLine.noGroups", {
      members: c.nonAttached ? t("block.nonAttachedMembers", { count: c.count }) : members,
      states,
    });
  const groups = t("block.groups", { count: c.groups });
  if (c.nonAttached)
    return t("block.countLine.withNonAttached", {
      members,
      groups,
      states,
      nonAttached: t("block.nonAttached", { count: c.nonAttached }),
    });
  return t("block.countLine", { members, groups, states });
}
