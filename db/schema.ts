/**
 * The whole Undersigned data model. One file so a newcomer sees every table at once;
 * relations live in db/relations.ts. Column names are camelCase here and snake_case in SQL
 * (drizzle `casing: "snake_case"`). Status columns are text with a TypeScript union rather
 * than pg enums, so adding a state is a code change, not a migration that locks a table.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
/** Raw bytes (uploaded reply files); PGlite and postgres.js both hand back a Uint8Array/Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
const ts = () => timestamp({ withTimezone: true });

export type Role = "mep" | "staff" | "campaign_lead" | "admin";
export type LetterStatus = "draft" | "collecting" | "closed" | "sent";
export type VersionKind = "initial" | "editorial" | "substantive";
export type InvitationStatus = "pending" | "signed" | "declined" | "revoked";
export type EmailStatus = "queued" | "sending" | "sent" | "failed" | "held";
export type JobStatus = "queued" | "running" | "done" | "failed";
export type ReplyKind = "acknowledgement" | "holding" | "referral" | "substantive";
export type ReplyDayKind = "working" | "calendar";

// ---------------------------------------------------------------- offices and people

export const offices = pgTable("offices", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  /** The MEP this office works for (null for e.g. a group secretariat). */
  mepId: integer().references(() => meps.id),
  contactEmail: text(),
  /** The letterhead printed at the top of every letter, one line per line (null: the office's name). */
  letterhead: text(),
  /** The place line a new letter starts with ("Brussels", "Strasbourg"); null: "Brussels". */
  defaultPlaceLine: text(),
  /** IANA time zone the office reads times in (send status, retries); dates of letters stay in Brussels time. */
  timeZone: text().notNull().default("Europe/Brussels"),
  /** The office's reply clock (app/domain/reply-clock.ts): due after this many days, very overdue after the second. */
  replyDueDays: integer().notNull().default(15),
  replyVeryOverdueDays: integer().notNull().default(30),
  replyDayKind: text().$type<ReplyDayKind>().notNull().default("working"),
  /**
   * When a signature given by staff counts: "outside-domain" (default) once the Member confirms if the staff
   * address is not on the Member's own domain, "always" once the Member confirms. The Member is emailed either way.
   */
  staffSignatureConfirmation: text().$type<"outside-domain" | "always">().notNull().default("outside-domain"),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Always stored lower-cased. */
    email: text().notNull(),
    name: text().notNull(),
    /** Can create offices and manage any office's members. */
    isPlatformAdmin: boolean().notNull().default(false),
    /** Language of the staff interface (en, fr, de, nl); null: follow the browser's Accept-Language. */
    locale: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email)],
);

export const memberships = pgTable(
  "memberships",
  {
    id: uuid().primaryKey().defaultRandom(),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text().$type<Role>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("memberships_office_user_uq").on(t.officeId, t.userId),
    index("memberships_user_idx").on(t.userId),
  ],
);

export type OfficeInvitationStatus = "pending" | "accepted" | "declined" | "revoked";

/**
 * An office's invitation to join it (issue 10): an administrator never adds a person directly, new or
 * already a member elsewhere. The person gets a link (only its SHA-256 is here) and becomes a member only by
 * accepting it, signed in as the invited address, or, for an address without an account, through the link
 * itself. One pending invitation per office and address; a new one replaces it.
 */
export const officeInvitations = pgTable(
  "office_invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    email: text().notNull(),
    name: text().notNull(),
    role: text().$type<Role>().notNull(),
    tokenHash: text().notNull(),
    invitedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    status: text().$type<OfficeInvitationStatus>().notNull().default("pending"),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    respondedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("office_invitations_token_uq").on(t.tokenHash),
    uniqueIndex("office_invitations_pending_uq")
      .on(t.officeId, t.email)
      .where(sql`${t.status} = 'pending'`),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 (hex) of the random token in the cookie; the raw token is never stored. */
    idHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When the user last proved control of their address (sign-in or re-confirmation). */
    verifiedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    userAgent: text(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const loginCodes = pgTable(
  "login_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    /** SHA-256 of the six-digit code (salted with the row id). */
    codeHash: text().notNull(),
    /** SHA-256 of the magic-link token. */
    linkHash: text().notNull(),
    attempts: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: ts(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("login_codes_link_uq").on(t.linkHash), index("login_codes_email_idx").on(t.email)],
);

/**
 * Form keys of creating submissions (issue 10): every form that creates something carries a random key
 * from the page that showed it. The first POST with a key claims it here, in the transaction that creates,
 * and stores its answer; a retry with the same key (a double click, a resent POST, a client retrying after a
 * timeout) gets that answer and creates nothing. `scope` is who sent it ("user:<id>", "invitation:<id>"),
 * `form` which form (a path-like name, e.g. "letters/new"). Swept after a week. Holds ids and message keys only, never a secret.
 */
export const formSubmissions = pgTable(
  "form_submissions",
  {
    scope: text().notNull(),
    form: text().notNull(),
    key: uuid().notNull(),
    /** The answer to give a retry; null only while the claiming transaction is still running. */
    result: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.form, t.key] }), index("form_submissions_created_idx").on(t.createdAt)],
);

