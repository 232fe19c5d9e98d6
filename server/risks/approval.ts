import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { riskAcceptances, riskActions, risks } from "@/db/schema";
import { approversFor } from "../approvals/approvers";
import { registerSubject, type StepSpec, type SubjectDescription } from "../approvals/registry";
import { recordAudit } from "../audit/record";
import { AppError, conflict, fieldError } from "../errors";
import type { Actor } from "../org/actor";
import { assertRiskScope, levelsOf, loadRisk, loadRiskSettings, RISK_ACCEPTANCE, type RiskRow } from "./refs";
import { appetiteFor, isAboveAppetite, type RiskLevel } from "./scoring";

/**
 * "risk_acceptance": living with a risk whose residual score is above appetite, for a while. The
 * department's managers approve, then an admin when the risk is critical. The request freezes the
 * risk as it was asked about; the decision stores it again as it stood when approved. On approval the
 * risk is "accepted" until the expiry date, when the scheduled job reopens it.
 */
export { RISK_ACCEPTANCE };

export interface AcceptanceParams {
  justification?: string;
  expiresOn?: string;
  version?: number;
}

export interface AcceptanceSnapshot {
  risk: {
    id: string;
    title: string;
    category: string;
    status: string;
    ownerId: string;
    departmentId: string | null;
    inherent: { likelihood: number | null; impact: number | null; score: number | null; level: RiskLevel | null };
    residual: { likelihood: number | null; impact: number | null; score: number | null; level: RiskLevel | null };
    strategy: string | null;
  };
  appetite: number;
  justification: string;
  expiresOn: string;
  critical: boolean;
  actions: { title: string; status: string; progress: number; dueOn: string | null }[];
}

const paramsOf = (p: unknown): AcceptanceParams => (p && typeof p === "object" ? (p as AcceptanceParams) : {});

async function snapshotOf(tx: DbOrTx, actor: Actor, r: RiskRow, params: { justification: string; expiresOn: string }): Promise<AcceptanceSnapshot> {
  const settings = await loadRiskSettings(tx, actor.orgId);
  const levels = levelsOf(settings.matrix, r);
  const actions = await tx
    .select({ title: riskActions.title, status: riskActions.status, progress: riskActions.progress, dueOn: riskActions.dueOn })
    .from(riskActions)
    .where(eq(riskActions.riskId, r.id))
    .orderBy(asc(riskActions.createdAt));
  return {
    risk: {
      id: r.id,
      title: r.title,
      category: r.category,
      status: r.status,
      ownerId: r.ownerId,
      departmentId: r.departmentId,
      inherent: { likelihood: r.inherentLikelihood, impact: r.inherentImpact, score: r.inherentScore, level: levels.inherent },
      residual: { likelihood: r.residualLikelihood, impact: r.residualImpact, score: r.residualScore, level: levels.residual },
      strategy: r.strategy,
    },
    appetite: appetiteFor(settings, r.category),
    justification: params.justification,
    expiresOn: params.expiresOn,
    critical: levels.decisive === "critical",
    actions,
  };
}

/** Checks what the request needs; returns the justification and expiry. */
export async function checkAcceptance(tx: DbOrTx, actor: Actor, r: RiskRow, params: AcceptanceParams, now = new Date()) {
  const justification = (params.justification ?? "").trim();
  const expiresOn = params.expiresOn ?? "";
  if (!justification) throw fieldError("justification", "v.justificationRequired");
  if (!expiresOn) throw fieldError("expiresOn", "v.expiryRequired");
  if (expiresOn <= now.toISOString().slice(0, 10)) throw fieldError("expiresOn", "e.risk.expiryInPast");
  if (r.status === "closed" || r.status === "accepted") throw new AppError("BAD_REQUEST", `e.risk.cannotAccept|status=${r.status}`);
  if (r.inherentScore === null) throw new AppError("BAD_REQUEST", "e.risk.notAssessed");
  const settings = await loadRiskSettings(tx, actor.orgId);
  if (!isAboveAppetite(settings, r)) throw new AppError("BAD_REQUEST", "e.risk.withinAppetite");
  return { justification, expiresOn };
}

