/**
 * The org and department dashboards on the demo data: every aggregate equals the same figure computed
 * here in JavaScript straight from the underlying rows (with the pure domain functions), with and
 * without a department filter; every drill-down filter lists exactly the rows a tile counts; approvals
 * are counted only over what the caller's approvals list shows.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import {
  approvalRequests,
  campaignBudgetLines,
  campaignResults,
  campaigns,
  campaignSpend,
  checkIns,
  currencyRates,
  departmentMembers,
  keyResults,
  objectives,
  periods,
  products,
  productStages,
  productStageVisits,
  retroActions,
  retros,
  riskKris,
  risks,
  users,
} from "@/db/schema";
import { DEMO_ORG, seedDemo } from "@/db/seed/demo";
import { isoWeekStart } from "@/server/dashboard/analytics";
import { krProgressSql } from "@/server/okrs/progress-sql";
import { loadCampaignSettings } from "@/server/campaigns/refs";
import { toBaseMinor } from "@/server/campaigns/money";
import { krProgress, weightedMean } from "@/server/okrs/progress";
import { loadRiskSettings } from "@/server/risks/refs";
import { isAboveAppetite } from "@/server/risks/scoring";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";

let h: DbHandle;
let seeded: Awaited<ReturnType<typeof seedDemo>>;
let period: typeof periods.$inferSelect;
const slug = DEMO_ORG.slug;
const as = (role: string) => callerFor(h.db, seeded.userIds[role]!);
const DAY = 86_400_000;

beforeAll(async () => {
  h = await createTestDb();
  seeded = await seedDemo(h.db);
  const list = await h.db.select().from(periods).where(and(eq(periods.orgId, seeded.orgId), eq(periods.status, "active")));
  period = list[0]!;
  // Retros of the period with actions in every state (the demo has none), one for Marketing.
  const base = { orgId: seeded.orgId, facilitatorId: seeded.userIds.manager!, template: "builtin:start_stop_continue", columns: [] };
  const [r1, r2, r3] = await h.db
    .insert(retros)
    .values([
      { ...base, title: "Marketing retro", periodId: period.id, departmentIds: [seeded.departmentIds.Marketing!] },
      { ...base, title: "Company retro", periodId: period.id },
      { ...base, title: "Old retro", periodId: null },
    ])
    .returning();
  const action = (retroId: string, status: "open" | "in_progress" | "done" | "dropped") => ({ orgId: seeded.orgId, retroId, title: `${status} action`, status });
  await h.db
    .insert(retroActions)
    .values([action(r1!.id, "done"), action(r1!.id, "done"), action(r1!.id, "open"), action(r1!.id, "dropped"), action(r2!.id, "in_progress"), action(r2!.id, "done"), action(r3!.id, "open")]);
}, 120_000);
afterAll(async () => h?.close());

const MODES = [
  { name: "whole organisation", dept: () => undefined as string | undefined },
  { name: "Marketing only", dept: () => seeded.departmentIds.Marketing as string | undefined },
];

describe.each(MODES)("org dashboard aggregates equal the underlying rows ($name)", ({ dept }) => {
  it("OKR progress and confidence by department, and the KRs at risk", async () => {
    const d = await (await as("viewer")).dashboard.org({ orgSlug: slug, periodId: period.id, departmentId: dept() });
    const objs = (await h.db.select().from(objectives).where(and(eq(objectives.orgId, seeded.orgId), eq(objectives.periodId, period.id), ne(objectives.status, "cancelled")))).filter(
      (o) => !dept() || o.departmentId === dept(),
    );
    const krs = await h.db.select().from(keyResults).where(eq(keyResults.orgId, seeded.orgId));
    const groups = new Map<string, { progress: number[]; conf: (number | null)[] }>();
    for (const o of objs) {
      const mine = krs.filter((k) => k.objectiveId === o.id);
      const g = groups.get(o.departmentId ?? "") ?? { progress: [], conf: [] };
      g.progress.push(weightedMean(mine.map((k) => ({ value: krProgress(k), weight: k.weight }))));
      g.conf.push(...mine.map((k) => k.confidence));
      groups.set(o.departmentId ?? "", g);
    }
    expect(d.okrs.byDepartment.length).toBe(groups.size);
    expect(groups.size).toBeGreaterThan(0);
    for (const row of d.okrs.byDepartment) {
      const g = groups.get(row.departmentId ?? "")!;
      expect(row.objectives).toBe(g.progress.length);
      expect(row.progress).toBeCloseTo(g.progress.reduce((a, b) => a + b, 0) / g.progress.length, 9);
      expect(row.keyResults).toBe(g.conf.length);
      const known = g.conf.filter((c): c is number => c != null);
      if (known.length) expect(row.confidence).toBeCloseTo(known.reduce((a, b) => a + b, 0) / known.length, 9);
      else expect(row.confidence).toBeNull();
      expect(row.onTrack).toBe(known.filter((c) => c >= 7).length);
      expect(row.atRisk).toBe(known.filter((c) => c >= 4 && c < 7).length);
      expect(row.offTrack).toBe(known.filter((c) => c < 4).length);
      expect(row.noCheckIn).toBe(g.conf.length - known.length);
    }
    const objIds = new Set(objs.map((o) => o.id));
    const atRisk = krs.filter((k) => objIds.has(k.objectiveId) && k.confidence != null && k.confidence < 7);
    expect(atRisk.length).toBeGreaterThan(0);
    expect(d.okrs.atRisk.count).toBe(atRisk.length);
    expect(d.okrs.atRisk.items.map((k) => k.id).sort()).toEqual(atRisk.map((k) => k.id).sort());
    // The drill-down: objectives with a key result needing attention are exactly those holding the KRs at risk.
    const listed = await (await as("viewer")).objective.list({ orgSlug: slug, periodId: period.id, departmentId: dept(), confidence: "attention" });
    expect(listed.map((o) => o.id).sort()).toEqual([...new Set(atRisk.map((k) => k.objectiveId))].sort());
  });

  it("campaign budget, spend, attributed revenue and ROI by channel, in the base currency", async () => {
    const d = await (await as("member")).dashboard.org({ orgSlug: slug, periodId: period.id, departmentId: dept() });
    const inScope = (await h.db.select().from(campaigns).where(eq(campaigns.orgId, seeded.orgId))).filter(
      (c) => c.endsOn >= period.startsOn && c.startsOn <= period.endsOn && (!dept() || c.departmentId === dept()),
    );
    const ids = new Set(inScope.map((c) => c.id));
    const currency = new Map(inScope.map((c) => [c.id, c.currency]));
    const lines = (await h.db.select().from(campaignBudgetLines)).filter((l) => ids.has(l.campaignId));
    const spend = (await h.db.select().from(campaignSpend)).filter((s) => ids.has(s.campaignId));
    const revenue = (await h.db.select().from(campaignResults)).filter((r) => ids.has(r.campaignId) && r.metric === "revenue");
    const { baseCurrency } = await loadCampaignSettings(h.db, seeded.orgId);
    const rates = new Map((await h.db.select().from(currencyRates).where(eq(currencyRates.orgId, seeded.orgId))).map((r) => [r.currency, r.rate]));
    // Sum per channel and currency, then convert each sum.
    const sums = new Map<string, number>();
    const put = (kind: string, channel: string, cur: string, v: number) => sums.set(`${kind}|${channel}|${cur}`, (sums.get(`${kind}|${channel}|${cur}`) ?? 0) + v);
    for (const l of lines) put("budget", l.channel, currency.get(l.campaignId)!, l.amountMinor);
    for (const s of spend) put("spend", s.channel, currency.get(s.campaignId)!, s.amountMinor);
    for (const c of inScope) {
      const mine = spend.filter((s) => s.campaignId === c.id);
      const total = mine.reduce((a, s) => a + s.amountMinor, 0);
      const rev = revenue.filter((r) => r.campaignId === c.id).reduce((a, r) => a + r.value, 0);
      if (!total || !revenue.some((r) => r.campaignId === c.id)) continue;
      for (const s of mine) put("revenue", s.channel, c.currency, (rev * s.amountMinor) / total);
    }
    const expected = new Map<string, { budgetMinor: number; spendMinor: number; revenueMinor: number }>();
    for (const [key, v] of sums) {
      const [kind, channel, cur] = key.split("|") as [string, string, string];
      const e = expected.get(channel) ?? { budgetMinor: 0, spendMinor: 0, revenueMinor: 0 };
      const amount = kind === "revenue" ? Math.round(v) : v;
      e[`${kind}Minor` as "budgetMinor"] += toBaseMinor(amount, cur, baseCurrency, rates.get(cur) ?? null)!;
      expected.set(channel, e);
    }
    expect(d.campaigns.baseCurrency).toBe(baseCurrency);
    expect(d.campaigns.campaigns).toBe(inScope.length);
    expect(d.campaigns.overBudget).toBe(inScope.filter((c) => c.overBudgetAt).length);
    expect(d.campaigns.byChannel.length).toBe(expected.size);
    for (const row of d.campaigns.byChannel) {
      const e = expected.get(row.channel)!;
      expect(row.budgetMinor, row.channel).toBe(e.budgetMinor);
      expect(row.spendMinor, row.channel).toBe(e.spendMinor);
      // Revenue is split in exact decimals by PostgreSQL and in floats here: at most one minor unit apart per currency.
      expect(Math.abs(row.revenueMinor - e.revenueMinor), row.channel).toBeLessThanOrEqual(2);
      if (e.spendMinor) expect(row.roi!).toBeCloseTo((row.revenueMinor - e.spendMinor) / e.spendMinor, 9);
      else expect(row.roi).toBeNull();
    }
    const totalSpend = [...expected.values()].reduce((a, e) => a + e.spendMinor, 0);
    expect(totalSpend).toBeGreaterThan(0);
    expect(d.campaigns.total.spendMinor).toBe(totalSpend);
    expect(d.campaigns.total.budgetMinor).toBe([...expected.values()].reduce((a, e) => a + e.budgetMinor, 0));
    // Campaigns list drill-down: each channel with spend lists campaigns that use it, in the period.
    const channel = d.campaigns.byChannel[0]!;
    const list = await (await as("member")).campaign.list({ orgSlug: slug, channel: channel.channel, from: period.startsOn, to: period.endsOn, departmentId: dept() });
    expect(list.items.map((c) => c.id).sort()).toEqual(inScope.filter((c) => c.channels.includes(channel.channel)).map((c) => c.id).sort());
  });

  it("product funnel: products per stage and median days in stage", async () => {
    const before = Date.now();
    const d = await (await as("viewer")).dashboard.org({ orgSlug: slug, departmentId: dept() });
    const prods = (await h.db.select().from(products).where(eq(products.orgId, seeded.orgId))).filter((p) => !dept() || p.departmentId === dept());
    const ids = new Set(prods.map((p) => p.id));
    const visits = (await h.db.select().from(productStageVisits)).filter((v) => ids.has(v.productId));
    const stages = await h.db.select().from(productStages).where(eq(productStages.orgId, seeded.orgId));
    expect(d.products.map((s) => s.stageId).sort()).toEqual(stages.filter((s) => !s.archivedAt).map((s) => s.id).sort());
    for (const s of d.products) {
      expect(s.products).toBe(prods.filter((p) => p.stageId === s.stageId).length);
      const days = visits
        .filter((v) => v.stageId === s.stageId)
        .map((v) => ((v.leftAt?.getTime() ?? before) - v.enteredAt.getTime()) / DAY)
        .sort((a, b) => a - b);
      expect(s.visits).toBe(days.length);
      if (!days.length) expect(s.medianDays).toBeNull();
      else {
        const mid = days.length / 2;
        const median = days.length % 2 ? days[Math.floor(mid)]! : (days[mid - 1]! + days[mid]!) / 2;
        expect(Math.abs(s.medianDays! - median)).toBeLessThanOrEqual(0.06);
      }
    }
    expect(d.products.reduce((a, s) => a + s.products, 0)).toBe(prods.length);
  });

  it("risk heat map, risks above appetite and KRI warnings; each cell drills down to the same risks", async () => {
    const viewer = await as("viewer");
    const d = await viewer.dashboard.org({ orgSlug: slug, departmentId: dept() });
    const open = (await h.db.select().from(risks).where(and(eq(risks.orgId, seeded.orgId), ne(risks.status, "closed")))).filter((r) => !dept() || r.departmentId === dept());
    const cells = new Map<string, number>();
    for (const r of open) {
      const l = r.residualLikelihood ?? r.inherentLikelihood;
      const i = r.residualImpact ?? r.inherentImpact;
      if (l != null && i != null) cells.set(`${l}x${i}`, (cells.get(`${l}x${i}`) ?? 0) + 1);
    }
    expect(Object.fromEntries(d.risks.heatMap.map((c) => [`${c.likelihood}x${c.impact}`, c.n]))).toEqual(Object.fromEntries(cells));
    for (const c of d.risks.heatMap) {
      const list = await viewer.risk.list({ orgSlug: slug, likelihood: c.likelihood, impact: c.impact, departmentId: dept() });
      expect(list.items.length, `${c.likelihood}x${c.impact}`).toBe(c.n);
    }
    const settings = await loadRiskSettings(h.db, seeded.orgId);
    const above = open.filter((r) => isAboveAppetite(settings, r));
    expect(d.risks.aboveAppetite.count).toBe(above.length);
    expect(d.risks.aboveAppetite.top.map((r) => r.id).sort()).toEqual(above.slice(0, 5).map((r) => r.id).sort());
    const aboveList = await viewer.risk.list({ orgSlug: slug, aboveAppetite: true, departmentId: dept() });
    expect(aboveList.items.map((r) => r.id).sort()).toEqual(above.map((r) => r.id).sort());
    const openIds = new Set(open.map((r) => r.id));
    const breached = (await h.db.select().from(riskKris).where(eq(riskKris.state, "breached"))).filter((k) => openIds.has(k.riskId));
    expect(d.risks.kri.breached).toBe(breached.length);
    const warned = open.filter((r) => r.warningAt);
    expect(d.risks.kri.risksWithWarning).toBe(warned.length);
    expect((await viewer.risk.list({ orgSlug: slug, warning: true, departmentId: dept() })).items.length).toBe(warned.length);
    if (!dept()) {
      expect(above.length).toBeGreaterThan(0);
      expect(breached.length).toBeGreaterThan(0);
    }
  });

  it("retro action completion rate of the period's retros", async () => {
    const d = await (await as("member")).dashboard.org({ orgSlug: slug, periodId: period.id, departmentId: dept() });
    const rs = (await h.db.select().from(retros).where(eq(retros.orgId, seeded.orgId))).filter((r) => r.periodId === period.id && (!dept() || r.departmentIds.includes(dept()!)));
    const ids = new Set(rs.map((r) => r.id));
    const acts = (await h.db.select().from(retroActions)).filter((a) => ids.has(a.retroId));
    const n = (s: string) => acts.filter((a) => a.status === s).length;
    expect(d.retros).toMatchObject({ total: acts.length, open: n("open"), inProgress: n("in_progress"), done: n("done"), dropped: n("dropped"), retros: rs.length });
    expect(d.retros.completionRate).toBeCloseTo(n("done") / (acts.length - n("dropped")), 9);
    const list = await (await as("member")).retro.list({ orgSlug: slug, periodId: period.id, departmentId: dept() });
    expect(list.map((r) => r.id).sort()).toEqual(rs.map((r) => r.id).sort());
  });
});

describe("open approvals: counted over what the caller's approvals list shows", () => {
  it.each(["owner", "admin", "manager", "member", "viewer"])("%s", async (role) => {
    const c = await as(role);
    const now = Date.now();
    const d = await c.dashboard.org({ orgSlug: slug });
    const pending = await h.db.select().from(approvalRequests).where(and(eq(approvalRequests.orgId, seeded.orgId), eq(approvalRequests.status, "pending")));
    const me = seeded.userIds[role]!;
    const managed = role === "manager" ? [seeded.departmentIds.Marketing] : [];
    const visible = pending.filter((p) => role === "owner" || role === "admin" || p.requesterId === me || (!!p.departmentId && managed.includes(p.departmentId)));
    expect(d.approvals.open).toBe(visible.length);
    const ages = visible.map((p) => (now - p.createdAt.getTime()) / DAY);
    expect(d.approvals.ages.reduce((a, b) => a + b.n, 0)).toBe(visible.length);
    expect(d.approvals.ages.find((b) => b.bucket === "over7")!.n).toBe(ages.filter((a) => a >= 7).length);
    expect(d.approvals.overdue).toBe(visible.filter((p) => p.dueAt.getTime() < now).length);
    // The drill-down: the approvals list ("all" for those who may list it, else "mine"), pending.
    const box = role === "member" || role === "viewer" ? "mine" : "all";
    const list = await c.approval.inbox({ orgSlug: slug, box, status: "pending", limit: 100 });
    expect(list.items.length).toBe(d.approvals.open);
    // …and narrowed to a department, both agree too.
    const marketing = seeded.departmentIds.Marketing!;
    const inDept = await c.dashboard.org({ orgSlug: slug, departmentId: marketing });
    const listInDept = await c.approval.inbox({ orgSlug: slug, box, status: "pending", departmentId: marketing, limit: 100 });
    expect(listInDept.items.length).toBe(inDept.approvals.open);
    expect(inDept.approvals.open).toBe(visible.filter((p) => p.departmentId === marketing).length);
    if (role === "owner") expect(visible.length).toBeGreaterThan(0);
  });
});

describe("department check-in compliance (this ISO week)", () => {
  it("lists the department's members with their KRs and how many were checked in since Monday", async () => {
    const marketing = seeded.departmentIds.Marketing!;
    const manager = await as("manager");
    const before = await manager.dashboard.checkIns({ orgSlug: slug, departmentId: marketing, periodId: period.id });
    const expected = async () => {
      const weekStart = isoWeekStart(new Date());
      const members = await h.db.select({ userId: departmentMembers.userId, name: users.name }).from(departmentMembers).innerJoin(users, eq(users.id, departmentMembers.userId)).where(eq(departmentMembers.departmentId, marketing));
      const objs = new Map((await h.db.select().from(objectives).where(eq(objectives.periodId, period.id))).map((o) => [o.id, o]));
      const krs = (await h.db.select().from(keyResults).where(eq(keyResults.orgId, seeded.orgId))).filter((k) => {
        const o = objs.get(k.objectiveId);
        return o && (o.status === "approved" || o.status === "active") && !k.skipped;
      });
      return members
        .map((m) => {
          const mine = krs.filter((k) => k.ownerId === m.userId);
          const checked = mine.filter((k) => k.lastCheckInAt && k.lastCheckInAt >= weekStart).length;
          return { userId: m.userId, keyResults: mine.length, checkedIn: checked, missing: mine.length - checked };
        })
        .sort((a, b) => a.userId.localeCompare(b.userId));
    };
    const pick = (r: typeof before) => r.members.map(({ userId, keyResults, checkedIn, missing }) => ({ userId, keyResults, checkedIn, missing })).sort((a, b) => a.userId.localeCompare(b.userId));
    expect(pick(before)).toEqual(await expected());
    const late = before.members.find((m) => m.missing > 0);
    expect(late, "the demo has someone in Marketing who has not checked in this week").toBeDefined();
    expect(before.summary.notCheckedIn).toBe(before.members.filter((m) => m.keyResults > 0 && m.missing > 0).length);
    // They check in every KR now: they become compliant.
    const theirKrs = await h.db
      .select({ id: keyResults.id })
      .from(keyResults)
      .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
      .where(and(eq(keyResults.ownerId, late!.userId), eq(objectives.periodId, period.id), inArray(objectives.status, ["approved", "active"]), eq(keyResults.skipped, false)));
    const them = await callerFor(h.db, late!.userId);
    for (const k of theirKrs) await them.keyResult.checkIn({ orgSlug: slug, keyResultId: k.id, value: 1, confidence: 8 });
    const after = await manager.dashboard.checkIns({ orgSlug: slug, departmentId: marketing, periodId: period.id });
    expect(pick(after)).toEqual(await expected());
    expect(after.members.find((m) => m.userId === late!.userId)!.missing).toBe(0);
    expect(after.summary.notCheckedIn).toBe(before.summary.notCheckedIn - 1);
    expect((await h.db.select().from(checkIns).where(eq(checkIns.authorId, late!.userId))).length).toBeGreaterThan(0);
  });

  it("the ISO week starts on Monday (UTC)", () => {
    expect(isoWeekStart(new Date("2026-11-29T23:00:00Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(isoWeekStart(new Date("2026-11-23T00:00:00Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(isoWeekStart(new Date("2026-11-22T12:00:00Z")).toISOString()).toBe("2026-11-16T00:00:00.000Z");
  });
});

describe("key-result progress in SQL", () => {
  it("equals krProgress() for every kind of key result", async () => {
    const [objective] = await h.db.select().from(objectives).where(eq(objectives.orgId, seeded.orgId)).limit(1);
    type Shape = { type: "number" | "percentage" | "currency" | "milestone"; direction: "increase" | "decrease" | "band"; startValue: number; targetValue: number; bandMin?: number | null; bandMax?: number | null; currentValue: number | null };
    const shapes: Shape[] = [
      { type: "number", direction: "increase", startValue: 0, targetValue: 100, currentValue: 35 },
      { type: "number", direction: "increase", startValue: 10, targetValue: 20, currentValue: null },
      { type: "number", direction: "increase", startValue: 0, targetValue: 10, currentValue: 25 },
      { type: "number", direction: "increase", startValue: 5, targetValue: 10, currentValue: -3 },
      { type: "percentage", direction: "decrease", startValue: 8, targetValue: 2, currentValue: 5 },
      { type: "currency", direction: "decrease", startValue: 100, targetValue: 50, currentValue: 120 },
      { type: "number", direction: "increase", startValue: 7, targetValue: 7, currentValue: 7 },
      { type: "number", direction: "increase", startValue: 7, targetValue: 7, currentValue: 6 },
      { type: "milestone", direction: "increase", startValue: 0, targetValue: 1, currentValue: 1 },
      { type: "milestone", direction: "increase", startValue: 0, targetValue: 1, currentValue: 0.5 },
      { type: "number", direction: "band", startValue: 0, targetValue: 50, bandMin: 40, bandMax: 60, currentValue: 55 },
      { type: "number", direction: "band", startValue: 0, targetValue: 50, bandMin: 40, bandMax: 60, currentValue: 30 },
      { type: "number", direction: "band", startValue: 0, targetValue: 50, bandMin: 40, bandMax: 60, currentValue: 75 },
      { type: "number", direction: "band", startValue: 0, targetValue: 0, bandMin: 0, bandMax: 0, currentValue: 0.5 },
      { type: "number", direction: "band", startValue: 0, targetValue: 100, bandMin: 100, bandMax: 100, currentValue: 95 },
    ];
    const rows = await h.db
      .insert(keyResults)
      .values(shapes.map((s, i) => ({ orgId: seeded.orgId, objectiveId: objective!.id, title: `Shape ${i}`, ownerId: seeded.userIds.owner!, ...s })))
      .returning();
    try {
      for (const row of rows) {
        const [got] = await h.db.select({ p: krProgressSql }).from(keyResults).where(eq(keyResults.id, row.id));
        expect(got!.p, row.title).toBeCloseTo(krProgress(row), 9);
      }
    } finally {
      await h.db.delete(keyResults).where(inArray(keyResults.id, rows.map((r) => r.id)));
    }
  });
});
