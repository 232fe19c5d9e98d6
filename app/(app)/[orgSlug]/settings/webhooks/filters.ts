import { DELIVERY_STATUSES } from "@/server/webhooks/schema";

export type DeliveryStatusFilter = (typeof DELIVERY_STATUSES)[number];

/** The delivery log's `?status=` filter; anything else means all. */
export function parseDeliveryStatus(v: string | string[] | null | undefined): DeliveryStatusFilter | undefined {
  return typeof v === "string" && (DELIVERY_STATUSES as readonly string[]).includes(v) ? (v as DeliveryStatusFilter) : undefined;
}
