import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import {
  approvalRequests,
  approvalSteps,
  initiatives,
  keyResults,
  objectives,
  productChecklistItems,
  productFeedback,
  productFeedbackVotes,
  productObjectives,
  productStageCriteria,
  productStagePlans,
  productStages,
  products,
} from "@/db/schema";
import { requestApproval } from "../approvals/engine";
import { recordAudit } from "../audit/record";
import { AppError, conflict, fieldError, notFound } from "../errors";
import { translate } from "../i18n";
import { assertDepartment, assertOrgMember } from "../okrs/refs";
import type { Actor } from "../org/actor";
import { can } from "../rbac/permissions";
import { STAGE_GATE, type GateParams } from "./approval";
import { assertProductScope, currentVisit, enterStage, loadProduct, loadStage, pendingGates, stagesOf } from "./refs";
import type {
  TCreateProductInput,
  TUpdateProductInput,
  ZAddFeedbackInput,
  ZCheckItemInput,
  ZCreateCriterionInput,
  ZCreateStageInput,
  ZMoveBackInput,
  ZRemoveStageInput,
  ZRenameStageInput,
  ZReorderStagesInput,
  ZRequestAdvanceInput,
  ZSetStagePlansInput,
  ZUpdateCriterionInput,
  ZUpdateFeedbackInput,
  ZVoteInput,
} from "./schema";

const unique = <T>(xs: T[]) => [...new Set(xs)];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function assertNameFree(tx: DbOrTx, actor: Actor, name: string, exceptId?: string) {
  const [row] = await tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.orgId, actor.orgId), sql`lower(${products.name}) = lower(${name})`, exceptId ? ne(products.id, exceptId) : undefined))
    .limit(1);
  if (row) throw fieldError("name", "e.product.nameTaken");
}

/** A unique-name race that got past the check above still ends as the same field error. */
function nameRace(e: unknown): never {
  const code = (e as { code?: string; cause?: { code?: string } })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
  if (code === "23505") throw fieldError("name", "e.product.nameTaken");
  throw e;
}

async function assertObjectives(tx: DbOrTx, actor: Actor, ids: string[]) {
  if (!ids.length) return;
  const found = await tx
    .select({ id: objectives.id })
    .from(objectives)
    .where(and(eq(objectives.orgId, actor.orgId), inArray(objectives.id, ids)));
  if (found.length !== ids.length) throw fieldError("objectiveIds", "e.product.unknownObjective");
}

async function replaceObjectives(tx: DbOrTx, actor: Actor, productId: string, ids: string[]) {
  await tx.delete(productObjectives).where(and(eq(productObjectives.orgId, actor.orgId), eq(productObjectives.productId, productId)));
  if (ids.length) await tx.insert(productObjectives).values(ids.map((objectiveId) => ({ orgId: actor.orgId, productId, objectiveId })));
}

export async function createProduct(db: Database, actor: Actor, input: TCreateProductInput) {
  return db
    .transaction(async (tx) => {
      assertProductScope(actor, "product.create", input);
      await assertOrgMember(tx, actor, input.ownerId, "ownerId");
      await assertDepartment(tx, actor, input.departmentId, "departmentId");
      const objectiveIds = unique(input.objectiveIds);
      await assertObjectives(tx, actor, objectiveIds);
      await assertNameFree(tx, actor, input.name);
      const stages = await stagesOf(tx, actor.orgId);
      const stage = input.stageId ? await loadStage(tx, actor, input.stageId, "stageId") : stages[0];
      if (!stage) throw fieldError("stageId", "e.product.noStages");
      const [row] = await tx
        .insert(products)
        .values({
          orgId: actor.orgId,
          name: input.name,
          description: input.description,
          ownerId: input.ownerId,
          departmentId: input.departmentId,
          stageId: stage.id,
          tags: unique(input.tags),
          createdBy: actor.userId,
        })
        .returning();
      await replaceObjectives(tx, actor, row!.id, objectiveIds);
      await enterStage(tx, actor, row!, stage.id, "created");
      await recordAudit(tx, actor, { entityType: "product", entityId: row!.id, action: "create", after: { ...row, objectiveIds } });
      return row!;
    })
    .catch(nameRace);
}

