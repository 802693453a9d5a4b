/**
 * Signature deadlines and reminders: a passed deadline closes signing and extending reopens it, the office closes
 * and reopens, reminders are planned once and skip those who answered or opted out, one-click unsubscribe, and a
 * moved deadline makes the old reminders do nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditEvents, emails, invitations, jobs, letters, signatures } from "#db/schema";
import { openEmailSecrets } from "#app/infra/email-secrets.server";
import { getCurrentVersion } from "#app/models/letters.server";
import { declineByToken, getSigningContext } from "#app/models/signing.server";
import {
  closeSigning,
  planReminders,
  REMINDER_QUEUE,
  reopenSigning,
  unsubscribeToken,
  updateSigningSchedule,
} from "#app/models/reminders.server";
import { sendReminder } from "#app/services/reminders.server";
import { reminderRunAt } from "#app/domain/reminder-schedule";
import { runDueJobs } from "#app/infra/jobs.server";
import * as signRoute from "#app/routes/sign.$token";
import * as unsubscribeRoute from "#app/routes/unsubscribe.$token";
import {
  createMep,
  createOfficeActor,
  createPublishedLetter,
  inviteResult,
  signAtCurrentVersion,
} from "#tests/factories/index";
import { closeTestDb, db, dbLabel, openTestDb } from "#tests/setup/db";
import { tokenFromEmail } from "#tests/setup/outbox";
import { callAction, callLoader } from "#tests/setup/routes";

beforeAll(openTestDb);
afterAll(closeTestDb);

describe(`deadlines and reminders (${dbLabel()})`, () => {
  it("deadline passed -> closed (410 on POST), extend reopens; close now / reopen", async () => {
    const { actor } = await createOfficeActor(db);
    const letter = await createPublishedLetter(db, actor, "Deadline text.", {
      deadline: new Date(Date.now() + 3600_000),
    });
    const m = await createMep(db);
    const [i] = (await inviteResult(db, actor, letter.id, [m.id])).invited;
    const version = (await getCurrentVersion(db, letter.id))!;
    // The deadline moves into the past (as time passes): signing answers closed.
    await db
      .update(letters)
      .set({ signatureDeadline: new Date(Date.now() - 60_000) })
      .where(eq(letters.id, letter.id));
    const page = await callLoader<any>(signRoute, { path: `/sign/${i.token}`, params: { token: i.token } });
    expect(page.data).toMatchObject({ closed: true, windowState: "deadline-passed" });
    const form = {
      intent: "sign",
      versionHash: version.sha256,
      typedName: `${m.givenName} ${m.familyName}`,
      capacity: "mep",
      confirm: "yes",
    };
    const closed = await callAction<any>(signRoute, {
      path: `/sign/${i.token}`,
      params: { token: i.token },
      form: form,
    });
    expect(closed.status).toBe(410);
    expect(await db.select().from(signatures).where(eq(signatures.letterId, letter.id))).toHaveLength(0);
    const decline = await callAction<any>(signRoute, {
      path: `/sign/${i.token}`,
      params: { token: i.token },
      form: { intent: "decline" },
    });
    expect(decline.status).toBe(410);

    // A deadline in the past cannot be set; extending reopens.
    expect(
      await db.transaction((tx) =>
        updateSigningSchedule(tx, actor, {
          letterId: letter.id,
          deadline: new Date(Date.now() - 1000),
          reminderDays: [3, 0],
        }),
      ),
    ).toEqual({ ok: false, error: "past-deadline" });
    expect(
      (
        await db.transaction((tx) =>
          updateSigningSchedule(tx, actor, {
            letterId: letter.id,
            deadline: new Date(Date.now() + 7 * 86_400_000),
            reminderDays: [3, 0],
          }),
        )
      ).ok,
    ).toBe(true);
    expect(
      (await callLoader<any>(signRoute, { path: `/sign/${i.token}`, params: { token: i.token } })).data.windowState,
    ).toBe("open");

    // Close now: 410 with the office's message; reopen: signing works.
    await db.transaction((tx) => closeSigning(tx, actor, { letterId: letter.id }));
    const closedByOffice = await callAction<any>(signRoute, {
      path: `/sign/${i.token}`,
      params: { token: i.token },
      form: form,
    });
    expect(closedByOffice).toMatchObject({ status: 410, data: { message: "signatures.closedByOffice" } });
    await db.transaction((tx) => reopenSigning(tx, actor, { letterId: letter.id }));
    const ok = await callAction<any>(signRoute, { path: `/sign/${i.token}`, params: { token: i.token }, form: form });
    expect(ok).toMatchObject({ status: 200, data: { ok: true, message: "sign.done" } });
    const actions = (
      await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.letterId, letter.id))
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["signing.schedule", "signing.closed", "signing.reopened"]));
  });

  it("reminders are enqueued once, skip those who answered or opted out, carry List-Unsubscribe; unsubscribe GET changes nothing, POST one-click does", async () => {
    const { actor } = await createOfficeActor(db);
    const deadline = new Date(Date.now() + 10 * 86_400_000);
    const letter = await createPublishedLetter(db, actor, "Reminder text.", { deadline });
    const [pending, signer, decliner, optedOut] = [
      await createMep(db),
      await createMep(db),
      await createMep(db),
      await createMep(db),
    ];
    const inv = await inviteResult(db, actor, letter.id, [pending.id, signer.id, decliner.id, optedOut.id]);
    const tok = (m: { id: number }) => inv.invited.find((i) => i.mepId === m.id)!;

    const planned = await db.transaction((tx) => planReminders(tx, { letterId: letter.id, officeId: actor.officeId }));
    expect(planned).toBe(8); // 4 pending invitations × reminder days [3, 0]
    expect(await db.transaction((tx) => planReminders(tx, { letterId: letter.id, officeId: actor.officeId }))).toBe(0);
    const queued = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.queue, REMINDER_QUEUE), sql`${jobs.payload}->>'letterId' = ${letter.id}`));
    expect(queued).toHaveLength(8);
    expect(
      queued.every(
        (j) => j.dedupeKey!.startsWith(`reminder:${letter.id}:`) && j.dedupeKey!.endsWith(`:${deadline.toISOString()}`),
      ),
    ).toBe(true);
    expect(new Set(queued.map((j) => j.runAt.toISOString()))).toEqual(
      new Set([reminderRunAt(deadline, 3).toISOString(), reminderRunAt(deadline, 0).toISOString()]),
    );

    // Answers and an opt-out before the first reminder.
    expect((await signAtCurrentVersion(db, tok(signer).token, letter.id)).ok).toBe(true);
    expect((await db.transaction((tx) => declineByToken(tx, { token: tok(decliner).token, reason: null }))).ok).toBe(
      true,
    );
    const [optRow] = await db
      .select()
      .from(invitations)
      .where(eq(invitations.id, tok(optedOut).invitationId));
    const optToken = unsubscribeToken(optRow);
    const get = await callLoader<any>(unsubscribeRoute, {
      path: `/unsubscribe/${optToken}`,
      params: { token: optToken },
    });
    expect(get).toMatchObject({ status: 200, data: { state: "ok", already: false } });
    expect((await db.select().from(invitations).where(eq(invitations.id, optRow.id)))[0].remindersOff).toBe(false);
    const post = await callAction<any>(unsubscribeRoute, {
      path: `/unsubscribe/${optToken}`,
      params: { token: optToken },
      form: { "List-Unsubscribe": "One-Click" },
    });
    expect(post).toMatchObject({ status: 200, data: { ok: true, message: "unsubscribe.done" } });
    expect((await db.select().from(invitations).where(eq(invitations.id, optRow.id)))[0].remindersOff).toBe(true);
    expect(
      (
        await callAction<any>(unsubscribeRoute, {
          path: `/unsubscribe/${optToken}`,
          params: { token: optToken },
          form: {},
        })
      ).data.message,
    ).toBe("unsubscribe.already");
    const forged = `${optRow.id}.${"A".repeat(32)}`;
    expect(
      (await callAction<any>(unsubscribeRoute, { path: `/unsubscribe/${forged}`, params: { token: forged }, form: {} }))
        .status,
    ).toBe(404);

    // The first reminder time comes: only the pending invitee gets one.
    await runDueJobs(db, { now: new Date(reminderRunAt(deadline, 3).getTime() + 1000), limit: 50 });
    const reminders = (
      await db
        .select()
        .from(emails)
        .where(and(eq(emails.letterId, letter.id), eq(emails.kind, "reminder")))
    ).map(openEmailSecrets);
    expect(reminders.map((e) => e.toAddress)).toEqual([pending.email!.toLowerCase()]);
    const r = reminders[0];
    expect(r.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const unsubUrl = /^<([^>]+)>$/.exec(r.headers!["List-Unsubscribe"])![1];
    const newSignToken = tokenFromEmail(r.html, "sign");
    expect(r.headers!["List-Unsubscribe"]).not.toContain(newSignToken);
    expect(r.html).toContain(unsubUrl);
    // The reminder's link works, and so does the original invitation's (an older email must still open).
    expect(await getSigningContext(db, newSignToken)).not.toBeNull();
    expect(await getSigningContext(db, tok(pending).token)).not.toBeNull();

    // Running the same reminder again (a re-run after a crash) sends nothing more; re-planning makes no new job.
    const payload = {
      letterId: letter.id,
      invitationId: tok(pending).invitationId,
      days: 3,
      deadline: deadline.toISOString(),
    };
    expect(await sendReminder(db, payload)).toBe("already-sent");
    expect(await db.transaction((tx) => planReminders(tx, { letterId: letter.id, officeId: actor.officeId }))).toBe(0);

    // One-click unsubscribe with the reminder's own link; the second reminder is then not sent.
    const unsubToken = unsubUrl.split("/unsubscribe/")[1];
    expect(
      (
        await callAction<any>(unsubscribeRoute, {
          path: `/unsubscribe/${unsubToken}`,
          params: { token: unsubToken },
          form: { "List-Unsubscribe": "One-Click" },
        })
      ).data.ok,
    ).toBe(true);
    await runDueJobs(db, { now: new Date(reminderRunAt(deadline, 0).getTime() + 1000), limit: 50 });
    expect(
      await db
        .select()
        .from(emails)
        .where(and(eq(emails.letterId, letter.id), eq(emails.kind, "reminder"))),
    ).toHaveLength(1);
  });

  it("a moved deadline: old reminders do nothing, new ones are planned under new keys", async () => {
    const { actor } = await createOfficeActor(db);
    const deadline = new Date(Date.now() + 10 * 86_400_000);
    const letter = await createPublishedLetter(db, actor, "Moved deadline.", { deadline });
    const m = await createMep(db);
    const [i] = (await inviteResult(db, actor, letter.id, [m.id])).invited;
    await db.transaction((tx) => planReminders(tx, { letterId: letter.id, officeId: actor.officeId }));
    const later = new Date(deadline.getTime() + 5 * 86_400_000);
    const r = await db.transaction((tx) =>
      updateSigningSchedule(tx, actor, { letterId: letter.id, deadline: later, reminderDays: [3, 0] }),
    );
    expect(r).toEqual({ ok: true, scheduled: 2 });
    const old = { letterId: letter.id, invitationId: i.invitationId, days: 3, deadline: deadline.toISOString() };
    expect(await sendReminder(db, old)).toBe("deadline-changed");
    // A removed reminder day is not sent either.
    await db.transaction((tx) =>
      updateSigningSchedule(tx, actor, { letterId: letter.id, deadline: later, reminderDays: [0] }),
    );
    expect(await sendReminder(db, { ...old, deadline: later.toISOString() })).toBe("day-removed");
    expect(await sendReminder(db, { ...old, days: 0, deadline: later.toISOString() })).toBe("sent");
    // Closed signing: no reminder (a second invitee, whose reminder was never sent).
    const m2 = await createMep(db);
    const [i2] = (await inviteResult(db, actor, letter.id, [m2.id])).invited;
    await db.transaction((tx) => closeSigning(tx, actor, { letterId: letter.id }));
    expect(
      await sendReminder(db, { ...old, days: 0, deadline: later.toISOString(), invitationId: i2.invitationId }),
    ).toBe("closed");
    await db.transaction((tx) => reopenSigning(tx, actor, { letterId: letter.id }));
    expect(
      await sendReminder(db, { ...old, days: 0, deadline: later.toISOString(), invitationId: i2.invitationId }),
    ).toBe("sent");
    expect(
      await sendReminder(db, { ...old, days: 0, deadline: later.toISOString(), invitationId: i2.invitationId }),
    ).toBe("already-sent");
  });
});
