/** Demo accounts listed on the sign-in page outside production. */
import { asc, eq, like } from "drizzle-orm";
import { memberships, offices, users } from "#db/schema";
import type { Queryable } from "#db/client.server";
import { DEMO_EMAIL_DOMAIN } from "#db/seed.server";

export { DEMO_EMAIL_DOMAIN };

export async function listDemoAccounts(db: Queryable) {
  return db
    .select({ email: users.email, name: users.name, role: memberships.role, office: offices.name })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(offices, eq(offices.id, memberships.officeId))
    .where(like(users.email, `%@${DEMO_EMAIL_DOMAIN}`))
    .orderBy(asc(offices.name), asc(users.name));
}