export async function updateProduct(db: Database, actor: Actor, input: TUpdateProductInput) {
  return db
    .transaction(async (tx) => {
      const pending = await pendingGates(tx, actor.orgId, [input.productId], { lock: true });
      const before = await loadProduct(tx, actor, input.productId, { lock: true });
      assertProductScope(actor, "product.update", before);
      if (before.version !== input.version) throw conflict("product");
      assertProductScope(actor, "product.update", input);
      // The gate's approvers were chosen for the department it had when asked.
      if (pending.length && input.departmentId !== before.departmentId) throw fieldError("departmentId", "e.product.gatePending");
      await assertOrgMember(tx, actor, input.ownerId, "ownerId");
      await assertDepartment(tx, actor, input.departmentId, "departmentId");
      const objectiveIds = unique(input.objectiveIds);
      await assertObjectives(tx, actor, objectiveIds);
      if (input.name.toLowerCase() !== before.name.toLowerCase()) await assertNameFree(tx, actor, input.name, before.id);
      const [after] = await tx
        .update(products)
        .set({
          name: input.name,
          description: input.description,
          ownerId: input.ownerId,
          departmentId: input.departmentId,
          tags: unique(input.tags),
          updatedAt: new Date(),
          version: before.version + 1,
        })
        .where(and(eq(products.id, before.id), eq(products.version, input.version)))
        .returning();
      if (!after) throw conflict("product");
      await replaceObjectives(tx, actor, after.id, objectiveIds);
      await recordAudit(tx, actor, { entityType: "product", entityId: after.id, action: "update", before, after: { ...after, objectiveIds } });
      return after;
    })
    .catch(nameRace);
}

export async function deleteProduct(db: Database, actor: Actor, productId: string) {
  return db.transaction(async (tx) => {
    const pending = await pendingGates(tx, actor.orgId, [productId], { lock: true });
    const before = await loadProduct(tx, actor, productId, { lock: true });
    assertProductScope(actor, "product.delete", before);
    // Its pending gate has nothing left to decide: close it with the product.
    if (pending.length) {
      await tx
        .update(approvalRequests)
        .set({ status: "cancelled", decidedAt: new Date(), updatedAt: new Date(), version: sql`${approvalRequests.version} + 1` })
        .where(inArray(approvalRequests.id, pending.map((r) => r.id)));
      await tx
        .update(approvalSteps)
        .set({ status: "cancelled" })
        .where(and(inArray(approvalSteps.requestId, pending.map((r) => r.id)), inArray(approvalSteps.status, ["pending", "waiting"])));
      for (const r of pending) {
        await recordAudit(tx, actor, { entityType: "approval", entityId: r.id, action: "cancel", before: { status: "pending" }, after: { status: "cancelled", reason: "product_deleted" } });
      }
    }
    await tx.delete(products).where(and(eq(products.id, before.id), eq(products.orgId, actor.orgId)));
    await recordAudit(tx, actor, { entityType: "product", entityId: before.id, action: "delete", before, after: { cancelledRequests: pending.map((r) => r.id) } });
    return { id: before.id };
  });
}

/** Asks for the gate to the next stage (or, with an admin's override reason, a later one) through the approvals engine. */
export async function requestAdvance(db: Database, actor: Actor, input: z.infer<typeof ZRequestAdvanceInput>) {
  const params: GateParams = { toStageId: input.toStageId, overrideReason: input.overrideReason, version: input.version };
  return requestApproval(db, actor, { subjectType: STAGE_GATE, subjectId: input.productId, comment: input.comment, params });
}

