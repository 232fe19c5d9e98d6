import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { departmentMembers, departments, memberships, organizations } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, conflict, fieldError, notFound } from "../errors";
import { assignableRoles, type Role } from "../rbac/permissions";
import type { Actor } from "./actor";
import type { z } from "zod";
import type {
  TCreateOrgInput,
  ZCreateDepartmentInput,
  ZDeleteDepartmentInput,
  ZSetMemberDepartmentsInput,
  ZUpdateDepartmentInput,
  ZUpdateMemberRoleInput,
  ZUpdateOrgInput,
} from "./schema";

/** Creates an organisation; the creator becomes its owner. */
export async function createOrganization(
  db: Database,
  user: { id: string; email: string },
  input: TCreateOrgInput,
  requestId?: string,
) {
  const userId = user.id;
  return db.transaction(async (tx) => {
    const [org] = await tx
      .insert(organizations)
      .values({ name: input.name, slug: input.slug })
      .onConflictDoNothing({ target: organizations.slug })
      .returning();
    if (!org) throw fieldError("slug", "e.slugTaken");
    const [m] = await tx.insert(memberships).values({ orgId: org.id, userId, role: "owner" }).returning();
    const actor = { userId, orgId: org.id, requestId };
    await recordAudit(tx, actor, { entityType: "organization", entityId: org.id, action: "create", after: org });
    await recordAudit(tx, actor, { entityType: "membership", entityId: m!.id, action: "create", after: { ...m, email: user.email } });
    return org;
  });
}

export async function updateOrganization(db: Database, actor: Actor, input: z.infer<typeof ZUpdateOrgInput>) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.id, actor.orgId)).limit(1);
    if (!before) throw notFound("organisation");
    if (before.version !== input.version) throw conflict("organisation");
    const [after] = await tx
      .update(organizations)
      .set({ name: input.name, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(organizations.id, actor.orgId), eq(organizations.version, input.version)))
      .returning();
    if (!after) throw conflict("organisation");
    await recordAudit(tx, actor, { entityType: "organization", entityId: after.id, action: "update", before, after });
    return after;
  });
}

async function getMembership(tx: DbOrTx, actor: Actor, membershipId: string) {
  const [row] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.orgId, actor.orgId)))
    .limit(1);
  if (!row) throw notFound("member");
  return row;
}

async function countOwners(tx: DbOrTx, orgId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  return row?.n ?? 0;
}

function assertMayManage(actor: Actor, targetRole: Role, newRole?: Role) {
  if (targetRole === "owner" && actor.role !== "owner") {
    throw new AppError("FORBIDDEN", "e.ownerOnly");
  }
  if (newRole && !assignableRoles(actor.role).includes(newRole)) {
    throw new AppError("FORBIDDEN", `e.cannotAssignRole|role=${actor.role}|target=${newRole}`);
  }
}

export async function updateMemberRole(db: Database, actor: Actor, input: z.infer<typeof ZUpdateMemberRoleInput>) {
  return db.transaction(async (tx) => {
    const before = await getMembership(tx, actor, input.membershipId);
    if (before.version !== input.version) throw conflict("member");
    assertMayManage(actor, before.role, input.role);
    if (before.role === "owner" && input.role !== "owner" && (await countOwners(tx, actor.orgId)) <= 1) {
      throw fieldError("role", "e.lastOwner");
    }
    const [after] = await tx
      .update(memberships)
      .set({ role: input.role, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(memberships.id, before.id), eq(memberships.version, input.version)))
      .returning();
    if (!after) throw conflict("member");
    await recordAudit(tx, actor, { entityType: "membership", entityId: after.id, action: "update_role", before, after });
    return after;
  });
}

export async function removeMember(db: Database, actor: Actor, membershipId: string) {
  return db.transaction(async (tx) => {
    const before = await getMembership(tx, actor, membershipId);
    assertMayManage(actor, before.role);
    if (before.role === "owner" && (await countOwners(tx, actor.orgId)) <= 1) {
      throw new AppError("BAD_REQUEST", "e.lastOwner");
    }
    await tx
      .delete(departmentMembers)
      .where(and(eq(departmentMembers.orgId, actor.orgId), eq(departmentMembers.userId, before.userId)));
    // A concurrent delete of the same row (a double click) deleted it first: not found, no second audit row.
    if (!(await tx.delete(memberships).where(and(eq(memberships.id, before.id), eq(memberships.orgId, actor.orgId))).returning({ id: memberships.id })).length) throw notFound("member");
    await recordAudit(tx, actor, { entityType: "membership", entityId: before.id, action: "remove", before });
    return { membershipId: before.id };
  });
}

