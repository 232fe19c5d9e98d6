import { auditEvents } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { enqueueWebhookEvent } from "../webhooks/outbox";

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
 * webhooks, in the same transaction (the outbox).
 */
export async function recordAudit(tx: DbOrTx, actor: AuditActor, event: AuditEvent): Promise<void> {
  const after = redact(event.after);
  await tx.insert(auditEvents).values({
    orgId: actor.orgId,
    actorId: actor.userId,
    entityType: event.entityType,
    entityId: event.entityId,
    action: event.action,
    before: redact(event.before),
    after,
    requestId: actor.apiKeyId ? `apikey:${actor.apiKeyId}/${actor.requestId ?? ""}` : (actor.requestId ?? null),
  });
  await enqueueWebhookEvent(tx, actor.orgId, { ...event, after });
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
