import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { objectiveAlignments, objectives } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, conflict, fieldError, notFound } from "../errors";
import type { Actor } from "../org/actor";
import { assertScope } from "../rbac/assert";
import { assertDepartment, assertNotPendingApproval, assertOrgMember, assertPeriodOpen, loadObjective, loadPeriod } from "./refs";
import { OBJECTIVE_STATUS_TRANSITIONS } from "./transitions";
import type { TCreateObjectiveInput, ZSetObjectiveStatusInput, ZUpdateObjectiveInput } from "./schema";

function assertLevel(level: string, departmentId: string | null) {
  if ((level === "department" || level === "team") && !departmentId) {
    throw fieldError("departmentId", "e.departmentRequired");
  }
}

/**
 * Checks that every parent exists in the org and that aligning `childId` under them makes no cycle:
 * walking up from the parents must never reach the child.
 */
async function assertParents(tx: DbOrTx, actor: Actor, parentIds: string[], childId?: string) {
  if (!parentIds.length) return;
  if (childId && parentIds.includes(childId)) throw fieldError("parentIds", "e.alignmentSelf");
  const found = await tx
    .select({ id: objectives.id })
    .from(objectives)
    .where(and(eq(objectives.orgId, actor.orgId), inArray(objectives.id, parentIds)));
  if (found.length !== new Set(parentIds).size) throw fieldError("parentIds", "e.unknownParentObjective");
  if (!childId) return;
  const edges = await tx
    .select({ childId: objectiveAlignments.childId, parentId: objectiveAlignments.parentId })
    .from(objectiveAlignments)
    .where(eq(objectiveAlignments.orgId, actor.orgId));
  const up = new Map<string, string[]>();
  for (const e of edges) {
    if (e.childId === childId) continue; // the child's current parents are being replaced
    (up.get(e.childId) ?? up.set(e.childId, []).get(e.childId)!).push(e.parentId);
  }
  const seen = new Set<string>();
  const stack = [...parentIds];
  while (stack.length) {
    const cur = stack.pop()!;
    if (cur === childId) throw fieldError("parentIds", "e.alignmentCycle");
    if (seen.has(cur)) continue;
    seen.add(cur);
    stack.push(...(up.get(cur) ?? []));
  }
}

export async function createObjective(db: Database, actor: Actor, input: TCreateObjectiveInput) {
  assertLevel(input.level, input.departmentId);
  assertScope(actor, "objective.create", { departmentId: input.departmentId, ownerId: input.ownerId });
  return db.transaction(async (tx) => {
    const period = await loadPeriod(tx, actor, input.periodId, "periodId");
    assertPeriodOpen(period);
    await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    await assertDepartment(tx, actor, input.departmentId, "departmentId");
    await assertParents(tx, actor, input.parentIds);
    const [row] = await tx
      .insert(objectives)
      .values({
        orgId: actor.orgId,
        periodId: period.id,
        title: input.title,
        description: input.description,
        level: input.level,
        ownerId: input.ownerId,
        departmentId: input.departmentId,
        commitment: input.commitment,
        tags: input.tags,
      })
      .returning();
    if (input.parentIds.length) {
      await tx
        .insert(objectiveAlignments)
        .values([...new Set(input.parentIds)].map((parentId) => ({ orgId: actor.orgId, childId: row!.id, parentId })));
    }
    await recordAudit(tx, actor, {
      entityType: "objective",
      entityId: row!.id,
      action: "create",
      after: { ...row, parentIds: input.parentIds },
    });
    return row!;
  });
}

export async function updateObjective(db: Database, actor: Actor, input: z.infer<typeof ZUpdateObjectiveInput>) {
  assertLevel(input.level, input.departmentId);
  return db.transaction(async (tx) => {
    const before = await loadObjective(tx, actor, input.objectiveId);
    assertScope(actor, "objective.update", before);
    assertScope(actor, "objective.update", { departmentId: input.departmentId, ownerId: input.ownerId });
    if (before.version !== input.version) throw conflict("objective");
    assertNotPendingApproval(before);
    const period = await loadPeriod(tx, actor, before.periodId);
    assertPeriodOpen(period);
    await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    await assertDepartment(tx, actor, input.departmentId, "departmentId");
    await assertParents(tx, actor, input.parentIds, before.id);
    const [after] = await tx
      .update(objectives)
      .set({
        title: input.title,
        description: input.description,
        level: input.level,
        ownerId: input.ownerId,
        departmentId: input.departmentId,
        commitment: input.commitment,
        tags: input.tags,
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(and(eq(objectives.id, before.id), eq(objectives.version, input.version)))
      .returning();
    if (!after) throw conflict("objective");
    await tx.delete(objectiveAlignments).where(and(eq(objectiveAlignments.childId, before.id), eq(objectiveAlignments.orgId, actor.orgId)));
    if (input.parentIds.length) {
      await tx
        .insert(objectiveAlignments)
        .values([...new Set(input.parentIds)].map((parentId) => ({ orgId: actor.orgId, childId: before.id, parentId })));
    }
    await recordAudit(tx, actor, {
      entityType: "objective",
      entityId: after.id,
      action: "update",
      before,
      after: { ...after, parentIds: input.parentIds },
    });
    return after;
  });
}


export async function setObjectiveStatus(db: Database, actor: Actor, input: z.infer<typeof ZSetObjectiveStatusInput>) {
  return db.transaction(async (tx) => {
    const before = await loadObjective(tx, actor, input.objectiveId);
    assertScope(actor, "objective.update", before);
    if (before.version !== input.version) throw conflict("objective");
    if (!OBJECTIVE_STATUS_TRANSITIONS[before.status]!.includes(input.status)) {
      throw new AppError("BAD_REQUEST", `e.badTransition|from=${before.status}|to=${input.status}`);
    }
    assertPeriodOpen(await loadPeriod(tx, actor, before.periodId));
    const [after] = await tx
      .update(objectives)
      .set({ status: input.status, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(objectives.id, before.id), eq(objectives.version, input.version)))
      .returning();
    if (!after) throw conflict("objective");
    await recordAudit(tx, actor, { entityType: "objective", entityId: after.id, action: `status_${input.status}`, before, after });
    return after;
  });
}

export async function deleteObjective(db: Database, actor: Actor, objectiveId: string) {
  return db.transaction(async (tx) => {
    const before = await loadObjective(tx, actor, objectiveId);
    assertScope(actor, "objective.delete", before);
    assertNotPendingApproval(before);
    assertPeriodOpen(await loadPeriod(tx, actor, before.periodId));
    // A concurrent delete of the same row (a double click) deleted it first: not found, no second audit row.
    if (!(await tx.delete(objectives).where(and(eq(objectives.id, before.id), eq(objectives.orgId, actor.orgId))).returning({ id: objectives.id })).length) throw notFound("objective");
    await recordAudit(tx, actor, { entityType: "objective", entityId: before.id, action: "delete", before });
    return { objectiveId: before.id };
  });
}