/** Fixed-window counters shared by every app instance. */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

// ---------------------------------------------------------------- MEP directory

export const meps = pgTable(
  "meps",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** The EP's own identifier (europarl.europa.eu/meps/en/{epId}); null for hand-entered people. */
    epId: integer(),
    givenName: text().notNull(),
    familyName: text().notNull(),
    /** Surname-first key without diacritics or case, particles kept, the way the EP sorts its lists (app/domain/names.ts). */
    sortKey: text().notNull(),
    /** Lower-case, diacritic-free "given family" for search. */
    searchKey: text().notNull(),
    /** ISO 3166 alpha-2, with EL for Greece as the EU does. */
    country: text().notNull(),
    /** Short label: EPP, S&D, Renew, Greens/EFA, ECR, The Left, ID, PfE, ESN, NI. */
    politicalGroup: text().notNull(),
    politicalGroupFull: text(),
    nationalParty: text(),
    /** The Member's own address (invitations go here, staff signatures are confirmed here). */
    email: text(),
    /** The address the EP last published for the Member (Open Data hasEmail); kept apart so a person's edit wins. */
    epEmail: text(),
    /** Who last set the Member's address by hand, and when; once set, imports no longer change `email`. */
    emailChangedBy: uuid().references(() => users.id),
    emailChangedAt: timestamp({ withTimezone: true }),
    /** The Member's office (assistants): invitations go here when the Member's own address is unknown. */
    officeEmail: text(),
    officeEmailChangedBy: uuid().references(() => users.id),
    officeEmailChangedAt: timestamp({ withTimezone: true }),
    /** ISO 639-1: the language the Member's office asked to be written to in; null: the letter's language. */
    preferredLanguage: text(),
    term: integer().notNull(),
    active: boolean().notNull().default(true),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("meps_ep_id_uq").on(t.epId),
    index("meps_sort_idx").on(t.sortKey),
    index("meps_group_idx").on(t.politicalGroup),
    index("meps_country_idx").on(t.country),
  ],
);

/** Group and party affiliation over time; an import closes the old row and opens a new one. */
export const mepAffiliations = pgTable(
  "mep_affiliations",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    mepId: integer()
      .notNull()
      .references(() => meps.id, { onDelete: "cascade" }),
    politicalGroup: text().notNull(),
    nationalParty: text(),
    term: integer().notNull(),
    validFrom: date().notNull(),
    validTo: date(),
  },
  (t) => [index("mep_affiliations_mep_idx").on(t.mepId)],
);

// ---------------------------------------------------------------- letters

export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid().primaryKey().defaultRandom(),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    title: text().notNull(),
    summary: text(),
    createdAt: createdAt(),
  },
  (t) => [index("campaigns_office_idx").on(t.officeId)],
);

export const letters = pgTable(
  "letters",
  {
    id: uuid().primaryKey().defaultRandom(),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    campaignId: uuid().references(() => campaigns.id, { onDelete: "set null" }),
    status: text().$type<LetterStatus>().notNull().default("draft"),
    /** ISO 639-1, one of the 24 EU languages. */
    language: text().notNull().default("en"),
    subject: text().notNull(),
    placeLine: text(),
    ourReference: text(),
    signatureDeadline: ts(),
    /** Working draft (not evidence): Lexical editor JSON and an optimistic-lock revision. */
    draftJson: jsonb(),
    draftRevision: integer().notNull().default(0),
    draftUpdatedAt: ts(),
    showSignatories: boolean().notNull().default(true),
    /** Set when the office closes signing before (or instead of) the deadline. */
    signingClosedAt: ts(),
    /** Reminders to those who have not answered, in days before the deadline (0 = on the day). */
    reminderDays: jsonb().$type<number[]>().notNull().default([3, 0]),
    /** Breadth targets set by the office (app/domain/tally.ts Targets). */
    targets: jsonb().$type<Record<string, unknown>>(),
    /** How the undersigned block is printed: names | names-group-country | by-group. */
    undersignedFormat: text().notNull().default("names-group-country"),
    /** Whether the block and the PDF mark a signature given by staff ("signed by staff: Name, role"). */
    markStaffSignatures: boolean().notNull().default(true),
    /** Random code printed on the sent letter; the verification page looks it up. */
    verificationCode: text().notNull(),
    /** Per-letter override of the office's reply clock (null: the office's). */
    replyDueDays: integer(),
    replyVeryOverdueDays: integer(),
    replyDayKind: text().$type<ReplyDayKind>(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: ts(),
  },
  (t) => [
    index("letters_office_idx").on(t.officeId, t.updatedAt),
    uniqueIndex("letters_verification_uq").on(t.verificationCode),
  ],
);

export type AddresseeSnapshot = {
  name: string;
  role: string | null;
  institution: string | null;
  salutation: string | null;
};

/** Frozen, hashed versions. The database refuses UPDATE and DELETE (see the immutability migration). */
export const letterVersions = pgTable(
  "letter_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    letterId: uuid()
      .notNull()
      .references(() => letters.id),
    officeId: uuid()
      .notNull()
      .references(() => offices.id),
    number: integer().notNull(),
    kind: text().$type<VersionKind>().notNull(),
    subject: text().notNull(),
    addressees: jsonb().$type<AddresseeSnapshot[]>().notNull(),
    editorJson: jsonb().notNull(),
    html: text().notNull(),
    plainText: text().notNull(),
    /** SHA-256 (hex) of the canonical form of what a signer sees; see app/domain/version-hash.ts. */
    sha256: text().notNull(),
    /** Which canonical form `sha256` is of (app/domain/version-hash.ts); also recorded in the version's audit event. */
    hashFormat: integer().notNull().default(1),
    authorId: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("letter_versions_letter_number_uq").on(t.letterId, t.number),
    index("letter_versions_fts_idx").using("gin", sql`to_tsvector('simple', ${t.plainText})`),
  ],
);

