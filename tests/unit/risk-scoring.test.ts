/**
 * Pure risk arithmetic (server/risks/scoring.ts): levels from the default and a custom 5×5 matrix,
 * matrix validation, appetite per category, review dates and the rules that decide whether a key risk
 * indicator is breached.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  appetiteFor,
  campaignVerdict,
  decisiveScore,
  DEFAULT_REVIEW_DAYS,
  defaultLevelOfScore,
  defaultMatrix,
  defaultRiskSettings,
  isAboveAppetite,
  isReviewOverdue,
  isScore,
  kpiVerdict,
  krVerdict,
  levelOf,
  matrixProblem,
  nextReviewOn,
  RISK_LEVELS,
  type RiskLevel,
} from "@/server/risks/scoring";

const score = fc.integer({ min: 1, max: 5 });
const rank = (l: RiskLevel) => RISK_LEVELS.indexOf(l);

describe("levels", () => {
  it("default bands: 1–4 low, 5–9 medium, 10–15 high, 16–25 critical", () => {
    const expected: Record<number, RiskLevel> = {};
    for (let s = 1; s <= 25; s++) expected[s] = s <= 4 ? "low" : s <= 9 ? "medium" : s <= 15 ? "high" : "critical";
    for (let s = 1; s <= 25; s++) expect(defaultLevelOfScore(s), `score ${s}`).toBe(expected[s]);
    // the edges, spelled out
    expect([4, 5, 9, 10, 15, 16].map(defaultLevelOfScore)).toEqual(["low", "medium", "medium", "high", "high", "critical"]);
  });

  it("the default matrix is L × I through the default bands, row = likelihood, column = impact", () => {
    const m = defaultMatrix();
    expect(m).toHaveLength(5);
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) expect(levelOf(m, l, i), `${l}×${i}`).toBe(defaultLevelOfScore(l * i));
    expect(m[0]).toEqual(["low", "low", "low", "low", "medium"]);
    expect(m[4]).toEqual(["medium", "high", "high", "critical", "critical"]);
    expect(levelOf(m, 2, 2)).toBe("low");
    expect(levelOf(m, 3, 3)).toBe("medium");
    expect(levelOf(m, 2, 5)).toBe("high");
    expect(levelOf(m, 4, 4)).toBe("critical");
    expect(matrixProblem(m)).toBeNull();
  });

  it("property: in the default matrix a level never drops as likelihood or impact rises, and is symmetric", () => {
    const m = defaultMatrix();
    fc.assert(
      fc.property(score, score, score, score, (l1, i1, l2, i2) => {
        if (l2 >= l1 && i2 >= i1) expect(rank(levelOf(m, l2, i2))).toBeGreaterThanOrEqual(rank(levelOf(m, l1, i1)));
        expect(levelOf(m, l1, i1)).toBe(levelOf(m, i1, l1));
      }),
    );
  });

  it("a custom matrix decides the level, not the score", () => {
    // Impact dominates: any impact of 5 is critical; everything else follows the impact column.
    const byImpact: RiskLevel[] = ["low", "low", "medium", "high", "critical"];
    const custom = [1, 2, 3, 4, 5].map(() => [...byImpact]);
    expect(matrixProblem(custom)).toBeNull();
    expect(levelOf(custom, 1, 5)).toBe("critical"); // default says medium (5)
    expect(levelOf(custom, 5, 1)).toBe("low"); // default says medium (5)
    expect(levelOf(custom, 4, 4)).toBe("high"); // default says critical (16)
    fc.assert(
      fc.property(score, score, (l, i) => {
        expect(levelOf(custom, l, i)).toBe(byImpact[i - 1]);
      }),
    );
  });

  it("scores outside 1–5 (or not whole numbers) are refused", () => {
    const m = defaultMatrix();
    for (const [l, i] of [
      [0, 3],
      [3, 0],
      [6, 1],
      [1, 6],
      [-1, 2],
      [2.5, 2],
      [Number.NaN, 1],
    ]) {
      expect(() => levelOf(m, l!, i!), `${l}×${i}`).toThrow(RangeError);
    }
    expect([0, 1, 5, 6, 2.5, "3", null].map(isScore)).toEqual([false, true, true, false, false, false, false]);
  });
});

describe("matrixProblem", () => {
  const ok = () => defaultMatrix();

  it("shape: 5 rows of 5 known levels", () => {
    expect(matrixProblem(null)).toBe("v.riskMatrixShape");
    expect(matrixProblem("low")).toBe("v.riskMatrixShape");
    expect(matrixProblem(ok().slice(0, 4))).toBe("v.riskMatrixShape");
    expect(matrixProblem([...ok(), ok()[0]])).toBe("v.riskMatrixShape");
    const shortRow = ok();
    shortRow[2] = shortRow[2]!.slice(0, 4);
    expect(matrixProblem(shortRow)).toBe("v.riskMatrixShape");
    const badCell = ok() as string[][];
    badCell[1]![1] = "severe";
    expect(matrixProblem(badCell)).toBe("v.riskMatrixShape");
    const notArrayRow = ok() as unknown[];
    notArrayRow[0] = "low";
    expect(matrixProblem(notArrayRow)).toBe("v.riskMatrixShape");
  });

  it("monotonic: a level may not drop as likelihood (down a column) or impact (along a row) rises", () => {
    const alongRow = ok();
    alongRow[4]![4] = "high"; // (5,4) is critical, (5,5) high
    expect(matrixProblem(alongRow)).toBe("v.riskMatrixMonotone");
    const downColumn = ok();
    downColumn[1]![4] = "critical"; // (2,5) critical above (3,5) high; the last cell of its row, so the row is fine
    expect(matrixProblem(downColumn)).toBe("v.riskMatrixMonotone");
    const onlyColumn: RiskLevel[][] = [0, 1, 2, 3, 4].map(() => ["low", "low", "low", "low", "low"]);
    onlyColumn[3] = ["medium", "medium", "medium", "medium", "medium"];
    onlyColumn[4] = ["low", "medium", "medium", "medium", "medium"]; // (5,1) low below (4,1) medium
    expect(matrixProblem(onlyColumn)).toBe("v.riskMatrixMonotone");
    // flat and all-critical matrices are fine
    expect(matrixProblem([0, 1, 2, 3, 4].map(() => Array(5).fill("critical")))).toBeNull();
    expect(matrixProblem([0, 1, 2, 3, 4].map(() => Array(5).fill("low")))).toBeNull();
  });

  it("property: any matrix built from a non-decreasing function of (L, I) is accepted", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 3, maxLength: 3 }), ([a, b, c]) => {
        // thresholds on L + I, sorted so levels rise with the sum
        const t = [a!, b!, c!].sort((x, y) => x - y);
        const m = [1, 2, 3, 4, 5].map((l) => [1, 2, 3, 4, 5].map((i) => RISK_LEVELS[t.filter((x) => l + i - 2 > x).length]!));
        expect(matrixProblem(m)).toBeNull();
      }),
    );
  });
});

describe("appetite", () => {
  const settings = { appetite: 9, categoryAppetite: { compliance: 4, market: 15 } };

  it("the organisation's appetite unless the category overrides it", () => {
    expect(appetiteFor(settings, "operational")).toBe(9);
    expect(appetiteFor(settings, "compliance")).toBe(4);
    expect(appetiteFor(settings, "market")).toBe(15);
    expect(appetiteFor(defaultRiskSettings(), "strategic")).toBe(9);
  });

  it("decides on the residual score, else the inherent one; unassessed risks are not above", () => {
    const risk = (category: string, inherentScore: number | null, residualScore: number | null) => ({ category, inherentScore, residualScore });
    expect(decisiveScore(risk("operational", 20, 6))).toBe(6);
    expect(decisiveScore(risk("operational", 20, null))).toBe(20);
    expect(decisiveScore(risk("operational", null, null))).toBeNull();
    // residual within, inherent above: within
    expect(isAboveAppetite(settings, risk("operational", 20, 9))).toBe(false);
    expect(isAboveAppetite(settings, risk("operational", 20, 10))).toBe(true);
    // no residual yet: the inherent score decides
    expect(isAboveAppetite(settings, risk("operational", 12, null))).toBe(true);
    expect(isAboveAppetite(settings, risk("operational", 9, null))).toBe(false);
    // per category: equal to appetite is within, one more is above
    expect(isAboveAppetite(settings, risk("compliance", 20, 4))).toBe(false);
    expect(isAboveAppetite(settings, risk("compliance", 20, 5))).toBe(true);
    expect(isAboveAppetite(settings, risk("market", 20, 15))).toBe(false);
    expect(isAboveAppetite(settings, risk("market", 20, 16))).toBe(true);
    expect(isAboveAppetite(settings, risk("operational", null, null))).toBe(false);
  });
});

describe("review dates", () => {
  it("addDays crosses month and year ends and leap days (UTC dates, no DST drift)", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29"); // leap year
    expect(addDays("2028-02-29", 1)).toBe("2028-03-01");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01"); // not a leap year
    expect(addDays("2100-02-28", 1)).toBe("2100-03-01"); // century, not a leap year
    expect(addDays("2000-02-28", 1)).toBe("2000-02-29"); // divisible by 400
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30"); // a European DST change weekend
    expect(addDays("2026-11-27", 365)).toBe("2027-11-27");
    expect(addDays("2027-11-27", 365)).toBe("2028-11-26"); // spans 29 Feb 2028
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-06-15", 0)).toBe("2026-06-15");
  });

  it("property: addDays(d, a + b) = addDays(addDays(d, a), b)", () => {
    const day = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const n = fc.integer({ min: -800, max: 800 });
    fc.assert(
      fc.property(day, n, n, (d, a, b) => {
        expect(addDays(d, a + b)).toBe(addDays(addDays(d, a), b));
      }),
    );
  });

  it("next review = the assessment day + the cadence of the level (defaults 30/90/180/365)", () => {
    expect(DEFAULT_REVIEW_DAYS).toEqual({ low: 365, medium: 180, high: 90, critical: 30 });
    const days = DEFAULT_REVIEW_DAYS;
    expect(nextReviewOn(days, "critical", "2026-01-31")).toBe("2026-03-02");
    expect(nextReviewOn(days, "critical", "2028-02-15")).toBe("2028-03-16"); // through 29 Feb
    expect(nextReviewOn(days, "high", "2026-11-27")).toBe("2027-02-25");
    expect(nextReviewOn(days, "medium", "2026-12-31")).toBe("2027-06-29");
    expect(nextReviewOn(days, "low", "2027-03-01")).toBe("2028-02-29");
    const custom = { low: 200, medium: 60, high: 14, critical: 7 };
    expect(nextReviewOn(custom, "critical", "2026-12-28")).toBe("2027-01-04");
    expect(nextReviewOn(custom, "high", "2026-02-20")).toBe("2026-03-06");
    // a settings row missing a level falls back to the default cadence
    expect(nextReviewOn({ low: 1 } as never, "high", "2026-01-01")).toBe("2026-04-01");
  });

  it("overdue only strictly after the review day; no date is never overdue", () => {
    expect(isReviewOverdue("2026-11-26", "2026-11-27")).toBe(true);
    expect(isReviewOverdue("2026-11-27", "2026-11-27")).toBe(false);
    expect(isReviewOverdue("2026-11-28", "2026-11-27")).toBe(false);
    expect(isReviewOverdue("2025-12-31", "2026-01-01")).toBe(true);
    expect(isReviewOverdue(null, "2026-11-27")).toBe(false);
  });
});

describe("key risk indicator verdicts", () => {
  it("KPI: breached when the latest value leaves green; nothing recorded is no breach", () => {
    expect(kpiVerdict("green", 12)).toEqual({ breached: false, reason: "risks.kri.kpi.green|value=12" });
    expect(kpiVerdict("amber", 7)).toEqual({ breached: true, reason: "risks.kri.kpi.amber|value=7" });
    expect(kpiVerdict("red", 0)).toEqual({ breached: true, reason: "risks.kri.kpi.red|value=0" });
    expect(kpiVerdict(null, null).breached).toBe(false);
    expect(kpiVerdict("red", null).breached).toBe(false);
  });

  it("key result: at risk or off track confidence is a breach whatever the progress", () => {
    expect(krVerdict({ confidence: "at_risk", progress: 1, idealProgress: 0.2 }, 10)).toEqual({ breached: true, reason: "risks.kri.kr.at_risk" });
    expect(krVerdict({ confidence: "off_track", progress: 0.9, idealProgress: 0.5 }, 10)).toEqual({ breached: true, reason: "risks.kri.kr.off_track" });
    expect(krVerdict({ confidence: "on_track", progress: 0.5, idealProgress: 0.5 }, 10)).toEqual({ breached: false, reason: "risks.kri.kr.ok" });
    expect(krVerdict({ confidence: null, progress: 0, idealProgress: 0 }, 10).breached).toBe(false);
  });

  it("key result: behind the ideal line by more than the margin (points) is a breach; exactly at the margin is not", () => {
    expect(krVerdict({ confidence: "on_track", progress: 0.4, idealProgress: 0.5 }, 10)).toEqual({ breached: false, reason: "risks.kri.kr.ok" });
    expect(krVerdict({ confidence: "on_track", progress: 0.39, idealProgress: 0.5 }, 10)).toEqual({
      breached: true,
      reason: "risks.kri.kr.behind|points=11|margin=10",
    });
    expect(krVerdict({ confidence: null, progress: 0.2, idealProgress: 0.7 }, 25)).toEqual({ breached: true, reason: "risks.kri.kr.behind|points=50|margin=25" });
    // a margin of 0: any point behind is a breach, level is not
    expect(krVerdict({ confidence: "on_track", progress: 0.3, idealProgress: 0.3 }, 0).breached).toBe(false);
    expect(krVerdict({ confidence: "on_track", progress: 0.29, idealProgress: 0.3 }, 0).breached).toBe(true);
    // ahead of the line is never a breach
    expect(krVerdict({ confidence: "on_track", progress: 1, idealProgress: 0.1 }, 0).breached).toBe(false);
  });

  it("property: with confidence on track, breached ⇔ rounded points behind > margin", () => {
    const pct = fc.integer({ min: 0, max: 100 });
    fc.assert(
      fc.property(pct, pct, pct, (p, ideal, margin) => {
        const v = krVerdict({ confidence: "on_track", progress: p / 100, idealProgress: ideal / 100 }, margin);
        expect(v.breached).toBe(ideal - p > margin);
      }),
    );
  });

  it("campaign: breached while over the approved budget", () => {
    expect(campaignVerdict({ overBudget: true, burnPct: 120 })).toEqual({ breached: true, reason: "risks.kri.campaign.over|burn=120" });
    expect(campaignVerdict({ overBudget: true, burnPct: null })).toEqual({ breached: true, reason: "risks.kri.campaign.over|burn=0" });
    expect(campaignVerdict({ overBudget: false, burnPct: 80 })).toEqual({ breached: false, reason: "risks.kri.campaign.ok" });
  });
});
