import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveMetrics, EMPTY_TOTALS, FORMULAS, ratio, type CampaignTotals } from "@/server/campaigns/metrics";

const t = (over: Partial<CampaignTotals>): CampaignTotals => ({ ...EMPTY_TOTALS, ...over });

describe("derived campaign metrics", () => {
  it("all zeros: every ratio is null, never NaN or Infinity", () => {
    expect(deriveMetrics(EMPTY_TOTALS)).toEqual({
      budgetMinor: 0,
      burn: null,
      remainingMinor: 0,
      overBudget: false,
      ctr: null,
      conversionRate: null,
      costPerLeadMinor: null,
      cacMinor: null,
      roi: null,
    });
  });

  it("ROI = (revenue − spend) / spend, null without spend", () => {
    expect(deriveMetrics(t({ spendMinor: 10_000, revenueMinor: 25_000 })).roi).toBe(1.5);
    expect(deriveMetrics(t({ spendMinor: 10_000, revenueMinor: 0 })).roi).toBe(-1);
    expect(deriveMetrics(t({ spendMinor: 10_000, revenueMinor: 10_000 })).roi).toBe(0);
    expect(deriveMetrics(t({ spendMinor: 0, revenueMinor: 25_000 })).roi).toBeNull();
  });

  it("CAC = spend / conversions and cost per lead = spend / leads, in minor units, null for zero", () => {
    const m = deriveMetrics(t({ spendMinor: 100_000, leads: 3, conversions: 8 }));
    expect(m.costPerLeadMinor).toBe(33_333);
    expect(m.cacMinor).toBe(12_500);
    expect(deriveMetrics(t({ spendMinor: 100_000 })).cacMinor).toBeNull();
    expect(deriveMetrics(t({ spendMinor: 100_000 })).costPerLeadMinor).toBeNull();
    expect(deriveMetrics(t({ leads: 10, conversions: 2 })).cacMinor).toBe(0);
  });

  it("CTR = clicks / impressions and conversion rate = conversions / clicks", () => {
    const m = deriveMetrics(t({ impressions: 10_000, clicks: 250, conversions: 10 }));
    expect(m.ctr).toBe(0.025);
    expect(m.conversionRate).toBe(0.04);
    expect(deriveMetrics(t({ clicks: 5 })).ctr).toBeNull();
    expect(deriveMetrics(t({ conversions: 5 })).conversionRate).toBeNull();
  });

  it("burn, remaining and over budget against the approved budget once there is one", () => {
    const planned = deriveMetrics(t({ plannedMinor: 50_000, spendMinor: 20_000 }));
    expect(planned).toMatchObject({ budgetMinor: 50_000, burn: 0.4, remainingMinor: 30_000, overBudget: false });
    const approved = deriveMetrics(t({ plannedMinor: 80_000, approvedMinor: 50_000, spendMinor: 60_000 }));
    expect(approved).toMatchObject({ budgetMinor: 50_000, burn: 1.2, remainingMinor: -10_000, overBudget: true });
    expect(deriveMetrics(t({ approvedMinor: 0, spendMinor: 1 }))).toMatchObject({ burn: null, overBudget: true, remainingMinor: -1 });
    expect(deriveMetrics(t({ approvedMinor: 500, spendMinor: 500 })).overBudget).toBe(false);
  });

  it("never produces NaN or Infinity, whatever the totals (property)", () => {
    const n = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1e12 }));
    fc.assert(
      fc.property(n, fc.option(n, { nil: null }), n, n, n, n, n, n, (plannedMinor, approvedMinor, spendMinor, impressions, clicks, leads, conversions, revenueMinor) => {
        const m = deriveMetrics({ plannedMinor, approvedMinor, spendMinor, impressions, clicks, leads, signups: 0, conversions, revenueMinor });
        for (const v of Object.values(m)) {
          if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
        }
      }),
    );
  });

  it("ratio guards zero and non-finite denominators", () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(1, Infinity)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });

  it("has the formula text of every derived metric", () => {
    const keys = Object.keys(deriveMetrics(EMPTY_TOTALS)).filter((k) => k !== "budgetMinor");
    expect(Object.keys(FORMULAS).sort()).toEqual(keys.sort());
    expect(FORMULAS.roi).toBe("(revenue − spend) / spend");
    expect(FORMULAS.cacMinor).toBe("spend / conversions");
    expect(FORMULAS.ctr).toBe("clicks / impressions");
  });
});
