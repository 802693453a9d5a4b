/**
 * First install: creates (or confirms) the platform administrator, their office and their admin membership.
 * Run from `npm run admin:create`; safe to run again and safe on a production database: it never deletes,
 * never demotes anyone and never loads demo data. Re-running with the same arguments changes nothing.
 */
import { and, eq } from "drizzle-orm";
import { memberships, offices, users } from "#db/schema";
import type { Db } from "#db/client.server";
import { audit } from "#app/infra/audit.server";
import { normaliseEmail } from "#app/models/auth.server";

export type FirstAdminInput = { email: string; name: string; office: string };
export type FirstAdminResult = {
  userId: string;
  officeId: string;
  createdUser: boolean;
  madePlatformAdmin: boolean;
  createdOffice: boolean;
  createdMembership: boolean;
  madeOfficeAdmin: boolean;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkFirstAdminInput(input: Partial<FirstAdminInput>): string[] {
  const problems: string[] = [];
  if (!input.email || !EMAIL.test(input.email.trim())) problems.push("--email must be an e-mail address");
  if (!input.name?.trim()) problems.push("--name is required (the person's full name)");
  if (!input.office?.trim()) problems.push("--office is required (the office's name)");
  return problems;
}

export async function createFirstAdmin(db: Db, input: FirstAdminInput): Promise<FirstAdminResult> {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  const officeName = input.office.trim();
  return db.transaction(async (tx) => {
    const created = await tx
      .insert(users)
      .values({ email, name, isPlatformAdmin: true })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    const [user] = await tx.select().from(users).where(eq(users.email, email));
    let madePlatformAdmin = created.length > 0;
    if (!user.isPlatformAdmin) {
      await tx.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, user.id));
      madePlatformAdmin = true;
    }

    // An office is found by its exact name, so a second run does not create a twin.
    let [office] = await tx.select().from(offices).where(eq(offices.name, officeName)).limit(1);
    const createdOffice = !office;
    if (!office) {
      [office] = await tx.insert(offices).values({ name: officeName, contactEmail: email }).returning();
      await audit(tx, {
        officeId: office.id,
        actorUserId: user.id,
        action: "office.created",
        data: { name: officeName, by: "admin:create" },
      });
    }

    const [membership] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.officeId, office.id), eq(memberships.userId, user.id)));
    let createdMembership = false;
    let madeOfficeAdmin = false;
    if (!membership) {
      await tx.insert(memberships).values({ officeId: office.id, userId: user.id, role: "admin" });
      createdMembership = madeOfficeAdmin = true;
    } else if (membership.role !== "admin") {
      await tx.update(memberships).set({ role: "admin" }).where(eq(memberships.id, membership.id));
      madeOfficeAdmin = true;
    }
    if (createdMembership || madeOfficeAdmin)
      await audit(tx, {
        officeId: office.id,
        actorUserId: user.id,
        action: createdMembership ? "member.added" : "member.role",
        data: { userId: user.id, role: "admin", by: "admin:create" },
      });
    if (madePlatformAdmin)
      await audit(tx, {
        officeId: null,
        actorUserId: user.id,
        action: "platform-admin.granted",
        data: { userId: user.id, by: "admin:create" },
      });

    return {
      userId: user.id,
      officeId: office.id,
      createdUser: created.length > 0,
      madePlatformAdmin,
      createdOffice,
      createdMembership,
      madeOfficeAdmin,
    };
  });
}
