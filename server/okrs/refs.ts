import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { departments, keyResults, kpis, memberships, objectives, periods } from "@/db/schema";
import { AppError, fieldError, notFound } from "../errors";
import type { Actor } from "../org/actor";

/** Loads rows of the actor's organisation only: another tenant's id is simply not found. */
export async function loadPeriod(tx: DbOrTx, actor: Actor, periodId: string, field?: string) {
  const [row] = await tx
    .select()
    .from(periods)
    .where(and(eq(periods.id, periodId), eq(periods.orgId, actor.orgId)))
    .limit(1);
  if (!row) throw field ? fieldError(field, "e.unknownPeriod") : notFound("period");
  return row;
}

export function assertPeriodOpen(period: { status: string; name: string }) {
  if (period.status === "closed") throw new AppError("BAD_REQUEST", `e.periodClosed|period=${period.name}`);
}

export async function loadObjective(tx: DbOrTx, actor: Actor, objectiveId: string) {
  const [row] = await tx
    .select()
    .from(objectives)
    .where(and(eq(objectives.id, objectiveId), eq(objectives.orgId, actor.orgId)))
    .limit(1);
  if (!row) throw notFound("objective");
  return row;
}

export async function loadKeyResult(tx: DbOrTx, actor: Actor, keyResultId: string) {
  const [row] = await tx
    .select({ kr: keyResults, objective: objectives, period: periods })
    .from(keyResults)
    .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
    .innerJoin(periods, eq(periods.id, objectives.periodId))
    .where(and(eq(keyResults.id, keyResultId), eq(keyResults.orgId, actor.orgId)))
    .limit(1);
  if (!row) throw notFound("keyResult");
  return row;
}

export async function assertOrgMember(tx: DbOrTx, actor: Actor, userId: string, field: string) {
  const [row] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, userId)))
    .limit(1);
  if (!row) throw fieldError(field, "e.notAMember");
}

/** Every one of these (distinct) users is a member of the actor's organisation, or a field error. */
export async function assertOrgMembers(tx: DbOrTx, actor: Actor, userIds: string[], field: string) {
  const ids = [...new Set(userIds)];
  if (!ids.length) return;
  const found = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, actor.orgId), inArray(memberships.userId, ids)));
  if (found.length !== ids.length) throw fieldError(field, "e.notAMember");
}

export async function assertDepartment(tx: DbOrTx, actor: Actor, departmentId: string | null, field: string) {
  if (!departmentId) return;
  const [row] = await tx
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.orgId, actor.orgId), eq(departments.id, departmentId)))
    .limit(1);
  if (!row) throw fieldError(field, "e.unknownDepartment");
}

export async function assertKpi(tx: DbOrTx, actor: Actor, kpiId: string | null, field: string) {
  if (!kpiId) return;
  const [row] = await tx
    .select({ id: kpis.id })
    .from(kpis)
    .where(and(eq(kpis.orgId, actor.orgId), eq(kpis.id, kpiId)))
    .limit(1);
  if (!row) throw fieldError(field, "e.unknownKpi");
}

/** Objectives in an approval request cannot be edited until it is decided or withdrawn. */
export function assertNotPendingApproval(objective: { status: string }) {
  if (objective.status === "pending_approval") throw new AppError("PRECONDITION_FAILED", "e.pendingApproval");
}

/** Approved objectives keep the targets that were approved: changing them needs a new approval. */
export function assertTargetsUnlocked(objective: { status: string }) {
  if (objective.status === "approved" || objective.status === "active") throw new AppError("PRECONDITION_FAILED", "e.targetLocked");
}