export const addressees = pgTable(
  "addressees",
  {
    id: uuid().primaryKey().defaultRandom(),
    letterId: uuid()
      .notNull()
      .references(() => letters.id, { onDelete: "cascade" }),
    officeId: uuid()
      .notNull()
      .references(() => offices.id),
    position: integer().notNull(),
    name: text().notNull(),
    role: text(),
    institution: text(),
    salutation: text(),
    email: text(),
    /** "to" or "cc". */
    kind: text().$type<"to" | "cc">().notNull().default("to"),
  },
  (t) => [index("addressees_letter_idx").on(t.letterId, t.position)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    letterId: uuid()
      .notNull()
      .references(() => letters.id, { onDelete: "cascade" }),
    officeId: uuid()
      .notNull()
      .references(() => offices.id),
    mepId: integer()
      .notNull()
      .references(() => meps.id),
    /** Who receives the link: the MEP or a member of their staff. */
    inviteeName: text().notNull(),
    /** "mep" when the link goes to the Member, "staff" when it goes to their office. */
    inviteeKind: text().$type<"mep" | "staff">().notNull().default("mep"),
    inviteeEmail: text().notNull(),
    /** SHA-256 (hex) of the 32-byte token in the link. */
    tokenHash: text().notNull(),
    status: text().$type<InvitationStatus>().notNull().default("pending"),
    declineReason: text(),
    remindersOff: boolean().notNull().default(false),
    sendCount: integer().notNull().default(0),
    lastSentAt: ts(),
    respondedAt: ts(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("invitations_token_uq").on(t.tokenHash),
    index("invitations_letter_idx").on(t.letterId, t.status),
    uniqueIndex("invitations_letter_email_uq").on(t.letterId, t.inviteeEmail),
  ],
);

/**
 * Earlier personal links of an invitation. A reminder or a resend issues a new link (only hashes
 * are stored, so an old link cannot be repeated); the superseded ones keep working until the
 * invitation is revoked, so a signer who opens an older email is not turned away.
 */
export const invitationLinks = pgTable(
  "invitation_links",
  {
    tokenHash: text().primaryKey(),
    invitationId: uuid()
      .notNull()
      .references(() => invitations.id, { onDelete: "cascade" }),
    supersededAt: createdAt(),
  },
  (t) => [index("invitation_links_invitation_idx").on(t.invitationId)],
);

/**
 * Evidence of consent. Append-only except that withdrawal may be stamped once
 * (enforced by trigger). At most one live signature per MEP per letter.
 */
export const signatures = pgTable(
  "signatures",
  {
    id: uuid().primaryKey().defaultRandom(),
    letterId: uuid()
      .notNull()
      .references(() => letters.id),
    officeId: uuid()
      .notNull()
      .references(() => offices.id),
    invitationId: uuid().references(() => invitations.id),
    versionId: uuid()
      .notNull()
      .references(() => letterVersions.id),
    versionHash: text().notNull(),
    mepId: integer()
      .notNull()
      .references(() => meps.id),
    /** The name the person typed when confirming. */
    signerName: text().notNull(),
    /** "mep" when the Member signed, "staff" when someone signed on the Member's behalf. */
    signerCapacity: text().$type<"mep" | "staff">().notNull(),
    signerRole: text(),
    /** "link" (personal link), "outside" (collected outside the app, entered by the office). */
    method: text().$type<"link" | "outside">().notNull(),
    sourceNote: text(),
    groupAtSigning: text().notNull(),
    countryAtSigning: text().notNull(),
    partyAtSigning: text(),
    ip: text(),
    userAgent: text(),
    signedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: ts(),
  },
  (t) => [
    uniqueIndex("signatures_live_uq")
      .on(t.letterId, t.mepId)
      .where(sql`withdrawn_at is null`),
    index("signatures_letter_idx").on(t.letterId),
  ],
);

export const comments = pgTable(
  "comments",
  {
    id: uuid().primaryKey().defaultRandom(),
    letterId: uuid()
      .notNull()
      .references(() => letters.id, { onDelete: "cascade" }),
    officeId: uuid()
      .notNull()
      .references(() => offices.id),
    versionId: uuid().references(() => letterVersions.id),
    authorUserId: uuid().references(() => users.id),
    invitationId: uuid().references(() => invitations.id),
    authorName: text().notNull(),
    body: text().notNull(),
    /** For a proposed change: the passage and what it should become. */
    quote: text(),
    proposal: text(),
    status: text().$type<"open" | "accepted" | "declined">().notNull().default("open"),
    resolutionNote: text(),
    createdAt: createdAt(),
    resolvedAt: ts(),
  },
  (t) => [index("comments_letter_idx").on(t.letterId)],
);

/**
 * The office's decision on whether a signature goes into the final letter. Without a row, signatures
 * on the final version or carried over by editorial changes count, and those awaiting re-confirmation
 * after a substantive change do not.
 */
export const signatureDecisions = pgTable("signature_decisions", {
  signatureId: uuid()
    .primaryKey()
    .references(() => signatures.id),
  letterId: uuid()
    .notNull()
    .references(() => letters.id),
  officeId: uuid()
    .notNull()
    .references(() => offices.id),
  include: boolean().notNull(),
  decidedBy: uuid().references(() => users.id),
  decidedAt: createdAt(),
});

/** A Member confirming a signature their staff gave on their behalf (signatures themselves are immutable). */
export const signatureConfirmations = pgTable(
  "signature_confirmations",
  {
    id: uuid().primaryKey().defaultRandom(),
    signatureId: uuid()
      .notNull()
      .references(() => signatures.id),
    letterId: uuid()
      .notNull()
      .references(() => letters.id),
    officeId: uuid()
      .notNull()
      .references(() => offices.id),
    /** SHA-256 of the token in the confirmation link sent to the Member. */
    tokenHash: text().notNull(),
    /** Whether the signature counts only once the Member confirms (the office setting and the staff address). */
    required: boolean().notNull().default(true),
    requestedAt: createdAt(),
    confirmedAt: ts(),
    rejectedAt: ts(),
  },
  (t) => [
    uniqueIndex("signature_confirmations_token_uq").on(t.tokenHash),
    index("signature_confirmations_signature_idx").on(t.signatureId),
  ],
);

/** Letters an office keeps as a starting point for new ones. */
export const letterTemplates = pgTable(
  "letter_templates",
  {
    id: uuid().primaryKey().defaultRandom(),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    name: text().notNull(),
    subject: text().notNull(),
    language: text().notNull().default("en"),
    draftJson: jsonb().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("letter_templates_office_idx").on(t.officeId)],
);

// ---------------------------------------------------------------- sending and email

export const sends = pgTable(
  "sends",
  {
    id: uuid().primaryKey().defaultRandom(),
    letterId: uuid()
      .notNull()
      .references(() => letters.id),
    officeId: uuid()
      .notNull()
      .references(() => offices.id),
    versionId: uuid()
      .notNull()
      .references(() => letterVersions.id),
    requestedBy: uuid().references(() => users.id),
    status: text().$type<"sending" | "sent" | "partial" | "held">().notNull().default("sending"),
    signatoryCount: integer().notNull(),
    /** Why the send is held (e.g. the provider's daily quota), shown to the office. */
    lastError: text(),
    htmlSha256: text(),
    pdfSha256: text(),
    createdAt: createdAt(),
    completedAt: ts(),
  },
  // One send per letter: pressing "send" twice, or from two instances, cannot make two.
  (t) => [uniqueIndex("sends_letter_uq").on(t.letterId)],
);

/** Every message the app sends. Without RESEND_API_KEY this table is also the local outbox. */
export const emails = pgTable(
  "emails",
  {
    id: uuid().primaryKey().defaultRandom(),
    officeId: uuid().references(() => offices.id),
    letterId: uuid().references(() => letters.id),
    kind: text().notNull(),
    toAddress: text().notNull(),
    toName: text(),
    fromAddress: text().notNull(),
    replyTo: text(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    headers: jsonb().$type<Record<string, string>>(),
    /**
     * The personal links and codes of the message, sealed with APP_SECRET (app/infra/email-secrets);
     * subject, parts and headers hold placeholders. Deleted once the provider accepted the message.
     */
    sealedSecrets: text(),
    /** Sent as Resend's Idempotency-Key, so a retry after a crash never sends twice. */
    idempotencyKey: text().notNull(),
    status: text().$type<EmailStatus>().notNull().default("queued"),
    transport: text().$type<"resend" | "local">(),
    providerMessageId: text(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** Latest delivery event from the provider webhook (delivered, bounced, ...). */
    deliveryStatus: text(),
    deliveryUpdatedAt: ts(),
    createdAt: createdAt(),
    sentAt: ts(),
  },
  (t) => [
    uniqueIndex("emails_idempotency_uq").on(t.idempotencyKey),
    index("emails_letter_idx").on(t.letterId),
    index("emails_created_idx").on(t.createdAt),
    index("emails_provider_idx").on(t.providerMessageId),
  ],
);

/** The job queue: claimed with FOR UPDATE SKIP LOCKED under a lease (see app/infra/jobs.server.ts). */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    queue: text().notNull(),
    payload: jsonb().notNull(),
    status: text().$type<JobStatus>().notNull().default("queued"),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(8),
    lockedUntil: ts(),
    lockedBy: text(),
    lastError: text(),
    /** Optional: a second job with the same key is not created. */
    dedupeKey: text(),
    createdAt: createdAt(),
    finishedAt: ts(),
  },
  (t) => [index("jobs_ready_idx").on(t.status, t.runAt), uniqueIndex("jobs_dedupe_uq").on(t.dedupeKey)],
);

export const webhookEvents = pgTable("webhook_events", {
  /** The provider's event id (svix-id); a duplicate delivery is a conflict and is ignored. */
  id: text().primaryKey(),
  type: text().notNull(),
  providerMessageId: text(),
  occurredAt: ts(),
  payload: jsonb().notNull(),
  receivedAt: createdAt(),
});

// ---------------------------------------------------------------- what came back

export const replies = pgTable(
  "replies",
  {
    id: uuid().primaryKey().defaultRandom(),
    letterId: uuid()
      .notNull()
      .references(() => letters.id, { onDelete: "cascade" }),
    officeId: uuid()
      .notNull()
      .references(() => offices.id),
    receivedOn: date().notNull(),
    senderName: text().notNull(),
    senderRole: text(),
    /** "on behalf of the President". */
    onBehalfOf: text(),
    /** The institution's reference, normalised when it is an Ares one ("Ares(2023)1234567"). */
    theirReference: text(),
    /** The registration date printed with an Ares reference ("Ref. Ares(2014)3295519 - 06/10/2014"). */
    theirReferenceDate: date(),
    /** The registration number the institution gave our letter. */
    theirRegistration: text(),
    /** Our own registration reference for this reply. */
    ourRegistration: text(),
    kind: text().$type<ReplyKind>().notNull().default("substantive"),
    /** A referral: who will answer instead (a new expectation with its own clock). */
    referredToName: text(),
    referredToRole: text(),
    body: text().notNull(),
    /** Body, sender and the uploaded file's extracted text: what the reply search reads. */
    searchText: text().notNull().default(""),
    /** 1 when logged; each correction adds one and keeps the previous state in reply_revisions. */
    revision: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedBy: uuid().references(() => users.id),
    updatedAt: ts(),
  },
  (t) => [
    index("replies_letter_idx").on(t.letterId),
    index("replies_office_idx").on(t.officeId, t.receivedOn),
    index("replies_fts_idx").using("gin", sql`to_tsvector('simple', ${t.searchText})`),
  ],
);

/** Which addressees a reply answers: one joint answer for three addressees, or three answers. */
export const replyAddressees = pgTable(
  "reply_addressees",
  {
    replyId: uuid()
      .notNull()
      .references(() => replies.id, { onDelete: "cascade" }),
    addresseeId: uuid()
      .notNull()
      .references(() => addressees.id, { onDelete: "cascade" }),
    letterId: uuid()
      .notNull()
      .references(() => letters.id, { onDelete: "cascade" }),
    officeId: uuid()
      .notNull()
      .references(() => offices.id),
  },
  (t) => [
    primaryKey({ columns: [t.replyId, t.addresseeId] }),
    index("reply_addressees_addressee_idx").on(t.addresseeId),
    index("reply_addressees_letter_idx").on(t.letterId),
    /** The office's statistics and cross-letter view read every link of one office at once. */
    index("reply_addressees_office_idx").on(t.officeId, t.addresseeId),
  ],
);

/**
 * The reply as received (PDF or .docx) with its extracted text. The bytes are kept in the database (`storage`
 * "database", the default) or, when REPLY_FILES_DIR is set, in that directory under their SHA-256 (`storage`
 * "directory", `storage_key` the file's name there); either way `sha256` is checked when the file is read.
 */
export const replyFiles = pgTable(
  "reply_files",
  {
    id: uuid().primaryKey().defaultRandom(),
    replyId: uuid()
      .notNull()
      .references(() => replies.id, { onDelete: "cascade" }),
    officeId: uuid()
      .notNull()
      .references(() => offices.id),
    filename: text().notNull(),
    contentType: text().notNull(),
    byteSize: integer().notNull(),
    sha256: text().notNull(),
    /** "database": the bytes are in `content`; "directory": in REPLY_FILES_DIR under `storage_key`. */
    storage: text().$type<"database" | "directory">().notNull().default("database"),
    /** The file's name in the directory (its SHA-256 split as "ab/abcd…"); null for the database. */
    storageKey: text(),
    /** The bytes, when `storage` is "database". */
    content: bytea(),
    extractedText: text().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("reply_files_reply_idx").on(t.replyId),
    check(
      "reply_files_storage_ck",
      sql`(${t.storage} = 'database' and ${t.content} is not null and ${t.storageKey} is null) or (${t.storage} = 'directory' and ${t.content} is null and ${t.storageKey} ~ '^[0-9a-f]{2}/[0-9a-f]{64}$')`,
    ),
  ],
);

/** The state of a reply before each correction (append-only: the database refuses UPDATE and DELETE). */
export const replyRevisions = pgTable(
  "reply_revisions",
  {
    id: uuid().primaryKey().defaultRandom(),
    replyId: uuid()
      .notNull()
      .references(() => replies.id),
    officeId: uuid()
      .notNull()
      .references(() => offices.id),
    /** The revision this snapshot was (the reply is now revision + 1). */
    revision: integer().notNull(),
    snapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    reason: text().notNull(),
    editedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("reply_revisions_reply_revision_uq").on(t.replyId, t.revision)],
);

/** An addressee the office has said it no longer expects a reply from (stops alerts; a later reply still counts). */
export const replyNotExpected = pgTable("reply_not_expected", {
  addresseeId: uuid()
    .primaryKey()
    .references(() => addressees.id, { onDelete: "cascade" }),
  letterId: uuid()
    .notNull()
    .references(() => letters.id, { onDelete: "cascade" }),
  officeId: uuid()
    .notNull()
    .references(() => offices.id),
  setBy: uuid().references(() => users.id),
  createdAt: createdAt(),
});

/**
 * Links in reply emails: "did they reply?" answers and per-kind unsubscribes. Only the SHA-256 of
 * the token is stored.
 */
export const replyEmailTokens = pgTable(
  "reply_email_tokens",
  {
    tokenHash: text().primaryKey(),
    purpose: text().$type<"nudge" | "unsubscribe">().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    letterId: uuid().references(() => letters.id, { onDelete: "cascade" }),
    addresseeId: uuid().references(() => addressees.id, { onDelete: "cascade" }),
    /** The email kind an unsubscribe turns off, or the nudge's event. */
    kind: text().notNull(),
    answer: text(),
    answeredAt: ts(),
    createdAt: createdAt(),
  },
  (t) => [index("reply_email_tokens_addressee_idx").on(t.addresseeId)],
);

/** Per user and office: which reply emails they get (absent row: the kind's default). */
export const replyEmailPrefs = pgTable(
  "reply_email_prefs",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    enabled: boolean().notNull(),
    updatedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.officeId, t.kind] })],
);

