import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaigns, keyResults, objectives, productChecklistItems, productObjectives, productStageVisits, riskLinks, risks } from "@/db/schema";
import { loadRiskSettings } from "../risks/refs";
import { isAboveAppetite } from "../risks/scoring";
import type { CriterionKind } from "./refs";

/**
 * Automatic stage-gate criteria, evaluated over other domains whenever a checklist is shown and
 * when a gate is requested (the request freezes the result). Each result carries a reason, a
 * catalog key with parameters, that says why it passed or failed.
 */
export interface CheckResult {
  passed: boolean;
  reason: string;
}

export type AutoKind = Exclude<CriterionKind, "manual">;
const APPROVED_CAMPAIGN = ["approved", "live", "completed"] as const;

const clip = (names: string[]) => {
  const shown = names.slice(0, 3).join("; ");
  return names.length > 3 ? `${shown}; +${names.length - 3}` : shown;
};
/** Parameters go into "key|name=value" messages: keep the separators out of user text. */
const param = (s: string) => s.replace(/[|=\n]/g, " ");

/** Every automatic check for every given product, in a handful of queries. */
export async function evaluateAutoChecks(tx: DbOrTx, orgId: string, productIds: string[]): Promise<Map<string, Record<AutoKind, CheckResult>>> {
  const out = new Map<string, Record<AutoKind, CheckResult>>();
  if (!productIds.length) return out;
  const [approved, links, krs, linkedRisks, riskSettings] = await Promise.all([
    tx
      .select({ productId: campaigns.productId, name: campaigns.name })
      .from(campaigns)
      .where(and(eq(campaigns.orgId, orgId), inArray(campaigns.productId, productIds), inArray(campaigns.status, [...APPROVED_CAMPAIGN])))
      .orderBy(asc(campaigns.startsOn)),
    tx
      .select({ productId: productObjectives.productId, objectiveId: productObjectives.objectiveId })
      .from(productObjectives)
      .where(and(eq(productObjectives.orgId, orgId), inArray(productObjectives.productId, productIds))),
    tx
      .select({ productId: productObjectives.productId, title: keyResults.title, lastCheckInAt: keyResults.lastCheckInAt })
      .from(productObjectives)
      .innerJoin(objectives, eq(objectives.id, productObjectives.objectiveId))
      .innerJoin(keyResults, eq(keyResults.objectiveId, objectives.id))
      .where(and(eq(productObjectives.orgId, orgId), inArray(productObjectives.productId, productIds), eq(keyResults.skipped, false)))
      .orderBy(asc(keyResults.title)),
    tx
      .select({ productId: riskLinks.productId, title: risks.title, category: risks.category, status: risks.status, residualScore: risks.residualScore, inherentScore: risks.inherentScore })
      .from(riskLinks)
      .innerJoin(risks, eq(risks.id, riskLinks.riskId))
      .where(and(eq(riskLinks.orgId, orgId), inArray(riskLinks.productId, productIds)))
      .orderBy(asc(risks.title)),
    loadRiskSettings(tx, orgId),
  ]);
  for (const id of productIds) {
    const mine = approved.filter((c) => c.productId === id);
    const launch: CheckResult = mine.length
      ? { passed: true, reason: `products.check.launchCampaign.passed|name=${param(mine[0]!.name)}` }
      : { passed: false, reason: "products.check.launchCampaign.failed" };
    const objectiveCount = links.filter((l) => l.productId === id).length;
    const productKrs = krs.filter((k) => k.productId === id);
    const missing = productKrs.filter((k) => !k.lastCheckInAt).map((k) => param(k.title));
    let baselines: CheckResult;
    if (!objectiveCount) baselines = { passed: false, reason: "products.check.baselines.noObjective" };
    else if (!productKrs.length) baselines = { passed: false, reason: "products.check.baselines.noKeyResults" };
    else if (missing.length) baselines = { passed: false, reason: `products.check.baselines.missing|count=${missing.length}|names=${clip(missing)}` };
    else baselines = { passed: true, reason: `products.check.baselines.passed|count=${productKrs.length}` };
    // Open risks above appetite must be treated down or accepted (an approved acceptance) before the gate.
    const mineRisks = linkedRisks.filter((r) => r.productId === id && r.status !== "closed");
    const open = mineRisks.filter((r) => r.status !== "accepted" && isAboveAppetite(riskSettings, r)).map((r) => param(r.title));
    const risksCheck: CheckResult = open.length
      ? { passed: false, reason: `products.check.risks.above|count=${open.length}|names=${clip(open)}` }
      : { passed: true, reason: mineRisks.length ? `products.check.risks.passed|count=${mineRisks.length}` : "products.check.risks.none" };
    out.set(id, { launch_campaign_approved: launch, objective_baselines: baselines, risks_within_appetite: risksCheck });
  }
  return out;
}

export interface ChecklistItemState {
  id: string;
  key: string | null;
  label: string;
  kind: CriterionKind;
  requiresEvidence: boolean;
  checkedAt: Date | null;
  checkedBy: string | null;
  evidenceUrl: string;
  evidenceNote: string;
  version: number;
  passed: boolean;
  reason: string | null;
}

/** The checklists of the products' current stages, with automatic items evaluated. */
export async function currentChecklists(tx: DbOrTx, orgId: string, productIds: string[]): Promise<Map<string, ChecklistItemState[]>> {
  const out = new Map<string, ChecklistItemState[]>(productIds.map((id) => [id, []]));
  if (!productIds.length) return out;
  const [items, auto] = await Promise.all([
    tx
      .select({ productId: productChecklistItems.productId, item: productChecklistItems })
      .from(productChecklistItems)
      .innerJoin(productStageVisits, eq(productStageVisits.id, productChecklistItems.visitId))
      .where(and(eq(productChecklistItems.orgId, orgId), inArray(productChecklistItems.productId, productIds), isNull(productStageVisits.leftAt)))
      .orderBy(asc(productChecklistItems.position)),
    evaluateAutoChecks(tx, orgId, productIds),
  ]);
  for (const { productId, item } of items) {
    const result = item.kind === "manual" ? null : auto.get(productId)![item.kind];
    out.get(productId)!.push({
      id: item.id,
      key: item.key,
      label: item.label,
      kind: item.kind,
      requiresEvidence: item.requiresEvidence,
      checkedAt: item.checkedAt,
      checkedBy: item.checkedBy,
      evidenceUrl: item.evidenceUrl,
      evidenceNote: item.evidenceNote,
      version: item.version,
      passed: result ? result.passed : item.checkedAt !== null,
      reason: result?.reason ?? null,
    });
  }
  return out;
}

export function completeness(items: ChecklistItemState[]) {
  const done = items.filter((i) => i.passed).length;
  return { done, total: items.length, complete: done === items.length };
}
