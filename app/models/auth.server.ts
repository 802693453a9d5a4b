/** Sign-in codes, sessions and the user's office context. */
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { loginCodes, memberships, offices, sessions, users, type Role } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { keyedHash, randomDigits, randomToken, sha256Hex } from "#app/infra/crypto.server";

export const LOGIN_CODE_MINUTES = 10;
export const LOGIN_CODE_MAX_ATTEMPTS = 5;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Queryable, email: string) {
  const [u] = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .limit(1);
  return u ?? null;
}

// Keyed: a six-digit code under a plain hash falls to an offline search of a database copy in a second.
const codeHash = (id: string, code: string) => keyedHash("login-code", `${id}:${code}`);

/**
 * Creates a one-time code and link token for an address; earlier unused ones stop working (only the
 * newest email is valid). Returns the raw secrets (to email, never to store).
 */
export async function createLoginCode(db: Queryable, email: string, now = new Date()) {
  const id = crypto.randomUUID();
  const code = randomDigits(6);
  const linkToken = randomToken();
  await db
    .update(loginCodes)
    .set({ usedAt: now })
    .where(and(eq(loginCodes.email, normaliseEmail(email)), isNull(loginCodes.usedAt)));
  await db.insert(loginCodes).values({
    id,
    email: normaliseEmail(email),
    codeHash: codeHash(id, code),
    linkHash: sha256Hex(linkToken),
    expiresAt: new Date(now.getTime() + LOGIN_CODE_MINUTES * 60_000),
  });
  return { id, code, linkToken };
}

export type ConsumeResult =
  { ok: true; email: string } | { ok: false; reason: "invalid" | "expired" | "used" | "locked" };

/**
 * Consumes a code typed by the user: the newest unexpired, unused code for the address.
 * The final UPDATE … WHERE used_at IS NULL makes two concurrent uses succeed at most once.
 */
export async function consumeLoginCode(
  db: Queryable,
  email: string,
  code: string,
  now = new Date(),
): Promise<ConsumeResult> {
  const addr = normaliseEmail(email);
  const [row] = await db
    .select()
    .from(loginCodes)
    .where(and(eq(loginCodes.email, addr), isNull(loginCodes.usedAt), gt(loginCodes.expiresAt, now)))
    .orderBy(sql`${loginCodes.createdAt} desc`)
    .limit(1);
  if (!row) {
    // The same work and the same answer as a wrong code for a known address: nothing tells the two apart.
    codeHash(crypto.randomUUID(), code);
    return { ok: false, reason: "invalid" };
  }
  // Count the attempt before checking it, in one statement: parallel guesses cannot all read a low
  // count and be checked (20 at once were all checked before; now at most LOGIN_CODE_MAX_ATTEMPTS).
  const counted = await db
    .update(loginCodes)
    .set({ attempts: sql`${loginCodes.attempts} + 1` })
    .where(and(eq(loginCodes.id, row.id), lt(loginCodes.attempts, LOGIN_CODE_MAX_ATTEMPTS)))
    .returning({ id: loginCodes.id });
  if (!counted.length) return { ok: false, reason: "locked" };
  if (row.codeHash !== codeHash(row.id, code)) return { ok: false, reason: "invalid" };
  const used = await db
    .update(loginCodes)
    .set({ usedAt: now })
    .where(and(eq(loginCodes.id, row.id), isNull(loginCodes.usedAt)))
    .returning({ id: loginCodes.id });
  return used.length ? { ok: true, email: addr } : { ok: false, reason: "used" };
}

/** Consumes a magic-link token (single use, same race guarantee). */
export async function consumeLoginLink(db: Queryable, token: string, now = new Date()): Promise<ConsumeResult> {
  const used = await db
    .update(loginCodes)
    .set({ usedAt: now })
    .where(and(eq(loginCodes.linkHash, sha256Hex(token)), isNull(loginCodes.usedAt), gt(loginCodes.expiresAt, now)))
    .returning({ email: loginCodes.email });
  return used[0] ? { ok: true, email: used[0].email } : { ok: false, reason: "invalid" };
}

export async function deleteExpiredLoginCodes(db: Queryable, now = new Date()) {
  await db.delete(loginCodes).where(lt(loginCodes.expiresAt, new Date(now.getTime() - 24 * 3600_000)));
}

export async function listMembershipsForUser(db: Queryable, userId: string) {
  return db
    .select({ officeId: memberships.officeId, role: memberships.role, officeName: offices.name })
    .from(memberships)
    .innerJoin(offices, eq(offices.id, memberships.officeId))
    .where(eq(memberships.userId, userId))
    .orderBy(offices.name);
}

export async function createSession(
  db: Queryable,
  input: { userId: string; officeId: string; userAgent?: string | null; maxHours: number },
  now = new Date(),
) {
  const token = randomToken();
  await db.insert(sessions).values({
    idHash: sha256Hex(token),
    userId: input.userId,
    officeId: input.officeId,
    createdAt: now,
    lastSeenAt: now,
    verifiedAt: now,
    expiresAt: new Date(now.getTime() + input.maxHours * 3600_000),
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

export type SessionContext = {
  sessionHash: string;
  user: { id: string; email: string; name: string; isPlatformAdmin: boolean; locale: string | null };
  office: { id: string; name: string };
  role: Role;
  verifiedAt: Date;
  lastSeenAt: Date;
};

/**
 * Resolves a session token to the user and office it acts for. The membership join means a
 * member removed from the office is refused on their next request.
 */
export async function getSessionContext(
  db: Queryable,
  token: string,
  idleMinutes: number,
  now = new Date(),
): Promise<SessionContext | null> {
  const hash = sha256Hex(token);
  const [row] = await db
    .select({
      s: sessions,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        isPlatformAdmin: users.isPlatformAdmin,
        locale: users.locale,
      },
      office: { id: offices.id, name: offices.name },
      role: memberships.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.officeId, sessions.officeId)))
    .innerJoin(offices, eq(offices.id, sessions.officeId))
    .where(eq(sessions.idHash, hash))
    .limit(1);
  if (!row) return null;
  const idleLimit = new Date(row.s.lastSeenAt.getTime() + idleMinutes * 60_000);
  if (row.s.expiresAt <= now || idleLimit <= now) {
    await db.delete(sessions).where(eq(sessions.idHash, hash));
    return null;
  }
  // Sliding idle window; written at most once a minute to keep reads cheap.
  if (now.getTime() - row.s.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, hash));
  }
  return {
    sessionHash: hash,
    user: row.user,
    office: row.office,
    role: row.role,
    verifiedAt: row.s.verifiedAt,
    lastSeenAt: row.s.lastSeenAt,
  };
}

/** The session now acts for another office of the same user (after they joined it); checked by the membership join. */
export async function switchSessionOffice(db: Queryable, sessionHash: string, officeId: string) {
  await db.update(sessions).set({ officeId }).where(eq(sessions.idHash, sessionHash));
}

export async function markSessionVerified(db: Queryable, sessionHash: string, now = new Date()) {
  await db.update(sessions).set({ verifiedAt: now }).where(eq(sessions.idHash, sessionHash));
}

export async function deleteSession(db: Queryable, token: string) {
  await db.delete(sessions).where(eq(sessions.idHash, sha256Hex(token)));
}

/** The language of the user's staff interface (null: follow the browser). */
export async function setUserLocale(db: Queryable, userId: string, locale: string | null) {
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}
