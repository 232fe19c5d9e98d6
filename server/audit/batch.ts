import type { DbOrTx } from "@/db/client";
import { writeNotifications } from "../notifications/service";
import { writeAudits } from "./record";
import { closePending, openPending } from "./pending";

/**
 * Runs `fn` inside a transaction collecting the audit rows (recordAudit) and notifications (notify)
 * made through `tx`, then writes them — still inside the transaction, before it commits — in
 * multi-row statements: a change and its audit trail commit together or not at all, as before, in
 * a few round trips instead of several per row. When `fn` throws nothing is written (the
 * transaction rolls back anyway). Nothing inside `fn` may read back the rows it collected.
 * Nested calls on the same transaction join the outer collection.
 */
export async function withBatchedWrites<T>(tx: DbOrTx, fn: () => Promise<T>): Promise<T> {
  const pending = openPending(tx);
  if (!pending) return fn();
  try {
    const result = await fn();
    closePending(tx);
    await writeNotifications(tx, pending.notifications);
    await writeAudits(tx, pending.audits);
    return result;
  } finally {
    closePending(tx);
  }
}
