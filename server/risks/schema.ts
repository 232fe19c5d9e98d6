import { z } from "../validation";
import { ZId, ZVersion } from "../org/schema";
import { ZDate } from "../okrs/schema";
import { ZCurrency } from "../campaigns/schema";
import { MAX_MINOR } from "../campaigns/money";
import { RISK_ACTION_STATUSES, RISK_LEVEL_VALUES, RISK_STATUSES, RISK_STRATEGIES } from "./constants";

export { RISK_ACTION_STATUSES, RISK_LEVEL_VALUES, RISK_STATUSES, RISK_STRATEGIES };

/**
 * Manual status changes (the server enforces them; pages read them to offer only these). "assessed"
 * comes with the first assessment, "accepted" only through an approved acceptance.
 */
export const RISK_STATUS_TRANSITIONS: Record<string, readonly ("treating" | "monitoring" | "closed" | "identified")[]> = {
  identified: ["closed"],
  assessed: ["treating", "closed"],
  treating: ["monitoring", "closed"],
  monitoring: ["treating", "closed"],
  accepted: ["treating", "closed"],
  closed: ["identified"],
};

/** A likelihood or impact: a whole number from 1 to 5. */
export const ZScore = z.number().int("v.score").min(1, "v.score").max(5, "v.score");
/** An organisation category id: lowercase letters, digits, underscores. */
export const ZCategory = z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, "v.categoryId");
const ZTags = z.array(z.string().trim().min(1).max(40)).max(20).default([]);

export const ZRiskLinks = z.object({
  objectiveIds: z.array(ZId).max(20).default([]),
  campaignIds: z.array(ZId).max(20).default([]),
  productIds: z.array(ZId).max(20).default([]),
});

export const ZRiskFields = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).default(""),
  category: ZCategory,
  ownerId: ZId,
  departmentId: ZId.nullable().default(null),
  causes: z.string().trim().max(5000).default(""),
  consequences: z.string().trim().max(5000).default(""),
  tags: ZTags,
  links: ZRiskLinks.default({ objectiveIds: [], campaignIds: [], productIds: [] }),
});
export const ZCreateRiskInput = ZRiskFields;
export type TCreateRiskInput = z.infer<typeof ZCreateRiskInput>;
export const ZUpdateRiskInput = ZRiskFields.extend({ riskId: ZId, version: ZVersion });
export type TUpdateRiskInput = z.infer<typeof ZUpdateRiskInput>;
export const ZRiskIdInput = z.object({ riskId: ZId });

/**
 * An assessment. Residual (after controls) may not exceed inherent unless a rationale says why —
 * controls that make things worse are rare and worth explaining.
 */
export const ZAssessInput = z
  .object({
    riskId: ZId,
    version: ZVersion,
    inherentLikelihood: ZScore,
    inherentImpact: ZScore,
    residualLikelihood: ZScore,
    residualImpact: ZScore,
    rationale: z.string().trim().max(2000).default(""),
  })
  .refine((v) => v.residualLikelihood * v.residualImpact <= v.inherentLikelihood * v.inherentImpact || v.rationale.length > 0, {
    message: "v.residualAboveInherent",
    path: ["rationale"],
  });

export const ZTreatmentInput = z.object({
  riskId: ZId,
  version: ZVersion,
  strategy: z.enum(RISK_STRATEGIES),
  targetLikelihood: ZScore.nullable().default(null),
  targetImpact: ZScore.nullable().default(null),
});

export const ZSetRiskStatusInput = z.object({
  riskId: ZId,
  version: ZVersion,
  status: z.enum(["treating", "monitoring", "closed", "identified"]),
  reason: z.string().trim().max(2000).default(""),
});

const ZActionFields = z.object({
  title: z.string().trim().min(1).max(200),
  ownerId: ZId.nullable().default(null),
  dueOn: ZDate.nullable().default(null),
  costMinor: z.number().int().min(0, "v.notNegative").max(MAX_MINOR).nullable().default(null),
  currency: ZCurrency.nullable().default(null),
  status: z.enum(RISK_ACTION_STATUSES).default("todo"),
  progress: z.number().int().min(0, "v.percent").max(100, "v.percent").default(0),
});
const costHasCurrency = (v: { costMinor: number | null; currency: string | null }) => v.costMinor === null || v.currency !== null;
const needCurrency = { message: "v.currencyRequired", path: ["currency"] };
export const ZAddActionInput = ZActionFields.extend({ riskId: ZId }).refine(costHasCurrency, needCurrency);
export const ZUpdateActionInput = ZActionFields.extend({ actionId: ZId, version: ZVersion }).refine(costHasCurrency, needCurrency);
export const ZActionIdInput = z.object({ actionId: ZId });

export const ZRequestAcceptanceInput = z.object({
  riskId: ZId,
  version: ZVersion,
  justification: z.string().trim().min(1, "v.justificationRequired").max(5000),
  expiresOn: ZDate,
});

export const ZAddKriInput = z
  .object({
    riskId: ZId,
    kind: z.enum(["kpi", "key_result", "campaign"]),
    targetId: ZId,
    marginPct: z.number().int().min(0, "v.percent").max(100, "v.percent").default(10),
  });
export const ZKriIdInput = z.object({ kriId: ZId });

export const ZRiskFilters = z.object({
  category: ZCategory.optional(),
  level: z.enum(RISK_LEVEL_VALUES).optional(),
  ownerId: ZId.optional(),
  departmentId: ZId.optional(),
  status: z.enum(RISK_STATUSES).optional(),
  overdue: z.boolean().optional(),
  warning: z.boolean().optional(),
  /** Only risks whose decisive score is above their category's appetite. */
  aboveAppetite: z.boolean().optional(),
  /** A heat-map cell: risks whose (residual or inherent) likelihood and impact are these. */
  likelihood: ZScore.optional(),
  impact: ZScore.optional(),
  basis: z.enum(["inherent", "residual"]).default("residual"),
  search: z.string().trim().max(100).optional(),
});
export type TRiskFilters = z.infer<typeof ZRiskFilters>;

export const ZMovementInput = z.object({ from: ZDate, to: ZDate }).refine((v) => v.to >= v.from, { message: "e.endBeforeStart", path: ["to"] });

const ZScaleLevel = z.object({ label: z.string().trim().max(60).default(""), description: z.string().trim().max(300).default("") });
export const ZRiskSettingsInput = z.object({
  categories: z.array(ZCategory).min(1).max(40),
  appetite: z.number().int().min(1, "v.appetite").max(25, "v.appetite"),
  categoryAppetite: z.record(ZCategory, z.number().int().min(1, "v.appetite").max(25, "v.appetite")).default({}),
  likelihoodScale: z.array(ZScaleLevel).length(5).or(z.array(ZScaleLevel).length(0)).default([]),
  impactScale: z.array(ZScaleLevel).length(5).or(z.array(ZScaleLevel).length(0)).default([]),
  matrix: z.array(z.array(z.enum(RISK_LEVEL_VALUES)).length(5)).length(5),
  reviewDays: z.object({
    low: z.number().int().min(1).max(730),
    medium: z.number().int().min(1).max(730),
    high: z.number().int().min(1).max(730),
    critical: z.number().int().min(1).max(730),
  }),
  version: ZVersion.or(z.literal(0)),
});

export const ZImportRisksInput = z.object({ csv: z.string().max(2_000_000) });
