import crypto from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import superjson, { type SuperJSONResult } from "superjson";
import type { Database, DbOrTx } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";

/**
 * Idempotency keys (the `Idempotency-Key` header): a retried mutation with the same key runs once.
 *
 * - The key row is inserted in the SAME transaction as the mutation's writes, and completed with the
 *   mutation's response before that transaction commits: a committed key always has its write and its
 *   response; a failed or rolled-back mutation leaves no key (so retrying it runs it again).
 * - A retry with the same key and the same request (procedure + canonical input) gets the stored
 *   response, without running the mutation.
 * - The same key with a different request is refused (UNPROCESSABLE_CONTENT, 422).
 * - Two concurrent calls with one key: the second's insert waits on the unique index until the first
 *   commits (then it replays the first's response) or rolls back (then it runs itself). No duplicate.
 * - Keys live 24 hours: an older row is taken over by a new call, and the scheduled jobs delete them.
 */

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY_RE = /^[A-Za-z0-9._:~-]{1,255}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return KEY_RE.test(key);
}

/**
 * The entries of an Idempotency-Key header: one per call of a tRPC batch, comma-separated, in batch
 * order (an empty entry: that call has no key). A single call (and the REST API) has one entry.
 */
export function parseIdempotencyHeader(value: string | null | undefined): (string | null)[] | undefined {
  if (value == null) return undefined;
  return value.split(",").map((s) => s.trim() || null);
}

/** Object keys sorted, so the same input always hashes the same whatever the property order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  });
}

export function requestHash(procedure: string, input: unknown): string {
  return crypto.createHash("sha256").update(`${procedure}\n${canonicalJson(input)}`).digest("hex");
}

export interface IdempotencyClaim {
  orgId: string;
  /** `user:<id>` or `apikey:<id>`. */
  actor: string;
  key: string;
  procedure: string;
  hash: string;
}

export type Stored = { status: string; procedure: string; requestHash: string; response: unknown };

/**
 * Claims the key inside the caller's transaction. Returns null when this call now owns the key (go on
 * and write), or the row another call committed under the key (replay it, or refuse a different
 * request). On PostgreSQL the insert waits for a concurrent holder of the same key to finish.
 */
export async function claimKey(tx: DbOrTx, c: IdempotencyClaim, now = new Date()): Promise<Stored | null | "vanished"> {
  const expired = new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3600_000);
  const fresh = { procedure: c.procedure, requestHash: c.hash, status: "in_progress", response: null, createdAt: now };
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ orgId: c.orgId, actor: c.actor, key: c.key, ...fresh })
    // An expired key is free again: take its row over.
    .onConflictDoUpdate({
      target: [idempotencyKeys.orgId, idempotencyKeys.actor, idempotencyKeys.key],
      set: fresh,
      setWhere: lt(idempotencyKeys.createdAt, expired),
    })
    .returning({ id: idempotencyKeys.id });
  if (claimed.length) return null;
  const [row] = await tx
    .select({ status: idempotencyKeys.status, procedure: idempotencyKeys.procedure, requestHash: idempotencyKeys.requestHash, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.orgId, c.orgId), eq(idempotencyKeys.actor, c.actor), eq(idempotencyKeys.key, c.key)));
  // Swept between the insert and the select: the caller may try again.
  return row ?? "vanished";
}

/**
 * Stores the response of the call that owns the key (same transaction as its writes). A response that
 * holds a secret shown once is not stored: the key is marked `completed_secret` and a retry is refused.
 */
export async function completeKey(tx: DbOrTx, c: IdempotencyClaim, response: unknown, opts: { secret?: boolean } = {}) {
  await tx
    .update(idempotencyKeys)
    .set(opts.secret ? { status: "completed_secret", response: null } : { status: "completed", response: superjson.serialize(response) as unknown as object })
    .where(and(eq(idempotencyKeys.orgId, c.orgId), eq(idempotencyKeys.actor, c.actor), eq(idempotencyKeys.key, c.key)));
}

export function storedResponse(row: Stored): unknown {
  return superjson.deserialize(row.response as SuperJSONResult);
}

/** Deletes keys older than 24 hours (the scheduled jobs). */
export async function sweepIdempotencyKeys(db: Database, now = new Date()): Promise<{ deleted: number }> {
  const expired = new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3600_000);
  const rows = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, expired)).returning({ one: sql<number>`1` });
  return { deleted: rows.length };
}
