import { z } from "../validation";
import { ZId, ZVersion } from "../org/schema";
import { ZDate } from "../okrs/schema";
import { ZCategory } from "../risks/schema";
import { BUILTIN_TEMPLATES, RETRO_ACTION_STATUSES, RETRO_PHASES } from "./constants";

export { BUILTIN_TEMPLATES, RETRO_ACTION_STATUSES, RETRO_PHASES };
export type BuiltinTemplate = keyof typeof BUILTIN_TEMPLATES;

const ZTemplateRef = z
  .string()
  .trim()
  .max(60)
  .refine((v) => (v.startsWith("builtin:") && v.slice(8) in BUILTIN_TEMPLATES) || /^[0-9a-f-]{36}$/i.test(v), "v.invalidOption");

const ZRetroSettings = z.object({
  anonymous: z.boolean().default(false),
  votesPerPerson: z.number().int().min(1, "v.votesPerPerson").max(20, "v.votesPerPerson").default(5),
  hideUntilReveal: z.boolean().default(true),
});

export const ZCreateRetroInput = ZRetroSettings.extend({
  title: z.string().trim().min(1).max(200),
  periodId: ZId.nullable().default(null),
  departmentIds: z.array(ZId).max(10).default([]),
  facilitatorId: ZId,
  participantIds: z.array(ZId).max(200).default([]),
  template: ZTemplateRef.default("builtin:start_stop_continue"),
});
export type TCreateRetroInput = z.infer<typeof ZCreateRetroInput>;
export const ZUpdateRetroInput = ZRetroSettings.extend({
  retroId: ZId,
  version: ZVersion,
  title: z.string().trim().min(1).max(200),
  participantIds: z.array(ZId).max(200).default([]),
});
export const ZRetroIdInput = z.object({ retroId: ZId });
/** The change cursor the client saw: with an unchanged retro, get answers "unchanged" and nothing else. */
export const ZGetRetroInput = z.object({ retroId: ZId, since: z.number().int().min(0).optional() });
export const ZSetPhaseInput = z.object({ retroId: ZId, version: ZVersion, phase: z.enum(RETRO_PHASES) });
export const ZTimerInput = z.object({ retroId: ZId, minutes: z.number().int().min(0).max(120) });

export const ZAddCardInput = z.object({ retroId: ZId, columnKey: z.string().trim().min(1).max(40), body: z.string().trim().min(1).max(2000) });
export const ZUpdateCardInput = z.object({ cardId: ZId, version: ZVersion, body: z.string().trim().min(1).max(2000) });
export const ZCardIdInput = z.object({ cardId: ZId });
/** Drop a card onto another card (they form a group, or it joins that card's group) or out of its group (ontoCardId null). */
export const ZGroupCardInput = z.object({ cardId: ZId, ontoCardId: ZId.nullable() });
export const ZUpdateGroupInput = z.object({ groupId: ZId, version: ZVersion, title: z.string().trim().max(200), notes: z.string().trim().max(5000).default("") });
export const ZVoteInput = z.object({ groupId: ZId });

const ZActionFields = z.object({
  title: z.string().trim().min(1).max(200),
  ownerId: ZId.nullable().default(null),
  dueOn: ZDate.nullable().default(null),
  groupId: ZId.nullable().default(null),
});
export const ZAddActionInput = ZActionFields.extend({ retroId: ZId });
export const ZUpdateActionInput = ZActionFields.extend({ actionId: ZId, version: ZVersion, status: z.enum(RETRO_ACTION_STATUSES) });
export const ZActionIdInput = z.object({ actionId: ZId });
/** Turn an action into a draft objective or key result for a period, a KPI to watch, or a risk. */
export const ZConvertActionInput = z.discriminatedUnion("to", [
  z.object({ actionId: ZId, to: z.literal("objective"), periodId: ZId }),
  z.object({ actionId: ZId, to: z.literal("key_result"), objectiveId: ZId, targetValue: z.number().finite().default(1) }),
  z.object({ actionId: ZId, to: z.literal("risk"), category: ZCategory }),
  z.object({
    actionId: ZId,
    to: z.literal("kpi"),
    unit: z.string().trim().max(20).default(""),
    direction: z.enum(["higher_is_better", "lower_is_better"]).default("higher_is_better"),
    greenThreshold: z.number().finite(),
    amberThreshold: z.number().finite(),
  }),
]);

export const ZTemplateInput = z.object({
  name: z.string().trim().min(1).max(60),
  columns: z
    .array(z.object({ key: z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, "v.columnKey"), label: z.string().trim().min(1).max(60) }))
    .min(1)
    .max(8),
});
export const ZTemplateIdInput = z.object({ templateId: ZId });

/** Retro-list filters (from the URL): a period, and retros that include a department. */
export const ZListRetrosInput = z.object({ periodId: ZId.optional(), departmentId: ZId.optional() });
