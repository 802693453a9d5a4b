/**
 * The authorization matrix: every route file in app/routes, its loader and
 * each action intent, against four principals, with the outcome each must get. Plain data, so it can
 * be read by people and tools; tests/integration/authz.test.ts drives every cell through the real
 * loader/action and fails when a route file, loader, action or intent has no entry.
 *
 * Principals (the fixture is tests/factories createWorld: offices A and B):
 *  - member:      a member of office A, the office that owns the letter/campaign/email in the URL,
 *                 with the role in `as` (default staff). `roles` lists other roles of office A whose
 *                 outcome is checked too.
 *  - otherOffice: a member of office B with the same role, asking for A's ids (letter, campaign,
 *                 email, membership, invitation, addressee, reply).
 *  - invitee:     no session; holds a valid signing token of A's letter. On token routes it uses it;
 *                 elsewhere it is a visitor without a session.
 *  - anonymous:   no session, no valid token (token routes get a malformed token).
 * On token routes the session principals (member, otherOffice) present a well-formed random token:
 * a session grants nothing there.
 *
 * Outcomes: "ok" (200), "redirect" (3xx, not to the login page), "redirect-to-login", or the status
 * code of a refusal ("400", "403", "404"). Every refusal and every loader call must leave the
 * database unchanged (rate-limit counters aside), and nothing of office A may appear in what a
 * non-member of A is answered.
 *
 * Placeholders: `$name` values are resolved by the test from the fixture: route params by their name
 * (letterId, number, campaignId, emailId, token, code) unless `params` renames them, and form values
 * ($revision, $addresseeId, $invitationId, $replyId, $membershipId, $versionHash, $mepName, $mepId,
 * $ownEmail, $newEmail, $newTitle, $otherOfficeId, $otherLetterId, $otherUserId, $randomUuid, $tagA, $failedEmailId,
 * $formKey: a fresh key of a creating form, see app/web/form-key.server.ts; $joinToken: a link to join an office of its
 * own; $officeInvitationId: a pending invitation to join office A). An allowed write gets fresh rows to act on,
 * so one call never spoils the next.
 */
import type { Role } from "#db/schema";

export type Principal = "member" | "otherOffice" | "invitee" | "anonymous";
export const PRINCIPALS: Principal[] = ["member", "otherOffice", "invitee", "anonymous"];
export type Outcome =
  "ok" | "redirect" | "redirect-to-login" | "400" | "401" | "403" | "404" | "405" | "409" | "410" | "413" | "429";

export type MatrixEntry = {
  /** File name in app/routes. */
  route: string;
  kind: "loader" | "action";
  /** Action intent (the `intent` form field); a label like "create" when the action has one purpose. */
  intent?: string;
  /** Role of the member and otherOffice principals; "platform-admin" is an admin with platform rights. */
  as?: Role | "platform-admin";
  params?: Record<string, string>;
  /** Query string (placeholders allowed), e.g. "preview=1". */
  query?: string;
  form?: Record<string, string | string[]>;
  expect: Record<Principal, Outcome>;
  /** Outcomes for other roles inside office A. */
  roles?: Partial<Record<Role, Outcome>>;
  /** Prepares the fresh letter an allowed write acts on ("close-signing": the office closed signing, so it can be sent). */
  setup?: "close-signing";
  /** Tables a call with this outcome may legitimately change even when it is not "ok" (logout). */
  mayChange?: string[];
  note?: string;
};

const LOGIN = "redirect-to-login" as const;
/** Office-scoped page: A's member sees it, B's member gets 404, no session goes to the login page. */
const scoped = { member: "ok", otherOffice: "404", invitee: LOGIN, anonymous: LOGIN } as const;
/** A page of one's own office (lists): everyone signed in sees their own office's rows only. */
const own = { member: "ok", otherOffice: "ok", invitee: LOGIN, anonymous: LOGIN } as const;
const ownRedirect = { member: "redirect", otherOffice: "redirect", invitee: LOGIN, anonymous: LOGIN } as const;
const publicPage = { member: "ok", otherOffice: "ok", invitee: "ok", anonymous: "ok" } as const;
const refusedForAll = (o: Outcome) => ({ member: o, otherOffice: o, invitee: o, anonymous: o });
const refusedForAllButLogin = (o: Outcome) => ({ member: o, otherOffice: o, invitee: LOGIN, anonymous: LOGIN });
const tokenRoute = { member: "404", otherOffice: "404", invitee: "ok", anonymous: "404" } as const;
/** Token routes whose token none of the principals holds (sent to someone else: the Member, a reminder recipient). */
const foreignToken = refusedForAll("404");
/** Scoped, but there is nothing to show yet for the member either (e.g. no send record before sending). */
const scopedNothingYet = { member: "404", otherOffice: "404", invitee: LOGIN, anonymous: LOGIN } as const;
const draftersOnly = { campaign_lead: "403" } as const;
const trackers = { campaign_lead: "ok", mep: "ok" } as const;
const trackers_redirect = { campaign_lead: "redirect", mep: "redirect" } as const;

