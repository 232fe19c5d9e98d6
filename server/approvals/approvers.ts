import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { departmentMembers, memberships, type ApproverRule } from "@/db/schema";

/** The users a rule names (members of the org only). */
export async function approversFor(tx: DbOrTx, orgId: string, rule: ApproverRule): Promise<string[]> {
  if (rule.kind === "department_managers") {
    const rows = await tx
      .select({ userId: departmentMembers.userId })
      .from(departmentMembers)
      .where(and(eq(departmentMembers.orgId, orgId), eq(departmentMembers.departmentId, rule.departmentId), eq(departmentMembers.isManager, true)));
    return rows.map((r) => r.userId);
  }
  if (rule.kind === "role") {
    const rows = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, rule.roles)));
    return rows.map((r) => r.userId);
  }
  if (!rule.userIds.length) return [];
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.userId, rule.userIds)));
  return rows.map((r) => r.userId);
}

