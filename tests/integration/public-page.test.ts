/**
 * Public pages (issue 14): a sent letter published with an embargo is 404 before it and public after, with the
 * letter as sent, the signatories as sent, only the replies the office chose, its questions with EP links and its
 * press items; it is in the Atom feed from then on; withdrawing makes it 404 again. Nothing private reaches the
 * page: every private value of the fixture (e-mail addresses, a comment, a declined Member and the reason, the
 * reply not chosen, a press item's internal note) is looked for in everything the page sends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XMLParser } from "fast-xml-parser";
import { createMep } from "#tests/factories/index";
import { addMemberComment } from "#app/models/comments.server";
import { addReply, linkQuestion } from "#app/models/tracking.server";
import { declineByToken, inviteMeps } from "#app/models/signing.server";
import { addPressItem, createCampaign } from "#app/models/campaigns.server";
import { sendLetter } from "#app/services/sending.server";
import { publicFeed, publishLetter } from "#app/services/publications.server";
import { etagMatches } from "#app/web/etag";
import * as publicRoute from "#app/routes/public.$slug";
import * as manageRoute from "#app/routes/letters.$letterId.public";
import { closeTestDb, db, openTestDb } from "#tests/setup/db";
import { callAction, callLoader, sessionCookieFor } from "#tests/setup/routes";
import { createSendingWorld, type SendingWorld } from "./sending.fixtures";
import { eq } from "drizzle-orm";
import { letters } from "#db/schema";

let world: SendingWorld;
let cookie: string;
const secrets: string[] = [];
let chosenReplyId = "";
const HOUR = 3_600_000;

beforeAll(async () => {
  await openTestDb();
  world = await createSendingWorld(db, { signers: 2, closeSigning: false });
  const t = world.t;
  // A Member who declines, with a reason: neither may appear.
  const decliner = await createMep(db, {
    givenName: "Declan",
    familyName: `Decliner${t}`,
    country: "IE",
    politicalGroup: "EPP",
    email: `decliner.${t}@ep.test`,
  });
  const invited = await db.transaction((tx) =>
    inviteMeps(tx, world.actor, { letterId: world.letter.id, mepIds: [decliner.id] }),
  );
  if (!invited.ok) throw new Error("invite");
  await db.transaction((tx) => declineByToken(tx, { token: invited.invited[0].token, reason: `Not our line ${t}` }));
  const comment = await db.transaction((tx) =>
    addMemberComment(
      tx,
      { ...world.actor, name: "Staff" },
      { letterId: world.letter.id, body: `Internal remark ${t}` },
    ),
  );
  if (!comment.ok) throw new Error("comment");
  await db.update(letters).set({ signingClosedAt: new Date() }).where(eq(letters.id, world.letter.id));
  const sent = await sendLetter(db, world.actor, { letterId: world.letter.id });
  if (!sent.ok) throw new Error(`send: ${sent.error}`);

  const chosen = await db.transaction((tx) =>
    addReply(tx, world.actor, {
      letterId: world.letter.id,
      receivedOn: "2022-02-10",
      senderName: "Ursula von der Leyen",
      kind: "substantive",
      body: `The Commission shares your concern ${t}.`,
    }),
  );
  const hidden = await db.transaction((tx) =>
    addReply(tx, world.actor, {
      letterId: world.letter.id,
      receivedOn: "2022-02-01",
      senderName: "Secretariat-General",
      kind: "acknowledgement",
      body: `Unpublished reply ${t}`,
    }),
  );
  if (!chosen.ok || !hidden.ok) throw new Error("replies");
  chosenReplyId = chosen.reply.id;
  await db.transaction((tx) =>
    linkQuestion(tx, world.actor, {
      letterId: world.letter.id,
      question: {
        type: "E",
        number: 213,
        year: 2022,
        term: 9,
        reference: "E-000213/2022",
        title: "Joint letter follow-up",
        tabledOn: "2022-01-14",
      },
    }),
  );
  const campaign = await db.transaction((tx) =>
    createCampaign(tx, world.actor, { title: `Campaign ${t}`, summary: `Campaign strategy ${t}` }),
  );
  await db.update(letters).set({ campaignId: campaign.id }).where(eq(letters.id, world.letter.id));
  await db.transaction((tx) =>
    addPressItem(tx, world.actor, campaign.id, {
      title: "MEPs write to the Commission",
      outlet: "Le Soir",
      publishedOn: "2022-01-20",
      url: "https://example.org/story",
      note: `Press contact internal note ${t}`,
      letterId: world.letter.id,
    }),
  );
  secrets.push(
    world.user.email,
    `president.${t}@ec.test`,
    `breton.${t}@ec.test`,
    `cab.${t}@ec.test`,
    `decliner.${t}@ep.test`,
    `Decliner${t}`,
    `Not our line ${t}`,
    `Internal remark ${t}`,
    `Unpublished reply ${t}`,
    `Press contact internal note ${t}`,
    `Campaign strategy ${t}`,
    world.office.contactEmail ?? "",
    ...world.signers.map((m) => `mep${m.id}`),
    ...world.invitations.map((i) => i.token),
  );
  cookie = (await sessionCookieFor(db, world.user, world.office.id)).cookie;
}, 120_000);
afterAll(closeTestDb);

const manage = (form?: Record<string, string | string[]>) => {
  const opts = { path: `/letters/${world.letter.id}/public`, params: { letterId: world.letter.id }, cookie };
  return form ? callAction<any>(manageRoute, { ...opts, form }) : callLoader<any>(manageRoute, opts);
};
const visit = (path: string) => {
  const slug = path.split("/").pop()!;
  return callLoader<any>(publicRoute, { path, params: { slug } });
};

describe("a published letter", () => {
  it("is 404 under embargo, public after it with only what the office chose, and 404 again once withdrawn", async () => {
    const soon = new Date(Date.now() + 2 * HOUR);
    const local = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Brussels",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .format(soon)
      .replace(" ", "T");
    const r = await manage({ intent: "publish", embargo: local, replyId: [chosenReplyId] });
    expect(r.status).toBe(200);
    const state = await manage();
    expect(state.data.state).toBe("embargoed");
    const path: string = state.data.publication.path;
    expect(path).toMatch(/^\/public\/[A-Za-z0-9_-]{16}$/);
    expect((await visit(path)).status).toBe(404);
    expect((await publicFeed(db)).xml).not.toContain(path);

    // The embargo passes (set it in the past rather than wait).
    const past = await db.transaction((tx) =>
      publishLetter(tx, world.actor, {
        letterId: world.letter.id,
        embargoUntil: new Date(Date.now() - HOUR),
        replyIds: [chosenReplyId],
      }),
    );
    expect(past).toEqual({ ok: true, path });
    const page = await visit(path);
    expect(page.status).toBe(200);
    expect(page.data.subject).toBe(world.letter.subject);
    expect(page.data.undersigned.countLine.count).toBe(world.signers.length);
    expect(page.data.replies.map((x: any) => x.senderName)).toEqual(["Ursula von der Leyen"]);
    expect(page.data.questions[0]).toMatchObject({
      reference: "E-000213/2022",
      url: expect.stringMatching(/^https:\/\/www\.europarl\.europa\.eu\/doceo\/document\/E-9-2022-000213_EN\.html$/),
    });
    expect(page.data.press).toEqual([
      {
        title: "MEPs write to the Commission",
        outlet: "Le Soir",
        publishedOn: "2022-01-20",
        url: "https://example.org/story",
      },
    ]);
    for (const s of secrets) expect(page.body, `the public page shows ${s}`).not.toContain(s);
    // Cacheable, and the same ETag for the same content.
    const etag = page.headers.get("ETag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await visit(path)).headers.get("ETag")).toBe(etag);

    const feed = await publicFeed(db);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(feed.xml);
    const entries = [parsed.feed.entry].flat();
    const entry = entries.find((e: any) => String(e.id).endsWith(path));
    expect(entry?.title["#text"]).toBe(world.letter.subject);
    for (const s of secrets) expect(feed.xml).not.toContain(s);

    expect((await manage({ intent: "withdraw" })).status).toBe(200);
    expect((await visit(path)).status).toBe(404);
    expect((await publicFeed(db)).xml).not.toContain(path);
  });

  it("refuses a reply of another letter, a bad date and an unsent letter, and changes nothing", async () => {
    const before = (await manage()).data;
    const other = await createSendingWorld(db, { signers: 1, closeSigning: false });
    const foreign = await db.transaction((tx) =>
      addReply(tx, other.actor, {
        letterId: other.letter.id,
        receivedOn: "2022-02-10",
        senderName: "X",
        kind: "substantive",
        body: "x",
      }),
    );
    if (!foreign.ok) throw new Error("reply");
    const bad = await manage({ intent: "publish", embargo: "2026-12-03T09:00", replyId: [foreign.reply.id] });
    expect(bad.status).toBe(400);
    expect((await manage({ intent: "publish", embargo: "03/12/2026 9am" })).status).toBe(400);
    expect((await manage({ intent: "publish", embargo: "2026-12-03T09:00", replyId: ["x"] })).status).toBe(400);
    expect((await manage()).data).toEqual(before);
    // The other office's letter is not sent: 409, and nothing is published.
    const otherCookie = (await sessionCookieFor(db, other.user, other.office.id)).cookie;
    const unsent = await callAction<any>(manageRoute, {
      path: `/letters/${other.letter.id}/public`,
      params: { letterId: other.letter.id },
      cookie: otherCookie,
      form: { intent: "publish", embargo: "2026-12-03T09:00" },
    });
    expect(unsent.status).toBe(409);
    // And this office cannot publish the other office's letter at all.
    const cross = await callAction<any>(manageRoute, {
      path: `/letters/${other.letter.id}/public`,
      params: { letterId: other.letter.id },
      cookie,
      form: { intent: "publish", embargo: "2026-12-03T09:00" },
    });
    expect(cross.status).toBe(404);
  });

  it("answers 404 for unknown and malformed addresses alike", async () => {
    for (const slug of ["AAAAAAAAAAAAAAAA", "x", "../../etc/passwd", "a".repeat(500)])
      expect((await callLoader(publicRoute, { path: `/public/x`, params: { slug } })).status).toBe(404);
  });
});

describe("etagMatches", () => {
  it("matches a listed tag, weak or strong, and *", () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc", "def"', '"abc"')).toBe(true);
    expect(etagMatches("*", '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
    expect(etagMatches(null, '"abc"')).toBe(false);
  });
});
