import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { conflict, fieldError, notFound } from "../errors";
import type { Actor } from "../org/actor";
import { deliverNow, type AttemptResult } from "./deliver";
import { ALL_EVENTS, PING_EVENT } from "./events";
import type { WebhookPayload } from "./outbox";
import type { ZCreateWebhookInput, ZUpdateWebhookInput } from "./schema";
import { newWebhookSecret } from "./signature";
import { urlProblem } from "./target";
import crypto from "node:crypto";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long a delivery created for an immediate send stays out of the job's reach. */
const HOLD_MS = 60_000;

/** A webhook as shown to admins: never its secret. */
export function publicWebhook(w: typeof webhooks.$inferSelect) {
  const { secret: _secret, ...rest } = w;
  return rest;
}

/**
 * What the audit log keeps of a webhook: not its secret, and of its URL only the origin (a Slack or
 * automation URL is itself a credential, and the activity log is open to managers).
 */
function auditView(w: typeof webhooks.$inferSelect) {
  let origin = "";
  try {
    origin = new URL(w.url).origin;
  } catch {
    origin = "";
  }
  return { id: w.id, origin, description: w.description, events: w.events, format: w.format, active: w.active, version: w.version };
}

function checkUrl(url: string) {
  const problem = urlProblem(url);
  if (problem === "private") throw fieldError("url", "e.webhook.privateTarget");
  if (problem) throw fieldError("url", "v.webhookUrl");
}

/** "*" alone when every event is wanted; otherwise the distinct events, in a stable order. */
const normaliseEvents = (events: string[]) => (events.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(events)].sort());

export async function loadWebhook(tx: DbOrTx, actor: Actor, webhookId: string, opts: { lock?: boolean } = {}) {
  if (!UUID_RE.test(webhookId)) throw notFound("webhook");
  const q = tx
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.orgId, actor.orgId)))
    .limit(1);
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw notFound("webhook");
  return row;
}

/** Registers a webhook. Its signing secret is returned here, and never again (until rotated). */
export async function createWebhook(db: Database, actor: Actor, input: z.infer<typeof ZCreateWebhookInput>) {
  checkUrl(input.url);
  return db.transaction(async (tx) => {
    const secret = newWebhookSecret();
    const [row] = await tx
      .insert(webhooks)
      .values({ orgId: actor.orgId, url: input.url, description: input.description, events: normaliseEvents(input.events), format: input.format, secret, createdById: actor.userId })
      .returning();
    await recordAudit(tx, actor, { entityType: "webhook", entityId: row!.id, action: "create", after: auditView(row!) });
    return { webhook: publicWebhook(row!), secret };
  });
}

export async function updateWebhook(db: Database, actor: Actor, input: z.infer<typeof ZUpdateWebhookInput>) {
  checkUrl(input.url);
  return db.transaction(async (tx) => {
    const before = await loadWebhook(tx, actor, input.webhookId, { lock: true });
    if (before.version !== input.version) throw conflict("webhook");
    const [after] = await tx
      .update(webhooks)
      .set({
        url: input.url,
        description: input.description,
        events: normaliseEvents(input.events),
        format: input.format,
        active: input.active,
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(and(eq(webhooks.id, before.id), eq(webhooks.version, input.version)))
      .returning();
    if (!after) throw conflict("webhook");
    await recordAudit(tx, actor, { entityType: "webhook", entityId: after.id, action: "update", before: auditView(before), after: auditView(after) });
    return publicWebhook(after);
  });
}

/** A new signing secret (the old one stops working at once); returned once. */
export async function rotateSecret(db: Database, actor: Actor, input: { webhookId: string; version: number }) {
  return db.transaction(async (tx) => {
    const before = await loadWebhook(tx, actor, input.webhookId, { lock: true });
    if (before.version !== input.version) throw conflict("webhook");
    const secret = newWebhookSecret();
    const [after] = await tx
      .update(webhooks)
      .set({ secret, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(webhooks.id, before.id), eq(webhooks.version, input.version)))
      .returning();
    if (!after) throw conflict("webhook");
    await recordAudit(tx, actor, { entityType: "webhook", entityId: after.id, action: "rotate_secret" });
    return { webhook: publicWebhook(after), secret };
  });
}

/** Deletes a webhook and its delivery log. */
export async function deleteWebhook(db: Database, actor: Actor, webhookId: string) {
  return db.transaction(async (tx) => {
    const before = await loadWebhook(tx, actor, webhookId, { lock: true });
    await tx.delete(webhooks).where(eq(webhooks.id, before.id));
    await recordAudit(tx, actor, { entityType: "webhook", entityId: before.id, action: "delete", before: auditView(before) });
    return { id: before.id };
  });
}

/** The result of an immediate send (the delivery's state if another sender got to it first). */
async function sendNow(db: Database, deliveryId: string): Promise<AttemptResult> {
  const res = await deliverNow(db, deliveryId);
  if (res) return res;
  const [d] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
  return {
    deliveryId,
    status: d?.status ?? "pending",
    statusCode: d?.lastStatusCode ?? null,
    error: d?.lastError ?? null,
    durationMs: d?.lastDurationMs ?? 0,
    attempts: d?.attempts ?? 0,
    nextAttemptAt: d?.nextAttemptAt ?? null,
  };
}

/** Sends a `ping` event to the webhook now (enabled or not) and returns what happened. */
export async function sendTest(db: Database, actor: Actor, webhookId: string) {
  const now = new Date();
  const delivery = await db.transaction(async (tx) => {
    const hook = await loadWebhook(tx, actor, webhookId);
    const payload: WebhookPayload = {
      id: crypto.randomUUID(),
      event: PING_EVENT,
      occurredAt: now.toISOString(),
      org: { slug: actor.orgSlug },
      data: { entityType: "webhook", entityId: hook.id, action: "test", title: hook.description || null, after: null, link: null },
    };
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({ orgId: actor.orgId, webhookId: hook.id, event: PING_EVENT, payload: payload as unknown as Record<string, unknown>, nextAttemptAt: new Date(now.getTime() + HOLD_MS) })
      .returning();
    await recordAudit(tx, actor, { entityType: "webhook", entityId: hook.id, action: "test", after: { deliveryId: row!.id } });
    return row!;
  });
  return sendNow(db, delivery.id);
}

/** Sends a delivery's event again, as a new delivery (same event id and payload), now. */
export async function redeliver(db: Database, actor: Actor, deliveryId: string) {
  if (!UUID_RE.test(deliveryId)) throw notFound("webhookDelivery");
  const delivery = await db.transaction(async (tx) => {
    const [old] = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.orgId, actor.orgId)))
      .limit(1);
    if (!old) throw notFound("webhookDelivery");
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({ orgId: actor.orgId, webhookId: old.webhookId, event: old.event, payload: old.payload, nextAttemptAt: new Date(Date.now() + HOLD_MS) })
      .returning();
    await recordAudit(tx, actor, { entityType: "webhook", entityId: old.webhookId, action: "redeliver", after: { deliveryId: row!.id, of: old.id, event: old.event } });
    return row!;
  });
  return sendNow(db, delivery.id);
}
