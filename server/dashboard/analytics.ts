import { and, asc, desc, eq, gte, inArray, isNotNull, lte, ne, sql } from "drizzle-orm";
import { krProgressSql, objectiveProgressSql } from "../okrs/progress-sql";
import type { DbOrTx } from "@/db/client";
import {
  approvalRequests,
  campaignBudgetLines,
  campaignResults,
  campaigns,
  campaignSpend,
  currencyRates,
  departmentMembers,
  departments,
  keyResults,
  objectives,
  periods,
  products,
  productStageVisits,
  retroActions,
  retros,
  riskKris,
  risks,
  users,
} from "@/db/schema";
import { visibleRequests } from "../approvals/queries";
import { ratio } from "../campaigns/metrics";
import { toBaseMinor } from "../campaigns/money";
import { fromSumText, loadCampaignSettings, sumText } from "../campaigns/refs";
import { notFound } from "../errors";
import { defaultPeriod } from "../okrs/queries";
import type { Actor } from "../org/actor";
import { stagesOf } from "../products/refs";
import { loadRiskSettings } from "../risks/refs";

/**
 * The org and department dashboards. Every number is an aggregate computed by PostgreSQL (GROUP BY,
 * FILTER, percentile_cont); only the few grouped rows come back. Everything here is readable by every
 * member (objectives, campaigns, products, risks and retros are org-wide reads), except approval
 * requests, which are counted over exactly the set the approvals list shows the actor.
 */

const DAY = 86_400_000;
/** KR confidence below this is "at risk" (4–6) or "off track" (0–3); see server/okrs/progress.ts. */
const ON_TRACK = 7;

type PeriodRow = typeof periods.$inferSelect;

/** The requested period of the org (NOT_FOUND for anyone else's), else the default one; null when the org has none. */
async function resolvePeriod(db: DbOrTx, actor: Actor, periodId: string | undefined): Promise<PeriodRow | null> {
  if (periodId) {
    const [row] = await db
      .select()
      .from(periods)
      .where(and(eq(periods.orgId, actor.orgId), eq(periods.id, periodId)))
      .limit(1);
    if (!row) throw notFound("period");
    return row;
  }
  const list = await db.select().from(periods).where(eq(periods.orgId, actor.orgId)).orderBy(desc(periods.startsOn), asc(periods.kind));
  return defaultPeriod(list) ?? null;
}

async function resolveDepartment(db: DbOrTx, actor: Actor, departmentId: string | undefined) {
  if (!departmentId) return null;
  const [row] = await db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.orgId, actor.orgId), eq(departments.id, departmentId)))
    .limit(1);
  if (!row) throw notFound("department");
  return row;
}

