/**
 * Notifying 720 signatories that the letter went out: how many provider calls it takes (the batch endpoint carries
 * at most 100 messages, so ≤ 8 for 720) and how long queueing takes, against a bare loop of 720 single-row
 * inserts into the same table measured in the same run. Also times the whole send (PDF with 720 names, three
 * addressee emails, 720 notices) and its delivery through a fake Resend server on loopback.
 * Run: npx tsx bench/send-notify.ts            (PGlite in memory)
 *      DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/send-notify.ts   (a scratch database is created and dropped)
 */
import { performance } from "node:perf_hooks";
import { randomBytes, randomUUID } from "node:crypto";
import postgres from "postgres";
import { eq, sql } from "drizzle-orm";
import { openDb, type DbHandle } from "#db/client.server";
import { emails, jobs, letters, meps, signatures } from "#db/schema";
import { resetEnvCache } from "#app/infra/env.server";
import { runDueJobs } from "#app/infra/jobs.server";
import { queueEmailsBatch, setMailerOptions, type OutgoingEmail } from "#app/infra/mailer.server";
import { sendLetter } from "#app/services/sending.server";
import { createLetter, publishVersion } from "#app/models/letters.server";
import { editorJsonFromBlocks } from "#app/editor/build";
import { epSortKey, searchKeyOf } from "#app/domain/names";
import { startFakeResend } from "#tests/mocks/fake-resend";
import { createOffice, createUser } from "#tests/factories/index";

const N = 720;

