/** The period roll-up is aggregated in SQL; it must equal the weighted means of the objective list. */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { keyResults, objectives, periods } from "@/db/schema";
import { seedDemo } from "@/db/seed/demo";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";

let h: DbHandle;
let seeded: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  h = await createTestDb();
  seeded = await seedDemo(h.db);
}, 120_000);
afterAll(async () => h?.close());

describe("period.rollup", () => {
  it("equals the mean of the listed objectives' progress, per department and for the company, in every period", async () => {
    const owner = await callerFor(h.db, seeded.userIds.owner!);
    const list = await h.db.select().from(periods).where(eq(periods.orgId, seeded.orgId));
    // Shapes the demo lacks: a weighted KR, a band, a milestone, an objective without KRs, a cancelled one.
    const [active] = list.filter((p) => p.status === "active");
    const [o] = await h.db.select().from(objectives).where(and(eq(objectives.orgId, seeded.orgId), eq(objectives.periodId, active!.id))).limit(1);
    await h.db.insert(keyResults).values([
      { orgId: seeded.orgId, objectiveId: o!.id, title: "Weighted", ownerId: o!.ownerId, type: "number", startValue: 0, targetValue: 10, currentValue: 7, weight: 3 },
      { orgId: seeded.orgId, objectiveId: o!.id, title: "Band", ownerId: o!.ownerId, type: "number", direction: "band", startValue: 0, targetValue: 5, bandMin: 4, bandMax: 6, currentValue: 7.5 },
      { orgId: seeded.orgId, objectiveId: o!.id, title: "Milestone", ownerId: o!.ownerId, type: "milestone", startValue: 0, targetValue: 1, currentValue: 1 },
    ]);
    await h.db.insert(objectives).values([
      { orgId: seeded.orgId, periodId: active!.id, title: "No KRs yet", level: "company", ownerId: o!.ownerId },
      { orgId: seeded.orgId, periodId: active!.id, title: "Dropped", level: "company", ownerId: o!.ownerId, status: "cancelled" },
    ]);
    let checked = 0;
    for (const p of list) {
      const rollup = await owner.period.rollup({ orgSlug: "demo", periodId: p.id });
      const live = (await owner.objective.list({ orgSlug: "demo", periodId: p.id })).filter((x) => x.status !== "cancelled");
      const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
      expect(rollup.company.objectives).toBe(live.length);
      expect(rollup.company.progress).toBeCloseTo(mean(live.map((x) => x.progress)), 9);
      const depts = new Map<string, number[]>();
      for (const x of live) depts.set(x.departmentId ?? "", [...(depts.get(x.departmentId ?? "") ?? []), x.progress]);
      expect(rollup.departments.map((d) => d.departmentId ?? "").sort()).toEqual([...depts.keys()].sort());
      for (const d of rollup.departments) {
        const xs = depts.get(d.departmentId ?? "")!;
        expect(d.objectives).toBe(xs.length);
        expect(d.progress).toBeCloseTo(mean(xs), 9);
      }
      checked += live.length;
    }
    expect(checked).toBeGreaterThan(3);
  });
});
