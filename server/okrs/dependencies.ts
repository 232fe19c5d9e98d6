import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "@/db/client";
import { dependencies, initiatives } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, conflict, fieldError, notFound } from "../errors";
import type { Actor } from "../org/actor";
import { assertScope, inScope } from "../rbac/assert";
import { assertDepartment, assertPeriodOpen, loadKeyResult } from "./refs";
import type { ZDecideDependencyInput, ZRequestDependencyInput } from "./schema";

/** A KR (or one of its initiatives) asks another department for something, by a date. */
export async function requestDependency(db: Database, actor: Actor, input: z.infer<typeof ZRequestDependencyInput>) {
  return db.transaction(async (tx) => {
    const ctx = await loadKeyResult(tx, actor, input.keyResultId);
    const dept = ctx.objective.departmentId;
    if (
      !inScope(actor, "dependency.request", [
        { departmentId: dept, ownerId: ctx.objective.ownerId },
        { departmentId: dept, ownerId: ctx.kr.ownerId },
      ])
    ) {
      throw new AppError("FORBIDDEN", `e.outOfScope|permission=dependency.request|role=${actor.role}`);
    }
    assertPeriodOpen(ctx.period);
    await assertDepartment(tx, actor, input.toDepartmentId, "toDepartmentId");
    if (input.toDepartmentId === dept) throw fieldError("toDepartmentId", "e.dependencySameDepartment");
    if (input.initiativeId) {
      const [ini] = await tx
        .select({ id: initiatives.id })
        .from(initiatives)
        .where(and(eq(initiatives.id, input.initiativeId), eq(initiatives.keyResultId, ctx.kr.id), eq(initiatives.orgId, actor.orgId)))
        .limit(1);
      if (!ini) throw fieldError("initiativeId", "e.unknownInitiative");
    }
    const [row] = await tx
      .insert(dependencies)
      .values({
        orgId: actor.orgId,
        keyResultId: ctx.kr.id,
        initiativeId: input.initiativeId,
        fromDepartmentId: dept,
        toDepartmentId: input.toDepartmentId,
        what: input.what,
        neededBy: input.neededBy,
        requestedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, actor, { entityType: "dependency", entityId: row!.id, action: "request", after: row });
    return row!;
  });
}

const NEXT: Record<string, string[]> = { requested: ["accepted", "declined"], accepted: ["done", "declined"], declined: [], done: [] };

/** The manager of the department asked accepts, declines (with a comment) or marks it delivered. */
export async function decideDependency(db: Database, actor: Actor, input: z.infer<typeof ZDecideDependencyInput>) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(dependencies)
      .where(and(eq(dependencies.id, input.dependencyId), eq(dependencies.orgId, actor.orgId)))
      .limit(1);
    if (!before) throw notFound("dependency");
    assertScope(actor, "dependency.decide", { departmentId: before.toDepartmentId });
    if (before.version !== input.version) throw conflict("dependency");
    if (!NEXT[before.status]!.includes(input.decision)) {
      throw new AppError("BAD_REQUEST", `e.badTransition|from=${before.status}|to=${input.decision}`);
    }
    if (input.decision === "declined" && !input.comment) throw fieldError("comment", "e.commentRequired");
    const [after] = await tx
      .update(dependencies)
      .set({
        status: input.decision,
        comment: input.comment || before.comment,
        decidedBy: actor.userId,
        decidedAt: new Date(),
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(and(eq(dependencies.id, before.id), eq(dependencies.version, input.version)))
      .returning();
    if (!after) throw conflict("dependency");
    await recordAudit(tx, actor, { entityType: "dependency", entityId: after.id, action: input.decision, before, after });
    return after;
  });
}
