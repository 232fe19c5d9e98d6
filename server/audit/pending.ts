import type { DbOrTx } from "@/db/client";
import type { AuditActor, AuditEvent } from "./record";

/**
 * Audit rows and notifications a transaction has asked for but not written yet (see
 * withBatchedWrites in ./batch.ts). Keyed by the transaction object: a write made through another
 * transaction (or a savepoint's own tx object) is not collected and goes straight to the database.
 */
export interface PendingAudit {
  actor: AuditActor;
  event: AuditEvent;
  at: Date;
}

export interface PendingNotification {
  orgId: string;
  userIds: string[];
  n: { kind: string; params?: Record<string, string>; link?: string };
}

export interface PendingWrites {
  audits: PendingAudit[];
  notifications: PendingNotification[];
}

const pending = new WeakMap<object, PendingWrites>();

/** The collector of this transaction, when one is open. */
export function pendingWrites(tx: DbOrTx): PendingWrites | undefined {
  return pending.get(tx);
}

export function openPending(tx: DbOrTx): PendingWrites | null {
  if (pending.has(tx)) return null;
  const p: PendingWrites = { audits: [], notifications: [] };
  pending.set(tx, p);
  return p;
}

export function closePending(tx: DbOrTx) {
  pending.delete(tx);
}
