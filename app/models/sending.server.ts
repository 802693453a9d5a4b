/**
 * Sending the final letter. `sendReadiness` is the checklist the office sees; `sendLetter` is one transaction that
 * locks the letter, records the single send (unique per letter), freezes what is printed (the LetterDocument, in
 * the append-only "letter.sent" audit event), and queues one email per recipient with the PDF attached plus one
 * notice per signatory. The PDF is never stored: it is rendered again, byte for byte, whenever it is needed (the
 * email attachment on every retry, downloads, the verification hash).
 */
import { and, asc, eq, like, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

import {
  addressees as addresseesTable,
  auditEvents,
  emails,
  invitations,
  letters,
  letterVersions,
  meps,
  offices,
  sends,
  signatureDecisions,
  signatures,
} from "#db/schema";
import type { Queryable } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { sha256Hex } from "#app/infra/crypto.server";
import { getEnv } from "#app/infra/env.server";

import { getMailTransportName, isSingleAddress } from "#app/infra/mailer.server";
import { nextAttemptAt } from "#app/infra/email-outbox.server";
import { publicUrl } from "#app/infra/public-url.server";
import { localeOrEnglish } from "#app/i18n/locales";
import { translate } from "#app/i18n";

import {
  asBlockFormat,
  asLetterDocument,
  buildLetterDocument,
  termAt,
  type LetterDocument,
} from "#app/pdf/letter-document";
import { buildUndersignedBlock, type BlockSignatory, type UndersignedBlock } from "#app/domain/undersigned-block";
import { renderLetterPdf } from "#app/pdf/letter-pdf.server";
import { getCurrentVersion, getLetter, lockLetter } from "./letters.server";
import type { Actor, LetterScope as Scope } from "./scope";
import type { Send } from "#db/rows";

export type NotReadyReason =
  | "sending.reason.noVersion"
  | "sending.reason.noSignatures"
  | "sending.reason.signingOpen"
  | "sending.reason.noEmails"
  | "sending.reason.badReplyTo";

// ---------------------------------------------------------------- who signed, who receives

/**
 * The signatures that go into the final letter (with the address their notice goes to: the invitation's, else the
 * directory's): those on the final version or carried over to it by
 * editorial versions only (signed on or after the newest substantive version), unless the office
 * excluded them, plus any the office explicitly included (e.g. signed v3 when v4 changed the text).
 */
export async function listBoundSignatories(db: Queryable, scope: Scope & { versionId: string }) {
  const signedVersion = alias(letterVersions, "signed_version");
  const finalVersion = alias(letterVersions, "final_version");
  const base = sql`(select max(v.number) from letter_versions v where v.letter_id = ${scope.letterId} and v.kind <> 'editorial' and v.number <= ${finalVersion.number})`;
  return db
    .select({
      signatureId: signatures.id,
      mepId: signatures.mepId,
      givenName: meps.givenName,
      familyName: meps.familyName,
      sortKey: meps.sortKey,
      group: signatures.groupAtSigning,
      country: signatures.countryAtSigning,
      party: signatures.partyAtSigning,
      signerName: signatures.signerName,
      signerCapacity: signatures.signerCapacity,
      signerRole: signatures.signerRole,
      method: signatures.method,
      signedAt: signatures.signedAt,
      email: sql<string | null>`coalesce(${invitations.inviteeEmail}, ${meps.email})`,
    })
    .from(signatures)
    .innerJoin(meps, eq(meps.id, signatures.mepId))
    .innerJoin(
      signedVersion,
      and(eq(signedVersion.id, signatures.versionId), eq(signedVersion.letterId, signatures.letterId)),
    )
    .innerJoin(finalVersion, and(eq(finalVersion.id, scope.versionId), eq(finalVersion.letterId, signatures.letterId)))
    .leftJoin(invitations, eq(invitations.id, signatures.invitationId))
    .leftJoin(signatureDecisions, eq(signatureDecisions.signatureId, signatures.id))
    .where(
      and(
        eq(signatures.letterId, scope.letterId),
        eq(signatures.officeId, scope.officeId),
        sql`${signatures.withdrawnAt} is null`,
        sql`${signedVersion.number} <= ${finalVersion.number}`,
        sql`(${signatureDecisions.include} is true or (${signatureDecisions.include} is null and ${signedVersion.number} >= ${base}))`,
        // A signature given by staff counts only through the Member's confirmation request: confirmed, or not
        // needed (staff address on the Member's own domain); never on the signer's say-so alone.
        sql`(${signatures.signerCapacity} <> 'staff' or exists (
          select 1 from signature_confirmations c where c.signature_id = ${signatures.id}
             and c.rejected_at is null and (c.confirmed_at is not null or not c.required)))`,
      ),
    )
    .orderBy(asc(meps.sortKey), asc(signatures.mepId));
}

/** The office includes or excludes one signature from the final letter (before sending). */
export async function decideSignature(
  tx: Queryable,
  actor: Actor,
  input: { letterId: string; signatureId: string; include: boolean },
) {
  const letter = await lockLetter(tx, { id: input.letterId, officeId: actor.officeId });
  if (!letter) return { ok: false as const, error: "not-found" as const };
  if (letter.status === "sent") return { ok: false as const, error: "locked" as const };
  const [sig] = await tx
    .select({ id: signatures.id, mepId: signatures.mepId })
    .from(signatures)
    .where(
      and(
        eq(signatures.id, input.signatureId),
        eq(signatures.letterId, letter.id),
        eq(signatures.officeId, actor.officeId),
        sql`${signatures.withdrawnAt} is null`,
      ),
    );
  if (!sig) return { ok: false as const, error: "not-found" as const };
  await tx
    .insert(signatureDecisions)
    .values({
      signatureId: sig.id,
      letterId: letter.id,
      officeId: actor.officeId,
      include: input.include,
      decidedBy: actor.userId,
    })
    .onConflictDoUpdate({
      target: signatureDecisions.signatureId,
      set: { include: input.include, decidedBy: actor.userId, decidedAt: new Date() },
    });
  await audit(tx, {
    officeId: actor.officeId,
    letterId: letter.id,
    actorUserId: actor.userId,
    action: input.include ? "signature.included" : "signature.excluded",
    data: { signatureId: sig.id, mepId: sig.mepId },
  });
  return { ok: true as const };
}

export type BoundSignatory = Awaited<ReturnType<typeof listBoundSignatories>>[number];

/** Who signed, as frozen with a send (kept in the "letter.sent" audit event next to the document). */
export type FrozenSignatory = {
  signatureId: string;
  mepId: number;
  givenName: string;
  familyName: string;
  group: string;
  country: string;
  capacity: "mep" | "staff";
  method: "link" | "outside";
};

export type LetterSignatories =
  | {
      /** Before sending: exactly the set sendLetter would send now, as the PDF would print it. */
      source: "to-send";
      signatories: BoundSignatory[];
      block: UndersignedBlock;
      leadMepId: number | null;
    }
  | {
      /** After sending: read from the frozen send, never from the signatures table. */
      source: "sent";
      /** Null for a send recorded before the list was frozen with it (its printed block is still exact). */
      signatories: FrozenSignatory[] | null;
      block: UndersignedBlock;
      leadMepId: number | null;
    };

/**
 * The one answer to "who is in the letter". Every list of signatories (the undersigned block page, the PDF, the
 * send, the count on the verification page) comes from here, so they cannot disagree.
 */
export async function signatoriesInLetter(db: Queryable, scope: Scope, now = new Date()): Promise<LetterSignatories> {
  const office = await getOffice(db, scope.officeId);
  const leadMepId = office?.mepId ?? null;
  const send = await getSend(db, scope);
  if (send) {
    const frozen = await getSentRecord(db, { ...scope, sendId: send.id });
    const document = frozen.document ?? (await reconstructDocument(db, scope, send));
    const block: UndersignedBlock = document
      ? { ...document.undersigned, sections: document.undersigned.sections ?? [] }
      : buildUndersignedBlock([], { format: "names", term: termAt(send.createdAt) });
    return { source: "sent", signatories: frozen.signatories, block, leadMepId };
  }
  const letter = await getLetter(db, { id: scope.letterId, officeId: scope.officeId });
  const version = letter ? await getCurrentVersion(db, letter.id) : null;
  const signatories = version ? await listBoundSignatories(db, { ...scope, versionId: version.id }) : [];
  const block = buildUndersignedBlock(toBlockSignatories(signatories, leadMepId), {
    format: asBlockFormat(letter?.undersignedFormat),
    term: termAt(now),
    staffMark: letter ? staffMarkOf(letter) : undefined,
  });
  return { source: "to-send", signatories, block, leadMepId };
}

function toBlockSignatories(signatories: readonly BoundSignatory[], leadMepId: number | null): BlockSignatory[] {
  return signatories.map((s) => ({
    givenName: s.givenName,
    familyName: s.familyName,
    group: s.group,
    country: s.country,
    party: s.party,
    lead: leadMepId !== null && s.mepId === leadMepId,
    signedBy: s.signerCapacity === "staff" ? { name: s.signerName, role: s.signerRole } : null,
  }));
}

/**
 * How the block marks a signature given by staff, in the letter's language, when the letter says to (the default):
 * the block page, the PDF and the send use this one phrase, so they cannot differ.
 */
function staffMarkOf(letter: { language: string; markStaffSignatures: boolean }) {
  if (!letter.markStaffSignatures) return undefined;
  const locale = localeOrEnglish(letter.language);
  return (by: { name: string; role: string | null }) =>
    by.role?.trim()
      ? translate(locale, "block.staffMark.withRole", { name: by.name, role: by.role.trim() })
      : translate(locale, "block.staffMark", { name: by.name });
}

async function getOffice(db: Queryable, officeId: string) {
  const [o] = await db
    .select({
      id: offices.id,
      name: offices.name,
      mepId: offices.mepId,
      contactEmail: offices.contactEmail,
      letterhead: offices.letterhead,
    })
    .from(offices)
    .where(eq(offices.id, officeId));
  return o ?? null;
}

async function listRecipients(db: Queryable, scope: Scope) {
  return db
    .select()
    .from(addresseesTable)
    .where(and(eq(addresseesTable.letterId, scope.letterId), eq(addresseesTable.officeId, scope.officeId)))
    .orderBy(asc(addresseesTable.position));
}

// ---------------------------------------------------------------- the checklist

export async function sendReadiness(db: Queryable, scope: Scope, now = new Date()) {
  const letter = await getLetter(db, { id: scope.letterId, officeId: scope.officeId });
  if (!letter) return null;
  const office = await getOffice(db, scope.officeId);
  const version = await getCurrentVersion(db, letter.id);
  const all = await listRecipients(db, scope);
  const recipients = all.filter((a) => a.email && a.email.trim()).map((a) => ({ ...a, email: a.email!.trim() }));
  const missingEmail = all.filter((a) => !a.email || !a.email.trim());
  // Named on the letter under "Cc:", whether or not they have an address to receive it.
  const copies = all
    .filter((a) => a.kind === "cc")
    .map((a) => ({ name: a.name, role: a.role, institution: a.institution }));
  const live = await db
    .select({ versionId: signatures.versionId })
    .from(signatures)
    .where(
      and(
        eq(signatures.letterId, letter.id),
        eq(signatures.officeId, scope.officeId),
        sql`${signatures.withdrawnAt} is null`,
      ),
    );
  // Before sending, the checklist shows exactly who would be sent (the one rule in signatoriesInLetter).
  const inLetter = await signatoriesInLetter(db, scope, now);
  const signatories =
    inLetter.source === "to-send"
      ? inLetter.signatories
      : version
        ? await listBoundSignatories(db, { ...scope, versionId: version.id })
        : [];
  const excluded = live.length - signatories.length;
  const deadlinePassed = letter.signatureDeadline !== null && letter.signatureDeadline <= now;
  const closedAt = letter.signingClosedAt ?? null;
  const signingClosed = closedAt !== null || letter.status === "closed" || deadlinePassed;
  const replyTo = office?.contactEmail?.trim() || null;
  const replyToOk = !replyTo || isSingleAddress(replyTo);

  const problems: NotReadyReason[] = [];
  if (!version) problems.push("sending.reason.noVersion");
  if (version && !signatories.length) problems.push("sending.reason.noSignatures");
  if (!signingClosed) problems.push("sending.reason.signingOpen");
  if (!recipients.some((r) => r.kind === "to")) problems.push("sending.reason.noEmails");
  if (!replyToOk) problems.push("sending.reason.badReplyTo");
  return {
    letter,
    office,
    version,
    recipients,
    missingEmail,
    copies,
    signatories,
    excluded,
    signing: { closedAt, deadline: letter.signatureDeadline, deadlinePassed, closed: signingClosed },
    sender: { from: getEnv().MAIL_FROM, replyTo, transport: getMailTransportName() },
    notices: new Set(signatories.map((s) => s.email?.toLowerCase()).filter(Boolean)).size,
    problems,
  };
}

export type Readiness = NonNullable<Awaited<ReturnType<typeof sendReadiness>>>;

/** Sending needs a sign-in (or re-confirmation by code) at most REAUTH_MINUTES old. */
export function isRecentlyVerified(verifiedAt: Date, now = new Date(), minutes = getEnv().REAUTH_MINUTES) {
  return now.getTime() - verifiedAt.getTime() <= minutes * 60_000;
}

// ---------------------------------------------------------------- the document and its PDF

function referenceOf(letter: { ourReference: string | null; id: string }) {
  return letter.ourReference?.trim() || letter.id.slice(0, 8).toUpperCase();
}

/** What the PDF prints, from the readiness facts at the moment of sending. */
export function letterDocumentFrom(
  r: Pick<Readiness, "letter" | "office" | "version" | "signatories"> & Partial<Pick<Readiness, "copies">>,
  at: Date,
  /** `legacy`: a send recorded before documents were frozen with it, printed as it was then (no staff marks). */
  opts: { preview?: boolean; legacy?: boolean } = {},
): LetterDocument {
  const { letter, office, version } = r;
  if (!version || !office) throw new Error("letterDocumentFrom: no version or office");
  const lead = office.mepId;
  const doc = buildLetterDocument({
    locale: localeOrEnglish(letter.language),
    letterhead: office.letterhead,
    officeName: office.name,
    place: letter.placeLine ?? "",
    date: at,
    copies: r.copies ?? [],
    subject: version.subject,
    addressees: version.addressees,
    bodyHtml: version.html,
    signatories: toBlockSignatories(r.signatories, lead),
    format: asBlockFormat(letter.undersignedFormat),
    staffMark: opts.legacy ? undefined : staffMarkOf(letter),
    reference: referenceOf(letter),
    versionNumber: version.number,
    versionHash: version.sha256,
    verificationCode: letter.verificationCode,
    verifyUrl: publicUrl(`/verify/${letter.verificationCode}`),
  });
  return opts.preview ? { ...doc, preview: true } : doc;
}

export function pdfFilename(d: Pick<LetterDocument, "reference" | "versionNumber">) {
  const safe =
    d.reference
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "letter";
  return `${safe}-v${d.versionNumber}.pdf`;
}

export async function getSend(db: Queryable, scope: Scope) {
  const [row] = await db
    .select()
    .from(sends)
    .where(and(eq(sends.letterId, scope.letterId), eq(sends.officeId, scope.officeId)))
    .limit(1);
  return row ?? null;
}

/** The frozen document of a send, from its "letter.sent" audit event. */
export async function getSentDocument(
  db: Queryable,
  scope: Scope & { sendId: string },
): Promise<LetterDocument | null> {
  return (await getSentRecord(db, scope)).document;
}

/** The frozen document and list of signatories of a send, from its "letter.sent" audit event. */
async function getSentRecord(
  db: Queryable,
  scope: Scope & { sendId: string },
): Promise<{ document: LetterDocument | null; signatories: FrozenSignatory[] | null }> {
  const [row] = await db
    .select({ data: auditEvents.data })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.letterId, scope.letterId),
        eq(auditEvents.officeId, scope.officeId),
        eq(auditEvents.action, "letter.sent"),
        sql`${auditEvents.data}->>'sendId' = ${scope.sendId}`,
      ),
    )
    .limit(1);
  const list = row?.data?.signatoryList;
  return {
    document: asLetterDocument(row?.data?.document),
    signatories: Array.isArray(list) ? (list as FrozenSignatory[]) : null,
  };
}

