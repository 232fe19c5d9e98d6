import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { campaigns, checkIns, keyResults, organizations } from "@/db/schema";
import { DEMO_CAMPAIGNS } from "@/db/seed/campaigns";
import { DEMO_ORG, seedDemo } from "@/db/seed/demo";
import { DEMO_PRODUCTS } from "@/db/seed/products";
import { DEMO_RISKS } from "@/db/seed/risks";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";

let h: DbHandle;
let seeded: Awaited<ReturnType<typeof seedDemo>>;
const slug = DEMO_ORG.slug;
const as = (role: string) => callerFor(h.db, seeded.userIds[role]!);

beforeAll(async () => {
  h = await createTestDb();
  seeded = await seedDemo(h.db);
}, 120_000);
afterAll(async () => h?.close());

const now = new Date();
const today = now.toISOString().slice(0, 10);
const q0 = Math.floor(now.getUTCMonth() / 3) * 3;
const quarterStart = new Date(Date.UTC(now.getUTCFullYear(), q0, 1)).toISOString().slice(0, 10);
const quarterEnd = new Date(Date.UTC(now.getUTCFullYear(), q0 + 3, 0)).toISOString().slice(0, 10);

async function byName(name: string) {
  const list = await (await as("viewer")).campaign.list({ orgSlug: slug, search: name });
  const c = list.items.find((i) => i.name === name);
  expect(c, name).toBeDefined();
  return c!;
}

