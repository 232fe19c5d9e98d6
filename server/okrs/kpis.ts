import { and, eq, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { keyResults, kpis, kpiValues, objectives, periods } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { conflict, fieldError, notFound } from "../errors";
import type { Actor } from "../org/actor";
import { evaluateKris } from "../risks/kri";
import { assertScope } from "../rbac/assert";
import { appendCheckIn } from "./key-results";
import { assertDepartment, assertOrgMember } from "./refs";
import type { ZCreateKpiInput, ZRecordKpiValueInput, ZUpdateKpiInput } from "./schema";

type KpiFields = z.infer<typeof ZCreateKpiInput>;

function assertThresholds(f: KpiFields) {
  const ok = f.direction === "higher_is_better" ? f.greenThreshold >= f.amberThreshold : f.greenThreshold <= f.amberThreshold;
  if (!ok) throw fieldError("amberThreshold", `e.kpiBand.${f.direction}`);
}

async function loadKpi(tx: DbOrTx, actor: Actor, kpiId: string) {
  const [row] = await tx.select().from(kpis).where(and(eq(kpis.id, kpiId), eq(kpis.orgId, actor.orgId))).limit(1);
  if (!row) throw notFound("kpi");
  return row;
}

async function assertUniqueName(tx: DbOrTx, actor: Actor, name: string, exceptId?: string) {
  const [dup] = await tx
    .select({ id: kpis.id })
    .from(kpis)
    .where(and(eq(kpis.orgId, actor.orgId), eq(kpis.name, name), exceptId ? ne(kpis.id, exceptId) : undefined))
    .limit(1);
  if (dup) throw fieldError("name", "e.kpiNameTaken");
}

export async function createKpi(db: Database, actor: Actor, input: KpiFields) {
  assertThresholds(input);
  assertScope(actor, "kpi.manage", { departmentId: input.departmentId, ownerId: input.ownerId });
  return db.transaction(async (tx) => {
    await assertDepartment(tx, actor, input.departmentId, "departmentId");
    if (input.ownerId) await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    await assertUniqueName(tx, actor, input.name);
    const [row] = await tx.insert(kpis).values({ orgId: actor.orgId, ...input }).returning();
    await recordAudit(tx, actor, { entityType: "kpi", entityId: row!.id, action: "create", after: row });
    return row!;
  });
}

export async function updateKpi(db: Database, actor: Actor, input: z.infer<typeof ZUpdateKpiInput>) {
  assertThresholds(input);
  return db.transaction(async (tx) => {
    const before = await loadKpi(tx, actor, input.kpiId);
    assertScope(actor, "kpi.manage", before);
    assertScope(actor, "kpi.manage", { departmentId: input.departmentId, ownerId: input.ownerId });
    if (before.version !== input.version) throw conflict("kpi");
    await assertDepartment(tx, actor, input.departmentId, "departmentId");
    if (input.ownerId) await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    await assertUniqueName(tx, actor, input.name, before.id);
    const { kpiId: _k, version: _v, ...fields } = input;
    const [after] = await tx
      .update(kpis)
      .set({ ...fields, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(kpis.id, before.id), eq(kpis.version, input.version)))
      .returning();
    if (!after) throw conflict("kpi");
    await recordAudit(tx, actor, { entityType: "kpi", entityId: after.id, action: "update", before, after });
    return after;
  });
}

export async function deleteKpi(db: Database, actor: Actor, kpiId: string) {
  return db.transaction(async (tx) => {
    const before = await loadKpi(tx, actor, kpiId);
    assertScope(actor, "kpi.manage", before);
    // A concurrent delete of the same row (a double click) deleted it first: not found, no second audit row.
    if (!(await tx.delete(kpis).where(and(eq(kpis.id, before.id), eq(kpis.orgId, actor.orgId))).returning({ id: kpis.id })).length) throw notFound("kpi");
    await recordAudit(tx, actor, { entityType: "kpi", entityId: before.id, action: "delete", before });
    return { kpiId: before.id };
  });
}

/**
 * Records a KPI value. Every key result that tracks the KPI, in an open period and a live objective,
 * gets it as a check-in (source "kpi", keeping the KR's last confidence).
 */
export async function recordKpiValue(db: Database, actor: Actor, input: z.infer<typeof ZRecordKpiValueInput>) {
  return db.transaction(async (tx) => {
    const kpi = await loadKpi(tx, actor, input.kpiId);
    assertScope(actor, "kpi.record", kpi);
    return recordKpiValueTx(tx, actor, kpi, input);
  });
}

export async function recordKpiValueTx(
  tx: DbOrTx,
  actor: Actor,
  kpi: typeof kpis.$inferSelect,
  input: { observedOn: string; value: number; note?: string },
) {
  // Only the newest observation moves the KRs: back-filling an older value must not rewind them.
  const [newest] = await tx
    .select({ on: sql<string | null>`max(${kpiValues.observedOn})` })
    .from(kpiValues)
    .where(eq(kpiValues.kpiId, kpi.id));
  const isLatest = !newest?.on || input.observedOn >= newest.on;
  const [row] = await tx
    .insert(kpiValues)
    .values({ orgId: actor.orgId, kpiId: kpi.id, observedOn: input.observedOn, value: input.value, note: input.note ?? "", authorId: actor.userId })
    .returning();
  const tracking = await tx
    .select({ kr: keyResults, objective: objectives, period: periods })
    .from(keyResults)
    .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
    .innerJoin(periods, eq(periods.id, objectives.periodId))
    .where(and(eq(keyResults.kpiId, kpi.id), eq(keyResults.orgId, actor.orgId), ne(periods.status, "closed")));
  let fed = 0;
  for (const t of isLatest ? tracking : []) {
    if (t.objective.status === "cancelled" || t.objective.status === "closed") continue;
    await appendCheckIn(tx, actor, t, {
      value: input.value,
      confidence: t.kr.confidence ?? 5,
      note: input.note ?? "",
      source: "kpi",
    });
    fed++;
  }
  await recordAudit(tx, actor, { entityType: "kpi", entityId: kpi.id, action: "record_value", after: { ...row, feedsKeyResults: fed } });
  // Risks watching this KPI leave green or come back.
  await evaluateKris(tx, actor.orgId, { kpiIds: [kpi.id] });
  return { ...row!, feedsKeyResults: fed };
}
