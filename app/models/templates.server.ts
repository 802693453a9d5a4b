/** Letter templates: an office's saved starting points (subject, language and text; never versions or signatures). */
import { and, asc, eq } from "drizzle-orm";
import { letterTemplates, users } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { renderLetterBody } from "#app/editor/render.server";
import { emptyEditorJson } from "#app/editor/build";
import { createLetter, getLetter } from "./letters.server";
import type { Actor } from "./scope";

export const TEMPLATE_NAME_MAX = 120;

export async function listTemplates(db: Queryable, { officeId }: { officeId: string }) {
  return db
    .select({
      id: letterTemplates.id,
      name: letterTemplates.name,
      subject: letterTemplates.subject,
      language: letterTemplates.language,
      createdAt: letterTemplates.createdAt,
      createdByName: users.name,
    })
    .from(letterTemplates)
    .leftJoin(users, eq(users.id, letterTemplates.createdBy))
    .where(eq(letterTemplates.officeId, officeId))
    .orderBy(asc(letterTemplates.name), asc(letterTemplates.createdAt));
}

export async function getTemplate(db: Queryable, { id, officeId }: { id: string; officeId: string }) {
  const [row] = await db
    .select()
    .from(letterTemplates)
    .where(and(eq(letterTemplates.id, id), eq(letterTemplates.officeId, officeId)))
    .limit(1);
  return row ?? null;
}

function cleanName(name: string) {
  return name
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "")
    .trim()
    .slice(0, TEMPLATE_NAME_MAX);
}

/** Saves a letter's subject, language and current working draft as a template of its office. */
export async function saveLetterAsTemplate(tx: Queryable, actor: Actor, input: { letterId: string; name: string }) {
  const name = cleanName(input.name);
  if (!name) return { ok: false as const, error: "name" as const };
  const letter = await getLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  // Stored drafts were validated on save; render again so a template can never hold what the editor would refuse.
  const rendered = renderLetterBody(letter.draftJson ?? emptyEditorJson());
  if (!rendered.ok) return { ok: false as const, error: "invalid" as const };
  const [row] = await tx
    .insert(letterTemplates)
    .values({
      officeId: actor.officeId,
      name,
      subject: letter.subject,
      language: letter.language,
      draftJson: rendered.json,
      createdBy: actor.userId,
    })
    .returning();
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: "template.saved",
    data: { templateId: row.id, name },
  });
  return { ok: true as const, template: row };
}

export async function deleteTemplate(tx: Queryable, actor: Actor, { id }: { id: string }) {
  const removed = await tx
    .delete(letterTemplates)
    .where(and(eq(letterTemplates.id, id), eq(letterTemplates.officeId, actor.officeId)))
    .returning({ id: letterTemplates.id, name: letterTemplates.name });
  if (!removed.length) return { ok: false as const, error: "not-found" as const };
  await audit(tx, {
    officeId: actor.officeId,
    actorUserId: actor.userId,
    action: "template.deleted",
    data: { templateId: removed[0].id, name: removed[0].name },
  });
  return { ok: true as const };
}

/** A new draft letter from a template of the office: subject, language and text; no addressees, versions or signatures. */
export async function createLetterFromTemplate(tx: Queryable, actor: Actor, { templateId }: { templateId: string }) {
  const template = await getTemplate(tx, { id: templateId, officeId: actor.officeId });
  if (!template) return { ok: false as const, error: "not-found" as const };
  const rendered = renderLetterBody(template.draftJson);
  const created = await createLetter(tx, actor, {
    subject: template.subject,
    language: template.language,
    draftJson: rendered.ok ? rendered.json : null,
  });
  if (!created.ok) return { ok: false as const, error: "not-found" as const };
  await audit(tx, {
    officeId: actor.officeId,
    letterId: created.letter.id,
    actorUserId: actor.userId,
    action: "letter.fromTemplate",
    data: { templateId: template.id, name: template.name },
  });
  return { ok: true as const, letter: created.letter };
}