async function openScratch(): Promise<DbHandle & { drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const h = await openDb({ dataDir: "memory://" });
    return { ...h, drop: async () => h.close() };
  }
  const name = `bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const h = await openDb({ url: url.toString() });
  return {
    ...h,
    drop: async () => {
      await h.close();
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

const ms = (t0: number) => performance.now() - t0;
const fmt = (x: number) => `${x.toFixed(1).padStart(8)} ms`;

const fake = await startFakeResend();
process.env.RESEND_API_KEY = "re_bench_key";
process.env.RESEND_BASE_URL = fake.url;
resetEnvCache();
setMailerOptions({ timeoutMs: 30_000 });
const handle = await openScratch();
const db = handle.db;
console.log(`Notifying ${N} signatories on ${handle.driver} (node ${process.version})`);

try {
  // ------------------------------------------------------------ a letter signed by 720 MEPs (set up in bulk)
  const office = await createOffice(db, { name: "Office of Bart Groothuis" });
  const user = await createUser(db, { officeId: office.id });
  const actor = { userId: user.id, officeId: office.id };
  const created = await db.transaction((tx) =>
    createLetter(tx, actor, {
      subject: "Security of EU border scanners",
      language: "en",
      ourReference: "BENCH-1",
      draftJson: editorJsonFromBlocks([
        { type: "p", text: "We write to you about the security of scanners at the EU's external borders.[^A note.]" },
        { type: "p", text: "Yours sincerely," },
      ]),
      addressees: [
        { name: "Ursula von der Leyen", salutation: "Dear President von der Leyen", email: "president@ec.test" },
        { name: "Commissioner A", salutation: "Dear Commissioner", email: "a@ec.test" },
        { name: "Cabinet", kind: "cc", email: "cab@ec.test" },
      ],
    }),
  );
  if (!created.ok) throw new Error("createLetter");
  const published = await db.transaction((tx) =>
    publishVersion(tx, actor, { letterId: created.letter.id, kind: "substantive" }),
  );
  if (!published.ok) throw new Error("publish");
  const version = published.version;
  const people = Array.from({ length: N }, (_, i) => ({
    givenName: `Member`,
    familyName: `Number${String(i).padStart(3, "0")}`,
  }));
  const mepRows = await db
    .insert(meps)
    .values(
      people.map((p, i) => ({
        ...p,
        sortKey: epSortKey(p.givenName, p.familyName),
        searchKey: searchKeyOf(p.givenName, p.familyName),
        country: "NL",
        politicalGroup: ["EPP", "S&D", "Renew"][i % 3],
        email: `mep${i}@ep.test`,
        term: 10,
      })),
    )
    .returning({ id: meps.id });
  await db.insert(signatures).values(
    mepRows.map((m) => ({
      letterId: created.letter.id,
      officeId: office.id,
      versionId: version.id,
      versionHash: version.sha256,
      mepId: m.id,
      signerName: "Member",
      signerCapacity: "mep" as const,
      method: "outside" as const,
      groupAtSigning: "EPP",
      countryAtSigning: "NL",
    })),
  );
  await db.update(letters).set({ signingClosedAt: new Date() }).where(eq(letters.id, created.letter.id));

  // ------------------------------------------------------------ baseline: a bare insert loop of 720 rows
  const notices: OutgoingEmail[] = Array.from({ length: N }, (_, i) => ({
    kind: "bench-notice",
    to: { email: `baseline${i}@ep.test`, name: `Member ${i}` },
    subject: "Sent: Security of EU border scanners",
    html: `<p>Dear Member ${i}, the letter was sent.</p>`,
    text: `Dear Member ${i}, the letter was sent.`,
  }));
  let t0 = performance.now();
  await db.transaction(async (tx) => {
    for (const n of notices) {
      await tx.insert(emails).values({
        kind: n.kind,
        toAddress: n.to.email,
        toName: n.to.name,
        fromAddress: "bench@undersigned.test",
        subject: n.subject,
        html: n.html,
        text: n.text,
        idempotencyKey: randomUUID(),
      });
    }
  });
  const bare = ms(t0);

  // ------------------------------------------------------------ queueEmailsBatch alone: 720 outbox rows + their batch jobs
  t0 = performance.now();
  await db.transaction((tx) =>
    queueEmailsBatch(
      tx,
      notices.map((n, i) => ({ ...n, to: { ...n.to, email: `queued${i}@ep.test` } })),
    ),
  );
  const queued = ms(t0);
  const queuedJobs = Number(
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(jobs)
        .where(eq(jobs.queue, "email.batch"))
    )[0].n,
  );
  await db.delete(jobs);
  await db.delete(emails);

  // ------------------------------------------------------------ the whole send, then delivery to the fake provider
  t0 = performance.now();
  const sent = await sendLetter(db, actor, { letterId: created.letter.id });
  const sendMs = ms(t0);
  if (!sent.ok) throw new Error(`send: ${sent.error}`);
  fake.reset();
  t0 = performance.now();
  for (let i = 0; i < 50; i++) if ((await runDueJobs(db, { workerId: "bench", limit: 50 })) === 0) break;
  const deliverMs = ms(t0);
  const batchCalls = fake.requests.filter((r) => r.path === "/emails/batch");
  const singleCalls = fake.requests.filter((r) => r.path === "/emails");
  const maxPerCall = Math.max(...batchCalls.map((r) => (r.body as unknown[]).length));
  const maxAddresses = Math.max(
    ...fake.requests.flatMap((r) =>
      (Array.isArray(r.body) ? r.body : [r.body]).map((m) => (m as { to: string[] }).to.length),
    ),
  );
  const sentNotices = Number(
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(emails)
        .where(sql`${emails.kind} = 'signatory-notice' and ${emails.status} = 'sent'`)
    )[0].n,
  );

  console.log("");
  console.log(`baseline: ${N} bare single-row inserts into emails   ${fmt(bare)}   1.00×`);
  console.log(
    `queueEmailsBatch: ${N} notices (rows + ${queuedJobs} batch jobs)  ${fmt(queued)}   ${(queued / bare).toFixed(2)}×`,
  );
  console.log(
    `sendLetter: PDF (${N} names) + 3 letters + ${sent.notices} notices  ${fmt(sendMs)}   ${(sendMs / bare).toFixed(2)}×`,
  );
  console.log(`delivery to the fake Resend (loopback)               ${fmt(deliverMs)}`);
  console.log("");
  console.log(
    `provider calls for the notices: ${batchCalls.length} batch calls (limit 8), at most ${maxPerCall} messages per call`,
  );
  console.log(`provider calls for the letter:  ${singleCalls.length} single sends (one per recipient, PDF attached)`);
  console.log(`largest number of recipient addresses in any one message: ${maxAddresses}`);
  console.log(`notices marked sent: ${sentNotices} of ${N}`);
  if (batchCalls.length > 8 || maxAddresses > 1 || sentNotices !== N) {
    console.error("FAILED: expected ≤ 8 batch calls, one address per message, every notice sent");
    process.exitCode = 1;
  }
} finally {
  await handle.drop();
  await fake.close();
}
