/**
 * The large benchmark dataset: MEPs, offices with members, campaigns, letters with addressees and hashed versions,
 * invitations and signatures, sends and replies, parliamentary questions and their links. Bulk multi-row inserts
 * through drizzle on db/schema.ts, so it runs unchanged on PGlite and on PostgreSQL.
 *
 * Letter bodies are rendered once (three templates) and the HTML / plain text reused; each version still gets its
 * own SHA-256 over its canonical form (number, subject, addressees, HTML), exactly as publishVersion computes it.
 */
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import {
  addressees,
  campaigns,
  invitations,
  letterVersions,
  letters,
  mepAffiliations,
  memberships,
  meps,
  offices,
  parliamentaryQuestions,
  questionLinks,
  replies,
  replyAddressees,
  sends,
  signatures,
  users,
  type AddresseeSnapshot,
  type InvitationStatus,
  type ReplyKind,
  type LetterStatus,
  type Role,
  type VersionKind,
} from "#db/schema";
import type { Db } from "#db/client.server";
import { editorJsonFromBlocks } from "#app/editor/build";
import { renderLetterBody } from "#app/editor/render.server";
import { versionHash } from "#app/domain/version-hash.server";
import { epSortKey, searchKeyOf } from "#app/domain/names";
import { GROUPS, type GroupLabel } from "#app/domain/political-groups";
import { formatQuestionReference, termForDate } from "#app/domain/question-reference";
import { randomToken, sha256Hex } from "#app/infra/crypto.server";
import { searchTextOf } from "#app/models/replies.server";
import { countRows, insertChunked } from "./db.server";
import { apportion, rng, type Rng } from "./random";
import { ADDRESSEES, BODIES, FAMILY_NAMES, GIVEN_NAMES, GROUP_SIZES, NATIONAL_PARTIES, SEATS, SUBJECTS } from "./texts";

export type DatasetSpec = {
  meps: number;
  offices: number;
  letters: number;
  invitations: number;
  signatures: number;
  questions: number;
  questionLinks: number;
  /** Letters sent earlier in the term, on top of `letters` (status sent; they take part in invitations too). */
  archivedLetters: number;
  /** Replies over the sent letters' "to" addressees (0–4 each: acknowledgement, holding, referral, substantive). */
  replies: number;
  /** Letters with exactly `bigLetterSize` invitations, all signed (the letter-page benchmark needs one). */
  bigLetters: number;
  bigLetterSize: number;
  seed: number;
};

export const FULL_SPEC: DatasetSpec = {
  meps: 720,
  offices: 200,
  letters: 5000,
  invitations: 150_000,
  signatures: 150_000,
  questions: 60_000,
  questionLinks: 6_000,
  archivedLetters: 4_000,
  replies: 25_000,
  bigLetters: 5,
  bigLetterSize: 700,
  seed: 20221205,
};

/** The same shape at a fraction of the volume; MEPs stay at 720 so a 700-signature letter is still possible. */
export function scaledSpec(scale: number, base: DatasetSpec = FULL_SPEC): DatasetSpec {
  const s = (n: number, min: number) => Math.max(min, Math.round(n * scale));
  const bigLetters = s(base.bigLetters, 1);
  return {
    ...base,
    offices: s(base.offices, 2),
    letters: s(base.letters, bigLetters + 5),
    invitations: s(base.invitations, bigLetters * base.bigLetterSize + 50),
    signatures: s(base.signatures, bigLetters * base.bigLetterSize + 50),
    questions: s(base.questions, 20),
    questionLinks: s(base.questionLinks, 5),
    archivedLetters: s(base.archivedLetters, 2),
    replies: s(base.replies, 10),
    bigLetters,
  };
}

export type DatasetResult = {
  counts: Record<string, number>;
  steps: Array<{ step: string; rows: number; ms: number }>;
  bigLetterIds: string[];
  elapsedMs: number;
};

type Log = (line: string) => void;

export type MepRow = { id: number; name: string; email: string; group: string; country: string; party: string | null };

const DAY = 86_400_000;

export class DatabaseNotEmptyError extends Error {}

