import { z } from "../validation";
import { ZId, ZVersion } from "../org/schema";
import { ZDate } from "../okrs/schema";
import { ZMentions } from "../comments/schema";

export const ZRequestApprovalInput = z.object({
  subjectType: z.string().min(1).max(50),
  subjectId: z.string().min(1).max(200),
  comment: z.string().trim().max(2000).default(""),
});
export const ZDecideInput = z.object({
  requestId: ZId,
  decision: z.enum(["approve", "reject", "request_changes"]),
  comment: z.string().trim().max(2000).default(""),
  /** The step the decider saw; a request that moved on since is a conflict. */
  step: z.number().int().min(0).max(50).optional(),
});
export const ZRequestIdInput = z.object({ requestId: ZId });
/** Comments on a request may @mention members (ids sent with the text, as on every other comment). */
export const ZCommentInput = z.object({ requestId: ZId, body: z.string().trim().min(1).max(2000), mentionIds: ZMentions });
export const ZInboxInput = z.object({
  box: z.enum(["waiting", "mine", "all"]).default("waiting"),
  status: z.enum(["pending", "approved", "rejected", "changes_requested", "cancelled", "expired"]).optional(),
  subjectType: z.string().max(50).optional(),
  departmentId: ZId.optional(),
  /** The id of the last request of the previous page. */
  cursor: ZId.optional(),
  limit: z.number().int().min(1).max(100).default(30),
});
export const ZDelegateInput = z
  .object({ delegateId: ZId, startsOn: ZDate, endsOn: ZDate })
  .refine((v) => v.endsOn >= v.startsOn, { message: "e.endBeforeStart", path: ["endsOn"] });
export const ZDelegationIdInput = z.object({ delegationId: ZId });
export const ZSettingsInput = z.object({
  slaDays: z.number().int().min(1).max(60),
  okrTwoStep: z.boolean(),
  adminsMayOverride: z.boolean(),
  version: ZVersion.or(z.literal(0)),
});
