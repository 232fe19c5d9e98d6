import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { departmentMembers, departments, memberships, organizations, users } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import type { Context } from "@/server/api/trpc";
import type { Role } from "@/server/rbac/permissions";

const uid = () => crypto.randomBytes(4).toString("hex");

/** A tRPC caller acting as this user (or anonymous), exactly as the HTTP handler would build it. */
export async function callerFor(db: Database, userId: string | null, extra: Partial<Context> = {}) {
  let session: Context["session"] = null;
  if (userId) {
    const [u] = await db.select({ epoch: users.sessionEpoch }).from(users).where(eq(users.id, userId));
    session = { userId, epoch: u?.epoch ?? 0 };
  }
  return createCaller({ db, session, requestId: `test-${uid()}`, ip: "127.0.0.1", ...extra });
}

export async function makeUser(db: Database, name = "User") {
  const [u] = await db
    .insert(users)
    .values({ email: `${name.toLowerCase().replace(/\W+/g, "")}-${uid()}@example.test`, name })
    .returning();
  return u!;
}

export interface TestOrg {
  orgId: string;
  slug: string;
  departmentIds: { a: string; b: string };
  users: Record<Role, { id: string; email: string }>;
}

/**
 * An organisation with two departments and one user per role. The manager manages department A and
 * the member belongs to A.
 */
export async function makeOrg(db: Database, label = "org"): Promise<TestOrg> {
  const slug = `${label}-${uid()}`;
  const [org] = await db.insert(organizations).values({ slug, name: `Org ${label}` }).returning();
  const [a] = await db.insert(departments).values({ orgId: org!.id, name: "Dept A" }).returning();
  const [b] = await db.insert(departments).values({ orgId: org!.id, name: "Dept B" }).returning();
  const roles: Role[] = ["owner", "admin", "manager", "member", "viewer"];
  const out = {} as TestOrg["users"];
  for (const role of roles) {
    const u = await makeUser(db, `${label} ${role}`);
    await db.insert(memberships).values({ orgId: org!.id, userId: u.id, role });
    if (role === "manager" || role === "member") {
      await db
        .insert(departmentMembers)
        .values({ orgId: org!.id, departmentId: a!.id, userId: u.id, isManager: role === "manager" });
    }
    out[role] = { id: u.id, email: u.email };
  }
  return { orgId: org!.id, slug, departmentIds: { a: a!.id, b: b!.id }, users: out };
}
