/**
 * A letter ready to send, built through the real model functions: a lead office whose MEP signs first, co-signers
 * with names that need the full font (Štefanec, Ştefănuță, Greek, Bulgarian Cyrillic), addressees with and without
 * a cc, signing closed. Shared by the sending*.test.ts files and pdf.test.ts.
 */
import { eq } from "drizzle-orm";
import type { Db } from "#db/client.server";
import { letters, offices } from "#db/schema";
import { editorJsonFromBlocks, type Block } from "#app/editor/build";
import { createLetter, publishVersion } from "#app/models/letters.server";
import { inviteMeps, signByToken } from "#app/models/signing.server";
import { runDueJobs } from "#app/infra/jobs.server";
import { createMep, createOffice, createUser, tag } from "#tests/factories/index";

export const DIACRITIC_NAMES: Array<{
  givenName: string;
  familyName: string;
  country: string;
  politicalGroup: string;
}> = [
  { givenName: "Ivan", familyName: "Štefanec", country: "SK", politicalGroup: "EPP" },
  { givenName: "Dragoș", familyName: "Ştefănuță", country: "RO", politicalGroup: "Greens/EFA" },
  { givenName: "Ελένη", familyName: "Σταυρέα", country: "EL", politicalGroup: "EPP" },
  { givenName: "Андрей", familyName: "Ковачев", country: "BG", politicalGroup: "EPP" },
  { givenName: "Zoltán", familyName: "Őry", country: "HU", politicalGroup: "NI" },
  { givenName: "Łukasz", familyName: "Kohut", country: "PL", politicalGroup: "S&D" },
];

export type SendingWorld = Awaited<ReturnType<typeof createSendingWorld>>;

export async function createSendingWorld(
  db: Db,
  opts: {
    signers?: number;
    body?: Block[];
    addressees?: Array<{
      name: string;
      role?: string;
      institution?: string;
      salutation?: string;
      email?: string | null;
      kind?: "to" | "cc";
    }>;
    closeSigning?: boolean;
    format?: string;
    placeLine?: string;
  } = {},
) {
  const t = tag();
  const leadMep = await createMep(db, {
    givenName: "Bart",
    familyName: `Groothuis${t}`,
    country: "NL",
    politicalGroup: "Renew",
  });
  const office = await createOffice(db, {
    name: `Office of Bart Groothuis ${t}`,
    contactEmail: `office.${t}@ep.test`,
    mepId: leadMep.id,
  });
  await db
    .update(offices)
    .set({ letterhead: `Bart Groothuis ${t}\nMember of the European Parliament\nRue Wiertz 60, 1047 Brussels` })
    .where(eq(offices.id, office.id));
  const user = await createUser(db, {
    officeId: office.id,
    role: "staff",
    email: `staff.${t}@ep.test`,
    name: `Staff ${t}`,
  });
  const actor = { userId: user.id, officeId: office.id };

  const wanted = opts.signers ?? DIACRITIC_NAMES.length;
  const others = [];
  for (let i = 0; i < wanted; i++) {
    const base = DIACRITIC_NAMES[i % DIACRITIC_NAMES.length];
    const suffix = i < DIACRITIC_NAMES.length ? "" : ` ${i}`;
    others.push(await createMep(db, { ...base, familyName: base.familyName + suffix, email: `mep${i}.${t}@ep.test` }));
  }
  const signers = [leadMep, ...others];

  const body: Block[] = opts.body ?? [
    { type: "p", text: "We write to you about the security of scanners at the EU's external borders." },
    {
      type: "p",
      text: "Nuctech's equipment is financed by the **CCEI**[^Customs Control Equipment Instrument, see https://example.org/ccei] and we ask that it be excluded.",
    },
    { type: "p", text: "Yours sincerely," },
  ];
  const created = await db.transaction((tx) =>
    createLetter(tx, actor, {
      subject: `Security of EU border scanners ${t}`,
      language: "en",
      placeLine: opts.placeLine ?? "Brussels",
      ourReference: `BG-${t}`,
      signatureDeadline: new Date(Date.now() + 7 * 24 * 3600_000),
      draftJson: editorJsonFromBlocks(body),
      addressees: opts.addressees ?? [
        {
          name: "Ursula von der Leyen",
          role: "President",
          institution: "European Commission",
          salutation: "Dear President von der Leyen",
          email: `president.${t}@ec.test`,
        },
        {
          name: "Thierry Breton",
          role: "Commissioner",
          institution: "European Commission",
          salutation: "Dear Commissioner Breton",
          email: `breton.${t}@ec.test`,
        },
        { name: "Cabinet Gentiloni", kind: "cc", email: `cab.${t}@ec.test` },
      ],
    }),
  );
  if (!created.ok) throw new Error("fixture: createLetter");
  const letter = created.letter;
  if (opts.format) await db.update(letters).set({ undersignedFormat: opts.format }).where(eq(letters.id, letter.id));
  const published = await db.transaction((tx) =>
    publishVersion(tx, actor, { letterId: letter.id, kind: "substantive" }),
  );
  if (!published.ok) throw new Error(`fixture: publish ${published.error}`);
  const version = published.version;
  const invited = await db.transaction((tx) =>
    inviteMeps(tx, actor, { letterId: letter.id, mepIds: signers.map((m) => m.id) }),
  );
  if (!invited.ok) throw new Error(`fixture: invite ${invited.error}`);
  for (const inv of invited.invited) {
    const r = await db.transaction((tx) =>
      signByToken(tx, {
        token: inv.token,
        versionHash: version.sha256,
        signerName: inv.name,
        capacity: "mep",
        ip: "203.0.113.7",
        userAgent: "vitest",
      }),
    );
    if (!r.ok) throw new Error(`fixture: sign ${r.error}`);
  }
  if (opts.closeSigning ?? true) await closeSigning(db, letter.id);
  return { t, office, user, actor, leadMep, others, signers, letter, version, invitations: invited.invited };
}

/** What the co-signing flow does when the office closes signing early. */
export async function closeSigning(db: Db, letterId: string) {
  await db.update(letters).set({ signingClosedAt: new Date() }).where(eq(letters.id, letterId));
}

/** Runs the queue until nothing is due at `now` (at most `rounds` times). */
export async function drain(db: Db, now?: Date, rounds = 20) {
  for (let i = 0; i < rounds; i++) if ((await runDueJobs(db, { workerId: "test", now, limit: 50 })) === 0) return;
}

export const later = (ms: number) => new Date(Date.now() + ms);