/** Back to an earlier stage, with a reason; no approval, but never while a gate is pending. */
export async function moveBack(db: Database, actor: Actor, input: z.infer<typeof ZMoveBackInput>) {
  return db.transaction(async (tx) => {
    const pending = await pendingGates(tx, actor.orgId, [input.productId], { lock: true });
    const before = await loadProduct(tx, actor, input.productId, { lock: true });
    assertProductScope(actor, "product.update", before);
    if (before.version !== input.version) throw conflict("product");
    if (pending.length) throw new AppError("BAD_REQUEST", "e.product.gatePending");
    const stages = await stagesOf(tx, actor.orgId);
    const at = stages.findIndex((s) => s.id === before.stageId);
    const to = stages.findIndex((s) => s.id === input.toStageId);
    if (to < 0) throw fieldError("toStageId", "e.product.unknownStage");
    if (to >= at) throw fieldError("toStageId", "e.product.notBackward");
    const { product: after } = await enterStage(tx, actor, before, input.toStageId, "moved_back", { reason: input.reason });
    await recordAudit(tx, actor, {
      entityType: "product",
      entityId: before.id,
      action: "stage_moved_back",
      before: { stageId: before.stageId },
      after: { stageId: after.stageId, reason: input.reason },
    });
    return after;
  });
}

/** Ticks or unticks a manual item of the product's current checklist, with evidence. */
export async function checkItem(db: Database, actor: Actor, input: z.infer<typeof ZCheckItemInput>) {
  return db.transaction(async (tx) => {
    if (!UUID_RE.test(input.itemId)) throw notFound("checklistItem");
    const [item] = await tx
      .select()
      .from(productChecklistItems)
      .where(and(eq(productChecklistItems.id, input.itemId), eq(productChecklistItems.orgId, actor.orgId)))
      .limit(1);
    if (!item) throw notFound("checklistItem");
    const pending = await pendingGates(tx, actor.orgId, [item.productId], { lock: true });
    const product = await loadProduct(tx, actor, item.productId, { lock: true });
    assertProductScope(actor, "product.update", product);
    if (item.version !== input.version) throw conflict("checklistItem");
    if (item.kind !== "manual") throw fieldError("checked", "e.product.autoCriterion");
    const visit = await currentVisit(tx, product.id);
    if (!visit || visit.id !== item.visitId) throw new AppError("BAD_REQUEST", "e.product.checklistClosed");
    // The pending request froze this checklist; changing it now would approve something else.
    if (pending.length) throw new AppError("BAD_REQUEST", "e.product.gatePending");
    if (input.checked && item.requiresEvidence && !input.evidenceUrl && !input.evidenceNote) {
      throw fieldError("evidenceUrl", "e.product.evidenceRequired");
    }
    const now = new Date();
    const [after] = await tx
      .update(productChecklistItems)
      .set({
        checkedAt: input.checked ? now : null,
        checkedBy: input.checked ? actor.userId : null,
        evidenceUrl: input.evidenceUrl,
        evidenceNote: input.evidenceNote,
        version: item.version + 1,
      })
      .where(and(eq(productChecklistItems.id, item.id), eq(productChecklistItems.version, input.version)))
      .returning();
    if (!after) throw conflict("checklistItem");
    await recordAudit(tx, actor, {
      entityType: "product",
      entityId: product.id,
      action: input.checked ? "checklist_checked" : "checklist_unchecked",
      before: { itemId: item.id, checkedAt: item.checkedAt, evidenceUrl: item.evidenceUrl, evidenceNote: item.evidenceNote },
      after: { itemId: item.id, checkedAt: after.checkedAt, evidenceUrl: after.evidenceUrl, evidenceNote: after.evidenceNote },
    });
    return after;
  });
}