async function okrSection(db: DbOrTx, actor: Actor, period: PeriodRow | null, departmentId: string | undefined) {
  if (!period) return { byDepartment: [], atRisk: { count: 0, items: [] } };
  const objectiveScope = and(
    eq(objectives.orgId, actor.orgId),
    eq(objectives.periodId, period.id),
    ne(objectives.status, "cancelled"),
    departmentId ? eq(objectives.departmentId, departmentId) : undefined,
  );
  // Objective progress: weighted mean of its KRs' progress (plain mean when no KR has weight; 0 without KRs).
  const perObjective = db
    .select({
      objectiveId: objectives.id,
      departmentId: objectives.departmentId,
      progress: objectiveProgressSql.as("progress"),
    })
    .from(objectives)
    .leftJoin(keyResults, eq(keyResults.objectiveId, objectives.id))
    .where(objectiveScope)
    .groupBy(objectives.id)
    .as("per_objective");
  const [progressRows, confidenceRows, atRiskItems, names] = await Promise.all([
    db
      .select({
        departmentId: perObjective.departmentId,
        objectives: sql<number>`count(*)::int`,
        progress: sql<number>`avg(${perObjective.progress})::float8`,
      })
      .from(perObjective)
      .groupBy(perObjective.departmentId),
    db
      .select({
        departmentId: objectives.departmentId,
        keyResults: sql<number>`count(*)::int`,
        confidence: sql<number | null>`avg(${keyResults.confidence})::float8`,
        onTrack: sql<number>`count(*) filter (where ${keyResults.confidence} >= ${ON_TRACK})::int`,
        atRisk: sql<number>`count(*) filter (where ${keyResults.confidence} >= 4 and ${keyResults.confidence} < ${ON_TRACK})::int`,
        offTrack: sql<number>`count(*) filter (where ${keyResults.confidence} < 4)::int`,
        noCheckIn: sql<number>`count(*) filter (where ${keyResults.confidence} is null)::int`,
      })
      .from(keyResults)
      .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
      .where(objectiveScope)
      .groupBy(objectives.departmentId),
    db
      .select({
        id: keyResults.id,
        title: keyResults.title,
        confidence: keyResults.confidence,
        progress: krProgressSql,
        objectiveId: objectives.id,
        objectiveTitle: objectives.title,
        ownerName: users.name,
      })
      .from(keyResults)
      .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
      .innerJoin(users, eq(users.id, keyResults.ownerId))
      .where(and(objectiveScope, sql`${keyResults.confidence} < ${ON_TRACK}`))
      .orderBy(asc(keyResults.confidence), asc(keyResults.title))
      .limit(8),
    db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.orgId, actor.orgId)),
  ]);
  const nameOf = new Map(names.map((d) => [d.id, d.name]));
  const keys = new Set([...progressRows.map((r) => r.departmentId ?? ""), ...confidenceRows.map((r) => r.departmentId ?? "")]);
  const byDepartment = [...keys]
    .map((key) => {
      const p = progressRows.find((r) => (r.departmentId ?? "") === key);
      const c = confidenceRows.find((r) => (r.departmentId ?? "") === key);
      return {
        departmentId: key || null,
        departmentName: key ? (nameOf.get(key) ?? "") : null,
        objectives: p?.objectives ?? 0,
        progress: p?.progress ?? 0,
        keyResults: c?.keyResults ?? 0,
        confidence: c?.confidence ?? null,
        onTrack: c?.onTrack ?? 0,
        atRisk: c?.atRisk ?? 0,
        offTrack: c?.offTrack ?? 0,
        noCheckIn: c?.noCheckIn ?? 0,
      };
    })
    .sort((a, b) => (a.departmentName ?? "\uffff").localeCompare(b.departmentName ?? "\uffff"));
  const atRiskCount = byDepartment.reduce((s, d) => s + d.atRisk + d.offTrack, 0);
  return { byDepartment, atRisk: { count: atRiskCount, items: atRiskItems } };
}

