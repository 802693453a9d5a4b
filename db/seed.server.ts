/**
 * Demo data: the Nuctech letter of December 2022 (sent, with its reply and the question it cites)
 * and a follow-up letter still collecting signatures, in two offices with users of every role.
 * Loaded on first start of an empty database (SEED_DEMO=auto, not in production) and by `npm run db:seed`.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { count } from "drizzle-orm";
import type { Db, Queryable } from "./client.server";
import { campaigns, invitations, memberships, meps, offices, replies, signatures, users } from "./schema";
import { letterAddresseeIds, setReplyAddressees } from "#app/models/replies.server";
import { NUCTECH_SIGNATORIES } from "./data/nuctech-signatories";
import * as demo from "./data/demo-letters";
import { editorJsonFromBlocks } from "#app/editor/build";
import { parseMepFile } from "#app/domain/mep-import";
import { epSortKey, searchKeyOf } from "#app/domain/names";
import { importMeps } from "#app/models/meps.server";
import { createLetter, publishVersion } from "#app/models/letters.server";
import { linkQuestion } from "#app/models/tracking.server";
import { sendLetter } from "#app/services/sending.server";
import { randomToken, sha256Hex } from "#app/infra/crypto.server";
import { audit } from "#app/infra/audit.server";

export const DEMO_EMAIL_DOMAIN = "demo.undersigned.test";

const HAND_ENTERED = [
  {
    givenName: "Manon",
    familyName: "Aubry",
    country: "FR",
    politicalGroup: "The Left",
    nationalParty: "La France insoumise",
    email: "manon.aubry@europarl.example",
  },
  {
    givenName: "Raffaele",
    familyName: "Fitto",
    country: "IT",
    politicalGroup: "ECR",
    nationalParty: "Fratelli d'Italia",
    email: "raffaele.fitto@europarl.example",
  },
  {
    givenName: "Eva",
    familyName: "Kaili",
    country: "EL",
    politicalGroup: "S&D",
    nationalParty: "PASOK",
    email: "eva.kaili@europarl.example",
  },
];

/** The demo directory: our sample of the EP Open Data list (90 Members of the 9th term, addresses on .example). */
function readSampleDirectory(): string {
  // Works from source (db/) and from the Remix build (build/index.js), like the migrations folder.
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [path.join(here, "data"), path.join(here, "..", "db", "data")]) {
    const file = path.join(dir, "meps-sample.jsonld");
    if (existsSync(file)) return readFileSync(file, "utf8");
  }
  throw new Error("db/data/meps-sample.jsonld not found");
}

export async function isEmpty(db: Queryable) {
  const [{ n }] = await db.select({ n: count() }).from(offices);
  return n === 0;
}

export async function seedDemoIfEmpty(db: Db) {
  if (!(await isEmpty(db))) return false;
  await seedDemo(db);
  return true;
}

const at = (iso: string) => new Date(iso);