/** Replaces the product's planned stage dates (the roadmap's plan). */
export async function setStagePlans(db: Database, actor: Actor, input: z.infer<typeof ZSetStagePlansInput>) {
  return db.transaction(async (tx) => {
    const before = await loadProduct(tx, actor, input.productId, { lock: true });
    assertProductScope(actor, "product.update", before);
    if (before.version !== input.version) throw conflict("product");
    const stageIds = input.plans.map((p) => p.stageId);
    if (unique(stageIds).length !== stageIds.length) throw fieldError("plans", "e.product.duplicateStage");
    for (const [i, id] of stageIds.entries()) await loadStage(tx, actor, id, `plans.${i}.stageId`);
    await tx.delete(productStagePlans).where(and(eq(productStagePlans.orgId, actor.orgId), eq(productStagePlans.productId, before.id)));
    const plans = input.plans.filter((p) => p.plannedStartOn || p.plannedEndOn);
    if (plans.length) await tx.insert(productStagePlans).values(plans.map((p) => ({ ...p, orgId: actor.orgId, productId: before.id })));
    const [after] = await tx
      .update(products)
      .set({ updatedAt: new Date(), version: before.version + 1 })
      .where(eq(products.id, before.id))
      .returning();
    await recordAudit(tx, actor, { entityType: "product", entityId: before.id, action: "plan_update", after: { plans } });
    return after!;
  });
}

// ───────────── Stage templates (admins) ─────────────

async function loadAnyStage(tx: DbOrTx, actor: Actor, stageId: string) {
  if (!UUID_RE.test(stageId)) throw notFound("stage");
  const [row] = await tx
    .select()
    .from(productStages)
    .where(and(eq(productStages.id, stageId), eq(productStages.orgId, actor.orgId), isNull(productStages.archivedAt)))
    .limit(1)
    .for("update");
  if (!row) throw notFound("stage");
  return row;
}

/** What a stage is called on screen: its name, or (a default stage never renamed) its key and the key's label in each language. */
function shownNames(s: { key: string | null; name: string }) {
  if (s.name) return [s.name];
  if (!s.key) return [];
  return [s.key, ...(["en", "zh-CN"] as const).map((l) => translate(l, `products.stage.${s.key}`))];
}

async function assertStageNameFree(tx: DbOrTx, actor: Actor, stages: { id: string; key: string | null; name: string }[], name: string, exceptId?: string) {
  const wanted = name.toLowerCase();
  const clash = stages.find((s) => s.id !== exceptId && shownNames(s).some((n) => n.toLowerCase() === wanted));
  if (clash) throw fieldError("name", "e.product.stageNameTaken");
}

export async function createStage(db: Database, actor: Actor, input: z.infer<typeof ZCreateStageInput>) {
  return db.transaction(async (tx) => {
    const stages = await stagesOf(tx, actor.orgId);
    await assertStageNameFree(tx, actor, stages, input.name);
    const after = input.afterStageId ? stages.findIndex((s) => s.id === input.afterStageId) : stages.length - 1;
    if (input.afterStageId && after < 0) throw fieldError("afterStageId", "e.product.unknownStage");
    // Renumber: the new stage takes the slot after `after`.
    for (const [i, s] of stages.entries()) {
      const position = i <= after ? i : i + 1;
      if (s.position !== position) await tx.update(productStages).set({ position }).where(eq(productStages.id, s.id));
    }
    const [row] = await tx
      .insert(productStages)
      .values({ orgId: actor.orgId, name: input.name, position: after + 1 })
      .returning();
    await recordAudit(tx, actor, { entityType: "productStage", entityId: row!.id, action: "create", after: row });
    return row!;
  });
}

export async function renameStage(db: Database, actor: Actor, input: z.infer<typeof ZRenameStageInput>) {
  return db.transaction(async (tx) => {
    const before = await loadAnyStage(tx, actor, input.stageId);
    if (before.version !== input.version) throw conflict("stage");
    await assertStageNameFree(tx, actor, await stagesOf(tx, actor.orgId), input.name, before.id);
    const [after] = await tx
      .update(productStages)
      .set({ name: input.name, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(productStages.id, before.id), eq(productStages.version, input.version)))
      .returning();
    if (!after) throw conflict("stage");
    await recordAudit(tx, actor, { entityType: "productStage", entityId: after.id, action: "rename", before, after });
    return after;
  });
}

