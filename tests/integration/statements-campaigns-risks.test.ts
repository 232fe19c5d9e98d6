/**
 * Round trips of the campaign and risk reads (issue #11), with their answers checked against the
 * per-row definitions they replaced: campaign.list's totals (campaignTotals), risk.list's open-action
 * count and pending acceptance, the heat map's settings with and without a saved row.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { approvalRequests, campaignBudgetLines, campaignResults, campaigns, campaignSpend, riskActions } from "@/db/schema";
import { campaignTotals } from "@/server/campaigns/queries";
import { deriveMetrics } from "@/server/campaigns/metrics";
import { loadActor } from "@/server/org/actor";
import { defaultMatrix } from "@/server/risks/scoring";
import { createTestDb } from "../helpers/db";
import { statementLog } from "../helpers/statement-log";
import { callerFor } from "../helpers/factories";
import { assessedRisk, createRisk, day, riskWorld, type RiskWorld } from "./_support/risks";

let h: DbHandle;
const { logQuery, counted } = statementLog();

beforeAll(async () => {
  h = await createTestDb({ logQuery });
});
afterAll(async () => h?.close());


describe("campaign reads", () => {
  let rw: RiskWorld;
  beforeAll(async () => {
    rw = await riskWorld(h.db, "stmtcamp");
  });

  it("campaign.list: one statement after authentication, totals equal to campaignTotals", async () => {
    const owner = await callerFor(h.db, rw.U.owner);
    const { orgId } = rw.w.org;
    const ids: string[] = [];
    for (let k = 0; k < 4; k++) {
      const c = await owner.campaign.create({
        orgSlug: rw.slug,
        name: `Stmt ${k}`,
        departmentId: rw.w.org.departmentIds.a,
        ownerId: rw.U.owner,
        channels: ["email", "social"],
        startsOn: `2030-0${k + 1}-01`,
        endsOn: `2030-0${k + 1}-20`,
      });
      ids.push(c.id);
    }
    // Sums above 2^31 and several rows per metric; one campaign without anything; custom metrics left out.
    await h.db.insert(campaignBudgetLines).values([
      { orgId, campaignId: ids[0]!, channel: "email", amountMinor: 3_000_000_000, currency: "USD" },
      { orgId, campaignId: ids[0]!, channel: "social", amountMinor: 12_345, currency: "USD" },
      { orgId, campaignId: ids[1]!, channel: "email", amountMinor: 500, currency: "USD" },
    ]);
    await h.db.insert(campaignSpend).values([
      { orgId, campaignId: ids[0]!, spentOn: "2030-01-02", channel: "email", amountMinor: 2_500_000_000, currency: "USD" },
      { orgId, campaignId: ids[0]!, spentOn: "2030-01-03", channel: "email", amountMinor: 1_000_000_000, currency: "USD" },
      { orgId, campaignId: ids[2]!, spentOn: "2030-03-03", channel: "email", amountMinor: 7, currency: "USD" },
    ]);
    await h.db.insert(campaignResults).values([
      { orgId, campaignId: ids[0]!, metric: "impressions", observedOn: "2030-01-02", value: 1000 },
      { orgId, campaignId: ids[0]!, metric: "impressions", observedOn: "2030-01-03", value: 500 },
      { orgId, campaignId: ids[0]!, metric: "clicks", observedOn: "2030-01-03", value: 40 },
      { orgId, campaignId: ids[0]!, metric: "revenue", observedOn: "2030-01-04", value: 9_000_000_000 },
      { orgId, campaignId: ids[0]!, metric: "custom", customName: "webinar seats", observedOn: "2030-01-04", value: 12 },
      { orgId, campaignId: ids[1]!, metric: "conversions", observedOn: "2030-02-04", value: 3 },
    ]);
    await h.db.update(campaigns).set({ approvedBudgetMinor: 600 }).where(eq(campaigns.id, ids[1]!));

    const { value, statements } = await counted(() => owner.campaign.list({ orgSlug: rw.slug, limit: 3 }));
    expect(statements).toHaveLength(2);
    expect(statements.some((q) => /union all/i.test(q))).toBe(false);
    expect(value.items.map((i) => i.name)).toEqual(["Stmt 3", "Stmt 2", "Stmt 1"]);
    expect(value.nextCursor).toBe(`${value.items[2]!.startsOn}~${value.items[2]!.id}`);

    const all = await owner.campaign.list({ orgSlug: rw.slug, limit: 10 });
    const actor = (await loadActor(h.db, rw.U.owner, rw.slug))!;
    const expected = await campaignTotals(h.db, actor, all.items);
    for (const item of all.items) {
      expect(item.totals).toEqual(expected.get(item.id));
      expect(Object.keys(item.totals)).toEqual(Object.keys(expected.get(item.id)!));
      expect(item.metrics).toEqual(deriveMetrics(expected.get(item.id)!));
    }
    const first = all.items.find((i) => i.id === ids[0])!;
    expect(first.totals).toMatchObject({ plannedMinor: 3_000_012_345, spendMinor: 3_500_000_000, impressions: 1500, clicks: 40, revenueMinor: 9_000_000_000, leads: 0 });
    expect(all.items.find((i) => i.id === ids[3])!.totals).toMatchObject({ plannedMinor: 0, spendMinor: 0, approvedMinor: null, conversions: 0 });
    expect(all.items.find((i) => i.id === ids[1])!.totals).toMatchObject({ plannedMinor: 500, approvedMinor: 600, conversions: 3 });
  });

  it("campaign.calendar: one statement after authentication, overlaps flagged both ways", async () => {
    const owner = await callerFor(h.db, rw.U.owner);
    const base = { orgSlug: rw.slug, departmentId: rw.w.org.departmentIds.a, ownerId: rw.U.owner, channels: ["email"], audienceTags: ["SMB"] };
    const a = await owner.campaign.create({ ...base, name: "Cal A", startsOn: "2031-01-01", endsOn: "2031-01-31" });
    const b = await owner.campaign.create({ ...base, name: "Cal B", startsOn: "2031-01-20", endsOn: "2031-02-10", audienceTags: ["smb "] });
    const c = await owner.campaign.create({ ...base, name: "Cal C", startsOn: "2031-02-05", endsOn: "2031-02-20" });
    const { value, statements } = await counted(() => owner.campaign.calendar({ orgSlug: rw.slug, from: "2031-01-01", to: "2031-03-31" }));
    expect(statements).toHaveLength(2);
    expect(value.overlaps.map((o) => o.campaignIds)).toEqual([
      [a.id, b.id],
      [b.id, c.id],
    ]);
    const partners = Object.fromEntries(value.items.map((i) => [i.name, i.overlapsWith]));
    expect(partners).toEqual({ "Cal A": [b.id], "Cal B": [a.id, c.id], "Cal C": [b.id] });
  });
});

describe("risk reads", () => {
  let rw: RiskWorld;
  beforeAll(async () => {
    rw = await riskWorld(h.db, "stmtrisk");
  });

  it("risk.heatMap: one statement after authentication, default settings until a row is saved", async () => {
    await assessedRisk(rw, [5, 4, 2, 2]);
    await createRisk(rw);
    const viewer = await rw.as(rw.U.viewer);
    const { value, statements } = await counted(() => viewer.risk.heatMap({ orgSlug: rw.slug }));
    expect(statements).toHaveLength(2);
    expect(value).toMatchObject({ appetite: 9, matrix: defaultMatrix(), unassessed: 1, scales: { likelihood: [], impact: [] } });
    expect(value.inherent[4]![3]).toBe(1);
    expect(value.residual[1]![1]).toBe(1);
    expect(value.warnings).toEqual({ inherent: value.inherent.map((r) => r.map(() => 0)), residual: value.residual.map((r) => r.map(() => 0)) });

    const matrix = defaultMatrix();
    matrix[2]![2] = "high";
    const scale = [1, 2, 3, 4, 5].map((n) => ({ label: `L${n}`, description: `level ${n}` }));
    const settings = await (await rw.as(rw.U.owner)).risk.settings({ orgSlug: rw.slug });
    await (await rw.as(rw.U.owner)).risk.updateSettings({ orgSlug: rw.slug, ...settings, appetite: 12, matrix, likelihoodScale: scale, impactScale: scale });
    const saved = await viewer.risk.heatMap({ orgSlug: rw.slug });
    expect(saved).toMatchObject({ appetite: 12, matrix, scales: { likelihood: scale, impact: scale }, unassessed: 1 });
  });

  it("risk.list: settings and the register side by side (two statements after authentication), open actions and pending acceptance per row", async () => {
    const above = await assessedRisk(rw, [5, 5, 5, 5], { title: "Above appetite" });
    const plain = await assessedRisk(rw, [2, 2, 1, 1], { title: "Plain" });
    const m = await rw.as(rw.U.member);
    for (const status of ["todo", "in_progress", "done", "todo"] as const) await m.risk.addAction({ orgSlug: rw.slug, riskId: above.id, title: `Act ${status}`, status });
    await m.risk.addAction({ orgSlug: rw.slug, riskId: plain.id, title: "Finished", status: "done" });
    await m.risk.requestAcceptance({ orgSlug: rw.slug, riskId: above.id, version: (await m.risk.get({ orgSlug: rw.slug, riskId: above.id })).version, justification: "Carry it", expiresOn: day(60) });

    const viewer = await rw.as(rw.U.viewer);
    const { value, statements } = await counted(() => viewer.risk.list({ orgSlug: rw.slug }));
    expect(statements).toHaveLength(3);
    const ids = value.items.map((i) => i.id);
    const actions = await h.db.select().from(riskActions).where(inArray(riskActions.riskId, ids));
    const pending = await h.db
      .select({ subjectId: approvalRequests.subjectId })
      .from(approvalRequests)
      .where(and(eq(approvalRequests.orgId, rw.w.org.orgId), eq(approvalRequests.subjectType, "risk_acceptance"), eq(approvalRequests.status, "pending")));
    for (const item of value.items) {
      expect(item.openActions).toBe(actions.filter((a) => a.riskId === item.id && (a.status === "todo" || a.status === "in_progress")).length);
      expect(item.acceptancePending).toBe(pending.some((p) => p.subjectId === item.id));
    }
    expect(value.items.find((i) => i.id === above.id)).toMatchObject({ openActions: 3, acceptancePending: true, aboveAppetite: true });
    expect(value.items.find((i) => i.id === plain.id)).toMatchObject({ openActions: 0, acceptancePending: false });
    // the answer's fields and their order: the risk row, its levels and flags, then the joined and counted ones
    expect(Object.keys(value.items[0]!).slice(-11)).toEqual([
      "level", "inherentLevel", "residualLevel", "score", "appetite", "aboveAppetite", "reviewOverdue", "ownerName", "departmentName", "openActions", "acceptancePending",
    ]);
    // filters applied after the levels are computed still hold
    const above12 = await viewer.risk.list({ orgSlug: rw.slug, aboveAppetite: true });
    expect(above12.items.every((i) => i.aboveAppetite)).toBe(true);
  });
});
