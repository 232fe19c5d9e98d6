/**
 * Key-result progress, roll-up and grading maths. Pure functions, shared by the server and the UI.
 */
export type KrType = "number" | "percentage" | "currency" | "milestone";
export type KrDirection = "increase" | "decrease" | "band";

export interface KrShape {
  type: KrType;
  direction: KrDirection;
  startValue: number;
  targetValue: number;
  bandMin?: number | null;
  bandMax?: number | null;
  currentValue?: number | null;
}

const clamp = (n: number, lo = 0, hi = 100) => (Number.isNaN(n) ? lo : Math.min(hi, Math.max(lo, n)));

/**
 * Progress in percent, always within 0–100:
 * - milestone: 100 once done (value ≥ 1), else 0;
 * - increase: share of the way from start up to target;
 * - decrease: share of the way from start down to target;
 * - band: 100 inside [min, max]; outside, falls linearly to 0 at one band-width away.
 * Before the first check-in the value is the start value.
 */
export function krProgress(kr: KrShape): number {
  const value = kr.currentValue ?? kr.startValue;
  if (kr.type === "milestone") return value >= 1 ? 100 : 0;
  if (kr.direction === "band") {
    const lo = kr.bandMin ?? kr.targetValue;
    const hi = kr.bandMax ?? kr.targetValue;
    if (value >= lo && value <= hi) return 100;
    const width = Math.max(hi - lo, Math.abs(hi) * 0.1, 1e-9);
    const distance = value < lo ? lo - value : value - hi;
    return clamp(100 - (distance / width) * 100);
  }
  const span = kr.targetValue - kr.startValue;
  if (span === 0) return value === kr.targetValue ? 100 : 0;
  const moved = value - kr.startValue;
  // increase: span > 0, moving up counts; decrease: span < 0, moving down counts. Same formula.
  return clamp((moved / span) * 100);
}

export function isValidKrShape(kr: KrShape): string | null {
  if (kr.type === "milestone") return null;
  if (kr.direction === "band") {
    if (kr.bandMin == null || kr.bandMax == null) return "bandRequired";
    if (kr.bandMin > kr.bandMax) return "bandOrder";
    return null;
  }
  if (kr.targetValue === kr.startValue) return "targetEqualsStart";
  if (kr.direction === "increase" && kr.targetValue < kr.startValue) return "increaseBelowStart";
  if (kr.direction === "decrease" && kr.targetValue > kr.startValue) return "decreaseAboveStart";
  return null;
}

/** Weighted mean of values (0–100 or 0–1); zero total weight → plain mean; empty → 0. */
export function weightedMean(items: { value: number; weight: number }[]): number {
  if (!items.length) return 0;
  // Scale weights by the largest one first, so tiny (subnormal) weights cannot underflow to 0.
  const maxW = Math.max(...items.map((i) => Math.max(0, i.weight)));
  if (!(maxW > 0)) return items.reduce((s, i) => s + i.value, 0) / items.length;
  const w = (i: { weight: number }) => Math.max(0, i.weight) / maxW;
  const total = items.reduce((s, i) => s + w(i), 0);
  return items.reduce((s, i) => s + i.value * w(i), 0) / total;
}

/** Suggested grade 0–1 from progress, rounded to a tenth (the usual OKR scale). */
export function suggestedGrade(progress: number): number {
  return Math.round(clamp(progress) / 10) / 10;
}

export type Confidence = "on_track" | "at_risk" | "off_track";
/** 0–10 confidence → the three-state reading used on boards. */
export function confidenceBand(c: number | null | undefined): Confidence | null {
  if (c == null) return null;
  if (c >= 7) return "on_track";
  if (c >= 4) return "at_risk";
  return "off_track";
}

/** Colour band of an objective's grade: committed objectives are expected at 1.0, aspirational at 0.7. */
export function gradeBand(score: number, commitment: "committed" | "aspirational"): "green" | "amber" | "red" {
  const expected = commitment === "committed" ? 1 : 0.7;
  if (score >= expected - 1e-9) return "green";
  if (score >= expected * 0.6) return "amber";
  return "red";
}

/**
 * The ideal straight line of a KR over its period at a date: start on the first day, target on the
 * last. Returns the expected value.
 */
export function idealValueAt(kr: Pick<KrShape, "startValue" | "targetValue">, startsOn: string, endsOn: string, at: Date): number {
  const s = Date.parse(`${startsOn}T00:00:00Z`);
  const e = Date.parse(`${endsOn}T23:59:59Z`);
  const f = e > s ? Math.min(1, Math.max(0, (at.getTime() - s) / (e - s))) : 1;
  return kr.startValue + (kr.targetValue - kr.startValue) * f;
}

export type KpiBand = "green" | "amber" | "red";
export function kpiBand(
  value: number,
  k: { direction: "higher_is_better" | "lower_is_better"; greenThreshold: number; amberThreshold: number },
): KpiBand {
  if (k.direction === "higher_is_better") {
    if (value >= k.greenThreshold) return "green";
    if (value >= k.amberThreshold) return "amber";
    return "red";
  }
  if (value <= k.greenThreshold) return "green";
  if (value <= k.amberThreshold) return "amber";
  return "red";
}
