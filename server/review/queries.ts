/**
 * The quarterly review: one period's OKR grades, campaign results, risk movement, product stage
 * changes and retro actions, read from the domains' own tables (every query filtered by the org).
 */
import { and, asc, desc, eq, gte, inArray, lt, lte, ne, notInArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import {
  auditEvents,
  campaignResults,
  campaigns,
  periods,
  products,
  productStages,
  productStageVisits,
  retroActions,
  retros,
  risks,
  users,
} from "@/db/schema";
import { deriveMetrics } from "../campaigns/metrics";
import { campaignTotals } from "../campaigns/queries";
import { fromSumText, loadCampaignSettings, rateOf, sumText } from "../campaigns/refs";
import { toBaseMinor } from "../campaigns/money";
import { listObjectives } from "../okrs/queries";
import { gradeBand } from "../okrs/progress";
import { loadPeriod } from "../okrs/refs";
import type { Actor } from "../org/actor";
import { movement } from "../risks/queries";

/** An objective (or its mean) at or above this grade went well; a key result below MISSED_GRADE was missed. */
export const GOOD_GRADE = 0.7;
export const MISSED_GRADE = 0.4;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const dayBefore = (d: string) => isoDay(new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000));
const startOf = (d: string) => new Date(`${d}T00:00:00.000Z`);
const endOf = (d: string) => new Date(`${d}T23:59:59.999Z`);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

type Period = Awaited<ReturnType<typeof loadPeriod>>;

async function okrSection(db: DbOrTx, actor: Actor, period: Period) {
  const list = (await listObjectives(db, actor, { periodId: period.id })).filter((o) => o.status !== "cancelled");
  const objectives = list.map((o) => ({
    id: o.id,
    title: o.title,
    level: o.level,
    status: o.status,
    commitment: o.commitment,
    ownerName: o.ownerName,
    departmentId: o.departmentId,
    departmentName: o.departmentName,
    score: o.score,
    progress: o.progress,
    band: o.score == null ? null : gradeBand(o.score, o.commitment),
    keyResults: o.keyResults.map((k) => ({
      id: k.id,
      title: k.title,
      ownerName: k.ownerName,
      grade: k.grade,
      skipped: k.skipped,
      progress: k.progress,
      missed: !k.skipped && k.grade != null && k.grade < MISSED_GRADE,
    })),
  }));
  const byDept = new Map<string, { departmentId: string | null; departmentName: string | null; scores: number[]; progress: number[]; objectives: number }>();
  for (const o of objectives) {
    const key = o.departmentId ?? "";
    const e = byDept.get(key) ?? { departmentId: o.departmentId, departmentName: o.departmentName, scores: [], progress: [], objectives: 0 };
    e.objectives += 1;
    if (o.score != null) e.scores.push(o.score);
    e.progress.push(o.progress);
    byDept.set(key, e);
  }
  const krs = objectives.flatMap((o) => o.keyResults);
  const graded = objectives.filter((o) => o.score != null);
  return {
    objectives,
    departments: [...byDept.values()]
      .map((d) => ({ departmentId: d.departmentId, departmentName: d.departmentName, objectives: d.objectives, graded: d.scores.length, meanScore: mean(d.scores), meanProgress: mean(d.progress) ?? 0 }))
      .sort((a, b) => (a.departmentName ?? "").localeCompare(b.departmentName ?? "")),
    summary: {
      objectives: objectives.length,
      graded: graded.length,
      meanScore: mean(graded.map((o) => o.score!)),
      keyResults: krs.length,
      krGraded: krs.filter((k) => k.grade != null && !k.skipped).length,
      krSkipped: krs.filter((k) => k.skipped).length,
      krMissed: krs.filter((k) => k.missed).length,
    },
  };
}