/** Outside production only: how far the app's clock is moved forward (browser tests, demos). */
export const testClock = pgTable("test_clock", {
  id: integer().primaryKey(),
  offsetMs: bigint({ mode: "number" }).notNull().default(0),
});

/**
 * Parliamentary questions are public facts, shared by all offices; links to them, follows and drafts are
 * per office. One row per EP document: the display reference is not unique (numbering restarts with each
 * term, and 2019 and 2024 each had two terms), so the document id is the key.
 */
export const parliamentaryQuestions = pgTable(
  "parliamentary_questions",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** E, P, O or H. */
    type: text().notNull(),
    number: integer().notNull(),
    year: integer().notNull(),
    term: integer().notNull(),
    /** Display form, e.g. "E-000213/2022". */
    reference: text().notNull(),
    /** "E-9-2022-000213": derived, so it cannot disagree with the parts. */
    documentId: text().generatedAlwaysAs(
      sql`type || '-' || term::text || '-' || year::text || '-' || lpad(number::text, 6, '0')`,
    ),
    /** commission | council | european-council | vp-hr (app/domain/question-addressees.ts); null when unknown. */
    addressee: text(),
    /** The source's own addressee code(s), kept even when not understood. */
    addresseeCodes: jsonb().$type<string[]>(),
    title: text(),
    /** The question's text, when known (the EP publishes it mostly as files). */
    body: text(),
    tabledOn: date(),
    forwardedOn: date(),
    answeredOn: date(),
    /** "E-9-2022-000213-ASW" once an answer exists. */
    answerDocumentId: text(),
    answerText: text(),
    answerUrl: text(),
    /** "register" (entered in the app) or "ep-open-data" (imported). */
    source: text().$type<"register" | "ep-open-data">().notNull().default("register"),
    /** Last time the EP record was read; answered questions are not fetched again. */
    fetchedAt: ts(),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("questions_document_uq").on(t.type, t.term, t.year, t.number),
    index("questions_document_idx").on(t.documentId),
    index("questions_reference_idx").on(t.reference),
    index("questions_tabled_idx").on(t.tabledOn),
  ],
);