export type SentPdf = {
  bytes: Buffer;
  sha256: string;
  filename: string;
  matchesRecord: boolean;
  document: LetterDocument;
};

/** The letter as it was sent (the frozen document, or for an older send its reconstruction); null if unsent. */
export async function sentDocument(db: Queryable, scope: Scope): Promise<LetterDocument | null> {
  const send = await getSend(db, scope);
  if (!send) return null;
  return (await getSentDocument(db, { ...scope, sendId: send.id })) ?? (await reconstructDocument(db, scope, send));
}

/** Renders the sent letter's PDF again (identical bytes). Null when the letter was not sent by this office. */
export async function renderSentLetterPdf(db: Queryable, scope: Scope): Promise<SentPdf | null> {
  const send = await getSend(db, scope);
  if (!send) return null;
  const document =
    (await getSentDocument(db, { ...scope, sendId: send.id })) ?? (await reconstructDocument(db, scope, send));
  if (!document) return null;
  const bytes = await renderLetterPdf(document);
  const sha256 = sha256Hex(bytes);
  return { bytes, sha256, filename: pdfFilename(document), matchesRecord: sha256 === send.pdfSha256, document };
}

/**
 * For a send recorded without a frozen document (the demo seed, data imported from elsewhere): the document as
 * it would have been printed, from the sent version and the signatures given before the send. It is rendered from
 * current office and directory data, so unlike a frozen one it is not guaranteed to stay byte-identical.
 */