async function campaignSection(db: DbOrTx, actor: Actor, period: Period, today: string) {
  const rows = await db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      status: campaigns.status,
      startsOn: campaigns.startsOn,
      endsOn: campaigns.endsOn,
      currency: campaigns.currency,
      goals: campaigns.goals,
      approvedBudgetMinor: campaigns.approvedBudgetMinor,
    })
    .from(campaigns)
    .where(
      and(
        eq(campaigns.orgId, actor.orgId),
        lte(campaigns.startsOn, period.endsOn),
        gte(campaigns.endsOn, period.startsOn),
        notInArray(campaigns.status, ["draft", "pending_approval", "cancelled"]),
      ),
    )
    .orderBy(asc(campaigns.startsOn), asc(campaigns.name));
  const totals = await campaignTotals(db, actor, rows);
  const ids = rows.map((r) => r.id);
  const custom = ids.length
    ? await db
        .select({ id: campaignResults.campaignId, name: campaignResults.customName, s: sumText(campaignResults.value) })
        .from(campaignResults)
        .where(and(eq(campaignResults.orgId, actor.orgId), inArray(campaignResults.campaignId, ids), eq(campaignResults.metric, "custom")))
        .groupBy(campaignResults.campaignId, campaignResults.customName)
    : [];
  const settings = await loadCampaignSettings(db, actor.orgId);
  const rates = new Map<string, string | null>();
  for (const cur of new Set(rows.map((r) => r.currency))) {
    if (cur !== settings.baseCurrency) rates.set(cur, await rateOf(db, actor.orgId, cur));
  }
  let baseBudget: number | null = 0;
  let baseSpend: number | null = 0;
  let baseRevenue: number | null = 0;
  const items = rows.map((r) => {
    const t = totals.get(r.id)!;
    const m = deriveMetrics(t);
    const goals = r.goals.map((g) => {
      const actual =
        g.metric === "custom"
          ? fromSumText(custom.find((c) => c.id === r.id && c.name === g.customName)?.s ?? null)
          : g.metric === "revenue"
            ? t.revenueMinor
            : t[g.metric];
      return { metric: g.metric, customName: g.customName, target: g.target, actual, met: actual >= g.target };
    });
    const toBase = (v: number) => (r.currency === settings.baseCurrency ? v : toBaseMinor(v, r.currency, settings.baseCurrency, rates.get(r.currency) ?? null));
    const b = toBase(m.budgetMinor);
    const s = toBase(t.spendMinor);
    const rev = toBase(t.revenueMinor);
    baseBudget = baseBudget == null || b == null ? null : baseBudget + b;
    baseSpend = baseSpend == null || s == null ? null : baseSpend + s;
    baseRevenue = baseRevenue == null || rev == null ? null : baseRevenue + rev;
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      currency: r.currency,
      budgetMinor: m.budgetMinor,
      spendMinor: t.spendMinor,
      revenueMinor: t.revenueMinor,
      overBudget: m.overBudget,
      roi: m.roi,
      goals,
      goalsMet: goals.length ? goals.every((g) => g.met) : null,
      /** Over (completed, or past its end date): a missed goal is final. */
      finished: r.status === "completed" || r.endsOn < today,
    };
  });
  return {
    items,
    base: { currency: settings.baseCurrency, budgetMinor: baseBudget as number | null, spendMinor: baseSpend as number | null, revenueMinor: baseRevenue as number | null },
  };
}

async function riskSection(db: DbOrTx, actor: Actor, period: Period, today: string) {
  const to = period.endsOn < today ? period.endsOn : today;
  const from = dayBefore(period.startsOn);
  const moved = to >= from ? (await movement(db, actor, { from, to })).moves : [];
  const changed = moved.filter((m) => m.direction !== "same");
  const [created, closed] = await Promise.all([
    db
      .select({ id: risks.id, title: risks.title, status: risks.status, createdAt: risks.createdAt, residualScore: risks.residualScore })
      .from(risks)
      .where(and(eq(risks.orgId, actor.orgId), gte(risks.createdAt, startOf(period.startsOn)), lte(risks.createdAt, endOf(period.endsOn))))
      .orderBy(asc(risks.createdAt)),
    db
      .selectDistinctOn([risks.id], { id: risks.id, title: risks.title, closedAt: auditEvents.createdAt })
      .from(auditEvents)
      .innerJoin(risks, and(eq(sql`${risks.id}::text`, auditEvents.entityId), eq(risks.orgId, actor.orgId)))
      .where(
        and(
          eq(auditEvents.orgId, actor.orgId),
          eq(auditEvents.entityType, "risk"),
          eq(auditEvents.action, "status_closed"),
          gte(auditEvents.createdAt, startOf(period.startsOn)),
          lte(auditEvents.createdAt, endOf(period.endsOn)),
        ),
      )
      .orderBy(risks.id, desc(auditEvents.createdAt)),
  ]);
  return {
    from,
    to,
    moves: changed,
    unchanged: moved.length - changed.length,
    rose: changed.filter((m) => m.direction === "up").length,
    fell: changed.filter((m) => m.direction === "down").length,
    created: created.map((r) => ({ id: r.id, title: r.title, status: r.status, createdAt: r.createdAt.toISOString(), residualScore: r.residualScore })),
    closed: closed.map((r) => ({ id: r.id, title: r.title, closedAt: r.closedAt.toISOString() })).sort((a, b) => a.closedAt.localeCompare(b.closedAt)),
  };
}

