import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKeys, memberships, rateLimitCounters, users } from "@/db/schema";
import { ROLES, type Role } from "../rbac/permissions";
import type { SessionUser } from "../org/actor";
import { hashApiKey, isApiKeyShaped } from "./keys";

/**
 * Who a request authenticated by an API key acts as: the key's organisation, with the key's role
 * capped by its creator's current role, on behalf of the creator (who must still be a member).
 */
export interface ApiKeyClaim {
  id: string;
  orgId: string;
  role: Role;
  /** The key's creator: the user recorded as the actor of what the key does. */
  user: SessionUser;
}

/** The lower (fewer rights) of two roles. */
export function lowerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) >= ROLES.indexOf(b) ? a : b;
}

/**
 * The claim of a key, or null when it is unknown, revoked, expired, or its creator has left the
 * organisation or been disabled. Marks the key used (at most once a minute, so busy keys do not
 * write on every request).
 */
export async function authenticateApiKey(db: DbOrTx, key: string, now = new Date()): Promise<ApiKeyClaim | null> {
  if (!isApiKeyShaped(key)) return null;
  const [row] = await db
    .select({
      id: apiKeys.id,
      orgId: apiKeys.orgId,
      role: apiKeys.role,
      userId: apiKeys.createdById,
      revokedAt: apiKeys.revokedAt,
      expiresAt: apiKeys.expiresAt,
      lastUsedAt: apiKeys.lastUsedAt,
      creatorRole: memberships.role,
      disabledAt: users.disabledAt,
      email: users.email,
      name: users.name,
      locale: users.locale,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdById))
    .innerJoin(memberships, and(eq(memberships.orgId, apiKeys.orgId), eq(memberships.userId, apiKeys.createdById)))
    .where(eq(apiKeys.hash, hashApiKey(key)))
    .limit(1);
  if (!row || !row.userId || row.revokedAt || row.disabledAt) return null;
  if (row.expiresAt && row.expiresAt <= now) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= 60_000) {
    const minuteAgo = new Date(now.getTime() - 60_000);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, minuteAgo))));
  }
  return {
    id: row.id,
    orgId: row.orgId,
    role: lowerRole(row.role, row.creatorRole),
    user: { id: row.userId, email: row.email, name: row.name, locale: row.locale },
  };
}

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetInSeconds: number;
}

/**
 * Counts one request against a fixed window in PostgreSQL (one upsert, so every instance shares the
 * count and parallel requests never lose one). The first request of a window clears the key's old windows.
 */
export async function hitRateLimit(
  db: DbOrTx,
  key: string,
  limit: number,
  now = new Date(),
  windowMs = 60_000,
): Promise<RateLimitResult> {
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowStart = new Date(start);
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitCounters.key, rateLimitCounters.windowStart],
      set: { count: sql`${rateLimitCounters.count} + 1` },
    })
    .returning({ count: rateLimitCounters.count });
  const count = row!.count;
  if (count === 1) {
    await db.delete(rateLimitCounters).where(and(eq(rateLimitCounters.key, key), lt(rateLimitCounters.windowStart, windowStart)));
  }
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetInSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)),
  };
}
