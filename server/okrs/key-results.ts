import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { checkIns, keyResults, objectives, periods, riskKris, risks } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, conflict, fieldError, notFound } from "../errors";
import type { Actor } from "../org/actor";
import { evaluateKris } from "../risks/kri";
import { assertScope, inScope } from "../rbac/assert";
import { isValidKrShape, krProgress, suggestedGrade, weightedMean } from "./progress";
import { assertKpi, assertNotPendingApproval, assertOrgMember, assertPeriodOpen, assertTargetsUnlocked, loadKeyResult, loadObjective, loadPeriod } from "./refs";
import type { TKeyResultFields, ZCheckInInput, ZCreateKeyResultInput, ZGradeInput, ZUpdateKeyResultInput } from "./schema";

function assertShape(f: TKeyResultFields) {
  const problem = isValidKrShape(f);
  if (!problem) return;
  const field = problem.startsWith("band") ? "bandMin" : "targetValue";
  throw fieldError(field, `e.kr.${problem}`);
}

function normalise(f: TKeyResultFields) {
  const milestone = f.type === "milestone";
  return {
    title: f.title,
    ownerId: f.ownerId,
    type: f.type,
    unit: milestone ? "" : f.unit,
    direction: milestone ? ("increase" as const) : f.direction,
    startValue: milestone ? 0 : f.startValue,
    targetValue: milestone ? 1 : f.targetValue,
    bandMin: f.direction === "band" && !milestone ? f.bandMin : null,
    bandMax: f.direction === "band" && !milestone ? f.bandMax : null,
    weight: f.weight,
    kpiId: f.kpiId,
  };
}

/** KR edits are allowed to whoever may edit the objective, and to the KR's owner. */
function krSubjects(objective: { departmentId: string | null; ownerId: string }, krOwnerId?: string) {
  const subjects = [{ departmentId: objective.departmentId, ownerId: objective.ownerId }];
  if (krOwnerId) subjects.push({ departmentId: objective.departmentId, ownerId: krOwnerId });
  return subjects;
}

function assertKrScope(actor: Actor, objective: { departmentId: string | null; ownerId: string }, krOwnerId?: string) {
  if (!inScope(actor, "keyResult.manage", krSubjects(objective, krOwnerId))) {
    throw new AppError("FORBIDDEN", `e.outOfScope|permission=keyResult.manage|role=${actor.role}`);
  }
}

export async function createKeyResult(db: Database, actor: Actor, input: z.infer<typeof ZCreateKeyResultInput>) {
  assertShape(input);
  return db.transaction(async (tx) => {
    const objective = await loadObjective(tx, actor, input.objectiveId);
    assertKrScope(actor, objective);
    assertPeriodOpen(await loadPeriod(tx, actor, objective.periodId));
    assertNotPendingApproval(objective);
    assertTargetsUnlocked(objective);
    await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    await assertKpi(tx, actor, input.kpiId, "kpiId");
    const [pos] = await tx
      .select({ n: sql<number>`coalesce(max(${keyResults.position}) + 1, 0)`.mapWith(Number) })
      .from(keyResults)
      .where(eq(keyResults.objectiveId, objective.id));
    const [row] = await tx
      .insert(keyResults)
      .values({ orgId: actor.orgId, objectiveId: objective.id, position: pos?.n ?? 0, ...normalise(input) })
      .returning();
    await recordAudit(tx, actor, { entityType: "keyResult", entityId: row!.id, action: "create", after: row });
    return row!;
  });
}

