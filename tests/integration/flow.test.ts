/**
 * The thin flow through the real route actions and models, on one database: create a letter →
 * publish → invite three MEPs (one email each, links from PUBLIC_ORIGIN) → each signs through the
 * signing route → close signing → send (twice at once: one send) → log the reply → link the question
 * → the timeline shows every step.
 */
process.env.PUBLIC_ORIGIN = "https://undersigned.example";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEmailSecrets } from "#app/infra/email-secrets.server";
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { addressees, emails, invitations, letters, sends, signatures } from "#db/schema";
import { resetEnvCache } from "#app/infra/env.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { verifyAuditChain } from "#app/infra/audit.server";
import { letterTimeline } from "#app/models/tracking.server";
import { sendLetter } from "#app/services/sending.server";
import * as newRoute from "#app/routes/letters.new";
import * as editRoute from "#app/routes/letters.$letterId.edit";
import * as inviteRoute from "#app/routes/letters.$letterId.invite";
import * as deadlineRoute from "#app/routes/letters.$letterId.deadline";
import * as sendRoute from "#app/routes/letters.$letterId.send";
import * as letterRoute from "#app/routes/letters.$letterId._index";
import * as repliesRoute from "#app/routes/letters.$letterId.replies._index";
import * as signRoute from "#app/routes/sign.$token";
import { createTestDb, usingPostgres } from "#tests/setup/db";
import { callAction, callLoader, freshIp, outcomeOf, sessionCookieFor } from "#tests/setup/routes";
import {
  createDraftLetter,
  createMep,
  createOffice,
  createUser,
  invite,
  publish,
  sign,
  tag,
} from "#tests/factories/index";
// Dates as the app reads them: the calendar day in Brussels, not in UTC (they differ after 22:00 UTC).
import { toIsoDate } from "#app/domain/reply-clock";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;

beforeAll(async () => {
  resetEnvCache();
  handle = await createTestDb();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
  resetEnvCache();
});

