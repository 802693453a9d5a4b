/**
 * Publishing a sent letter (issue 14): the office chooses an embargo and which replies to show; from the embargo
 * on, /public/<slug> shows the letter as sent, the signatories as sent (the frozen send, through
 * signatoriesInLetter's document), the chosen replies, the questions with their EP links and the press items,
 * and the Atom feed lists it. Everything private stays out by construction: the page is built from an explicit
 * list of public fields, never from whole rows (no comments, addresses, declines, drafts or internal notes).
 */
import { Feed } from "feed";
import { and, eq } from "drizzle-orm";
import { pressItems } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { publicUrl } from "#app/infra/public-url.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { escapeHtml } from "#app/infra/html";
import { getLetter } from "#app/models/letters.server";
import { getSend, sentDocument } from "#app/models/sending.server";
import { listLetterReplies } from "#app/models/replies.server";
import { listLinkedQuestions } from "#app/models/tracking.server";
import {
  getLivePublication,
  getPublication,
  listLivePublications,
  publishedReplies,
  upsertPublication,
  withdrawPublication,
} from "#app/models/publications.server";
import type { Actor, LetterScope } from "#app/models/scope";
import { answerUrl, questionUrl } from "#app/domain/question-reference";
import type { QuestionType } from "#app/domain/question-reference";

export const publicPath = (slug: string) => `/public/${slug}`;

/** What the office's publication form shows: whether it can publish, the current state, the replies to choose. */
export async function publicationForOffice(db: Queryable, scope: LetterScope, now = new Date()) {
  const [send, publication, replies] = await Promise.all([
    getSend(db, scope),
    getPublication(db, scope),
    listLetterReplies(db, { letterId: scope.letterId, officeId: scope.officeId }),
  ]);
  const state = !publication
    ? "none"
    : publication.withdrawnAt
      ? "withdrawn"
      : publication.embargoUntil > now
        ? "embargoed"
        : "live";
  return {
    sent: Boolean(send),
    state: state as "none" | "withdrawn" | "embargoed" | "live",
    publication: publication
      ? {
          path: publicPath(publication.slug),
          url: publicUrl(publicPath(publication.slug)),
          embargoUntil: publication.embargoUntil,
          replyIds: publication.replyIds,
        }
      : null,
    replies: replies.map((r) => ({ id: r.id, receivedOn: r.receivedOn, senderName: r.senderName, kind: r.kind })),
  };
}

export type PublishProblem = "not-found" | "not-sent" | "reply";

export async function publishLetter(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; embargoUntil: Date; replyIds: string[] },
): Promise<{ ok: true; path: string } | { ok: false; error: PublishProblem }> {
  const scope = { letterId: input.letterId, officeId: actor.officeId };
  const letter = await getLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false, error: "not-found" };
  if (letter.status !== "sent" || !(await getSend(tx, scope))) return { ok: false, error: "not-sent" };
  const replyIds = [...new Set(input.replyIds.map((id) => id.toLowerCase()))];
  if (replyIds.length && (await publishedReplies(tx, scope, replyIds)).length !== replyIds.length)
    return { ok: false, error: "reply" };
  const row = await upsertPublication(tx, actor, { ...input, replyIds });
  await audit(tx, {
    officeId: actor.officeId,
    letterId: input.letterId,
    actorUserId: actor.userId,
    action: "letter.published",
    data: { embargoUntil: input.embargoUntil.toISOString(), replyIds, path: publicPath(row.slug) },
  });
  return { ok: true, path: publicPath(row.slug) };
}

export async function unpublishLetter(tx: Queryable, actor: Actor, letterId: string) {
  const done = await withdrawPublication(tx, { letterId, officeId: actor.officeId });
  if (done)
    await audit(tx, { officeId: actor.officeId, letterId, actorUserId: actor.userId, action: "letter.unpublished" });
  return done;
}

