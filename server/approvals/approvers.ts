import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
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


/**
 * SQL: is `userId` one of the users the rule `rule` (a jsonb expression) names in organisation
 * `orgId`? The same answer as `approversFor(...).includes(userId)`, by index lookups on the user
 * (memberships by org and user, department members by department) instead of listing every approver.
 */
export function isApproverSql(rule: SQL, orgId: SQL | string, userId: string): SQL<boolean> {
  return sql<boolean>`(case ${rule}->>'kind'
    when 'department_managers' then exists (select 1 from ${departmentMembers} where ${departmentMembers.orgId} = ${orgId}
      and ${departmentMembers.departmentId}::text = ${rule}->>'departmentId' and ${departmentMembers.userId} = ${userId} and ${departmentMembers.isManager})
    when 'role' then exists (select 1 from ${memberships} where ${memberships.orgId} = ${orgId} and ${memberships.userId} = ${userId}
      and ${memberships.role}::text in (select jsonb_array_elements_text(${rule}->'roles')))
    else coalesce(${rule}->'userIds', '[]'::jsonb) @> jsonb_build_array(${userId}::text)
      and exists (select 1 from ${memberships} where ${memberships.orgId} = ${orgId} and ${memberships.userId} = ${userId})
  end)`;
}