/** Authors and supporters. Persons carry the EP person id and, when the directory knows them, the Member. */
export const questionParticipants = pgTable(
  "question_participants",
  {
    id: uuid().primaryKey().defaultRandom(),
    questionId: uuid()
      .notNull()
      .references(() => parliamentaryQuestions.id, { onDelete: "cascade" }),
    role: text().$type<"author" | "supporter">().notNull(),
    /** EP person id ("person/257083" → 257083); null for a group or committee author. */
    epPersonId: integer(),
    mepId: integer().references(() => meps.id),
    /** A political group or committee as author ("org/…" code or a name). */
    bodyCode: text(),
    /** Name as the source prints it, for people the directory does not know. */
    name: text(),
  },
  (t) => [
    uniqueIndex("question_participants_person_uq").on(t.questionId, t.role, t.epPersonId),
    uniqueIndex("question_participants_body_uq").on(t.questionId, t.role, t.bodyCode),
    uniqueIndex("question_participants_mep_uq").on(t.questionId, t.role, t.mepId),
    index("question_participants_mep_idx").on(t.mepId),
    index("question_participants_person_idx").on(t.epPersonId),
  ],
);

/** Questions an office follows beyond those its own Members authored or supported (e.g. one a reply cites). */
export const questionFollows = pgTable(
  "question_follows",
  {
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    questionId: uuid()
      .notNull()
      .references(() => parliamentaryQuestions.id, { onDelete: "cascade" }),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.questionId] })],
);