export async function setMemberDepartments(
  db: Database,
  actor: Actor,
  input: z.infer<typeof ZSetMemberDepartmentsInput>,
) {
  return db.transaction(async (tx) => {
    const m = await getMembership(tx, actor, input.membershipId);
    if (m.version !== input.version) throw conflict("member");
    assertMayManage(actor, m.role);
    const ids = [...new Set(input.departments.map((d) => d.departmentId))];
    if (ids.length !== input.departments.length) throw fieldError("departments", "e.duplicateDepartment");
    if (ids.length) {
      const found = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.orgId, actor.orgId), inArray(departments.id, ids)));
      if (found.length !== ids.length) throw fieldError("departments", "e.unknownDepartment");
    }
    // The conditional version bump comes first: it locks the membership row, so a concurrent call
    // with the same expected version waits here and then gets CONFLICT instead of racing the
    // delete-and-insert below (a duplicate department_members row, i.e. a 500).
    const [after] = await tx
      .update(memberships)
      .set({ version: m.version + 1, updatedAt: new Date() })
      .where(and(eq(memberships.id, m.id), eq(memberships.version, input.version)))
      .returning();
    if (!after) throw conflict("member");
    const before = await tx
      .select({ departmentId: departmentMembers.departmentId, isManager: departmentMembers.isManager })
      .from(departmentMembers)
      .where(and(eq(departmentMembers.orgId, actor.orgId), eq(departmentMembers.userId, m.userId)));
    await tx
      .delete(departmentMembers)
      .where(and(eq(departmentMembers.orgId, actor.orgId), eq(departmentMembers.userId, m.userId)));
    if (input.departments.length) {
      await tx.insert(departmentMembers).values(
        input.departments.map((d) => ({
          orgId: actor.orgId,
          departmentId: d.departmentId,
          userId: m.userId,
          isManager: d.isManager,
        })),
      );
    }
    await recordAudit(tx, actor, {
      entityType: "membership",
      entityId: m.id,
      action: "set_departments",
      before: { departments: before },
      after: { departments: input.departments },
    });
    return after;
  });
}

async function assertParent(tx: DbOrTx, actor: Actor, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  if (parentId === selfId) throw fieldError("parentId", "e.selfParent");
  const rows = await tx
    .select({ id: departments.id, parentId: departments.parentId })
    .from(departments)
    .where(eq(departments.orgId, actor.orgId));
  const byId = new Map(rows.map((r) => [r.id, r.parentId]));
  if (!byId.has(parentId)) throw fieldError("parentId", "e.unknownParent");
  // Walk up from the new parent: reaching selfId would make a cycle.
  let cur: string | null | undefined = parentId;
  for (let i = 0; cur && i <= rows.length; i++) {
    if (cur === selfId) throw fieldError("parentId", "e.departmentCycle");
    cur = byId.get(cur);
  }
}

async function assertUniqueDeptName(tx: DbOrTx, actor: Actor, name: string, exceptId?: string) {
  const [dup] = await tx
    .select({ id: departments.id })
    .from(departments)
    .where(
      and(
        eq(departments.orgId, actor.orgId),
        sql`lower(${departments.name}) = lower(${name})`,
        exceptId ? ne(departments.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (dup) throw fieldError("name", "e.departmentNameTaken");
}

export async function createDepartment(db: Database, actor: Actor, input: z.infer<typeof ZCreateDepartmentInput>) {
  return db.transaction(async (tx) => {
    await assertUniqueDeptName(tx, actor, input.name);
    await assertParent(tx, actor, input.parentId);
    const [row] = await tx
      .insert(departments)
      .values({ orgId: actor.orgId, name: input.name, parentId: input.parentId ?? null })
      .returning();
    await recordAudit(tx, actor, { entityType: "department", entityId: row!.id, action: "create", after: row });
    return row!;
  });
}

export async function updateDepartment(db: Database, actor: Actor, input: z.infer<typeof ZUpdateDepartmentInput>) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(departments)
      .where(and(eq(departments.id, input.departmentId), eq(departments.orgId, actor.orgId)))
      .limit(1);
    if (!before) throw notFound("department");
    if (before.version !== input.version) throw conflict("department");
    await assertUniqueDeptName(tx, actor, input.name, before.id);
    await assertParent(tx, actor, input.parentId, before.id);
    const [after] = await tx
      .update(departments)
      .set({ name: input.name, parentId: input.parentId, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(departments.id, before.id), eq(departments.version, input.version)))
      .returning();
    if (!after) throw conflict("department");
    await recordAudit(tx, actor, { entityType: "department", entityId: after.id, action: "update", before, after });
    return after;
  });
}

export async function deleteDepartment(db: Database, actor: Actor, input: z.infer<typeof ZDeleteDepartmentInput>) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(departments)
      .where(and(eq(departments.id, input.departmentId), eq(departments.orgId, actor.orgId)))
      .limit(1);
    if (!before) throw notFound("department");
    if (before.version !== input.version) throw conflict("department");
    // Several deletes with the same expected version: the row lock makes the others wait, then they
    // delete nothing, and must neither succeed nor write a second audit row.
    const deleted = await tx
      .delete(departments)
      .where(and(eq(departments.id, before.id), eq(departments.orgId, actor.orgId), eq(departments.version, input.version)))
      .returning({ id: departments.id });
    if (!deleted.length) throw conflict("department");
    await recordAudit(tx, actor, { entityType: "department", entityId: before.id, action: "delete", before });
    return { departmentId: before.id };
  });
}

/** Users in the org, by id, for checking references (owners, approvers…). */
export async function orgUserIds(tx: DbOrTx, orgId: string, userIds: string[]) {
  if (!userIds.length) return new Set<string>();
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.userId, userIds)));
  return new Set(rows.map((r) => r.userId));
}