export async function updateKeyResult(db: Database, actor: Actor, input: z.infer<typeof ZUpdateKeyResultInput>) {
  assertShape(input);
  return db.transaction(async (tx) => {
    const { kr: before, objective, period } = await loadKeyResult(tx, actor, input.keyResultId);
    assertKrScope(actor, objective, before.ownerId);
    if (before.version !== input.version) throw conflict("keyResult");
    assertPeriodOpen(period);
    assertNotPendingApproval(objective);
    const next = normalise(input);
    const targetChanged =
      next.type !== before.type ||
      next.direction !== before.direction ||
      next.startValue !== before.startValue ||
      next.targetValue !== before.targetValue ||
      next.bandMin !== before.bandMin ||
      next.bandMax !== before.bandMax ||
      next.weight !== before.weight;
    if (targetChanged) assertTargetsUnlocked(objective);
    await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    await assertKpi(tx, actor, input.kpiId, "kpiId");
    const [after] = await tx
      .update(keyResults)
      .set({ ...normalise(input), updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(keyResults.id, before.id), eq(keyResults.version, input.version)))
      .returning();
    if (!after) throw conflict("keyResult");
    await recordAudit(tx, actor, { entityType: "keyResult", entityId: after.id, action: "update", before, after });
    return after;
  });
}

export async function deleteKeyResult(db: Database, actor: Actor, keyResultId: string) {
  return db.transaction(async (tx) => {
    const { kr, objective, period } = await loadKeyResult(tx, actor, keyResultId);
    assertKrScope(actor, objective);
    assertPeriodOpen(period);
    assertNotPendingApproval(objective);
    assertTargetsUnlocked(objective);
    // A concurrent delete of the same row (a double click) deleted it first: not found, no second audit row.
    if (!(await tx.delete(keyResults).where(and(eq(keyResults.id, kr.id), eq(keyResults.orgId, actor.orgId))).returning({ id: keyResults.id })).length) throw notFound("keyResult");
    await recordAudit(tx, actor, { entityType: "keyResult", entityId: kr.id, action: "delete", before: kr });
    return { keyResultId: kr.id };
  });
}

/**
 * Appends a check-in (never edits one) and makes it the KR's current value and confidence.
 * Refused when the period is closed. The load also tells whether a key risk indicator of an open
 * risk watches the KR, so the indicators are judged only when one does.
 */
export async function checkIn(
  db: Database,
  actor: Actor,
  input: z.infer<typeof ZCheckInInput> & { source?: string },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        kr: keyResults,
        objective: objectives,
        period: periods,
        watched: sql<boolean>`exists (select 1 from ${riskKris} inner join ${risks} on ${risks.id} = ${riskKris.riskId}
          where ${riskKris.orgId} = ${actor.orgId} and ${riskKris.keyResultId} = ${keyResults.id} and ${risks.status} <> 'closed')`,
      })
      .from(keyResults)
      .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
      .innerJoin(periods, eq(periods.id, objectives.periodId))
      .where(and(eq(keyResults.id, input.keyResultId), eq(keyResults.orgId, actor.orgId)))
      .limit(1);
    if (!row) throw notFound("keyResult");
    const { kr, objective, period, watched } = row;
    if (!inScope(actor, "checkIn.create", krSubjects(objective, kr.ownerId))) {
      throw new AppError("FORBIDDEN", `e.outOfScope|permission=checkIn.create|role=${actor.role}`);
    }
    return appendCheckIn(tx, actor, { kr, objective, period, watched }, input);
  });
}

/**
 * The check-in row and the KR's new current value in one statement, its audit event, and the
 * key risk indicators watching the KR (skipped when the caller knows none does: `ctx.watched`).
 */