/** A question the office is writing; private to the office until tabled, then linked to the public record. */
export const questionDrafts = pgTable(
  "question_drafts",
  {
    id: uuid().primaryKey().defaultRandom(),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    /** The Member who will table it (whose quota it uses). */
    authorMepId: integer().references(() => meps.id),
    /** E or P (O questions go through a committee or group, not this form). */
    type: text().$type<"E" | "P">().notNull().default("E"),
    addressee: text().notNull().default("commission"),
    title: text().notNull(),
    body: text().notNull().default(""),
    /** For questions to the Council: the office says it concerns an ongoing legislative procedure. */
    ongoingProcedure: boolean().notNull().default(false),
    supporterMepIds: jsonb().$type<number[]>().notNull().default([]),
    /** The letter this question escalates (draft a question about an unanswered letter). */
    letterId: uuid().references(() => letters.id, { onDelete: "set null" }),
    status: text().$type<"draft" | "tabled">().notNull().default("draft"),
    questionId: uuid().references(() => parliamentaryQuestions.id),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("question_drafts_office_idx").on(t.officeId, t.status)],
);

/** Runs of the EP Open Data import (a job): progress, counts and the records skipped, by line. */
export const questionImports = pgTable("question_imports", {
  id: uuid().primaryKey().defaultRandom(),
  source: text().$type<"file" | "live">().notNull(),
  fileName: text(),
  /** The saved file's text until the job has read it. */
  content: text(),
  status: text().$type<"queued" | "running" | "done" | "failed">().notNull().default("queued"),
  total: integer().notNull().default(0),
  processed: integer().notNull().default(0),
  added: integer().notNull().default(0),
  updated: integer().notNull().default(0),
  unchanged: integer().notNull().default(0),
  skipped: integer().notNull().default(0),
  problems: jsonb().$type<Array<{ line: number; record?: number; message: string }>>().notNull().default([]),
  unknownAddressees: jsonb().$type<string[]>().notNull().default([]),
  error: text(),
  startedBy: uuid().references(() => users.id),
  createdAt: createdAt(),
  finishedAt: ts(),
});

