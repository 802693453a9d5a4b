/**
 * Overdue parliamentary questions in the alert emails (issue 13): the reply scheduler, run twice and again a day
 * later, queues exactly one email per overdue question of each office's register and per member who follows
 * replies; in the member's language; not for questions answered or not yet due; one-click unsubscribe turns
 * off this kind only; a question whose clock moves is re-checked by the job.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { emails, parliamentaryQuestions, users } from "#db/schema";
import { resetEnvCache } from "#app/infra/env.server";
import { runDueJobs } from "#app/infra/jobs.server";
import { openEmailSecrets } from "#app/infra/email-secrets.server";
import { addParticipants, ensureQuestion, setFollow } from "#app/models/questions.server";
import { registerReplyJobs, scanReplyClocks, unsubscribeReplyEmails } from "#app/services/replies.server";
import { registerQuestionAlertJobs, sendQuestionAlert } from "#app/services/question-alerts.server";
import { createTestDb } from "#tests/setup/db";
import { createMep, createOffice, createUser, tag } from "#tests/factories/index";

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Db;

beforeAll(async () => {
  resetEnvCache();
  handle = await createTestDb();
  db = handle.db;
  registerReplyJobs();
  registerQuestionAlertJobs();
});
afterAll(async () => {
  await handle?.close();
});

const NOW = new Date("2025-06-02T09:00:00Z");
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
let number = 100;

async function question(input: { tabledOn: string; type?: "E" | "P"; answeredOn?: string; title?: string }) {
  const n = ++number;
  const type = input.type ?? "E";
  const { question: q } = await ensureQuestion(db, {
    type,
    number: n,
    year: 2025,
    term: 10,
    reference: `${type}-${String(n).padStart(6, "0")}/2025`,
    title: input.title ?? `Scanners ${n}`,
    tabledOn: input.tabledOn,
  });
  if (input.answeredOn)
    await db
      .update(parliamentaryQuestions)
      .set({ answeredOn: input.answeredOn })
      .where(eq(parliamentaryQuestions.id, q.id));
  return q;
}

const questionMails = async (officeId: string) =>
  (
    await db
      .select({
        to: emails.toAddress,
        subject: emails.subject,
        html: emails.html,
        text: emails.text,
        headers: emails.headers,
        sealedSecrets: emails.sealedSecrets,
      })
      .from(emails)
      .where(and(eq(emails.officeId, officeId), eq(emails.kind, "question-overdue")))
  ).map((m) => openEmailSecrets(m));

const run = async (at: Date) => {
  await scanReplyClocks(db, { now: at });
  await scanReplyClocks(db, { now: at });
  while ((await runDueJobs(db, { now: at, limit: 100 })) > 0);
};

describe("overdue question alerts", () => {
  it("sends one email per overdue question and member, in their language, however often the scheduler runs", async () => {
    const mep = await createMep(db, { givenName: "Bart", familyName: `Groothuis ${tag()}` });
    const office = await createOffice(db, { mepId: mep.id });
    const other = await createOffice(db, {});
    const staff = await createUser(db, { officeId: office.id, role: "staff", email: `staff.${tag()}@ep.test` });
    const lead = await createUser(db, { officeId: office.id, role: "campaign_lead", email: `lead.${tag()}@ep.test` });
    await createUser(db, { officeId: office.id, role: "admin" }); // office admins do not follow the clocks
    const otherStaff = await createUser(db, { officeId: other.id, role: "staff" });
    await db.update(users).set({ locale: "fr" }).where(eq(users.id, lead.id));
    const actor = { userId: staff.id, officeId: office.id };

    // Authored by the office's Member, tabled 9 weeks ago: overdue (6 weeks from tabling, no forwarding date).
    const authored = await question({ tabledOn: "2025-03-31", title: "Nuctech scanners" });
    await addParticipants(db, authored.id, [{ mepId: mep.id, role: "author" }]);
    // Followed by both offices, a priority question forwarded 4 weeks ago: overdue (3 weeks).
    const priority = await question({ type: "P", tabledOn: "2025-04-28" });
    await db
      .update(parliamentaryQuestions)
      .set({ forwardedOn: "2025-05-05" })
      .where(eq(parliamentaryQuestions.id, priority.id));
    await setFollow(db, actor, priority.id, true);
    await setFollow(db, { userId: otherStaff.id, officeId: other.id }, priority.id, true);
    // Followed but not due yet, answered late, and one nobody follows: no alert.
    const recent = await question({ tabledOn: "2025-05-20" });
    const answered = await question({ tabledOn: "2025-01-06", answeredOn: "2025-04-01" });
    await setFollow(db, actor, recent.id, true);
    await setFollow(db, actor, answered.id, true);
    await question({ tabledOn: "2025-01-06" });

    await run(NOW);
    let mails = await questionMails(office.id);
    expect(mails.map((m) => `${m.to} ${m.subject}`).sort()).toEqual(
      [
        `${staff.email} Overdue: no answer yet to question ${authored.reference} “Nuctech scanners”`,
        `${staff.email} Overdue: no answer yet to question ${priority.reference} “${priority.title}”`,
        `${lead.email} En retard\u00a0: toujours pas de réponse à la question ${authored.reference} «\u202fNuctech scanners\u202f»`,
        `${lead.email} En retard\u00a0: toujours pas de réponse à la question ${priority.reference} «\u202f${priority.title}\u202f»`,
      ].sort(),
    );
    const toStaff = mails.find((m) => m.to === staff.email && m.subject.includes(authored.reference))!;
    expect(toStaff.text).toContain("tabled on 31 March 2025");
    expect(toStaff.text).toContain("the answer was due on 12 May 2025, 21 days ago");
    expect(toStaff.text).toContain("the committee responsible may put it on the agenda");
    expect(toStaff.html).toContain(`/questions/${authored.id}`);
    expect((await questionMails(other.id)).map((m) => m.to)).toEqual([otherStaff.email]);

    // Again the next day (still overdue): nothing new.
    await run(day(1));
    expect(await questionMails(office.id)).toHaveLength(4);
    expect(await questionMails(other.id)).toHaveLength(1);

    // One click: the lead stops these alerts (and only these).
    const leadMail = mails.find((m) => m.to === lead.email)!;
    const token = /\/unsubscribe\/replies\/([A-Za-z0-9_-]{43})/.exec(leadMail.headers!["List-Unsubscribe"])![1];
    expect(await unsubscribeReplyEmails(db, token)).toEqual({ ok: true, kind: "question-overdue" });
    const later = await question({ tabledOn: "2025-04-14" });
    await setFollow(db, actor, later.id, true);
    await run(day(2));
    mails = await questionMails(office.id);
    expect(mails.filter((m) => m.subject.includes(later.reference)).map((m) => m.to)).toEqual([staff.email]);
    expect(mails).toHaveLength(5);
  });

  it("re-checks the clock in the job: answered or moved since the scan, nothing is sent", async () => {
    const office = await createOffice(db, {});
    const staff = await createUser(db, { officeId: office.id, role: "staff" });
    const q = await question({ tabledOn: "2025-03-03" });
    await setFollow(db, { userId: staff.id, officeId: office.id }, q.id, true);
    const payload = { officeId: office.id, questionId: q.id, state: "overdue" as const, asOf: NOW.toISOString() };
    // The forwarding date became known: the due date moved, the queued alert is stale.
    expect(await sendQuestionAlert(db, { ...payload, dueOn: "2025-04-01" })).toBe("no-longer-due");
    await db
      .update(parliamentaryQuestions)
      .set({ answeredOn: "2025-05-30" })
      .where(eq(parliamentaryQuestions.id, q.id));
    expect(await sendQuestionAlert(db, { ...payload, dueOn: "2025-04-14" })).toBe("gone");
    expect(await questionMails(office.id)).toEqual([]);
  });
});
