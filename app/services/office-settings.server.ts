/**
 * The office's settings, read and saved as one thing: its own Member (picked from the directory), letterhead,
 * default place line, reply clock, time zone and staff-signature rule. Saving writes one audit event naming
 * what changed, from and to.
 */
import type { Db, Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import type { Actor } from "#app/models/scope";
import { getOfficeSettings, updateOfficeSettings, type OfficeSettingsRow } from "#app/models/offices.server";
import { getOfficeClock } from "#app/models/replies.server";
import { getMep } from "#app/models/meps.server";
import type { OfficeSettings } from "#app/domain/office-forms";
import { setOfficeReplyClock } from "./replies.server";

export async function readOfficeSettings(db: Queryable, officeId: string) {
  const [settings, clock] = await Promise.all([getOfficeSettings(db, officeId), getOfficeClock(db, { officeId })]);
  if (!settings) return null;
  const mep = settings.mepId ? await getMep(db, settings.mepId) : null;
  return { ...settings, clock, mep };
}

export type SaveSettingsResult = { ok: true; changed: string[] } | { ok: false; error: "unknown-mep" | "not-found" };

export function saveOfficeSettings(db: Db, actor: Actor, input: OfficeSettings): Promise<SaveSettingsResult> {
  return db.transaction(async (tx): Promise<SaveSettingsResult> => {
    const before = await getOfficeSettings(tx, actor.officeId);
    if (!before) return { ok: false, error: "not-found" };
    if (input.mepId !== null && !(await getMep(tx, input.mepId))) return { ok: false, error: "unknown-mep" };
    const next: OfficeSettingsRow = {
      mepId: input.mepId,
      letterhead: input.letterhead,
      defaultPlaceLine: input.defaultPlaceLine,
      timeZone: input.timeZone,
      staffSignatureConfirmation: input.staffSignatureConfirmation,
    };
    const changed = (Object.keys(next) as Array<keyof OfficeSettingsRow>).filter((k) => before[k] !== next[k]);
    if (changed.length) {
      await updateOfficeSettings(tx, actor.officeId, next);
      await audit(tx, {
        officeId: actor.officeId,
        actorUserId: actor.userId,
        action: "office.settings",
        data: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: next[k] }])),
      });
    }
    const clock = await getOfficeClock(tx, { officeId: actor.officeId });
    const clockChanged =
      clock.dueDays !== input.clock.dueDays ||
      clock.veryOverdueDays !== input.clock.veryOverdueDays ||
      clock.dayKind !== input.clock.dayKind;
    if (clockChanged) await setOfficeReplyClock(tx, actor, input.clock);
    return { ok: true, changed: clockChanged ? [...changed, "clock"] : changed };
  });
}
