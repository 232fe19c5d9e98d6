import { DEFAULT_RISK_CATEGORIES, RISK_LEVELS, type RiskLevel, type ScaleLevel } from "@/db/schema/risks";

/**
 * Pure risk arithmetic: levels from the organisation's 5×5 matrix, appetite, review dates and the
 * rules that decide whether a key risk indicator is breached. No database here, so it is unit-tested
 * on its own.
 */
export { RISK_LEVELS, type RiskLevel };

export interface RiskSettingsShape {
  categories: string[];
  appetite: number;
  categoryAppetite: Record<string, number>;
  likelihoodScale: ScaleLevel[];
  impactScale: ScaleLevel[];
  matrix: RiskLevel[][];
  reviewDays: Record<RiskLevel, number>;
}

/** The default level of a score: 1–4 low, 5–9 medium, 10–15 high, 16–25 critical. */
export function defaultLevelOfScore(score: number): RiskLevel {
  if (score >= 16) return "critical";
  if (score >= 10) return "high";
  if (score >= 5) return "medium";
  return "low";
}

export function defaultMatrix(): RiskLevel[][] {
  return [1, 2, 3, 4, 5].map((l) => [1, 2, 3, 4, 5].map((i) => defaultLevelOfScore(l * i)));
}

export const DEFAULT_REVIEW_DAYS: Record<RiskLevel, number> = { low: 365, medium: 180, high: 90, critical: 30 };

export function defaultRiskSettings(): RiskSettingsShape {
  return {
    categories: [...DEFAULT_RISK_CATEGORIES],
    appetite: 9,
    categoryAppetite: {},
    likelihoodScale: [],
    impactScale: [],
    matrix: defaultMatrix(),
    reviewDays: { ...DEFAULT_REVIEW_DAYS },
  };
}

export const isScore = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 5;

/** The level of a likelihood/impact pair in the organisation's matrix. */
export function levelOf(matrix: RiskLevel[][], likelihood: number, impact: number): RiskLevel {
  if (!isScore(likelihood) || !isScore(impact)) throw new RangeError(`score out of range: ${likelihood}×${impact}`);
  return matrix[likelihood - 1]?.[impact - 1] ?? defaultLevelOfScore(likelihood * impact);
}

/** A matrix is valid when it is 5×5, every cell a level, and a level never drops as likelihood or impact rises. */
export function matrixProblem(matrix: unknown): string | null {
  if (!Array.isArray(matrix) || matrix.length !== 5) return "v.riskMatrixShape";
  for (const row of matrix) {
    if (!Array.isArray(row) || row.length !== 5 || !row.every((c) => (RISK_LEVELS as readonly string[]).includes(c))) return "v.riskMatrixShape";
  }
  const rank = (l: string) => RISK_LEVELS.indexOf(l as RiskLevel);
  for (let l = 0; l < 5; l++) {
    for (let i = 0; i < 5; i++) {
      const here = rank(matrix[l][i]);
      if ((l > 0 && rank(matrix[l - 1][i]) > here) || (i > 0 && rank(matrix[l][i - 1]) > here)) return "v.riskMatrixMonotone";
    }
  }
  return null;
}

export function appetiteFor(settings: Pick<RiskSettingsShape, "appetite" | "categoryAppetite">, category: string): number {
  return settings.categoryAppetite[category] ?? settings.appetite;
}

/** The score that decides treatment: the residual one, or the inherent one before controls are assessed. */
export function decisiveScore(r: { residualScore: number | null; inherentScore: number | null }): number | null {
  return r.residualScore ?? r.inherentScore;
}

export function isAboveAppetite(settings: Pick<RiskSettingsShape, "appetite" | "categoryAppetite">, r: { category: string; residualScore: number | null; inherentScore: number | null }) {
  const s = decisiveScore(r);
  return s !== null && s > appetiteFor(settings, r.category);
}

const DAY = 86_400_000;
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The next review: the review cadence of the risk's level after the given day (the day of the assessment). */
export function nextReviewOn(reviewDays: Record<RiskLevel, number>, level: RiskLevel, from: string): string {
  return addDays(from, reviewDays[level] ?? DEFAULT_REVIEW_DAYS[level]);
}

export function isReviewOverdue(nextReview: string | null, today: string): boolean {
  return !!nextReview && nextReview < today;
}

// ---------------------------------------------------------------------------------------------
// Key risk indicators
// ---------------------------------------------------------------------------------------------

export interface KriVerdict {
  breached: boolean;
  /** A catalog key with parameters, saying why. */
  reason: string;
}

/** A KPI indicator is breached when the KPI's latest value leaves the green band. */
export function kpiVerdict(band: "green" | "amber" | "red" | null, value: number | null): KriVerdict {
  if (band === null || value === null) return { breached: false, reason: "risks.kri.kpi.noValue" };
  return band === "green" ? { breached: false, reason: `risks.kri.kpi.green|value=${value}` } : { breached: true, reason: `risks.kri.kpi.${band}|value=${value}` };
}

/**
 * A key-result indicator is breached when the KR's confidence is at risk or off track, or when its
 * progress is behind the ideal line (straight from start to target over the period) by more than
 * the margin, in percentage points.
 */
export function krVerdict(kr: { confidence: "on_track" | "at_risk" | "off_track" | null; progress: number; idealProgress: number }, marginPct: number): KriVerdict {
  if (kr.confidence === "off_track" || kr.confidence === "at_risk") return { breached: true, reason: `risks.kri.kr.${kr.confidence}` };
  const behind = Math.round((kr.idealProgress - kr.progress) * 100);
  if (behind > marginPct) return { breached: true, reason: `risks.kri.kr.behind|points=${behind}|margin=${marginPct}` };
  return { breached: false, reason: "risks.kri.kr.ok" };
}

/** A campaign indicator is breached while the campaign is over its approved budget. */
export function campaignVerdict(c: { overBudget: boolean; burnPct: number | null }): KriVerdict {
  return c.overBudget ? { breached: true, reason: `risks.kri.campaign.over|burn=${c.burnPct ?? 0}` } : { breached: false, reason: "risks.kri.campaign.ok" };
}
