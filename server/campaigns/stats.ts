/**
 * A/B test statistics. Pure.
 *
 * - normalCdf: Hart's double-precision rational approximation (Hart 1968, algorithm 5666, as given by
 *   G. West, "Better approximations to cumulative normal functions", 2005), absolute error below 1e-14.
 * - twoProportionZTest: pooled two-proportion z-test, two-sided p-value, and the 95% Wald confidence
 *   interval of the difference (unpooled standard error).
 * - sampleSizePerVariant: per-variant sample size for a two-sided test at α = 0.05 and power 0.8
 *   (Fleiss' formula without continuity correction).
 */

export const ALPHA = 0.05;
export const POWER = 0.8;
/** z quantiles: Φ⁻¹(1 − α/2) for α = 0.05, and Φ⁻¹(0.8). */
export const Z_975 = 1.959963984540054;
export const Z_80 = 0.8416212335729143;

/** Φ(x), the standard normal cumulative distribution function. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let tail: number;
  if (a > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-a * a) / 2);
    if (a < 7.07106781186547) {
      let n = 3.52624965998911e-2 * a + 0.700383064443688;
      n = n * a + 6.37396220353165;
      n = n * a + 33.912866078383;
      n = n * a + 112.079291497871;
      n = n * a + 221.213596169931;
      n = n * a + 220.206867912376;
      let d = 8.83883476483184e-2 * a + 1.75566716318264;
      d = d * a + 16.064177579207;
      d = d * a + 86.7807322029461;
      d = d * a + 296.564248779674;
      d = d * a + 637.333633378831;
      d = d * a + 793.826512519948;
      d = d * a + 440.413735824752;
      tail = (e * n) / d;
    } else {
      let b = a + 0.65;
      b = a + 4 / b;
      b = a + 3 / b;
      b = a + 2 / b;
      b = a + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** Two-sided p-value of a z statistic. */
export function twoSidedP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

export type Verdict = "insufficient_data" | "no_difference" | "not_significant" | "significant_better" | "significant_worse";

export interface ZTestResult {
  /** Conversion rates of A (control) and B. */
  rateA: number | null;
  rateB: number | null;
  /** rateB − rateA. */
  difference: number | null;
  /** (rateB − rateA) / rateA. */
  relativeLift: number | null;
  z: number | null;
  pValue: number | null;
  /** 95% confidence interval of the difference. */
  ci: { low: number; high: number } | null;
  significant: boolean;
  verdict: Verdict;
}

export interface Arm {
  exposures: number;
  conversions: number;
}

/** Below this many exposures per arm, or conversions + non-conversions under 5, the normal approximation is not trusted. */
export const MIN_EXPOSURES = 30;

/** Pooled two-proportion z-test of B against A (control). */
export function twoProportionZTest(a: Arm, b: Arm, alpha = ALPHA): ZTestResult {
  const empty: ZTestResult = {
    rateA: null,
    rateB: null,
    difference: null,
    relativeLift: null,
    z: null,
    pValue: null,
    ci: null,
    significant: false,
    verdict: "insufficient_data",
  };
  if (a.exposures <= 0 || b.exposures <= 0) return empty;
  const pA = a.conversions / a.exposures;
  const pB = b.conversions / b.exposures;
  const diff = pB - pA;
  const base = { ...empty, rateA: pA, rateB: pB, difference: diff, relativeLift: pA === 0 ? null : diff / pA };
  const pooled = (a.conversions + b.conversions) / (a.exposures + b.exposures);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.exposures + 1 / b.exposures));
  const seDiff = Math.sqrt((pA * (1 - pA)) / a.exposures + (pB * (1 - pB)) / b.exposures);
  const ci = { low: diff - Z_975 * seDiff, high: diff + Z_975 * seDiff };
  if (se === 0) {
    // Both arms at 0% or both at 100%: no variation, so no evidence of a difference.
    return { ...base, z: 0, pValue: 1, ci, verdict: enough(a, b) ? "no_difference" : "insufficient_data" };
  }
  const z = diff / se;
  const pValue = twoSidedP(z);
  const significant = enough(a, b) && pValue < alpha;
  const verdict: Verdict = !enough(a, b) ? "insufficient_data" : !significant ? "not_significant" : diff > 0 ? "significant_better" : "significant_worse";
  return { ...base, z, pValue, ci, significant, verdict };
}

function enough(a: Arm, b: Arm) {
  const ok = (x: Arm) => x.exposures >= MIN_EXPOSURES;
  const conv = a.conversions + b.conversions;
  const non = a.exposures + b.exposures - conv;
  return ok(a) && ok(b) && conv >= 5 && non >= 5;
}

/**
 * Exposures needed per variant to detect a change from `baseline` to `baseline + mde` (absolute, e.g.
 * 0.10 → 0.12 is mde 0.02; pass relative: true for a relative lift, 0.2 meaning +20%), two-sided,
 * α = 0.05, power 0.8. Null when the target rate falls outside (0, 1) or mde is 0.
 */
export function sampleSizePerVariant(baseline: number, mde: number, opts: { relative?: boolean } = {}): number | null {
  if (!(baseline > 0 && baseline < 1) || !Number.isFinite(mde) || mde === 0) return null;
  const p1 = baseline;
  const p2 = opts.relative ? baseline * (1 + mde) : baseline + mde;
  if (!(p2 > 0 && p2 < 1)) return null;
  const pBar = (p1 + p2) / 2;
  const num = Z_975 * Math.sqrt(2 * pBar * (1 - pBar)) + Z_80 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((num * num) / ((p2 - p1) * (p2 - p1)));
}
