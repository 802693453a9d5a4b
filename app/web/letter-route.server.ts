/** Shared start of every /letters/:letterId route: the user, then the letter scoped to their office (404 otherwise). */
import type { Role } from "#db/schema";
import { getDb } from "#app/infra/db.server";
import { requireUuid } from "#app/infra/ids";
import { CAN_TRACK, requireRole } from "./session.server";
import { getLetter } from "#app/models/letters.server";
import { notFound } from "./http.server";

export async function requireLetter(request: Request, params: { letterId?: string }, roles: Role[] = CAN_TRACK) {
  const id = requireUuid(params.letterId);
  const ctx = await requireRole(request, roles);
  const db = await getDb();
  const letter = await getLetter(db, { id, officeId: ctx.office.id });
  if (!letter) throw notFound();
  return { ctx, db, letter, actor: { userId: ctx.user.id, officeId: ctx.office.id } };
}
