import { and, desc, eq, inArray, isNotNull, ne, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaigns, keyResults, kpis, kpiValues, objectives, periods, riskKriEvents, riskKris, risks } from "@/db/schema";
import { notify } from "../notifications/service";
import { confidenceBand, idealValueAt, kpiBand, krProgress } from "../okrs/progress";
import { campaignVerdict, kpiVerdict, krVerdict, type KriVerdict } from "./scoring";
import { enqueueWebhookEvent } from "../webhooks/outbox";

/**
 * Key risk indicators. Whatever changes a watched thing (a KR check-in, a KPI value, campaign spend,
 * and the scheduled job) calls evaluateKris in its own transaction. A breach raises a warning on the
 * risk, brings its next review forward to today and notifies its owner; a clearance is recorded too;
 * the warning lifts when no indicator of the risk is breached any more.
 */
export type KriScope = { kriIds?: string[]; keyResultIds?: string[]; kpiIds?: string[]; campaignIds?: string[] };

type KriRow = typeof riskKris.$inferSelect;

async function verdicts(tx: DbOrTx, rows: KriRow[], now: Date): Promise<Map<string, KriVerdict>> {
  const out = new Map<string, KriVerdict>();
  const krIds = [...new Set(rows.map((r) => r.keyResultId).filter((x): x is string => !!x))];
  const kpiIds = [...new Set(rows.map((r) => r.kpiId).filter((x): x is string => !!x))];
  const campaignIds = [...new Set(rows.map((r) => r.campaignId).filter((x): x is string => !!x))];
  const [krs, kpiRows, latest, camps] = await Promise.all([
    krIds.length
      ? tx
          .select({ kr: keyResults, startsOn: periods.startsOn, endsOn: periods.endsOn })
          .from(keyResults)
          .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
          .innerJoin(periods, eq(periods.id, objectives.periodId))
          .where(inArray(keyResults.id, krIds))
      : Promise.resolve([]),
    kpiIds.length ? tx.select().from(kpis).where(inArray(kpis.id, kpiIds)) : Promise.resolve([]),
    kpiIds.length
      ? tx
          .selectDistinctOn([kpiValues.kpiId], { kpiId: kpiValues.kpiId, value: kpiValues.value })
          .from(kpiValues)
          .where(inArray(kpiValues.kpiId, kpiIds))
          .orderBy(kpiValues.kpiId, desc(kpiValues.observedOn), desc(kpiValues.createdAt))
      : Promise.resolve([]),
    campaignIds.length
      ? tx
          .select({ id: campaigns.id, overBudgetAt: campaigns.overBudgetAt, approved: campaigns.approvedBudgetMinor })
          .from(campaigns)
          .where(inArray(campaigns.id, campaignIds))
      : Promise.resolve([]),
  ]);
  for (const r of rows) {
    if (r.kind === "key_result") {
      const k = krs.find((x) => x.kr.id === r.keyResultId);
      if (!k) continue;
      const progress = krProgress(k.kr) / 100;
      // The ideal line only means something for KRs that move towards a target.
      const ideal =
        k.kr.type === "milestone" || k.kr.direction === "band" ? progress : krProgress({ ...k.kr, currentValue: idealValueAt(k.kr, k.startsOn, k.endsOn, now) }) / 100;
      out.set(r.id, krVerdict({ confidence: confidenceBand(k.kr.confidence), progress, idealProgress: ideal }, r.marginPct));
    } else if (r.kind === "kpi") {
      const k = kpiRows.find((x) => x.id === r.kpiId);
      if (!k) continue;
      const v = latest.find((x) => x.kpiId === r.kpiId)?.value ?? null;
      out.set(r.id, kpiVerdict(v === null ? null : kpiBand(v, k), v));
    } else {
      const c = camps.find((x) => x.id === r.campaignId);
      if (!c) continue;
      out.set(r.id, campaignVerdict({ overBudget: !!c.overBudgetAt, burnPct: null }));
    }
  }
  return out;
}

