import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import type { Actor } from "../org/actor";
import type { ZListDeliveriesInput } from "./schema";
import { loadWebhook, publicWebhook } from "./service";

/** The organisation's webhooks (without secrets), each with its latest delivery. */
export async function listWebhooks(db: DbOrTx, actor: Actor) {
  const rows = await db.select().from(webhooks).where(eq(webhooks.orgId, actor.orgId)).orderBy(webhooks.createdAt).limit(100);
  const ids = rows.map((r) => r.id);
  const latest = ids.length
    ? await db
        .selectDistinctOn([webhookDeliveries.webhookId], {
          webhookId: webhookDeliveries.webhookId,
          status: webhookDeliveries.status,
          event: webhookDeliveries.event,
          createdAt: webhookDeliveries.createdAt,
          lastStatusCode: webhookDeliveries.lastStatusCode,
        })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.orgId, actor.orgId), inArray(webhookDeliveries.webhookId, ids)))
        .orderBy(webhookDeliveries.webhookId, desc(webhookDeliveries.createdAt))
    : [];
  const byHook = new Map(latest.map((l) => [l.webhookId, l]));
  return rows.map((r) => ({ ...publicWebhook(r), lastDelivery: byHook.get(r.id) ?? null }));
}

export async function getWebhook(db: DbOrTx, actor: Actor, webhookId: string) {
  return publicWebhook(await loadWebhook(db, actor, webhookId));
}

/** A webhook's delivery log, newest first, optionally one status, in keyset pages. */
export async function listDeliveries(db: DbOrTx, actor: Actor, input: z.infer<typeof ZListDeliveriesInput>) {
  const hook = await loadWebhook(db, actor, input.webhookId);
  const conds = [eq(webhookDeliveries.orgId, actor.orgId), eq(webhookDeliveries.webhookId, hook.id)];
  if (input.status) conds.push(eq(webhookDeliveries.status, input.status));
  if (input.cursor) {
    const [c] = await db
      .select({ createdAt: webhookDeliveries.createdAt, id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, input.cursor), eq(webhookDeliveries.webhookId, hook.id)));
    if (c) conds.push(sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${c.createdAt.toISOString()}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...conds))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((d) => ({
    id: d.id,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    lastDurationMs: d.lastDurationMs,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt : null,
    deliveredAt: d.deliveredAt,
    createdAt: d.createdAt,
    payload: d.payload,
  }));
  return { items, nextCursor: rows.length > input.limit ? items[items.length - 1]!.id : null };
}
