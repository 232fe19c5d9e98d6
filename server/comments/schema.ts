import { z } from "../validation";
import { ZId, ZVersion } from "../org/schema";

export const COMMENT_ENTITIES = ["objective", "campaign", "product", "risk"] as const;
export const ZCommentTarget = z.object({ entityType: z.enum(COMMENT_ENTITIES), entityId: ZId });
const ZBody = z.string().trim().min(1).max(5000);
/** The people named with "@": the client sends their ids with the text. */
export const ZMentions = z.array(ZId).max(20).default([]);
export const ZAddCommentInput = ZCommentTarget.extend({ body: ZBody, mentionIds: ZMentions });
export const ZUpdateCommentInput = z.object({ commentId: ZId, version: ZVersion, body: ZBody, mentionIds: ZMentions });
export const ZCommentIdInput = z.object({ commentId: ZId });
