import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  approvalRequests,
  DEFAULT_PRODUCT_STAGES,
  productChecklistItems,
  productStageCriteria,
  productStages,
  productStageVisits,
  products,
  stageCriterionKind,
  stageVisitKind,
} from "@/db/schema";
import { fieldError, notFound } from "../errors";
import type { Actor } from "../org/actor";
import { assertScope } from "../rbac/assert";
import type { Permission } from "../rbac/permissions";

export type ProductRow = typeof products.$inferSelect;
export type StageRow = typeof productStages.$inferSelect;
export type CriterionKind = (typeof stageCriterionKind.enumValues)[number];
export type VisitKind = (typeof stageVisitKind.enumValues)[number];

export const STAGE_GATE = "stage_gate";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Default exit criteria of the default stages (labels are translated by key until renamed). */
export const DEFAULT_CRITERIA: Record<(typeof DEFAULT_PRODUCT_STAGES)[number], { key: string; kind: CriterionKind; requiresEvidence?: boolean }[]> = {
  ideation: [{ key: "problem_defined", kind: "manual" }],
  discovery: [
    { key: "market_research", kind: "manual", requiresEvidence: true },
    { key: "business_case", kind: "manual" },
  ],
  development: [
    { key: "sop_written", kind: "manual", requiresEvidence: true },
    { key: "objective_baselines", kind: "objective_baselines" },
    { key: "risks_within_appetite", kind: "risks_within_appetite" },
  ],
  launch: [
    { key: "launch_campaign", kind: "launch_campaign_approved" },
    { key: "support_ready", kind: "manual" },
  ],
  growth: [{ key: "growth_review", kind: "manual" }],
  maturity: [{ key: "cost_review", kind: "manual" }],
  decline: [{ key: "retirement_plan", kind: "manual", requiresEvidence: true }],
  retired: [],
};

/**
 * The organisation's active stages in order. An organisation that has never had stages gets the
 * default lifecycle (with its default criteria) the first time anyone looks: idempotent, and two
 * first visitors at once insert it once (unique key per organisation).
 */
export async function stagesOf(tx: DbOrTx, orgId: string): Promise<StageRow[]> {
  const rows = await tx
    .select()
    .from(productStages)
    .where(and(eq(productStages.orgId, orgId), isNull(productStages.archivedAt)))
    .orderBy(asc(productStages.position), asc(productStages.createdAt));
  if (rows.length) return rows;
  const [any] = await tx.select({ id: productStages.id }).from(productStages).where(eq(productStages.orgId, orgId)).limit(1);
  if (any) return rows;
  const inserted = await tx
    .insert(productStages)
    .values(DEFAULT_PRODUCT_STAGES.map((key, position) => ({ orgId, key, position })))
    .onConflictDoNothing()
    .returning();
  const criteria = inserted.flatMap((s) =>
    (DEFAULT_CRITERIA[s.key as keyof typeof DEFAULT_CRITERIA] ?? []).map((c, position) => ({
      orgId,
      stageId: s.id,
      key: c.key,
      kind: c.kind,
      requiresEvidence: c.requiresEvidence ?? false,
      position,
    })),
  );
  if (criteria.length) await tx.insert(productStageCriteria).values(criteria);
  return tx
    .select()
    .from(productStages)
    .where(and(eq(productStages.orgId, orgId), isNull(productStages.archivedAt)))
    .orderBy(asc(productStages.position), asc(productStages.createdAt));
}

/** An active stage of the organisation, or a field error. */
export async function loadStage(tx: DbOrTx, actor: Actor, stageId: string, field: string, opts: { lock?: boolean } = {}) {
  if (!UUID_RE.test(stageId)) throw fieldError(field, "v.invalidId");
  const q = tx
    .select()
    .from(productStages)
    .where(and(eq(productStages.id, stageId), eq(productStages.orgId, actor.orgId), isNull(productStages.archivedAt)))
    .limit(1);
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw fieldError(field, "e.product.unknownStage");
  return row;
}

