/**
 * The letter's timeline (letterTimeline, shown on the letter page) tells what happened, once each: replies after the
 * versions they answer, a Member's name once per entry, a withdrawal counted only when someone withdrew (not when a
 * signature made way for a re-confirmation), and the comments, the closing of signing and the pasted lists it used
 * to leave out. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/client.server";
import { letterTimeline, addReply, type TimelineEntry } from "#app/models/tracking.server";
import { addMemberComment } from "#app/models/comments.server";
import { recordOutsideSignatures } from "#app/models/outside-signatures.server";
import { closeSigning } from "#app/models/reminders.server";
import { declineByToken, withdrawByToken } from "#app/models/signing.server";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import {
  createDraftLetter,
  createMep,
  createOffice,
  createUser,
  invite,
  publish,
  publishNewText,
  sign,
  tag,
} from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;
const label = usingPostgres() ? "postgres" : "pglite";

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

const namesOf = (e: TimelineEntry) =>
  String(e.vars.names ?? e.vars.name ?? "")
    .split(", ")
    .filter((n) => n && n !== "…");
const total = (entries: TimelineEntry[], kind: TimelineEntry["kind"]) =>
  entries.filter((e) => e.kind === kind).reduce((n, e) => n + Number(e.vars.count ?? 1), 0);

describe(`the letter's timeline (${label})`, () => {
  it("re-confirmations, withdrawals, declines, comments, pasted lists, closing and replies, each once and in order", async () => {
    const t = tag();
    const office = await createOffice(db);
    const user = await createUser(db, { officeId: office.id, name: `Tess Timeline ${t}` });
    const actor = { userId: user.id, officeId: office.id };
    const letter = await createDraftLetter(db, actor);
    const v1 = await publish(db, actor, letter.id);
    const mk = (given: string) => createMep(db, { givenName: given, familyName: `Story${t}` });
    const [a, b, c, d] = [await mk("Alma"), await mk("Bert"), await mk("Cora"), await mk("Dino")];
    const [invA, invB, invC] = await invite(db, actor, letter.id, [a.id, b.id, c.id]);
    expect((await sign(db, invA.token, v1.sha256, invA.name)).ok).toBe(true);
    expect((await sign(db, invB.token, v1.sha256, invB.name)).ok).toBe(true);

    // A substantive version: Alma signs again (her v1 signature makes way), Bert withdraws.
    const v2 = await publishNewText(db, actor, letter.id, "A substantively different text.", "substantive");
    expect((await sign(db, invA.token, v2.sha256, invA.name)).ok).toBe(true);
    expect(await db.transaction((tx) => withdrawByToken(tx, { token: invB.token }))).toMatchObject({
      status: "withdrawn",
    });
    // Cora declines, then changes her mind and signs.
    expect((await db.transaction((tx) => declineByToken(tx, { token: invC.token, reason: null }))).ok).toBe(true);
    expect((await sign(db, invC.token, v2.sha256, invC.name)).ok).toBe(true);
    // A comment, a pasted list, signing closed.
    const comment = await db.transaction((tx) =>
      addMemberComment(tx, { ...actor, name: user.name }, { letterId: letter.id, body: "Shorter, please." }),
    );
    expect(comment.ok).toBe(true);
    const pasted = await db.transaction((tx) =>
      recordOutsideSignatures(tx, actor, {
        letterId: letter.id,
        sourceNote: "Paper list from the plenary",
        choices: [{ mepId: d.id, input: `Dino Story${t}` }],
      }),
    );
    expect(pasted.ok).toBe(true);
    expect((await db.transaction((tx) => closeSigning(tx, actor, { letterId: letter.id }))).ok).toBe(true);
    // A reply logged with a date before the versions it answers were published (typed in late, from paper).
    const reply = await db.transaction((tx) =>
      addReply(tx, actor, {
        letterId: letter.id,
        receivedOn: "2024-03-01",
        senderName: "DG HOME",
        kind: "holding",
        body: "We will answer.",
      }),
    );
    expect(reply.ok).toBe(true);

    const timeline = await letterTimeline(db, { letterId: letter.id, officeId: office.id });
    const kinds = timeline.map((e) => e.kind);

    // No name twice in one entry.
    for (const e of timeline)
      expect(new Set(namesOf(e)).size, `${e.key} ${String(e.vars.names)}`).toBe(namesOf(e).length);
    // First signatures: Alma, Bert, Cora, once each; Alma's second is a re-confirmation; Dino came from a list.
    expect(total(timeline, "signatures")).toBe(3);
    expect(
      timeline
        .filter((e) => e.kind === "signatures")
        .flatMap(namesOf)
        .sort(),
    ).toEqual([invA.name, invB.name, invC.name].sort());
    expect(timeline.filter((e) => e.kind === "reconfirmed").flatMap(namesOf)).toEqual([invA.name]);
    expect(timeline.find((e) => e.kind === "pasted")).toMatchObject({
      vars: { count: 1, source: "Paper list from the plenary" },
    });
    // One withdrawal: Bert's.
    expect(total(timeline, "withdrawn")).toBe(1);
    expect(timeline.filter((e) => e.kind === "withdrawn").flatMap(namesOf)).toEqual([invB.name]);
    // Cora's decline stays in the story although she signed later.
    expect(timeline.filter((e) => e.kind === "declined").flatMap(namesOf)).toEqual([invC.name]);
    expect(kinds).toContain("comments");
    expect(kinds).toContain("closed");
    // The reply comes after the versions it answers, and is dated by the day it was received.
    const lastVersion = kinds.lastIndexOf("version");
    const replyAt = kinds.indexOf("reply");
    expect(replyAt).toBeGreaterThan(lastVersion);
    expect(timeline[replyAt]).toMatchObject({ day: "2024-03-01" });
  });
});