const questionLink = (
  q: { type: string; number: number; year: number; term: number },
  lang: string,
  fn: typeof questionUrl,
) => {
  const r = fn({ type: q.type as QuestionType, number: q.number, year: q.year, term: q.term }, lang);
  return r.ok ? r.value : null;
};

/** The public page of the letter at `slug`, or null (unknown, embargoed, withdrawn: all the same 404). */
export async function publicLetterPage(db: Queryable, slug: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{16}$/.test(slug)) return null;
  const live = await getLivePublication(db, slug, now);
  if (!live) return null;
  const scope = { letterId: live.publication.letterId, officeId: live.publication.officeId };
  const [doc, replies, questions, press] = await Promise.all([
    sentDocument(db, scope),
    publishedReplies(db, scope, live.publication.replyIds),
    listLinkedQuestions(db, scope),
    db
      .select({
        title: pressItems.title,
        outlet: pressItems.outlet,
        publishedOn: pressItems.publishedOn,
        url: pressItems.url,
      })
      .from(pressItems)
      .where(and(eq(pressItems.letterId, scope.letterId), eq(pressItems.officeId, scope.officeId))),
  ]);
  if (!doc) return null;
  const lang = doc.locale;
  const page = {
    slug,
    office: live.office.name,
    language: lang,
    subject: doc.subject,
    sentAt: doc.date,
    place: doc.place,
    addressees: doc.addressees.map((a) => ({ name: a.name, role: a.role, institution: a.institution })),
    salutations: doc.salutations,
    copies: doc.cc ?? [],
    bodyHtml: doc.bodyHtml,
    undersigned: {
      format: doc.undersigned.format,
      lines: doc.undersigned.lines,
      sections: doc.undersigned.sections,
      countLine: doc.undersigned.countLine,
    },
    versionHash: doc.versionHash,
    verifyUrl: doc.verifyUrl,
    replies: replies.map((r) => ({
      receivedOn: r.receivedOn,
      kind: r.kind,
      senderName: r.senderName,
      senderRole: r.senderRole,
      onBehalfOf: r.onBehalfOf,
      body: r.body,
    })),
    questions: questions.map(({ question: q }) => ({
      reference: q.reference,
      title: q.title,
      tabledOn: q.tabledOn,
      answeredOn: q.answeredOn,
      url: questionLink(q, lang, questionUrl),
      answerUrl: q.answeredOn ? (q.answerUrl ?? questionLink(q, lang, answerUrl)) : null,
    })),
    press: press.sort((a, b) => (a.publishedOn < b.publishedOn ? 1 : -1)),
    updatedAt: live.publication.updatedAt.toISOString(),
  };
  // The page changes only when what it shows changes: that is its ETag.
  return { ...page, etag: `"${sha256Hex(JSON.stringify(page)).slice(0, 32)}"` };
}

/** The Atom feed of every live publication, newest first. */
export async function publicFeed(db: Queryable, now = new Date()): Promise<{ xml: string; etag: string }> {
  const items = await listLivePublications(db, now);
  const feed = new Feed({
    title: "Undersigned: published letters",
    id: publicUrl("/public/feed.atom"),
    link: publicUrl("/public/feed.atom"),
    copyright: "",
    updated: items[0] ? items[0].embargoUntil : new Date(0),
    feedLinks: { atom: publicUrl("/public/feed.atom") },
  });
  for (const i of items)
    feed.addItem({
      // The library writes titles as type="html" inside CDATA: escape, so a subject reads as the text it is.
      title: escapeHtml(i.subject),
      id: publicUrl(publicPath(i.slug)),
      link: publicUrl(publicPath(i.slug)),
      date: i.updatedAt > i.embargoUntil ? i.updatedAt : i.embargoUntil,
      published: i.embargoUntil,
      author: [{ name: i.office }],
      description: escapeHtml(i.office),
    });
  const xml = feed.atom1();
  return { xml, etag: `"${sha256Hex(xml).slice(0, 32)}"` };
}