async function campaignSection(db: DbOrTx, actor: Actor, period: PeriodRow | null, departmentId: string | undefined) {
  // Campaigns running at some time in the period (the campaign list's from/to overlap filter).
  const inScope = and(
    eq(campaigns.orgId, actor.orgId),
    period ? gte(campaigns.endsOn, period.startsOn) : undefined,
    period ? lte(campaigns.startsOn, period.endsOn) : undefined,
    departmentId ? eq(campaigns.departmentId, departmentId) : undefined,
  );
  // Spend per campaign and channel, the campaign's total spend and its revenue: revenue is recorded
  // per campaign, so each channel is credited with the campaign's revenue in proportion to its spend.
  const perChannel = db
    .select({ campaignId: campaignSpend.campaignId, channel: campaignSpend.channel, amount: sql<string>`sum(${campaignSpend.amountMinor})`.as("amount") })
    .from(campaignSpend)
    .innerJoin(campaigns, eq(campaigns.id, campaignSpend.campaignId))
    .where(inScope)
    .groupBy(campaignSpend.campaignId, campaignSpend.channel)
    .as("per_channel");
  const perCampaign = db
    .select({ campaignId: campaignSpend.campaignId, total: sql<string>`sum(${campaignSpend.amountMinor})`.as("total") })
    .from(campaignSpend)
    .where(eq(campaignSpend.orgId, actor.orgId))
    .groupBy(campaignSpend.campaignId)
    .as("per_campaign");
  const revenue = db
    .select({ campaignId: campaignResults.campaignId, revenue: sql<string>`sum(${campaignResults.value})`.as("revenue") })
    .from(campaignResults)
    .where(and(eq(campaignResults.orgId, actor.orgId), eq(campaignResults.metric, "revenue")))
    .groupBy(campaignResults.campaignId)
    .as("revenue");
  const [settings, rates, budgetRows, spendRows, revenueRows, counts] = await Promise.all([
    loadCampaignSettings(db, actor.orgId),
    db.select({ currency: currencyRates.currency, rate: currencyRates.rate }).from(currencyRates).where(eq(currencyRates.orgId, actor.orgId)),
    db
      .select({ channel: campaignBudgetLines.channel, currency: campaigns.currency, s: sumText(campaignBudgetLines.amountMinor) })
      .from(campaignBudgetLines)
      .innerJoin(campaigns, eq(campaigns.id, campaignBudgetLines.campaignId))
      .where(inScope)
      .groupBy(campaignBudgetLines.channel, campaigns.currency),
    db
      .select({ channel: campaignSpend.channel, currency: campaigns.currency, s: sumText(campaignSpend.amountMinor) })
      .from(campaignSpend)
      .innerJoin(campaigns, eq(campaigns.id, campaignSpend.campaignId))
      .where(inScope)
      .groupBy(campaignSpend.channel, campaigns.currency),
    db
      .select({
        channel: perChannel.channel,
        currency: campaigns.currency,
        s: sql<string>`coalesce(round(sum(${revenue.revenue}::numeric * ${perChannel.amount}::numeric / nullif(${perCampaign.total}, 0)::numeric)), 0)::text`,
      })
      .from(perChannel)
      .innerJoin(perCampaign, eq(perCampaign.campaignId, perChannel.campaignId))
      .innerJoin(revenue, eq(revenue.campaignId, perChannel.campaignId))
      .innerJoin(campaigns, eq(campaigns.id, perChannel.campaignId))
      .groupBy(perChannel.channel, campaigns.currency),
    db
      .select({ n: sql<number>`count(*)::int`, overBudget: sql<number>`count(*) filter (where ${campaigns.overBudgetAt} is not null)::int` })
      .from(campaigns)
      .where(inScope),
  ]);
  const base = settings.baseCurrency;
  const rateOf = new Map(rates.map((r) => [r.currency, r.rate]));
  const missing = new Set<string>();
  const channels = new Map<string, { channel: string; budgetMinor: number; spendMinor: number; revenueMinor: number }>();
  const add = (rows: { channel: string; currency: string; s: string }[], key: "budgetMinor" | "spendMinor" | "revenueMinor") => {
    for (const r of rows) {
      const v = toBaseMinor(fromSumText(r.s), r.currency, base, rateOf.get(r.currency) ?? null);
      if (v === null) {
        missing.add(r.currency);
        continue;
      }
      const e = channels.get(r.channel) ?? { channel: r.channel, budgetMinor: 0, spendMinor: 0, revenueMinor: 0 };
      e[key] += v;
      channels.set(r.channel, e);
    }
  };
  add(budgetRows, "budgetMinor");
  add(spendRows, "spendMinor");
  add(revenueRows, "revenueMinor");
  const byChannel = [...channels.values()]
    .map((c) => ({ ...c, roi: ratio(c.revenueMinor - c.spendMinor, c.spendMinor) }))
    .sort((a, b) => b.spendMinor - a.spendMinor || a.channel.localeCompare(b.channel));
  const total = byChannel.reduce((t, c) => ({ budgetMinor: t.budgetMinor + c.budgetMinor, spendMinor: t.spendMinor + c.spendMinor, revenueMinor: t.revenueMinor + c.revenueMinor }), {
    budgetMinor: 0,
    spendMinor: 0,
    revenueMinor: 0,
  });
  return {
    baseCurrency: base,
    campaigns: counts[0]?.n ?? 0,
    overBudget: counts[0]?.overBudget ?? 0,
    byChannel,
    total: { ...total, roi: ratio(total.revenueMinor - total.spendMinor, total.spendMinor) },
    /** Currencies without an exchange rate to the base currency: their amounts are left out. */
    unconverted: [...missing].sort(),
  };
}

async function productSection(db: DbOrTx, actor: Actor, departmentId: string | undefined, now: Date) {
  const inDept = departmentId ? eq(products.departmentId, departmentId) : undefined;
  const [stages, counts, medians] = await Promise.all([
    stagesOf(db, actor.orgId),
    db
      .select({ stageId: products.stageId, n: sql<number>`count(*)::int` })
      .from(products)
      .where(and(eq(products.orgId, actor.orgId), inDept))
      .groupBy(products.stageId),
    db
      .select({
        stageId: productStageVisits.stageId,
        median: sql<string | null>`percentile_cont(0.5) within group (order by extract(epoch from (coalesce(${productStageVisits.leftAt}, ${now}) - ${productStageVisits.enteredAt})) / 86400)::text`,
        visits: sql<number>`count(*)::int`,
      })
      .from(productStageVisits)
      .innerJoin(products, eq(products.id, productStageVisits.productId))
      .where(and(eq(productStageVisits.orgId, actor.orgId), inDept))
      .groupBy(productStageVisits.stageId),
  ]);
  return stages.map((s) => {
    const m = medians.find((x) => x.stageId === s.id);
    return {
      stageId: s.id,
      key: s.key,
      name: s.name,
      products: counts.find((c) => c.stageId === s.id)?.n ?? 0,
      medianDays: m?.median == null ? null : Math.round(Number(m.median) * 10) / 10,
      visits: m?.visits ?? 0,
    };
  });
}