async function productSection(db: DbOrTx, actor: Actor, period: Period) {
  const fromStage = alias(productStages, "from_stage");
  const rows = await db
    .select({
      productId: products.id,
      productName: products.name,
      kind: productStageVisits.kind,
      enteredAt: productStageVisits.enteredAt,
      reason: productStageVisits.reason,
      toKey: productStages.key,
      toName: productStages.name,
      fromKey: fromStage.key,
      fromName: fromStage.name,
    })
    .from(productStageVisits)
    .innerJoin(products, eq(products.id, productStageVisits.productId))
    .innerJoin(productStages, eq(productStages.id, productStageVisits.stageId))
    .leftJoin(fromStage, eq(fromStage.id, productStageVisits.fromStageId))
    .where(
      and(
        eq(productStageVisits.orgId, actor.orgId),
        ne(productStageVisits.kind, "created"),
        gte(productStageVisits.enteredAt, startOf(period.startsOn)),
        lte(productStageVisits.enteredAt, endOf(period.endsOn)),
      ),
    )
    .orderBy(asc(productStageVisits.enteredAt), asc(products.name));
  return {
    changes: rows.map((r) => ({
      productId: r.productId,
      productName: r.productName,
      kind: r.kind,
      enteredAt: r.enteredAt.toISOString(),
      reason: r.reason,
      from: r.fromKey !== null || r.fromName !== null ? { key: r.fromKey, name: r.fromName ?? "" } : null,
      to: { key: r.toKey, name: r.toName },
    })),
  };
}

const OPEN_ACTION = ["open", "in_progress"] as const;

async function retroSection(db: DbOrTx, actor: Actor, period: Period, today: string) {
  const list = await db
    .select({ id: retros.id, title: retros.title, phase: retros.phase, createdAt: retros.createdAt })
    .from(retros)
    .where(and(eq(retros.orgId, actor.orgId), eq(retros.periodId, period.id)))
    .orderBy(asc(retros.createdAt));
  // The period just before this one (same kind): its retros' unfinished actions carry over.
  const [previous] = await db
    .select({ id: periods.id, name: periods.name })
    .from(periods)
    .where(and(eq(periods.orgId, actor.orgId), eq(periods.kind, period.kind), lt(periods.endsOn, period.startsOn)))
    .orderBy(desc(periods.startsOn))
    .limit(1);
  const actionRows = async (where: ReturnType<typeof and>) =>
    db
      .select({
        id: retroActions.id,
        title: retroActions.title,
        status: retroActions.status,
        dueOn: retroActions.dueOn,
        ownerName: users.name,
        retroId: retros.id,
        retroTitle: retros.title,
      })
      .from(retroActions)
      .innerJoin(retros, eq(retros.id, retroActions.retroId))
      .leftJoin(users, eq(users.id, retroActions.ownerId))
      .where(where)
      .orderBy(asc(retros.createdAt), asc(retroActions.createdAt));
  const [own, carriedRows] = await Promise.all([
    actionRows(and(eq(retroActions.orgId, actor.orgId), eq(retros.periodId, period.id))),
    previous
      ? actionRows(and(eq(retroActions.orgId, actor.orgId), eq(retros.periodId, previous.id), inArray(retroActions.status, [...OPEN_ACTION])))
      : Promise.resolve([]),
  ]);
  const shape = (carried: boolean) => (a: (typeof own)[number]) => ({
    ...a,
    carried,
    overdue: (OPEN_ACTION as readonly string[]).includes(a.status) && !!a.dueOn && a.dueOn < today,
  });
  const actions = own.map(shape(false));
  const carried = carriedRows.map(shape(true));
  return {
    retros: list.map((r) => ({ id: r.id, title: r.title, phase: r.phase })),
    previousPeriod: previous ?? null,
    actions,
    carried,
    summary: {
      total: actions.length,
      done: actions.filter((a) => a.status === "done").length,
      open: actions.filter((a) => (OPEN_ACTION as readonly string[]).includes(a.status)).length,
      overdue: actions.filter((a) => a.overdue).length,
      dropped: actions.filter((a) => a.status === "dropped").length,
      carried: carried.length,
    },
  };
}

/** Everything the review page, its Markdown export and the retro pre-fill read. */
export async function getReview(db: DbOrTx, actor: Actor, periodId: string, now = new Date()) {
  const period = await loadPeriod(db, actor, periodId);
  const today = isoDay(now);
  const [okrs, campaignsPart, risksPart, productsPart, retrosPart] = await Promise.all([
    okrSection(db, actor, period),
    campaignSection(db, actor, period, today),
    riskSection(db, actor, period, today),
    productSection(db, actor, period),
    retroSection(db, actor, period, today),
  ]);
  return {
    period: { id: period.id, name: period.name, kind: period.kind, status: period.status, startsOn: period.startsOn, endsOn: period.endsOn },
    generatedOn: today,
    okrs,
    campaigns: campaignsPart,
    risks: risksPart,
    products: productsPart,
    retros: retrosPart,
  };
}

export type Review = Awaited<ReturnType<typeof getReview>>;