async function reconstructDocument(db: Queryable, scope: Scope, send: Send): Promise<LetterDocument | null> {
  const letter = await getLetter(db, { id: scope.letterId, officeId: scope.officeId });
  const office = await getOffice(db, scope.officeId);
  const [version] = await db
    .select()
    .from(letterVersions)
    .where(and(eq(letterVersions.id, send.versionId), eq(letterVersions.letterId, scope.letterId)));
  if (!letter || !office || !version) return null;
  const signatories = (await listBoundSignatories(db, { ...scope, versionId: version.id })).filter(
    (s) => s.signedAt <= send.createdAt,
  );
  return letterDocumentFrom({ letter, office, version, signatories }, send.createdAt, { legacy: true });
}

/** A PDF of what would be sent now, for the checklist. Not a record: it carries "preview" in every footer. */
export async function renderPreviewPdf(db: Queryable, scope: Scope, now = new Date()) {
  const r = await sendReadiness(db, scope, now);
  if (!r || !r.version) return null;
  const document = letterDocumentFrom(r, now, { preview: true });
  return { bytes: await renderLetterPdf(document), filename: pdfFilename(document).replace(/\.pdf$/, "-preview.pdf") };
}

// ---------------------------------------------------------------- recording the send

export type NewSend = {
  id: string;
  versionId: string;
  signatoryCount: number;
  pdfSha256: string;
  htmlSha256: string;
  createdAt: Date;
};