async function riskSection(db: DbOrTx, actor: Actor, departmentId: string | undefined) {
  const settings = await loadRiskSettings(db, actor.orgId);
  const open = and(eq(risks.orgId, actor.orgId), ne(risks.status, "closed"), departmentId ? eq(risks.departmentId, departmentId) : undefined);
  // The register's heat map places a risk by its residual assessment, or the inherent one before controls.
  const likelihood = sql<number>`coalesce(${risks.residualLikelihood}, ${risks.inherentLikelihood})`;
  const impact = sql<number>`coalesce(${risks.residualImpact}, ${risks.inherentImpact})`;
  const score = sql<number>`coalesce(${risks.residualScore}, ${risks.inherentScore})`;
  const appetite = sql<number>`coalesce((${JSON.stringify(settings.categoryAppetite)}::jsonb ->> ${risks.category})::int, ${settings.appetite}::int)`;
  const above = sql`${score} > ${appetite}`;
  const [cells, aboveCount, top, kriRows, warnings] = await Promise.all([
    db
      .select({ likelihood: sql<number>`${likelihood}::int`, impact: sql<number>`${impact}::int`, n: sql<number>`count(*)::int` })
      .from(risks)
      .where(and(open, sql`${likelihood} is not null`, sql`${impact} is not null`))
      .groupBy(likelihood, impact),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(risks)
      .where(and(open, above)),
    db
      .select({ id: risks.id, title: risks.title, category: risks.category, status: risks.status, score: sql<number>`${score}::int`, appetite: sql<number>`${appetite}`, ownerName: users.name })
      .from(risks)
      .innerJoin(users, eq(users.id, risks.ownerId))
      .where(and(open, above))
      .orderBy(desc(score), asc(risks.title))
      .limit(5),
    db
      .select({ id: riskKris.id, kind: riskKris.kind, reason: riskKris.reason, changedAt: riskKris.changedAt, riskId: risks.id, riskTitle: risks.title })
      .from(riskKris)
      .innerJoin(risks, eq(risks.id, riskKris.riskId))
      .where(and(open, eq(riskKris.state, "breached")))
      .orderBy(sql`${riskKris.changedAt} desc nulls last`),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(risks)
      .where(and(open, isNotNull(risks.warningAt))),
  ]);
  return {
    heatMap: cells,
    open: cells.reduce((s, c) => s + c.n, 0),
    aboveAppetite: { count: aboveCount[0]?.n ?? 0, top },
    kri: { risksWithWarning: warnings[0]?.n ?? 0, breached: kriRows.length, items: kriRows.slice(0, 5) },
  };
}

async function approvalSection(db: DbOrTx, actor: Actor, departmentId: string | undefined, now: Date) {
  const age = sql`extract(epoch from (${now}::timestamptz - ${approvalRequests.createdAt})) / 86400`;
  const [row] = await db
    .select({
      open: sql<number>`count(*)::int`,
      underDay: sql<number>`count(*) filter (where ${age} < 1)::int`,
      days1to3: sql<number>`count(*) filter (where ${age} >= 1 and ${age} < 3)::int`,
      days3to7: sql<number>`count(*) filter (where ${age} >= 3 and ${age} < 7)::int`,
      over7: sql<number>`count(*) filter (where ${age} >= 7)::int`,
      overdue: sql<number>`count(*) filter (where ${approvalRequests.dueAt} < ${now})::int`,
      oldestDays: sql<number | null>`max(${age})::float8`,
    })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.orgId, actor.orgId),
        eq(approvalRequests.status, "pending"),
        visibleRequests(actor),
        departmentId ? eq(approvalRequests.departmentId, departmentId) : undefined,
      ),
    );
  const r = row ?? { open: 0, underDay: 0, days1to3: 0, days3to7: 0, over7: 0, overdue: 0, oldestDays: null };
  return {
    open: r.open,
    overdue: r.overdue,
    oldestDays: r.oldestDays == null ? null : Math.floor(r.oldestDays),
    ages: [
      { bucket: "underDay" as const, n: r.underDay },
      { bucket: "days1to3" as const, n: r.days1to3 },
      { bucket: "days3to7" as const, n: r.days3to7 },
      { bucket: "over7" as const, n: r.over7 },
    ],
  };
}