/** `count` MEPs (10th-term seat and group shares, names with diacritics and particles) and their affiliation rows. */
export async function generateMeps(db: Db, count: number, r: Rng = rng(FULL_SPEC.seed)): Promise<MepRow[]> {
  const countries = SEATS.flatMap(([c, n]) => Array<string>(n).fill(c));
  const groups = r.sample(
    GROUP_SIZES.flatMap(([g, n]) => Array<string>(n).fill(g)),
    count,
  );
  const rows: Array<typeof meps.$inferInsert> = [];
  for (let i = 0; i < count; i++) {
    const givenName = r.pick(GIVEN_NAMES);
    const familyName = r.pick(FAMILY_NAMES);
    const group = groups[i % groups.length];
    rows.push({
      epId: 300_000 + i,
      givenName,
      familyName,
      sortKey: epSortKey(givenName, familyName),
      searchKey: searchKeyOf(givenName, familyName),
      country: countries[i % countries.length],
      politicalGroup: group,
      politicalGroupFull: GROUPS[group as GroupLabel]?.fullName ?? null,
      nationalParty: r.chance(0.9) ? r.pick(NATIONAL_PARTIES) : null,
      email: `mep.${300_000 + i}@europarl.europa.test`,
      term: 10,
    });
  }
  const out: MepRow[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const ids = await db
      .insert(meps)
      .values(rows.slice(i, i + 1000))
      .returning({ id: meps.id });
    ids.forEach((x, j) => {
      const m = rows[i + j];
      out.push({
        id: x.id,
        name: `${m.givenName} ${m.familyName}`,
        email: m.email!,
        group: m.politicalGroup,
        country: m.country,
        party: m.nationalParty ?? null,
      });
    });
  }
  await insertChunked(
    db,
    mepAffiliations,
    out.map((m) => ({
      mepId: m.id,
      politicalGroup: m.group,
      nationalParty: m.party,
      term: 10,
      validFrom: "2024-07-16",
    })),
  );
  return out;
}