export async function reorderStages(db: Database, actor: Actor, input: z.infer<typeof ZReorderStagesInput>) {
  return db.transaction(async (tx) => {
    // Lock the lifecycle: two admins reordering at once queue up.
    const stages = await tx
      .select()
      .from(productStages)
      .where(and(eq(productStages.orgId, actor.orgId), isNull(productStages.archivedAt)))
      .for("update");
    const current = new Set(stages.map((s) => s.id));
    if (input.stageIds.length !== current.size || unique(input.stageIds).length !== current.size || !input.stageIds.every((id) => current.has(id))) {
      throw fieldError("stageIds", "e.product.reorderMismatch");
    }
    // A pending gate was asked for in the current order: a new order that puts its target at or before
    // its current stage would make approving it a move backwards.
    const gates = await tx
      .select({ snapshot: approvalRequests.snapshot })
      .from(approvalRequests)
      .where(and(eq(approvalRequests.orgId, actor.orgId), eq(approvalRequests.subjectType, STAGE_GATE), eq(approvalRequests.status, "pending")));
    const at = (id: string | undefined) => (id ? input.stageIds.indexOf(id) : -1);
    for (const g of gates) {
      const snap = g.snapshot as { fromStage?: { id: string }; toStage?: { id: string } };
      if (at(snap.toStage?.id) <= at(snap.fromStage?.id)) throw new AppError("BAD_REQUEST", "e.product.reorderWhileGatePending");
    }
    for (const [position, id] of input.stageIds.entries()) {
      await tx.update(productStages).set({ position, updatedAt: new Date(), version: sql`${productStages.version} + 1` }).where(eq(productStages.id, id));
    }
    const before = [...stages].sort((a, b) => a.position - b.position).map((s) => s.id);
    await recordAudit(tx, actor, { entityType: "productStage", entityId: input.stageIds[0]!, action: "reorder", before: { stageIds: before }, after: { stageIds: input.stageIds } });
    return stagesOf(tx, actor.orgId);
  });
}

/**
 * Removes a stage from the lifecycle. Its products move to `moveProductsTo` (each gets a history
 * entry and that stage's checklist); without a target, a stage in use cannot be removed. The stage
 * is archived, not deleted, so history still names it.
 */
export async function removeStage(db: Database, actor: Actor, input: z.infer<typeof ZRemoveStageInput>) {
  return db.transaction(async (tx) => {
    const stage = await loadAnyStage(tx, actor, input.stageId);
    if (stage.version !== input.version) throw conflict("stage");
    const stages = await stagesOf(tx, actor.orgId);
    if (stages.length <= 2) throw new AppError("BAD_REQUEST", "e.product.tooFewStages");
    const inStage = await tx
      .select()
      .from(products)
      .where(and(eq(products.orgId, actor.orgId), eq(products.stageId, stage.id)))
      .for("update");
    const gates = await tx
      .select({ id: approvalRequests.id })
      .from(approvalRequests)
      .where(
        and(
          eq(approvalRequests.orgId, actor.orgId),
          eq(approvalRequests.subjectType, STAGE_GATE),
          eq(approvalRequests.status, "pending"),
          sql`(${approvalRequests.snapshot}->'toStage'->>'id' = ${stage.id} or ${approvalRequests.snapshot}->'fromStage'->>'id' = ${stage.id})`,
        ),
      )
      .limit(1);
    if (gates.length) throw new AppError("BAD_REQUEST", "e.product.stageHasPendingGate");
    let target: string | null = null;
    if (inStage.length) {
      if (!input.moveProductsTo) throw fieldError("moveProductsTo", `e.product.stageInUse|count=${inStage.length}`);
      if (input.moveProductsTo === stage.id) throw fieldError("moveProductsTo", "e.product.moveToSameStage");
      target = (await loadStage(tx, actor, input.moveProductsTo, "moveProductsTo")).id;
      for (const p of inStage) {
        await enterStage(tx, actor, p, target, "stage_removed", { reason: stage.name || stage.key || "" });
        await recordAudit(tx, actor, { entityType: "product", entityId: p.id, action: "stage_moved", before: { stageId: stage.id }, after: { stageId: target, reason: "stage_removed" } });
      }
    }
    await tx
      .update(productStages)
      .set({ archivedAt: new Date(), updatedAt: new Date(), version: stage.version + 1 })
      .where(eq(productStages.id, stage.id));
    await recordAudit(tx, actor, { entityType: "productStage", entityId: stage.id, action: "remove", before: stage, after: { movedProducts: inStage.map((p) => p.id), to: target } });
    return { id: stage.id, moved: inStage.length };
  });
}