async function acceptanceSteps(tx: DbOrTx, actor: Actor, subject: SubjectDescription): Promise<StepSpec[]> {
  const snap = subject.snapshot as AcceptanceSnapshot;
  const deptId = subject.departmentId;
  // Nobody approves their own acceptance: without another manager in the department, the admins do.
  const managers = deptId
    ? (await approversFor(tx, actor.orgId, { kind: "department_managers", departmentId: deptId })).filter((m) => m !== actor.userId)
    : [];
  const specs: StepSpec[] = [
    managers.length && deptId ? { rule: { kind: "department_managers", departmentId: deptId } } : { rule: { kind: "role", roles: ["admin", "owner"] } },
  ];
  if (snap.critical && managers.length) specs.push({ rule: { kind: "role", roles: ["admin", "owner"] } });
  return specs;
}

async function setAcceptance(tx: DbOrTx, requestId: string, status: "approved" | "rejected" | "withdrawn", extra: Partial<typeof riskAcceptances.$inferInsert> = {}) {
  await tx
    .update(riskAcceptances)
    .set({ status, decidedAt: new Date(), ...extra })
    .where(and(eq(riskAcceptances.approvalRequestId, requestId), eq(riskAcceptances.status, "pending")));
}

registerSubject(RISK_ACCEPTANCE, {
  async assertMayRequest(tx, actor, subjectId, params) {
    const r = await loadRisk(tx, actor, subjectId, { field: "subjectId", lock: true });
    assertRiskScope(actor, "risk.update", r);
    const version = paramsOf(params).version;
    if (version !== undefined && version !== r.version) throw conflict("risk");
    await checkAcceptance(tx, actor, r, paramsOf(params));
  },
  async describe(tx, actor, subjectId, params) {
    const r = await loadRisk(tx, actor, subjectId);
    const p = await checkAcceptance(tx, actor, r, paramsOf(params));
    return { title: r.title, departmentId: r.departmentId, link: `/${actor.orgSlug}/risks/${r.id}`, snapshot: await snapshotOf(tx, actor, r, p) };
  },
  steps: (tx, actor, subject) => acceptanceSteps(tx, actor, subject),
  async onRequested(tx, actor, request) {
    const snap = request.snapshot as AcceptanceSnapshot;
    await tx.insert(riskAcceptances).values({
      orgId: actor.orgId,
      riskId: request.subjectId,
      approvalRequestId: request.id,
      justification: snap.justification,
      expiresOn: snap.expiresOn,
      requestedBy: actor.userId,
    });
  },
  async onApproved(tx, actor, request) {
    const snap = request.snapshot as AcceptanceSnapshot;
    const before = await loadRisk(tx, actor, request.subjectId, { lock: true }).catch(() => null);
    if (!before || before.status === "closed") {
      await setAcceptance(tx, request.id, "withdrawn");
      return;
    }
    const [after] = await tx
      .update(risks)
      .set({ status: "accepted", strategy: "accept", acceptedUntil: snap.expiresOn, updatedAt: new Date(), version: before.version + 1 })
      .where(eq(risks.id, before.id))
      .returning();
    await setAcceptance(tx, request.id, "approved", { decisionSnapshot: await snapshotOf(tx, actor, before, snap) });
    await recordAudit(tx, actor, {
      entityType: "risk",
      entityId: before.id,
      action: "accepted",
      before: { status: before.status, strategy: before.strategy, acceptedUntil: before.acceptedUntil },
      after: { status: after!.status, strategy: after!.strategy, acceptedUntil: after!.acceptedUntil, approvalRequestId: request.id },
    });
  },
  async onRejected(tx, _actor, request) {
    await setAcceptance(tx, request.id, "rejected");
  },
  async onCancelled(tx, _actor, request) {
    await setAcceptance(tx, request.id, "withdrawn");
  },
});