export async function appendCheckIn(
  tx: DbOrTx,
  actor: Actor,
  ctx: { kr: typeof keyResults.$inferSelect; objective: { status: string }; period: { status: string; name: string }; watched?: boolean },
  input: { value: number; confidence: number; note?: string; source?: string },
) {
  if (ctx.period.status === "closed") throw new AppError("BAD_REQUEST", `e.checkInClosed|period=${ctx.period.name}`);
  if (ctx.objective.status === "cancelled" || ctx.objective.status === "closed") {
    throw new AppError("BAD_REQUEST", `e.checkInObjectiveClosed|status=${ctx.objective.status}`);
  }
  const now = new Date();
  const current = tx.$with("kr_update").as(
    tx
      .update(keyResults)
      .set({ currentValue: input.value, confidence: input.confidence, lastCheckInAt: now, updatedAt: now })
      .where(eq(keyResults.id, ctx.kr.id)),
  );
  const [row] = await tx
    .with(current)
    .insert(checkIns)
    .values({
      orgId: actor.orgId,
      keyResultId: ctx.kr.id,
      value: input.value,
      confidence: input.confidence,
      note: input.note ?? "",
      source: input.source ?? "manual",
      authorId: actor.userId,
      createdAt: now,
    })
    .returning();
  await recordAudit(tx, actor, {
    entityType: "keyResult",
    entityId: ctx.kr.id,
    action: "check_in",
    before: { value: ctx.kr.currentValue, confidence: ctx.kr.confidence },
    after: { value: input.value, confidence: input.confidence, note: input.note ?? "", source: input.source ?? "manual" },
  });
  // Risks watching this KR (confidence, behind the ideal line) are judged in the same transaction.
  if (ctx.watched !== false) await evaluateKris(tx, actor.orgId, { keyResultIds: [ctx.kr.id] }, now);
  return row!;
}

/**
 * Grades a KR at period close: a score 0–1 (suggested from progress; a different score needs a reason),
 * or skipped with a reason. Recomputes the objective's score as the weighted mean of graded KRs.
 */
export async function gradeKeyResult(db: Database, actor: Actor, input: z.infer<typeof ZGradeInput>) {
  return db.transaction(async (tx) => {
    const { kr: before, objective, period } = await loadKeyResult(tx, actor, input.keyResultId);
    assertScope(actor, "okr.grade", objective);
    if (before.version !== input.version) throw conflict("keyResult");
    assertPeriodOpen(period);
    if (input.skipped) {
      if (!input.reason) throw fieldError("reason", "e.skipReasonRequired");
    } else {
      if (input.grade == null) throw fieldError("grade", "v.required");
      const suggested = suggestedGrade(krProgress(before));
      if (Math.abs(input.grade - suggested) > 0.05 && !input.reason) throw fieldError("reason", "e.gradeReasonRequired");
    }
    const [after] = await tx
      .update(keyResults)
      .set({
        grade: input.skipped ? null : input.grade,
        skipped: input.skipped,
        gradeReason: input.reason || null,
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(and(eq(keyResults.id, before.id), eq(keyResults.version, input.version)))
      .returning();
    if (!after) throw conflict("keyResult");
    await recomputeObjectiveScore(tx, objective.id);
    await recordAudit(tx, actor, { entityType: "keyResult", entityId: after.id, action: "grade", before, after });
    return after;
  });
}

async function recomputeObjectiveScore(tx: DbOrTx, objectiveId: string) {
  const graded = await tx
    .select({ grade: keyResults.grade, weight: keyResults.weight })
    .from(keyResults)
    .where(and(eq(keyResults.objectiveId, objectiveId), isNotNull(keyResults.grade), eq(keyResults.skipped, false)));
  const score = graded.length ? weightedMean(graded.map((g) => ({ value: g.grade!, weight: g.weight }))) : null;
  await tx.update(objectives).set({ score, updatedAt: new Date() }).where(eq(objectives.id, objectiveId));
}

/** Check-in history of a KR, oldest first (for charts). */
export async function listCheckIns(db: DbOrTx, actor: Actor, keyResultId: string) {
  await loadKeyResult(db, actor, keyResultId);
  return db
    .select({
      id: checkIns.id,
      value: checkIns.value,
      confidence: checkIns.confidence,
      note: checkIns.note,
      source: checkIns.source,
      authorId: checkIns.authorId,
      createdAt: checkIns.createdAt,
    })
    .from(checkIns)
    .where(and(eq(checkIns.keyResultId, keyResultId), eq(checkIns.orgId, actor.orgId)))
    .orderBy(asc(checkIns.createdAt));
}