/** The one send of a letter (unique per letter: a second insert throws a unique violation); marks the letter sent. */
export async function recordSend(tx: Queryable, actor: Actor, input: NewSend & { letterId: string }) {
  await tx.insert(sends).values({
    id: input.id,
    letterId: input.letterId,
    officeId: actor.officeId,
    versionId: input.versionId,
    requestedBy: actor.userId,
    status: "sending",
    signatoryCount: input.signatoryCount,
    pdfSha256: input.pdfSha256,
    htmlSha256: input.htmlSha256,
    createdAt: input.createdAt,
  });
  await tx
    .update(letters)
    .set({ status: "sent", sentAt: input.createdAt, updatedAt: input.createdAt })
    .where(and(eq(letters.id, input.letterId), eq(letters.officeId, actor.officeId)));
}

/** The "letter went out" link for signatories: needs both the verification code and the send's random id. */
export function signatoryPdfPath(verificationCode: string, sendId: string) {
  return `/verify/${verificationCode}/pdf?key=${sendId}`;
}

// ---------------------------------------------------------------- after sending

export type SendStatus = "sending" | "sent" | "partial" | "held";

/** The send's overall state from its letter emails (checked on read; written back when it changed). */
export async function refreshSendStatus(db: Queryable, scope: Scope) {
  const send = await getSend(db, scope);
  if (!send) return null;
  const rows = await db
    .select({ status: emails.status, sentAt: emails.sentAt, lastError: emails.lastError })
    .from(emails)
    .where(
      and(
        eq(emails.letterId, scope.letterId),
        eq(emails.officeId, scope.officeId),
        eq(emails.kind, "letter"),
        like(emails.idempotencyKey, `letter:${send.id}:%`),
      ),
    );
  let status: SendStatus;
  let lastError: string | null = null;
  const held = rows.find((r) => r.status === "held");
  if (held) {
    status = "held";
    lastError = held.lastError;
  } else if (rows.some((r) => r.status === "queued" || r.status === "sending")) status = "sending";
  else if (rows.some((r) => r.status === "failed")) {
    status = "partial";
    lastError = rows.find((r) => r.status === "failed")?.lastError ?? null;
  } else status = "sent";
  const done = status === "sent" || status === "partial";
  const times = rows.map((r) => r.sentAt?.getTime() ?? 0).filter(Boolean);
  const completedAt = done ? (times.length ? new Date(Math.max(...times)) : send.createdAt) : null;
  const changed =
    send.status !== status ||
    (send.completedAt?.getTime() ?? null) !== (completedAt?.getTime() ?? null) ||
    (send.lastError ?? null) !== lastError;
  if (changed) {
    await db.update(sends).set({ status, completedAt, lastError }).where(eq(sends.id, send.id));
  }
  return { ...send, status, completedAt, lastError };
}

