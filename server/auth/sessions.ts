import { and, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { userSessions } from "@/db/schema";
import { SESSION_ABSOLUTE_MAX_AGE_S } from "./config";

/**
 * Server-side sessions: each sign-in gets a row whose id travels in the (encrypted) session token.
 * Signing out revokes the row, so a copied cookie stops working at once; the actor loaders in
 * server/org/actor.ts check it in the same statement as the user and membership.
 */
export async function startSession(db: DbOrTx, userId: string, meta: { userAgent?: string | null; ip?: string | null } = {}) {
  const [row] = await db
    .insert(userSessions)
    .values({ userId, userAgent: meta.userAgent?.slice(0, 300) ?? null, ip: meta.ip?.slice(0, 64) ?? null })
    .returning({ id: userSessions.id });
  return row!.id;
}

/** Revokes one session of this user (a no-op for someone else's or an already revoked one). */
export async function revokeSession(db: DbOrTx, userId: string, sessionId: string, now = new Date()) {
  const rows = await db
    .update(userSessions)
    .set({ revokedAt: now })
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)))
    .returning({ id: userSessions.id });
  return rows.length > 0;
}

export async function revokeAllSessions(db: DbOrTx, userId: string, now = new Date()) {
  await db
    .update(userSessions)
    .set({ revokedAt: now })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
}

/** The user's sessions still within the absolute timeout and not revoked, newest first. */
export async function listSessions(db: DbOrTx, userId: string, currentId: string | undefined, now = new Date()) {
  const since = new Date(now.getTime() - SESSION_ABSOLUTE_MAX_AGE_S * 1000);
  const rows = await db
    .select({ id: userSessions.id, createdAt: userSessions.createdAt, userAgent: userSessions.userAgent, ip: userSessions.ip })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt), gt(userSessions.createdAt, since)))
    .orderBy(desc(userSessions.createdAt))
    .limit(50);
  return rows.map((r) => ({ ...r, current: r.id === currentId }));
}

/** Deletes session rows that can no longer be used (revoked, or past the absolute timeout) for a day. */
export async function sweepSessions(db: DbOrTx, now = new Date()) {
  const cutoff = new Date(now.getTime() - SESSION_ABSOLUTE_MAX_AGE_S * 1000 - 86_400_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const rows = await db
    .delete(userSessions)
    .where(or(lt(userSessions.createdAt, cutoff), lt(userSessions.revokedAt, dayAgo)))
    .returning({ id: userSessions.id });
  return rows.length;
}