export async function seedDemo(db: Db) {
  await db.transaction(async (tx) => {
    // Directory: the sample list, imported the way an administrator would import the EP's file.
    const parsed = parseMepFile(readSampleDirectory(), { term: 9, today: "2022-11-01" });
    if (!parsed.ok) throw new Error(`seed: ${parsed.error}`);
    await importMeps(tx, parsed.value.meps, { term: 9, today: "2022-11-01" });
    // A few Members entered by hand (not in the sample list): no EP id.
    await tx.insert(meps).values(
      HAND_ENTERED.map((p) => ({
        ...p,
        sortKey: epSortKey(p.givenName, p.familyName),
        searchKey: searchKeyOf(p.givenName, p.familyName),
        term: 9,
      })),
    );
    const mepRows = await tx.select().from(meps);
    const mepByName = new Map(mepRows.map((m) => [`${m.givenName} ${m.familyName}`, m]));
    const mepByEpId = new Map(mepRows.map((m) => [m.epId, m]));
    const groothuis = mepByName.get("Bart Groothuis")!;
    const cseh = mepByName.get("Katalin Cseh")!;

    const [leadOffice, otherOffice] = await tx
      .insert(offices)
      .values([
        {
          name: "Office of Bart Groothuis",
          mepId: groothuis.id,
          contactEmail: `office.groothuis@${DEMO_EMAIL_DOMAIN}`,
          letterhead:
            "Bart Groothuis\nMember of the European Parliament\nRenew Europe Group\nRue Wiertz 60, 1047 Brussels",
        },
        {
          name: "Office of Katalin Cseh",
          mepId: cseh.id,
          contactEmail: `office.cseh@${DEMO_EMAIL_DOMAIN}`,
          letterhead: "Katalin Cseh\nMember of the European Parliament",
        },
      ])
      .returning();

    const people2 = [
      {
        email: `anna.staff@${DEMO_EMAIL_DOMAIN}`,
        name: "Anna de Vries",
        office: leadOffice.id,
        role: "staff" as const,
        platform: false,
      },
      {
        email: `bart.mep@${DEMO_EMAIL_DOMAIN}`,
        name: "Bart Groothuis",
        office: leadOffice.id,
        role: "mep" as const,
        // The questions browser test imports EP data as him (sign-in codes are limited per address, Sophie's
        // are spent by other specs).
        platform: true,
      },
      {
        email: `pieter.lead@${DEMO_EMAIL_DOMAIN}`,
        name: "Pieter Jansen",
        office: leadOffice.id,
        role: "campaign_lead" as const,
        platform: false,
      },
      {
        email: `sophie.admin@${DEMO_EMAIL_DOMAIN}`,
        name: "Sophie Martens",
        office: leadOffice.id,
        role: "admin" as const,
        platform: true,
      },
      {
        email: `zsofia.staff@${DEMO_EMAIL_DOMAIN}`,
        name: "Zsófia Kovács",
        office: otherOffice.id,
        role: "staff" as const,
        platform: false,
      },
    ];
    const userRows = await tx
      .insert(users)
      .values(people2.map((p) => ({ email: p.email, name: p.name, isPlatformAdmin: p.platform })))
      .returning();
    await tx
      .insert(memberships)
      .values(people2.map((p, i) => ({ officeId: p.office, userId: userRows[i].id, role: p.role })));
    const anna = userRows[0];
    const actor = { userId: anna.id, officeId: leadOffice.id };

    // Letter 1: sent in December 2022, with 56 signatures, the reply and the question it cites.
    const [campaign] = await tx
      .insert(campaigns)
      .values({
        officeId: leadOffice.id,
        title: demo.NUCTECH_CAMPAIGN.title,
        summary: demo.NUCTECH_CAMPAIGN.summary,
        createdAt: at("2022-11-20T09:00:00Z"),
      })
      .returning();
    const created = await createLetter(tx, actor, {
      subject: demo.NUCTECH_SUBJECT,
      language: "en",
      campaignId: campaign.id,
      placeLine: "Brussels",
      ourReference: "BG/2022/117",
      signatureDeadline: at("2022-12-02T16:00:00Z"),
      draftJson: editorJsonFromBlocks(demo.NUCTECH_BODY),
      addressees: demo.NUCTECH_ADDRESSEES,
    });
    if (!created.ok) throw new Error("seed: letter");
    const letter1 = created.letter;
    const published = await publishVersion(tx, actor, {
      letterId: letter1.id,
      kind: "substantive",
      at: at("2022-11-28T10:00:00Z"),
    });
    if (!published.ok) throw new Error(`seed: publish ${published.error}`);
    const v1 = published.version;
    for (const [i, s] of NUCTECH_SIGNATORIES.entries()) {
      const m = mepByEpId.get(s.epId)!;
      const signedAt = new Date(at("2022-11-28T12:00:00Z").getTime() + i * 97 * 60_000);
      const [inv] = await tx
        .insert(invitations)
        .values({
          letterId: letter1.id,
          officeId: leadOffice.id,
          mepId: m.id,
          inviteeName: `${m.givenName} ${m.familyName}`,
          inviteeEmail: m.email!,
          tokenHash: sha256Hex(randomToken()),
          status: "signed",
          createdBy: anna.id,
          createdAt: at("2022-11-28T11:00:00Z"),
          lastSentAt: at("2022-11-28T11:00:00Z"),
          sendCount: 1,
          respondedAt: signedAt,
        })
        .returning();
      await tx.insert(signatures).values({
        letterId: letter1.id,
        officeId: leadOffice.id,
        invitationId: inv.id,
        versionId: v1.id,
        versionHash: v1.sha256,
        mepId: m.id,
        signerName: `${m.givenName} ${m.familyName}`,
        signerCapacity: "mep",
        method: "link",
        groupAtSigning: s.politicalGroup,
        countryAtSigning: s.country,
        partyAtSigning: s.nationalParty,
        signedAt,
      });
    }
    // Sent the way the office would: the real send freezes the document, renders the PDF and queues
    // one email per addressee and a notice per signatory (delivered to the local outbox).
    const sent = await sendLetter(tx, actor, { letterId: letter1.id, now: at("2022-12-05T09:30:00Z") });
    if (!sent.ok) throw new Error(`seed: send ${sent.error}`);
    const [reply] = await tx
      .insert(replies)
      .values({
        letterId: letter1.id,
        officeId: leadOffice.id,
        ...demo.NUCTECH_REPLY,
        createdBy: anna.id,
        createdAt: at("2023-02-15T08:00:00Z"),
      })
      .returning();
    // The President's reply answers the whole letter: all three addressees.
    await setReplyAddressees(tx, {
      replyId: reply.id,
      letterId: letter1.id,
      officeId: leadOffice.id,
      addresseeIds: await letterAddresseeIds(tx, { letterId: letter1.id, officeId: leadOffice.id }),
    });
    await linkQuestion(tx, actor, {
      letterId: letter1.id,
      question: demo.NUCTECH_QUESTION,
      replyId: reply.id,
      note: "Cited in the Commission's reply.",
    });

    // Letter 2: a follow-up still collecting signatures.
    const created2 = await createLetter(tx, actor, {
      subject: demo.FOLLOW_UP_SUBJECT,
      language: "en",
      campaignId: campaign.id,
      placeLine: "Brussels",
      signatureDeadline: new Date(Date.now() + 10 * 24 * 3600_000),
      draftJson: editorJsonFromBlocks(demo.FOLLOW_UP_BODY),
      addressees: demo.FOLLOW_UP_ADDRESSEES,
    });
    if (!created2.ok) throw new Error("seed: letter 2");
    const p2 = await publishVersion(tx, actor, { letterId: created2.letter.id, kind: "substantive" });
    if (!p2.ok) throw new Error("seed: publish 2");
    const invitees = [
      "Petras Auštrevičius",
      "Malik Azmani",
      "Saskia Bricmont",
      "Mohammed Chahim",
      "Ivan Štefanec",
      "Sophie in 't Veld",
      "Bas Eickhout",
      "Juan Fernando López Aguilar",
    ];
    for (const [i, name] of invitees.entries()) {
      const m = mepByName.get(name)!;
      const signed = i < 3;
      const [inv] = await tx
        .insert(invitations)
        .values({
          letterId: created2.letter.id,
          officeId: leadOffice.id,
          mepId: m.id,
          inviteeName: name,
          inviteeEmail: m.email!,
          tokenHash: sha256Hex(randomToken()),
          status: signed ? "signed" : "pending",
          createdBy: anna.id,
          sendCount: 1,
          lastSentAt: new Date(),
          respondedAt: signed ? new Date() : null,
        })
        .returning();
      if (signed) {
        await tx.insert(signatures).values({
          letterId: created2.letter.id,
          officeId: leadOffice.id,
          invitationId: inv.id,
          versionId: p2.version.id,
          versionHash: p2.version.sha256,
          mepId: m.id,
          signerName: name,
          signerCapacity: "mep",
          method: "link",
          groupAtSigning: m.politicalGroup,
          countryAtSigning: m.country,
          partyAtSigning: m.nationalParty,
        });
      }
    }
    await audit(tx, {
      officeId: leadOffice.id,
      letterId: created2.letter.id,
      actorUserId: anna.id,
      action: "invitations.created",
      data: { seeded: true, count: invitees.length },
    });
  });
}
