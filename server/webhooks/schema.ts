import { z } from "../validation";
import { ZId, ZVersion } from "../org/schema";
import { ALL_EVENTS, WEBHOOK_EVENTS } from "./events";

/** http(s) URLs only (private addresses are checked on the server, where the environment is known). */
export const ZWebhookUrl = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "v.webhookUrl");

export const WEBHOOK_FORMATS = ["json", "slack"] as const;
export const ZWebhookEvents = z.array(z.enum([ALL_EVENTS, ...WEBHOOK_EVENTS])).min(1, "v.webhookEvents").max(WEBHOOK_EVENTS.length + 1);

export const ZWebhookFields = z.object({
  url: ZWebhookUrl,
  description: z.string().trim().max(200).default(""),
  events: ZWebhookEvents,
  format: z.enum(WEBHOOK_FORMATS).default("json"),
});
export const ZCreateWebhookInput = ZWebhookFields;
export const ZUpdateWebhookInput = ZWebhookFields.extend({ webhookId: ZId, version: ZVersion, active: z.boolean() });
export const ZWebhookIdInput = z.object({ webhookId: ZId });
export const ZWebhookVersionInput = z.object({ webhookId: ZId, version: ZVersion });
export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export const ZListDeliveriesInput = z.object({
  webhookId: ZId,
  status: z.enum(DELIVERY_STATUSES).optional(),
  /** Keyset cursor: the id of the last delivery of the previous page. */
  cursor: ZId.optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export const ZDeliveryIdInput = z.object({ deliveryId: ZId });