/** Runs of the directory import from the EP Open Data API (a job, live or nightly): progress and counts. */
export const directoryImports = pgTable("directory_imports", {
  id: uuid().primaryKey().defaultRandom(),
  source: text().$type<"live" | "nightly">().notNull(),
  status: text().$type<"queued" | "running" | "done" | "failed">().notNull().default("queued"),
  /** What the job is doing: listing Members, fetching their details, saving. */
  phase: text().$type<"queued" | "listing" | "details" | "saving" | "done">().notNull().default("queued"),
  /** Members listed so far, and those whose details are in hand (fetched or from the cache). */
  total: integer().notNull().default(0),
  processed: integer().notNull().default(0),
  /** Detail records taken from ep_mep_records instead of the API. */
  cached: integer().notNull().default(0),
  requests: integer().notNull().default(0),
  term: integer(),
  added: integer().notNull().default(0),
  updated: integer().notNull().default(0),
  unchanged: integer().notNull().default(0),
  left: integer().notNull().default(0),
  skipped: integer().notNull().default(0),
  problems: jsonb().$type<Array<{ entry: number; epId?: number; message: string }>>().notNull().default([]),
  groupChanges: jsonb().$type<Array<{ name: string; from: string; to: string }>>().notNull().default([]),
  error: text(),
  startedBy: uuid().references(() => users.id),
  createdAt: createdAt(),
  finishedAt: ts(),
});