/** Every message of the send (letters and notices), for the status table. */
export async function listSendEmails(db: Queryable, scope: Scope) {
  return db
    .select({
      id: emails.id,
      kind: emails.kind,
      toName: emails.toName,
      toAddress: emails.toAddress,
      status: emails.status,
      deliveryStatus: emails.deliveryStatus,
      deliveryUpdatedAt: emails.deliveryUpdatedAt,
      transport: emails.transport,
      providerMessageId: emails.providerMessageId,
      attempts: emails.attempts,
      lastError: emails.lastError,
      idempotencyKey: emails.idempotencyKey,
      createdAt: emails.createdAt,
      sentAt: emails.sentAt,
      retryAt: nextAttemptAt(),
      htmlSha256: sql<string>`encode(sha256(convert_to(${emails.html}, 'UTF8')), 'hex')`,
      textSha256: sql<string>`encode(sha256(convert_to(${emails.text}, 'UTF8')), 'hex')`,
    })
    .from(emails)
    .where(
      and(
        eq(emails.letterId, scope.letterId),
        eq(emails.officeId, scope.officeId),
        sql`${emails.kind} in ('letter', 'signatory-notice')`,
      ),
    )
    .orderBy(asc(emails.createdAt), asc(emails.toAddress));
}

/** The record of what was sent, as a downloadable JSON document. Null when the letter was not sent by this office. */
export async function getSendRecord(db: Queryable, scope: Scope) {
  const send = await getSend(db, scope);
  if (!send) return null;
  const [letter] = await db
    .select()
    .from(letters)
    .where(and(eq(letters.id, scope.letterId), eq(letters.officeId, scope.officeId)));
  const [version] = await db
    .select({
      number: letterVersions.number,
      sha256: letterVersions.sha256,
      subject: letterVersions.subject,
      createdAt: letterVersions.createdAt,
    })
    .from(letterVersions)
    .where(eq(letterVersions.id, send.versionId));
  const document = await getSentDocument(db, { ...scope, sendId: send.id });
  const rows = (await listSendEmails(db, scope)).filter(
    (r) => r.idempotencyKey.startsWith(`letter:${send.id}:`) || r.idempotencyKey.startsWith(`notice:${send.id}:`),
  );
  const message = (r: (typeof rows)[number]) => ({
    name: r.toName,
    address: r.toAddress,
    status: r.status,
    delivery: r.deliveryStatus,
    deliveryUpdatedAt: r.deliveryUpdatedAt?.toISOString() ?? null,
    transport: r.transport,
    providerMessageId: r.providerMessageId,
    idempotencyKey: r.idempotencyKey,
    attempts: r.attempts,
    lastError: r.lastError,
    queuedAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    htmlSha256: r.htmlSha256,
    textSha256: r.textSha256,
  });
  return {
    kind: "undersigned.send-record",
    formatVersion: 1,
    letter: {
      id: letter.id,
      subject: version.subject,
      reference: document?.reference ?? referenceOf(letter),
      verificationCode: letter.verificationCode,
      verifyUrl: document?.verifyUrl ?? null,
    },
    send: {
      id: send.id,
      status: send.status,
      requestedBy: send.requestedBy,
      createdAt: send.createdAt.toISOString(),
      completedAt: send.completedAt?.toISOString() ?? null,
      lastError: send.lastError,
    },
    version: { number: version.number, sha256: version.sha256, publishedAt: version.createdAt.toISOString() },
    pdf: { sha256: send.pdfSha256, filename: document ? pdfFilename(document) : null },
    html: { sha256: send.htmlSha256, of: "the final version's sanitised HTML body, as inserted in every letter email" },
    signatories: {
      count: send.signatoryCount,
      format: document?.undersigned.format ?? null,
      printed: document
        ? document.undersigned.format === "by-group"
          ? document.undersigned.sections
          : document.undersigned.lines
        : null,
    },
    recipients: rows.filter((r) => r.kind === "letter").map(message),
    notices: rows.filter((r) => r.kind === "signatory-notice").map(message),
  };
}
