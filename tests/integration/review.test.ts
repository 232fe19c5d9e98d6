/**
 * The quarterly review through the tRPC caller, on factory-built data of a past quarter (2020-Q1):
 * OKR grades by department, campaign results, risk movement, product stage changes, retro actions
 * (and those carried from 2019-Q4); its Markdown in both languages; pre-filling the quarter's retro
 * (facilitators only, only while it takes cards, idempotent, audited).
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import {
  auditEvents,
  campaignBudgetLines,
  campaignResults,
  campaigns,
  campaignSpend,
  keyResults,
  objectives,
  periods,
  productStageVisits,
  retroActions,
  retroCards,
  retros,
  riskAssessments,
  risks,
} from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { build, makeWorld, type Subject, type World } from "./_support/procedures";
import { expectCode } from "./_support/products";

let h: DbHandle;
let w: World;
let other: World;
let q1: string;
let q4: string;
let empty: string;
const d = (s: string) => new Date(`${s}T12:00:00Z`);

type Key = "cancelled" | "carried" | "closed" | "draft" | "fell" | "good" | "krA" | "krMissed" | "later" | "objA" | "objB" | "otherPeriodObjective" | "over" | "overdue" | "prevDone" | "product" | "retro" | "rose" | "running" | "stage0";
const ids = {} as Record<Key, string>;

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "review");
  other = await makeWorld(h.db, "review-other");
  const [p1] = await h.db
    .insert(periods)
    .values({ orgId: w.org.orgId, name: "2020-Q1", kind: "quarter", startsOn: "2020-01-01", endsOn: "2020-03-31", status: "closed" })
    .returning();
  const [p0] = await h.db
    .insert(periods)
    .values({ orgId: w.org.orgId, name: "2019-Q4", kind: "quarter", startsOn: "2019-10-01", endsOn: "2019-12-31", status: "closed" })
    .returning();
  const [pe] = await h.db
    .insert(periods)
    .values({ orgId: w.org.orgId, name: "2010-Q1", kind: "quarter", startsOn: "2010-01-01", endsOn: "2010-03-31", status: "closed" })
    .returning();
  q1 = p1!.id;
  q4 = p0!.id;
  empty = pe!.id;
  const a: Subject = { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
  const b: Subject = { ownerId: w.other.id, departmentId: w.org.departmentIds.b };

  // OKRs: A graded 0.8 (one KR 0.9, one missed at 0.2); B graded 0.4; a cancelled one is left out.
  const krA = await build.keyResult(w, a, q1);
  ids.objA = krA.objective.id;
  ids.krA = krA.id;
  await h.db.update(objectives).set({ title: "Ship | fast\nand safe", score: 0.8, commitment: "aspirational", status: "closed" }).where(eq(objectives.id, krA.objective.id));
  await h.db.update(keyResults).set({ grade: 0.9 }).where(eq(keyResults.id, krA.id));
  const [missed] = await h.db
    .insert(keyResults)
    .values({ orgId: w.org.orgId, objectiveId: krA.objective.id, title: "Cut churn to 2%", ownerId: a.ownerId, type: "number", targetValue: 2, grade: 0.2 })
    .returning();
  ids.krMissed = missed!.id;
  const krB = await build.keyResult(w, b, q1);
  ids.objB = krB.objective.id;
  await h.db.update(objectives).set({ score: 0.4, status: "closed" }).where(eq(objectives.id, krB.objective.id));
  await h.db.update(keyResults).set({ grade: 0.4 }).where(eq(keyResults.id, krB.id));
  const cancelled = await build.objective(w, a, q1);
  await h.db.update(objectives).set({ status: "cancelled", score: 1 }).where(eq(objectives.id, cancelled.id));
  ids.cancelled = cancelled.id;
  // Another period's objective is not in the review.
  ids.otherPeriodObjective = (await build.objective(w, a, q4)).id;

  // Campaigns: one over budget that met its goal, one within budget that missed it, one outside the quarter, one draft.
  const inQuarter = { startsOn: "2020-02-01", endsOn: "2020-04-15" };
  const over = await build.campaign(w, a, { status: "completed", approvedBudgetMinor: 100_000 });
  await h.db.update(campaigns).set({ ...inQuarter, name: "Spring launch", goals: [{ metric: "leads", customName: "", target: 100 }] }).where(eq(campaigns.id, over.id));
  await h.db.insert(campaignSpend).values({ orgId: w.org.orgId, campaignId: over.id, spentOn: "2020-02-10", channel: "email", amountMinor: 150_000, currency: "USD" });
  await h.db.insert(campaignResults).values([
    { orgId: w.org.orgId, campaignId: over.id, metric: "leads", observedOn: "2020-02-11", value: 120 },
    { orgId: w.org.orgId, campaignId: over.id, metric: "revenue", observedOn: "2020-02-11", value: 300_000 },
  ]);
  const good = await build.campaign(w, a, { status: "completed", approvedBudgetMinor: 100_000 });
  await h.db
    .update(campaigns)
    .set({ ...inQuarter, name: "Webinar", goals: [{ metric: "signups", customName: "", target: 50 }, { metric: "custom", customName: "NPS replies", target: 5 }] })
    .where(eq(campaigns.id, good.id));
  await h.db.insert(campaignBudgetLines).values({ orgId: w.org.orgId, campaignId: good.id, channel: "email", amountMinor: 90_000, currency: "USD" });
  await h.db.insert(campaignSpend).values({ orgId: w.org.orgId, campaignId: good.id, spentOn: "2020-02-10", channel: "email", amountMinor: 50_000, currency: "USD" });
  await h.db.insert(campaignResults).values([
    { orgId: w.org.orgId, campaignId: good.id, metric: "signups", observedOn: "2020-02-11", value: 10 },
    { orgId: w.org.orgId, campaignId: good.id, metric: "custom", customName: "NPS replies", observedOn: "2020-02-11", value: 7 },
  ]);
  ids.over = over.id;
  ids.good = good.id;
  const later = await build.campaign(w, a, { status: "completed", approvedBudgetMinor: 1 });
  await h.db.update(campaigns).set({ startsOn: "2020-04-01", endsOn: "2020-05-01" }).where(eq(campaigns.id, later.id));
  ids.later = later.id;
  const draft = await build.campaign(w, a);
  const pending = await build.campaign(w, a, { status: "pending_approval" });
  await h.db.update(campaigns).set(inQuarter).where(inArray(campaigns.id, [draft.id, pending.id]));
  ids.draft = draft.id;
  // Still running (ends long after the quarter): its unmet goal is not a miss yet.
  const running = await build.campaign(w, a, { status: "live", approvedBudgetMinor: 100 });
  await h.db.update(campaigns).set({ startsOn: "2020-03-01", endsOn: "2999-12-31", goals: [{ metric: "leads", customName: "", target: 1000 }] }).where(eq(campaigns.id, running.id));
  ids.running = running.id;

  // Risks: one rose (4 → 12), one fell (16 → 4), one unchanged, one opened and closed in the quarter.
  const assess = async (riskId: string, at: string, rl: number, ri: number) =>
    h.db.insert(riskAssessments).values({ orgId: w.org.orgId, riskId, inherentLikelihood: 5, inherentImpact: 5, residualLikelihood: rl, residualImpact: ri, createdAt: d(at) });
  const rose = await build.risk(w, a, { scores: [5, 5, 4, 3] });
  await h.db.update(risks).set({ title: "Supplier outage", createdAt: d("2019-06-01") }).where(eq(risks.id, rose.id));
  await assess(rose.id, "2019-12-01", 2, 2);
  await assess(rose.id, "2020-02-01", 4, 3);
  const fell = await build.risk(w, a, { scores: [5, 5, 2, 2] });
  await h.db.update(risks).set({ createdAt: d("2019-06-01") }).where(eq(risks.id, fell.id));
  await assess(fell.id, "2019-11-01", 4, 4);
  await assess(fell.id, "2020-03-01", 2, 2);
  const same = await build.risk(w, a, { scores: [5, 5, 3, 3] });
  await h.db.update(risks).set({ createdAt: d("2019-06-01") }).where(eq(risks.id, same.id));
  await assess(same.id, "2019-11-01", 3, 3);
  const closed = await build.risk(w, a, { status: "closed" });
  await h.db.update(risks).set({ title: "Office move", createdAt: d("2020-01-10") }).where(eq(risks.id, closed.id));
  await h.db.insert(auditEvents).values({ orgId: w.org.orgId, actorId: a.ownerId, entityType: "risk", entityId: closed.id, action: "status_closed", createdAt: d("2020-03-20") });
  Object.assign(ids, { rose: rose.id, fell: fell.id, same: same.id, closed: closed.id });

  // Products: advanced from the first stage to the second in the quarter; another move in 2021.
  const p = await build.product(w, a);
  await h.db.insert(productStageVisits).values({
    orgId: w.org.orgId,
    productId: p.id,
    stageId: p.stages[1]!.id,
    fromStageId: p.stages[0]!.id,
    kind: "advanced",
    enteredAt: d("2020-02-20"),
  });
  await h.db.insert(productStageVisits).values({ orgId: w.org.orgId, productId: p.id, stageId: p.stages[2]!.id, fromStageId: p.stages[1]!.id, kind: "advanced", enteredAt: d("2021-02-20") });
  ids.product = p.id;
  ids.stage0 = p.stages[0]!.id;

  // Retros: the quarter's retro (facilitated by the manager) with a done, an overdue and an open action;
  // 2019-Q4's retro with one unfinished (carried) and one done action.
  const fac: Subject = { ownerId: w.org.users.manager.id, departmentId: w.org.departmentIds.a };
  const retro = await build.retro(w, fac, { participantIds: [w.org.users.member.id] });
  await h.db.update(retros).set({ periodId: q1, template: "builtin:went_well", columns: [{ key: "went_well", label: "" }, { key: "to_improve", label: "" }, { key: "ideas", label: "" }] }).where(eq(retros.id, retro.id));
  ids.retro = retro.id;
  const [done, overdue, open] = await h.db
    .insert(retroActions)
    .values([
      { orgId: w.org.orgId, retroId: retro.id, title: "Write the runbook", status: "done", dueOn: "2020-02-01" },
      { orgId: w.org.orgId, retroId: retro.id, title: "Hire an SRE", status: "open", dueOn: "2020-02-01", ownerId: a.ownerId },
      { orgId: w.org.orgId, retroId: retro.id, title: "Someday", status: "in_progress", dueOn: "2999-01-01" },
    ])
    .returning();
  Object.assign(ids, { done: done!.id, overdue: overdue!.id, open: open!.id });
  const prev = await build.retro(w, fac, { phase: "closed" });
  await h.db.update(retros).set({ periodId: q4 }).where(eq(retros.id, prev.id));
  const [carried, prevDone] = await h.db
    .insert(retroActions)
    .values([
      { orgId: w.org.orgId, retroId: prev.id, title: "Fix the on-call rota", status: "in_progress" },
      { orgId: w.org.orgId, retroId: prev.id, title: "Old and done", status: "done" },
    ])
    .returning();
  ids.carried = carried!.id;
  ids.prevDone = prevDone!.id;
});
afterAll(async () => h?.close());

const as = (userId: string, locale: "en" | "zh-CN" = "en") => callerFor(h.db, userId, { locale });

describe("review.get", () => {
  it("grades objectives by department and counts missed key results, leaving cancelled and other periods' objectives out", async () => {
    const r = await (await as(w.org.users.viewer.id)).review.get({ orgSlug: w.org.slug, periodId: q1 });
    expect(r.period.name).toBe("2020-Q1");
    expect(r.okrs.objectives.map((o) => o.id).sort()).toEqual([ids.objA, ids.objB].sort());
    const a = r.okrs.objectives.find((o) => o.id === ids.objA)!;
    expect(a.score).toBe(0.8);
    expect(a.band).toBe("green");
    expect(a.keyResults.map((k) => [k.id, k.missed]).sort()).toEqual([[ids.krA, false], [ids.krMissed, true]].sort());
    expect(r.okrs.summary).toMatchObject({ objectives: 2, graded: 2, keyResults: 3, krGraded: 3, krMissed: 1, krSkipped: 0 });
    expect(r.okrs.summary.meanScore).toBeCloseTo(0.6);
    expect(r.okrs.departments.map((x) => [x.departmentName, x.objectives, x.meanScore])).toEqual([
      ["Dept A", 1, 0.8],
      ["Dept B", 1, 0.4],
    ]);
  });

  it("lists the quarter's campaigns with budget against spend, ROI and goals against actuals", async () => {
    const r = await (await as(w.org.users.viewer.id)).review.get({ orgSlug: w.org.slug, periodId: q1 });
    // Drafts, campaigns waiting for approval and those outside the quarter are left out.
    expect(r.campaigns.items.map((c) => c.id).sort()).toEqual([ids.over, ids.good, ids.running].sort());
    const over = r.campaigns.items.find((c) => c.id === ids.over)!;
    expect(over).toMatchObject({ budgetMinor: 100_000, spendMinor: 150_000, revenueMinor: 300_000, overBudget: true, roi: 1, goalsMet: true });
    expect(over.goals).toEqual([{ metric: "leads", customName: "", target: 100, actual: 120, met: true }]);
    const good = r.campaigns.items.find((c) => c.id === ids.good)!;
    expect(good).toMatchObject({ budgetMinor: 100_000, spendMinor: 50_000, overBudget: false, roi: -1, goalsMet: false, finished: true });
    expect(r.campaigns.items.find((c) => c.id === ids.running)).toMatchObject({ goalsMet: false, finished: false });
    expect(good.goals.map((g) => [g.metric, g.actual, g.met])).toEqual([
      ["signups", 10, false],
      ["custom", 7, true],
    ]);
    expect(r.campaigns.base).toEqual({ currency: "USD", budgetMinor: 200_100, spendMinor: 200_000, revenueMinor: 300_000 });
  });

  it("shows how risks moved from the start to the end of the quarter, and which were opened and closed", async () => {
    const r = await (await as(w.org.users.viewer.id)).review.get({ orgSlug: w.org.slug, periodId: q1 });
    const moves = Object.fromEntries(r.risks.moves.map((m) => [m.riskId, [m.from?.score ?? null, m.to.score, m.direction]]));
    expect(moves).toEqual({ [ids.rose]: [4, 12, "up"], [ids.fell]: [16, 4, "down"] });
    expect(r.risks).toMatchObject({ rose: 1, fell: 1, unchanged: 1 });
    expect(r.risks.created.map((x) => x.id)).toEqual([ids.closed]);
    expect(r.risks.closed.map((x) => [x.id, x.closedAt.slice(0, 10)])).toEqual([[ids.closed, "2020-03-20"]]);
  });

  it("lists the quarter's product stage changes with their dates", async () => {
    const r = await (await as(w.org.users.viewer.id)).review.get({ orgSlug: w.org.slug, periodId: q1 });
    expect(r.products.changes).toHaveLength(1);
    expect(r.products.changes[0]).toMatchObject({ productId: ids.product, kind: "advanced", enteredAt: "2020-02-20T12:00:00.000Z" });
    expect(r.products.changes[0]!.from?.key).toBeTruthy();
  });

  it("counts the quarter's retro actions (done, open, overdue) and carries the previous quarter's unfinished ones", async () => {
    const r = await (await as(w.org.users.viewer.id)).review.get({ orgSlug: w.org.slug, periodId: q1 });
    expect(r.retros.retros.map((x) => x.id)).toEqual([ids.retro]);
    expect(r.retros.summary).toEqual({ total: 3, done: 1, open: 2, overdue: 1, dropped: 0, carried: 1 });
    expect(r.retros.actions.find((a) => a.overdue)?.id).toBe(ids.overdue);
    expect(r.retros.carried.map((a) => a.id)).toEqual([ids.carried]);
    expect(r.retros.previousPeriod?.id).toBe(q4);
  });

  it("shows empty sections for a period with nothing in it, and another organisation's period is NOT_FOUND", async () => {
    const c = await as(w.org.users.viewer.id);
    const r = await c.review.get({ orgSlug: w.org.slug, periodId: empty });
    expect(r.okrs.objectives).toEqual([]);
    expect(r.campaigns.items).toEqual([]);
    expect(r.risks.moves).toEqual([]);
    expect(r.products.changes).toEqual([]);
    expect(r.retros.actions).toEqual([]);
    await expectCode(c.review.get({ orgSlug: w.org.slug, periodId: other.periodId }), "NOT_FOUND");
  });
});

describe("review.markdown", () => {
  it("has one section per part with the right rows, and escapes pipes and line breaks in table cells", async () => {
    const { markdown, filename } = await (await as(w.org.users.viewer.id)).review.markdown({ orgSlug: w.org.slug, periodId: q1 });
    expect(filename).toBe("review-2020-q1.md");
    for (const h2 of ["## OKR grades", "## Campaign results", "## Risk movement", "## Product stage changes", "## Retro actions"]) expect(markdown).toContain(h2);
    expect(markdown).toContain("# Quarterly review — 2020-Q1");
    expect(markdown).toContain("| Ship \\| fast<br>and safe | Dept A |");
    expect(markdown).toContain("Cut churn to 2%: 0.2 (missed)");
    expect(markdown).toMatch(/\| Spring launch \| Completed \| 1000\.00 USD \| 1500\.00 USD \(over budget\) \| 3000\.00 USD \| 100% \|/);
    expect(markdown).toMatch(/\| Supplier outage \| 4 \(2×2\) \| 12 \(4×3\) \| Rose \|/);
    expect(markdown).toContain("- Office move (2020-01-10)");
    expect(markdown).toMatch(/\| Hire an SRE \| Retro \w+ \| .* \| 2020-02-01 \| Open \(overdue\) \|/);
    expect(markdown).toContain("### Carried over from 2019-Q4");
    expect(markdown).toContain("| Fix the on-call rota |");
    expect(markdown).not.toContain("Old and done");
    // Every table row has as many cells as its header (no pipe broke out of a cell).
    const cells = (line: string) => line.replace(/\\\|/g, "").split("|").length;
    const lines = markdown.split("\n");
    lines.forEach((line, i) => {
      if (line.startsWith("| ") && lines[i - 1]?.startsWith("| ")) expect(cells(line)).toBe(cells(lines[i - 1]!));
    });
  });

  it("writes its headings in the caller's language", async () => {
    const { markdown } = await (await as(w.org.users.viewer.id, "zh-CN")).review.markdown({ orgSlug: w.org.slug, periodId: q1 });
    expect(markdown).toContain("# 季度回顾 — 2020-Q1");
    expect(markdown).toContain("## OKR 评分");
    expect(markdown).toContain("## 风险变化");
    expect(markdown).not.toContain("## Campaign results");
  });

  it("says so when a section is empty", async () => {
    const { markdown } = await (await as(w.org.users.viewer.id)).review.markdown({ orgSlug: w.org.slug, periodId: empty });
    expect(markdown).toContain("_No objectives in this period._");
    expect(markdown).toContain("_No campaigns ran in this period._");
    expect(markdown).toContain("_No product changed stage in this period._");
  });
});

describe("review.prefillRetro", () => {
  const cardsOf = async (retroId: string) => h.db.select().from(retroCards).where(eq(retroCards.retroId, retroId));
  const prefillAudits = async (retroId: string) =>
    h.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, retroId), eq(auditEvents.action, "review_prefill")));

  it("previews, then adds went-well and to-improve cards once; a second run (even in another language) adds nothing", async () => {
    const manager = await as(w.org.users.manager.id);
    const preview = await manager.review.prefillPreview({ orgSlug: w.org.slug, periodId: q1 });
    expect(preview.retro.id).toBe(ids.retro);
    expect(preview.mayFacilitate).toBe(true);
    const byKey = Object.fromEntries(preview.items.map((i) => [i.key, i.columnKey]));
    expect(byKey).toEqual({
      [`objective:${ids.objA}`]: "went_well",
      [`riskDown:${ids.fell}`]: "went_well",
      [`keyResult:${ids.krMissed}`]: "to_improve",
      [`campaignBudget:${ids.over}`]: "to_improve",
      [`campaignMissed:${ids.good}`]: "to_improve",
      [`riskUp:${ids.rose}`]: "to_improve",
      [`actionOverdue:${ids.overdue}`]: "to_improve",
    });
    expect(preview.items.every((i) => !i.exists)).toBe(true);

    const res = await manager.review.prefillRetro({ orgSlug: w.org.slug, periodId: q1 });
    expect(res).toEqual({ retroId: ids.retro, added: 7, skipped: 0 });
    const cards = await cardsOf(ids.retro);
    expect(cards).toHaveLength(7);
    expect(cards.map((c) => c.body)).toContain("Key result “Cut churn to 2%” was missed (grade 0.2).");
    expect(cards.every((c) => c.authorId === w.org.users.manager.id)).toBe(true);
    const [audit] = await prefillAudits(ids.retro);
    expect(audit).toMatchObject({ actorId: w.org.users.manager.id, entityType: "retro" });
    expect((audit!.after as { keys: string[] }).keys).toHaveLength(7);

    expect(await manager.review.prefillRetro({ orgSlug: w.org.slug, periodId: q1 })).toEqual({ retroId: ids.retro, added: 0, skipped: 7 });
    const zh = await as(w.org.users.manager.id, "zh-CN");
    expect((await zh.review.prefillRetro({ orgSlug: w.org.slug, periodId: q1, retroId: ids.retro })).added).toBe(0);
    expect(await cardsOf(ids.retro)).toHaveLength(7);
    expect(await prefillAudits(ids.retro)).toHaveLength(1);
    expect((await manager.review.prefillPreview({ orgSlug: w.org.slug, periodId: q1 })).items.every((i) => i.exists)).toBe(true);
  });

  it("counts a card with the same text in the same column as already there", async () => {
    const fac: Subject = { ownerId: w.org.users.manager.id, departmentId: w.org.departmentIds.a };
    const r = await build.retro(w, fac);
    await h.db.update(retros).set({ periodId: q1, columns: [{ key: "went_well", label: "" }, { key: "to_improve", label: "" }] }).where(eq(retros.id, r.id));
    await h.db.insert(retroCards).values({ orgId: w.org.orgId, retroId: r.id, columnKey: "to_improve", authorId: w.org.users.member.id, body: "Key result “Cut churn to 2%” was missed (grade 0.2)." });
    const res = await (await as(w.org.users.admin.id)).review.prefillRetro({ orgSlug: w.org.slug, periodId: q1, retroId: r.id });
    expect(res).toEqual({ retroId: r.id, added: 6, skipped: 1 });
  });

  it("is for facilitators: a participant who does not facilitate and a viewer are FORBIDDEN, and nothing is added", async () => {
    const fac: Subject = { ownerId: w.org.users.manager.id, departmentId: w.org.departmentIds.a };
    const r = await build.retro(w, fac, { participantIds: [w.org.users.member.id] });
    await h.db.update(retros).set({ periodId: q1 }).where(eq(retros.id, r.id));
    await expectCode((await as(w.org.users.member.id)).review.prefillRetro({ orgSlug: w.org.slug, periodId: q1, retroId: r.id }), "FORBIDDEN");
    await expectCode((await as(w.org.users.viewer.id)).review.prefillRetro({ orgSlug: w.org.slug, periodId: q1, retroId: r.id }), "FORBIDDEN");
    expect(await cardsOf(r.id)).toEqual([]);
    expect(await prefillAudits(r.id)).toEqual([]);
  });

  it("only while the retro takes cards, only a retro of the period, and never another organisation's", async () => {
    const fac: Subject = { ownerId: w.org.users.manager.id, departmentId: w.org.departmentIds.a };
    const voting = await build.retro(w, fac, { phase: "vote" });
    await h.db.update(retros).set({ periodId: q1 }).where(eq(retros.id, voting.id));
    const manager = await as(w.org.users.manager.id);
    await expectCode(manager.review.prefillRetro({ orgSlug: w.org.slug, periodId: q1, retroId: voting.id }), "BAD_REQUEST", "vote");
    const elsewhere = await build.retro(w, fac);
    await expectCode(manager.review.prefillRetro({ orgSlug: w.org.slug, periodId: q1, retroId: elsewhere.id }), "BAD_REQUEST");
    // No retro of an empty period takes cards.
    await expectCode(manager.review.prefillRetro({ orgSlug: w.org.slug, periodId: empty }), "PRECONDITION_FAILED");
    const theirs = await build.retro(other, { ownerId: other.org.users.manager.id, departmentId: other.org.departmentIds.a });
    await expectCode(manager.review.prefillRetro({ orgSlug: w.org.slug, periodId: q1, retroId: theirs.id }), "NOT_FOUND");
    expect(await cardsOf(voting.id)).toEqual([]);
    expect(await cardsOf(elsewhere.id)).toEqual([]);
  });
});