export async function generateDataset(db: Db, spec: DatasetSpec, log: Log = () => {}): Promise<DatasetResult> {
  const started = performance.now();
  const r = rng(spec.seed);
  const steps: DatasetResult["steps"] = [];
  const step = async <T>(name: string, fn: () => Promise<{ rows: number; value: T }>): Promise<T> => {
    const t0 = performance.now();
    const { rows, value } = await fn();
    const ms = performance.now() - t0;
    steps.push({ step: name, rows, ms });
    log(`  ${name.padEnd(34)} ${String(rows).padStart(8)} rows  ${(ms / 1000).toFixed(1).padStart(6)} s`);
    return value;
  };

  const existing = (await countRows(db, "letters")) + (await countRows(db, "meps"));
  if (existing > 0) {
    throw new DatabaseNotEmptyError(
      "The target database already holds letters or MEPs. Use a fresh PGLITE_DIR (or --fresh), or an empty Postgres database.",
    );
  }

  const now = Date.now();

  // ---------------------------------------------------------------- MEPs
  const mepRows = await step("meps + affiliations", async () => {
    const out = await generateMeps(db, spec.meps, r);
    return { rows: out.length * 2, value: out };
  });

  // ---------------------------------------------------------------- offices, users, memberships, campaigns
  type OfficeInfo = { id: string; staff: string[]; campaigns: string[] };
  const officeInfo = await step("offices + users + memberships", async () => {
    const officeRows: Array<typeof offices.$inferInsert> = [];
    const userRows: Array<typeof users.$inferInsert> = [];
    const memberRows: Array<typeof memberships.$inferInsert> = [];
    const info: OfficeInfo[] = [];
    for (let i = 0; i < spec.offices; i++) {
      const id = randomUUID();
      const mep = i < Math.floor(spec.offices * 0.9) ? mepRows[i % mepRows.length] : null;
      officeRows.push({
        id,
        name: mep ? `Office of ${mep.name}` : `Group secretariat ${i + 1}`,
        mepId: mep?.id ?? null,
        contactEmail: `office.${i}@bench.undersigned.test`,
      });
      const people: Array<[string, Role]> = [
        ...(mep ? ([[`mep.${i}`, "mep"]] as Array<[string, Role]>) : []),
        [`staff.${i}`, "staff"],
        [`assistant.${i}`, "staff"],
        [`lead.${i}`, "campaign_lead"],
      ];
      const staff: string[] = [];
      for (const [local, role] of people) {
        const userId = randomUUID();
        userRows.push({
          id: userId,
          email: `${local}@bench.undersigned.test`,
          name: `${local.replace(".", " ")} (bench)`,
        });
        memberRows.push({ officeId: id, userId, role });
        if (role !== "campaign_lead") staff.push(userId);
      }
      info.push({ id, staff, campaigns: [] });
    }
    const adminId = randomUUID();
    userRows.push({ id: adminId, email: "admin@bench.undersigned.test", name: "Bench admin", isPlatformAdmin: true });
    memberRows.push({ officeId: info[0].id, userId: adminId, role: "admin" });
    await insertChunked(db, offices, officeRows);
    await insertChunked(db, users, userRows);
    await insertChunked(db, memberships, memberRows);

    const campaignRows: Array<typeof campaigns.$inferInsert> = [];
    for (const o of info) {
      for (let k = r.int(0, 3); k > 0; k--) {
        const id = randomUUID();
        o.campaigns.push(id);
        campaignRows.push({
          id,
          officeId: o.id,
          title: `${r.pick(SUBJECTS)} (campaign)`,
          summary: "Generated for benchmarks.",
        });
      }
    }
    await insertChunked(db, campaigns, campaignRows);
    return { rows: officeRows.length + userRows.length + memberRows.length + campaignRows.length, value: info };
  });

  // ---------------------------------------------------------------- letters, addressees, versions
  const bodies = BODIES.map((blocks) => {
    const json = editorJsonFromBlocks(blocks);
    const rendered = renderLetterBody(json);
    if (!rendered.ok) throw new Error(`template does not render: ${rendered.error}`);
    return rendered;
  });

  type LetterPlan = {
    id: string;
    officeId: string;
    createdBy: string;
    status: LetterStatus;
    createdAt: Date;
    sentAt: Date | null;
    big: boolean;
    versionId: string | null;
    versionHash: string | null;
    /** The "to" addressees (ids chosen here, so replies can be linked to them). */
    to: Array<{ id: string; name: string }>;
  };
  const plans = await step("letters + addressees + versions", async () => {
    const officeWeights = officeInfo.map(() => Math.exp(r.next() * 3));
    const perOffice = apportion(
      spec.letters + spec.archivedLetters,
      officeWeights,
      officeWeights.map(() => Number.MAX_SAFE_INTEGER),
    );
    const letterRows: Array<typeof letters.$inferInsert> = [];
    const addresseeRows: Array<typeof addressees.$inferInsert> = [];
    const versionRows: Array<typeof letterVersions.$inferInsert> = [];
    const out: LetterPlan[] = [];
    const total = spec.letters + spec.archivedLetters;
    const archivedNumbers = new Set(
      r.sample(
        Array.from({ length: total - spec.bigLetters }, (_, i) => i + spec.bigLetters),
        spec.archivedLetters,
      ),
    );
    let n = 0;
    officeInfo.forEach((office, oi) => {
      for (let k = 0; k < perOffice[oi]; k++, n++) {
        const big = n < spec.bigLetters;
        const roll = r.next();
        // Archived letters (a seeded sample of the running numbers) were sent earlier in the term.
        const archived = archivedNumbers.has(n);
        const status: LetterStatus = big
          ? "collecting"
          : archived
            ? "sent"
            : roll < 0.12
              ? "draft"
              : roll < 0.5
                ? "collecting"
                : roll < 0.6
                  ? "closed"
                  : "sent";
        const createdAt = new Date(now - r.int(big ? 1 : 3, archived ? 1800 : 730) * DAY - r.int(0, DAY));
        const sentAt =
          status === "sent" ? new Date(Math.min(now - 60_000, createdAt.getTime() + r.int(7, 30) * DAY)) : null;
        const subject = `${r.pick(SUBJECTS)}${big ? ` (700 signatories, #${n + 1})` : ""}`;
        const body = bodies[r.int(0, bodies.length - 1)];
        const id = randomUUID();
        const createdBy = r.pick(office.staff);
        letterRows.push({
          id,
          officeId: office.id,
          campaignId: office.campaigns.length && r.chance(0.6) ? r.pick(office.campaigns) : null,
          status,
          language: r.chance(0.85) ? "en" : r.pick(["fr", "de", "es", "it", "pl", "nl"]),
          subject,
          placeLine: `Brussels, ${createdAt.toISOString().slice(0, 10)}`,
          ourReference: `BENCH/${n + 1}`,
          signatureDeadline:
            status === "draft" ? null : new Date(big ? now + 30 * DAY : createdAt.getTime() + r.int(7, 21) * DAY),
          draftJson: body.json,
          draftRevision: r.int(1, 12),
          draftUpdatedAt: createdAt,
          verificationCode: randomToken(12),
          createdBy,
          createdAt,
          updatedAt: sentAt ?? createdAt,
          sentAt,
        });
        const chosen = r.sample(ADDRESSEES, r.int(1, 3));
        const to = chosen.map((a) => ({ id: randomUUID(), name: a.name }));
        chosen.forEach((a, i) =>
          addresseeRows.push({ id: to[i].id, letterId: id, officeId: office.id, position: i + 1, ...a, kind: "to" }),
        );
        if (r.chance(0.2)) {
          const cc = ADDRESSEES.find((a) => !chosen.includes(a))!;
          addresseeRows.push({ letterId: id, officeId: office.id, position: chosen.length + 1, ...cc, kind: "cc" });
        }
        const snapshot: AddresseeSnapshot[] = chosen.map((a) => ({
          name: a.name,
          role: a.role,
          institution: a.institution,
          salutation: a.salutation,
        }));
        let versionId: string | null = null;
        let hash: string | null = null;
        if (status !== "draft") {
          const count = r.chance(0.75) ? 1 : r.chance(0.8) ? 2 : 3;
          for (let number = 1; number <= count; number++) {
            versionId = randomUUID();
            hash = versionHash({ number, subject, addressees: snapshot, html: body.html });
            const kind: VersionKind = number === 1 ? "initial" : r.chance(0.5) ? "editorial" : "substantive";
            versionRows.push({
              id: versionId,
              letterId: id,
              officeId: office.id,
              number,
              kind,
              subject,
              addressees: snapshot,
              editorJson: body.json,
              html: body.html,
              plainText: body.plainText,
              sha256: hash,
              authorId: createdBy,
              createdAt: new Date(createdAt.getTime() + number * 3600_000),
            });
          }
        }
        out.push({
          id,
          officeId: office.id,
          createdBy,
          status,
          createdAt,
          sentAt,
          big,
          versionId,
          versionHash: hash,
          to,
        });
      }
    });
    await insertChunked(db, letters, letterRows, 500);
    await insertChunked(db, addressees, addresseeRows);
    // Versions carry editor JSON and HTML: smaller chunks keep each statement a few MB.
    await insertChunked(db, letterVersions, versionRows, 250);
    return { rows: letterRows.length + addresseeRows.length + versionRows.length, value: out };
  });

  // ---------------------------------------------------------------- invitations and signatures
  const bigLetterIds = plans.filter((p) => p.big).map((p) => p.id);
  const sigCounts = await step("invitations + signatures", async () => {
    const open = plans.filter((p) => p.status !== "draft");
    const small = open.filter((p) => !p.big);
    const bigInv = spec.bigLetters * spec.bigLetterSize;
    const weights = small.map(() => Math.exp(r.next() * 2.5));
    const inv = apportion(
      Math.max(0, spec.invitations - bigInv),
      weights,
      small.map(() => spec.meps),
    );
    const signedShare = small.map((p) => (p.status === "collecting" ? 0.55 : 0.75));
    const linkSigned = inv.map((n, i) => Math.round(n * signedShare[i]));
    const linkTotal = linkSigned.reduce((s, n) => s + n, 0);
    const outside = apportion(
      Math.max(0, spec.signatures - bigInv - linkTotal),
      weights,
      inv.map((n) => spec.meps - n),
    );
    const planFor = new Map<string, { inv: number; link: number; outside: number }>();
    small.forEach((p, i) => planFor.set(p.id, { inv: inv[i], link: linkSigned[i], outside: outside[i] }));
    for (const p of open.filter((x) => x.big))
      planFor.set(p.id, { inv: spec.bigLetterSize, link: spec.bigLetterSize, outside: 0 });

    let invBuf: Array<typeof invitations.$inferInsert> = [];
    let sigBuf: Array<typeof signatures.$inferInsert> = [];
    let invTotal = 0;
    let sigTotal = 0;
    const flush = async () => {
      await db.transaction(async (tx) => {
        await insertChunked(tx, invitations, invBuf);
        await insertChunked(tx, signatures, sigBuf);
      });
      invTotal += invBuf.length;
      sigTotal += sigBuf.length;
      invBuf = [];
      sigBuf = [];
    };
    const liveByLetter = new Map<string, number>();
    for (const p of open) {
      const counts = planFor.get(p.id)!;
      const people = r.sample(mepRows, counts.inv + counts.outside);
      const invitedAt = new Date(p.createdAt.getTime() + 2 * 3600_000);
      const end = (p.sentAt ?? new Date(Math.min(now, p.createdAt.getTime() + 21 * DAY))).getTime();
      const when = () =>
        new Date(invitedAt.getTime() + r.next() * Math.max(60_000, end - invitedAt.getTime() - 60_000));
      let live = 0;
      people.forEach((m, i) => {
        const invited = i < counts.inv;
        const signed = i < counts.link || !invited;
        const invitationId = invited ? randomUUID() : null;
        const staffInvitee = invited && !p.big && r.chance(0.1);
        const respondedAt = when();
        if (invited) {
          const status: InvitationStatus = signed
            ? "signed"
            : r.chance(0.15)
              ? "declined"
              : r.chance(0.03)
                ? "revoked"
                : "pending";
          invBuf.push({
            id: invitationId!,
            letterId: p.id,
            officeId: p.officeId,
            mepId: m.id,
            inviteeName: staffInvitee ? `Assistant to ${m.name}` : m.name,
            inviteeEmail: staffInvitee ? `assistant.${m.id}@europarl.europa.test` : m.email,
            tokenHash: sha256Hex(randomToken()),
            status,
            declineReason: status === "declined" && r.chance(0.5) ? "Our group has its own initiative on this." : null,
            sendCount: r.int(1, 2),
            lastSentAt: invitedAt,
            respondedAt: status === "signed" || status === "declined" ? respondedAt : null,
            createdBy: p.createdBy,
            createdAt: invitedAt,
          });
        }
        if (!signed) return;
        const staff = r.chance(0.15);
        const withdrawn = !p.big && r.chance(0.01);
        if (!withdrawn) live++;
        sigBuf.push({
          letterId: p.id,
          officeId: p.officeId,
          invitationId,
          versionId: p.versionId!,
          versionHash: p.versionHash!,
          mepId: m.id,
          signerName: staff ? `Head of office of ${m.name}` : m.name,
          signerCapacity: staff ? "staff" : "mep",
          signerRole: staff ? "Head of office" : null,
          method: invited ? "link" : "outside",
          sourceNote: invited ? null : "Paper list collected at the plenary session",
          groupAtSigning: m.group,
          countryAtSigning: m.country,
          partyAtSigning: m.party,
          ip: invited ? `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}` : null,
          userAgent: invited ? "Mozilla/5.0 (bench)" : null,
          signedAt: respondedAt,
          withdrawnAt: withdrawn ? new Date(respondedAt.getTime() + 3600_000) : null,
        });
      });
      liveByLetter.set(p.id, live);
      if (invBuf.length >= 1000 || sigBuf.length >= 1000) await flush();
    }
    if (invBuf.length || sigBuf.length) await flush();
    return { rows: invTotal + sigTotal, value: liveByLetter };
  });

  // ---------------------------------------------------------------- sends and replies
  await step("sends + replies", async () => {
    const sent = plans.filter((p) => p.status === "sent");
    const sendRows: Array<typeof sends.$inferInsert> = sent.map((p) => ({
      letterId: p.id,
      officeId: p.officeId,
      versionId: p.versionId!,
      requestedBy: p.createdBy,
      status: "sent",
      signatoryCount: sigCounts.get(p.id) ?? 0,
      htmlSha256: sha256Hex(p.id),
      createdAt: p.sentAt!,
      completedAt: p.sentAt!,
    }));
    // Replies: `spec.replies` spread over every (sent letter, "to" addressee); an addressee gets 0–4 of them, in
    // the order an institution sends them (acknowledgement, holding reply, referral, substantive reply).
    const expectations = sent.flatMap((p) => p.to.map((a) => ({ p, a })));
    const replyCounts = apportion(
      spec.replies,
      expectations.map(() => (r.chance(0.12) ? 0 : 0.2 + r.next())),
      expectations.map(() => 4),
    );
    const replyRows: Array<typeof replies.$inferInsert> = [];
    const linkRows: Array<typeof replyAddressees.$inferInsert> = [];
    const chains: ReplyKind[][] = [
      [],
      ["substantive"],
      ["acknowledgement", "substantive"],
      ["acknowledgement", "holding", "substantive"],
      ["acknowledgement", "holding", "referral", "substantive"],
    ];
    expectations.forEach(({ p, a }, i) => {
      const kinds = replyCounts[i] === 1 && r.chance(0.15) ? (["holding"] as ReplyKind[]) : chains[replyCounts[i]];
      let at = p.sentAt!.getTime();
      for (const kind of kinds) {
        at += (kind === "acknowledgement" ? r.int(1, 10) : r.int(5, 45)) * DAY;
        const referredTo = kind === "referral" ? r.pick(ADDRESSEES) : null;
        const senderName = a.name;
        const body =
          kind === "acknowledgement"
            ? "We acknowledge receipt of your letter, which has been registered."
            : kind === "substantive"
              ? "Thank you for your letter. The Commission shares the concerns you raise and will report in due course."
              : kind === "holding"
                ? "Your letter is being examined; a reply will follow."
                : `${referredTo!.name} will respond to your letter.`;
        const id = randomUUID();
        replyRows.push({
          id,
          letterId: p.id,
          officeId: p.officeId,
          receivedOn: new Date(Math.min(now, at)).toISOString().slice(0, 10),
          senderName,
          theirReference: `Ares(${p.sentAt!.getUTCFullYear()})${r.int(1000000, 9999999)}`,
          kind,
          referredToName: referredTo?.name ?? null,
          referredToRole: referredTo?.role ?? null,
          body,
          // As logReply stores it: what the reply search reads (sender and text; these replies have no file).
          searchText: searchTextOf({ senderName, senderRole: null, onBehalfOf: null, body }),
          createdBy: p.createdBy,
        });
        linkRows.push({ replyId: id, addresseeId: a.id, letterId: p.id, officeId: p.officeId });
      }
    });
    await insertChunked(db, sends, sendRows);
    await insertChunked(db, replies, replyRows);
    await insertChunked(db, replyAddressees, linkRows);
    return { rows: sendRows.length + replyRows.length + linkRows.length, value: null };
  });

  // ---------------------------------------------------------------- parliamentary questions and links
  await step("questions + links", async () => {
    const counters = new Map<string, number>();
    const questionIds: string[] = [];
    let buf: Array<typeof parliamentaryQuestions.$inferInsert> = [];
    for (let i = 0; i < spec.questions; i++) {
      const year = r.int(2019, 2025);
      const type = r.chance(0.86) ? "E" : r.chance(0.7) ? "P" : "O";
      const key = `${type}${year}`;
      const number = (counters.get(key) ?? 0) + 1;
      counters.set(key, number);
      const tabled = new Date(Date.UTC(year, 0, 1) + Math.floor(((number * 7919) % 360) * DAY));
      const id = randomUUID();
      questionIds.push(id);
      buf.push({
        id,
        type,
        number,
        year,
        term: termForDate(tabled) ?? 10,
        reference: formatQuestionReference({ type, number, year }),
        title: `${r.pick(SUBJECTS)}`,
        tabledOn: tabled.toISOString().slice(0, 10),
        answeredOn: r.chance(0.7) ? new Date(tabled.getTime() + r.int(20, 120) * DAY).toISOString().slice(0, 10) : null,
      });
      if (buf.length === 1000) {
        await insertChunked(db, parliamentaryQuestions, buf);
        buf = [];
      }
    }
    await insertChunked(db, parliamentaryQuestions, buf);
    const linkable = plans.filter((p) => p.status === "sent" || p.status === "closed");
    const seen = new Set<string>();
    const linkRows: Array<typeof questionLinks.$inferInsert> = [];
    for (
      let tries = 0;
      linkRows.length < spec.questionLinks && linkable.length && tries < spec.questionLinks * 3;
      tries++
    ) {
      const p = r.pick(linkable);
      const q = r.pick(questionIds);
      if (seen.has(p.id + q)) continue;
      seen.add(p.id + q);
      linkRows.push({
        officeId: p.officeId,
        questionId: q,
        letterId: p.id,
        note: r.chance(0.3) ? "Follow-up to the joint letter" : null,
        createdBy: p.createdBy,
      });
    }
    await insertChunked(db, questionLinks, linkRows);
    return { rows: spec.questions + linkRows.length, value: null };
  });

  await step("analyze", async () => {
    await db.execute(sql`analyze`);
    return { rows: 0, value: null };
  });

  const counts: Record<string, number> = {};
  for (const t of [
    "meps",
    "offices",
    "users",
    "memberships",
    "campaigns",
    "letters",
    "addressees",
    "letter_versions",
    "invitations",
    "signatures",
    "sends",
    "replies",
    "reply_addressees",
    "parliamentary_questions",
    "question_links",
  ]) {
    counts[t] = await countRows(db, t);
  }
  return { counts, steps, bigLetterIds, elapsedMs: performance.now() - started };
}
