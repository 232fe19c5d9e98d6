import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { approvalRequests, risks, riskSettings } from "@/db/schema";
import { fieldError, notFound } from "../errors";
import type { Actor } from "../org/actor";
import { assertScope } from "../rbac/assert";
import type { Permission } from "../rbac/permissions";
import { decisiveScore, defaultRiskSettings, levelOf, type RiskLevel, type RiskSettingsShape } from "./scoring";

export type RiskRow = typeof risks.$inferSelect;
export type RiskSettingsRow = RiskSettingsShape & { version: number };

export const RISK_ACCEPTANCE = "risk_acceptance";
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);

/** The organisation's risk settings; the defaults (version 0) until an admin first saves them. */
export async function loadRiskSettings(tx: DbOrTx, orgId: string, opts: { lock?: boolean } = {}): Promise<RiskSettingsRow> {
  const q = tx.select().from(riskSettings).where(eq(riskSettings.orgId, orgId)).limit(1);
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) return { ...defaultRiskSettings(), version: 0 };
  return {
    categories: row.categories,
    appetite: row.appetite,
    categoryAppetite: row.categoryAppetite,
    likelihoodScale: row.likelihoodScale,
    impactScale: row.impactScale,
    matrix: row.matrix,
    reviewDays: row.reviewDays,
    version: row.version,
  };
}

/** A risk of the actor's organisation (another tenant's id is simply not found). */
export async function loadRisk(tx: DbOrTx, actor: Actor, riskId: string, opts: { lock?: boolean; field?: string } = {}) {
  if (!isUuid(riskId)) throw opts.field ? fieldError(opts.field, "v.invalidId") : notFound("risk");
  const q = tx
    .select()
    .from(risks)
    .where(and(eq(risks.id, riskId), eq(risks.orgId, actor.orgId)))
    .limit(1);
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw notFound("risk");
  return row;
}

export function assertRiskScope(actor: Actor, permission: Permission, r: { departmentId: string | null; ownerId: string }) {
  assertScope(actor, permission, { departmentId: r.departmentId, ownerId: r.ownerId });
}

/** Levels of a risk from its stored scores. */
export function levelsOf(matrix: RiskLevel[][], r: Pick<RiskRow, "inherentLikelihood" | "inherentImpact" | "residualLikelihood" | "residualImpact" | "residualScore" | "inherentScore">) {
  const inherent = r.inherentLikelihood && r.inherentImpact ? levelOf(matrix, r.inherentLikelihood, r.inherentImpact) : null;
  const residual = r.residualLikelihood && r.residualImpact ? levelOf(matrix, r.residualLikelihood, r.residualImpact) : null;
  return { inherent, residual, decisive: residual ?? inherent, score: decisiveScore(r) };
}

/** The risk's pending acceptance requests; `lock` takes them first, in the engine's lock order. */
export async function pendingAcceptances(tx: DbOrTx, orgId: string, riskId: string, opts: { lock?: boolean } = {}) {
  if (!isUuid(riskId)) return [];
  const q = tx
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.orgId, orgId),
        eq(approvalRequests.subjectType, RISK_ACCEPTANCE),
        eq(approvalRequests.subjectId, riskId),
        inArray(approvalRequests.status, ["pending"]),
      ),
    );
  return opts.lock ? q.for("update") : q;
}