/** Re-evaluates the indicators in scope and applies breaches and clearances. Returns what changed. */
export async function evaluateKris(tx: DbOrTx, orgId: string | null, scope: KriScope | "all", now = new Date()) {
  const where: SQL[] = [];
  if (orgId) where.push(eq(riskKris.orgId, orgId));
  if (scope !== "all") {
    const parts: SQL[] = [];
    if (scope.kriIds?.length) parts.push(inArray(riskKris.id, scope.kriIds));
    if (scope.keyResultIds?.length) parts.push(inArray(riskKris.keyResultId, scope.keyResultIds));
    if (scope.kpiIds?.length) parts.push(inArray(riskKris.kpiId, scope.kpiIds));
    if (scope.campaignIds?.length) parts.push(inArray(riskKris.campaignId, scope.campaignIds));
    if (!parts.length) return { breached: [], cleared: [] };
    where.push(parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`);
  }
  // Closed risks watch nothing.
  const rows = await tx
    .select({ kri: riskKris })
    .from(riskKris)
    .innerJoin(risks, eq(risks.id, riskKris.riskId))
    .where(and(...where, ne(risks.status, "closed")))
    .for("update", { of: riskKris });
  if (!rows.length) return { breached: [], cleared: [] };
  const kris = rows.map((r) => r.kri);
  const v = await verdicts(tx, kris, now);
  const breached: KriRow[] = [];
  const cleared: KriRow[] = [];
  for (const k of kris) {
    const verdict = v.get(k.id);
    if (!verdict) continue;
    const state = verdict.breached ? "breached" : "ok";
    if (state === k.state) {
      if (verdict.reason !== k.reason) await tx.update(riskKris).set({ reason: verdict.reason }).where(eq(riskKris.id, k.id));
      continue;
    }
    await tx.update(riskKris).set({ state, reason: verdict.reason, changedAt: now, version: k.version + 1 }).where(eq(riskKris.id, k.id));
    await tx.insert(riskKriEvents).values({ orgId: k.orgId, kriId: k.id, riskId: k.riskId, state, reason: verdict.reason, createdAt: now });
    (state === "breached" ? breached : cleared).push({ ...k, reason: verdict.reason });
  }
  const today = now.toISOString().slice(0, 10);
  for (const riskId of [...new Set(breached.map((k) => k.riskId))]) {
    const [r] = await tx
      .update(risks)
      .set({ warningAt: now, nextReviewOn: today, updatedAt: now, version: sql`${risks.version} + 1` })
      .where(eq(risks.id, riskId))
      .returning({ id: risks.id, orgId: risks.orgId, title: risks.title, ownerId: risks.ownerId });
    if (r) {
      const slug = await orgSlugOf(tx, r.orgId);
      await notify(tx, r.orgId, [r.ownerId], { kind: "riskWarning", params: { title: r.title }, link: `/${slug}/risks/${r.id}` });
      const reasons = breached.filter((k) => k.riskId === r.id).map((k) => k.reason);
      await enqueueWebhookEvent(tx, r.orgId, { entityType: "risk", entityId: r.id, action: "warning", after: { title: r.title, reasons } });
    }
  }
  for (const riskId of [...new Set(cleared.map((k) => k.riskId))]) {
    const [still] = await tx
      .select({ id: riskKris.id })
      .from(riskKris)
      .where(and(eq(riskKris.riskId, riskId), eq(riskKris.state, "breached")))
      .limit(1);
    if (!still) await tx.update(risks).set({ warningAt: null, updatedAt: now, version: sql`${risks.version} + 1` }).where(and(eq(risks.id, riskId), isNotNull(risks.warningAt)));
  }
  return { breached, cleared };
}

async function orgSlugOf(tx: DbOrTx, orgId: string) {
  const res = await tx.execute<{ slug: string }>(sql`select slug from organizations where id = ${orgId}`);
  const rows = (res as unknown as { rows?: { slug: string }[] }).rows ?? (res as unknown as { slug: string }[]);
  return rows[0]?.slug ?? "";
}
