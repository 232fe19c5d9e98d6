import { z } from "../validation";
import { ZId, ZVersion } from "../org/schema";
import { isCalendarDate } from "../dates";

/** A real calendar date (2026-02-30 is refused), as YYYY-MM-DD. */
export const ZDate = z.string().refine(isCalendarDate, "v.date");
const ZNum = z.number().finite().min(-1e15).max(1e15);
const ZTitle = z.string().trim().min(1).max(200);
const ZTags = z.array(z.string().trim().min(1).max(40)).max(20).default([]);

export const ZPeriodName = z.string().trim().regex(/^[1-9]\d{3}(-Q[1-4])?$/, "v.periodName");
export const ZCreatePeriodInput = z.object({ name: ZPeriodName });
export const ZPeriodIdInput = z.object({ periodId: ZId });
export const ZSetPeriodStatusInput = z.object({
  periodId: ZId,
  status: z.enum(["planning", "active", "closed"]),
  version: ZVersion,
});

export const ZObjectiveLevel = z.enum(["company", "department", "team", "individual"]);
export const ZObjectiveStatus = z.enum(["draft", "pending_approval", "approved", "active", "closed", "cancelled"]);
export const ZCommitment = z.enum(["committed", "aspirational"]);

export const ZObjectiveFields = z.object({
  title: ZTitle,
  description: z.string().trim().max(5000).default(""),
  level: ZObjectiveLevel,
  ownerId: ZId,
  departmentId: ZId.nullable().default(null),
  commitment: ZCommitment.default("committed"),
  tags: ZTags,
  parentIds: z.array(ZId).max(20).default([]),
});
export const ZCreateObjectiveInput = ZObjectiveFields.extend({ periodId: ZId });
export type TCreateObjectiveInput = z.infer<typeof ZCreateObjectiveInput>;
export const ZUpdateObjectiveInput = ZObjectiveFields.extend({ objectiveId: ZId, version: ZVersion });
export const ZObjectiveIdInput = z.object({ objectiveId: ZId });
export const ZSetObjectiveStatusInput = z.object({ objectiveId: ZId, status: ZObjectiveStatus, version: ZVersion });

export const ZKrType = z.enum(["number", "percentage", "currency", "milestone"]);
export const ZKrDirection = z.enum(["increase", "decrease", "band"]);
export const ZKeyResultFields = z.object({
  title: ZTitle,
  ownerId: ZId,
  type: ZKrType,
  unit: z.string().trim().max(20).default(""),
  direction: ZKrDirection.default("increase"),
  startValue: ZNum.default(0),
  targetValue: ZNum,
  bandMin: ZNum.nullable().default(null),
  bandMax: ZNum.nullable().default(null),
  weight: z.number().finite().min(0).max(100).default(1),
  kpiId: ZId.nullable().default(null),
});
export const ZCreateKeyResultInput = ZKeyResultFields.extend({ objectiveId: ZId });
export type TKeyResultFields = z.infer<typeof ZKeyResultFields>;
export const ZUpdateKeyResultInput = ZKeyResultFields.extend({ keyResultId: ZId, version: ZVersion });
export const ZKeyResultIdInput = z.object({ keyResultId: ZId });

export const ZCheckInInput = z.object({
  keyResultId: ZId,
  value: ZNum,
  confidence: z.number().int().min(0).max(10),
  note: z.string().trim().max(2000).default(""),
});

export const ZGradeInput = z.object({
  keyResultId: ZId,
  version: ZVersion,
  grade: z.number().min(0).max(1).nullable(),
  skipped: z.boolean().default(false),
  reason: z.string().trim().max(1000).default(""),
});

export const ZInitiativeFields = z.object({
  title: ZTitle,
  ownerId: ZId.nullable().default(null),
  dueOn: ZDate.nullable().default(null),
  status: z.enum(["todo", "doing", "done", "blocked"]).default("todo"),
});
export const ZCreateInitiativeInput = ZInitiativeFields.extend({ keyResultId: ZId });
export const ZUpdateInitiativeInput = ZInitiativeFields.extend({ initiativeId: ZId, version: ZVersion });
export const ZInitiativeIdInput = z.object({ initiativeId: ZId });

export const ZRequestDependencyInput = z.object({
  keyResultId: ZId,
  initiativeId: ZId.nullable().default(null),
  toDepartmentId: ZId,
  what: z.string().trim().min(1).max(500),
  neededBy: ZDate,
});
export const ZDecideDependencyInput = z.object({
  dependencyId: ZId,
  version: ZVersion,
  decision: z.enum(["accepted", "declined", "done"]),
  comment: z.string().trim().max(1000).default(""),
});

export const ZListObjectivesInput = z.object({
  periodId: ZId,
  departmentId: ZId.optional(),
  ownerId: ZId.optional(),
  level: ZObjectiveLevel.optional(),
  status: ZObjectiveStatus.optional(),
  /** "attention": at least one key result below on-track confidence (at risk or off track). */
  confidence: z.enum(["on_track", "at_risk", "off_track", "attention", "none"]).optional(),
});

export const ZKpiFields = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).default(""),
  unit: z.string().trim().max(20).default(""),
  departmentId: ZId.nullable().default(null),
  ownerId: ZId.nullable().default(null),
  direction: z.enum(["higher_is_better", "lower_is_better"]).default("higher_is_better"),
  greenThreshold: ZNum,
  amberThreshold: ZNum,
});
export const ZCreateKpiInput = ZKpiFields;
export const ZUpdateKpiInput = ZKpiFields.extend({ kpiId: ZId, version: ZVersion });
export const ZKpiIdInput = z.object({ kpiId: ZId });
export const ZRecordKpiValueInput = z.object({
  kpiId: ZId,
  observedOn: ZDate,
  value: ZNum,
  note: z.string().trim().max(1000).default(""),
});
export const ZCsvInput = z.object({ csv: z.string().max(2_000_000) });
export const ZImportOkrsInput = ZCsvInput.extend({ periodId: ZId });