describe(`the thin flow (${usingPostgres() ? "postgres" : "pglite"})`, () => {
  it("create → publish → invite 3 → 3 sign → send (twice at once) → reply → question → timeline", async () => {
    const t = tag();
    const office = await createOffice(db, {
      name: `Office of Flow ${t}`,
      contactEmail: `office.flow.${t}@office.test`,
    });
    const staff = await createUser(db, { officeId: office.id, role: "staff", name: "Flow Staff" });
    const { cookie } = await sessionCookieFor(db, staff, office.id);
    const meps = [
      await createMep(db, { givenName: "Ana", familyName: `Primera${t}`, politicalGroup: "S&D", country: "ES" }),
      await createMep(db, { givenName: "Bert", familyName: `Zweiter${t}`, politicalGroup: "EPP", country: "DE" }),
      await createMep(db, { givenName: "Chiara", familyName: `Terza${t}`, politicalGroup: "Renew", country: "IT" }),
    ];

    // 1. Create the letter with its first addressee.
    const subject = `Joint letter on export controls ${t}`;
    const created = await callAction(newRoute, {
      path: "/letters/new",
      cookie,
      form: {
        subject,
        language: "en",
        bodyText: "Dear Commissioner,\n\nWe ask you to act on export controls.",
        a_name: "Valdis Dombrovskis",
        a_role: "Executive Vice-President",
        a_salutation: "Dear Executive Vice-President",
        a_email: `evp.${t}@ec.test`,
      },
    });
    expect(outcomeOf(created)).toBe("redirect");
    const letterId = /\/letters\/([0-9a-f-]{36})\/edit/.exec(created.location!)![1];
    const params = { letterId };
    const added = await callAction(editRoute, {
      path: `/letters/${letterId}/edit`,
      params,
      cookie,
      form: {
        intent: "add-addressee",
        name: "Josep Borrell",
        role: "High Representative",
        institution: "",
        salutation: "Dear High Representative",
        email: `hrvp.${t}@ec.test`,
        kind: "to",
      },
    });
    expect(added.status).toBe(200);

    // 2. Publish version 1.
    const [draft] = await db.select().from(letters).where(eq(letters.id, letterId));
    const published = await callAction(editRoute, {
      path: `/letters/${letterId}/edit`,
      params,
      cookie,
      form: {
        intent: "publish",
        revision: String(draft.draftRevision),
        subject,
        language: "en",
        bodyText: "Dear Commissioner,\n\nWe ask you to act on export controls.",
        kind: "substantive",
      },
    });
    expect(outcomeOf(published)).toBe("redirect");

    // 3. Invite three MEPs: one email each, with a /sign/<token> link on the public origin, nobody else's address.
    const invited = await callAction(inviteRoute, {
      path: `/letters/${letterId}/invite`,
      params,
      cookie,
      form: { intent: "selected", mepId: meps.map((m) => String(m.id)) },
    });
    expect(invited.status).toBe(200);
    const invitationMails = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, letterId), eq(emails.kind, "invitation")));
    expect(invitationMails.map((m) => m.toAddress).sort()).toEqual(meps.map((m) => m.email!.toLowerCase()).sort());
    const tokens: string[] = [];
    for (const mail of invitationMails) {
      const opened = openEmailSecrets(mail);
      const links = [...opened.html.matchAll(/https:\/\/undersigned\.example\/sign\/([A-Za-z0-9_-]{43})/g)].map(
        (m) => m[1],
      );
      expect(links.length).toBeGreaterThan(0);
      expect(new Set(links).size).toBe(1);
      expect(opened.text).toContain(`https://undersigned.example/sign/${links[0]}`);
      // At rest the link is sealed, never in the stored text.
      expect(mail.text).not.toContain(links[0]);
      expect(mail.html).not.toMatch(/localhost/);
      for (const other of meps.map((m) => m.email!.toLowerCase()).filter((e) => e !== mail.toAddress)) {
        expect(mail.html).not.toContain(other);
        expect(mail.text).not.toContain(other);
      }
      const [inv] = await db
        .select()
        .from(invitations)
        .where(eq(invitations.tokenHash, sha256Hex(links[0])));
      expect(inv.inviteeEmail).toBe(mail.toAddress);
      tokens.push(links[0]);
    }

    // 4. Each invitee opens the link (GET) and signs with a deliberate POST carrying the hash they saw.
    for (const token of tokens) {
      const page = await callLoader(signRoute, { path: `/sign/${token}`, params: { token }, ip: freshIp() });
      expect(page.status).toBe(200);
      const p = page.data as { version: { sha256: string }; mep: { name: string } };
      const signed = await callAction(signRoute, {
        path: `/sign/${token}`,
        params: { token },
        ip: freshIp(),
        form: { intent: "sign", versionHash: p.version.sha256, typedName: p.mep.name, capacity: "mep", confirm: "yes" },
      });
      expect(signed.status).toBe(200);
      expect((signed.data as { message: string }).message).toBe("sign.done");
    }
    const officeView = await callLoader(letterRoute, { path: `/letters/${letterId}`, params, cookie });
    expect((officeView.data as { signatures: unknown[] }).signatures).toHaveLength(3);

    // 5. Close signing, then press "send" twice at the same moment: one send, one email per addressee.
    const closed = await callAction(deadlineRoute, {
      path: `/letters/${letterId}/deadline`,
      params,
      cookie,
      form: { intent: "close" },
    });
    expect(closed.status).toBe(200);
    const sendLoader = await callLoader(sendRoute, { path: `/letters/${letterId}/send`, params, cookie });
    expect(sendLoader.status).toBe(200);
    const [version] = await db.query.letterVersions.findMany({ where: (v, o) => o.eq(v.letterId, letterId) });
    const presses = await Promise.all(
      [0, 1].map(() =>
        callAction(sendRoute, {
          path: `/letters/${letterId}/send`,
          params,
          cookie,
          form: { intent: "send", versionHash: version.sha256 },
        }),
      ),
    );
    expect(presses.map(outcomeOf).sort()).toEqual(["409", "redirect"]);
    expect(await db.select().from(sends).where(eq(sends.letterId, letterId))).toHaveLength(1);
    const letterMails = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, letterId), eq(emails.kind, "letter")));
    expect(letterMails.map((m) => m.toAddress).sort()).toEqual([`evp.${t}@ec.test`, `hrvp.${t}@ec.test`].sort());
    const [sentLetter] = await db.select().from(letters).where(eq(letters.id, letterId));
    expect(sentLetter.status).toBe("sent");

    // 6. Log the reply (one joint answer for every addressee) and link the parliamentary question.
    const addresseeIds = (
      await db.select({ id: addressees.id }).from(addressees).where(eq(addressees.letterId, letterId))
    ).map((a) => a.id);
    const reply = await callAction(repliesRoute, {
      path: `/letters/${letterId}/replies`,
      params,
      cookie,
      form: {
        intent: "log",
        addresseeId: addresseeIds,
        receivedOn: toIsoDate(new Date()),
        senderName: "Valdis Dombrovskis",
        senderRole: "Executive Vice-President",
        theirReference: "Ares(2023)1234567",
        kind: "substantive",
        body: "Thank you for your letter.",
      },
    });
    expect(reply.status).toBe(200);
    const question = await callAction(letterRoute, {
      path: `/letters/${letterId}`,
      params,
      cookie,
      form: { intent: "question", reference: "E-000213/2022", note: "" },
    });
    expect(question.status).toBe(200);
    const badQuestion = await callAction(letterRoute, {
      path: `/letters/${letterId}`,
      params,
      cookie,
      form: { intent: "question", reference: "E-0002/20222" },
    });
    expect(badQuestion.status).toBe(400);

    // 7. The timeline tells the whole story, and the audit chain holds.
    const timeline = await letterTimeline(db, { letterId, officeId: office.id });
    const kinds = new Set(timeline.map((e) => e.kind));
    for (const k of ["version", "invitations", "signatures", "sent", "reply", "question"])
      expect(kinds, k).toContain(k);
    expect(timeline.find((e) => e.kind === "question")!.vars.reference).toBe("E-000213/2022");
    // Three signatures on one day are one entry that counts them.
    expect(timeline.filter((e) => e.kind === "signatures").reduce((n, e) => n + Number(e.vars.count), 0)).toBe(3);
    const page = await callLoader(letterRoute, { path: `/letters/${letterId}`, params, cookie });
    expect((page.data as { timeline: { kind: string }[] }).timeline.map((e) => e.kind)).toEqual(
      timeline.map((e) => e.kind),
    );
    expect((await verifyAuditChain(db, { officeId: office.id, letterId })).broken).toEqual([]);
  });

  it("sendLetter called twice in parallel (two instances): one send row, one email per addressee", async () => {
    const office = await createOffice(db);
    const staff = await createUser(db, { officeId: office.id });
    const actor = { userId: staff.id, officeId: office.id };
    const t = tag();
    const letter = await createDraftLetter(db, actor, {
      addressees: [
        { name: "One", email: `one.${t}@ec.test` },
        { name: "Two", email: `two.${t}@ec.test` },
        { name: "Three", email: `three.${t}@ec.test` },
      ],
    });
    const version = await publish(db, actor, letter.id);
    const m = await createMep(db);
    const [inv] = await invite(db, actor, letter.id, [m.id]);
    expect((await sign(db, inv.token, version.sha256, inv.name)).ok).toBe(true);
    await db.update(letters).set({ signingClosedAt: new Date() }).where(eq(letters.id, letter.id));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => db.transaction((tx) => sendLetter(tx, actor, { letterId: letter.id }))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === "already-sent")).toHaveLength(4);
    expect(await db.select().from(sends).where(eq(sends.letterId, letter.id))).toHaveLength(1);
    const letterMails = await db
      .select()
      .from(emails)
      .where(and(eq(emails.letterId, letter.id), eq(emails.kind, "letter")));
    expect(letterMails.map((e) => e.toAddress).sort()).toEqual([
      `one.${t}@ec.test`,
      `three.${t}@ec.test`,
      `two.${t}@ec.test`,
    ]);
  });

  it("a send whose transaction fails queues no email and records no send", async () => {
    const office = await createOffice(db);
    const staff = await createUser(db, { officeId: office.id });
    const actor = { userId: staff.id, officeId: office.id };
    const letter = await createDraftLetter(db, actor);
    const version = await publish(db, actor, letter.id);
    const [inv] = await invite(db, actor, letter.id, [(await createMep(db)).id]);
    await sign(db, inv.token, version.sha256, inv.name);
    await db.update(letters).set({ signingClosedAt: new Date() }).where(eq(letters.id, letter.id));
    await expect(
      db.transaction(async (tx) => {
        const r = await sendLetter(tx, actor, { letterId: letter.id });
        expect(r.ok).toBe(true);
        throw new Error("crash after queueing");
      }),
    ).rejects.toThrow("crash after queueing");
    expect(await db.select().from(emails).where(eq(emails.letterId, letter.id))).toEqual([]);
    expect(await db.select().from(sends).where(eq(sends.letterId, letter.id))).toEqual([]);
    expect((await db.select().from(letters).where(eq(letters.id, letter.id)))[0].status).toBe("collecting");
    expect(await db.select().from(signatures).where(eq(signatures.letterId, letter.id))).toHaveLength(1);
  });
});
