import { auditEvents } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { webhookEventFor } from "../webhooks/events";
import { activeWebhooks, enqueueWebhookEvent } from "../webhooks/outbox";
import { pendingWrites, type PendingAudit } from "./pending";

export interface AuditActor {
  /** null for the system (scheduled jobs). */
  userId: string | null;
  orgId: string;
  requestId?: string;
  /**
   * The API key through which the change was made (its creator is userId). There is no column for it:
   * the row's request id becomes "apikey:<key id>/<request id>", so the Activity page and a query on
   * request_id can tell API writes apart without a migration.
   */
  apiKeyId?: string;
}

export interface AuditEvent {
  entityType: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Records an audit event; call it inside the transaction of the change it describes. Audit events
 * that are webhook events (server/webhooks/events.ts) are also queued for the organisation's
 * webhooks, in the same transaction (the outbox). Inside withBatchedWrites (./batch.ts) the row is
 * collected and written with the transaction's other audit rows just before it commits.
 */
export async function recordAudit(tx: DbOrTx, actor: AuditActor, event: AuditEvent): Promise<void> {
  const item = { actor, event, at: new Date() };
  const pending = pendingWrites(tx);
  if (pending) pending.audits.push(item);
  else await writeAudits(tx, [item]);
}

/**
 * Writes audit rows in one multi-row insert, in the given order. When some of them are webhook
 * events, the same statement reads the organisations' active webhooks (a data-modifying CTE), so
 * an organisation without webhooks costs no second round trip.
 */
export async function writeAudits(tx: DbOrTx, items: PendingAudit[]): Promise<void> {
  if (!items.length) return;
  const prepared = items.map((i) => ({ ...i, after: redact(i.event.after) }));
  const rows = prepared.map(({ actor, event, after }) => ({
    orgId: actor.orgId,
    actorId: actor.userId,
    entityType: event.entityType,
    entityId: event.entityId,
    action: event.action,
    before: redact(event.before),
    after,
    requestId: actor.apiKeyId ? `apikey:${actor.apiKeyId}/${actor.requestId ?? ""}` : (actor.requestId ?? null),
  }));
  const announced = prepared.filter((i) => webhookEventFor({ ...i.event, after: i.after }));
  if (!announced.length) {
    await tx.insert(auditEvents).values(rows);
    return;
  }
  const inserted = tx.$with("audit_insert").as(tx.insert(auditEvents).values(rows));
  const hooks = await activeWebhooks(tx.with(inserted), [...new Set(announced.map((i) => i.actor.orgId))]);
  for (const i of announced) {
    await enqueueWebhookEvent(tx, i.actor.orgId, { ...i.event, after: i.after }, i.at, hooks.filter((h) => h.orgId === i.actor.orgId));
  }
}

const SECRET_KEYS = new Set(["passwordHash", "tokenHash", "password", "token", "secret"]);

export function redact(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redact);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_KEYS.has(k)) continue;
    out[k] = redact(v);
  }
  return out;
}
