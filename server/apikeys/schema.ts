import { z } from "../validation";
import { ZId, ZRole } from "../org/schema";
import { ZDate } from "../okrs/schema";

export const ZCreateApiKeyInput = z.object({
  name: z.string().trim().min(1).max(80),
  role: ZRole,
  /** Last day the key works (UTC), or null for a key that does not expire. */
  expiresOn: ZDate.nullable().default(null),
});
export type TCreateApiKeyInput = z.infer<typeof ZCreateApiKeyInput>;
export const ZApiKeyIdInput = z.object({ apiKeyId: ZId });
