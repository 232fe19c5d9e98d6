import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { initiatives } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, conflict, notFound } from "../errors";
import type { Actor } from "../org/actor";
import { inScope } from "../rbac/assert";
import { assertOrgMember, assertPeriodOpen, loadKeyResult } from "./refs";
import type { ZCreateInitiativeInput, ZUpdateInitiativeInput } from "./schema";

type KrCtx = Awaited<ReturnType<typeof loadKeyResult>>;

function assertInitiativeScope(actor: Actor, ctx: KrCtx, initiativeOwnerId?: string | null) {
  const dept = ctx.objective.departmentId;
  const subjects = [
    { departmentId: dept, ownerId: ctx.objective.ownerId },
    { departmentId: dept, ownerId: ctx.kr.ownerId },
    ...(initiativeOwnerId ? [{ departmentId: dept, ownerId: initiativeOwnerId }] : []),
  ];
  if (!inScope(actor, "initiative.manage", subjects)) {
    throw new AppError("FORBIDDEN", `e.outOfScope|permission=initiative.manage|role=${actor.role}`);
  }
}

async function loadInitiative(tx: DbOrTx, actor: Actor, initiativeId: string) {
  const [row] = await tx
    .select()
    .from(initiatives)
    .where(and(eq(initiatives.id, initiativeId), eq(initiatives.orgId, actor.orgId)))
    .limit(1);
  if (!row) throw notFound("initiative");
  return row;
}

export async function createInitiative(db: Database, actor: Actor, input: z.infer<typeof ZCreateInitiativeInput>) {
  return db.transaction(async (tx) => {
    const ctx = await loadKeyResult(tx, actor, input.keyResultId);
    assertInitiativeScope(actor, ctx);
    assertPeriodOpen(ctx.period);
    if (input.ownerId) await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    const [row] = await tx
      .insert(initiatives)
      .values({ orgId: actor.orgId, keyResultId: ctx.kr.id, title: input.title, ownerId: input.ownerId, dueOn: input.dueOn, status: input.status })
      .returning();
    await recordAudit(tx, actor, { entityType: "initiative", entityId: row!.id, action: "create", after: row });
    return row!;
  });
}

export async function updateInitiative(db: Database, actor: Actor, input: z.infer<typeof ZUpdateInitiativeInput>) {
  return db.transaction(async (tx) => {
    const before = await loadInitiative(tx, actor, input.initiativeId);
    const ctx = await loadKeyResult(tx, actor, before.keyResultId);
    assertInitiativeScope(actor, ctx, before.ownerId);
    if (before.version !== input.version) throw conflict("initiative");
    assertPeriodOpen(ctx.period);
    if (input.ownerId) await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    const [after] = await tx
      .update(initiatives)
      .set({ title: input.title, ownerId: input.ownerId, dueOn: input.dueOn, status: input.status, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(initiatives.id, before.id), eq(initiatives.version, input.version)))
      .returning();
    if (!after) throw conflict("initiative");
    await recordAudit(tx, actor, { entityType: "initiative", entityId: after.id, action: "update", before, after });
    return after;
  });
}

export async function deleteInitiative(db: Database, actor: Actor, initiativeId: string) {
  return db.transaction(async (tx) => {
    const before = await loadInitiative(tx, actor, initiativeId);
    const ctx = await loadKeyResult(tx, actor, before.keyResultId);
    assertInitiativeScope(actor, ctx, before.ownerId);
    assertPeriodOpen(ctx.period);
    // A concurrent delete of the same row (a double click) deleted it first: not found, no second audit row.
    if (!(await tx.delete(initiatives).where(and(eq(initiatives.id, before.id), eq(initiatives.orgId, actor.orgId))).returning({ id: initiatives.id })).length) throw notFound("initiative");
    await recordAudit(tx, actor, { entityType: "initiative", entityId: before.id, action: "delete", before });
    return { initiativeId: before.id };
  });
}