const letterForm = (intent: string) => ({
  intent,
  revision: "$revision",
  subject: "Edited subject",
  language: "en",
  bodyText: "Edited body text.",
  // Forged fields: the route must ignore them (the letter stays in its office, its status is the server's).
  officeId: "$otherOfficeId",
  letterId: "$otherLetterId",
  status: "sent",
  createdBy: "$otherUserId",
});

const replyForm = (intent: string) => ({
  intent,
  addresseeId: "$addresseeId",
  kind: "substantive",
  receivedOn: "2024-05-01",
  senderName: "Sender",
  theirReference: "Ref. Ares(2024)1234567 - 30/04/2024",
  body: "Thank you.",
  // Forged: the reply stays in the letter and office of the URL.
  letterId: "$otherLetterId",
  officeId: "$otherOfficeId",
});

export const AUTHZ_MATRIX: MatrixEntry[] = [
  { route: "_index.tsx", kind: "loader", expect: own, roles: trackers, note: "the dashboard; otherwise → /login" },

  {
    route: "admin.tsx",
    kind: "loader",
    as: "admin",
    expect: own,
    roles: { staff: "403", mep: "403", campaign_lead: "403" },
  },
  {
    route: "admin.tsx",
    kind: "action",
    intent: "add-member",
    as: "admin",
    form: { intent: "add-member", email: "$newEmail", name: "New Member", role: "staff", officeId: "$otherOfficeId" },
    expect: own,
    roles: { staff: "403", campaign_lead: "403" },
    note: "otherOffice adds to its own office B; office A is unchanged",
  },
  {
    route: "admin.tsx",
    kind: "action",
    intent: "remove-member",
    as: "admin",
    form: { intent: "remove-member", membershipId: "$membershipId" },
    expect: scoped,
    roles: { staff: "403" },
  },
  {
    route: "admin.tsx",
    kind: "action",
    intent: "role",
    as: "admin",
    form: { intent: "role", membershipId: "$membershipId", role: "campaign_lead" },
    expect: scoped,
    roles: { staff: "403" },
  },
  {
    route: "admin.tsx",
    kind: "action",
    intent: "revoke-invitation",
    as: "admin",
    form: { intent: "revoke-invitation", invitationId: "$officeInvitationId" },
    expect: scoped,
    roles: { staff: "403" },
    note: "a pending invitation to join office A; B's administrator gets the same 404 as for a missing one",
  },
  {
    route: "admin.tsx",
    kind: "action",
    intent: "create-office",
    as: "platform-admin",
    form: {
      intent: "create-office",
      officeName: "$newOfficeName",
      contactEmail: "",
      adminEmail: "$newEmail",
      adminName: "First Admin",
    },
    expect: own,
    roles: { admin: "403", staff: "403" },
    note: "platform administrators only; an office admin without platform rights gets 403",
  },

  { route: "campaigns.$campaignId.tsx", kind: "loader", expect: scoped, roles: trackers },
  {
    route: "campaigns.$campaignId.tsx",
    kind: "action",
    intent: "add-press",
    form: {
      intent: "add-press",
      title: "Forty MEPs write to the Commission",
      outlet: "Example Daily",
      publishedOn: "2022-01-20",
      url: "https://example.org/a",
      note: "",
      letterId: "",
      formKey: "$formKey",
    },
    expect: scoped,
    roles: trackers,
  },
  {
    route: "campaigns.$campaignId.tsx",
    kind: "action",
    intent: "remove-press",
    form: { intent: "remove-press", pressItemId: "$randomUuid" },
    expect: { ...scoped, member: "404" },
    roles: { campaign_lead: "404", mep: "404" },
    note: "an unknown press item is 404 for everyone who may remove one",
  },
  { route: "campaigns._index.tsx", kind: "loader", expect: own, roles: trackers },
  {
    route: "campaigns._index.tsx",
    kind: "action",
    intent: "create",
    form: { title: "$newTitle", summary: "", officeId: "$otherOfficeId", formKey: "$formKey" },
    expect: own,
    roles: trackers,
    note: "a forged officeId is ignored: the campaign belongs to the caller's office",
  },

  { route: "directory.tsx", kind: "loader", expect: own, note: "the MEP directory is shared, public data" },
  {
    route: "directory_.$mepId.tsx",
    kind: "loader",
    expect: own,
    roles: trackers,
    note: "one Member of the shared directory; who changed an address is named only to their own office",
  },
  {
    route: "directory_.$mepId.tsx",
    kind: "action",
    intent: "contact",
    form: { intent: "contact", email: "$newEmail", officeEmail: "" },
    expect: own,
    roles: { campaign_lead: "403", mep: "ok", admin: "ok" },
    note: "any office that drafts may set a Member's addresses (shared directory, audited in the editor's office); campaign leads may not",
  },

  { route: "letters.$letterId._index.tsx", kind: "loader", expect: scoped, roles: trackers },
  {
    route: "letters.$letterId._index.tsx",
    kind: "action",
    intent: "question",
    form: { intent: "question", reference: "E-000213/2022", note: "", replyId: "$replyId" },
    expect: scoped,
    roles: trackers,
  },
  {
    route: "letters.$letterId._index.tsx",
    kind: "action",
    intent: "revoke",
    form: { intent: "revoke", invitationId: "$invitationId" },
    expect: scoped,
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId._index.tsx",
    kind: "action",
    intent: "include",
    form: { intent: "include", signatureId: "$signatureId" },
    expect: scoped,
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId._index.tsx",
    kind: "action",
    intent: "exclude",
    form: { intent: "exclude", signatureId: "$signatureId" },
    expect: scoped,
    roles: draftersOnly,
  },

  { route: "letters.$letterId.edit.tsx", kind: "loader", expect: scoped, roles: draftersOnly },
  {
    route: "letters.$letterId.edit.tsx",
    kind: "action",
    intent: "save",
    form: letterForm("save"),
    expect: scoped,
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.edit.tsx",
    kind: "action",
    intent: "publish",
    form: { ...letterForm("publish"), kind: "substantive" },
    expect: { ...scoped, member: "redirect" },
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.edit.tsx",
    kind: "action",
    intent: "add-addressee",
    form: {
      intent: "add-addressee",
      name: "Ms Example",
      role: "",
      institution: "",
      salutation: "",
      email: "",
      kind: "to",
      formKey: "$formKey",
    },
    expect: scoped,
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.edit.tsx",
    kind: "action",
    intent: "remove-addressee",
    form: { intent: "remove-addressee", addresseeId: "$addresseeId" },
    expect: scoped,
    roles: draftersOnly,
  },

  { route: "letters.$letterId.invite.tsx", kind: "loader", expect: scoped, roles: draftersOnly },
  {
    route: "letters.$letterId.invite.tsx",
    kind: "action",
    intent: "invite",
    form: { mepId: "$mepId", formKey: "$formKey" },
    expect: scoped,
    roles: draftersOnly,
  },

  { route: "letters.$letterId.send.tsx", kind: "loader", expect: scoped, roles: draftersOnly },
  {
    route: "letters.$letterId.send.tsx",
    kind: "action",
    intent: "send",
    form: { intent: "send", versionHash: "$versionHash" },
    setup: "close-signing",
    expect: { ...scoped, member: "redirect" },
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.send.tsx",
    kind: "action",
    intent: "release",
    form: { intent: "release" },
    expect: scoped,
    roles: draftersOnly,
  },

  { route: "letters.$letterId.versions.$number.tsx", kind: "loader", expect: scoped, roles: trackers },
  { route: "letters.$letterId.audit.tsx", kind: "loader", expect: scoped, roles: trackers },

  {
    route: "letters.$letterId.versions.$number_.docx.tsx",
    kind: "loader",
    expect: scoped,
    roles: trackers,
    note: "a version as .docx, next to the PDF",
  },

  { route: "letters.import.tsx", kind: "loader", expect: own, roles: draftersOnly },
  {
    route: "letters.import.tsx",
    kind: "action",
    intent: "import",
    form: { intent: "import", subject: "From Word" },
    expect: { ...own, member: "400", otherOffice: "400" },
    roles: draftersOnly,
    note: "a form without a .docx creates nothing (the upload itself is tested in tests/integration/word.test.ts)",
  },

  { route: "letters._index.tsx", kind: "loader", expect: own, roles: trackers },

  { route: "letters.new.tsx", kind: "loader", expect: own, roles: draftersOnly },
  {
    route: "letters.new.tsx",
    kind: "action",
    intent: "create",
    form: {
      subject: "$newTitle",
      language: "en",
      bodyText: "A new letter.",
      campaignId: "",
      officeId: "$otherOfficeId",
      status: "sent",
      formKey: "$formKey",
    },
    expect: ownRedirect,
    roles: draftersOnly,
    note: "otherOffice creates a letter in its own office; a forged officeId/status is ignored",
  },

  {
    route: "join.$token.tsx",
    kind: "loader",
    params: { token: "$joinToken" },
    expect: publicPage,
    note: "a valid link to join a third office: shown to whoever holds it, answerable only by its addressee",
  },
  {
    route: "join.$token.tsx",
    kind: "action",
    intent: "accept",
    params: { token: "$joinToken" },
    form: { intent: "accept" },
    expect: { member: "403", otherOffice: "403", invitee: "redirect", anonymous: "redirect" },
    note: "signed in with another address: refused; the invited address has no account: the link creates it",
  },
  {
    route: "join.$token.tsx",
    kind: "action",
    intent: "decline",
    params: { token: "$joinToken" },
    form: { intent: "decline" },
    expect: { member: "403", otherOffice: "403", invitee: "ok", anonymous: "ok" },
  },

  { route: "login_.code.tsx", kind: "loader", expect: publicPage },
  {
    route: "login_.code.tsx",
    kind: "action",
    intent: "enter-code",
    form: { email: "$ownEmail", code: "000000", redirectTo: "https://evil.example/" },
    expect: refusedForAll("400"),
    note: "no code was issued: refused, nothing written",
  },

  {
    route: "login_.link.$token.tsx",
    kind: "loader",
    params: { token: "$randomToken" },
    expect: publicPage,
    note: "opening a link consumes nothing",
  },
  {
    route: "login_.link.$token.tsx",
    kind: "action",
    intent: "use-link",
    params: { token: "$randomToken" },
    form: {},
    expect: refusedForAll("400"),
  },

  {
    route: "login.tsx",
    kind: "loader",
    expect: { member: "redirect", otherOffice: "redirect", invitee: "ok", anonymous: "ok" },
  },
  {
    route: "login.tsx",
    kind: "action",
    intent: "request-code",
    form: { email: "$newEmail", redirectTo: "//evil.example" },
    expect: { member: "redirect", otherOffice: "redirect", invitee: "redirect", anonymous: "redirect" },
    note: "same answer for any address (unknown here): → /login/code",
  },
  {
    route: "login.tsx",
    kind: "action",
    intent: "demo",
    form: { intent: "demo", email: "$ownEmail" },
    expect: refusedForAll("400"),
    note: "demo sign-in works only for demo-domain accounts",
  },

  {
    route: "logout.tsx",
    kind: "loader",
    expect: { member: "redirect", otherOffice: "redirect", invitee: "redirect", anonymous: "redirect" },
  },
  {
    route: "logout.tsx",
    kind: "action",
    intent: "logout",
    form: {},
    expect: refusedForAll(LOGIN),
    mayChange: ["sessions"],
    note: "ends only the caller's own session",
  },

  {
    route: "outbox.$emailId.tsx",
    kind: "loader",
    as: "admin",
    expect: scoped,
    roles: { staff: "403", campaign_lead: "403", mep: "403" },
  },
  {
    route: "outbox._index.tsx",
    kind: "loader",
    as: "admin",
    expect: own,
    roles: { staff: "403", campaign_lead: "403", mep: "403" },
  },

  { route: "sign.$token.tsx", kind: "loader", expect: tokenRoute },
  {
    route: "sign.$token.tsx",
    kind: "action",
    intent: "sign",
    params: { token: "$pendingToken" },
    form: {
      intent: "sign",
      versionHash: "$versionHash",
      typedName: "$mepName",
      capacity: "mep",
      confirm: "yes",
      letterId: "$otherLetterId",
    },
    expect: tokenRoute,
  },
  {
    route: "sign.$token.tsx",
    kind: "action",
    intent: "decline",
    params: { token: "$pendingToken" },
    form: { intent: "decline", reason: "Not this time." },
    expect: tokenRoute,
  },
  {
    route: "sign.$token.tsx",
    kind: "action",
    intent: "withdraw",
    params: { token: "$signedToken" },
    form: { intent: "withdraw" },
    expect: tokenRoute,
  },

  {
    route: "verify.$code.tsx",
    kind: "loader",
    expect: refusedForAll("404"),
    note: "A's letter is not sent: nothing is shown to anyone",
  },
  {
    route: "public.$slug.tsx",
    kind: "loader",
    params: { slug: "AAAAAAAAAAAAAAAA" },
    expect: refusedForAll("404"),
    note: "no letter is published in the fixture: the public page is 404 for everyone, signed in or not",
  },
  {
    route: "public.feed[.]atom.tsx",
    kind: "loader",
    expect: publicPage,
    note: "the feed of published letters is public",
  },
  { route: "letters.$letterId.public.tsx", kind: "loader", expect: scoped, roles: trackers },
  {
    route: "letters.$letterId.public.tsx",
    kind: "action",
    intent: "publish",
    form: { intent: "publish", embargo: "2026-12-03T09:00" },
    expect: { ...scoped, member: "409" },
    roles: { campaign_lead: "409", mep: "409" },
    note: "A's letter is not sent: only a sent letter can be published",
  },
  {
    route: "letters.$letterId.public.tsx",
    kind: "action",
    intent: "withdraw",
    form: { intent: "withdraw" },
    expect: { ...scoped, member: "409" },
    roles: { campaign_lead: "409", mep: "409" },
    note: "nothing published to withdraw",
  },

  // ------------------------------------------------------------ routes added with drafting, co-signing, analysis, sending
  {
    route: "admin_.meps.tsx",
    kind: "loader",
    as: "platform-admin",
    expect: own,
    roles: { admin: "403", staff: "403" },
    note: "platform administrators only",
  },
  {
    route: "admin_.meps.tsx",
    kind: "action",
    intent: "import",
    as: "platform-admin",
    form: { term: "10", paste: "" },
    expect: refusedForAllButLogin("400"),
    roles: { admin: "403", staff: "403" },
    note: "an empty upload is refused; nothing imported",
  },
  {
    route: "admin_.meps.tsx",
    kind: "action",
    intent: "live",
    as: "platform-admin",
    form: { intent: "live" },
    expect: refusedForAllButLogin("400"),
    roles: { admin: "403", staff: "403" },
    note: "EP_OPEN_DATA_URL is not set in tests: refused, no run and no job",
  },

  {
    route: "admin_.questions.tsx",
    kind: "loader",
    as: "platform-admin",
    expect: own,
    roles: { admin: "403", staff: "403" },
    note: "platform administrators only",
  },
  {
    route: "admin_.questions.tsx",
    kind: "action",
    intent: "file",
    as: "platform-admin",
    form: { intent: "file" },
    expect: refusedForAllButLogin("400"),
    roles: { admin: "403", staff: "403" },
    note: "no file: nothing imported",
  },
  {
    route: "admin_.questions.tsx",
    kind: "action",
    intent: "live",
    as: "platform-admin",
    form: { intent: "live" },
    expect: refusedForAllButLogin("400"),
    roles: { admin: "403", staff: "403" },
    note: "EP_OPEN_DATA_URL is not set in tests: refused, nothing queued",
  },
  { route: "questions._index.tsx", kind: "loader", expect: own, roles: trackers },
  {
    route: "questions._index.tsx",
    kind: "action",
    intent: "register",
    form: { reference: "E-000213/2022", ourRole: "none" },
    expect: ownRedirect,
    roles: trackers_redirect,
    note: "each office enters questions in its own register",
  },
  { route: "questions.$questionId.tsx", kind: "loader", expect: scoped, roles: trackers },
  {
    route: "questions.$questionId.tsx",
    kind: "action",
    intent: "follow",
    form: { intent: "follow" },
    expect: scoped,
  },
  {
    route: "questions.$questionId.tsx",
    kind: "action",
    intent: "unfollow",
    form: { intent: "unfollow" },
    expect: scoped,
  },
  {
    route: "questions.$questionId.tsx",
    kind: "action",
    intent: "dates",
    form: { intent: "dates", forwardedOn: "2025-03-03", answeredOn: "", answerText: "", answerUrl: "" },
    expect: scoped,
  },
  { route: "questions.drafts.new.tsx", kind: "loader", expect: own, roles: draftersOnly },
  {
    route: "questions.drafts.new.tsx",
    kind: "action",
    intent: "create",
    form: {
      intent: "save",
      type: "E",
      addressee: "commission",
      title: "A question",
      body: "Why?",
      formKey: "$formKey",
    },
    expect: ownRedirect,
    roles: draftersOnly,
  },
  { route: "questions.drafts.$draftId.tsx", kind: "loader", expect: scoped, roles: draftersOnly },
  {
    route: "questions.drafts.$draftId.tsx",
    kind: "action",
    intent: "save",
    form: { intent: "save", type: "E", addressee: "commission", title: "Edited question", body: "Why not?" },
    expect: { ...scoped, member: "redirect" },
    roles: draftersOnly,
  },
  {
    route: "questions.drafts.$draftId.tsx",
    kind: "action",
    intent: "table",
    form: { intent: "table", reference: "E-000777/2025", tabledOn: "2025-03-03" },
    expect: { ...scoped, member: "redirect" },
    roles: draftersOnly,
  },

  {
    route: "confirm.$token.tsx",
    kind: "loader",
    expect: foreignToken,
    note: "the Member's confirmation link: no principal here holds one",
  },
  { route: "confirm.$token.tsx", kind: "action", intent: "confirm", form: { intent: "confirm" }, expect: foreignToken },

  { route: "letters.$letterId.comments.tsx", kind: "loader", expect: scoped, roles: trackers },
  {
    route: "letters.$letterId.comments.tsx",
    kind: "action",
    intent: "comment",
    form: { intent: "comment", version: "1", body: "Please shorten the second paragraph.", formKey: "$formKey" },
    expect: scoped,
    roles: trackers,
  },
  {
    route: "letters.$letterId.comments.tsx",
    kind: "action",
    intent: "resolve",
    form: { intent: "resolve", commentId: "$randomUuid", decision: "accepted" },
    expect: { ...scoped, member: "404" },
    roles: draftersOnly,
    note: "an unknown comment id is 404 for the member too",
  },
  {
    route: "letters.$letterId.comments.tsx",
    kind: "action",
    intent: "apply",
    form: { intent: "apply", commentId: "$randomUuid", revision: "1" },
    expect: { ...scoped, member: "404" },
    roles: draftersOnly,
    note: "applying a proposal edits the draft: drafters only; an unknown comment id is 404 for the member too",
  },

  { route: "letters.$letterId.compare.tsx", kind: "loader", expect: scoped, roles: trackers },

  { route: "letters.$letterId.deadline.tsx", kind: "loader", expect: scoped, roles: draftersOnly },
  {
    route: "letters.$letterId.deadline.tsx",
    kind: "action",
    intent: "close",
    form: { intent: "close" },
    expect: scoped,
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.deadline.tsx",
    kind: "action",
    intent: "reopen",
    form: { intent: "reopen" },
    expect: scoped,
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.deadline.tsx",
    kind: "action",
    intent: "schedule",
    form: { intent: "schedule", deadline: "not a date", reminderDays: "" },
    expect: { ...scoped, member: "400" },
    roles: draftersOnly,
  },

  {
    route: "letters.$letterId.edit.tsx",
    kind: "action",
    intent: "autosave",
    form: letterForm("autosave"),
    expect: scoped,
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.edit.tsx",
    kind: "action",
    intent: "overwrite",
    form: { ...letterForm("overwrite"), conflictRevision: "$revision" },
    expect: scoped,
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.edit.tsx",
    kind: "action",
    intent: "move-addressee",
    form: { intent: "move-addressee", addresseeId: "$addresseeId", direction: "down" },
    expect: scoped,
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.edit.tsx",
    kind: "action",
    intent: "restore",
    form: { intent: "restore", number: "1", revision: "$revision" },
    expect: { ...scoped, member: "redirect" },
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.edit.tsx",
    kind: "action",
    intent: "save-as-template",
    form: { intent: "save-as-template", templateName: "$newTitle", formKey: "$formKey" },
    expect: scoped,
    roles: draftersOnly,
  },

  {
    route: "letters.$letterId.invite.tsx",
    kind: "action",
    intent: "all",
    form: { intent: "all", group: "No such group", formKey: "$formKey" },
    expect: { ...scoped, member: "400" },
    roles: draftersOnly,
    note: "a filter matching nobody invites nobody",
  },
  {
    route: "letters.$letterId.invite.tsx",
    kind: "action",
    intent: "resend",
    form: { intent: "resend", invitationId: "$invitationId", formKey: "$formKey" },
    expect: scoped,
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.invite.tsx",
    kind: "action",
    intent: "retry-email",
    form: { intent: "retry-email", emailId: "$failedEmailId" },
    expect: scoped,
    roles: draftersOnly,
    note: "sends a failed invitation message again; another office's letter is a 404",
  },
  {
    route: "letters.$letterId.invite.tsx",
    kind: "action",
    intent: "staff",
    form: {
      intent: "staff",
      mepId: "$mepId",
      staffName: "Assistant Person",
      staffEmail: "$newEmail",
      formKey: "$formKey",
    },
    expect: scoped,
    roles: draftersOnly,
  },

  { route: "letters.$letterId.outside.tsx", kind: "loader", expect: scoped, roles: draftersOnly },
  {
    route: "letters.$letterId.outside.tsx",
    kind: "action",
    intent: "match",
    form: { intent: "match", names: "Nobody Atall", source: "An email" },
    expect: scoped,
    roles: draftersOnly,
  },
  {
    route: "letters.$letterId.outside.tsx",
    kind: "action",
    intent: "refine",
    form: { intent: "refine", names: "Nobody Atall", source: "An email" },
    expect: { ...scoped, member: "400" },
    roles: draftersOnly,
    note: "no proposals to refine: refused",
  },
  {
    route: "letters.$letterId.outside.tsx",
    kind: "action",
    intent: "confirm",
    form: { intent: "confirm", names: "Nobody Atall", source: "An email" },
    expect: { ...scoped, member: "400" },
    roles: draftersOnly,
    note: "nothing chosen: refused",
  },

  { route: "letters.$letterId.pdf.tsx", kind: "loader", query: "preview=1", expect: scoped, roles: trackers },
  {
    route: "letters.$letterId.record.tsx",
    kind: "loader",
    expect: scopedNothingYet,
    roles: { campaign_lead: "404" },
    note: "no send record before the letter is sent",
  },

  { route: "letters.$letterId.replies._index.tsx", kind: "loader", expect: scoped, roles: trackers },
  {
    route: "letters.$letterId.replies._index.tsx",
    kind: "action",
    intent: "log",
    form: { ...replyForm("log"), formKey: "$formKey" },
    expect: { ...scoped, member: "409" },
    roles: { campaign_lead: "409" },
    note: "the fixture's letters are not sent: a reply is refused (409) and nothing saved; logging on a sent letter is in replies.test.ts",
  },
  {
    route: "letters.$letterId.replies._index.tsx",
    kind: "action",
    intent: "clock",
    form: { intent: "clock", dueDays: "10", veryOverdueDays: "20", dayKind: "calendar" },
    expect: scoped,
    roles: trackers,
  },
  {
    route: "letters.$letterId.replies._index.tsx",
    kind: "action",
    intent: "clock-reset",
    form: { intent: "clock-reset" },
    expect: scoped,
    roles: trackers,
  },
  {
    route: "letters.$letterId.replies._index.tsx",
    kind: "action",
    intent: "not-expected",
    form: { intent: "not-expected", addresseeId: "$addresseeId" },
    expect: scoped,
    roles: trackers,
  },
  {
    route: "letters.$letterId.replies._index.tsx",
    kind: "action",
    intent: "expected",
    form: { intent: "expected", addresseeId: "$addresseeId" },
    expect: scoped,
    roles: trackers,
  },
  { route: "letters.$letterId.replies.$replyId.tsx", kind: "loader", expect: scoped, roles: trackers },
  {
    route: "letters.$letterId.replies.$replyId.tsx",
    kind: "action",
    intent: "correct",
    form: { ...replyForm("correct"), senderName: "Corrected sender", reason: "The sender was misspelt" },
    expect: scoped,
    roles: trackers,
  },
  {
    route: "letters.$letterId.replies.$replyId.file.tsx",
    kind: "loader",
    expect: scopedNothingYet,
    note: "the fixture's reply has no file",
  },
  { route: "replies._index.tsx", kind: "loader", expect: own, roles: trackers },
  {
    route: "exports.$file.tsx",
    kind: "loader",
    params: { file: "letters.csv" },
    expect: own,
    roles: trackers,
    note: "each office exports only its own rows (the CSV test checks the content)",
  },
  {
    route: "exports.office[.]json.tsx",
    kind: "loader",
    as: "admin",
    expect: own,
    roles: { staff: "403", mep: "403", campaign_lead: "403" },
    mayChange: ["audit_events", "audit_heads"],
    note: "office administrators only; each office exports only its own office (the archive test checks the content)",
  },
  {
    route: "letters.$letterId.signatories[.]csv.tsx",
    kind: "loader",
    expect: scoped,
    roles: trackers,
    note: "the signatories as sent, or as they would be sent",
  },
  {
    route: "replies._index.tsx",
    kind: "action",
    intent: "prefs",
    form: { intent: "prefs", overdue: "on", digest: "on" },
    expect: own,
    note: "each user sets their own reply emails in their own office",
  },
  { route: "replies.stats.tsx", kind: "loader", expect: own, roles: trackers },
  {
    route: "replied.$token.tsx",
    kind: "loader",
    expect: foreignToken,
    note: 'the "did they reply?" link of someone\'s email',
  },
  { route: "replied.$token.tsx", kind: "action", intent: "answer", form: { answer: "not-yet" }, expect: foreignToken },
  { route: "unsubscribe.replies.$token.tsx", kind: "loader", expect: foreignToken },
  { route: "unsubscribe.replies.$token.tsx", kind: "action", intent: "unsubscribe", form: {}, expect: foreignToken },
  {
    route: "admin_.replies.tsx",
    kind: "loader",
    as: "platform-admin",
    expect: own,
    roles: { admin: "403", staff: "403" },
    note: "platform administrators only; aggregates without letter content",
  },
  {
    route: "admin_.clock.tsx",
    kind: "loader",
    as: "platform-admin",
    expect: own,
    roles: { admin: "403", staff: "403" },
    note: "outside production only (404 there)",
  },
  {
    route: "admin_.clock.tsx",
    kind: "action",
    intent: "advance",
    as: "platform-admin",
    form: { days: "0" },
    expect: own,
    roles: { admin: "403", staff: "403" },
    mayChange: ["test_clock"],
  },

  { route: "letters.$letterId.tally.tsx", kind: "loader", expect: scoped, roles: trackers },
  {
    route: "letters.$letterId.tally.tsx",
    kind: "action",
    intent: "targets",
    form: { intent: "targets", minMeps: "40", minGroups: "5", minCountries: "15" },
    expect: scoped,
    roles: trackers,
  },

  { route: "letters.$letterId.undersigned.tsx", kind: "loader", expect: scoped, roles: trackers },
  {
    route: "letters.$letterId.undersigned.tsx",
    kind: "action",
    intent: "format",
    form: { format: "names", markStaff: "yes" },
    expect: scoped,
    roles: draftersOnly,
  },

  {
    route: "letters.new.tsx",
    kind: "action",
    intent: "copy-letter",
    form: { intent: "copy-letter", sourceLetterId: "$letterId", formKey: "$formKey" },
    expect: { member: "redirect", otherOffice: "404", invitee: LOGIN, anonymous: LOGIN },
    roles: draftersOnly,
    note: "copying another office's letter is a 404",
  },
  {
    route: "letters.new.tsx",
    kind: "action",
    intent: "from-template",
    form: { intent: "from-template", templateId: "$randomUuid", formKey: "$formKey" },
    expect: { member: "404", otherOffice: "404", invitee: LOGIN, anonymous: LOGIN },
    roles: draftersOnly,
  },

  {
    route: "office.tsx",
    kind: "loader",
    expect: own,
    roles: { admin: "ok", mep: "ok", campaign_lead: "ok" },
    note: "every member reads their own office's settings",
  },
  {
    route: "office.tsx",
    kind: "action",
    intent: "save",
    as: "admin",
    form: {
      intent: "save",
      mepId: "$mepId",
      letterhead: "Office letterhead\nRue Wiertz 60",
      defaultPlaceLine: "Strasbourg",
      timeZone: "Europe/Lisbon",
      staffSignatureConfirmation: "always",
      dueDays: "10",
      veryOverdueDays: "20",
      dayKind: "calendar",
      officeId: "$otherOfficeId",
    },
    expect: own,
    roles: { staff: "403", mep: "403", campaign_lead: "403" },
    note: "an administrator changes their own office only (otherOffice changes office B); a forged officeId is ignored",
  },
  { route: "settings.language.tsx", kind: "loader", expect: refusedForAll("redirect") },
  { route: "settings.offices.tsx", kind: "loader", expect: own, roles: trackers },
  {
    route: "settings.offices.tsx",
    kind: "action",
    intent: "switch",
    form: { intent: "switch", officeId: "$otherOfficeId" },
    expect: refusedForAllButLogin("404"),
    roles: { campaign_lead: "404", mep: "404" },
    note: "switching to an office the caller does not belong to: the same 404 as for a missing office",
  },
  { route: "settings.calendar.tsx", kind: "loader", expect: own, roles: trackers },
  {
    route: "settings.calendar.tsx",
    kind: "action",
    intent: "create",
    form: { intent: "create" },
    expect: own,
    roles: trackers,
    note: "a feed for the caller in their own office only (the action reads no ids from the form)",
  },
  {
    route: "settings.calendar.tsx",
    kind: "action",
    intent: "stop",
    form: { intent: "stop" },
    expect: own,
    roles: trackers,
  },
  {
    route: "i18n.$file.tsx",
    kind: "loader",
    params: { file: "fr-staff.000000000000.js" },
    expect: publicPage,
    note: "the staff interface's French strings as a script: the same public text for everyone, no office data",
  },
  {
    route: "i18n.$file.tsx",
    kind: "loader",
    params: { file: "xx-staff.000000000000.json" },
    expect: refusedForAll("404"),
    note: "a language that has no staff catalogue",
  },
  {
    route: "calendar.$token.tsx",
    kind: "loader",
    params: { token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics" },
    expect: foreignToken,
    note: "a calendar feed's secret address: no principal here holds one",
  },
  {
    route: "settings.language.tsx",
    kind: "action",
    intent: "set",
    form: { locale: "de", redirectTo: "//evil.example" },
    expect: ownRedirect,
    note: "changes only the caller's own setting; a foreign redirectTo goes to /letters",
  },
  { route: "reauth.tsx", kind: "loader", expect: own },
  {
    route: "reauth.tsx",
    kind: "action",
    intent: "request",
    form: { intent: "request", redirectTo: "//evil.example" },
    expect: own,
  },
  {
    route: "reauth.tsx",
    kind: "action",
    intent: "verify",
    form: { intent: "verify", code: "000000" },
    expect: refusedForAllButLogin("400"),
    mayChange: ["login_codes"],
    note: "a wrong code counts as an attempt on the caller's own code",
  },

  {
    route: "search.tsx",
    kind: "loader",
    query: "q=$tagA",
    expect: own,
    roles: trackers,
    note: "otherOffice searching A's subject finds nothing of A",
  },

  { route: "sign.$token_.comment.tsx", kind: "loader", expect: tokenRoute },
  {
    route: "sign.$token_.comment.tsx",
    kind: "action",
    intent: "comment",
    params: { token: "$pendingToken" },
    form: {
      authorName: "$mepName",
      body: "Please mention the 2022 question.",
      quote: "",
      proposal: "",
      formKey: "$formKey",
    },
    expect: tokenRoute,
  },

  { route: "templates.tsx", kind: "loader", expect: own, roles: draftersOnly },
  {
    route: "templates.tsx",
    kind: "action",
    intent: "delete",
    form: { intent: "delete", templateId: "$randomUuid" },
    expect: { member: "404", otherOffice: "404", invitee: LOGIN, anonymous: LOGIN },
    roles: draftersOnly,
  },

  {
    route: "unsubscribe.$token.tsx",
    kind: "loader",
    expect: foreignToken,
    note: "the reminder unsubscribe link: no principal here holds one",
  },
  { route: "unsubscribe.$token.tsx", kind: "action", intent: "unsubscribe", form: {}, expect: foreignToken },

  {
    route: "verify.$code.tsx",
    kind: "action",
    intent: "check",
    form: { sha256: "0".repeat(64) },
    expect: refusedForAll("404"),
    note: "A's letter is not sent",
  },
  { route: "verify.$code_.pdf.tsx", kind: "loader", expect: refusedForAll("404"), note: "A's letter is not sent" },

  { route: "webhooks.resend.tsx", kind: "loader", expect: refusedForAll("405") },
  {
    route: "webhooks.resend.tsx",
    kind: "action",
    intent: "event",
    form: {},
    expect: refusedForAll("400"),
    note: "unsigned: refused, nothing stored",
  },
];

/** Intents a route reads from its form, found in its source (`intent === "x"`). */
export function intentsInSource(source: string): string[] {
  const out = new Set<string>();
  for (const m of source.matchAll(/intent(?:"\))?\s*===\s*"([\w-]+)"/g)) out.add(m[1]);
  return [...out].sort();
}
