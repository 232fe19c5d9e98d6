import { z } from "../validation";
import { PREFERENCE_KEYS } from "./kinds";

export const ZPreference = z.object({ kind: z.enum(PREFERENCE_KEYS as [string, ...string[]]), inApp: z.boolean(), email: z.boolean() });
export const ZUpdatePreferencesInput = z.object({
  preferences: z
    .array(ZPreference)
    .min(1)
    .max(PREFERENCE_KEYS.length)
    .refine((list) => new Set(list.map((p) => p.kind)).size === list.length, { message: "v.invalid" }),
});
export type TUpdatePreferencesInput = z.infer<typeof ZUpdatePreferencesInput>;
export const ZMarkReadInput = z.object({ ids: z.array(z.string().uuid()).max(100).optional() });
