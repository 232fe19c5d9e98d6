import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { departmentMembers, departments, memberships, organizations, users } from "../schema";
import { hashPassword } from "../../server/auth/password";
import { recordAudit } from "../../server/audit/record";

export const DEMO_PASSWORD = "lodestar-demo-2026";
export const DEMO_ORG = { slug: "demo", name: "Lodestar Demo Co." };
export const DEMO_DEPARTMENTS = ["Marketing", "Product", "Operations", "Customer Success"] as const;

export const DEMO_USERS = [
  { email: "owner@demo.lodestar.app", name: "Olivia Owner", role: "owner", departments: [] as string[], manages: [] as string[] },
  { email: "admin@demo.lodestar.app", name: "Adam Admin", role: "admin", departments: ["Operations"], manages: [] },
  { email: "manager@demo.lodestar.app", name: "Mei Manager", role: "manager", departments: ["Marketing"], manages: ["Marketing"] },
  { email: "member@demo.lodestar.app", name: "Max Member", role: "member", departments: ["Marketing"], manages: [] },
  { email: "viewer@demo.lodestar.app", name: "Vera Viewer", role: "viewer", departments: [], manages: [] },
] as const;

/** Creates the demo organisation, departments and one user of every role. Idempotent. */
export async function seedDemo(db: Database) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(organizations)
      .values(DEMO_ORG)
      .onConflictDoNothing({ target: organizations.slug })
      .returning({ id: organizations.id });
    const firstRun = inserted.length > 0;
    const [org] = await tx.select().from(organizations).where(eq(organizations.slug, DEMO_ORG.slug));
    const deptIds = new Map<string, string>();
    for (const name of DEMO_DEPARTMENTS) {
      await tx.insert(departments).values({ orgId: org!.id, name }).onConflictDoNothing();
      const [d] = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.orgId, org!.id), eq(departments.name, name)));
      deptIds.set(name, d!.id);
    }
    const userIds: Record<string, string> = {};
    for (const u of DEMO_USERS) {
      await tx.insert(users).values({ email: u.email, name: u.name, passwordHash }).onConflictDoNothing({ target: users.email });
      const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.email, u.email));
      userIds[u.role] = row!.id;
      await tx.insert(memberships).values({ orgId: org!.id, userId: row!.id, role: u.role }).onConflictDoNothing();
      for (const dn of u.departments) {
        await tx
          .insert(departmentMembers)
          .values({ orgId: org!.id, departmentId: deptIds.get(dn)!, userId: row!.id, isManager: (u.manages as readonly string[]).includes(dn) })
          .onConflictDoNothing();
      }
    }
    if (firstRun) {
      // The demo's history, so the Activity page has something to show.
      const actor = { userId: userIds.owner!, orgId: org!.id };
      await recordAudit(tx, actor, { entityType: "organization", entityId: org!.id, action: "create", after: org });
      for (const [name, id] of deptIds) {
        await recordAudit(tx, actor, { entityType: "department", entityId: id, action: "create", after: { id, name } });
      }
      for (const u of DEMO_USERS) {
        await recordAudit(tx, actor, {
          entityType: "membership",
          entityId: userIds[u.role]!,
          action: "create",
          after: { email: u.email, role: u.role },
        });
      }
    }
    return { orgId: org!.id, userIds, departmentIds: Object.fromEntries(deptIds) };
  });
}