export async function createCriterion(db: Database, actor: Actor, input: z.infer<typeof ZCreateCriterionInput>) {
  return db.transaction(async (tx) => {
    await stagesOf(tx, actor.orgId);
    const stage = await loadStage(tx, actor, input.stageId, "stageId", { lock: true });
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${productStageCriteria.position}) + 1, 0)::int` })
      .from(productStageCriteria)
      .where(eq(productStageCriteria.stageId, stage.id))) as [{ next: number }];
    const [row] = await tx
      .insert(productStageCriteria)
      .values({
        orgId: actor.orgId,
        stageId: stage.id,
        label: input.label,
        kind: input.kind,
        requiresEvidence: input.kind === "manual" && input.requiresEvidence,
        position: next,
      })
      .returning();
    await recordAudit(tx, actor, { entityType: "productStage", entityId: stage.id, action: "criterion_create", after: row });
    return row!;
  });
}

async function loadCriterion(tx: DbOrTx, actor: Actor, criterionId: string) {
  if (!UUID_RE.test(criterionId)) throw notFound("criterion");
  const [row] = await tx
    .select()
    .from(productStageCriteria)
    .where(and(eq(productStageCriteria.id, criterionId), eq(productStageCriteria.orgId, actor.orgId)))
    .limit(1)
    .for("update");
  if (!row) throw notFound("criterion");
  return row;
}

/** Template edits apply to checklists opened from now on; products already in the stage keep theirs. */
export async function updateCriterion(db: Database, actor: Actor, input: z.infer<typeof ZUpdateCriterionInput>) {
  return db.transaction(async (tx) => {
    const before = await loadCriterion(tx, actor, input.criterionId);
    if (before.version !== input.version) throw conflict("criterion");
    const [after] = await tx
      .update(productStageCriteria)
      .set({
        label: input.label,
        kind: input.kind,
        requiresEvidence: input.kind === "manual" && input.requiresEvidence,
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(and(eq(productStageCriteria.id, before.id), eq(productStageCriteria.version, input.version)))
      .returning();
    if (!after) throw conflict("criterion");
    await recordAudit(tx, actor, { entityType: "productStage", entityId: before.stageId, action: "criterion_update", before, after });
    return after;
  });
}

export async function deleteCriterion(db: Database, actor: Actor, criterionId: string) {
  return db.transaction(async (tx) => {
    const before = await loadCriterion(tx, actor, criterionId);
    await tx.delete(productStageCriteria).where(and(eq(productStageCriteria.id, before.id), eq(productStageCriteria.orgId, actor.orgId)));
    await recordAudit(tx, actor, { entityType: "productStage", entityId: before.stageId, action: "criterion_delete", before });
    return { id: before.id };
  });
}

// ───────────── Feedback and ideas ─────────────

async function assertFeedbackLinks(tx: DbOrTx, actor: Actor, input: { initiativeId: string | null; keyResultId: string | null }) {
  if (input.initiativeId) {
    const [row] = await tx
      .select({ id: initiatives.id })
      .from(initiatives)
      .where(and(eq(initiatives.id, input.initiativeId), eq(initiatives.orgId, actor.orgId)))
      .limit(1);
    if (!row) throw fieldError("initiativeId", "e.product.unknownInitiative");
  }
  if (input.keyResultId) {
    const [row] = await tx
      .select({ id: keyResults.id })
      .from(keyResults)
      .where(and(eq(keyResults.id, input.keyResultId), eq(keyResults.orgId, actor.orgId)))
      .limit(1);
    if (!row) throw fieldError("keyResultId", "e.product.unknownKeyResult");
  }
}

export async function addFeedback(db: Database, actor: Actor, input: z.infer<typeof ZAddFeedbackInput>) {
  return db.transaction(async (tx) => {
    const product = await loadProduct(tx, actor, input.productId, { field: "productId" });
    await assertFeedbackLinks(tx, actor, input);
    const { productId: _p, ...fields } = input;
    const [row] = await tx
      .insert(productFeedback)
      .values({ ...fields, orgId: actor.orgId, productId: product.id, authorId: actor.userId })
      .returning();
    await recordAudit(tx, actor, { entityType: "feedback", entityId: row!.id, action: "create", after: row });
    return row!;
  });
}

async function loadFeedback(tx: DbOrTx, actor: Actor, feedbackId: string) {
  if (!UUID_RE.test(feedbackId)) throw notFound("feedback");
  const [row] = await tx
    .select()
    .from(productFeedback)
    .where(and(eq(productFeedback.id, feedbackId), eq(productFeedback.orgId, actor.orgId)))
    .limit(1)
    .for("update");
  if (!row) throw notFound("feedback");
  return row;
}

/** Its author, or whoever may update the product (owner, its department's managers, admins). */
async function assertMayEditFeedback(tx: DbOrTx, actor: Actor, f: { authorId: string | null; productId: string }) {
  if (f.authorId === actor.userId) return;
  const product = await loadProduct(tx, actor, f.productId);
  if (!can(actor, "product.update", { departmentId: product.departmentId, ownerId: product.ownerId })) {
    throw new AppError("FORBIDDEN", `e.outOfScope|permission=product.update|role=${actor.role}`);
  }
}

export async function updateFeedback(db: Database, actor: Actor, input: z.infer<typeof ZUpdateFeedbackInput>) {
  return db.transaction(async (tx) => {
    const before = await loadFeedback(tx, actor, input.feedbackId);
    await assertMayEditFeedback(tx, actor, before);
    if (before.version !== input.version) throw conflict("feedback");
    await assertFeedbackLinks(tx, actor, input);
    const { feedbackId: _f, version: _v, ...fields } = input;
    const [after] = await tx
      .update(productFeedback)
      .set({ ...fields, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(productFeedback.id, before.id), eq(productFeedback.version, input.version)))
      .returning();
    if (!after) throw conflict("feedback");
    await recordAudit(tx, actor, { entityType: "feedback", entityId: after.id, action: "update", before, after });
    return after;
  });
}

export async function deleteFeedback(db: Database, actor: Actor, feedbackId: string) {
  return db.transaction(async (tx) => {
    const before = await loadFeedback(tx, actor, feedbackId);
    await assertMayEditFeedback(tx, actor, before);
    await tx.delete(productFeedback).where(and(eq(productFeedback.id, before.id), eq(productFeedback.orgId, actor.orgId)));
    await recordAudit(tx, actor, { entityType: "feedback", entityId: before.id, action: "delete", before });
    return { id: before.id };
  });
}

/** One vote per member; voting twice (or withdrawing a vote never cast) changes nothing. */
export async function voteFeedback(db: Database, actor: Actor, input: z.infer<typeof ZVoteInput>) {
  return db.transaction(async (tx) => {
    const f = await loadFeedback(tx, actor, input.feedbackId);
    let changed = 0;
    if (input.vote) {
      const rows = await tx
        .insert(productFeedbackVotes)
        .values({ orgId: actor.orgId, feedbackId: f.id, userId: actor.userId })
        .onConflictDoNothing()
        .returning();
      changed = rows.length;
    } else {
      const rows = await tx
        .delete(productFeedbackVotes)
        .where(and(eq(productFeedbackVotes.feedbackId, f.id), eq(productFeedbackVotes.userId, actor.userId)))
        .returning();
      changed = -rows.length;
    }
    const [after] = await tx
      .update(productFeedback)
      .set({ voteCount: sql`${productFeedback.voteCount} + ${changed}` })
      .where(eq(productFeedback.id, f.id))
      .returning();
    await recordAudit(tx, actor, { entityType: "feedback", entityId: f.id, action: input.vote ? "vote" : "unvote", after: { voteCount: after!.voteCount } });
    return { id: f.id, voteCount: after!.voteCount, voted: input.vote };
  });
}
