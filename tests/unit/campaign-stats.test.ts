import { describe, expect, it } from "vitest";
import { normalCdf, sampleSizePerVariant, twoProportionZTest, twoSidedP, Z_80, Z_975 } from "@/server/campaigns/stats";

describe("the standard normal CDF", () => {
  it("matches printed z-tables to the 4 decimals they give", () => {
    const table: [number, number][] = [
      [0, 0.5],
      [0.5, 0.6915],
      [1, 0.8413],
      [1.28, 0.8997],
      [1.645, 0.95],
      [1.96, 0.975],
      [2.33, 0.9901],
      [2.58, 0.9951],
      [3, 0.9987],
      [-1, 0.1587],
      [-1.96, 0.025],
      [-3, 0.0013],
    ];
    for (const [z, p] of table) expect(normalCdf(z), `Φ(${z})`).toBeCloseTo(p, 4);
  });

  it("matches high-precision reference values (R's pnorm) to 1e-14", () => {
    const ref: [number, number][] = [
      [1, 0.8413447460685429],
      [1.96, 0.9750021048517795],
      [-1.96, 0.024997895148220435],
      [3, 0.9986501019683699],
      [-5, 2.866515718791939e-7],
      [0.5, 0.6914624612740131],
    ];
    for (const [z, p] of ref) expect(Math.abs(normalCdf(z) - p), `Φ(${z})`).toBeLessThan(1e-14);
    expect(normalCdf(Z_975)).toBeCloseTo(0.975, 14);
    expect(normalCdf(Z_80)).toBeCloseTo(0.8, 14);
    expect(normalCdf(-8.5)).toBeGreaterThan(0);
    expect(normalCdf(-8.5)).toBeLessThan(1e-16);
  });

  it("is symmetric, monotone and bounded", () => {
    let prev = 0;
    for (let x = -10; x <= 10; x += 0.01) {
      const p = normalCdf(x);
      expect(p).toBeGreaterThanOrEqual(prev);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(p + normalCdf(-x)).toBeCloseTo(1, 14);
      prev = p;
    }
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(-40)).toBe(0);
  });

  it("two-sided p-values at the usual critical values", () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 12);
    expect(twoSidedP(-2.5758293035489)).toBeCloseTo(0.01, 12);
    expect(twoSidedP(0)).toBe(1);
  });
});

describe("two-proportion z-test (pooled)", () => {
  it("OpenStax Introductory Statistics, two population proportions: 20/200 vs 12/200 gives z = 1.47, one-sided p = 0.0702", () => {
    const r = twoProportionZTest({ exposures: 200, conversions: 12 }, { exposures: 200, conversions: 20 });
    expect(r.rateA).toBe(0.06);
    expect(r.rateB).toBe(0.1);
    expect(r.difference).toBeCloseTo(0.04, 12);
    expect(r.z!).toBeCloseTo(1.4744, 4);
    expect(r.pValue! / 2).toBeCloseTo(0.0702, 4);
    expect(r.significant).toBe(false);
    expect(r.verdict).toBe("not_significant");
  });

  it("200/1000 vs 250/1000: z = 2.6774, p = 0.00742, 95% CI of the difference [0.0135, 0.0865]", () => {
    const r = twoProportionZTest({ exposures: 1000, conversions: 200 }, { exposures: 1000, conversions: 250 });
    expect(r.z!).toBeCloseTo(2.677398, 6);
    expect(r.pValue!).toBeCloseTo(0.0074196, 7);
    expect(r.ci!.low).toBeCloseTo(0.013464, 6);
    expect(r.ci!.high).toBeCloseTo(0.086536, 6);
    expect(r.relativeLift!).toBeCloseTo(0.25, 12);
    expect(r.verdict).toBe("significant_better");
    const worse = twoProportionZTest({ exposures: 1000, conversions: 250 }, { exposures: 1000, conversions: 200 });
    expect(worse.z!).toBeCloseTo(-2.677398, 6);
    expect(worse.verdict).toBe("significant_worse");
  });

  it("guards the degenerate cases: no exposures, no variation, too little data", () => {
    const none = twoProportionZTest({ exposures: 0, conversions: 0 }, { exposures: 100, conversions: 5 });
    expect(none).toMatchObject({ rateA: null, z: null, pValue: null, ci: null, verdict: "insufficient_data", significant: false });
    const flat = twoProportionZTest({ exposures: 500, conversions: 0 }, { exposures: 500, conversions: 0 });
    expect(flat).toMatchObject({ z: 0, pValue: 1, verdict: "insufficient_data", relativeLift: null });
    const allConvert = twoProportionZTest({ exposures: 500, conversions: 500 }, { exposures: 500, conversions: 500 });
    expect(allConvert).toMatchObject({ z: 0, pValue: 1, verdict: "insufficient_data" });
    const tiny = twoProportionZTest({ exposures: 10, conversions: 1 }, { exposures: 10, conversions: 9 });
    expect(tiny.verdict).toBe("insufficient_data");
    expect(tiny.significant).toBe(false);
    for (const v of Object.values(tiny)) if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
  });
});

describe("sample size per variant (α = 0.05 two-sided, power 0.8)", () => {
  it("matches the textbook (Fleiss, no continuity correction) values", () => {
    expect(sampleSizePerVariant(0.1, 0.02)).toBe(3841);
    expect(sampleSizePerVariant(0.05, 0.01)).toBe(8158);
    expect(sampleSizePerVariant(0.2, 0.2, { relative: true })).toBe(1683);
    // a decrease needs the same kind of sample
    expect(sampleSizePerVariant(0.12, -0.02)).toBe(3841);
  });

  it("is null when undefined", () => {
    expect(sampleSizePerVariant(0, 0.01)).toBeNull();
    expect(sampleSizePerVariant(1, -0.01)).toBeNull();
    expect(sampleSizePerVariant(0.1, 0)).toBeNull();
    expect(sampleSizePerVariant(0.95, 0.1)).toBeNull();
    expect(sampleSizePerVariant(0.1, Number.NaN)).toBeNull();
  });
});
