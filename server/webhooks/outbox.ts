import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { keyResults, organizations, webhookDeliveries, webhooks } from "@/db/schema";
import { env } from "../env";
import { ALL_EVENTS, entityPath, webhookEventFor, type AuditLike } from "./events";

/**
 * The outbox: webhook deliveries are rows written in the same transaction as the change they
 * announce (so a rolled-back change announces nothing, and a committed one is never lost); they are
 * sent after the commit (server/webhooks/deliver.ts), by the request that made them and by the
 * scheduled job.
 */

export interface WebhookPayload {
  /** The event's id: the same for every webhook it goes to (receivers can de-duplicate on it). */
  id: string;
  event: string;
  occurredAt: string;
  org: { slug: string };
  data: {
    entityType: string;
    entityId: string;
    action: string;
    title?: string | null;
    after: unknown;
    link: string | null;
  };
}

/**
 * What the current mutation queued for after its commit: webhook deliveries (per org) and email.
 * The organisation procedure builder sends them right after the commit, and only then.
 */
const requestScope = new AsyncLocalStorage<{ orgIds: Set<string>; email: boolean }>();

export function runWithWebhookScope<T>(fn: () => Promise<T>): Promise<{ result: T; orgIds: Set<string>; email: boolean }> {
  const store = { orgIds: new Set<string>(), email: false };
  return requestScope.run(store, async () => {
    const result = await fn();
    return { result, orgIds: store.orgIds, email: store.email };
  });
}

/** Marks that the current mutation queued email (server/notifications/service.ts). */
export function markEmailQueued() {
  const store = requestScope.getStore();
  if (store) store.email = true;
}

/** An absolute link when the app's public URL is known (AUTH_URL), else a path. */
export function absoluteLink(path: string | null): string | null {
  if (!path) return null;
  const base = env().AUTH_URL;
  return base ? new URL(path, base).toString() : path;
}

const titleOf = (after: unknown): string | null => {
  if (!after || typeof after !== "object") return null;
  const a = after as Record<string, unknown>;
  for (const k of ["title", "name"]) if (typeof a[k] === "string") return a[k];
  return null;
};

export type ActiveWebhook = { id: string; orgId: string; events: string[]; slug: string };

/**
 * The active webhooks of these organisations. `qb` is a database, a transaction or a `with(…)`
 * builder (recordAudit reads them in the statement that inserts the audit rows).
 */
export async function activeWebhooks(qb: Pick<DbOrTx, "select">, orgIds: string[]): Promise<ActiveWebhook[]> {
  return qb
    .select({ id: webhooks.id, orgId: webhooks.orgId, events: webhooks.events, slug: organizations.slug })
    .from(webhooks)
    .innerJoin(organizations, eq(organizations.id, webhooks.orgId))
    .where(and(orgIds.length === 1 ? eq(webhooks.orgId, orgIds[0]!) : inArray(webhooks.orgId, orgIds), eq(webhooks.active, true)));
}

/**
 * Called by recordAudit for every audit event (with `after` already redacted). Costs nothing for
 * audit events that are not webhook events, and one indexed query for an organisation without
 * (active) webhooks — none when the caller already read them (`known`: the org's active webhooks).
 */
export async function enqueueWebhookEvent(
  tx: DbOrTx,
  orgId: string,
  e: AuditLike & { entityId: string },
  occurredAt = new Date(),
  known?: ActiveWebhook[],
): Promise<number> {
  const event = webhookEventFor(e);
  if (!event) return 0;
  const hooks = known ?? (await activeWebhooks(tx, [orgId]));
  const targets = hooks.filter((h) => h.events.includes(ALL_EVENTS) || h.events.includes(event));
  if (!targets.length) return 0;
  const slug = targets[0]!.slug;
  let objectiveId: string | null = null;
  if (e.entityType === "keyResult") {
    const [kr] = await tx.select({ objectiveId: keyResults.objectiveId }).from(keyResults).where(eq(keyResults.id, e.entityId)).limit(1);
    objectiveId = kr?.objectiveId ?? null;
  }
  const payload: WebhookPayload = {
    id: crypto.randomUUID(),
    event,
    occurredAt: occurredAt.toISOString(),
    org: { slug },
    data: {
      entityType: e.entityType,
      entityId: e.entityId,
      action: e.action,
      title: titleOf(e.after),
      after: e.after ?? null,
      link: absoluteLink(entityPath(slug, e.entityType, e.entityId, { objectiveId })),
    },
  };
  await tx.insert(webhookDeliveries).values(
    targets.map((h) => ({ orgId, webhookId: h.id, event, payload: payload as unknown as Record<string, unknown>, nextAttemptAt: occurredAt })),
  );
  requestScope.getStore()?.orgIds.add(orgId);
  return targets.length;
}