describe("demo seed", () => {
  it("creates the demo organisation with one user of every role", async () => {
    const [org] = await h.db.select().from(organizations).where(eq(organizations.slug, slug));
    expect(org?.name).toBe(DEMO_ORG.name);
    expect(Object.keys(seeded.userIds).sort()).toEqual(["admin", "manager", "member", "owner", "viewer"]);
    expect(seeded.campaigns).not.toBeNull();
  });

  it("seeds campaigns in every state, dated around today", async () => {
    const all = await (await as("owner")).campaign.list({ orgSlug: slug });
    const status = Object.fromEntries(all.items.map((c) => [c.name, c.status]));
    expect(status).toEqual({
      [DEMO_CAMPAIGNS.live]: "live",
      [DEMO_CAMPAIGNS.overBudget]: "approved",
      [DEMO_CAMPAIGNS.pending]: "pending_approval",
      [DEMO_CAMPAIGNS.draftA]: "draft",
      [DEMO_CAMPAIGNS.draftB]: "draft",
      [DEMO_CAMPAIGNS.completed]: "completed",
    });
    const live = await byName(DEMO_CAMPAIGNS.live);
    expect(live.startsOn >= quarterStart || live.startsOn <= today).toBe(true);
    expect(live.startsOn < today && live.endsOn > today).toBe(true);
    expect(live.endsOn <= quarterEnd || live.endsOn > today).toBe(true);
    const done = await byName(DEMO_CAMPAIGNS.completed);
    expect(done.endsOn < quarterStart).toBe(true);
    for (const name of [DEMO_CAMPAIGNS.draftA, DEMO_CAMPAIGNS.draftB, DEMO_CAMPAIGNS.pending]) {
      expect((await byName(name)).startsOn > today, name).toBe(true);
    }
  });

  it("the live campaign has budget lines, spend within its approved budget, dated results, two variants and feeds the leads KR", async () => {
    const viewer = await as("viewer");
    const live = await viewer.campaign.get({ orgSlug: slug, campaignId: (await byName(DEMO_CAMPAIGNS.live)).id });
    expect(live.budgetLines).toHaveLength(4);
    expect(live.approvedBudgetMinor).toBe(2_000_000);
    expect(live.metrics.overBudget).toBe(false);
    expect(live.metrics.burn).toBeGreaterThan(0.3);
    expect(live.metrics.burn).toBeLessThan(1);
    const spendDates = new Set(live.spend.map((s) => s.spentOn));
    expect(spendDates.size).toBeGreaterThan(2);
    expect([...spendDates].every((d) => d < today)).toBe(true);
    const metrics = new Set(live.results.map((r) => r.metric));
    for (const m of ["impressions", "clicks", "leads", "conversions", "revenue"]) expect(metrics.has(m as never), m).toBe(true);
    expect(live.variants).toHaveLength(2);
    expect(live.metrics.roi).not.toBeNull();
    expect(live.keyResultLinks.map((l) => [l.title, l.feedMetric])).toEqual([["Marketing-qualified leads", "leads"]]);
    expect(live.variants[1]!.test?.significant).toBe(true);
    // two approvers: Marketing's manager, then an admin (20,000 USD is above the 10,000 threshold)
    expect(live.approvals).toHaveLength(1);
    expect(live.approvals[0]!.decisions.map((d) => d.decision)).toEqual(["approve", "approve"]);

    const [kr] = await h.db.select().from(keyResults).where(eq(keyResults.title, "Marketing-qualified leads"));
    const fed = await h.db.select().from(checkIns).where(and(eq(checkIns.keyResultId, kr!.id), eq(checkIns.source, "campaign")));
    // The last week's leads were recorded after the link: one check-in on top of the manual ones, dated after them.
    const lastLeads = live.results.filter((r) => r.metric === "leads").at(-1)!;
    expect(fed.map((c) => c.value)).toEqual([2350 + lastLeads.value]);
    expect(kr!.currentValue).toBe(2350 + lastLeads.value);
    const manual = await h.db.select().from(checkIns).where(and(eq(checkIns.keyResultId, kr!.id), eq(checkIns.source, "manual")));
    expect(manual.every((m) => m.createdAt < fed[0]!.createdAt)).toBe(true);
    expect(fed[0]!.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("one approved campaign is over its approved budget: on the dashboard's list, approver notified", async () => {
    const owner = await as("owner");
    const over = await owner.campaign.list({ orgSlug: slug, overBudget: true, limit: 5 });
    expect(over.items.map((c) => c.name)).toEqual([DEMO_CAMPAIGNS.overBudget]);
    const c = over.items[0]!;
    expect(c.totals.spendMinor).toBeGreaterThan(c.totals.approvedMinor!);
    const adminBell = await (await as("admin")).notification.list({ orgSlug: slug });
    expect(adminBell.items.filter((n) => n.kind === "campaignOverBudget" && !n.readAt).map((n) => n.params)).toEqual([{ title: DEMO_CAMPAIGNS.overBudget }]);
  });

  it("the pending launch request waits in the Marketing manager's inbox, with the plan frozen in its snapshot", async () => {
    const manager = await as("manager");
    const inbox = await manager.approval.inbox({ orgSlug: slug, box: "waiting", limit: 25 });
    expect(inbox.items.map((r) => [r.title, r.subjectType]).sort()).toEqual(
      [
        [DEMO_CAMPAIGNS.pending, "campaign_launch"],
        [DEMO_PRODUCTS.pending, "stage_gate"],
      ].sort(),
    );
    const r = await manager.approval.get({ orgSlug: slug, requestId: inbox.items.find((i) => i.subjectType === "campaign_launch")!.id });
    expect(r.me.canDecide).toBe(true);
    expect(r.steps.map((s) => s.rule.kind)).toEqual(["department_managers", "role"]);
    expect(r.snapshot).toMatchObject({
      kind: "campaign_launch",
      currency: "EUR",
      requestedMinor: 1_050_000,
      baseCurrency: "USD",
      rate: "1.08",
      requestedBaseMinor: 1_134_000,
      thresholdMinor: 1_000_000,
      twoStep: true,
      campaign: { name: DEMO_CAMPAIGNS.pending, ownerName: "Max Member", departmentName: "Marketing", audienceTags: ["emea", "trial-users"] },
      keyResults: [{ title: "Marketing-qualified leads", feedMetric: "leads" }],
    });
    expect((r.snapshot as { lines: unknown[] }).lines).toHaveLength(3);
    const bell = await manager.notification.list({ orgSlug: slug });
    const gate = inbox.items.find((i) => i.subjectType === "stage_gate")!;
    expect(bell.items.filter((n) => !n.readAt).map((n) => n.link).sort()).toEqual([`/${slug}/approvals/${r.id}`, `/${slug}/approvals/${gate.id}`].sort());
  });

  it("leaves the member with nothing unread and the drafts overlapping on the calendar", async () => {
    expect((await (await as("member")).notification.list({ orgSlug: slug })).unread).toBe(0);
    const a = await byName(DEMO_CAMPAIGNS.draftA);
    const b = await byName(DEMO_CAMPAIGNS.draftB);
    const cal = await (await as("viewer")).campaign.calendar({ orgSlug: slug, from: a.startsOn, to: b.endsOn });
    expect(cal.overlaps.some((o) => o.campaignIds.includes(a.id) && o.campaignIds.includes(b.id))).toBe(true);
  });

  it("is idempotent: a second run adds nothing", async () => {
    const count = async () =>
      (await h.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(campaigns).where(eq(campaigns.orgId, seeded.orgId)))[0]!.n;
    const before = await count();
    const again = await seedDemo(h.db);
    expect(again.campaigns).toBeNull();
    expect(await count()).toBe(before);
  });
  it("puts products across the lifecycle, with an approved gate in the history, a pending one, feedback and plans", async () => {
    const viewer = await as("viewer");
    const list = await viewer.product.list({ orgSlug: slug });
    const stages = await viewer.product.stages({ orgSlug: slug });
    const stageOf = (name: string) => stages.find((s) => s.id === list.find((p) => p.name === name)?.stageId)?.key;
    expect(stageOf(DEMO_PRODUCTS.growth)).toBe("growth");
    expect(stageOf(DEMO_PRODUCTS.pending)).toBe("discovery");
    expect(stageOf(DEMO_PRODUCTS.development)).toBe("development");
    expect(stageOf(DEMO_PRODUCTS.idea)).toBe("ideation");
    expect(stageOf(DEMO_PRODUCTS.decline)).toBe("decline");
    const pending = list.find((p) => p.name === DEMO_PRODUCTS.pending)!;
    expect(pending.pendingGate).not.toBeNull();
    expect(pending.checklist.complete).toBe(true);
    const mobile = await viewer.product.get({ orgSlug: slug, productId: seeded.products!.mobile });
    expect(mobile.daysInStage).toBe(30);
    expect(mobile.history.map((v) => v.kind)).toEqual(["advanced", "created"]);
    expect(mobile.gates[0]?.status).toBe("approved");
    expect(mobile.campaigns.map((c) => c.name)).toEqual([DEMO_CAMPAIGNS.live]);
    expect(mobile.feedback.map((f) => f.title)[0]).toBe("Offline mode for site visits");
    expect(mobile.plans).toHaveLength(3);
    const roadmap = await viewer.product.roadmap({ orgSlug: slug, year: now.getUTCFullYear() });
    expect(roadmap.products.find((p) => p.name === DEMO_PRODUCTS.growth)?.planned.find((x) => x.late)).toBeDefined();
  });
  it("fills the risk register: an accepted risk, early warnings from the KR and the KPI, a risk blocking a product gate, an overdue review", async () => {
    const viewer = await as("viewer");
    const { items } = await viewer.risk.list({ orgSlug: slug });
    const byTitle = (t: string) => items.find((r) => r.title === t)!;
    expect(byTitle(DEMO_RISKS.accepted)).toMatchObject({ status: "accepted", aboveAppetite: true });
    expect(byTitle(DEMO_RISKS.krWatch).warningAt).not.toBeNull();
    expect(byTitle(DEMO_RISKS.kpiWatch).warningAt).not.toBeNull();
    expect(byTitle(DEMO_RISKS.overdue).reviewOverdue).toBe(true);
    expect(byTitle(DEMO_RISKS.product)).toMatchObject({ status: "treating", aboveAppetite: true, openActions: 2 });
    // The partner portal's "no open risk above appetite" criterion fails because of it.
    const portal = (await viewer.product.list({ orgSlug: slug })).find((p) => p.name === DEMO_PRODUCTS.development)!;
    const detail = await viewer.product.get({ orgSlug: slug, productId: portal.id });
    expect(detail.checklist.find((i) => i.kind === "risks_within_appetite")).toMatchObject({ passed: false });
    const heat = await viewer.risk.heatMap({ orgSlug: slug });
    expect(heat.residual.flat().reduce((a, b) => a + b, 0)).toBe(items.length);
  });
});
