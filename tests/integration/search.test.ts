/**
 * Searching the office's published letters: by version text and subject, best first with a snippet, web-search
 * syntax, the search page scoped to the office, and the full-text index the query uses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "#db/client.server";
import { HIT_END, HIT_START, searchLetters, searchLettersSql, snippetParts } from "#app/models/search.server";
import * as searchRoute from "#app/routes/search";
import { closeTestDb, db, dbLabel } from "#tests/setup/db";
import { callLoader } from "#tests/setup/routes";
import { cookieA, cookieB, openWorldFixture, w } from "#tests/setup/world-fixture";
import { createDraftLetter, publish, tag } from "#tests/factories/index";

beforeAll(openWorldFixture);
afterAll(closeTestDb);

describe(`search (${dbLabel()})`, () => {
  it("finds only the office's own letters, by version text and by subject, best first, with a snippet", async () => {
    const word = `zebra${tag()}`;
    const inText = await createDraftLetter(db, w.actorA, {
      subject: `Fisheries ${tag()}`,
      body: `The quota for ${word} fishing in the Baltic must be reviewed.`,
    });
    await publish(db, w.actorA, inText.id);
    const inSubject = await createDraftLetter(db, w.actorA, {
      subject: `On ${word} protection`,
      body: `Nothing relevant here ${tag()}.`,
    });
    await publish(db, w.actorA, inSubject.id);
    const draftOnly = await createDraftLetter(db, w.actorA, {
      subject: `Unpublished ${tag()}`,
      body: `Draft mentions ${word} but was never published.`,
    });
    const otherOffice = await createDraftLetter(db, w.actorB, {
      subject: `B ${word}`,
      body: `Office B also writes about ${word}.`,
    });
    await publish(db, w.actorB, otherOffice.id);

    const hits = await searchLetters(db, { officeId: w.officeA.id, q: word });
    expect(hits.map((h) => h.letterId)).toEqual([inSubject.id, inText.id]);
    expect(hits.map((h) => h.letterId)).not.toContain(draftOnly.id);
    expect(hits.map((h) => h.letterId)).not.toContain(otherOffice.id);
    const textHit = hits.find((h) => h.letterId === inText.id)!;
    expect(textHit.versionNumber).toBe(1);
    expect(textHit.snippet).toContain(`${HIT_START}${word}${HIT_END}`);
    expect(
      snippetParts(textHit.snippet)
        .filter((p) => p.hit)
        .map((p) => p.text),
    ).toEqual([word]);

    const bHits = await searchLetters(db, { officeId: w.officeB.id, q: word });
    expect(bHits.map((h) => h.letterId)).toEqual([otherOffice.id]);

    // Web-search syntax: exclusion and phrases.
    expect((await searchLetters(db, { officeId: w.officeA.id, q: `${word} -baltic` })).map((h) => h.letterId)).toEqual([
      inSubject.id,
    ]);
    expect(
      (await searchLetters(db, { officeId: w.officeA.id, q: `"${word} fishing"` })).map((h) => h.letterId),
    ).toEqual([inText.id]);
    expect(await searchLetters(db, { officeId: w.officeA.id, q: "   " })).toEqual([]);
    expect(await searchLetters(db, { officeId: w.officeA.id, q: "&|!():*" })).toEqual([]);
  });

  it("the search page is scoped to the signed-in office and never shows raw HTML from the text", async () => {
    const word = `qx${tag()}`;
    const l = await createDraftLetter(db, w.actorA, { body: `<b>bold</b> ${word} <script>alert(1)</script>` });
    await publish(db, w.actorA, l.id);
    const a = await callLoader(searchRoute, { path: `/search?q=${word}`, cookie: cookieA });
    const results = (a.data as { results: Array<{ letterId: string; snippet: Array<{ text: string; hit: boolean }> }> })
      .results;
    expect(results.map((r) => r.letterId)).toEqual([l.id]);
    expect(results[0].snippet.some((p) => p.hit && p.text === word)).toBe(true);
    const b = await callLoader(searchRoute, { path: `/search?q=${word}`, cookie: cookieB });
    expect((b.data as { results: unknown[] }).results).toEqual([]);
    expect(b.body).not.toContain(l.id);
  });

  it("the query uses the GIN index on to_tsvector('simple', plain_text)", async () => {
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const res = await tx.execute(sql`explain ${searchLettersSql({ officeId: w.officeA.id, q: "commission" })}`);
      return rowsOf<Record<string, string>>(res)
        .map((r) => Object.values(r)[0])
        .join("\n");
    });
    expect(plan).toContain("letter_versions_fts_idx");
  });
});