/**
 * The local cache of the EP's detail record per Member (/meps/{id}: hasEmail, memberships): a live import asks
 * again only when the record is older than the cache period or the list entry (group, country, name) changed.
 */
export const epMepRecords = pgTable("ep_mep_records", {
  epId: integer().primaryKey(),
  /** Hash of the list entry the detail was fetched for; a different entry means the record is stale. */
  listHash: text().notNull(),
  record: jsonb().$type<Record<string, unknown>>().notNull(),
  fetchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const questionLinks = pgTable(
  "question_links",
  {
    id: uuid().primaryKey().defaultRandom(),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    questionId: uuid()
      .notNull()
      .references(() => parliamentaryQuestions.id),
    letterId: uuid().references(() => letters.id, { onDelete: "cascade" }),
    replyId: uuid().references(() => replies.id, { onDelete: "cascade" }),
    campaignId: uuid().references(() => campaigns.id, { onDelete: "cascade" }),
    note: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("question_links_letter_idx").on(t.letterId), index("question_links_office_idx").on(t.officeId)],
);

// ---------------------------------------------------------------- press

/**
 * Press coverage the office logs against a campaign (and optionally one of its letters) (title, outlet, date, link, note). The office
 * adds them; they show on the campaign's timeline, in its exports and, once published, on its public page.
 */
export const pressItems = pgTable(
  "press_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** The campaign's letter the coverage is about, when it is about one. */
    letterId: uuid().references(() => letters.id, { onDelete: "set null" }),
    title: text().notNull(),
    outlet: text().notNull(),
    publishedOn: date().notNull(),
    url: text(),
    note: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("press_items_office_campaign_idx").on(t.officeId, t.campaignId),
    index("press_items_letter_idx").on(t.letterId),
  ],
);

// ---------------------------------------------------------------- public pages

/**
 * A sent letter the office has published: from `embargoUntil` on, anyone with the address reads the letter as
 * sent, its signatories as sent, the replies listed in `replyIds`, its questions and its press items at
 * /public/<slug>. The slug is random, so unpublished letters cannot be found by counting. Withdrawing keeps the
 * row (the slug is never reused) and the page answers 404 again.
 */
export const publications = pgTable(
  "publications",
  {
    id: uuid().primaryKey().defaultRandom(),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    letterId: uuid()
      .notNull()
      .references(() => letters.id, { onDelete: "cascade" }),
    slug: text().notNull(),
    embargoUntil: timestamp({ withTimezone: true }).notNull(),
    /** The replies the office chose to show, by id (each checked against the letter when read). */
    replyIds: jsonb().$type<string[]>().notNull().default([]),
    publishedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: ts(),
  },
  (t) => [
    uniqueIndex("publications_slug_idx").on(t.slug),
    uniqueIndex("publications_letter_idx").on(t.letterId),
    index("publications_live_idx").on(t.embargoUntil),
  ],
);

// ---------------------------------------------------------------- audit

/** Append-only, hash-chained per letter (or per office for events outside a letter). */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    officeId: uuid().references(() => offices.id),
    letterId: uuid().references(() => letters.id),
    actorUserId: uuid().references(() => users.id),
    /** Human-readable actor when there is no user (a signatory by link, the system). */
    actorLabel: text(),
    action: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    prevHash: text(),
    hash: text().notNull(),
  },
  (t) => [index("audit_letter_idx").on(t.letterId, t.id), index("audit_office_idx").on(t.officeId, t.id)],
);

/**
 * A personal calendar feed (ICS) of one user in one office: signing deadlines, reply due dates and
 * question due dates. The URL's secret is stored only as a keyed hash; revoking sets `revokedAt`, and a
 * new feed revokes the old one (one live URL per user and office).
 */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    officeId: uuid()
      .notNull()
      .references(() => offices.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastFetchedAt: ts(),
    revokedAt: ts(),
  },
  (t) => [
    uniqueIndex("calendar_feeds_token_uq").on(t.tokenHash),
    uniqueIndex("calendar_feeds_live_uq")
      .on(t.userId, t.officeId)
      .where(sql`revoked_at is null`),
  ],
);

/**
 * The newest event of each audit chain ("letter:<id>", "office:<id>" or "global"), written with every append: a
 * deleted newest event, a truncated table or a chain rewritten from some event on no longer matches its head. `mac`
 * is an HMAC keyed with APP_SECRET over the head, so a database copy alone cannot forge one (null for heads the
 * upgrade migration filled in, until `npm run db:verify -- --seal`). The database refuses DELETE, TRUNCATE and any
 * UPDATE that does not move the head forward by one event (see the audit-heads migration).
 */
export const auditHeads = pgTable("audit_heads", {
  chain: text().primaryKey(),
  officeId: uuid().references(() => offices.id),
  letterId: uuid().references(() => letters.id),
  lastId: bigint({ mode: "number" }).notNull(),
  lastHash: text().notNull(),
  events: integer().notNull(),
  mac: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
