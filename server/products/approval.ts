import type { DbOrTx } from "@/db/client";
import { approversFor } from "../approvals/approvers";
import { registerSubject, type StepSpec, type SubjectDescription } from "../approvals/registry";
import { recordAudit } from "../audit/record";
import { AppError, conflict, fieldError } from "../errors";
import type { Actor } from "../org/actor";
import { can } from "../rbac/permissions";
import { completeness, currentChecklists } from "./checks";
import { assertProductScope, enterStage, loadProduct, STAGE_GATE, stagesOf, type StageRow } from "./refs";

/**
 * "stage_gate": moving a product to a later stage. The subject id is the product; the request
 * freezes where it is, where it goes, its checklist and any override. The department's managers
 * approve (admins when there is no other manager); on approval the product enters the new stage
 * with a fresh checklist, in the decision's transaction.
 */
export { STAGE_GATE };

export interface GateParams {
  toStageId?: string;
  overrideReason?: string;
  version?: number;
}

interface StageRef {
  id: string;
  key: string | null;
  name: string;
}

export interface GateSnapshot {
  product: { id: string; name: string; ownerId: string; departmentId: string | null };
  fromStage: StageRef;
  toStage: StageRef;
  /** Stages jumped over (only with an override). */
  skipped: StageRef[];
  override: { reason: string } | null;
  checklist: { key: string | null; label: string; kind: string; passed: boolean; reason: string | null; evidenceUrl: string; evidenceNote: string }[];
}

const ref = (s: StageRow): StageRef => ({ id: s.id, key: s.key, name: s.name });
const paramsOf = (p: unknown): GateParams => (p && typeof p === "object" ? (p as GateParams) : {});

/** Where a gate request for this product would go, and whether it needs (and has) an override. */
export async function planGate(tx: DbOrTx, actor: Actor, productId: string, params: GateParams) {
  const product = await loadProduct(tx, actor, productId, { field: "subjectId" });
  const stages = await stagesOf(tx, actor.orgId);
  const at = stages.findIndex((s) => s.id === product.stageId);
  if (at === stages.length - 1) throw new AppError("BAD_REQUEST", "e.product.lastStage");
  const to = params.toStageId ? stages.findIndex((s) => s.id === params.toStageId) : at + 1;
  if (to < 0) throw fieldError("toStageId", "e.product.unknownStage");
  if (to <= at) throw fieldError("toStageId", "e.product.notForward");
  const overrideReason = (params.overrideReason ?? "").trim();
  if (to > at + 1 && !overrideReason) throw fieldError("toStageId", "e.product.skipNeedsOverride");
  const checklist = (await currentChecklists(tx, actor.orgId, [product.id])).get(product.id)!;
  const state = completeness(checklist);
  if (!state.complete && !overrideReason) {
    // The open items travel with the error, so the form can name them (and show why automatic ones failed).
    const openItems = checklist.filter((i) => !i.passed).map((i) => ({ id: i.id, key: i.key, label: i.label, kind: i.kind, reason: i.reason }));
    throw new AppError("BAD_REQUEST", `e.product.checklistIncomplete|count=${openItems.length}`, {
      fieldErrors: { checklist: [`e.product.checklistIncomplete|count=${openItems.length}`] },
      openItems,
    });
  }
  if (overrideReason && !can(actor.role, "product.override")) throw fieldError("overrideReason", "e.product.overrideAdminOnly");
  return { product, from: stages[at]!, to: stages[to]!, skipped: stages.slice(at + 1, to), checklist, overrideReason };
}

async function gateSteps(tx: DbOrTx, actor: Actor, subject: SubjectDescription): Promise<StepSpec[]> {
  const deptId = subject.departmentId;
  // Nobody approves their own gate: without another manager in the department, the admins do.
  const managers = deptId
    ? (await approversFor(tx, actor.orgId, { kind: "department_managers", departmentId: deptId })).filter((m) => m !== actor.userId)
    : [];
  return [managers.length && deptId ? { rule: { kind: "department_managers", departmentId: deptId } } : { rule: { kind: "role", roles: ["admin", "owner"] } }];
}

registerSubject(STAGE_GATE, {
  async assertMayRequest(tx, actor, subjectId, params) {
    // Locked until the request is stored, so the checklist cannot change underneath the snapshot.
    const p = await loadProduct(tx, actor, subjectId, { field: "subjectId", lock: true });
    assertProductScope(actor, "product.update", p);
    const version = paramsOf(params).version;
    if (version !== undefined && version !== p.version) throw conflict("product");
  },
  async describe(tx, actor, subjectId, params) {
    const plan = await planGate(tx, actor, subjectId, paramsOf(params));
    const snapshot: GateSnapshot = {
      product: { id: plan.product.id, name: plan.product.name, ownerId: plan.product.ownerId, departmentId: plan.product.departmentId },
      fromStage: ref(plan.from),
      toStage: ref(plan.to),
      skipped: plan.skipped.map(ref),
      override: plan.overrideReason ? { reason: plan.overrideReason } : null,
      checklist: plan.checklist.map((i) => ({
        key: i.key,
        label: i.label,
        kind: i.kind,
        passed: i.passed,
        reason: i.reason,
        evidenceUrl: i.evidenceUrl,
        evidenceNote: i.evidenceNote,
      })),
    };
    return { title: plan.product.name, departmentId: plan.product.departmentId, link: `/${actor.orgSlug}/products/${plan.product.id}`, snapshot };
  },
  steps: (tx, actor, subject) => gateSteps(tx, actor, subject),
  async onRequested(tx, actor, request) {
    const snap = request.snapshot as GateSnapshot;
    if (snap.override) {
      await recordAudit(tx, actor, {
        entityType: "product",
        entityId: snap.product.id,
        action: "gate_override",
        after: { reason: snap.override.reason, toStageId: snap.toStage.id, skipped: snap.skipped.map((s) => s.id), approvalRequestId: request.id },
      });
    }
  },
  async onApproved(tx, actor, request) {
    const snap = request.snapshot as GateSnapshot;
    const product = await loadProduct(tx, actor, request.subjectId, { lock: true }).catch(() => null);
    // Moved or deleted since the request (neither is possible while it is pending): nothing to apply.
    if (!product || product.stageId !== snap.fromStage.id) return;
    const { product: after } = await enterStage(tx, actor, product, snap.toStage.id, snap.override ? "override" : "advanced", {
      reason: snap.override?.reason ?? "",
      approvalRequestId: request.id,
    });
    await recordAudit(tx, actor, {
      entityType: "product",
      entityId: product.id,
      action: "stage_advanced",
      before: { stageId: product.stageId },
      after: { stageId: after.stageId, approvalRequestId: request.id, override: snap.override?.reason ?? null },
    });
  },
  async onRejected() {
    // The product stays where it is; its checklist is untouched.
  },
});
