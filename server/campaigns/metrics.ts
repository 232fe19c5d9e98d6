/**
 * Derived campaign metrics. Pure. Money in, money out as integer minor units; ratios as plain numbers.
 * Every division is guarded: a zero denominator gives null ("not defined yet"), never Infinity or NaN.
 */
import { divideMinor, subMinor } from "./money";

export interface CampaignTotals {
  /** Sum of the budget lines. */
  plannedMinor: number;
  /** The locked approved budget, once approved (null before). */
  approvedMinor: number | null;
  spendMinor: number;
  impressions: number;
  clicks: number;
  leads: number;
  signups: number;
  conversions: number;
  /** Revenue in minor units of the campaign's currency. */
  revenueMinor: number;
}

export interface DerivedMetrics {
  /** What spend is measured against: the approved budget once there is one, else the plan. */
  budgetMinor: number;
  burn: number | null;
  remainingMinor: number;
  overBudget: boolean;
  ctr: number | null;
  conversionRate: number | null;
  costPerLeadMinor: number | null;
  cacMinor: number | null;
  roi: number | null;
}

export type DerivedMetricKey = Exclude<keyof DerivedMetrics, "budgetMinor" | "overBudget">;

/** The formula of each derived metric, for the "formula on hover" of the UI (symbols, not prose). */
export const FORMULAS: Record<DerivedMetricKey | "overBudget", string> = {
  burn: "spend / budget",
  remainingMinor: "budget − spend",
  overBudget: "spend > budget",
  ctr: "clicks / impressions",
  conversionRate: "conversions / clicks",
  costPerLeadMinor: "spend / leads",
  cacMinor: "spend / conversions",
  roi: "(revenue − spend) / spend",
};

/** a / b, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  if (b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
}

export function deriveMetrics(t: CampaignTotals): DerivedMetrics {
  const budgetMinor = t.approvedMinor ?? t.plannedMinor;
  return {
    budgetMinor,
    burn: ratio(t.spendMinor, budgetMinor),
    remainingMinor: subMinor(budgetMinor, t.spendMinor),
    overBudget: t.spendMinor > budgetMinor,
    ctr: ratio(t.clicks, t.impressions),
    conversionRate: ratio(t.conversions, t.clicks),
    costPerLeadMinor: divideMinor(t.spendMinor, t.leads),
    cacMinor: divideMinor(t.spendMinor, t.conversions),
    roi: ratio(subMinor(t.revenueMinor, t.spendMinor), t.spendMinor),
  };
}

export const EMPTY_TOTALS: CampaignTotals = {
  plannedMinor: 0,
  approvedMinor: null,
  spendMinor: 0,
  impressions: 0,
  clicks: 0,
  leads: 0,
  signups: 0,
  conversions: 0,
  revenueMinor: 0,
};