/** A product of the actor's organisation (another tenant's id is simply not found). */
export async function loadProduct(tx: DbOrTx, actor: Actor, productId: string, opts: { lock?: boolean; field?: string } = {}) {
  if (!UUID_RE.test(productId)) throw opts.field ? fieldError(opts.field, "v.invalidId") : notFound("product");
  const q = tx
    .select()
    .from(products)
    .where(and(eq(products.id, productId), eq(products.orgId, actor.orgId)))
    .limit(1);
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw notFound("product");
  return row;
}

export function assertProductScope(actor: Actor, permission: Permission, p: { departmentId: string | null; ownerId: string }) {
  assertScope(actor, permission, { departmentId: p.departmentId, ownerId: p.ownerId });
}

/** The product's pending stage-gate requests; `lock` takes them first, in the engine's lock order. */
export async function pendingGates(tx: DbOrTx, orgId: string, productIds: string[], opts: { lock?: boolean } = {}) {
  const ids = productIds.filter((id) => UUID_RE.test(id));
  if (!ids.length) return [];
  const q = tx
    .select({ id: approvalRequests.id, subjectId: approvalRequests.subjectId, snapshot: approvalRequests.snapshot, createdAt: approvalRequests.createdAt })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.orgId, orgId),
        eq(approvalRequests.subjectType, STAGE_GATE),
        inArray(approvalRequests.subjectId, ids),
        eq(approvalRequests.status, "pending"),
      ),
    );
  return opts.lock ? q.for("update") : q;
}

/** The visit of the product's current stage (the one not left yet). */
export async function currentVisit(tx: DbOrTx, productId: string) {
  const [row] = await tx
    .select()
    .from(productStageVisits)
    .where(and(eq(productStageVisits.productId, productId), isNull(productStageVisits.leftAt)))
    .orderBy(asc(productStageVisits.enteredAt))
    .limit(1);
  return row ?? null;
}

/**
 * Moves a product into a stage: closes the current visit, opens a new one, and copies the stage's
 * criteria into the new visit's checklist. The caller has locked the product and checked its version.
 */
export async function enterStage(
  tx: DbOrTx,
  actor: Actor,
  product: ProductRow,
  stageId: string,
  kind: VisitKind,
  opts: { reason?: string; approvalRequestId?: string | null; now?: Date } = {},
) {
  const now = opts.now ?? new Date();
  const fromStageId = kind === "created" ? null : product.stageId;
  if (kind !== "created") {
    await tx
      .update(productStageVisits)
      .set({ leftAt: now })
      .where(and(eq(productStageVisits.productId, product.id), isNull(productStageVisits.leftAt)));
  }
  const [visit] = await tx
    .insert(productStageVisits)
    .values({
      orgId: actor.orgId,
      productId: product.id,
      stageId,
      fromStageId,
      kind,
      reason: opts.reason ?? "",
      enteredAt: now,
      actorId: actor.userId,
      approvalRequestId: opts.approvalRequestId ?? null,
    })
    .returning();
  const criteria = await tx
    .select()
    .from(productStageCriteria)
    .where(and(eq(productStageCriteria.orgId, actor.orgId), eq(productStageCriteria.stageId, stageId)))
    .orderBy(asc(productStageCriteria.position), asc(productStageCriteria.createdAt));
  if (criteria.length) {
    await tx.insert(productChecklistItems).values(
      criteria.map((c, position) => ({
        orgId: actor.orgId,
        productId: product.id,
        visitId: visit!.id,
        criterionId: c.id,
        key: c.key,
        label: c.label,
        kind: c.kind,
        requiresEvidence: c.requiresEvidence,
        position,
      })),
    );
  }
  let after = product;
  if (kind !== "created") {
    const [row] = await tx
      .update(products)
      .set({ stageId, stageEnteredAt: now, updatedAt: now, version: product.version + 1 })
      .where(eq(products.id, product.id))
      .returning();
    after = row!;
  }
  return { visit: visit!, product: after };
}