async function retroSection(db: DbOrTx, actor: Actor, period: PeriodRow | null, departmentId: string | undefined) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      open: sql<number>`count(*) filter (where ${retroActions.status} = 'open')::int`,
      inProgress: sql<number>`count(*) filter (where ${retroActions.status} = 'in_progress')::int`,
      done: sql<number>`count(*) filter (where ${retroActions.status} = 'done')::int`,
      dropped: sql<number>`count(*) filter (where ${retroActions.status} = 'dropped')::int`,
      retros: sql<number>`count(distinct ${retros.id})::int`,
    })
    .from(retroActions)
    .innerJoin(retros, eq(retros.id, retroActions.retroId))
    .where(
      and(
        eq(retroActions.orgId, actor.orgId),
        period ? eq(retros.periodId, period.id) : undefined,
        departmentId ? sql`${departmentId}::uuid = any(${retros.departmentIds})` : undefined,
      ),
    );
  const r = row ?? { total: 0, open: 0, inProgress: 0, done: 0, dropped: 0, retros: 0 };
  // Dropped actions were decided against: they count neither as done nor as still to do.
  return { ...r, completionRate: ratio(r.done, r.total - r.dropped) };
}

/** The dashboard of a period, optionally for one department. */
export async function orgDashboard(db: DbOrTx, actor: Actor, input: { periodId?: string; departmentId?: string }, now = new Date()) {
  const [period, department] = await Promise.all([resolvePeriod(db, actor, input.periodId), resolveDepartment(db, actor, input.departmentId)]);
  const dept = department?.id;
  const [okrs, campaignStats, funnel, riskStats, approvals, retroStats] = await Promise.all([
    okrSection(db, actor, period, dept),
    campaignSection(db, actor, period, dept),
    productSection(db, actor, dept, now),
    riskSection(db, actor, dept),
    approvalSection(db, actor, dept, now),
    retroSection(db, actor, period, dept),
  ]);
  return {
    period: period ? { id: period.id, name: period.name, startsOn: period.startsOn, endsOn: period.endsOn, status: period.status } : null,
    department,
    okrs,
    campaigns: campaignStats,
    products: funnel,
    risks: riskStats,
    approvals,
    retros: retroStats,
  };
}

/** Monday 00:00 UTC of the ISO week holding `now` (the week server/okrs/reminders.ts names). */
export function isoWeekStart(now: Date): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  return new Date(day.getTime() - (weekday - 1) * DAY);
}

/**
 * Check-in compliance of a department's members this ISO week: per member, their key results in the
 * period's running objectives (approved or active, not skipped — the ones the weekly reminder asks
 * about) and how many have a check-in since Monday.
 */
export async function checkInCompliance(db: DbOrTx, actor: Actor, input: { periodId?: string; departmentId: string }, now = new Date()) {
  const [period, department] = await Promise.all([resolvePeriod(db, actor, input.periodId), resolveDepartment(db, actor, input.departmentId)]);
  const weekStart = isoWeekStart(now);
  const krs = db
    .select({
      ownerId: keyResults.ownerId,
      total: sql<number>`count(*)::int`.as("total"),
      checkedIn: sql<number>`count(*) filter (where ${keyResults.lastCheckInAt} >= ${weekStart})::int`.as("checked_in"),
    })
    .from(keyResults)
    .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
    .where(
      and(
        eq(keyResults.orgId, actor.orgId),
        period ? eq(objectives.periodId, period.id) : sql`false`,
        inArray(objectives.status, ["approved", "active"]),
        eq(keyResults.skipped, false),
      ),
    )
    .groupBy(keyResults.ownerId)
    .as("krs");
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      isManager: departmentMembers.isManager,
      keyResults: sql<number>`coalesce(${krs.total}, 0)::int`,
      checkedIn: sql<number>`coalesce(${krs.checkedIn}, 0)::int`,
    })
    .from(departmentMembers)
    .innerJoin(users, eq(users.id, departmentMembers.userId))
    .leftJoin(krs, eq(krs.ownerId, departmentMembers.userId))
    .where(and(eq(departmentMembers.orgId, actor.orgId), eq(departmentMembers.departmentId, department!.id)))
    .orderBy(asc(users.name));
  const members = rows.map((r) => ({ ...r, missing: r.keyResults - r.checkedIn }));
  const withKrs = members.filter((m) => m.keyResults > 0);
  return {
    period: period ? { id: period.id, name: period.name } : null,
    department: department!,
    weekStart: weekStart.toISOString().slice(0, 10),
    members,
    summary: {
      members: members.length,
      withKeyResults: withKrs.length,
      compliant: withKrs.filter((m) => m.missing === 0).length,
      notCheckedIn: withKrs.filter((m) => m.missing > 0).length,
    },
  };
}

export type OrgDashboard = Awaited<ReturnType<typeof orgDashboard>>;
export type CheckInCompliance = Awaited<ReturnType<typeof checkInCompliance>>;
