import { z } from "../validation";
import { ZId, ZVersion } from "../org/schema";
import { ZDate } from "../okrs/schema";

export const CRITERION_KINDS = ["manual", "launch_campaign_approved", "objective_baselines", "risks_within_appetite"] as const;
export const FEEDBACK_SOURCES = ["customer", "support", "sales", "internal"] as const;
export const FEEDBACK_STATUSES = ["new", "planned", "done", "declined"] as const;

const ZTags = z.array(z.string().trim().min(1).max(40)).max(20).default([]);
const ZReason = z.string().trim().min(1, "v.reasonRequired").max(2000);
/** Evidence links are web addresses; anything else is a note. */
const ZEvidenceUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => u === "" || /^https?:\/\/[^\s]+$/i.test(u), "v.url")
  .default("");

export const ZProductFields = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).default(""),
  ownerId: ZId,
  departmentId: ZId.nullable().default(null),
  tags: ZTags,
  objectiveIds: z.array(ZId).max(20).default([]),
});
export const ZCreateProductInput = ZProductFields.extend({
  /** The stage it starts in (an existing product may enter the lifecycle late); the first stage by default. */
  stageId: ZId.optional(),
});
export type TCreateProductInput = z.infer<typeof ZCreateProductInput>;
export const ZUpdateProductInput = ZProductFields.extend({ productId: ZId, version: ZVersion });
export type TUpdateProductInput = z.infer<typeof ZUpdateProductInput>;
export const ZProductIdInput = z.object({ productId: ZId });

export const ZListProductsInput = z.object({
  stageId: ZId.optional(),
  ownerId: ZId.optional(),
  departmentId: ZId.optional(),
  search: z.string().trim().max(100).optional(),
});

/** Ask for the gate to the next stage; an override (admin, with a reason) may skip stages or an incomplete checklist. */
export const ZRequestAdvanceInput = z.object({
  productId: ZId,
  version: ZVersion,
  toStageId: ZId.optional(),
  overrideReason: z.string().trim().max(2000).default(""),
  comment: z.string().trim().max(2000).default(""),
});
export const ZMoveBackInput = z.object({ productId: ZId, version: ZVersion, toStageId: ZId, reason: ZReason });

export const ZCheckItemInput = z.object({
  itemId: ZId,
  version: ZVersion,
  checked: z.boolean(),
  evidenceUrl: ZEvidenceUrl,
  evidenceNote: z.string().trim().max(2000).default(""),
});

const datesInOrder = (v: { plannedStartOn: string | null; plannedEndOn: string | null }) =>
  !v.plannedStartOn || !v.plannedEndOn || v.plannedEndOn >= v.plannedStartOn;
export const ZStagePlan = z
  .object({ stageId: ZId, plannedStartOn: ZDate.nullable().default(null), plannedEndOn: ZDate.nullable().default(null) })
  .refine(datesInOrder, { message: "e.endBeforeStart", path: ["plannedEndOn"] });
export const ZSetStagePlansInput = z.object({ productId: ZId, version: ZVersion, plans: z.array(ZStagePlan).max(50) });

export const ZRoadmapInput = z.object({ year: z.number().int().min(2000).max(2100) });

// Stage templates (admins).
export const ZStageName = z.string().trim().min(1).max(60);
export const ZCreateStageInput = z.object({ name: ZStageName, afterStageId: ZId.nullable().default(null) });
export const ZRenameStageInput = z.object({ stageId: ZId, version: ZVersion, name: ZStageName });
export const ZReorderStagesInput = z.object({ stageIds: z.array(ZId).min(2).max(30) });
/** Products still in the stage move to `moveProductsTo`; without it, a stage in use cannot be removed. */
export const ZRemoveStageInput = z.object({ stageId: ZId, version: ZVersion, moveProductsTo: ZId.nullable().default(null) });

export const ZCriterionFields = z.object({
  label: z.string().trim().min(1).max(200),
  kind: z.enum(CRITERION_KINDS).default("manual"),
  requiresEvidence: z.boolean().default(false),
});
export const ZCreateCriterionInput = ZCriterionFields.extend({ stageId: ZId });
export const ZUpdateCriterionInput = ZCriterionFields.extend({ criterionId: ZId, version: ZVersion });
export const ZCriterionIdInput = z.object({ criterionId: ZId });

// Feedback and ideas.
export const ZFeedbackFields = z.object({
  title: z.string().trim().min(1).max(200),
  detail: z.string().trim().max(5000).default(""),
  source: z.enum(FEEDBACK_SOURCES),
  account: z.string().trim().max(200).default(""),
  importance: z.number().int().min(1, "v.importance").max(3, "v.importance").default(2),
  initiativeId: ZId.nullable().default(null),
  keyResultId: ZId.nullable().default(null),
});
export const ZAddFeedbackInput = ZFeedbackFields.extend({ productId: ZId });
export const ZUpdateFeedbackInput = ZFeedbackFields.extend({ feedbackId: ZId, version: ZVersion, status: z.enum(FEEDBACK_STATUSES) });
export const ZFeedbackIdInput = z.object({ feedbackId: ZId });
export const ZVoteInput = z.object({ feedbackId: ZId, vote: z.boolean() });
